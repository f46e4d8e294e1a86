import { Entity } from '@backstage/catalog-model';
import { isPagerDutyAvailable, isPluginApplicableToEntity } from './conditions';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
});

describe('isPagerDutyAvailable', () => {
  it.each([
    ['a service id', { 'pagerduty.com/service-id': 'PSVC001' }],
    ['several service ids', { 'pagerduty.com/service-id': 'PSVC001, PSVC002' }],
    ['an integration key', { 'pagerduty.com/integration-key': 'a'.repeat(32) }],
  ])('is true for %s', (_, annotations) => {
    expect(isPagerDutyAvailable(entity(annotations))).toBe(true);
  });

  it.each([
    ['no annotations at all', undefined],
    ['unrelated annotations', { 'github.com/project-slug': 'acme/checkout' }],
    ['only an account', { 'pagerduty.com/account': 'eu' }],
  ])('is false for %s', (_, annotations) => {
    expect(isPagerDutyAvailable(entity(annotations))).toBe(false);
  });

  it.each([
    ['a malformed service id', { 'pagerduty.com/service-id': 'not an id' }],
    ['an empty service id', { 'pagerduty.com/service-id': '' }],
    ['a short integration key', { 'pagerduty.com/integration-key': 'abc' }],
    [
      'a valid service id with a malformed integration key',
      {
        'pagerduty.com/service-id': 'PSVC001',
        'pagerduty.com/integration-key': 'abc',
      },
    ],
    [
      'a malformed account',
      {
        'pagerduty.com/service-id': 'PSVC001',
        'pagerduty.com/account': '../etc',
      },
    ],
  ])('is true for %s, so the card can say what is wrong', (_, annotations) => {
    expect(isPagerDutyAvailable(entity(annotations))).toBe(true);
  });

  it('is also exported under the legacy name isPluginApplicableToEntity', () => {
    expect(isPluginApplicableToEntity).toBe(isPagerDutyAvailable);
  });
});
