import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EntityAnnotationGate } from '../EntityAnnotationGate';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';
import { EntityPagerDutyCardProps, PagerDutyCard } from './PagerDutyCard';

/**
 * The PagerDuty card of the current catalog entity: services, open incidents, on-call and
 * change events, with a trigger dialog and incident actions.
 * @public
 */
export function EntityPagerDutyCard(props: EntityPagerDutyCardProps) {
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <EntityAnnotationGate title={t('card.title')}>
      {entity => (
        <PagerDutyCard
          {...props}
          entityRef={stringifyEntityRef(entity)}
          entityName={entity.metadata.title ?? entity.metadata.name}
          ownerRef={
            entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef
          }
        />
      )}
    </EntityAnnotationGate>
  );
}
