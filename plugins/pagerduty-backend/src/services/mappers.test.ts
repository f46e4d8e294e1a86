/* eslint-disable no-script-url */ // Script URLs are what these tests send.
import {
  PdIncident,
  PdService,
} from '@backstage-pagerduty/plugin-pagerduty-node';
import { toChangeEvent, toIncident, toService, toUser } from './mappers';

/*
 * PagerDuty's answers are untrusted: a link the browser would render must be http(s).
 */
describe('mappers', () => {
  it('drops change-event links and pages that are not http(s)', () => {
    const event = toChangeEvent(
      {
        id: 'CE1',
        summary: 'Deploy',
        timestamp: '2026-11-23T10:00:00Z',
        html_url: 'javascript:alert(document.cookie)',
        links: [
          { href: 'javascript:alert(1)', text: 'click' },
          { href: 'data:text/html,<script>alert(1)</script>' },
          { href: 'https://ci.example.com/build/42', text: 'build' },
          { href: 'not a url' },
        ],
      },
      'PSVC1',
    );
    expect(event.htmlUrl).toBeUndefined();
    expect(event.links).toEqual([
      { href: 'https://ci.example.com/build/42', text: 'build' },
    ]);
  });

  it('drops users’ avatar and page links that are not http(s)', () => {
    expect(
      toUser({
        id: 'PU1',
        name: 'Mallory',
        avatar_url: 'javascript:x',
        html_url: 'vbscript:y',
      } as any),
    ).toEqual({ id: 'PU1', name: 'Mallory' });
  });

  it('replaces a service’s or incident’s page that is not http(s) by PagerDuty’s own', () => {
    const service = toService('main', {
      id: 'PSVC1',
      name: 'Checkout',
      status: 'active',
      html_url: 'javascript:alert(1)',
      escalation_policy: {
        id: 'PEP1',
        summary: 'EP',
        html_url: 'javascript:alert(2)',
      },
    } as PdService);
    expect(service.htmlUrl).toBe(
      'https://app.pagerduty.com/service-directory/PSVC1',
    );
    expect(service.escalationPolicy).toEqual({ id: 'PEP1', name: 'EP' });
    const incident = toIncident({
      id: 'PINC1',
      incident_number: 1,
      title: 'Down',
      status: 'triggered',
      urgency: 'high',
      created_at: '2026-11-23T10:00:00Z',
      html_url: 'data:text/html,x',
      service: { id: 'PSVC1' },
      assignments: [],
    } as unknown as PdIncident);
    expect(incident.htmlUrl).toBe('https://app.pagerduty.com/incidents/PINC1');
  });

  it('keeps http(s) links as they are', () => {
    expect(
      toService('main', {
        id: 'PSVC1',
        name: 'Checkout',
        status: 'active',
        html_url: 'https://acme.pagerduty.com/service-directory/PSVC1',
      } as PdService).htmlUrl,
    ).toBe('https://acme.pagerduty.com/service-directory/PSVC1');
  });
});
