import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `v1=<hex HMAC-SHA256(secret, body)>`, one per secret, comma-separated (secret rotation).
 * @public
 */
export function signatureHeader(
  secrets: string[],
  rawBody: string | Buffer,
): string {
  return secrets
    .map(
      secret =>
        `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
    )
    .join(',');
}

/**
 * Verifies an `X-PagerDuty-Signature` header the way receivers should (constant-time).
 * @public
 */
export function verifySignature(
  header: string,
  secret: string,
  rawBody: string | Buffer,
): boolean {
  const expected = Buffer.from(
    `v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
  );
  return header
    .split(',')
    .map(s => Buffer.from(s.trim()))
    .some(s => s.length === expected.length && timingSafeEqual(s, expected));
}
