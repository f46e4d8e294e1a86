/** Words that say nothing about which service it is. */
const NOISE = new Set(['service', 'services', 'svc', 'team', 'the']);

/**
 * A name reduced to what identifies it: lower case, words joined, noise words dropped, so
 * "Checkout API Service", "checkout-api" and "checkout_api" compare equal.
 */
export function normaliseName(name: string): string {
  return nameWords(name).join('');
}

/** The identifying words of a name, lower case. */
export function nameWords(name: string): string[] {
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter(w => !NOISE.has(w));
  return kept.length ? kept : words;
}

/** The name part of an entity ref (`group:default/payments` → `payments`). */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
