import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, StatusWarning } from '@backstage/core-components';
import {
  PagerDutyEscalationPolicyOnCall,
  PagerDutyOnCallEntry,
  PagerDutyOnCallLevel,
  PagerDutyOnCallResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { RefreshableState } from '../../hooks/useRefreshable';
import { formatFull, formatTime } from '../../utils/time';
import { PersonAvatar } from '../PersonAvatar';
import { SectionState } from '../SectionState';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  policy: { marginBottom: theme.spacing(2) },
  levels: { listStyle: 'none', margin: 0, padding: 0 },
  level: {
    padding: theme.spacing(1),
    borderLeft: `4px solid ${theme.palette.divider}`,
    marginBottom: theme.spacing(1),
  },
  // Marked by its border only: a tinted background drops secondary text below WCAG contrast.
  firstLevel: {
    borderLeft: `4px solid ${theme.palette.primary.main}`,
  },
  entries: { listStyle: 'none', margin: 0, padding: 0 },
  entry: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.5, 0),
  },
}));

/** Levels in escalation order, each person once per level and schedule. */
export function orderLevels(
  levels: PagerDutyOnCallLevel[],
): PagerDutyOnCallLevel[] {
  return [...levels]
    .sort((a, b) => a.level - b.level)
    .map(level => {
      const seen = new Set<string>();
      const oncalls = level.oncalls.filter(entry => {
        const key = `${entry.user.id}/${entry.schedule?.id ?? ''}`;
        if (seen.has(key)) {
          return false;
        }
        seen.add(key);
        return true;
      });
      return { ...level, oncalls };
    });
}

/** True for an entry whose shift has not started yet (the level has a gap right now). */
export function isUpcoming(
  entry: PagerDutyOnCallEntry,
  now: number = Date.now(),
): boolean {
  return Boolean(entry.from) && Date.parse(entry.from!) > now;
}

function OnCallEntry(props: { entry: PagerDutyOnCallEntry }) {
  const { entry } = props;
  const classes = useStyles();
  const { user, schedule, until, from } = entry;
  const upcoming = isUpcoming(entry);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <li className={classes.entry}>
      <PersonAvatar user={user} decorative />
      <Box minWidth={0}>
        <Typography variant="body1">
          {user.htmlUrl ? (
            <Link to={user.htmlUrl}>{user.name}</Link>
          ) : (
            user.name
          )}
        </Typography>
        {user.email && (
          <Typography variant="body2">
            <Link to={`mailto:${user.email}`}>{user.email}</Link>
          </Typography>
        )}
        <Typography variant="body2" color="textSecondary">
          {schedule && (
            <>
              {schedule.htmlUrl ? (
                <Link to={schedule.htmlUrl}>{schedule.name}</Link>
              ) : (
                schedule.name
              )}
              {' · '}
            </>
          )}
          {upcoming && (
            <time dateTime={from} title={formatFull(from!)}>
              {t('onCallNow.from', { time: formatTime(from!) })}
            </time>
          )}
          {upcoming && until && ' '}
          {until && (
            <time dateTime={until} title={formatFull(until)}>
              {t('onCallNow.until', { time: formatTime(until) })}
            </time>
          )}
          {!upcoming && !until && t('onCallNow.alwaysOnCall')}
        </Typography>
      </Box>
    </li>
  );
}

function LevelEntries(props: { oncalls: PagerDutyOnCallEntry[] }) {
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const current = props.oncalls.filter(entry => !isUpcoming(entry));
  const next = props.oncalls.filter(entry => isUpcoming(entry));
  const list = (entries: PagerDutyOnCallEntry[], label?: string) => (
    <ul className={classes.entries} aria-label={label}>
      {entries.map(entry => (
        <OnCallEntry
          key={`${entry.user.id}/${entry.schedule?.id ?? ''}`}
          entry={entry}
        />
      ))}
    </ul>
  );
  if (current.length > 0) {
    return list(current);
  }
  return (
    <>
      <StatusWarning>{t('onCallSection.nobodyAtLevel')}</StatusWarning>
      {next.length > 0 && (
        <>
          <Typography variant="body2" color="textSecondary" component="p">
            {t('onCallSection.nextOnCallColon')}
          </Typography>
          {list(next, t('onCallSection.nextOnCall'))}
        </>
      )}
    </>
  );
}

function Policy(props: {
  policy: PagerDutyEscalationPolicyOnCall;
  serviceNames?: string;
}) {
  const { policy, serviceNames } = props;
  const classes = useStyles();
  const { escalationPolicy } = policy;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <Box className={classes.policy}>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        {t('onCallNow.policy')}{' '}
        {escalationPolicy.htmlUrl ? (
          <Link to={escalationPolicy.htmlUrl}>{escalationPolicy.name}</Link>
        ) : (
          escalationPolicy.name
        )}
        {serviceNames && ` (${serviceNames})`}
      </Typography>
      <ol
        className={classes.levels}
        aria-label={t('onCallSection.levels', {
          policy: escalationPolicy.name,
        })}
      >
        {orderLevels(policy.levels).map(level => (
          <li
            key={level.level}
            className={`${classes.level} ${
              level.level === 1 ? classes.firstLevel : ''
            }`}
            data-testid={`oncall-level-${level.level}`}
          >
            <Typography variant="subtitle2" component="p">
              {t('onCallSection.level', { level: String(level.level) })}
              {level.level === 1 && t('onCallSection.firstResponder')}
            </Typography>
            <LevelEntries oncalls={level.oncalls} />
          </li>
        ))}
      </ol>
    </Box>
  );
}

/** Who is on call now, per escalation policy and level (level 1 first and highlighted). */
export function OnCallSection(props: {
  state: RefreshableState<PagerDutyOnCallResponse>;
  serviceName?: (serviceId: string) => string | undefined;
}) {
  const { state, serviceName } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <SectionState
      state={state}
      what={t('onCallSection.what')}
      serviceName={serviceName}
      isEmpty={value => value.policies.length === 0}
    >
      {({ policies }) =>
        policies.length === 0 ? (
          <Typography variant="body2">{t('onCallNow.noPolicy')}</Typography>
        ) : (
          policies.map(policy => (
            <Policy
              key={policy.escalationPolicy.id}
              policy={policy}
              serviceNames={
                policies.length > 1
                  ? policy.serviceIds
                      .map(id => serviceName?.(id) ?? id)
                      .join(', ')
                  : undefined
              }
            />
          ))
        )
      }
    </SectionState>
  );
}
