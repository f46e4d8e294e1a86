/**
 * A faithful local PagerDuty (REST API v2, Events API v2, Webhooks v3) with fault injection,
 * for the demo, tests and benchmarks.
 *
 * @packageDocumentation
 */

export { DEMO_TOKEN } from './types';
export type {
  FaultMode,
  FaultRule,
  FaultSpec,
  OAuthClientOption,
  PagerDutySimulatorOptions,
  SimulatorStats,
  WebhookDeliveryOptions,
  WebhookSubscriptionOption,
} from './types';
export { startPagerDutySimulator, DEFAULT_PORT } from './simulator';
export type { PagerDutySimulator } from './simulator';
export { SEED, SEED_EPOCH } from './state/seed';
export { SimulatorState, StateError } from './state/store';
export type {
  DomainEvent,
  CreateIncidentInput,
  ServiceDomainEvent,
  ServiceEventType,
} from './state/store';
export type * from './state/model';
export { signatureHeader, verifySignature } from './webhooks/signing';
export { main as runSimulatorCli } from './cli';
