const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Small deterministic PRNG (mulberry32) and id helpers. */
export class Random {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return (
      minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1))
    );
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return out;
  }

  /** A PagerDuty-style id: "P" + 6 upper-case alphanumerics. */
  pdId(prefix = 'P'): string {
    return prefix + this.string(7 - prefix.length, ID_ALPHABET);
  }

  /** A long id as used for newer objects (incidents "Q...", log entries "R..."). */
  longId(prefix: string): string {
    return prefix + this.string(13, ID_ALPHABET);
  }

  /** 32-char lower-case hex, like an integration key. */
  hex32(): string {
    return this.string(32, '0123456789abcdef');
  }

  uuid(): string {
    const h = this.string(32, '0123456789abcdef');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
      17,
      20,
    )}-${h.slice(20, 32)}`;
  }
}

/** ISO 8601 UTC timestamp without milliseconds, as PagerDuty prints them. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}
