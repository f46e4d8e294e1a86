import { Entity } from '@backstage/catalog-model';

/** Maps whose keys may contain dots (`github.com/project-slug`): the rest of the path is the key. */
const KEYED = ['metadata.annotations.', 'metadata.labels.'];

/** The field to ask the catalog for so that `path` can be read (`spec.owner`, `metadata.annotations`). */
export function queryFieldOf(path: string): string {
  const keyed = KEYED.find(prefix => path.startsWith(prefix));
  return keyed ? keyed.slice(0, -1) : path.split('.').slice(0, 2).join('.');
}

/**
 * The value at an entity path as PagerDuty stores it in a custom field: strings as they are,
 * numbers and booleans as text, lists of strings joined by ", "; undefined when absent.
 */
export function valueAtPath(entity: Entity, path: string): string | undefined {
  const keyed = KEYED.find(prefix => path.startsWith(prefix));
  let value: unknown;
  if (keyed) {
    const map =
      keyed === KEYED[0] ? entity.metadata.annotations : entity.metadata.labels;
    value = map?.[path.slice(keyed.length)];
  } else {
    value = path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          node && typeof node === 'object'
            ? (node as Record<string, unknown>)[key]
            : undefined,
        entity,
      );
  }
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
    return value.length ? value.join(', ') : undefined;
  }
  return undefined;
}
