import { FaultRule, FaultSpec } from '../types';
import { SEED } from '../state/seed';

const MODES = [
  'error',
  'rate_limit',
  'timeout',
  'reset',
  'malformed',
  'forbidden',
];

/** Validates a FaultSpec received as JSON; returns a list of problems (empty when valid). */
export function validateFaultSpec(spec: unknown): string[] {
  const problems: string[] = [];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return ['the fault spec must be a JSON object'];
  }
  const s = spec as Record<string, unknown>;
  for (const k of Object.keys(s)) {
    if (!['latency', 'rules', 'changeEventsDeniedServices'].includes(k)) {
      problems.push(`unknown field "${k}"`);
    }
  }
  if (s.latency !== undefined) {
    const l = s.latency as Record<string, unknown>;
    if (typeof l !== 'object' || l === null)
      problems.push('latency must be an object');
    else {
      for (const k of ['fixedMs', 'jitterMs']) {
        if (
          l[k] !== undefined &&
          (typeof l[k] !== 'number' || (l[k] as number) < 0)
        ) {
          problems.push(`latency.${k} must be a non-negative number`);
        }
      }
    }
  }
  if (s.rules !== undefined) {
    if (!Array.isArray(s.rules)) problems.push('rules must be an array');
    else {
      s.rules.forEach((r: any, i: number) => {
        if (typeof r !== 'object' || r === null) {
          problems.push(`rules[${i}] must be an object`);
          return;
        }
        const routes = Array.isArray(r.route) ? r.route : [r.route];
        if (
          !routes.length ||
          routes.some((x: unknown) => typeof x !== 'string')
        ) {
          problems.push(
            `rules[${i}].route must be a string or an array of strings`,
          );
        }
        if (!MODES.includes(r.mode)) {
          problems.push(`rules[${i}].mode must be one of ${MODES.join(', ')}`);
        }
        if (
          r.rate !== undefined &&
          (typeof r.rate !== 'number' || r.rate < 0 || r.rate > 1)
        ) {
          problems.push(`rules[${i}].rate must be a number between 0 and 1`);
        }
        if (
          r.count !== undefined &&
          (!Number.isInteger(r.count) || r.count < 0)
        ) {
          problems.push(`rules[${i}].count must be a non-negative integer`);
        }
        if (
          r.status !== undefined &&
          (!Number.isInteger(r.status) || r.status < 400 || r.status > 599)
        ) {
          problems.push(
            `rules[${i}].status must be an HTTP error status (400-599)`,
          );
        }
      });
    }
  }
  if (
    s.changeEventsDeniedServices !== undefined &&
    (!Array.isArray(s.changeEventsDeniedServices) ||
      s.changeEventsDeniedServices.some(x => typeof x !== 'string'))
  ) {
    problems.push('changeEventsDeniedServices must be an array of service ids');
  }
  return problems;
}

/** True when a rule's route pattern matches a route key such as "GET /services/{id}". */
export function routeMatches(pattern: string, routeKey: string): boolean {
  const p = pattern.trim();
  if (p === '*' || p === routeKey) return true;
  const [pm, pp] = p.split(/\s+/, 2);
  const [rm, rp] = routeKey.split(' ', 2);
  if (pp === undefined) return false;
  const methodOk = pm === '*' || pm.toUpperCase() === rm;
  if (!methodOk) return false;
  if (pp === '*') return true;
  if (pp.endsWith('*')) return rp.startsWith(pp.slice(0, -1));
  return pp === rp;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** Holds the current faults and decides, per request, which one applies. */
export class FaultController {
  private spec: FaultSpec = {};
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  set(spec: FaultSpec): void {
    this.spec = { ...spec };
    this.rules = (spec.rules ?? []).map(rule => ({
      rule,
      remaining: rule.count ?? Infinity,
    }));
  }

  clear(): void {
    this.set({});
  }

  /** The current spec, with the remaining counts. */
  current(): FaultSpec & { remaining?: Array<number | null> } {
    return {
      ...this.spec,
      remaining: this.rules.map(r =>
        r.remaining === Infinity ? null : r.remaining,
      ),
    };
  }

  /** Extra latency for this request in ms. */
  extraLatency(): number {
    const l = this.spec.latency;
    if (!l) return 0;
    return (l.fixedMs ?? 0) + (l.jitterMs ? this.random() * l.jitterMs : 0);
  }

  /** The rule that fires for this request (its count is consumed), if any. */
  decide(routeKey: string): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.remaining <= 0) continue;
      const routes = Array.isArray(r.rule.route)
        ? r.rule.route
        : [r.rule.route];
      if (!routes.some(p => routeMatches(p, routeKey))) continue;
      const rate = r.rule.rate ?? 1;
      if (rate < 1 && this.random() >= rate) continue;
      r.remaining -= 1;
      return r.rule;
    }
    return undefined;
  }

  isChangeEventsDenied(serviceId: string): boolean {
    const denied = this.spec.changeEventsDeniedServices ?? [
      SEED.services.noChangeEvents,
    ];
    return denied.includes(serviceId);
  }
}
