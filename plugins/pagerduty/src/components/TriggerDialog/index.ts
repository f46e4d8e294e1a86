export { TriggerDialog, validateTriggerForm } from './TriggerDialog';
