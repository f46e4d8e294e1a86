import {
  PagerDutyMappedService,
  PagerDutySyncStatus,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { PagerDutyDependencyDirection } from '../config/readMappingConfig';
import { DependencyStore, ServiceRelation } from '../database/DependencyStore';
import { MappableEntity } from '../mapping/types';

/** What one cycle of dependency sync did, and the requests it sent to PagerDuty. */
export interface DependencySyncResult {
  requests: number;
  summary: NonNullable<PagerDutySyncStatus['dependencies']>;
}

const BATCH = 100;

const keyOf = (r: ServiceRelation) =>
  `${r.account}/${r.dependentId}/${r.supportingId}`;

/** `entityRef` → its mapped services (several when an entity names several). */
function servicesOfEntities(states: PagerDutyMappedService[]) {
  const out = new Map<string, Array<{ account: string; serviceId: string }>>();
  for (const s of states) {
    if (s.state !== 'mapped' || !s.entityRef) continue;
    const list = out.get(s.entityRef) ?? [];
    list.push({ account: s.account, serviceId: s.serviceId });
    out.set(s.entityRef, list);
  }
  return out;
}

/**
 * The PagerDuty relations Backstage's `dependsOn` asks for: the entity's service depends on the
 * services of the entities it depends on, within one account.
 */
export function desiredRelations(
  states: PagerDutyMappedService[],
  entities: MappableEntity[],
): ServiceRelation[] {
  const servicesOf = servicesOfEntities(states);
  const out = new Map<string, ServiceRelation>();
  for (const entity of entities) {
    for (const dependent of servicesOf.get(entity.ref) ?? []) {
      for (const target of entity.dependsOn ?? []) {
        for (const supporting of servicesOf.get(target) ?? []) {
          if (
            supporting.account !== dependent.account ||
            supporting.serviceId === dependent.serviceId
          ) {
            continue;
          }
          const relation = {
            account: dependent.account,
            dependentId: dependent.serviceId,
            supportingId: supporting.serviceId,
          };
          out.set(keyOf(relation), relation);
        }
      }
    }
  }
  return [...out.values()];
}

/**
 * One cycle of dependency sync.
 *
 * - **to PagerDuty**: associates the relations Backstage asks for that this module has not
 *   written yet, and disassociates those it wrote that Backstage no longer asks for. Relations
 *   made in PagerDuty by people are never removed. Requests: the changes only.
 * - **from PagerDuty**: reads the dependencies of at most `readsPerCycle` mapped services, those
 *   never read or read longest ago first (one request each: PagerDuty has no bulk read), so
 *   the cost per cycle is bounded whatever the number of entities or services.
 *
 * A failure is reported in `errors` and leaves the rest of the cycle going.
 */
export async function syncDependencies(options: {
  /** The account synced (its states and relations only). */
  account: string;
  direction: PagerDutyDependencyDirection;
  readsPerCycle: number;
  pagerDuty: PagerDutyClientService;
  store: DependencyStore;
  states: PagerDutyMappedService[];
  entities: MappableEntity[];
  now: () => number;
}): Promise<DependencySyncResult> {
  const { direction, pagerDuty, store } = options;
  const states = options.states.filter(s => s.account === options.account);
  const summary: DependencySyncResult['summary'] = {
    read: 0,
    associated: 0,
    disassociated: 0,
    errors: [],
  };
  const result: DependencySyncResult = { requests: 0, summary };
  const at = () => new Date(options.now()).toISOString();
  const configured = new Set(pagerDuty.accounts().map(a => a.id));

  if (direction === 'to-pagerduty' || direction === 'both') {
    const desired = desiredRelations(states, options.entities);
    const written = (await store.listWrites()).filter(
      r => r.account === options.account,
    );
    const writtenKeys = new Set(written.map(keyOf));
    const desiredKeys = new Set(desired.map(keyOf));
    const changes: Array<['associate' | 'disassociate', ServiceRelation[]]> = [
      ['associate', desired.filter(r => !writtenKeys.has(keyOf(r)))],
      ['disassociate', written.filter(r => !desiredKeys.has(keyOf(r)))],
    ];
    for (const [change, relations] of changes) {
      for (const account of new Set(relations.map(r => r.account))) {
        const ofAccount = relations.filter(r => r.account === account);
        for (let i = 0; i < ofAccount.length; i += BATCH) {
          const batch = ofAccount.slice(i, i + BATCH);
          try {
            if (!configured.has(account)) {
              throw new Error(`account "${account}" is not configured`);
            }
            result.requests += 1;
            await pagerDuty
              .forAccount(account)
              .directory.changeServiceDependencies(change, batch);
            if (change === 'associate') {
              await store.addWrites(batch, at());
              summary.associated += batch.length;
            } else {
              await store.removeWrites(batch);
              summary.disassociated += batch.length;
            }
          } catch (e) {
            summary.errors.push(
              `${change} ${batch.length} dependencies in account ${account}: ${
                e instanceof Error ? e.message : e
              }`,
            );
          }
        }
      }
    }
  }

  if (direction === 'from-pagerduty' || direction === 'both') {
    const mapped = new Map<string, { account: string; serviceId: string }>();
    for (const s of states) {
      if (s.state === 'mapped' && s.entityRef && configured.has(s.account)) {
        mapped.set(`${s.account}/${s.serviceId}`, s);
      }
    }
    const reads = (await store.listReads()).filter(
      r => r.account === options.account,
    );
    const readAt = new Map(
      reads.map(r => [`${r.account}/${r.serviceId}`, r.readAt]),
    );
    await store.deleteReads(
      reads.filter(r => !mapped.has(`${r.account}/${r.serviceId}`)),
    );
    const due = [...mapped.entries()]
      .sort(([a], [b]) =>
        (readAt.get(a) ?? '').localeCompare(readAt.get(b) ?? ''),
      )
      .slice(0, options.readsPerCycle)
      .map(([, service]) => service);
    for (const { account, serviceId } of due) {
      try {
        result.requests += 1;
        const relationships = await pagerDuty
          .forAccount(account)
          .directory.getServiceDependencies(serviceId);
        await store.saveRead({
          account,
          serviceId,
          readAt: at(),
          relations: relationships.map(r => ({
            account,
            dependentId: r.dependent_service.id,
            supportingId: r.supporting_service.id,
          })),
        });
        summary.read += 1;
      } catch (e) {
        summary.errors.push(
          `read dependencies of ${serviceId} in account ${account}: ${
            e instanceof Error ? e.message : e
          }`,
        );
      }
    }
  }
  return result;
}
