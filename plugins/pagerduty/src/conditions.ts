import { Entity } from '@backstage/catalog-model';
import { hasValidPagerDutyAnnotations } from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * True when the entity has a valid `pagerduty.com/service-id` or `pagerduty.com/integration-key`
 * annotation. Use it in an `EntitySwitch.Case` to show the card only where it can work.
 * @public
 */
export function isPagerDutyAvailable(entity: Entity): boolean {
  return hasValidPagerDutyAnnotations(entity);
}
