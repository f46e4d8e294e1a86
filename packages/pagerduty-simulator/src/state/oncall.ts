import { DateTime } from 'luxon';
import {
  EscalationPolicyRecord,
  RestrictionRecord,
  ScheduleLayerRecord,
  ScheduleRecord,
} from './model';

const DAY = 86_400_000;
/** Shifts are computed this far around the queried range (PagerDuty limits on-calls to 90 days ahead). */
export const SHIFT_HORIZON_MS = 90 * DAY;

/** A contiguous on-call period of one user on a schedule. Times in epoch ms. */
export interface Shift {
  userId: string;
  start: number;
  end: number;
}

/** One computed on-call entry (GET /oncalls). start/end are null for direct user targets. */
export interface OncallEntry {
  escalationPolicyId: string;
  escalationLevel: number;
  scheduleId: string | null;
  userId: string;
  start: number | null;
  end: number | null;
}

function parseTimeOfDay(s: string): {
  hour: number;
  minute: number;
  second: number;
} {
  const [h, m, sec] = s.split(':').map(x => Number(x));
  return { hour: h || 0, minute: m || 0, second: sec || 0 };
}

const windowCache = new Map<string, Array<[number, number]>>();
const WINDOW_CACHE_SIZE = 64;

/** Restriction windows [start, end) of a layer that intersect [from, to]. */
export function restrictionWindows(
  restrictions: RestrictionRecord[],
  timeZone: string,
  from: number,
  to: number,
): Array<[number, number]> {
  // Windows are computed for whole days (memoized: the range only moves with the clock).
  const firstDay = DateTime.fromMillis(from - 8 * DAY, {
    zone: timeZone,
  }).startOf('day');
  const lastDay = DateTime.fromMillis(to, { zone: timeZone }).startOf('day');
  const key = `${timeZone}|${firstDay.toMillis()}|${lastDay.toMillis()}|${JSON.stringify(
    restrictions,
  )}`;
  let all = windowCache.get(key);
  if (!all) {
    all = [];
    for (const r of restrictions) {
      const tod = parseTimeOfDay(r.startTimeOfDay);
      for (let day = firstDay; day <= lastDay; day = day.plus({ days: 1 })) {
        if (
          r.type === 'daily_restriction' ||
          day.weekday === r.startDayOfWeek
        ) {
          const ws = day.set(tod).toMillis();
          all.push([ws, ws + r.durationSeconds * 1000]);
        }
      }
    }
    all.sort((a, b) => a[0] - b[0]);
    if (windowCache.size >= WINDOW_CACHE_SIZE) {
      windowCache.delete(windowCache.keys().next().value as string);
    }
    windowCache.set(key, all);
  }
  return all.filter(([ws, we]) => we > from && ws <= to);
}

/** True when t is inside one of the sorted windows. */
function inWindows(
  windows: Array<[number, number]>,
  maxDuration: number,
  t: number,
): boolean {
  let lo = 0;
  let hi = windows.length - 1;
  let idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (windows[mid][0] <= t) {
      idx = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = idx; i >= 0 && t - windows[i][0] < maxDuration; i--) {
    if (t < windows[i][1]) return true;
  }
  return false;
}

interface PreparedLayer {
  layer: ScheduleLayerRecord;
  start: number;
  end: number;
  vstart: number;
  turn: number;
  windows: Array<[number, number]> | null;
  maxWindow: number;
}

function layerUserAt(p: PreparedLayer, t: number): string | null {
  if (t < p.start || t >= p.end || p.layer.userIds.length === 0) return null;
  if (p.windows && !inWindows(p.windows, p.maxWindow, t)) return null;
  const n = p.layer.userIds.length;
  const k = Math.floor((t - p.vstart) / p.turn);
  return p.layer.userIds[((k % n) + n) % n];
}

/**
 * Computes the final schedule (overrides over layers, later layers over earlier ones) and
 * returns the shifts that overlap [from, to] (or contain `from` when from === to).
 * Shift boundaries are exact within SHIFT_HORIZON_MS of the range and clamped beyond it.
 */
export function computeShifts(
  schedule: ScheduleRecord,
  from: number,
  to: number,
  horizonMs: number = SHIFT_HORIZON_MS,
): Shift[] {
  const wFrom = from - horizonMs;
  const wTo = to + horizonMs;
  const points = new Set<number>([wFrom, wTo]);
  const add = (p: number) => {
    if (p > wFrom && p < wTo) points.add(p);
  };
  const prepared: PreparedLayer[] = schedule.layers.map(layer => {
    const p: PreparedLayer = {
      layer,
      start: Date.parse(layer.start),
      end: layer.end ? Date.parse(layer.end) : Infinity,
      vstart: Date.parse(layer.rotationVirtualStart),
      turn: Math.max(1, layer.rotationTurnLengthSeconds) * 1000,
      windows: null,
      maxWindow: Math.max(
        0,
        ...layer.restrictions.map(r => r.durationSeconds * 1000),
      ),
    };
    add(p.start);
    add(p.end);
    const k0 = Math.ceil((wFrom - p.vstart) / p.turn);
    const k1 = Math.floor((wTo - p.vstart) / p.turn);
    for (let k = k0; k <= k1; k++) add(p.vstart + k * p.turn);
    if (layer.restrictions.length > 0) {
      p.windows = restrictionWindows(
        layer.restrictions,
        schedule.timeZone,
        wFrom,
        wTo,
      );
      for (const [s, e] of p.windows) {
        add(s);
        add(e);
      }
    }
    return p;
  });
  const overrides = schedule.overrides.map(o => ({
    userId: o.userId,
    start: Date.parse(o.start),
    end: Date.parse(o.end),
  }));
  for (const o of overrides) {
    add(o.start);
    add(o.end);
  }
  const userAt = (t: number): string | null => {
    for (let i = overrides.length - 1; i >= 0; i--) {
      if (overrides[i].start <= t && t < overrides[i].end)
        return overrides[i].userId;
    }
    for (let i = prepared.length - 1; i >= 0; i--) {
      const u = layerUserAt(prepared[i], t);
      if (u) return u;
    }
    return null;
  };
  const sorted = [...points].sort((a, b) => a - b);
  const merged: Shift[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i];
    const b = sorted[i + 1];
    const user = userAt(a);
    const last = merged[merged.length - 1];
    if (user && last && last.userId === user && last.end === a) {
      last.end = b;
    } else if (user) {
      merged.push({ userId: user, start: a, end: b });
    }
  }
  return merged.filter(s =>
    from === to
      ? s.start <= from && from < s.end
      : s.start < to && s.end > from,
  );
}

/** The user on call on a schedule at time t, or null (gap). */
export function onCallUserAt(
  schedule: ScheduleRecord,
  t: number,
): string | null {
  // Only the user matters here, not the shift boundaries: a short horizon is enough.
  return computeShifts(schedule, t, t, 2 * DAY)[0]?.userId ?? null;
}

/** On-call entries of one escalation policy over [from, to]. */
export function escalationPolicyOncalls(
  policy: EscalationPolicyRecord,
  schedules: Map<string, ScheduleRecord>,
  from: number,
  to: number,
  shiftCache: Map<string, Shift[]> = new Map(),
): OncallEntry[] {
  const out: OncallEntry[] = [];
  policy.rules.forEach((rule, index) => {
    for (const target of rule.targets) {
      if (target.type === 'user') {
        out.push({
          escalationPolicyId: policy.id,
          escalationLevel: index + 1,
          scheduleId: null,
          userId: target.id,
          start: null,
          end: null,
        });
        continue;
      }
      const schedule = schedules.get(target.id);
      if (!schedule) continue;
      let shifts = shiftCache.get(schedule.id);
      if (!shifts) {
        shifts = computeShifts(schedule, from, to);
        shiftCache.set(schedule.id, shifts);
      }
      for (const s of shifts) {
        out.push({
          escalationPolicyId: policy.id,
          escalationLevel: index + 1,
          scheduleId: schedule.id,
          userId: s.userId,
          start: s.start,
          end: s.end,
        });
      }
    }
  });
  return out;
}

/** Users on call at time t at a level (1-based) of a policy, de-duplicated, in target order. */
export function usersOnCallAtLevel(
  policy: EscalationPolicyRecord,
  level: number,
  schedules: Map<string, ScheduleRecord>,
  t: number,
): string[] {
  const rule = policy.rules[level - 1];
  if (!rule) return [];
  const users: string[] = [];
  for (const target of rule.targets) {
    const u =
      target.type === 'user'
        ? target.id
        : schedules.get(target.id) &&
          onCallUserAt(schedules.get(target.id)!, t);
    if (u && !users.includes(u)) users.push(u);
  }
  return users;
}
