import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { toRouteError } from '../errors/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';

/** Path of the set-up route (authenticated: service principals only). */
export const WEBHOOK_SUBSCRIPTIONS_PATH = '/webhook-subscriptions';

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
  'service.updated',
  'service.deleted',
];

const requestSchema = z
  .object({
    /** Account id; the default account when omitted. */
    account: z.string().min(1).optional(),
    /** Where PagerDuty sends the webhooks: this backend's `/api/pagerduty/webhooks`. */
    url: z.string().url(),
    /** One subscription per service; one account-wide subscription when omitted or empty. */
    serviceIds: z
      .array(z.string().regex(/^[A-Z0-9]{1,20}$/))
      .max(100)
      .optional(),
    events: z.array(z.string().min(1)).min(1).optional(),
    description: z.string().max(255).optional(),
  })
  .strict();

/** What the route answers: the secrets are shown once, PagerDuty does not show them again. */
export interface CreatedWebhookSubscription {
  id: string;
  filter: { type: string; id?: string };
  secret: string | null;
}

/**
 * Creates PagerDuty webhook subscriptions (`POST /webhook_subscriptions`) that deliver to this
 * backend, and answers the generated secrets once. Only service principals may call it (e.g.
 * an administrator with a static external-access token); see the README.
 */
export function createWebhookSubscriptionRouter(options: {
  config: Config;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  pagerDuty: PagerDutyClientService;
}): express.Router {
  const { config, httpAuth, logger, pagerDuty } = options;
  const router = Router();
  router.post(
    WEBHOOK_SUBSCRIPTIONS_PATH,
    express.json({ limit: '32kb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const parsed = requestSchema.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(
          `Invalid request: ${issue.path.join('.') || 'body'}: ${
            issue.message
          }`,
        );
      }
      const body = parsed.data;
      const created: CreatedWebhookSubscription[] = [];
      let accountId: string;
      let isDefault: boolean;
      try {
        // The shared client: same credentials, budget, retries and OAuth tokens as the card.
        const client = pagerDuty.forAccount(body.account);
        accountId = client.account.id;
        isDefault = client.account.isDefault;
        for (const serviceId of body.serviceIds?.length
          ? body.serviceIds
          : [undefined]) {
          const subscription = await client.createWebhookSubscription({
            url: body.url,
            events: body.events ?? DEFAULT_WEBHOOK_EVENTS,
            description:
              body.description ?? 'Backstage PagerDuty plugin (live card)',
            serviceId,
          });
          created.push({
            ...subscription,
            filter: serviceId
              ? { type: 'service_reference', id: serviceId }
              : { type: 'account_reference' },
          });
        }
      } catch (error) {
        throw toRouteError(error);
      }
      logger.info(
        `Created PagerDuty webhook subscriptions ${created
          .map(c => c.id)
          .join(', ')} for account ${accountId} to ${body.url} (requested by ${
          credentials.principal.subject
        })`,
      );
      res.status(201).json({
        account: accountId,
        subscriptions: created,
        note: `PagerDuty shows these secrets only now: add them to ${
          isDefault && !config.has('pagerDuty.accounts')
            ? 'pagerDuty.webhooks.secrets'
            : `pagerDuty.accounts[id=${accountId}].webhooks.secrets`
        } and restart the backend.`,
      });
    },
  );
  return router;
}
