import { registerMswTestHooks } from '@backstage/test-utils';
import { SignalApi } from '@backstage/plugin-signals-react';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import { delay, http, HttpResponse } from 'msw';
import {
  annotatedEntity,
  changeEventsResponse,
  errorBody,
  incident,
  incidentsResponse,
  minutesAgo,
  onCallResponse,
  triggerStatus,
} from '../../__testUtils__/fixtures';
import {
  BASE_URL,
  createPagerDutyServer,
  ENTITY_URL,
  alertMessages,
  json,
  renderWithApis,
  setCardLiveUpdates,
} from '../../__testUtils__/render';
import { EntityPagerDutyCard } from './EntityPagerDutyCard';

const server = createPagerDutyServer();
registerMswTestHooks(server);

const INCIDENT_TITLE = 'Checkout latency above 2 s';

describe('EntityPagerDutyCard', () => {
  it('shows a loading state per section until the card’s one request answers', async () => {
    // The card loads its sections with one request (GET …/card): a slow section holds the
    // first paint of the others back (the backend gives it its own deadline).
    server.use(
      http.get(`${ENTITY_URL}/incidents`, async () => {
        await delay('infinite');
        return json({});
      }),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    expect(
      await screen.findByLabelText('Loading incidents'),
    ).toBeInTheDocument();
    expect(screen.queryByText(INCIDENT_TITLE)).not.toBeInTheDocument();
    expect(screen.queryByText('Checkout API')).not.toBeInTheDocument();
  });

  it('loads every section of a view with one request', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(new URL(request.url).pathname.split('/').pop()!);
    });
    try {
      await renderWithApis(<EntityPagerDutyCard />);
      expect(await screen.findByText(INCIDENT_TITLE)).toBeInTheDocument();
      expect(screen.getByText('Checkout API')).toBeInTheDocument();
      // One request from the card; the test server composes it from the section routes.
      expect(requests.filter(r => r === 'card')).toHaveLength(1);
    } finally {
      server.events.removeAllListeners('request:start');
    }
  });

  it('lists open incidents with status, urgency, priority, age, assignees and links', async () => {
    await renderWithApis(<EntityPagerDutyCard />);
    const row = await screen.findByTestId('incident-PINC001');
    const r = within(row);
    expect(r.getByText('Triggered')).toBeInTheDocument();
    expect(r.getByText('High urgency')).toBeInTheDocument();
    expect(r.getByText('Priority P1')).toBeInTheDocument();
    expect(
      r.getByRole('link', { name: new RegExp(INCIDENT_TITLE) }),
    ).toHaveAttribute('href', 'https://acme.pagerduty.com/incidents/PINC001');
    expect(row).toHaveTextContent('#42 · opened 7 min ago');
    expect(r.getByText('Ada Lovelace')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Incidents (1)' }),
    ).toBeInTheDocument();

    // Header: service with status and links into PagerDuty.
    const service = screen.getByTestId('service-PSVC001');
    expect(
      within(service).getByRole('link', { name: /Checkout API/ }),
    ).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/service-directory/PSVC001',
    );
    expect(service).toHaveTextContent('Critical (high-urgency incident open)');
    expect(
      within(service).getByRole('link', { name: /Payments escalation/ }),
    ).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/escalation_policies/PEP0001',
    );
  });

  it('opens on the escalation policy when there are no incidents, and says so as good news', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () => json(incidentsResponse([]))),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    const incidentsTab = await screen.findByRole('tab', {
      name: 'Incidents (0)',
    });
    expect(
      screen.getByRole('tab', { name: 'Escalation policy' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('oncall-level-1')).toBeInTheDocument();
    await userEvent.click(incidentsTab);
    expect(
      await screen.findByTestId('pagerduty-no-incidents'),
    ).toHaveTextContent('No open incidents');
  });

  it('opens on the incidents when there are some', async () => {
    await renderWithApis(<EntityPagerDutyCard />);
    await screen.findByText(INCIDENT_TITLE);
    expect(screen.getByRole('tab', { name: 'Incidents (1)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  describe('tells errors apart', () => {
    const everySection = (respond: () => Response) =>
      server.use(
        http.get(`${ENTITY_URL}/:section`, respond),
        http.get(`${BASE_URL}/triggers/:id`, respond),
      );

    it.each([
      [
        'backend plugin not installed',
        () => new HttpResponse(null, { status: 404 }),
        'PagerDuty backend plugin not installed',
      ],
      [
        'PagerDuty not configured',
        () =>
          json(
            errorBody(
              503,
              'PagerDutyError',
              'no accounts',
              'PAGERDUTY_NOT_CONFIGURED',
            ),
            503,
          ),
        'PagerDuty is not configured',
      ],
      [
        'token rejected',
        () =>
          json(
            errorBody(
              502,
              'PagerDutyError',
              'renew it',
              'PAGERDUTY_TOKEN_REJECTED',
            ),
            502,
          ),
        'PagerDuty rejected the API token',
      ],
      [
        'service not found',
        () =>
          json(
            errorBody(
              404,
              'PagerDutyError',
              'no service PSVC001',
              'PAGERDUTY_SERVICE_NOT_FOUND',
            ),
            404,
          ),
        'PagerDuty service not found',
      ],
      [
        'no permission',
        () => json(errorBody(403, 'NotAllowedError', 'Access denied'), 403),
        'No permission',
      ],
    ])('%s', async (_, respond, title) => {
      everySection(respond);
      await renderWithApis(<EntityPagerDutyCard />);
      const alert = await screen.findByText(title);
      expect(alert).toBeInTheDocument();
      // Shown once for the card, not repeated per section, and no trigger button.
      expect(screen.getAllByText(title)).toHaveLength(1);
      expect(
        screen.queryByRole('button', { name: /Trigger incident/ }),
      ).not.toBeInTheDocument();
    });

    it('invalid annotation, naming the annotation, without calling the backend', async () => {
      const calls = jest.fn();
      server.events.on('request:start', calls);
      await renderWithApis(<EntityPagerDutyCard />, {
        entity: {
          ...annotatedEntity,
          metadata: {
            ...annotatedEntity.metadata,
            annotations: { 'pagerduty.com/service-id': 'not an id' },
          },
        },
      });
      expect(
        await screen.findByText('Invalid PagerDuty annotation'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/Annotation pagerduty.com\/service-id has the value/),
      ).toBeInTheDocument();
      expect(calls).not.toHaveBeenCalled();
      server.events.removeAllListeners();
    });

    it('invalid annotation reported by the backend names it too', async () => {
      everySection(() =>
        json(
          errorBody(
            400,
            'PagerDutyError',
            'Annotation pagerduty.com/account names no configured account',
            'PAGERDUTY_INVALID_ANNOTATION',
          ),
          400,
        ),
      );
      await renderWithApis(<EntityPagerDutyCard />);
      expect(
        await screen.findByText('Invalid PagerDuty annotation'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'Annotation pagerduty.com/account names no configured account',
        ),
      ).toBeInTheDocument();
    });
  });

  it('keeps incidents visible when change events fail with a 403', async () => {
    server.use(
      http.get(`${ENTITY_URL}/change-events`, () =>
        json(
          errorBody(
            403,
            'PagerDutyError',
            'no change events scope',
            'PAGERDUTY_FORBIDDEN',
          ),
          403,
        ),
      ),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    expect(await screen.findByText(INCIDENT_TITLE)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Change events' }));
    expect(
      await screen.findByText('Change events: PagerDuty refused access'),
    ).toBeInTheDocument();
    expect(screen.getByText('no change events scope')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: /Incidents/ }));
    expect(screen.getByText(INCIDENT_TITLE)).toBeInTheDocument();
  });

  it('shows per-service failures of a section next to the other services’ data', async () => {
    server.use(
      http.get(`${ENTITY_URL}/change-events`, () =>
        json({
          ...changeEventsResponse(),
          errors: [
            {
              serviceId: 'PSVC002',
              code: 'PAGERDUTY_FORBIDDEN',
              message: 'change events need a Business plan',
            },
          ],
        }),
      ),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Change events' }),
    );
    expect(
      await screen.findByText('Deployed checkout v2.3.1'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Change events of PSVC002: PagerDuty refused access'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /PR #12/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/checkout/pull/12',
    );
  });

  it('marks stale data with its age', async () => {
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () =>
        json({
          ...incidentsResponse(),
          freshness: { fetchedAt: minutesAgo(5), stale: true },
        }),
      ),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    expect(await screen.findByTestId('pagerduty-stale')).toHaveTextContent(
      'Showing data from 5 min ago, PagerDuty unreachable.',
    );
    expect(screen.getByText(INCIDENT_TITLE)).toBeInTheDocument();
  });

  it('lists on-call levels in order, level 1 first, each person once, and gaps explicitly', async () => {
    server.use(
      http.get(`${ENTITY_URL}/oncall`, () => {
        const response = onCallResponse();
        response.policies[0].levels.push({ level: 4, oncalls: [] });
        return json(response);
      }),
    );
    await renderWithApis(<EntityPagerDutyCard />);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'Escalation policy' }),
    );
    await screen.findByTestId('oncall-level-1');
    const levels = screen.getAllByTestId(/^oncall-level-/);
    expect(levels.map(l => l.dataset.testid)).toEqual([
      'oncall-level-1',
      'oncall-level-2',
      'oncall-level-3',
      'oncall-level-4',
    ]);
    expect(levels[0]).toHaveTextContent('Level 1 · first responder');
    expect(within(levels[0]).getAllByText('Ada Lovelace')).toHaveLength(1);
    expect(
      within(levels[0]).getByRole('link', { name: /ada@example.com/ }),
    ).toHaveAttribute('href', 'mailto:ada@example.com');
    expect(levels[0]).toHaveTextContent('Payments primary');
    expect(levels[0]).toHaveTextContent(/until /);
    expect(within(levels[1]).getByText('Grace Hopper')).toBeInTheDocument();
    // Level 3: a schedule gap, with who comes next.
    expect(levels[2]).toHaveTextContent('Nobody on call at this level');
    expect(
      within(levels[2]).getByRole('list', { name: 'Next on call' }),
    ).toHaveTextContent('Alan Turing');
    expect(levels[3]).toHaveTextContent('Nobody on call at this level');
    expect(levels[0]).not.toHaveTextContent('Nobody on call');
  });

  describe('permissions', () => {
    it('disables the trigger button with an explanation when trigger is denied', async () => {
      await renderWithApis(<EntityPagerDutyCard />, {
        deny: ['pagerduty.incident.trigger'],
      });
      await screen.findByText(INCIDENT_TITLE);
      const button = await screen.findByRole('button', {
        name: /Trigger incident/,
      });
      await waitFor(() =>
        expect(button).toHaveAttribute('aria-disabled', 'true'),
      );
      expect(button).toHaveAttribute(
        'title',
        'You are not allowed to trigger incidents for this entity',
      );
      await userEvent.click(button);
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      // Managing is still allowed.
      expect(
        screen.getByRole('button', { name: 'Acknowledge incident #42' }),
      ).toBeInTheDocument();
    });

    it('keeps incident actions visible with the reason when manage is denied', async () => {
      await renderWithApis(<EntityPagerDutyCard />, {
        deny: ['pagerduty.incident.manage'],
      });
      await screen.findByText(INCIDENT_TITLE);
      const button = await screen.findByRole('button', {
        name: /Trigger incident/,
      });
      expect(button).not.toHaveAttribute('aria-disabled');
      expect(button).toBeEnabled();
      const acknowledge = await screen.findByRole('button', {
        name: 'Acknowledge incident #42',
      });
      expect(acknowledge).toHaveAttribute('aria-disabled', 'true');
      expect(acknowledge).toHaveAttribute(
        'title',
        'You are not allowed to manage incidents of this entity',
      );
      const acknowledgeCalls: string[] = [];
      server.events.on('request:start', ({ request }) => {
        if (request.method === 'POST') acknowledgeCalls.push(request.url);
      });
      await userEvent.click(acknowledge);
      expect(acknowledgeCalls).toEqual([]);
      server.events.removeAllListeners();
      expect(
        screen.queryByRole('button', { name: /Reassign incident/ }),
      ).not.toBeInTheDocument();
    });

    it('hides the trigger button and actions when readOnly', async () => {
      await renderWithApis(<EntityPagerDutyCard readOnly />);
      await screen.findByText(INCIDENT_TITLE);
      expect(
        screen.queryByRole('button', { name: /Trigger incident/ }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /Acknowledge incident/ }),
      ).not.toBeInTheDocument();
    });

    it('hides the on-call and change-events tabs when disabled', async () => {
      const requested: string[] = [];
      server.events.on('request:start', ({ request }) =>
        requested.push(request.url),
      );
      await renderWithApis(
        <EntityPagerDutyCard disableOnCall disableChangeEvents />,
      );
      await screen.findByText(INCIDENT_TITLE);
      expect(screen.getAllByRole('tab')).toHaveLength(1);
      expect(requested.some(url => url.endsWith('/oncall'))).toBe(false);
      expect(requested.some(url => url.endsWith('/change-events'))).toBe(false);
      server.events.removeAllListeners();
    });
  });

  it('acknowledges an incident, reports it and refreshes the incidents', async () => {
    let acknowledged = false;
    let incidentFetches = 0;
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () => {
        incidentFetches += 1;
        return json(
          incidentsResponse([
            incident({ status: acknowledged ? 'acknowledged' : 'triggered' }),
          ]),
        );
      }),
      http.post(`${ENTITY_URL}/incidents/PINC001/acknowledge`, () => {
        acknowledged = true;
        return json({ incident: incident({ status: 'acknowledged' }) });
      }),
    );
    const { alerts, analytics } = await renderWithApis(<EntityPagerDutyCard />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge incident #42' }),
    );
    await waitFor(() =>
      expect(alertMessages({ alerts, analytics })).toEqual([
        'Incident #42 acknowledged.',
      ]),
    );
    expect(analytics.getEvents()).toEqual([
      expect.objectContaining({ action: 'acknowledge', subject: 'PINC001' }),
    ]);
    expect(acknowledged).toBe(true);
    await waitFor(() => expect(incidentFetches).toBe(2));
    const row = screen.getByTestId('incident-PINC001');
    expect(within(row).getByText('Acknowledged')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Acknowledge incident #42' }),
    ).not.toBeInTheDocument();
  });

  it('resolves an incident only after confirmation', async () => {
    const resolve = jest.fn();
    server.use(
      http.post(`${ENTITY_URL}/incidents/PINC001/resolve`, () => {
        resolve();
        return json({ incident: incident({ status: 'resolved' }) });
      }),
    );
    const recorders = await renderWithApis(<EntityPagerDutyCard />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Resolve incident #42' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Resolve incident #42?',
    });
    expect(resolve).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Resolve' }),
    );
    await waitFor(() =>
      expect(alertMessages(recorders)).toEqual(['Incident #42 resolved.']),
    );
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(recorders.analytics.getEvents()).toEqual([
      expect.objectContaining({
        action: 'resolve',
        subject: 'PINC001',
        attributes: {
          entityRef: expect.stringMatching(/^component:default\/checkout/),
          incidentNumber: 42,
        },
      }),
    ]);
  });

  it('reports a failed action without breaking the card', async () => {
    server.use(
      http.post(`${ENTITY_URL}/incidents/PINC001/acknowledge`, () =>
        json(errorBody(403, 'NotAllowedError', 'not yours'), 403),
      ),
    );
    const recorders = await renderWithApis(<EntityPagerDutyCard />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge incident #42' }),
    );
    await waitFor(() =>
      expect(recorders.alerts).toEqual([
        expect.objectContaining({
          severity: 'error',
          message: expect.stringMatching(
            /Could not acknowledge incident #42: No permission\. not yours/,
          ),
        }),
      ]),
    );
    expect(screen.getByText(INCIDENT_TITLE)).toBeInTheDocument();
  });

  it('shows a delivered trigger in the list without a manual reload', async () => {
    // The dialog polls the trigger after 500 ms: fake time, so the test never waits for it.
    jest.useFakeTimers({ advanceTimers: true });
    const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
    let delivered = false;
    server.use(
      http.post(`${ENTITY_URL}/incidents`, () => json(triggerStatus(), 202)),
      http.get(`${BASE_URL}/triggers/trg-1`, () => {
        delivered = true;
        return json(triggerStatus({ status: 'delivered', attempts: 1 }));
      }),
      http.get(`${ENTITY_URL}/incidents`, () =>
        json(
          incidentsResponse(
            delivered
              ? [
                  incident(),
                  incident({
                    id: 'PINC002',
                    number: 43,
                    title: 'Payments down',
                  }),
                ]
              : [incident()],
          ),
        ),
      ),
    );
    try {
      await renderWithApis(<EntityPagerDutyCard />);
      await user.click(
        await screen.findByRole('button', { name: /Trigger incident/ }),
      );
      const dialog = await screen.findByRole('dialog');
      fireEvent.change(
        within(dialog).getByRole('textbox', { name: /Summary/ }),
        { target: { value: 'Payments down' } },
      );
      await user.click(
        within(dialog).getByRole('button', { name: 'Trigger incident' }),
      );
      await within(dialog).findByText(/Queued/);
      act(() => {
        jest.advanceTimersByTime(500);
      });
      expect(
        await within(dialog).findByText(/Delivered to PagerDuty/),
      ).toBeInTheDocument();
      await user.click(within(dialog).getByRole('button', { name: 'Close' }));
      expect(await screen.findByText('Payments down')).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('refetches the sections named in a signal and says it is live', async () => {
    const listeners = new Map<string, (message: any) => void>();
    const signals: SignalApi = {
      subscribe: (channel, onMessage) => {
        listeners.set(channel, onMessage as (message: any) => void);
        return { unsubscribe: () => listeners.delete(channel) };
      },
    };
    let incidentFetches = 0;
    let oncallFetches = 0;
    server.use(
      http.get(`${ENTITY_URL}/incidents`, () => {
        incidentFetches += 1;
        return json(incidentsResponse());
      }),
      http.get(`${ENTITY_URL}/oncall`, () => {
        oncallFetches += 1;
        return json(onCallResponse());
      }),
    );
    await renderWithApis(<EntityPagerDutyCard />, { signals });
    expect(await screen.findByTestId('pagerduty-live')).toHaveTextContent(
      'Live updates',
    );
    await waitFor(() =>
      expect(listeners.has('pagerduty:default:PSVC001')).toBe(true),
    );
    await waitFor(() => expect(incidentFetches).toBe(1));
    act(() =>
      listeners.get('pagerduty:default:PSVC001')!({
        serviceId: 'PSVC001',
        account: 'default',
        eventType: 'incident.acknowledged',
        sections: ['incidents'],
      }),
    );
    await waitFor(() => expect(incidentFetches).toBe(2));
    expect(oncallFetches).toBe(1);
  });

  it('still refetches every 5 minutes when live, for signals lost while reconnecting', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const signals = {
        subscribe: () => ({ unsubscribe: () => {} }),
      };
      let incidentFetches = 0;
      server.use(
        http.get(`${ENTITY_URL}/incidents`, () => {
          incidentFetches += 1;
          return json(incidentsResponse());
        }),
      );
      await renderWithApis(<EntityPagerDutyCard />, { signals });
      expect(await screen.findByTestId('pagerduty-live')).toHaveTextContent(
        'Live updates',
      );
      await waitFor(() => expect(incidentFetches).toBe(1));
      act(() => {
        jest.advanceTimersByTime(60_000);
      });
      expect(incidentFetches).toBe(1);
      act(() => {
        jest.advanceTimersByTime(240_000);
      });
      await waitFor(() => expect(incidentFetches).toBe(2));
    } finally {
      jest.useRealTimers();
    }
  });

  it('polls every 60 s, with signals, when the backend says they do not cross its replicas', async () => {
    setCardLiveUpdates({ acrossReplicas: false });
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const listeners = new Map<string, (message: any) => void>();
      const signals: SignalApi = {
        subscribe: (channel, onMessage) => {
          listeners.set(channel, onMessage as (message: any) => void);
          return { unsubscribe: () => listeners.delete(channel) };
        },
      };
      let incidentFetches = 0;
      server.use(
        http.get(`${ENTITY_URL}/incidents`, () => {
          incidentFetches += 1;
          return json(incidentsResponse());
        }),
      );
      await renderWithApis(<EntityPagerDutyCard />, { signals });
      await waitFor(() => expect(incidentFetches).toBe(1));
      expect(await screen.findByTestId('pagerduty-live')).toHaveTextContent(
        'Refreshes every 60 s',
      );
      act(() => {
        jest.advanceTimersByTime(60_000);
      });
      await waitFor(() => expect(incidentFetches).toBe(2));
      // Signals of this replica still refresh at once.
      await waitFor(() =>
        expect(listeners.has('pagerduty:default:PSVC001')).toBe(true),
      );
      act(() =>
        listeners.get('pagerduty:default:PSVC001')!({
          serviceId: 'PSVC001',
          account: 'default',
          eventType: 'incident.acknowledged',
          sections: ['incidents'],
        }),
      );
      await waitFor(() => expect(incidentFetches).toBe(3));
    } finally {
      jest.useRealTimers();
    }
  });

  it('says it polls when the signals plugin is not installed', async () => {
    await renderWithApis(<EntityPagerDutyCard />);
    expect(await screen.findByTestId('pagerduty-live')).toHaveTextContent(
      'Refreshes every 60 s',
    );
  });

  it('has no axe violations', async () => {
    const { container } = await renderWithApis(<EntityPagerDutyCard />);
    await screen.findByText(INCIDENT_TITLE);
    await screen.findByText('Checkout API');
    expect(await axe(container)).toHaveNoViolations();
    await userEvent.click(
      screen.getByRole('tab', { name: 'Escalation policy' }),
    );
    await screen.findByTestId('oncall-level-1');
    expect(await axe(container)).toHaveNoViolations();
  });
});
