import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityAnnotationGate } from '../EntityAnnotationGate';
import {
  EntityPagerDutySmallCardProps,
  PagerDutySmallCard,
} from './PagerDutySmallCard';

/**
 * The small PagerDuty card of the current catalog entity: status, on call now, open incidents
 * and a trigger button.
 * @public
 */
export function EntityPagerDutySmallCard(props: EntityPagerDutySmallCardProps) {
  return (
    <EntityAnnotationGate title="PagerDuty status">
      {entity => (
        <PagerDutySmallCard
          {...props}
          entityRef={stringifyEntityRef(entity)}
          entityName={entity.metadata.title ?? entity.metadata.name}
        />
      )}
    </EntityAnnotationGate>
  );
}
