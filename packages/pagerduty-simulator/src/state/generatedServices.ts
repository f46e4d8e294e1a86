import { Random } from './random';
import { SimulatorState } from './store';

const ADJECTIVES = [
  'Amber',
  'Blue',
  'Coral',
  'Dune',
  'Echo',
  'Fern',
  'Gold',
  'Iris',
];
const NOUNS = [
  'Ledger',
  'Gateway',
  'Indexer',
  'Router',
  'Billing',
  'Cache',
  'Mailer',
  'Worker',
];

/**
 * Grows the account to `total` services with generated ones (deterministic for the seed, on a
 * generator of their own so the seeded data does not change). Each has one Events API v2
 * integration, an existing escalation policy and team.
 */
export function addGeneratedServices(
  state: SimulatorState,
  total: number,
  seed: number,
): void {
  const missing = total - state.services.size;
  if (missing <= 0) return;
  const rng = new Random(seed ^ 0x5e41ce);
  const policies = [...state.escalationPolicies.keys()];
  const teams = [...state.teams.keys()];
  const createdAt = state.nowIso();
  for (let i = 1; i <= missing; i++) {
    const id = `PG${String(i).padStart(5, '0')}`;
    const name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${String(
      i,
    ).padStart(4, '0')}`;
    state.services.set(id, {
      id,
      name,
      description: 'Generated service',
      status: 'active',
      escalationPolicyId: rng.pick(policies),
      teamIds: teams.length ? [rng.pick(teams)] : [],
      createdAt,
      autoResolveTimeout: null,
      acknowledgementTimeout: null,
      urgencyRule: 'high',
      integrations: [
        {
          id: `PIG${String(i).padStart(5, '0')}`,
          type: 'events_api_v2_inbound_integration',
          name: 'Events API v2',
          serviceId: id,
          createdAt,
          integrationKey: rng.hex32(),
          integrationEmail: null,
        },
      ],
    });
  }
}
