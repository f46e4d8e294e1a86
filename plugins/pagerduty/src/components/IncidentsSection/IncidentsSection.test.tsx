import { registerMswTestHooks } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { PagerDutyIncident } from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  incident,
  incidentsResponse,
  minutesAgo,
} from '../../__testUtils__/fixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { EntityPagerDutyCard } from '../EntityPagerDutyCard';
import { triageOrder } from './incidentOrder';

const server = createPagerDutyServer();
registerMswTestHooks(server);

/** 30 low-urgency incidents, newest first, and the only P1 in 29th place. */
function storm(): PagerDutyIncident[] {
  return Array.from({ length: 30 }, (_, i) =>
    incident({
      id: `PSTORM${i}`,
      number: 100 + i,
      title: i === 28 ? 'Payments down (P1)' : `Disk alert ${i}`,
      urgency: i === 28 ? 'high' : 'low',
      status: i % 3 === 0 ? 'acknowledged' : 'triggered',
      priority: i === 28 ? { id: 'P1', name: 'P1' } : undefined,
      createdAt: minutesAgo(i),
    }),
  );
}

describe('IncidentsSection', () => {
  it('lists a storm in triage order, the first 4 with "Show all 30"', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () =>
        json(incidentsResponse(storm())),
      ),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    const list = await screen.findByRole('list', { name: 'Open incidents' });
    const rows = within(list).getAllByTestId(/^incident-PSTORM/);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toHaveTextContent('Payments down (P1)');
    // Then triggered before acknowledged, oldest first.
    expect(rows.slice(1).map(r => r.dataset.testid)).toEqual([
      'incident-PSTORM29',
      'incident-PSTORM26',
      'incident-PSTORM25',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Show all 30' }));
    expect(within(list).getAllByTestId(/^incident-PSTORM/)).toHaveLength(30);
    expect(screen.getByRole('button', { name: 'Show fewer' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
  });

  it('gives each row its triage context', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () =>
        json(
          incidentsResponse([
            incident({
              status: 'acknowledged',
              lastStatusChangeAt: minutesAgo(12),
              acknowledgements: [
                {
                  user: { id: 'PUSER02', name: 'Grace Hopper' },
                  at: minutesAgo(12),
                },
              ],
              escalationLevel: 2,
              alertCounts: { all: 3, triggered: 2, resolved: 1 },
              conferenceBridge: { url: 'https://meet.example.com/inc-42' },
            }),
          ]),
        ),
      ),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    const context = await screen.findByTestId('incident-context-PINC001');
    expect(context).toHaveTextContent(
      'Acknowledged for 12 min · acknowledged by Grace Hopper 12 min ago · level 2 · 3 alerts · Join bridge',
    );
    expect(
      within(context).getByRole('link', { name: /Join bridge/ }),
    ).toHaveAttribute('href', 'https://meet.example.com/inc-42');
  });

  it('opens the details with the notes and timeline, readable on the card', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents/PINC001`, () =>
        json({
          incident: incident(),
          description: 'p99 latency of /checkout above 2 s for 10 min',
          notes: [
            {
              id: 'PNOTE1',
              content: 'Rolled back to v2.3.0',
              createdAt: minutesAgo(2),
              user: { id: 'PUSER01', name: 'Ada Lovelace' },
            },
          ],
          logEntries: [
            {
              id: 'PLOG2',
              type: 'annotate',
              summary: 'Note added',
              createdAt: minutesAgo(2),
              agent: { id: 'PUSER01', name: 'Ada Lovelace' },
            },
            {
              id: 'PLOG1',
              type: 'trigger',
              summary: 'Triggered through the API.',
              createdAt: minutesAgo(7),
            },
          ],
        }),
      ),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    const toggle = await screen.findByRole('button', {
      name: 'Details of incident #42',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    const details = await screen.findByTestId('incident-details-PINC001');
    expect(details).toHaveTextContent(
      'p99 latency of /checkout above 2 s for 10 min',
    );
    expect(
      within(details).getByRole('list', { name: 'Notes' }),
    ).toHaveTextContent(/Rolled back to v2\.3\.0.*Ada Lovelace/);
    const timeline = within(details).getByRole('list', { name: 'Timeline' });
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(2);
    expect(
      screen.getByRole('button', { name: 'Hide details of incident #42' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });
});

describe('triageOrder', () => {
  it('puts triggered first, then high urgency, then priority, then the oldest', () => {
    const order = triageOrder([
      incident({ id: 'ack', status: 'acknowledged', priority: undefined }),
      incident({ id: 'low', urgency: 'low', priority: undefined }),
      incident({ id: 'p2', priority: { id: 'x', name: 'P2' } }),
      incident({ id: 'p1new', createdAt: minutesAgo(1) }),
      incident({ id: 'p1old', createdAt: minutesAgo(60) }),
    ]).map(i => i.id);
    expect(order).toEqual(['p1old', 'p1new', 'p2', 'low', 'ack']);
  });
});
