/**
 * Extracts the token of `Authorization: Token token=<t>` (API keys) or `Bearer <t>` (OAuth).
 * Returns null when the header is missing or malformed.
 */
export function parseAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim();
  const token = /^Token\s+token=("?)([^"\s]+)\1$/i.exec(h);
  if (token) return token[2];
  const bearer = /^Bearer\s+(\S+)$/i.exec(h);
  if (bearer) return bearer[1];
  return null;
}
