import { screen } from '@testing-library/react';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http } from 'msw';
import { errorBody } from '../../__testUtils__/fixtures';
import { insightsResponse } from '../../__testUtils__/healthFixtures';
import {
  createPagerDutyServer,
  ENTITY_URL,
  json,
  renderWithApis,
} from '../../__testUtils__/render';
import { InsightsStrip } from './InsightsStrip';

const server = createPagerDutyServer();
registerMswTestHooks(server);

describe('InsightsStrip', () => {
  it('shows counts, MTTA, MTTR, SLA shares, the standards score and incidents per day', async () => {
    let days: string | null = null;
    server.use(
      http.get(`${ENTITY_URL}/insights`, ({ request }) => {
        days = new URL(request.url).searchParams.get('days');
        return json(insightsResponse());
      }),
    );
    await renderWithApis(
      <InsightsStrip entityRef="component:default/checkout" />,
    );
    const strip = await screen.findByTestId('pagerduty-insights');
    expect(days).toBeNull();
    const text = strip.textContent;
    expect(text).toContain('Incidents (30 d)25');
    expect(text).toContain('High urgency13');
    expect(text).toContain('Interruptions31');
    expect(text).toContain('MTTA7 min');
    expect(text).toContain('MTTR1 h 13 min');
    expect(text).toContain('Acked in SLA83 %');
    expect(text).toContain('Resolved in SLA63 %');
    expect(text).toContain('Standards6/7');
    expect(text).toContain('Failing standards: Service uses dynamic urgency');
    expect(text).not.toContain('no analytics');
    expect(
      screen.getByRole('img', {
        name: /Incidents per day over 30 days: 25 in total, at most 3 on/,
      }),
    ).toBeInTheDocument();
  });

  it('says when the figures were computed because the account has no analytics', async () => {
    server.use(
      http.get(`${ENTITY_URL}/insights`, () =>
        json(insightsResponse({ source: 'incidents', sla: undefined })),
      ),
    );
    await renderWithApis(
      <InsightsStrip entityRef="component:default/checkout" days={7} />,
    );
    expect(
      await screen.findByText(
        /Computed from the incident history: this PagerDuty account has no analytics/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Acked in SLA')).not.toBeInTheDocument();
  });

  it('states the problem when the insights cannot be loaded', async () => {
    server.use(
      http.get(`${ENTITY_URL}/insights`, () =>
        json(
          errorBody(
            503,
            'ServiceUnavailableError',
            'PagerDuty did not answer',
            'PAGERDUTY_UNAVAILABLE',
          ),
          503,
        ),
      ),
    );
    await renderWithApis(
      <InsightsStrip entityRef="component:default/checkout" />,
    );
    expect(await screen.findByText(/Insights unavailable/)).toBeInTheDocument();
  });
});
