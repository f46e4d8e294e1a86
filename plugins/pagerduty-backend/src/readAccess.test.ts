/*
 * Card reads reuse a user's resolution of an entity for `pagerDuty.entityCache.ttl`: a burst of
 * views asks the catalog once, and a user who loses read access to the entity loses card
 * access within that window (the catalog, like Backstage's, answers "not found" to a user who
 * may not read the entity). Writes always ask the catalog.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  PagerDutySimulator,
  SEED,
} from '@backstage-pagerduty/pagerduty-simulator';
import { DefaultPagerDutyClientService } from '@backstage-pagerduty/plugin-pagerduty-node';
import express from 'express';
import Knex from 'knex';
import request from 'supertest';
import {
  CATALOG,
  createMockedBackend,
  simAccount,
  useSimulator,
} from './__testUtils__/backend';

const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const CHECKOUT = '/entities/component/default/checkout';

describe('read access to an entity', () => {
  let sim: PagerDutySimulator;

  useSimulator(s => (sim = s), { reset: false });

  /**
   * The plugin on a catalog where `denied` users may not read `checkout`, and a clock the test
   * moves; counts the catalog reads.
   */
  async function setUp(entityCache?: object) {
    let now = Date.parse('2026-01-05T10:00:00Z');
    const denied = new Set<string>();
    const reads: string[] = [];
    const catalog = catalogServiceMock({ entities: CATALOG });
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = async (
      ref: string | CompoundEntityRef,
      options: { credentials: BackstageCredentials },
    ) => {
      const principal = options.credentials.principal as {
        userEntityRef?: string;
      };
      reads.push(
        `${principal.userEntityRef} ${
          typeof ref === 'string' ? ref : stringifyEntityRef(ref)
        }`,
      );
      if (denied.has(principal.userEntityRef ?? '')) return undefined;
      return getEntityByRef(ref, options);
    };
    const config = new ConfigReader({
      app: { baseUrl: 'http://backstage.test' },
      pagerDuty: {
        ...simAccount(sim),
        ...(entityCache ? { entityCache } : {}),
      },
    });
    const pagerDuty = DefaultPagerDutyClientService.fromConfig(config, {
      logger: mockServices.logger.mock(),
      cache: mockServices.cache.mock(),
    });
    const knex = Knex({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const backend = await createMockedBackend({
      config,
      database: mockServices.database({ knex }),
      pagerDuty,
      catalog,
      now: () => now,
    });
    const app = express().use(backend.router);
    const card = (user: string) =>
      request(app)
        .get(`${CHECKOUT}/card?sections=services`)
        .set('Authorization', mockCredentials.user.header(user));
    return {
      card,
      section: (user: string) =>
        request(app)
          .get(`${CHECKOUT}/services`)
          .set('Authorization', mockCredentials.user.header(user)),
      trigger: (user: string) =>
        request(app)
          .post(`${CHECKOUT}/incidents`)
          .set('Authorization', mockCredentials.user.header(user))
          .send({ summary: 'Checkout down', severity: 'error' }),
      deny: (user: string) => denied.add(user),
      advance: (ms: number) => {
        now += ms;
      },
      reads,
      stop: async () => {
        await backend.worker.stop();
        await knex.destroy();
      },
    };
  }

  it('loses card access within the window (default 5 s) after losing read access', async () => {
    const t = await setUp();
    expect((await t.card(BOB)).status).toBe(200);
    t.deny(BOB);
    // Within the window the earlier decision is reused: the documented trade-off.
    t.advance(4_999);
    const within = await t.card(BOB);
    expect(within.status).toBe(200);
    expect(within.body.sections.services.body.services[0].id).toBe(
      SEED.services.checkout,
    );
    // After it, the catalog is asked again and its "not found" is the answer, on every route.
    t.advance(1);
    const after = await t.card(BOB);
    expect(after.status).toBe(404);
    expect(after.body.error.code).toBe('PAGERDUTY_NOT_FOUND');
    expect((await t.section(BOB)).status).toBe(404);
    // The loss is remembered by no one: it is asked again each time, not cached.
    expect(t.reads).toEqual([
      `${BOB} component:default/checkout`,
      `${BOB} component:default/checkout`,
      `${BOB} component:default/checkout`,
    ]);
    await t.stop();
  });

  it('follows a configured window, and never reuses one user’s decision for another', async () => {
    const t = await setUp({ ttl: { seconds: 2 } });
    expect((await t.card(BOB)).status).toBe(200);
    t.deny(CAROL);
    expect((await t.card(CAROL)).status).toBe(404);
    t.deny(BOB);
    t.advance(1_999);
    expect((await t.card(BOB)).status).toBe(200);
    t.advance(1);
    expect((await t.card(BOB)).status).toBe(404);
    await t.stop();
  });

  it('asks the catalog once for a burst of views and sections, and every time with ttl 0', async () => {
    const cached = await setUp();
    await Promise.all([
      ...Array.from({ length: 20 }, () => cached.card(BOB)),
      ...Array.from({ length: 5 }, () => cached.section(BOB)),
    ]);
    expect(cached.reads).toHaveLength(1);
    await cached.stop();

    const uncached = await setUp({ ttl: 0 });
    for (let i = 0; i < 3; i++) {
      expect((await uncached.card(BOB)).status).toBe(200);
    }
    expect(uncached.reads).toHaveLength(3);
    await uncached.stop();
  });

  it('checks read access afresh for a write, even within the window', async () => {
    const t = await setUp();
    expect((await t.card(BOB)).status).toBe(200);
    t.deny(BOB);
    const res = await t.trigger(BOB);
    expect(res.status).toBe(404);
    expect(t.reads).toHaveLength(2);
    await t.stop();
  });
});
