export { TriggerButton } from './TriggerButton';
