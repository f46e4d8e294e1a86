import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { PagerDutyIncidentDetailsResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { pagerDutyTranslationRef } from '../../translation';
import { formatFull, formatTime } from '../../utils/time';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(1, 1.5),
    marginTop: theme.spacing(1),
    borderLeft: `2px solid ${theme.palette.divider}`,
    width: '100%',
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: { padding: theme.spacing(0.5, 0) },
  content: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

function Stamp(props: { at: string; by?: string }) {
  return (
    <Typography variant="caption" color="textSecondary" component="p">
      <time dateTime={props.at} title={formatFull(props.at)}>
        {formatTime(props.at)}
      </time>
      {props.by && ` · ${props.by}`}
    </Typography>
  );
}

/**
 * The expandable part of an incident row: description, notes and timeline, fetched when the
 * row is opened (and again when `version` changes, e.g. after a note was added).
 */
export function IncidentDetails(props: {
  entityRef: string;
  incidentId: string;
  version?: unknown;
}) {
  const { entityRef, incidentId, version } = props;
  const api = useApi(pagerDutyApiRef);
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [state, setState] = useState<{
    value?: PagerDutyIncidentDetailsResponse;
    error?: Error;
  }>({});
  useEffect(() => {
    let cancelled = false;
    api.getIncidentDetails(entityRef, incidentId).then(
      value => !cancelled && setState({ value }),
      error => !cancelled && setState(s => ({ ...s, error })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, incidentId, version]);

  if (!state.value && !state.error) {
    return <Progress aria-label={t('incidents.loadingDetails')} />;
  }
  if (!state.value) {
    return (
      <PagerDutyProblemPanel
        problem={describePagerDutyError(state.error)}
        context={t('incidents.details')}
      />
    );
  }
  const { description, notes, logEntries } = state.value;
  return (
    <Box
      className={classes.root}
      data-testid={`incident-details-${incidentId}`}
    >
      {description && description !== state.value.incident.title && (
        <>
          <Typography variant="subtitle2" component="h5">
            {t('incidents.description')}
          </Typography>
          <Typography variant="body2" className={classes.content} paragraph>
            {description}
          </Typography>
        </>
      )}
      <Typography variant="subtitle2" component="h5">
        {t('incidents.notes')}
      </Typography>
      {notes.length === 0 ? (
        <Typography variant="body2" color="textSecondary" paragraph>
          {t('incidents.noNotes')}
        </Typography>
      ) : (
        <ul className={classes.list} aria-label={t('incidents.notes')}>
          {notes.map(note => (
            <li key={note.id} className={classes.item}>
              <Typography variant="body2" className={classes.content}>
                {note.content}
              </Typography>
              <Stamp at={note.createdAt} by={note.user?.name} />
            </li>
          ))}
        </ul>
      )}
      {logEntries.length > 0 && (
        <>
          <Typography variant="subtitle2" component="h5">
            {t('incidents.timeline')}
          </Typography>
          <ol className={classes.list} aria-label={t('incidents.timeline')}>
            {logEntries.map(entry => (
              <li key={entry.id} className={classes.item}>
                <Typography variant="body2">{entry.summary}</Typography>
                <Stamp at={entry.createdAt} by={entry.agent?.name} />
              </li>
            ))}
          </ol>
        </>
      )}
    </Box>
  );
}
