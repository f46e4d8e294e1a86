import { Entity } from '@backstage/catalog-model';
import { readPagerDutyAnnotations } from '@backstage-pagerduty/plugin-pagerduty-common';

/**
 * True when the entity has a `pagerduty.com/service-id` or `pagerduty.com/integration-key`
 * annotation, valid or not: a malformed one shows a small card naming the annotation and the
 * expected format, so the owner learns it is broken instead of the card silently vanishing.
 * Use it in an `EntitySwitch.Case` (or as the new frontend system's filter).
 * @public
 */
export function isPagerDutyAvailable(entity: Entity): boolean {
  return readPagerDutyAnnotations(entity).status !== 'absent';
}

/**
 * The name other PagerDuty plugins use for {@link isPagerDutyAvailable}, so switching to this
 * plugin needs no change in `EntityPage.tsx`.
 * @public
 */
export const isPluginApplicableToEntity = isPagerDutyAvailable;
