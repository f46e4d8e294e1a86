import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, StatusWarning } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  PagerDutyEscalationPolicyOnCall,
  PagerDutyOnCallEntry,
  PagerDutyOnCallResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { CatalogUser, useCatalogUsers } from '../../hooks/useCatalogUsers';
import { RefreshableState } from '../../hooks/useRefreshable';
import { pagerDutyTranslationRef } from '../../translation';
import { formatFull, formatTime } from '../../utils/time';
import { ContactLinks } from '../ContactLinks';
import { PersonAvatar } from '../PersonAvatar';
import { SectionState } from '../SectionState';
import { summarizeOnCall } from './onCallSummary';

const useStyles = makeStyles(theme => ({
  root: {
    borderLeft: `4px solid ${theme.palette.primary.main}`,
    paddingLeft: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  },
  person: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.5, 0),
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  inline: { display: 'inline' },
}));

function When(props: { entry: PagerDutyOnCallEntry; upcoming?: boolean }) {
  const { entry, upcoming } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  if (upcoming && entry.from) {
    return (
      <time dateTime={entry.from} title={formatFull(entry.from)}>
        {t('onCallNow.from', { time: formatTime(entry.from) })}
      </time>
    );
  }
  if (entry.until) {
    return (
      <time dateTime={entry.until} title={formatFull(entry.until)}>
        {t('onCallNow.until', { time: formatTime(entry.until) })}
      </time>
    );
  }
  return <>{t('onCallNow.alwaysOnCall')}</>;
}

function Person(props: {
  entry: PagerDutyOnCallEntry;
  level?: number;
  catalogUser?: CatalogUser;
  upcoming?: boolean;
}) {
  const { entry, level, catalogUser, upcoming } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const { user, schedule } = entry;
  return (
    <li className={classes.person} data-testid={`oncall-now-${user.id}`}>
      <PersonAvatar user={user} decorative />
      <Box minWidth={0}>
        <Typography variant="subtitle1" component="p">
          {user.htmlUrl ? (
            <Link to={user.htmlUrl}>{user.name}</Link>
          ) : (
            user.name
          )}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {level !== undefined &&
            `${t('onCallNow.level', { level: String(level) })} · `}
          {schedule && `${schedule.name} · `}
          <When entry={entry} upcoming={upcoming} />
        </Typography>
        {!upcoming && <ContactLinks user={user} catalogUser={catalogUser} />}
      </Box>
    </li>
  );
}

function names(entries: PagerDutyOnCallEntry[]): string {
  return [...new Set(entries.map(e => e.user.name))].join(', ');
}

function PolicyNow(props: {
  policy: PagerDutyEscalationPolicyOnCall;
  showPolicyName: boolean;
  serviceNames?: string;
  catalogUsers: Map<string, CatalogUser>;
}) {
  const { policy, showPolicyName, serviceNames, catalogUsers } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const classes = useStyles();
  const summary = useMemo(() => summarizeOnCall(policy), [policy]);
  const catalogUser = (entry: PagerDutyOnCallEntry) =>
    entry.user.email
      ? catalogUsers.get(entry.user.email.toLowerCase())
      : undefined;
  return (
    <Box
      className={classes.root}
      data-testid={`oncall-now-policy-${policy.escalationPolicy.id}`}
    >
      {showPolicyName && (
        <Typography variant="body2" color="textSecondary">
          {t('onCallNow.policy')}{' '}
          {policy.escalationPolicy.htmlUrl ? (
            <Link to={policy.escalationPolicy.htmlUrl}>
              {policy.escalationPolicy.name}
            </Link>
          ) : (
            policy.escalationPolicy.name
          )}
          {serviceNames && ` (${serviceNames})`}
        </Typography>
      )}
      {summary.level1Gap && (
        <StatusWarning>
          {t('onCallNow.nobodyAtLevel1')}
          {summary.responders.length > 0 && ` ${t('onCallNow.pagedNow')}:`}
        </StatusWarning>
      )}
      {summary.responders.length === 0 && !summary.level1Gap && (
        <Typography variant="body2">{t('onCallNow.nobody')}</Typography>
      )}
      <ul className={classes.list} aria-label={t('onCallNow.title')}>
        {summary.responders.map(entry => (
          <Person
            key={`${entry.user.id}/${entry.schedule?.id ?? ''}`}
            entry={entry}
            level={summary.level1Gap ? summary.respondersLevel : undefined}
            catalogUser={catalogUser(entry)}
          />
        ))}
      </ul>
      {summary.next.length > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="oncall-now-next"
        >
          {summary.escalationDelayInMinutes !== undefined
            ? t('onCallNow.escalatesAfter', {
                minutes: String(summary.escalationDelayInMinutes),
              })
            : `${t('onCallNow.pagedNow')} →`}{' '}
          {names(summary.next)} (
          {t('onCallNow.level', {
            level: String(summary.nextLevel),
          })}
          )
        </Typography>
      )}
      {summary.upcomingAtLevel1.length > 0 && (
        <>
          <Typography variant="body2" color="textSecondary">
            {t('onCallNow.nextAtLevel1')}:
          </Typography>
          <ul className={classes.list} aria-label={t('onCallNow.nextAtLevel1')}>
            {summary.upcomingAtLevel1.map(entry => (
              <Person
                key={`${entry.user.id}/${entry.schedule?.id ?? ''}`}
                entry={entry}
                upcoming
              />
            ))}
          </ul>
        </>
      )}
    </Box>
  );
}

/**
 * "Who do I call, and how": the first responders of each escalation policy of the entity with
 * their shift end and contact links, who is paged during a level-1 gap, and who comes next.
 */
export function OnCallNow(props: {
  state: RefreshableState<PagerDutyOnCallResponse>;
  serviceName?: (serviceId: string) => string | undefined;
}) {
  const { state, serviceName } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const emails = useMemo(
    () =>
      (state.value?.policies ?? []).flatMap(policy =>
        policy.levels.flatMap(level =>
          level.oncalls.flatMap(entry =>
            entry.user.email ? [entry.user.email] : [],
          ),
        ),
      ),
    [state.value],
  );
  const catalogUsers = useCatalogUsers(emails);
  return (
    <Box component="section" aria-label={t('onCallNow.title')} mb={1}>
      <Typography variant="overline" component="h4">
        {t('onCallNow.title')}
      </Typography>
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
              <PolicyNow
                key={policy.escalationPolicy.id}
                policy={policy}
                showPolicyName={policies.length > 1}
                serviceNames={
                  policies.length > 1
                    ? policy.serviceIds
                        .map(id => serviceName?.(id) ?? id)
                        .join(', ')
                    : undefined
                }
                catalogUsers={catalogUsers}
              />
            ))
          )
        }
      </SectionState>
    </Box>
  );
}
