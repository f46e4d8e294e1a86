import { Fragment } from 'react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { PagerDutyMyShift } from '@backstage-pagerduty/plugin-pagerduty-common';
import { DateTime } from 'luxon';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { useRefreshable } from '../../hooks/useRefreshable';
import { pagerDutyTranslationRef } from '../../translation';
import { formatTime } from '../../utils/time';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { StaleNotice } from '../SectionState';

function shiftKey(s: PagerDutyMyShift): string {
  return `${s.account}/${s.escalationPolicy.id}/${s.level}/${s.start}/${s.end}`;
}

/** A shift that has started (or has no start: always on call). */
export function isCurrent(shift: PagerDutyMyShift, now: number): boolean {
  return !shift.start || Date.parse(shift.start) <= now;
}

function ShiftRow(props: {
  shift: PagerDutyMyShift;
  current: boolean;
  showAccount: boolean;
}) {
  const { shift, current, showAccount } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const policy = shift.escalationPolicy.htmlUrl ? (
    <Link to={shift.escalationPolicy.htmlUrl}>
      {shift.escalationPolicy.name}
    </Link>
  ) : (
    shift.escalationPolicy.name
  );
  let when: string;
  if (!shift.start || !shift.end) {
    when = t('homeWidgets.always');
  } else if (current) {
    when = t('homeWidgets.untilTime', { time: formatTime(shift.end) });
  } else {
    when = t('homeWidgets.fromTo', {
      from: formatTime(shift.start),
      to: formatTime(shift.end, DateTime.fromISO(shift.start)),
    });
  }
  return (
    <ListItem disableGutters divider>
      <Box>
        <Typography variant="body2">
          {t('homeWidgets.levelOf', { level: String(shift.level) })} {policy}
        </Typography>
        <Typography variant="caption" color="textSecondary" component="p">
          {when}
          {shift.schedule
            ? ` · ${t('homeWidgets.viaSchedule', {
                schedule: shift.schedule.name,
              })}`
            : ''}
          {showAccount
            ? ` · ${t('homeWidgets.account', { account: shift.account })}`
            : ''}
        </Typography>
      </Box>
    </ListItem>
  );
}

/**
 * "My on-call shifts": the signed-in user's current shifts, then the next ones within a week,
 * each with its escalation policy, level and times in the user's zone.
 */
export function MyOnCallShifts() {
  const api = useApi(pagerDutyApiRef);
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const state = useRefreshable(() => api.getMyOnCall(), [api]);

  if (state.loading) {
    return <Progress aria-label={t('homeWidgets.loadingShifts')} />;
  }
  if (!state.value) {
    return (
      <PagerDutyProblemPanel problem={describePagerDutyError(state.error)} />
    );
  }
  const { email, users, shifts, errors, freshness } = state.value;
  const now = Date.now();
  // PagerDuty lists a shift once per way the user is on it (directly and through a schedule
  // at the same level): one row per account, policy, level and time.
  const seen = new Set<string>();
  const unique = shifts.filter(s => {
    const key = shiftKey(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const showAccount = new Set(users.map(u => u.account)).size > 1;
  const current = unique.filter(s => isCurrent(s, now));
  const next = unique.filter(s => !isCurrent(s, now)).slice(0, 3);
  let message: string | undefined;
  if (!email) message = t('homeWidgets.noEmail');
  else if (users.length === 0 && errors.length === 0)
    message = t('homeWidgets.noUser', { email });
  else if (shifts.length === 0 && errors.length === 0)
    message = t('homeWidgets.noShifts');

  return (
    <Box data-testid="pagerduty-my-oncall">
      {freshness.stale && <StaleNotice fetchedAt={freshness.fetchedAt} />}
      {errors.map(e => (
        <Typography key={e.message} variant="body2">
          {e.message}
        </Typography>
      ))}
      {message && <Typography variant="body2">{message}</Typography>}
      {[
        { heading: t('homeWidgets.onCallNow'), list: current, isNow: true },
        { heading: t('homeWidgets.next'), list: next, isNow: false },
      ]
        .filter(group => group.list.length > 0)
        .map(group => (
          <Fragment key={String(group.isNow)}>
            <Typography variant="overline" component="h3">
              {group.heading}
            </Typography>
            <List dense disablePadding>
              {group.list.map(s => (
                <ShiftRow
                  key={shiftKey(s)}
                  shift={s}
                  current={group.isNow}
                  showAccount={showAccount}
                />
              ))}
            </List>
          </Fragment>
        ))}
    </Box>
  );
}
