import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { WebhookConfig } from '../config/readBackendConfig';
import { WebhookStore } from '../database/WebhookStore';
import { PagerDutyRouteError } from '../errors/PagerDutyRouteError';
import { matchSignature } from './signature';
import {
  PagerDutyWebhookEvent,
  WebhookEventHandler,
} from './WebhookEventHandler';
import { WebhookHealth } from './WebhookHealth';

/** What the receiver answers PagerDuty (202). */
export interface WebhookReceipt {
  status: 'accepted' | 'duplicate';
  webhookId: string;
}

function parseEvent(raw: Buffer): PagerDutyWebhookEvent {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new PagerDutyRouteError(
      400,
      'PAGERDUTY_MALFORMED_JSON',
      `The webhook body is not valid JSON: ${(error as Error).message}`,
      { name: 'InputError' },
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
 * Receives a Webhooks v3 delivery (the signature is the authentication):
 *
 * 1. `X-PagerDuty-Signature` is checked over the raw bytes against every configured secret
 *    (→ 401, nothing processed); the secret that matches names the account;
 * 2. the body must be JSON with an `event` (→ 400);
 * 3. the delivery's ids are claimed in the database: its `X-Webhook-Id` and the signed
 *    `event.id`. When either was seen before (a retry, or the same signed body replayed under a
 *    new header), it is a `duplicate` and is not processed again, on any replica;
 * 4. the event is handed to the handler, which works after the answer was sent.
 */
export class WebhookReceiver {
  private readonly secrets: string[];

  constructor(
    private readonly deps: {
      config: WebhookConfig;
      logger: LoggerService;
      store: WebhookStore;
      handler: WebhookEventHandler;
      health: WebhookHealth;
      now?: () => number;
    },
  ) {
    this.secrets = deps.config.secrets.map(s => s.secret);
  }

  get maxBodyBytes(): number {
    return this.deps.config.maxBodyBytes;
  }

  async receive(
    raw: Buffer,
    headers: { signature?: string; webhookId?: string },
  ): Promise<{ receipt: WebhookReceipt; process: () => void }> {
    const { config, logger, store, handler, health } = this.deps;
    if (this.secrets.length === 0) {
      throw new PagerDutyRouteError(
        503,
        'PAGERDUTY_WEBHOOKS_NOT_CONFIGURED',
        'PagerDuty webhooks are not configured in this Backstage: set pagerDuty.webhooks.secrets (or pagerDuty.accounts[].webhooks.secrets)',
        { name: 'ServiceUnavailableError' },
      );
    }
    if (!headers.signature) {
      throw new AuthenticationError(
        'Missing X-PagerDuty-Signature header; PagerDuty webhooks must be signed',
      );
    }
    const index = matchSignature(headers.signature, raw, this.secrets);
    if (index === undefined) {
      throw new AuthenticationError(
        'Invalid X-PagerDuty-Signature: no v1 signature matches the body with a configured secret',
      );
    }
    const { account } = config.secrets[index];
    const event = parseEvent(raw);
    const receivedAt = (this.deps.now ?? Date.now)();
    health.record(account, receivedAt);

    const eventId =
      typeof event.id === 'string' && event.id
        ? `event:${event.id}`.slice(0, 255)
        : undefined;
    const headerId = headers.webhookId?.slice(0, 255) || undefined;
    const webhookId =
      headerId ??
      (eventId ? event.id!.slice(0, 255) : undefined) ??
      createHash('sha256').update(raw).digest('hex');
    const ids = [
      ...(headerId ? [headerId] : []),
      ...(eventId ? [eventId] : []),
    ];
    let first: boolean;
    try {
      first = await store.claim({
        webhookIds: ids.length ? ids : [webhookId],
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
    return {
      receipt: { status: first ? 'accepted' : 'duplicate', webhookId },
      process: () => {
        if (first) handler.enqueue(account, event);
      },
    };
  }
}
