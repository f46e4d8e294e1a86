import {
  PagerDutyOnCallResponse,
  PagerDutyRef,
  PagerDutyService,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { ReassignCandidates } from './IncidentActions';

/**
 * One-click reassignment targets from what the card already loaded: everyone on call at any
 * level (in level order, each once) and the escalation policies of the entity's services.
 */
export function reassignCandidatesOf(
  services: PagerDutyService[] | undefined,
  oncall: PagerDutyOnCallResponse | undefined,
): ReassignCandidates {
  const users = new Map<string, PagerDutyRef>();
  for (const policy of oncall?.policies ?? []) {
    for (const level of [...policy.levels].sort((a, b) => a.level - b.level)) {
      for (const { user } of level.oncalls) {
        if (!users.has(user.id))
          users.set(user.id, { id: user.id, name: user.name });
      }
    }
  }
  const policies = new Map<string, PagerDutyRef>();
  for (const service of services ?? []) {
    const policy = service.escalationPolicy;
    if (policy && !policies.has(policy.id)) {
      policies.set(policy.id, { id: policy.id, name: policy.name });
    }
  }
  return {
    users: [...users.values()],
    escalationPolicies: [...policies.values()],
  };
}
