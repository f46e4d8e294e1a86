import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { toRouteError } from '../errors/toRouteError';
import {
  WebhookSubscriptionService,
  webhookSubscriptionRequestSchema,
} from '../services/WebhookSubscriptionService';
import { WebhookReceiver } from '../webhooks/WebhookReceiver';
import { jsonBody, parseBody } from './validation';

/** Path of the receiver under the plugin's base URL (`/api/pagerduty`). */
export const WEBHOOKS_PATH = '/webhooks';

/** Path of the set-up route (authenticated: service principals only). */
export const WEBHOOK_SUBSCRIPTIONS_PATH = '/webhook-subscriptions';

export interface WebhookRoutesOptions {
  httpAuth: HttpAuthService;
  receiver: WebhookReceiver;
  subscriptions: WebhookSubscriptionService;
}

/**
 * The Webhooks v3 receiver, `POST /webhooks`, and the subscription set-up route.
 *
 * The receiver is reachable without a Backstage token (the plugin sets an auth policy for this
 * path only): the signature is the authentication, checked by {@link WebhookReceiver} over the
 * raw body (at most 256 KB, else 413). It answers 202 at once and the event is handled after.
 */
export function webhookRoutes(options: WebhookRoutesOptions): express.Router {
  const { httpAuth, receiver, subscriptions } = options;
  const router = Router();
  const raw = express.raw({
    // Raw bytes whatever the Content-Type (even none): the signature covers them exactly.
    type: () => true,
    limit: receiver.maxBodyBytes,
  });

  router.post(
    WEBHOOKS_PATH,
    (req, res, next) =>
      raw(req, res, error =>
        next(error ? toRouteError(error, { body: 'webhook body' }) : undefined),
      ),
    async (req, res) => {
      const body: Buffer = Buffer.isBuffer(req.body)
        ? req.body
        : Buffer.alloc(0);
      const { receipt, process } = await receiver.receive(body, {
        signature: req.get('x-pagerduty-signature'),
        webhookId: req.get('x-webhook-id'),
      });
      res.status(202).json(receipt);
      // Processed after answering: PagerDuty wants a 2xx within 5 s.
      process();
    },
  );

  router.post(
    WEBHOOK_SUBSCRIPTIONS_PATH,
    jsonBody({ limit: 32 * 1024 }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const request = parseBody(
        webhookSubscriptionRequestSchema,
        req.body,
        'webhook subscription request',
      );
      res
        .status(201)
        .json(
          await subscriptions.create(request, credentials.principal.subject),
        );
    },
  );

  return router;
}
