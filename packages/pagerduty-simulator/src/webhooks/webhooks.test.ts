import http from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PagerDutySimulator, startPagerDutySimulator } from '../simulator';
import { SEED } from '../state/seed';
import { client } from '../testing/client';
import { signatureHeader, verifySignature } from './signing';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver whose answers are scripted (default 200). */
async function receiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(script.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    script,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

const hmac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('hex');

describe('signing', () => {
  it('produces v1=<hex HMAC-SHA256> per secret, comma-separated', () => {
    const body = '{"event":{"id":"1"}}';
    expect(signatureHeader(['s1'], body)).toBe(`v1=${hmac('s1', body)}`);
    expect(signatureHeader(['s1', 's2'], body)).toBe(
      `v1=${hmac('s1', body)},v1=${hmac('s2', body)}`,
    );
    expect(
      verifySignature(signatureHeader(['old', 'new'], body), 'new', body),
    ).toBe(true);
    expect(verifySignature(signatureHeader(['old'], body), 'new', body)).toBe(
      false,
    );
    expect(
      verifySignature(signatureHeader(['new'], body), 'new', `${body} `),
    ).toBe(false);
  });
});

describe('Webhooks v3 delivery', () => {
  let sim: PagerDutySimulator;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let api: ReturnType<typeof client>;

  beforeEach(async () => {
    hook = await receiver();
    sim = await startPagerDutySimulator({
      port: 0,
      rateLimits: false,
      webhookSubscriptions: [{ url: hook.url, secret: 'sekret' }],
      webhookDelivery: { maxAttempts: 3, backoffMs: 20 },
    });
    api = client(sim.url);
  });
  afterEach(async () => {
    await sim.stop();
    await hook.close();
  });

  it('signs every delivery; the signature checks out with node:crypto', async () => {
    await api.put(
      '/incidents/PCHKI01',
      { incident: { type: 'incident', status: 'acknowledged' } },
      { from: 'alice@example.com' },
    );
    await sim.waitForWebhooks();
    expect(hook.received).toHaveLength(1);
    const [d] = hook.received;
    expect(d.headers['x-pagerduty-signature']).toBe(
      `v1=${hmac('sekret', d.body)}`,
    );
    expect(d.headers['content-type']).toMatch(/^application\/json/);
    expect(d.headers['x-webhook-subscription']).toBe('PWHSIM1');
    expect(d.headers['x-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    const { event } = JSON.parse(d.body);
    expect(event).toMatchObject({
      event_type: 'incident.acknowledged',
      resource_type: 'incident',
      agent: { id: 'PALICE1', type: 'user_reference' },
      data: {
        id: 'PCHKI01',
        type: 'incident',
        status: 'acknowledged',
        number: expect.any(Number),
      },
    });
    expect(Date.parse(event.occurred_at)).not.toBeNaN();
    expect(sim.stats().webhooksSent).toBe(1);
  });

  it('sends one webhook per state change, in order', async () => {
    await api.post('/v2/enqueue', {
      routing_key: SEED.integrationKeys.payments,
      event_action: 'trigger',
      dedup_key: 'w1',
      client: 'Grafana',
      payload: { summary: 'x', source: 'y', severity: 'error' },
    });
    const [inc] = (await api.get('/incidents?incident_key=w1')).json.incidents;
    await api.post(
      `/incidents/${inc.id}/notes`,
      { note: { content: 'looking' } },
      { from: 'bob@example.com' },
    );
    await api.put(
      `/incidents/${inc.id}`,
      {
        incident: {
          type: 'incident',
          priority: { id: 'PPRIO02', type: 'priority_reference' },
        },
      },
      { from: 'bob@example.com' },
    );
    await api.put(
      `/incidents/${inc.id}`,
      {
        incident: {
          type: 'incident',
          assignments: [
            { assignee: { id: 'PERINE1', type: 'user_reference' } },
          ],
        },
      },
      { from: 'bob@example.com' },
    );
    await api.post('/v2/enqueue', {
      routing_key: SEED.integrationKeys.payments,
      event_action: 'resolve',
      dedup_key: 'w1',
    });
    await sim.waitForWebhooks();
    const events = hook.received.map(r => JSON.parse(r.body).event);
    expect(events.map(e => e.event_type)).toEqual([
      'incident.triggered',
      'incident.annotated',
      'incident.priority_updated',
      'incident.reassigned',
      'incident.resolved',
    ]);
    expect(events[0].client).toEqual({ name: 'Grafana' });
    expect(events[0].agent).toMatchObject({
      type: 'service_reference',
      id: 'PPAYMNT',
    });
    expect(events[1].data).toMatchObject({
      type: 'incident_note',
      content: 'looking',
      incident: { id: inc.id },
    });
    expect(events[2].data.priority).toMatchObject({
      id: 'PPRIO02',
      summary: 'P2',
    });
    expect(events[3].data.assignees.map((a: any) => a.id)).toEqual(['PERINE1']);
    expect(
      new Set(hook.received.map(r => r.headers['x-webhook-id'])).size,
    ).toBe(5);
  });

  it('retries on 5xx/429 with the same X-Webhook-Id, and drops on other 4xx', async () => {
    hook.script.push(500, 429);
    await api.put(
      '/incidents/PCHKI01',
      { incident: { type: 'incident', status: 'acknowledged' } },
      { from: 'alice@example.com' },
    );
    await sim.waitForWebhooks();
    expect(hook.received).toHaveLength(3);
    expect(
      new Set(hook.received.map(r => r.headers['x-webhook-id'])).size,
    ).toBe(1);
    expect(sim.stats()).toMatchObject({ webhooksSent: 1, webhookFailures: 2 });

    hook.received.length = 0;
    hook.script.push(410);
    await api.put(
      '/incidents/PCHKI01',
      { incident: { type: 'incident', status: 'resolved' } },
      { from: 'alice@example.com' },
    );
    await sim.waitForWebhooks();
    expect(hook.received).toHaveLength(1);
    expect(sim.stats()).toMatchObject({ webhooksSent: 1, webhookFailures: 3 });
  });

  it('gives up after maxAttempts on a dead endpoint', async () => {
    const dead = await receiver();
    await dead.close();
    sim.state.webhookSubscriptions.get('PWHSIM1')!.url = dead.url;
    await api.put(
      '/incidents/PCHKI01',
      { incident: { type: 'incident', status: 'acknowledged' } },
      { from: 'alice@example.com' },
    );
    await sim.waitForWebhooks();
    expect(sim.stats()).toMatchObject({ webhooksSent: 0, webhookFailures: 3 });
  });

  it('signs with every secret while a secret rotates', async () => {
    await api.post('/_simulator/webhook_subscriptions/PWHSIM1/rotate_secret', {
      secret: 'next',
    });
    await api.put(
      '/incidents/PCHKI01',
      { incident: { type: 'incident', status: 'acknowledged' } },
      { from: 'alice@example.com' },
    );
    await sim.waitForWebhooks();
    const d = hook.received[0];
    expect(d.headers['x-pagerduty-signature']).toBe(
      `v1=${hmac('sekret', d.body)},v1=${hmac('next', d.body)}`,
    );
  });

  it('sends service.created/updated/deleted to subscriptions that list them, and only to those', async () => {
    const other = await receiver();
    try {
      await api.post('/webhook_subscriptions', {
        webhook_subscription: {
          type: 'webhook_subscription',
          delivery_method: { type: 'http_delivery_method', url: other.url },
          events: ['service.created', 'service.updated', 'service.deleted'],
          filter: { type: 'account_reference' },
        },
      });
      const created = await api.post('/services', {
        service: {
          type: 'service',
          name: 'Ledger',
          escalation_policy: {
            id: 'PEPPAY1',
            type: 'escalation_policy_reference',
          },
        },
      });
      expect(created.status).toBe(201);
      const id = created.json.service.id;
      const renamed = await api.put(`/services/${id}`, {
        service: { type: 'service', name: 'Ledger API' },
      });
      expect(renamed.status).toBe(200);
      expect(renamed.json.service.name).toBe('Ledger API');
      // Nothing changed: no event.
      await api.put(`/services/${id}`, {
        service: { type: 'service', name: 'Ledger API' },
      });
      expect((await api.del(`/services/${id}`)).status).toBe(204);
      expect((await api.get(`/services/${id}`)).status).toBe(404);
      await sim.waitForWebhooks();
      const events = other.received.map(r => JSON.parse(r.body).event);
      expect(events.map(e => [e.event_type, e.resource_type])).toEqual([
        ['service.created', 'service'],
        ['service.updated', 'service'],
        ['service.deleted', 'service'],
      ]);
      expect(events[1].data).toEqual({
        id,
        type: 'service',
        self: expect.stringContaining(`/services/${id}`),
        html_url: expect.stringContaining(id),
        summary: 'Ledger API',
        alert_creation: 'create_alerts_and_incidents',
        teams: [expect.objectContaining({ type: 'team_reference' })],
      });
      // The configured subscription lists no events: incidents only.
      expect(hook.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('creates subscriptions through REST: secret returned once, filters and event types honoured', async () => {
    const other = await receiver();
    try {
      const r = await api.post('/webhook_subscriptions', {
        webhook_subscription: {
          type: 'webhook_subscription',
          delivery_method: { type: 'http_delivery_method', url: other.url },
          events: ['incident.resolved'],
          filter: { type: 'service_reference', id: 'PSEARCH' },
        },
      });
      expect(r.status).toBe(200);
      const secret = r.json.webhook_subscription.delivery_method.secret;
      expect(secret).toMatch(/^\S{32,}$/);
      const list = (await api.get('/webhook_subscriptions')).json
        .webhook_subscriptions;
      expect(list.map((w: any) => w.delivery_method.secret)).toEqual([
        null,
        null,
      ]);
      await api.put(
        '/incidents/PCHKI01',
        { incident: { type: 'incident', status: 'resolved' } },
        { from: 'alice@example.com' },
      );
      await api.put(
        '/incidents/PSRCHI1',
        { incident: { type: 'incident', status: 'acknowledged' } },
        { from: 'alice@example.com' },
      );
      await api.put(
        '/incidents/PSRCHI1',
        { incident: { type: 'incident', status: 'resolved' } },
        { from: 'alice@example.com' },
      );
      await sim.waitForWebhooks();
      expect(other.received).toHaveLength(1);
      const { event } = JSON.parse(other.received[0].body);
      expect(event).toMatchObject({
        event_type: 'incident.resolved',
        data: { id: 'PSRCHI1' },
      });
      expect(
        verifySignature(
          String(other.received[0].headers['x-pagerduty-signature']),
          secret,
          other.received[0].body,
        ),
      ).toBe(true);
      expect(hook.received).toHaveLength(3);
    } finally {
      await other.close();
    }
  });
});
