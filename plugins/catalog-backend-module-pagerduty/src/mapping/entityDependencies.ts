import { PagerDutyMappedService } from '@backstage-pagerduty/plugin-pagerduty-common';
import { DependencyRead } from '../database/DependencyStore';

/** `account/serviceId` → the entity it is mapped to (any source: YAML, page, name). */
export function entitiesOfServices(
  states: PagerDutyMappedService[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of states) {
    if (s.state === 'mapped' && s.entityRef) {
      out.set(`${s.account}/${s.serviceId}`, s.entityRef);
    }
  }
  return out;
}

/**
 * The `dependsOn` relations PagerDuty's service dependencies give the catalog: entity of the
 * dependent service → entities of its supporting services, when both are mapped.
 */
export function entityDependencies(
  states: PagerDutyMappedService[],
  reads: DependencyRead[],
): Map<string, string[]> {
  const entityOf = entitiesOfServices(states);
  const out = new Map<string, Set<string>>();
  for (const read of reads) {
    for (const r of read.relations) {
      const from = entityOf.get(`${r.account}/${r.dependentId}`);
      const to = entityOf.get(`${r.account}/${r.supportingId}`);
      if (!from || !to || from === to) continue;
      if (!out.has(from)) out.set(from, new Set());
      out.get(from)!.add(to);
    }
  }
  return new Map([...out].map(([from, to]) => [from, [...to].sort()]));
}
