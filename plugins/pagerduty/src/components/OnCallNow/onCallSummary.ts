import {
  PagerDutyEscalationPolicyOnCall,
  PagerDutyOnCallEntry,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { isUpcoming, orderLevels } from '../OnCallSection/OnCallSection';

/** The answer to "who do I call" for one escalation policy. */
export interface OnCallSummary {
  /** The people paged right now and their level (level 1 unless level 1 has a gap). */
  responders: PagerDutyOnCallEntry[];
  respondersLevel?: number;
  /** Level 1 has nobody right now: the responders are at a later level. */
  level1Gap: boolean;
  /** Minutes before an unacknowledged incident leaves the responders' level. */
  escalationDelayInMinutes?: number;
  /** Who is paged after that delay, and their level. */
  next: PagerDutyOnCallEntry[];
  nextLevel?: number;
  /** Who comes on at level 1 when it has a gap right now. */
  upcomingAtLevel1: PagerDutyOnCallEntry[];
}

/** Reduces a policy's levels to who is paged now, after how long it escalates, and to whom. */
export function summarizeOnCall(
  policy: PagerDutyEscalationPolicyOnCall,
  now: number = Date.now(),
): OnCallSummary {
  const levels = orderLevels(policy.levels).map(level => ({
    ...level,
    current: level.oncalls.filter(entry => !isUpcoming(entry, now)),
  }));
  const first = levels[0];
  const respondingIndex = levels.findIndex(level => level.current.length > 0);
  const responding = respondingIndex >= 0 ? levels[respondingIndex] : undefined;
  const nextLevel = levels
    .slice(respondingIndex + 1)
    .find(level => level.current.length > 0);
  return {
    responders: responding?.current ?? [],
    respondersLevel: responding?.level,
    level1Gap: Boolean(first) && first!.current.length === 0,
    escalationDelayInMinutes: responding?.escalationDelayInMinutes,
    next: respondingIndex >= 0 ? nextLevel?.current ?? [] : [],
    nextLevel: respondingIndex >= 0 ? nextLevel?.level : undefined,
    upcomingAtLevel1:
      first && first.current.length === 0
        ? first.oncalls.filter(entry => isUpcoming(entry, now))
        : [],
  };
}
