/**
 * The PagerDuty API client as a Backstage backend service.
 *
 * @packageDocumentation
 */
export * from './config/accounts';
export { PagerDutyApiError, isRetryable } from './http/errors';
export type { PagerDutyFailureKind } from './http/errors';
export * from './http/retry';
export type { Cached } from './cache/ResourceCache';
export { PagerDutyAccountClient } from './client/PagerDutyAccountClient';
export {
  pdChangeEventSchema,
  pdIncidentSchema,
  pdNoteSchema,
  pdOnCallSchema,
  pdServiceSchema,
  pdUserSchema,
} from './client/schemas';
export type {
  PdChangeEvent,
  PdEvent,
  PdIncident,
  PdNote,
  PdOnCall,
  PdService,
  PdUser,
} from './client/schemas';
export * from './service/PagerDutyClientService';
