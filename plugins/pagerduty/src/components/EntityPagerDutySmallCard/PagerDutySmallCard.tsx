import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  PagerDutyOnCallEntry,
  PagerDutyOnCallResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { useRefreshable } from '../../hooks/useRefreshable';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { PersonAvatar } from '../PersonAvatar';
import { ServiceStatus } from '../ServiceHeader';
import { TriggerButton } from '../TriggerButton';
import { TriggerDialog } from '../TriggerDialog';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  rows: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) },
  line: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  count: { fontSize: '1.5rem', fontWeight: 600, lineHeight: 1 },
}));

/** Props of the small PagerDuty card. @public */
export interface EntityPagerDutySmallCardProps {
  /** Hide the trigger button. */
  readOnly?: boolean;
}

/** The people on call right now at level 1 of every policy (no one from a later shift). */
export function onCallNow(
  oncall: PagerDutyOnCallResponse | undefined,
): PagerDutyOnCallEntry[] {
  const seen = new Set<string>();
  const out: PagerDutyOnCallEntry[] = [];
  for (const policy of oncall?.policies ?? []) {
    const first = policy.levels.find(l => l.level === 1);
    for (const entry of first?.oncalls ?? []) {
      if (entry.from || seen.has(entry.user.id)) continue;
      seen.add(entry.user.id);
      out.push(entry);
    }
  }
  return out;
}

/**
 * A compact PagerDuty card: status, who is on call now, the number of open incidents and a
 * trigger button. For sidebars and dense entity pages; {@link PagerDutyCard} has the details.
 */
export function PagerDutySmallCard(
  props: EntityPagerDutySmallCardProps & {
    entityRef: string;
    entityName?: string;
  },
) {
  const { entityRef, entityName, readOnly } = props;
  const classes = useStyles();
  const api = useApi(pagerDutyApiRef);
  const [triggerOpen, setTriggerOpen] = useState(false);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const services = useRefreshable(
    () => api.getServices(entityRef),
    [api, entityRef],
  );
  const incidents = useRefreshable(
    () => api.getIncidents(entityRef),
    [api, entityRef],
  );
  const oncall = useRefreshable(
    () => api.getOnCall(entityRef),
    [api, entityRef],
  );
  const problem = services.error
    ? describePagerDutyError(services.error)
    : undefined;
  const people = onCallNow(oncall.value);
  const open = incidents.value?.incidents.length;

  return (
    <InfoCard
      title={t('smallCard.title')}
      titleTypographyProps={{ component: 'h3' }}
      action={
        !readOnly && !problem?.global ? (
          <TriggerButton
            entityRef={entityRef}
            onClick={() => setTriggerOpen(true)}
          />
        ) : undefined
      }
    >
      {problem?.global && <PagerDutyProblemPanel problem={problem} />}
      {!problem?.global && services.loading && <Progress />}
      {!problem?.global && !services.loading && (
        <Box className={classes.rows} data-testid="pagerduty-small-card">
          {services.value?.services.map(service => (
            <Box
              key={`${service.account}/${service.id}`}
              className={classes.line}
            >
              <Typography variant="body2">
                <strong>{service.name}</strong>
              </Typography>
              <ServiceStatus status={service.status} />
            </Box>
          ))}
          {problem && !problem.global && (
            <Typography variant="body2" color="error">
              {problem.message}
            </Typography>
          )}
          <Box className={classes.line}>
            <Typography className={classes.count} component="span">
              {open ?? '–'}
            </Typography>
            <Typography variant="body2" color="textSecondary" component="span">
              {t('smallCard.openIncidents', { count: open ?? 0 })}
            </Typography>
          </Box>
          <Box>
            <Typography variant="caption" color="textSecondary" component="p">
              {t('smallCard.onCallNow')}
            </Typography>
            {oncall.loading && <Progress />}
            {!oncall.loading && people.length === 0 && (
              <Typography variant="body2">
                {oncall.error
                  ? t('smallCard.unavailable')
                  : t('smallCard.nobody')}
              </Typography>
            )}
            {people.map(entry => (
              <Box key={entry.user.id} className={classes.line} mt={0.5}>
                <PersonAvatar user={entry.user} size="small" decorative />
                <Typography variant="body2">{entry.user.name}</Typography>
              </Box>
            ))}
          </Box>
        </Box>
      )}
      {!readOnly && (
        <TriggerDialog
          open={triggerOpen}
          onClose={() => setTriggerOpen(false)}
          entityRef={entityRef}
          entityName={entityName}
          onDelivered={() => {
            incidents.refresh();
            services.refresh();
          }}
        />
      )}
    </InfoCard>
  );
}
