#!/usr/bin/env node
/*
 * Checks a running demo (`npm start`) the way a newcomer would look at it: waits for the
 * backend to be ready, asks the PagerDuty route for checkout-api's incidents with a guest token
 * (they must come from the simulator), then opens the entity page in Debian's Chromium and waits
 * for the PagerDuty card to show an incident. Prints the times; exits 1 past the deadline.
 *
 *   yarn demo:check            (after `npm start`, in another terminal)
 */
/* eslint-disable no-console */
'use strict';

const { chromium } = require('@playwright/test');

const BACKEND = 'http://localhost:7007';
const APP = 'http://localhost:3000';
const DEADLINE_MS = Number(process.env.DEMO_CHECK_DEADLINE_MS ?? 600_000);
const CARD_BUDGET_MS = 60_000;
const started = Date.now();
const since = t => `${((Date.now() - t) / 1000).toFixed(1)} s`;

async function poll(what, probe) {
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not up yet
    }
    if (Date.now() - started > DEADLINE_MS)
      throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

async function main() {
  await poll(
    'the backend',
    async () => (await fetch(`${BACKEND}/.backstage/health/v1/readiness`)).ok,
  );
  const ready = Date.now();
  console.log(`backend ready after ${since(started)} of waiting`);

  const incidents = await poll('incidents from the simulator', async () => {
    const session = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    }).then(r => r.json());
    const res = await fetch(
      `${BACKEND}/api/pagerduty/entities/component/default/checkout-api/incidents`,
      {
        headers: { Authorization: `Bearer ${session.backstageIdentity.token}` },
      },
    );
    const body = await res.json();
    return res.ok && body.incidents.length > 0 && body.incidents;
  });
  console.log(
    `curl: ${incidents.length} open incidents of checkout-api (${incidents
      .map(i => i.id)
      .join(', ')}), ${since(ready)} after the backend was ready`,
  );

  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await poll('the app', async () => (await fetch(APP)).ok);
    await page.goto(`${APP}/catalog/default/component/checkout-api`);
    const enter = page.getByRole('button', { name: 'Enter' });
    const title = page.getByText(incidents[0].title).first();
    await title.or(enter).waitFor({ timeout: DEADLINE_MS });
    if (await enter.isVisible()) {
      await enter.click();
      await title.waitFor({ timeout: DEADLINE_MS });
    }
    const cardAfterReady = Date.now() - ready;
    console.log(
      `browser: the card shows "${incidents[0].title}" ${since(
        ready,
      )} after the backend was ready (${since(
        started,
      )} after this check started)`,
    );
    if (cardAfterReady > CARD_BUDGET_MS) {
      console.error(`slower than ${CARD_BUDGET_MS / 1000} s`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error.message);
  process.exit(1);
});
