import { invalidInput } from '../server/errors';
import { parsePage, paginate } from '../server/pagination';
import { arrayParam, boolParam, dateParam } from '../server/query';
import { Request, Response, Router } from '../server/router';
import { OncallEntry, Shift, escalationPolicyOncalls } from '../state/oncall';
import { includes, ok } from './common';

const MAX_RANGE_MS = 90 * 86_400_000;

function listOncalls(req: Request): Response {
  const { state, serializer } = req.sim;
  const page = parsePage(req.query);
  const include = includes(req, ['escalation_policies', 'users', 'schedules']);
  const tz = req.query.get('time_zone') ?? undefined;
  const userIds = arrayParam(req.query, 'user_ids');
  const policyIds = arrayParam(req.query, 'escalation_policy_ids');
  const scheduleIds = arrayParam(req.query, 'schedule_ids');
  const earliest = boolParam(req.query, 'earliest') ?? false;
  const now = state.nowMs();
  const since = dateParam(req.query, 'since') ?? now;
  const until = dateParam(req.query, 'until') ?? Math.max(now, since);
  if (until < since)
    throw invalidInput('The until time cannot be before the since time');
  if (until - since > MAX_RANGE_MS)
    throw invalidInput('The time range cannot exceed 90 days');

  const cache = new Map<string, Shift[]>();
  let entries: OncallEntry[] = [];
  for (const policy of state.escalationPolicies.values()) {
    if (policyIds.length && !policyIds.includes(policy.id)) continue;
    entries.push(
      ...escalationPolicyOncalls(policy, state.schedules, since, until, cache),
    );
  }
  entries = entries.filter(e => {
    if (userIds.length && !userIds.includes(e.userId)) return false;
    if (
      scheduleIds.length &&
      (e.scheduleId === null || !scheduleIds.includes(e.scheduleId))
    )
      return false;
    return true;
  });
  if (earliest) {
    const seen = new Map<string, OncallEntry>();
    for (const e of entries) {
      const k = `${e.escalationPolicyId}|${e.escalationLevel}|${e.userId}`;
      const prev = seen.get(k);
      if (!prev || (e.start ?? -Infinity) < (prev.start ?? -Infinity))
        seen.set(k, e);
    }
    entries = entries.filter(
      e =>
        seen.get(`${e.escalationPolicyId}|${e.escalationLevel}|${e.userId}`) ===
        e,
    );
  }
  return ok(
    paginate('oncalls', entries, page, e => serializer.oncall(e, include, tz)),
  );
}

export function registerOncallRoutes(r: Router): void {
  r.add('rest', 'GET', '/oncalls', listOncalls);
}
