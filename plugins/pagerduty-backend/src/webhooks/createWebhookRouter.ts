import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { WebhookConfig } from './config';
import { PayloadTooLargeError } from './errors';
import { matchSignature } from './signature';
import {
  WebhookEventHandler,
  PagerDutyWebhookEvent,
} from './WebhookEventHandler';
import { WebhookHealth } from './WebhookHealth';
import { WebhookStore } from './WebhookStore';

/** Path of the receiver under the plugin's base URL (`/api/pagerduty`). */
export const WEBHOOKS_PATH = '/webhooks';

export interface WebhookRouterOptions {
  config: WebhookConfig;
  logger: LoggerService;
  store: WebhookStore;
  handler: WebhookEventHandler;
  health: WebhookHealth;
  now?: () => number;
}

function parseEvent(raw: Buffer): PagerDutyWebhookEvent {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `The webhook body is not valid JSON: ${(error as Error).message}`,
    );
  }
  const event = (body as { event?: unknown } | null)?.event;
  if (
    !event ||
    typeof event !== 'object' ||
    typeof (event as PagerDutyWebhookEvent).event_type !== 'string'
  ) {
    throw new InputError(
      'The webhook body is not a PagerDuty Webhooks v3 payload: expected {"event": {"event_type": …}}',
    );
  }
  return event as PagerDutyWebhookEvent;
}

/**
 * The Webhooks v3 receiver, `POST /webhooks`. It is reachable without a Backstage token (the
 * plugin sets an auth policy for this path only); the signature is the authentication:
 *
 * 1. the raw body is read (at most 256 KB → else 413);
 * 2. `X-PagerDuty-Signature` is checked over those bytes against every configured secret
 *    (→ 401, nothing processed); the secret that matches names the account;
 * 3. the body must be JSON with an `event` (→ 400);
 * 4. `X-Webhook-Id` is claimed in the database: a retried or duplicated delivery answers 202
 *    `duplicate` and is not processed again, on any replica;
 * 5. the answer (202) is sent, then the event is handled in the background.
 */
export function createWebhookRouter(
  options: WebhookRouterOptions,
): express.Router {
  const { config, logger, store, handler, health } = options;
  const now = options.now ?? Date.now;
  const router = Router();
  const secrets = config.secrets.map(s => s.secret);

  router.post(
    WEBHOOKS_PATH,
    // Raw bytes whatever the Content-Type (even none): the signature covers them exactly.
    express.raw({ type: () => true, limit: config.maxBodyBytes }),
    async (req, res) => {
      if (secrets.length === 0) {
        throw new ServiceUnavailableError(
          'PagerDuty webhooks are not configured in this Backstage: set pagerDuty.webhooks.secrets (or pagerDuty.accounts[].webhooks.secrets)',
        );
      }
      const raw: Buffer = Buffer.isBuffer(req.body)
        ? req.body
        : Buffer.alloc(0);
      const header = req.get('x-pagerduty-signature');
      if (!header) {
        throw new AuthenticationError(
          'Missing X-PagerDuty-Signature header; PagerDuty webhooks must be signed',
        );
      }
      const index = matchSignature(header, raw, secrets);
      if (index === undefined) {
        throw new AuthenticationError(
          'Invalid X-PagerDuty-Signature: no v1 signature matches the body with a configured secret',
        );
      }
      const { account } = config.secrets[index];
      const event = parseEvent(raw);
      const receivedAt = now();
      health.record(account, receivedAt);

      const webhookId = (
        req.get('x-webhook-id') ||
        (typeof event.id === 'string' && event.id) ||
        createHash('sha256').update(raw).digest('hex')
      ).slice(0, 255);
      let first: boolean;
      try {
        first = await store.claim({
          webhookId,
          account,
          eventType: event.event_type,
          receivedAt,
          expiresAt: receivedAt + config.dedupRetentionHours * 3_600_000,
        });
      } catch (error) {
        logger.error(
          `Could not record PagerDuty webhook ${webhookId}`,
          error as Error,
        );
        // PagerDuty retries on 5xx: the webhook is not lost.
        throw new ServiceUnavailableError(
          'The webhook could not be recorded; retry later',
        );
      }
      if (!first) {
        res.status(202).json({ status: 'duplicate', webhookId });
        return;
      }
      res.status(202).json({ status: 'accepted', webhookId });
      // Processed after answering: PagerDuty wants a 2xx within 5 s.
      handler.enqueue(account, event);
    },
  );

  // Body-parser failures as Backstage errors with a clear message.
  router.use(
    (
      error: Error & { type?: string },
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `The webhook body is larger than ${Math.round(
              config.maxBodyBytes / 1024,
            )} KB`,
          ),
        );
        return;
      }
      next(error);
    },
  );

  return router;
}
