import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/** The entity params of the services from an action's `entityRef` input. */
export function entityParamsOf(entityRef: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  try {
    const ref = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return {
      kind: ref.kind.toLocaleLowerCase('en-US'),
      namespace: ref.namespace,
      name: ref.name,
    };
  } catch {
    throw new InputError(
      `entityRef must be an entity reference such as component:default/checkout-api, got "${entityRef}"`,
    );
  }
}

/**
 * Parses an action's input with the same shared schema the HTTP route uses, so an action
 * accepts exactly what the route accepts; a mismatch is an InputError naming the fields.
 */
export function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(
    `Invalid ${what}: ${result.error.issues.map(i => i.message).join('; ')}`,
  );
}
