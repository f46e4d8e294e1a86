/**
 * The PagerDuty API client as a Backstage backend service.
 *
 * @packageDocumentation
 */
export * from './config/accounts';
export * from './http/errors';
export * from './http/retry';
export type { Cached } from './cache/ResourceCache';
export { PagerDutyAccountClient } from './client/PagerDutyAccountClient';
export * from './client/schemas';
export * from './service/PagerDutyClientService';
