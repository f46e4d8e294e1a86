export { RecordDeployButton, RecordDeployDialog } from './RecordDeployDialog';
