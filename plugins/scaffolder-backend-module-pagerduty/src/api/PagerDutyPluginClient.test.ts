import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PagerDutyPluginClient } from './PagerDutyPluginClient';

/** A stand-in for the PagerDuty backend plugin that records what it receives. */
async function fakePlugin(
  answer: (req: http.IncomingMessage) => {
    status: number;
    body: unknown;
  },
) {
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
    body: string;
  }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body,
      });
      const a = answer(req);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    seen,
    baseUrl: `http://127.0.0.1:${port}/api/pagerduty`,
    close: () => new Promise(r => server.close(r)),
  };
}

describe('PagerDutyPluginClient', () => {
  it("calls the plugin's entity route with a token on behalf of the initiator", async () => {
    const plugin = await fakePlugin(() => ({
      status: 202,
      body: { id: 't1', dedupKey: 'k', status: 'queued' },
    }));
    try {
      const client = new PagerDutyPluginClient(
        {
          getBaseUrl: async () => plugin.baseUrl,
          getExternalBaseUrl: async () => plugin.baseUrl,
        },
        mockServices.auth(),
      );
      const answer = await client.triggerIncident(
        'Component:default/checkout-api',
        { summary: 'down', severity: 'critical' },
        mockCredentials.user('user:default/alice'),
      );
      expect(answer).toMatchObject({ id: 't1', dedupKey: 'k' });
      expect(plugin.seen).toEqual([
        {
          method: 'POST',
          url: '/api/pagerduty/entities/component/default/checkout-api/incidents',
          authorization: mockCredentials.service.header({
            onBehalfOf: mockCredentials.user('user:default/alice'),
            targetPluginId: 'pagerduty',
          }),
          body: JSON.stringify({ summary: 'down', severity: 'critical' }),
        },
      ]);
    } finally {
      await plugin.close();
    }
  });

  it("fails with the plugin's error message (e.g. a permission denial)", async () => {
    const plugin = await fakePlugin(() => ({
      status: 403,
      body: {
        error: {
          name: 'NotAllowedError',
          message:
            'You are not allowed to trigger PagerDuty incidents for component:default/checkout-api',
        },
        response: { statusCode: 403 },
      },
    }));
    try {
      const client = new PagerDutyPluginClient(
        {
          getBaseUrl: async () => plugin.baseUrl,
          getExternalBaseUrl: async () => plugin.baseUrl,
        },
        mockServices.auth(),
      );
      await expect(
        client.sendChangeEvent(
          'component:default/checkout-api',
          { summary: 'Deployed v2' },
          mockCredentials.user('user:default/readonly'),
        ),
      ).rejects.toThrow(
        /not allowed to trigger PagerDuty incidents for component:default\/checkout-api/,
      );
      expect(plugin.seen[0].url).toBe(
        '/api/pagerduty/entities/component/default/checkout-api/change-events',
      );
    } finally {
      await plugin.close();
    }
  });
});
