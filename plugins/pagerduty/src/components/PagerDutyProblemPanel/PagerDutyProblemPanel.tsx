import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { PagerDutyProblem } from '../../api';

const WARNINGS = ['unavailable', 'rate-limited', 'forbidden'];

/** Shows what went wrong and what to do about it. */
export function PagerDutyProblemPanel(props: {
  problem: PagerDutyProblem;
  /** Prefix of the title, e.g. "Change events". */
  context?: string;
}) {
  const { problem, context } = props;
  return (
    <Alert
      severity={WARNINGS.includes(problem.kind) ? 'warning' : 'error'}
      data-testid={`pagerduty-problem-${problem.kind}`}
    >
      <AlertTitle>
        {context ? `${context}: ${problem.title}` : problem.title}
      </AlertTitle>
      {problem.message}
      {problem.detail && (
        <Typography variant="body2" component="span" display="block">
          {problem.detail}
        </Typography>
      )}
    </Alert>
  );
}
