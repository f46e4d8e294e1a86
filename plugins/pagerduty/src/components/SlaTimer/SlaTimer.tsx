import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  dueState,
  PagerDutyIncidentSla,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { useNow } from '../../hooks/useNow';
import { formatDuration } from '../../utils/duration';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const useStyles = makeStyles(theme => ({
  row: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1.5) },
  overdue: { color: theme.palette.error.dark, fontWeight: 600 },
}));

/** Props of {@link SlaTimer}. */
export interface SlaTimerProps {
  sla?: PagerDutyIncidentSla;
  /** The clock (epoch ms); by default the real time, updated every 30 s. */
  now?: number;
}

function Deadline(props: {
  label: (amount: string) => string;
  overdueLabel: (amount: string) => string;
  at: string;
  now: number;
}) {
  const classes = useStyles();
  const due = dueState(props.at, props.now);
  const amount = formatDuration(due.minutes * 60);
  return due.state === 'due' ? (
    <Typography variant="caption" color="textSecondary">
      {props.label(amount)}
    </Typography>
  ) : (
    <Typography variant="caption" className={classes.overdue}>
      {props.overdueLabel(amount)}
    </Typography>
  );
}

/**
 * The countdowns of an open incident: "ack due in 7 min" / "ack overdue by 3 min", "resolve due
 * in 52 min" and "escalates to level 2 in 12 min" (from the escalation policy's delays).
 */
export function SlaTimer(props: SlaTimerProps) {
  const classes = useStyles();
  const realNow = useNow();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const now = props.now ?? realNow;
  const { sla } = props;
  if (!sla || (!sla.acknowledgeBy && !sla.resolveBy && !sla.nextEscalation))
    return null;
  return (
    <Box
      className={classes.row}
      data-testid="pagerduty-sla-timer"
      title={
        sla.target ? t('sla.target', { source: sla.target.source }) : undefined
      }
    >
      {sla.acknowledgeBy && (
        <Deadline
          label={amount => t('sla.ackDue', { amount })}
          overdueLabel={amount => t('sla.ackOverdue', { amount })}
          at={sla.acknowledgeBy}
          now={now}
        />
      )}
      {sla.nextEscalation && (
        <Deadline
          label={amount =>
            t('sla.escalates', {
              amount,
              level: String(sla.nextEscalation!.level),
            })
          }
          overdueLabel={amount =>
            t('sla.escalationLate', {
              amount,
              level: String(sla.nextEscalation!.level),
            })
          }
          at={sla.nextEscalation.at}
          now={now}
        />
      )}
      {sla.resolveBy && (
        <Deadline
          label={amount => t('sla.resolveDue', { amount })}
          overdueLabel={amount => t('sla.resolveOverdue', { amount })}
          at={sla.resolveBy}
          now={now}
        />
      )}
    </Box>
  );
}
