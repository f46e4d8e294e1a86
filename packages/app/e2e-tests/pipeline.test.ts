import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { BACKEND, SIMULATOR, SIM_AUTH, guestToken, shot } from './demo';

/** The shell block of the README that follows `<!-- pipeline-example -->`. */
function readmePipelineExample(): string {
  const readme = fs.readFileSync(
    path.resolve(__dirname, '../../../README.md'),
    'utf8',
  );
  const match = readme.match(
    /<!-- pipeline-example -->\s*```sh\n([\s\S]*?)```/,
  );
  if (!match) throw new Error('README has no pipeline example block');
  return match[1];
}

test("the README's pipeline example triggers, acknowledges and resolves by dedup key, and the card shows its change event", async ({
  page,
}) => {
  const run = `e2e${Date.now().toString(36)}`;
  const output = execFileSync(
    'bash',
    ['-euo', 'pipefail', '-c', readmePipelineExample()],
    {
      env: { ...process.env, RUN: run, BACKSTAGE: BACKEND },
      encoding: 'utf8',
    },
  );
  // Four answers, each 202 "queued".
  expect(output.match(/"status":\s*"queued"/g)).toHaveLength(4);

  const dedupKey = `checkout-api-deploy-${run}`;
  await expect
    .poll(
      async () => {
        const res = await fetch(
          `${SIMULATOR}/incidents?date_range=all&limit=100&sort_by=created_at:desc`,
          { headers: SIM_AUTH },
        );
        const incidents = (await res.json()).incidents as Array<{
          incident_key: string;
          status: string;
        }>;
        return incidents.find(i => i.incident_key === dedupKey)?.status;
      },
      { timeout: 30_000 },
    )
    .toBe('resolved');

  await page.goto('/catalog/default/component/checkout-api');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 5_000 }).catch(() => false)) {
    await enter.click();
  }
  const card = page.locator('.MuiCard-root').filter({
    has: page.getByRole('heading', { name: 'PagerDuty', exact: true }),
  });
  await card.getByRole('tab', { name: /change events/i }).click();
  await expect(
    card.getByText(`Rolled back checkout-api after deploy ${run}`),
  ).toBeVisible({ timeout: 30_000 });
  await shot(page, 'pipeline-change-event-on-card');
});

test('the actions are listed, get-oncall names who is on call, and MCP tools/list includes them', async () => {
  const token = await guestToken();
  const list = await fetch(
    `${BACKEND}/api/pagerduty/.backstage/actions/v1/actions`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  expect(list.status).toBe(200);
  const ids = ((await list.json()).actions as Array<{ id: string }>).map(
    a => a.id,
  );
  expect(ids).toEqual(
    expect.arrayContaining([
      'pagerduty:get-oncall',
      'pagerduty:trigger-incident',
      'pagerduty:send-change-event',
    ]),
  );

  const oncall = await fetch(
    `${BACKEND}/api/pagerduty/.backstage/actions/v1/actions/pagerduty:get-oncall/invoke`,
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ entityRef: 'component:default/checkout-api' }),
    },
  );
  expect(oncall.status).toBe(200);
  const entries = (await oncall.json()).output.oncall as Array<{
    name: string;
    level: number;
  }>;
  expect(entries.map(e => e.name)).toContain('Heidi Hill');

  const mcp = await fetch(`${BACKEND}/api/mcp-actions/v1`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer demo-mcp-token-0123456789',
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  expect(mcp.status).toBe(200);
  const text = await mcp.text();
  for (const tool of ['get-oncall', 'trigger-incident', 'send-change-event']) {
    expect(text).toContain(tool);
  }
});
