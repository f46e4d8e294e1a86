import { createHash } from 'node:crypto';

/** What is stored of an integration key: a SHA-256 digest, enough to recognise it. */
export function digestKey(integrationKey: string): string {
  return createHash('sha256').update(integrationKey).digest('hex');
}
