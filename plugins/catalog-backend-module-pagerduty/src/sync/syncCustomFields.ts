import {
  PagerDutyMappedService,
  PagerDutySyncStatus,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import { FieldSyncRecord, FieldSyncStore } from '../database/FieldSyncStore';
import { MappableEntity } from '../mapping/types';

/** What one cycle of custom field sync did in an account, and the requests it sent. */
export interface FieldSyncResult {
  requests: number;
  summary: NonNullable<PagerDutySyncStatus['fields']>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Writes the configured entity fields of each mapped entity to its PagerDuty service's custom
 * fields, and logs per service what was written, when, and the last error.
 *
 * Requests per cycle: one to list the account's fields (a field missing in PagerDuty is an
 * error on every service, with no write sent), then one per service whose values changed, or
 * whose last write failed. Unchanged services cost nothing.
 */
export async function syncCustomFields(options: {
  account: string;
  /** PagerDuty field name → entity path. */
  fields: Record<string, string>;
  pagerDuty: PagerDutyClientService;
  store: FieldSyncStore;
  states: PagerDutyMappedService[];
  entities: MappableEntity[];
  now: () => number;
}): Promise<FieldSyncResult> {
  const { account, pagerDuty, store } = options;
  const names = Object.keys(options.fields).sort();
  const summary: FieldSyncResult['summary'] = {
    written: 0,
    unchanged: 0,
    failed: 0,
  };
  const result: FieldSyncResult = { requests: 0, summary };
  const mapped = options.states.filter(
    s => s.account === account && s.state === 'mapped' && s.entityRef,
  );
  if (names.length === 0 || mapped.length === 0) return result;
  const at = () => new Date(options.now()).toISOString();
  const entities = new Map(options.entities.map(e => [e.ref, e]));
  const logs = new Map(
    (await store.list())
      .filter(l => l.account === account)
      .map(l => [l.serviceId, l]),
  );
  const client = pagerDuty.forAccount(account);

  let missing: string | undefined;
  try {
    result.requests += 1;
    const existing = await client.directory.listServiceCustomFields();
    const enabled = new Set(
      existing.filter(f => f.enabled !== false).map(f => f.name),
    );
    const absent = names.filter(n => !enabled.has(n));
    if (absent.length) {
      missing = `PagerDuty account "${account}" has no enabled service custom field named ${absent
        .map(n => `"${n}"`)
        .join(
          ', ',
        )}: create it in PagerDuty (Service Directory → Custom Fields) or remove it from pagerDuty.catalog.customFields`;
    }
  } catch (e) {
    missing = `Could not list the custom fields of PagerDuty account "${account}": ${message(
      e,
    )}`;
  }

  for (const service of mapped) {
    const entity = entities.get(service.entityRef!);
    if (!entity) continue; // not of the mapped kinds
    const values = Object.fromEntries(
      names.map(n => [n, entity.fieldValues?.[n] ?? null]),
    );
    const last = logs.get(service.serviceId);
    if (
      !missing &&
      last &&
      !last.error &&
      last.entityRef === entity.ref &&
      JSON.stringify(last.values) === JSON.stringify(values)
    ) {
      summary.unchanged += 1;
      continue;
    }
    const record: FieldSyncRecord = {
      account,
      serviceId: service.serviceId,
      entityRef: entity.ref,
      values: last?.values ?? {},
      syncedAt: last?.syncedAt ?? null,
      attemptedAt: at(),
      error: missing ?? null,
    };
    if (!missing) {
      try {
        result.requests += 1;
        await client.directory.setServiceCustomFieldValues(
          service.serviceId,
          names.map(name => ({ name, value: values[name] })),
        );
        Object.assign(record, { values, syncedAt: record.attemptedAt });
      } catch (e) {
        record.error = message(e);
      }
    }
    if (record.error) summary.failed += 1;
    else summary.written += 1;
    await store.record(record);
  }
  return result;
}
