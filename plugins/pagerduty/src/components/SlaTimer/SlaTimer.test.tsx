import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { triggeredSla } from '../../__testUtils__/healthFixtures';
import { SlaTimer } from './SlaTimer';

const CREATED = '2025-03-10T11:52:00Z';
const at = (iso: string) => Date.parse(iso);

describe('SlaTimer', () => {
  it('counts down to the acknowledgement, the next escalation and the resolution', async () => {
    await renderInTestApp(
      <SlaTimer sla={triggeredSla(CREATED)} now={at('2025-03-10T12:00:00Z')} />,
    );
    expect(screen.getByText('Ack due in 7 min')).toBeInTheDocument();
    expect(
      screen.getByText('Escalates to level 2 in 7 min'),
    ).toBeInTheDocument();
    expect(screen.getByText('Resolve due in 52 min')).toBeInTheDocument();
    expect(screen.getByTestId('pagerduty-sla-timer')).toHaveAttribute(
      'title',
      'SLA target: high urgency',
    );
  });

  it('says how late an overdue deadline is', async () => {
    await renderInTestApp(
      <SlaTimer sla={triggeredSla(CREATED)} now={at('2025-03-10T12:10:00Z')} />,
    );
    expect(screen.getByText('Ack overdue by 3 min')).toBeInTheDocument();
    expect(
      screen.getByText('Escalation to level 2 late by 3 min'),
    ).toBeInTheDocument();
    expect(screen.getByText('Resolve due in 42 min')).toBeInTheDocument();
  });

  it('renders nothing without deadlines', async () => {
    await renderInTestApp(
      <div data-testid="row">
        <SlaTimer sla={{}} />
        <SlaTimer />
      </div>,
    );
    expect(screen.getByTestId('row')).toBeEmptyDOMElement();
  });
});
