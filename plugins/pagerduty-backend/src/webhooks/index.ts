export { createWebhooks } from './createWebhooks';
export type { WebhookDeps } from './createWebhooks';
export { WEBHOOKS_PATH } from './createWebhookRouter';
