import {
  PagerDutyIncident,
  PagerDutySlaConfig,
  incidentSla,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  PagerDutyAccountClient,
  PdIncident,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toIncident } from './mappers';

/**
 * Open incidents with their deadlines: the SLA target's, and the next escalation from the
 * escalation policy's rule delays, counted from the incident's last status change (when it was
 * triggered, re-triggered or reassigned, which restarts PagerDuty's escalation timer).
 */
export async function withSla(
  incidents: PdIncident[],
  sla: PagerDutySlaConfig | undefined,
  /** The account's client: its escalation policies are cached once for the card and the SLA. */
  policies: Pick<PagerDutyAccountClient, 'getEscalationPolicy'>,
  nowMs: number,
): Promise<PagerDutyIncident[]> {
  const policyIds = [
    ...new Set(
      incidents
        .filter(i => i.status === 'triggered' && i.escalation_policy)
        .map(i => i.escalation_policy!.id),
    ),
  ];
  const delays = new Map<string, number[]>();
  await Promise.all(
    policyIds.map(id =>
      policies.getEscalationPolicy(id).then(
        cached =>
          delays.set(
            id,
            (cached.value.escalation_rules ?? []).map(
              r => r.escalation_delay_in_minutes ?? 0,
            ),
          ),
        // No escalation countdown without the policy; the rest of the card is unaffected.
        () => undefined,
      ),
    ),
  );
  return incidents.map(pd => {
    const incident = toIncident(pd);
    const deadlines = incidentSla(
      {
        status: pd.status,
        urgency: pd.urgency,
        priorityName: incident.priority?.name,
        createdAt: pd.created_at,
        levelSince: pd.last_status_change_at ?? undefined,
      },
      sla,
      pd.escalation_policy ? delays.get(pd.escalation_policy.id) : undefined,
      nowMs,
    );
    return Object.keys(deadlines).length
      ? { ...incident, sla: deadlines }
      : incident;
  });
}
