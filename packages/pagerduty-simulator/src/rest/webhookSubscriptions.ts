import { randomBytes } from 'node:crypto';
import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { parsePage, paginate } from '../server/pagination';
import { Request, Response, Router } from '../server/router';
import { WebhookSubscriptionRecord } from '../state/model';
import { jsonBody, ok } from './common';

const FILTER_TYPES = [
  'account_reference',
  'service_reference',
  'team_reference',
];

/** A new signing secret, like PagerDuty's (64 url-safe characters). */
export function newWebhookSecret(): string {
  return randomBytes(48)
    .toString('base64')
    .replace(/\+/g, 'A')
    .replace(/\//g, 'B');
}

function listSubscriptions(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const filterType = req.query.get('filter_type');
  const filterId = req.query.get('filter_id');
  if (
    filterType !== null &&
    !['account', 'service', 'team'].includes(filterType)
  ) {
    throw invalidInput('filter_type must be account, service or team');
  }
  const list = [...state.webhookSubscriptions.values()].filter(
    w =>
      (filterType === null || w.filter.type === `${filterType}_reference`) &&
      (filterId === null || w.filter.id === filterId),
  );
  return ok(
    paginate('webhook_subscriptions', list, page, w =>
      serializer.webhookSubscription(w, false),
    ),
  );
}

function createSubscription(req: Request): Response {
  const { state, serializer } = req.sim;
  const body = jsonBody(req);
  const w = body.webhook_subscription;
  if (!w || typeof w !== 'object')
    throw invalidInput('webhook_subscription is required');
  if (w.type !== undefined && w.type !== 'webhook_subscription') {
    throw invalidInput(
      'webhook_subscription.type must be "webhook_subscription"',
    );
  }
  const dm = w.delivery_method;
  if (!dm || dm.type !== 'http_delivery_method') {
    throw invalidInput('delivery_method.type must be "http_delivery_method"');
  }
  let url: URL;
  try {
    url = new URL(String(dm.url));
  } catch {
    throw invalidInput('delivery_method.url must be a valid URL');
  }
  if (!['http:', 'https:'].includes(url.protocol))
    throw invalidInput('delivery_method.url must be http(s)');
  if (
    !Array.isArray(w.events) ||
    w.events.some((e: unknown) => typeof e !== 'string')
  ) {
    throw invalidInput('events must be an array of event types');
  }
  const filter = w.filter ?? { type: 'account_reference' };
  if (!FILTER_TYPES.includes(filter.type))
    throw invalidInput(`filter.type must be one of ${FILTER_TYPES.join(', ')}`);
  if (filter.type === 'service_reference' && !state.services.has(filter.id)) {
    throw invalidInput('filter.id must be an existing service');
  }
  if (filter.type === 'team_reference' && !state.teams.has(filter.id)) {
    throw invalidInput('filter.id must be an existing team');
  }
  const headers = Array.isArray(dm.custom_headers) ? dm.custom_headers : [];
  const record: WebhookSubscriptionRecord = {
    id: state.rng.pdId(),
    url: url.toString(),
    secrets: [newWebhookSecret()],
    events: w.events,
    description: typeof w.description === 'string' ? w.description : '',
    filter:
      filter.type === 'account_reference'
        ? { type: 'account_reference' }
        : { type: filter.type, id: filter.id },
    active: w.active !== false,
    customHeaders: headers
      .filter((h: any) => h && typeof h.name === 'string')
      .map((h: any) => ({ name: h.name, value: String(h.value ?? '') })),
  };
  state.webhookSubscriptions.set(record.id, record);
  // The secret is returned once, in the creation response, as PagerDuty does.
  return ok({
    webhook_subscription: serializer.webhookSubscription(record, true),
  });
}

function getSubscription(req: Request): Response {
  const { state, serializer } = req.sim;
  const w = state.webhookSubscriptions.get(req.params.id);
  if (!w) throw notFound(ErrorCodes.resourceNotFound, 'Webhook Not Found');
  return ok({ webhook_subscription: serializer.webhookSubscription(w, false) });
}

function deleteSubscription(req: Request): Response {
  const { state } = req.sim;
  if (!state.webhookSubscriptions.delete(req.params.id)) {
    throw notFound(ErrorCodes.resourceNotFound, 'Webhook Not Found');
  }
  return { status: 204 };
}

export function registerWebhookSubscriptionRoutes(r: Router): void {
  r.add('rest', 'GET', '/webhook_subscriptions', listSubscriptions);
  r.add('rest', 'POST', '/webhook_subscriptions', createSubscription);
  r.add('rest', 'GET', '/webhook_subscriptions/{id}', getSubscription);
  r.add('rest', 'DELETE', '/webhook_subscriptions/{id}', deleteSubscription);
}
