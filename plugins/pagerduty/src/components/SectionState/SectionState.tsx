import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import {
  PagerDutyPartialError,
  PagerDutySectionResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, describePartialError } from '../../api';
import { RefreshableState } from '../../hooks/useRefreshable';
import { formatAge } from '../../utils/time';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/** "Showing data from 5 min ago, PagerDuty unreachable" when the backend served its cache. */
export function StaleNotice(props: { fetchedAt: string }) {
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <Alert severity="warning" data-testid="pagerduty-stale">
      {t('section.stale', { ago: formatAge(props.fetchedAt) })}
    </Alert>
  );
}

/** Failures limited to some services of the entity. */
export function PartialErrors(props: {
  errors: PagerDutyPartialError[];
  what: string;
  serviceName?: (serviceId: string) => string | undefined;
}) {
  const { errors, what, serviceName } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <>
      {errors.map((error, index) => {
        const problem = describePartialError(error);
        const service = error.serviceId
          ? serviceName?.(error.serviceId) ?? error.serviceId
          : undefined;
        return (
          <PagerDutyProblemPanel
            key={`${error.serviceId ?? ''}-${index}`}
            problem={problem}
            context={service ? t('section.ofService', { what, service }) : what}
          />
        );
      })}
    </>
  );
}

/**
 * The loading, error, stale and partial-failure states of one section; renders `children` with
 * the data once there is some. A failure here never affects the other sections.
 */
export function SectionState<T extends PagerDutySectionResponse>(props: {
  state: RefreshableState<T>;
  /** Name of the section, e.g. "Incidents". */
  what: string;
  serviceName?: (serviceId: string) => string | undefined;
  /** True when there is nothing to show (used to tell "empty" from "every service failed"). */
  isEmpty: (value: T) => boolean;
  children: (value: T) => ReactNode;
}) {
  const { state, what, serviceName, isEmpty, children } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);

  if (state.loading) {
    return (
      <Progress
        aria-label={t('section.loading', { what: what.toLocaleLowerCase() })}
      />
    );
  }
  if (!state.value) {
    return (
      <PagerDutyProblemPanel
        problem={describePagerDutyError(state.error)}
        context={what}
      />
    );
  }

  const value = state.value;
  const allFailed = value.errors.length > 0 && isEmpty(value);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {state.error && (
        <PagerDutyProblemPanel
          problem={describePagerDutyError(state.error)}
          context={t('section.refreshFailed', { what })}
        />
      )}
      {value.freshness.stale && (
        <StaleNotice fetchedAt={value.freshness.fetchedAt} />
      )}
      <PartialErrors
        errors={value.errors}
        what={what}
        serviceName={serviceName}
      />
      {!allFailed && children(value)}
    </Box>
  );
}
