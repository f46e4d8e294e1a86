import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  Link,
  Progress,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  PagerDutyService,
  PagerDutyServicesResponse,
  PagerDutyServiceStatus,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError } from '../../api';
import { RefreshableState } from '../../hooks/useRefreshable';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { PartialErrors, StaleNotice } from '../SectionState';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  service: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1),
  },
}));

/** Status of a PagerDuty service with the Backstage status icons. */
export function ServiceStatus(props: { status: PagerDutyServiceStatus }) {
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const known: readonly string[] = [
    'active',
    'warning',
    'critical',
    'maintenance',
    'disabled',
  ];
  const label = known.includes(props.status)
    ? t(`services.status.${props.status}`)
    : props.status;
  switch (props.status) {
    case 'active':
      return <StatusOK>{label}</StatusOK>;
    case 'warning':
      return <StatusWarning>{label}</StatusWarning>;
    case 'critical':
      return <StatusError>{label}</StatusError>;
    case 'maintenance':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusAborted>{label}</StatusAborted>;
  }
}

function ServiceLine(props: { service: PagerDutyService }) {
  const { service } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <Box className={classes.service} data-testid={`service-${service.id}`}>
      <Typography variant="subtitle1" component="p">
        <Link to={service.htmlUrl}>{service.name}</Link>
      </Typography>
      <Typography variant="body2" component="span">
        <ServiceStatus status={service.status} />
      </Typography>
      {service.escalationPolicy && (
        <Typography variant="body2" component="span" color="textSecondary">
          {t('services.escalationPolicy')}{' '}
          {service.escalationPolicy.htmlUrl ? (
            <Link to={service.escalationPolicy.htmlUrl}>
              {service.escalationPolicy.name}
            </Link>
          ) : (
            service.escalationPolicy.name
          )}
        </Typography>
      )}
    </Box>
  );
}

/** The entity's PagerDuty services: name, status and links into PagerDuty. */
export function ServiceHeader(props: {
  state: RefreshableState<PagerDutyServicesResponse>;
}) {
  const { state } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  if (state.loading) {
    return <Progress aria-label={t('services.loading')} />;
  }
  if (!state.value) {
    return (
      <PagerDutyProblemPanel
        problem={describePagerDutyError(state.error)}
        context={t('services.what')}
      />
    );
  }
  const { services, errors, freshness } = state.value;
  return (
    <Box mb={1}>
      {freshness.stale && <StaleNotice fetchedAt={freshness.fetchedAt} />}
      <PartialErrors errors={errors} what={t('services.whatOne')} />
      {services.length === 0 && errors.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {t('services.none')}
        </Typography>
      )}
      {services.map(service => (
        <ServiceLine
          key={`${service.account}/${service.id}`}
          service={service}
        />
      ))}
    </Box>
  );
}
