import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityAnnotationGate } from '../EntityAnnotationGate';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';
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
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <EntityAnnotationGate title={t('smallCard.title')}>
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
