import {
  PagerDutyAccountClient,
  PdService,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { digestKey } from '../mapping/digest';
import { SyncedService } from '../mapping/types';

/** A PagerDuty service as the mapping stores it (digests of its keys, never the keys). */
export function toSyncedService(account: string, s: PdService): SyncedService {
  return {
    account,
    serviceId: s.id,
    name: s.name,
    status: s.status,
    htmlUrl: s.html_url,
    teams: (s.teams ?? []).map(t => ({
      id: t.id,
      name: t.name ?? t.summary ?? t.id,
    })),
    keyDigests: (s.integrations ?? [])
      .map(i => i.integration_key)
      .filter((k): k is string => !!k)
      .map(digestKey),
  };
}

/** Every service of an account, paged (about services / 100 requests). */
export async function readAccountServices(
  client: PagerDutyAccountClient,
): Promise<{ services: SyncedService[]; requests: number }> {
  const listing = await client.directory.listServices();
  return {
    requests: listing.requests,
    services: listing.items.map(s => toSyncedService(client.account.id, s)),
  };
}
