import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  PagerDutyAccountConfig,
  readPagerDutyAccounts,
} from '@backstage-pagerduty/plugin-pagerduty-node';
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

async function authorizationHeader(
  account: PagerDutyAccountConfig,
): Promise<string> {
  if (account.auth.type === 'api-token') {
    return `Token token=${account.auth.token}`;
  }
  const { auth } = account;
  const response = await fetch(auth.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
      scope: `as_account-${auth.region}.${auth.subDomain}`,
    }),
  });
  if (!response.ok) {
    throw new Error(
      `PagerDuty's identity service answered ${response.status} to the token request`,
    );
  }
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error('No access_token in the answer');
  return `Bearer ${body.access_token}`;
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
}): express.Router {
  const { config, httpAuth, logger } = options;
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
      const accounts = readPagerDutyAccounts(config);
      const account = body.account
        ? accounts.find(a => a.id === body.account)
        : accounts.find(a => a.isDefault);
      if (!account) {
        throw new NotFoundError(
          body.account
            ? `PagerDuty account "${body.account}" is not configured`
            : 'PagerDuty is not configured',
        );
      }

      const filters = body.serviceIds?.length
        ? body.serviceIds.map(id => ({ type: 'service_reference', id }))
        : [{ type: 'account_reference' }];
      const authorization = await authorizationHeader(account);
      const created: CreatedWebhookSubscription[] = [];
      for (const filter of filters) {
        const response = await fetch(
          `${account.apiBaseUrl}/webhook_subscriptions`,
          {
            method: 'POST',
            headers: {
              Accept: 'application/vnd.pagerduty+json;version=2',
              'Content-Type': 'application/json',
              Authorization: authorization,
            },
            body: JSON.stringify({
              webhook_subscription: {
                type: 'webhook_subscription',
                description:
                  body.description ?? 'Backstage PagerDuty plugin (live card)',
                delivery_method: {
                  type: 'http_delivery_method',
                  url: body.url,
                },
                events: body.events ?? DEFAULT_WEBHOOK_EVENTS,
                filter,
              },
            }),
          },
        );
        const answer = (await response.json().catch(() => ({}))) as {
          webhook_subscription?: {
            id: string;
            delivery_method?: { secret?: string | null };
          };
          error?: { message?: string };
        };
        if (!response.ok || !answer.webhook_subscription) {
          throw new InputError(
            `PagerDuty refused the webhook subscription (${filter.type}${
              'id' in filter ? ` ${filter.id}` : ''
            }): ${response.status} ${answer.error?.message ?? ''}`.trim(),
          );
        }
        created.push({
          id: answer.webhook_subscription.id,
          filter,
          secret: answer.webhook_subscription.delivery_method?.secret ?? null,
        });
      }
      logger.info(
        `Created PagerDuty webhook subscriptions ${created
          .map(c => c.id)
          .join(', ')} for account ${account.id} to ${body.url} (requested by ${
          credentials.principal.subject
        })`,
      );
      res.status(201).json({
        account: account.id,
        subscriptions: created,
        note: `PagerDuty shows these secrets only now: add them to ${
          account.isDefault && !config.has('pagerDuty.accounts')
            ? 'pagerDuty.webhooks.secrets'
            : `pagerDuty.accounts[id=${account.id}].webhooks.secrets`
        } and restart the backend.`,
      });
    },
  );
  return router;
}
