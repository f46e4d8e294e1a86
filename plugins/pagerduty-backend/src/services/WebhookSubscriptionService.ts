import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { isHttpUrl } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyApiError,
  PagerDutyClientService,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { z } from 'zod';

/** Events the receiver acts on; what a subscription asks for unless told otherwise. */
export const DEFAULT_WEBHOOK_EVENTS = [
  'incident.acknowledged',
  'incident.annotated',
  'incident.delegated',
  'incident.escalated',
  'incident.priority_updated',
  'incident.reassigned',
  'incident.reopened',
  'incident.resolved',
  'incident.triggered',
  'incident.unacknowledged',
  'service.created',
  'service.updated',
  'service.deleted',
];

/** Body of `POST /webhook-subscriptions`. */
export const webhookSubscriptionRequestSchema = z
  .object({
    /** Account id; the default account when omitted. */
    account: z.string().min(1).max(63).optional(),
    /** Where PagerDuty sends the webhooks: this backend's `/api/pagerduty/webhooks`. */
    url: z
      .string({ error: 'url is required: an absolute http(s) URL' })
      .max(2048)
      .refine(isHttpUrl, 'url must be an absolute http(s) URL'),
    /** One subscription per service; one account-wide subscription when omitted or empty. */
    serviceIds: z
      .array(
        z
          .string()
          .regex(
            /^[A-Z0-9]{1,20}$/,
            'must be a PagerDuty service id (upper-case letters and digits, e.g. PABC123)',
          ),
      )
      .max(100)
      .optional(),
    events: z.array(z.string().min(1).max(128)).min(1).max(100).optional(),
    description: z.string().max(255).optional(),
  })
  .strict();

/** @see webhookSubscriptionRequestSchema */
export type WebhookSubscriptionRequest = z.infer<
  typeof webhookSubscriptionRequestSchema
>;

/** One created subscription: the secret is shown once, PagerDuty does not show it again. */
export interface CreatedWebhookSubscription {
  id: string;
  filter: { type: string; id?: string };
  secret: string | null;
}

/**
 * Creates PagerDuty webhook subscriptions (`POST /webhook_subscriptions`) that deliver to this
 * backend, with the shared client (same credentials, budget, retries and OAuth tokens as the
 * card), and says where the generated secrets go.
 */
export class WebhookSubscriptionService {
  constructor(
    private readonly deps: {
      config: Config;
      logger: LoggerService;
      pagerDuty: PagerDutyClientService;
    },
  ) {}

  async create(
    request: WebhookSubscriptionRequest,
    requestedBy: string,
  ): Promise<{
    account: string;
    subscriptions: CreatedWebhookSubscription[];
    note: string;
  }> {
    const client = this.deps.pagerDuty.forAccount(request.account);
    const { id: accountId, isDefault } = client.account;
    // Every service must exist before anything is created: a half-created set would leave
    // secrets shown to nobody.
    const unknown: string[] = [];
    for (const serviceId of request.serviceIds ?? []) {
      try {
        await client.getService(serviceId);
      } catch (error) {
        if (error instanceof PagerDutyApiError && error.kind === 'not-found') {
          unknown.push(serviceId);
        } else throw error;
      }
    }
    if (unknown.length) {
      throw new InputError(
        `Invalid webhook subscription request: PagerDuty account ${accountId} has no service ${unknown.join(
          ', ',
        )}; expected ids of existing services`,
      );
    }
    const created: CreatedWebhookSubscription[] = [];
    for (const serviceId of request.serviceIds?.length
      ? request.serviceIds
      : [undefined]) {
      try {
        const subscription = await client.createWebhookSubscription({
          url: request.url,
          events: request.events ?? DEFAULT_WEBHOOK_EVENTS,
          description:
            request.description ?? 'Backstage PagerDuty plugin (live card)',
          serviceId,
        });
        created.push({
          ...subscription,
          filter: serviceId
            ? { type: 'service_reference', id: serviceId }
            : { type: 'account_reference' },
        });
      } catch (error) {
        // PagerDuty refusing what the caller asked for (an unknown service id, an event type
        // it does not know) is the caller's to fix: a 400 that names it.
        if (
          error instanceof PagerDutyApiError &&
          (error.kind === 'invalid-request' || error.kind === 'not-found')
        ) {
          throw new InputError(
            `PagerDuty refused the subscription${
              serviceId ? ` for service ${serviceId}` : ''
            }: ${[error.message, ...error.details].join('; ')}${
              created.length
                ? ` (already created: ${created.map(c => c.id).join(', ')})`
                : ''
            }`,
          );
        }
        throw error;
      }
    }
    this.deps.logger.info(
      `Created PagerDuty webhook subscriptions ${created
        .map(c => c.id)
        .join(', ')} for account ${accountId} to ${
        request.url
      } (requested by ${requestedBy})`,
    );
    return {
      account: accountId,
      subscriptions: created,
      note: `PagerDuty shows these secrets only now: add them to ${
        isDefault && !this.deps.config.has('pagerDuty.accounts')
          ? 'pagerDuty.webhooks.secrets'
          : `pagerDuty.accounts[id=${accountId}].webhooks.secrets`
      } and restart the backend.`,
    };
  }
}
