import { Entity } from '@backstage/catalog-model';
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

/**
 * Renders `children` for the current entity when its PagerDuty annotations are valid; without
 * them, the catalog's missing-annotation state; with a malformed one, a card titled `title`
 * that names the annotation and the expected format, so the owner learns it is broken.
 */
export function EntityAnnotationGate(props: {
  title: string;
  children: (entity: Entity) => JSX.Element;
}) {
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
      <InfoCard title={props.title} titleTypographyProps={{ component: 'h3' }}>
        <PagerDutyProblemPanel
          problem={pagerDutyProblem('invalid-annotation', annotations.message)}
        />
      </InfoCard>
    );
  }
  return props.children(entity);
}
