import { invalidInput } from './errors';

export interface Page {
  limit: number;
  offset: number;
  total: boolean;
}

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;
export const MAX_OFFSET_PLUS_LIMIT = 10_000;

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v))
    throw invalidInput(`${name} must be a non-negative integer`);
  return Number(v);
}

/** Classic pagination: limit default 25, max 100 (larger values are clamped), offset+limit ≤ 10000. */
export function parsePage(q: URLSearchParams): Page {
  const rawLimit = intParam(q, 'limit');
  const offset = intParam(q, 'offset') ?? 0;
  const limit = Math.min(
    rawLimit === undefined || rawLimit === 0 ? DEFAULT_LIMIT : rawLimit,
    MAX_LIMIT,
  );
  if (offset + limit > MAX_OFFSET_PLUS_LIMIT) {
    throw invalidInput(
      `Offset + limit must be less than or equal to ${MAX_OFFSET_PLUS_LIMIT}`,
    );
  }
  const total = q.get('total');
  if (total !== null && total !== 'true' && total !== 'false') {
    throw invalidInput('total must be true or false');
  }
  return { limit, offset, total: total === 'true' };
}

/** Wraps one page of `items` as `{ [key]: [...], limit, offset, more, total }`. */
export function paginate<T, R>(
  key: string,
  items: T[],
  page: Page,
  map: (item: T) => R,
): Record<string, unknown> {
  const slice = items.slice(page.offset, page.offset + page.limit);
  return {
    [key]: slice.map(map),
    limit: page.limit,
    offset: page.offset,
    more: page.offset + slice.length < items.length,
    total: page.total ? items.length : null,
  };
}
