import { stringifyEntityRef } from '@backstage/catalog-model';
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
      <InfoCard
        title="PagerDuty status"
        titleTypographyProps={{ component: 'h3' }}
      >
        <PagerDutyProblemPanel
          problem={pagerDutyProblem('invalid-annotation', annotations.message)}
        />
      </InfoCard>
    );
  }
  return (
    <PagerDutySmallCard
      {...props}
      entityRef={stringifyEntityRef(entity)}
      entityName={entity.metadata.title ?? entity.metadata.name}
    />
  );
}
