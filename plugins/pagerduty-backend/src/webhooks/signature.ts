import { createHmac, timingSafeEqual } from 'node:crypto';

/** The `v1=` signatures of an `X-PagerDuty-Signature` header, decoded from hex. */
function v1Signatures(header: string): Buffer[] {
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const trimmed = part.trim();
    if (!trimmed.startsWith('v1=')) continue;
    const hex = trimmed.slice(3);
    // A SHA-256 HMAC is 32 bytes: 64 hex digits; anything else cannot match.
    if (/^[0-9a-fA-F]{64}$/.test(hex)) signatures.push(Buffer.from(hex, 'hex'));
  }
  return signatures;
}

/**
 * Checks an `X-PagerDuty-Signature` header (`v1=<hex HMAC-SHA256>`, comma-separated, several
 * while PagerDuty rotates a secret) against the raw request body and the configured secrets.
 * Returns the index of the first secret that produced one of the signatures, or `undefined`.
 *
 * The HMAC is computed over the bytes as received: a body parsed and serialised again does
 * not match. Every comparison runs in constant time.
 */
export function matchSignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
): number | undefined {
  if (!header) return undefined;
  const signatures = v1Signatures(header);
  if (signatures.length === 0) return undefined;
  let match: number | undefined;
  secrets.forEach((secret, index) => {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    for (const signature of signatures) {
      // Both are 32 bytes, as timingSafeEqual requires; no early exit between secrets.
      if (timingSafeEqual(expected, signature) && match === undefined) {
        match = index;
      }
    }
  });
  return match;
}

/** `v1=<hex>` for one secret; used by tests and the benchmark to sign like PagerDuty. */
export function signWebhookBody(secret: string, rawBody: string | Buffer) {
  return `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
