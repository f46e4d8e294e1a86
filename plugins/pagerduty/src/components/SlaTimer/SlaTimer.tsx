import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  dueState,
  PagerDutyIncidentSla,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { useNow } from '../../hooks/useNow';
import { formatDuration } from '../../utils/duration';

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
  label: string;
  overdueLabel: string;
  at: string;
  now: number;
}) {
  const classes = useStyles();
  const due = dueState(props.at, props.now);
  const amount = formatDuration(due.minutes * 60);
  return due.state === 'due' ? (
    <Typography variant="caption" color="textSecondary">
      {props.label} in {amount}
    </Typography>
  ) : (
    <Typography variant="caption" className={classes.overdue}>
      {props.overdueLabel} by {amount}
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
  const now = props.now ?? realNow;
  const { sla } = props;
  if (!sla || (!sla.acknowledgeBy && !sla.resolveBy && !sla.nextEscalation))
    return null;
  return (
    <Box
      className={classes.row}
      data-testid="pagerduty-sla-timer"
      title={sla.target ? `SLA target: ${sla.target.source}` : undefined}
    >
      {sla.acknowledgeBy && (
        <Deadline
          label="Ack due"
          overdueLabel="Ack overdue"
          at={sla.acknowledgeBy}
          now={now}
        />
      )}
      {sla.nextEscalation && (
        <Deadline
          label={`Escalates to level ${sla.nextEscalation.level}`}
          overdueLabel={`Escalation to level ${sla.nextEscalation.level} late`}
          at={sla.nextEscalation.at}
          now={now}
        />
      )}
      {sla.resolveBy && (
        <Deadline
          label="Resolve due"
          overdueLabel="Resolve overdue"
          at={sla.resolveBy}
          now={now}
        />
      )}
    </Box>
  );
}
