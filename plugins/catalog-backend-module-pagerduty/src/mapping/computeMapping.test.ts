import { computeMapping } from './computeMapping';
import { normaliseName } from './normalise';
import { MappableEntity, MappingDecisionRow, SyncedService } from './types';

const service = (
  serviceId: string,
  name: string,
  teams: string[] = [],
): SyncedService => ({
  account: 'main',
  serviceId,
  name,
  status: 'active',
  htmlUrl: `https://pd/${serviceId}`,
  teams: teams.map(t => ({ id: `T${t}`, name: t })),
  keyDigests: [`digest-${serviceId}`],
});

const entity = (
  name: string,
  extra: Partial<MappableEntity> = {},
): MappableEntity => ({
  ref: `component:default/${name}`,
  name,
  claims: [],
  ...extra,
});

const decision = (
  serviceId: string,
  entityRef: string,
  d: 'mapped' | 'rejected',
): MappingDecisionRow => ({
  account: 'main',
  serviceId,
  entityRef,
  decision: d,
  actor: 'user:default/admin',
  updatedAt: '2026-11-23T00:00:00Z',
});

const run = (
  services: SyncedService[],
  entities: MappableEntity[],
  decisions: MappingDecisionRow[] = [],
  autoMapByName = true,
) => computeMapping(services, entities, decisions, { autoMapByName });

describe('normaliseName', () => {
  it('compares names across case, separators and noise words', () => {
    expect(normaliseName('Checkout API Service')).toBe('checkoutapi');
    expect(normaliseName('checkout-api')).toBe('checkoutapi');
    expect(normaliseName('Payments Team')).toBe('payments');
    expect(normaliseName('service')).toBe('service');
  });
});

describe('computeMapping', () => {
  it('maps a unique name match, or only suggests it when auto-mapping is off', () => {
    const [auto] = run([service('P1', 'Shipping')], [entity('shipping')]);
    expect(auto).toMatchObject({
      state: 'mapped',
      entityRef: 'component:default/shipping',
      source: 'name',
    });
    const [suggested] = run(
      [service('P1', 'Shipping')],
      [entity('shipping')],
      [],
      false,
    );
    expect(suggested).toMatchObject({
      state: 'suggested',
      candidates: [
        { entityRef: 'component:default/shipping', reasons: ['name'] },
      ],
    });
  });

  it('reports two entities claiming one service as a conflict, never guessing', () => {
    const claim = (serviceId: string) => ({
      claims: [{ account: 'main', serviceId, source: 'annotation' as const }],
    });
    const [byAnnotation] = run(
      [service('P1', 'Search')],
      [entity('a', claim('P1')), entity('b', claim('P1'))],
    );
    expect(byAnnotation.state).toBe('conflict');
    expect(byAnnotation.candidates.map(c => c.entityRef)).toEqual([
      'component:default/a',
      'component:default/b',
    ]);
    const [byName] = run(
      [service('P1', 'Search')],
      [
        entity('search'),
        { ...entity('search'), ref: 'component:other/search' },
      ],
    );
    expect(byName.state).toBe('conflict');
  });

  it('lets the team tell equal names apart', () => {
    const [s] = run(
      [service('P1', 'Search', ['Search Team'])],
      [
        entity('search', { owner: 'group:default/search-team' }),
        {
          ...entity('search', { owner: 'group:default/other' }),
          ref: 'component:other/search',
        },
      ],
    );
    expect(s.state).toBe('suggested');
    expect(s.candidates[0]).toEqual({
      entityRef: 'component:default/search',
      reasons: ['name', 'team'],
    });
  });

  it('suggests entities owned by the service team that share a word with it', () => {
    const [s] = run(
      [service('P1', 'Identity', ['Platform'])],
      [
        entity('identity-gateway', { owner: 'group:default/platform-team' }),
        entity('docs-site', { owner: 'group:default/platform-team' }),
      ],
    );
    expect(s).toMatchObject({
      state: 'suggested',
      candidates: [
        { entityRef: 'component:default/identity-gateway', reasons: ['team'] },
      ],
    });
  });

  it('applies manual mappings and rejections', () => {
    const services = [service('P1', 'Shipping'), service('P2', 'Identity')];
    const entities = [entity('shipping'), entity('auth-gateway')];
    const [rejected, manual] = run(services, entities, [
      decision('P1', 'component:default/shipping', 'rejected'),
      decision('P2', 'component:default/auth-gateway', 'mapped'),
    ]);
    expect(rejected).toMatchObject({
      state: 'unmapped',
      rejected: ['component:default/shipping'],
    });
    expect(manual).toMatchObject({
      state: 'mapped',
      source: 'manual',
      entityRef: 'component:default/auth-gateway',
    });
  });

  it('resolves integration-key claims by digest and keeps YAML over name matches', () => {
    const [s] = run(
      [service('P1', 'Payments')],
      [
        entity('payments'),
        entity('gateway', {
          claims: [
            {
              account: 'main',
              keyDigest: 'digest-P1',
              source: 'integration-key',
            },
          ],
        }),
      ],
    );
    expect(s).toMatchObject({
      state: 'mapped',
      entityRef: 'component:default/gateway',
      source: 'integration-key',
    });
  });

  it('maps 2,000 services against 5,000 entities (the benchmark prints the time)', () => {
    const services = Array.from({ length: 2000 }, (_, i) =>
      service(`P${i}`, `Service ${i}`, [`Team ${i % 20}`]),
    );
    const entities = Array.from({ length: 5000 }, (_, i) =>
      entity(`service-${i}`, { owner: `group:default/team-${i % 20}` }),
    );
    const states = run(services, entities);
    expect(states.filter(s => s.state === 'mapped')).toHaveLength(2000);
  });
});
