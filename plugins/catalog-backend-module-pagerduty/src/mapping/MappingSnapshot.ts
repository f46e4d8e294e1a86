import {
  PagerDutyMappedService,
  PagerDutyMappingSource,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { SyncedService } from './types';

/** A link the processor puts on an entity. */
export interface EntityLink {
  account: string;
  serviceIds: string[];
  source: PagerDutyMappingSource;
}

/**
 * What the processor needs, in memory: entity ref → linked services, integration-key digest →
 * service. Rebuilt once per sync cycle (and after each admin change), so processing an entity
 * is two map lookups whatever the number of entities and services.
 */
export class MappingSnapshot {
  private links = new Map<string, EntityLink>();
  private keys = new Map<string, { account: string; serviceId: string }>();
  /** Entity ref → entities it depends on, from PagerDuty's service dependencies. */
  private dependsOn = new Map<string, string[]>();
  private loadedAt: number | undefined;
  /** Entities whose integration key the snapshot could not resolve yet (to refresh later). */
  private readonly unresolved = new Set<string>();

  /** @param preferredAccount - wins when one entity is linked in several accounts (the default one). */
  constructor(private readonly preferredAccount: () => string = () => '') {}

  /**
   * Replaces the snapshot. Only links not written in YAML (manual, name) go to entities.
   * Returns the entities whose link changed, and those waiting for an integration key that
   * may now resolve: the ones to have the catalog reprocess.
   */
  replace(
    states: PagerDutyMappedService[],
    services: SyncedService[],
    now: number,
    dependsOn: Map<string, string[]> = new Map(),
  ): { changed: string[]; unresolved: string[] } {
    const links = new Map<string, EntityLink>();
    const preferred = this.preferredAccount();
    const ordered = [...states].sort(
      (a, b) =>
        Number(b.account === preferred) - Number(a.account === preferred) ||
        a.account.localeCompare(b.account),
    );
    for (const s of ordered) {
      if (s.state !== 'mapped' || !s.entityRef) continue;
      if (s.source !== 'manual' && s.source !== 'name') continue;
      const existing = links.get(s.entityRef);
      // The annotations name one account per entity: the preferred account's services win.
      if (existing && existing.account !== s.account) continue;
      if (existing) {
        existing.serviceIds.push(s.serviceId);
        if (s.source === 'manual') existing.source = 'manual';
      } else {
        links.set(s.entityRef, {
          account: s.account,
          serviceIds: [s.serviceId],
          source: s.source,
        });
      }
    }
    for (const link of links.values()) link.serviceIds.sort();
    const keys = new Map<string, { account: string; serviceId: string }>();
    for (const s of services) {
      for (const d of s.keyDigests) {
        // A key known in several accounts (a copied test account): the preferred one wins.
        if (keys.get(d)?.account === preferred) continue;
        keys.set(d, { account: s.account, serviceId: s.serviceId });
      }
    }
    const unresolved = [...this.unresolved];
    this.unresolved.clear();
    const changed = new Set<string>();
    for (const [ref, link] of links) {
      const old = this.links.get(ref);
      if (
        !old ||
        old.account !== link.account ||
        old.serviceIds.join() !== link.serviceIds.join()
      ) {
        changed.add(ref);
      }
    }
    for (const ref of this.links.keys()) if (!links.has(ref)) changed.add(ref);
    for (const ref of new Set([
      ...dependsOn.keys(),
      ...this.dependsOn.keys(),
    ])) {
      if (dependsOn.get(ref)?.join() !== this.dependsOn.get(ref)?.join()) {
        changed.add(ref);
      }
    }
    this.dependsOn = dependsOn;
    this.links = links;
    this.keys = keys;
    this.loadedAt = now;
    return { changed: [...changed], unresolved };
  }

  /** Notes an entity whose integration key is not known yet. */
  markUnresolved(entityRef: string): void {
    this.unresolved.add(entityRef.toLocaleLowerCase('en-US'));
  }

  isLoaded(): boolean {
    return this.loadedAt !== undefined;
  }

  linkOf(entityRef: string): EntityLink | undefined {
    return this.links.get(entityRef.toLocaleLowerCase('en-US'));
  }

  /** The entities `entityRef` depends on according to PagerDuty (none when not synced). */
  dependenciesOf(entityRef: string): string[] {
    return this.dependsOn.get(entityRef.toLocaleLowerCase('en-US')) ?? [];
  }

  serviceOfKey(
    keyDigest: string,
  ): { account: string; serviceId: string } | undefined {
    return this.keys.get(keyDigest);
  }

  get size(): { links: number; keys: number } {
    return { links: this.links.size, keys: this.keys.size };
  }
}
