import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  PagerDutySlaConfig,
  PagerDutySlaTarget,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyConfigurationError } from '@backstage-pagerduty/plugin-pagerduty-node';

const URGENCIES = ['high', 'low'] as const;
const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** `pagerDuty.sla`, read: targets in minutes, and the severity → urgency mapping. */
export interface SlaSettings {
  /** Undefined when no target is configured (no SLA timers nor shares). */
  targets?: PagerDutySlaConfig;
  /** Urgency of an incident triggered with a severity (default critical/error high, else low). */
  severityUrgency: Record<(typeof SEVERITIES)[number], 'high' | 'low'>;
}

function readTarget(c: Config, where: string): PagerDutySlaTarget {
  const minutes = (key: string) => {
    if (!c.has(key)) return undefined;
    let ms: number;
    try {
      ms = durationToMilliseconds(readDurationFromConfig(c, { key }));
    } catch (error) {
      throw new PagerDutyConfigurationError(
        `${where}.${key} is not a duration (${
          (error as Error).message
        }); expected e.g. '15m', { minutes: 15 } or 'PT15M'`,
      );
    }
    if (!(ms > 0))
      throw new PagerDutyConfigurationError(
        `${where}.${key} must be a positive duration`,
      );
    return ms / 60_000;
  };
  const target: PagerDutySlaTarget = {};
  const ack = minutes('acknowledge');
  const resolve = minutes('resolve');
  if (ack !== undefined) target.acknowledgeMinutes = ack;
  if (resolve !== undefined) target.resolveMinutes = resolve;
  return target;
}

/** Reads `pagerDuty.sla`; a wrong key names itself and what was expected. */
export function readSlaConfig(root: Config): SlaSettings {
  const where = 'pagerDuty.sla';
  const c = root.getOptionalConfig(where);
  const severityUrgency: SlaSettings['severityUrgency'] = {
    critical: 'high',
    error: 'high',
    warning: 'low',
    info: 'low',
  };
  if (!c) return { severityUrgency };
  const mapping = c.getOptionalConfig('severityUrgency');
  for (const key of mapping?.keys() ?? []) {
    if (!(SEVERITIES as readonly string[]).includes(key))
      throw new PagerDutyConfigurationError(
        `${where}.severityUrgency.${key} is not a severity; expected one of ${SEVERITIES.join(
          ', ',
        )}`,
      );
    const value = mapping!.getString(key);
    if (value !== 'high' && value !== 'low')
      throw new PagerDutyConfigurationError(
        `${where}.severityUrgency.${key} is "${value}"; expected "high" or "low"`,
      );
    severityUrgency[key as (typeof SEVERITIES)[number]] = value;
  }
  const targets: PagerDutySlaConfig = { urgency: {}, priority: {} };
  const urgency = c.getOptionalConfig('urgency');
  for (const key of urgency?.keys() ?? []) {
    if (!(URGENCIES as readonly string[]).includes(key))
      throw new PagerDutyConfigurationError(
        `${where}.urgency.${key} is not an urgency; expected "high" or "low"`,
      );
    targets.urgency[key as 'high' | 'low'] = readTarget(
      urgency!.getConfig(key),
      `${where}.urgency.${key}`,
    );
  }
  const priority = c.getOptionalConfig('priority');
  for (const key of priority?.keys() ?? []) {
    targets.priority[key] = readTarget(
      priority!.getConfig(key),
      `${where}.priority.${key}`,
    );
  }
  const any =
    Object.keys(targets.urgency).length + Object.keys(targets.priority).length;
  return { targets: any ? targets : undefined, severityUrgency };
}
