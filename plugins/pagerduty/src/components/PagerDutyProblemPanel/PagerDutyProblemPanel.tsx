import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { makeStyles } from '@material-ui/core/styles';
import { hasStandardSummary, PagerDutyProblem } from '../../api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

const WARNINGS = ['unavailable', 'rate-limited', 'forbidden'];

const useStyles = makeStyles(theme => ({
  details: { marginTop: theme.spacing(0.5) },
  summary: { cursor: 'pointer', minHeight: 24 },
}));

/**
 * Shows what went wrong in one sentence for everyone; what to do about it (config keys, scopes,
 * server messages) is for administrators, behind a native disclosure.
 */
export function PagerDutyProblemPanel(props: {
  problem: PagerDutyProblem;
  /** Prefix of the title, e.g. "Change events". */
  context?: string;
}) {
  const { problem, context } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const title = t(`problems.${problem.kind}.title`);
  const summary = hasStandardSummary(problem)
    ? t(`problems.${problem.kind}.summary`)
    : problem.summary;
  const adminText = [
    problem.message !== problem.summary ? problem.message : undefined,
    problem.detail,
  ].filter(Boolean);
  return (
    <Alert
      severity={WARNINGS.includes(problem.kind) ? 'warning' : 'error'}
      data-testid={`pagerduty-problem-${problem.kind}`}
    >
      <AlertTitle>
        {context ? t('problems.withContext', { context, title }) : title}
      </AlertTitle>
      {summary}
      {adminText.length > 0 && (
        <details className={classes.details}>
          <summary className={classes.summary}>
            {t('problems.adminDetails')}
          </summary>
          {adminText.map(text => (
            <Typography
              key={text}
              variant="body2"
              component="span"
              display="block"
            >
              {text}
            </Typography>
          ))}
        </details>
      )}
    </Alert>
  );
}
