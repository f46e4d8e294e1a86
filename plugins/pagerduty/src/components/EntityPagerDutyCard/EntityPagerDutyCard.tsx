import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  MissingAnnotationEmptyState,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PAGERDUTY_INTEGRATION_KEY_ANNOTATION,
  PAGERDUTY_SERVICE_ID_ANNOTATION,
  readPagerDutyAnnotations,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { pagerDutyProblem } from '../../api';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { EntityPagerDutyCardProps, PagerDutyCard } from './PagerDutyCard';

/**
 * The PagerDuty card of the current catalog entity: services, open incidents, on-call and
 * change events, with a trigger dialog and incident actions.
 * @public
 */
export function EntityPagerDutyCard(props: EntityPagerDutyCardProps) {
  const { entity } = useEntity();
  const annotations = readPagerDutyAnnotations(entity);

  if (annotations.status === 'absent') {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          PAGERDUTY_SERVICE_ID_ANNOTATION,
          PAGERDUTY_INTEGRATION_KEY_ANNOTATION,
        ]}
      />
    );
  }
  if (annotations.status === 'invalid') {
    return (
      <InfoCard title="PagerDuty" titleTypographyProps={{ component: 'h3' }}>
        <PagerDutyProblemPanel
          problem={pagerDutyProblem('invalid-annotation', annotations.message)}
        />
      </InfoCard>
    );
  }
  return (
    <PagerDutyCard
      {...props}
      entityRef={stringifyEntityRef(entity)}
      entityName={entity.metadata.title ?? entity.metadata.name}
      ownerRef={
        entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef
      }
    />
  );
}
