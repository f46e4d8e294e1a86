import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import {
  PagerDutyInsightsResponse,
  PagerDutySlaShare,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { RefreshableState, useRefreshable } from '../../hooks/useRefreshable';
import { formatDuration } from '../../utils/duration';
import { IncidentsPerDayChart } from './IncidentsPerDayChart';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2.5),
    padding: theme.spacing(1, 0, 1.5),
  },
  figure: { display: 'flex', flexDirection: 'column', minWidth: 56 },
  value: { fontSize: '1.15rem', fontWeight: 600, lineHeight: 1.3 },
  failing: { color: theme.palette.text.primary, fontWeight: 600 },
}));

/** One figure; the hint is a native tooltip (cheap: the strip renders on every card). */
function Figure(props: { label: string; value: ReactNode; hint?: string }) {
  const classes = useStyles();
  return (
    <Box className={classes.figure} title={props.hint}>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography component="span" className={classes.value}>
        {props.value}
      </Typography>
    </Box>
  );
}

const percent = (share: PagerDutySlaShare) =>
  share.total ? `${Math.round((share.met / share.total) * 100)} %` : '–';

/** The insights of an entity, already loaded (or failed). */
export function InsightsStripView(props: {
  state: RefreshableState<PagerDutyInsightsResponse>;
}) {
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const { value, error, loading } = props.state;
  if (loading && !value) return null;
  if (!value) {
    return (
      <Typography variant="caption" color="textSecondary" component="p">
        {t('insights.unavailable', {
          reason: error
            ? describePagerDutyError(error).message
            : t('insights.noAnswer'),
        })}
      </Typography>
    );
  }
  const { insights, standards } = value;
  // The period (e.g. 30 days ending at the current hour) spans one more calendar day.
  const days = Math.round(
    (Date.parse(insights.until) - Date.parse(insights.since)) / 86_400_000,
  );
  const passing = standards.reduce((n, s) => n + s.passing, 0);
  const total = standards.reduce((n, s) => n + s.total, 0);
  const failing = standards.flatMap(s => s.failing);
  return (
    <Box data-testid="pagerduty-insights">
      <Box
        className={classes.strip}
        role="group"
        aria-label={t('insights.lastDays', { days: String(days) })}
      >
        <Figure
          label={t('insights.incidents', { days: String(days) })}
          value={insights.incidentCount}
        />
        <Figure
          label={t('insights.highUrgency')}
          value={insights.highUrgencyCount}
        />
        <Figure
          label={t('insights.interruptions')}
          value={insights.interruptions}
          hint={t('insights.interruptionsHint')}
        />
        <Figure
          label={t('insights.mtta')}
          value={
            insights.mttaSeconds === undefined
              ? '–'
              : formatDuration(insights.mttaSeconds)
          }
          hint={t('insights.mttaHint')}
        />
        <Figure
          label={t('insights.mttr')}
          value={
            insights.mttrSeconds === undefined
              ? '–'
              : formatDuration(insights.mttrSeconds)
          }
          hint={t('insights.mttrHint')}
        />
        {insights.sla && (
          <>
            <Figure
              label={t('insights.ackedInSla')}
              value={percent(insights.sla.acknowledgedInTime)}
              hint={t('insights.ackedInSlaHint', {
                met: String(insights.sla.acknowledgedInTime.met),
                total: String(insights.sla.acknowledgedInTime.total),
              })}
            />
            <Figure
              label={t('insights.resolvedInSla')}
              value={percent(insights.sla.resolvedInTime)}
              hint={t('insights.resolvedInSlaHint', {
                met: String(insights.sla.resolvedInTime.met),
                total: String(insights.sla.resolvedInTime.total),
              })}
            />
          </>
        )}
        {total > 0 && (
          <Figure
            label={t('insights.standards')}
            value={`${passing}/${total}`}
            hint={t('insights.standardsHint')}
          />
        )}
        {insights.incidentCount > 0 && (
          <IncidentsPerDayChart days={insights.perDay} />
        )}
      </Box>
      {failing.length > 0 && (
        <Typography variant="caption" component="p" className={classes.failing}>
          {t('insights.failing', {
            names: failing.map(f => f.name).join(', '),
          })}
        </Typography>
      )}
      {insights.source === 'incidents' && (
        <Typography variant="caption" color="textSecondary" component="p">
          {t('insights.fromIncidents')}
        </Typography>
      )}
    </Box>
  );
}

/** Counts, MTTA/MTTR, SLA shares, incidents per day and standards of an entity's services. */
export function InsightsStrip(props: { entityRef: string; days?: number }) {
  const api = useApi(pagerDutyApiRef);
  const { entityRef, days } = props;
  const state = useRefreshable(
    () => api.getInsights(entityRef, days ? { days } : undefined),
    [api, entityRef, days],
  );
  return <InsightsStripView state={state} />;
}
