import { MappingSnapshot } from './MappingSnapshot';
import { SyncedService } from './types';

const service = (account: string, serviceId: string): SyncedService => ({
  account,
  serviceId,
  name: serviceId,
  status: 'active',
  htmlUrl: `https://pd.test/${serviceId}`,
  teams: [],
  keyDigests: ['digest-1'],
});

describe('MappingSnapshot', () => {
  it('resolves a key known in several accounts to the preferred account, whatever the order', () => {
    for (const order of [
      [service('main', 'PMAIN'), service('europe', 'PEU')],
      [service('europe', 'PEU'), service('main', 'PMAIN')],
    ]) {
      const snapshot = new MappingSnapshot(() => 'main');
      snapshot.replace([], order, 0);
      expect(snapshot.serviceOfKey('digest-1')).toEqual({
        account: 'main',
        serviceId: 'PMAIN',
      });
    }
  });

  it('reports the entities whose PagerDuty dependencies changed, to be reprocessed', () => {
    const snapshot = new MappingSnapshot(() => 'main');
    snapshot.replace([], [], 0);
    const first = snapshot.replace(
      [],
      [],
      1,
      new Map([['component:default/a', ['component:default/b']]]),
    );
    expect(first.changed).toEqual(['component:default/a']);
    expect(snapshot.dependenciesOf('Component:default/A')).toEqual([
      'component:default/b',
    ]);
    const same = snapshot.replace(
      [],
      [],
      2,
      new Map([['component:default/a', ['component:default/b']]]),
    );
    expect(same.changed).toEqual([]);
    const gone = snapshot.replace([], [], 3, new Map());
    expect(gone.changed).toEqual(['component:default/a']);
    expect(snapshot.dependenciesOf('component:default/a')).toEqual([]);
  });
});
