export { OnCallNow } from './OnCallNow';
export { summarizeOnCall } from './onCallSummary';
export type { OnCallSummary } from './onCallSummary';
