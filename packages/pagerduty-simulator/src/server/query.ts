import { invalidInput } from './errors';

/**
 * Query helpers. PagerDuty uses Rails-style arrays: `service_ids[]=A&service_ids[]=B`.
 * The plain name (`service_ids=A`) is accepted too, and so are comma-separated values.
 */
export function arrayParam(q: URLSearchParams, name: string): string[] {
  const values = [...q.getAll(`${name}[]`), ...q.getAll(name)];
  return values
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(v => v.length > 0);
}

export function enumArrayParam(
  q: URLSearchParams,
  name: string,
  allowed: readonly string[],
): string[] {
  const values = arrayParam(q, name);
  for (const v of values) {
    if (!allowed.includes(v)) {
      throw invalidInput(`${name}[] has an invalid value: ${v}`);
    }
  }
  return values;
}

export function boolParam(
  q: URLSearchParams,
  name: string,
): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalidInput(`${name} must be true or false`);
}

/** Parses an ISO 8601 date-time (or date) query parameter. */
export function dateParam(
  q: URLSearchParams,
  name: string,
): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) {
    throw invalidInput(`Invalid time value in '${name}' parameter`);
  }
  return t;
}
