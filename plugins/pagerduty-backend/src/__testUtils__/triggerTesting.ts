/*
 * Test and benchmark helpers for the trigger outbox (not part of the plugin's API).
 */
import { PagerDutySimulator } from '@backstage-pagerduty/pagerduty-simulator';
import { Knex } from 'knex';
import { ALICE, simAccount, startBackend } from './backend';

export { waitFor } from './backend';

/** A backend with the PagerDuty plugin on the given database, talking to the simulator. */
export async function startTriggerBackend(options: {
  sim: PagerDutySimulator;
  knex: Knex;
  triggers?: Record<string, number>;
}) {
  const handle = await startBackend({
    knex: options.knex,
    pagerDuty: simAccount(options.sim, {
      client: { maxRetries: 0, timeoutMs: 5000 },
      triggers: {
        backoffInitialMs: 100,
        backoffMaxMs: 500,
        pollIntervalMs: 250,
        ...options.triggers,
      },
    }),
  });
  const trigger = async (entity: string, summary: string) => {
    const res = await handle.post(
      `/entities/component/default/${entity}/incidents`,
      { summary, severity: 'error' },
      ALICE,
    );
    if (res.status !== 202) {
      throw new Error(`trigger answered ${res.status}: ${res.text}`);
    }
    return res.body as { id: string; dedupKey: string };
  };
  return { backend: handle.backend, trigger };
}

/** Outbox rows per status. */
export async function outboxCounts(knex: Knex) {
  const rows: Array<{ status: string; n: string | number }> = await knex(
    'pagerduty_trigger_outbox',
  )
    .select('status')
    .count({ n: '*' })
    .groupBy('status');
  return Object.fromEntries(rows.map(r => [r.status, Number(r.n)])) as Record<
    string,
    number
  >;
}

/** For each dedup key, how many incidents the simulator has and how many alerts they got. */
export function arrivals(sim: PagerDutySimulator, dedupKeys: string[]) {
  const byKey = new Map<string, { incidents: number; alerts: number }>();
  for (const key of dedupKeys) byKey.set(key, { incidents: 0, alerts: 0 });
  for (const incident of sim.state.incidents.values()) {
    const entry = byKey.get(incident.incidentKey);
    if (entry) {
      entry.incidents += 1;
      entry.alerts += incident.alertCount;
    }
  }
  return byKey;
}

/** Keys that did not arrive exactly once (one incident, one alert). */
export function notExactlyOnce(sim: PagerDutySimulator, dedupKeys: string[]) {
  return [...arrivals(sim, dedupKeys).entries()]
    .filter(([, a]) => a.incidents !== 1 || a.alerts !== 1)
    .map(([key, a]) => `${key}: ${a.incidents} incidents, ${a.alerts} alerts`);
}

/** Most requests seen in any sliding window of `windowMs`, for sorted timestamps. */
export function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
