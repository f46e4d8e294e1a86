import {
  PagerDutyCandidateReason,
  PagerDutyMappedService,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { nameWords, normaliseName, refName } from './normalise';
import { MappableEntity, MappingDecisionRow, SyncedService } from './types';

/** Options of {@link computeMapping}. */
export interface ComputeMappingOptions {
  /** A unique name match maps at once (it can still be rejected). */
  autoMapByName: boolean;
}

const key = (account: string, serviceId: string) =>
  `${account}\u0000${serviceId}`;

/**
 * The state of every service: explicit links (YAML annotations, decisions of the admin page)
 * first; then a unique normalised-name match; then team ↔ owner suggestions. Several explicit
 * claims, or several equal name matches, are a conflict: reported, never guessed. Linear in
 * services + entities (indexes by name and owner, no pairwise comparison).
 */
export function computeMapping(
  services: SyncedService[],
  entities: MappableEntity[],
  decisions: MappingDecisionRow[],
  options: ComputeMappingOptions,
): PagerDutyMappedService[] {
  const byName = new Map<string, MappableEntity[]>();
  const byOwner = new Map<string, MappableEntity[]>();
  const claims = new Map<
    string,
    Map<string, 'annotation' | 'integration-key'>
  >();
  const servicesByDigest = new Map<string, SyncedService>();
  for (const s of services) {
    for (const d of s.keyDigests) servicesByDigest.set(key(s.account, d), s);
  }
  const push = <T>(map: Map<string, T[]>, k: string, v: T) => {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  };
  const words = new Map<MappableEntity, Set<string>>();
  for (const e of entities) {
    words.set(e, new Set(nameWords(e.name)));
    const names = new Set([normaliseName(e.name)]);
    if (e.title) names.add(normaliseName(e.title));
    for (const n of names) if (n) push(byName, n, e);
    if (e.owner) push(byOwner, normaliseName(refName(e.owner)), e);
    for (const c of e.claims) {
      const serviceId =
        c.serviceId ??
        (c.keyDigest
          ? servicesByDigest.get(key(c.account, c.keyDigest))?.serviceId
          : undefined);
      if (!serviceId) continue;
      const k = key(c.account, serviceId);
      if (!claims.has(k)) claims.set(k, new Map());
      claims.get(k)!.set(e.ref, c.source);
    }
  }
  const mapped = new Map<string, string>();
  const rejected = new Map<string, Set<string>>();
  for (const d of decisions) {
    const k = key(d.account, d.serviceId);
    if (d.decision === 'mapped') mapped.set(k, d.entityRef);
    else {
      if (!rejected.has(k)) rejected.set(k, new Set());
      rejected.get(k)!.add(d.entityRef);
    }
  }

  return services.map(s => {
    const k = key(s.account, s.serviceId);
    const rejectedRefs = rejected.get(k) ?? new Set<string>();
    const base = {
      account: s.account,
      serviceId: s.serviceId,
      name: s.name,
      status: s.status,
      htmlUrl: s.htmlUrl,
      teams: s.teams,
      rejected: [...rejectedRefs].sort(),
    };

    // Explicit: annotations in YAML and the admin page's decision.
    const explicit = new Map<string, PagerDutyCandidateReason[]>();
    for (const [ref] of claims.get(k) ?? []) explicit.set(ref, ['annotation']);
    const manual = mapped.get(k);
    if (manual)
      explicit.set(manual, [...(explicit.get(manual) ?? []), 'manual']);
    if (explicit.size === 1) {
      const [ref] = [...explicit.keys()];
      const source = ref === manual ? 'manual' : claims.get(k)!.get(ref)!;
      return {
        ...base,
        state: 'mapped',
        entityRef: ref,
        source,
        candidates: [],
      };
    }
    if (explicit.size > 1) {
      return {
        ...base,
        state: 'conflict',
        candidates: [...explicit].map(([entityRef, reasons]) => ({
          entityRef,
          reasons,
        })),
      };
    }

    // Suggestions: equal normalised names, and entities owned by the service's team.
    const candidates = new Map<string, PagerDutyCandidateReason[]>();
    const serviceName = normaliseName(s.name);
    for (const e of byName.get(serviceName) ?? []) {
      if (!rejectedRefs.has(e.ref)) candidates.set(e.ref, ['name']);
    }
    const nameMatches = candidates.size;
    const serviceWords = nameWords(s.name);
    for (const team of s.teams) {
      // "Search & Discovery" may be the Group search-team, or search-discovery.
      const keys = new Set([normaliseName(team.name), ...nameWords(team.name)]);
      const owned = [...keys].flatMap(t => byOwner.get(t) ?? []);
      for (const e of owned) {
        if (rejectedRefs.has(e.ref)) continue;
        // Owned by the team is not enough: the names must share a word too.
        const entityWords = words.get(e)!;
        const related = serviceWords.some(w => entityWords.has(w));
        if (!related) continue;
        candidates.set(e.ref, [...(candidates.get(e.ref) ?? []), 'team']);
      }
    }
    const list = [...candidates]
      .map(([entityRef, reasons]) => ({ entityRef, reasons }))
      .sort(
        (a, b) =>
          b.reasons.length - a.reasons.length ||
          a.entityRef.localeCompare(b.entityRef),
      );
    if (nameMatches === 1 && options.autoMapByName) {
      const named = list.find(c => c.reasons.includes('name'))!;
      return {
        ...base,
        state: 'mapped',
        entityRef: named.entityRef,
        source: 'name',
        candidates: [],
      };
    }
    if (nameMatches > 1) {
      // Several entities carry the service's name: the team may tell them apart.
      const both = list.filter(c => c.reasons.length > 1);
      if (both.length !== 1) {
        return {
          ...base,
          state: 'conflict',
          candidates: list.filter(c => c.reasons.includes('name')),
        };
      }
    }
    if (list.length > 0)
      return { ...base, state: 'suggested', candidates: list };
    return { ...base, state: 'unmapped', candidates: [] };
  }) as PagerDutyMappedService[];
}
