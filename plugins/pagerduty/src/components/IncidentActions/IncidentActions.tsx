import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import DoneIcon from '@material-ui/icons/Done';
import DoneAllIcon from '@material-ui/icons/DoneAll';
import NoteAddIcon from '@material-ui/icons/NoteAdd';
import SwapHorizIcon from '@material-ui/icons/SwapHoriz';
import { alertApiRef, useAnalytics, useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  addIncidentNoteRequestSchema,
  PagerDutyIncident,
  PagerDutyRef,
  reassignIncidentRequestSchema,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError, pagerDutyApiRef } from '../../api';
import { pagerDutyTranslationRef } from '../../translation';
import { UserSearch } from './UserSearch';

const useStyles = makeStyles({
  // 40 px targets: these are pressed on a phone in the middle of the night.
  labelled: { minHeight: 40, textTransform: 'none' },
  icon: { width: 40, height: 40 },
  denied: { cursor: 'not-allowed', opacity: 0.7 },
});

/**
 * Who an incident can be reassigned to with one click: the people on call for the entity and
 * its services' escalation policies. Any other PagerDuty id can still be typed.
 */
export interface ReassignCandidates {
  users: PagerDutyRef[];
  escalationPolicies: PagerDutyRef[];
}

type Action = 'acknowledge' | 'resolve' | 'reassign' | 'note';

const DONE_KEYS = {
  acknowledge: 'incidentActions.acknowledged',
  resolve: 'incidentActions.resolved',
  reassign: 'incidentActions.reassigned',
  note: 'incidentActions.noteAdded',
} as const;

function ResolveDialog(props: {
  incident: PagerDutyIncident;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { incident, onCancel, onConfirm } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const number = String(incident.number);
  return (
    <Dialog
      open
      onClose={onCancel}
      aria-labelledby={`resolve-${incident.id}-title`}
    >
      <DialogTitle id={`resolve-${incident.id}-title`}>
        {t('incidentActions.resolveTitle', { number })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {t('incidentActions.resolveText', { title: incident.title })}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('incidentActions.cancel')}</Button>
        <Button onClick={onConfirm} color="primary" variant="contained">
          {t('incidentActions.resolve')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** One-click targets above the id field; nothing when there are none. */
function ReassignSuggestions(props: {
  label: string;
  choices: PagerDutyRef[];
  selectedId: string;
  onSelect(id: string): void;
}) {
  const { label, choices, selectedId, onSelect } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  if (choices.length === 0) return null;
  return (
    <Box mt={1} role="group" aria-label={t('incidentActions.suggestions')}>
      <Typography variant="body2" color="textSecondary">
        {label}
      </Typography>
      {choices.map(choice => (
        <Chip
          key={choice.id}
          label={choice.name}
          clickable
          color={choice.id === selectedId ? 'primary' : 'default'}
          onClick={() => onSelect(choice.id)}
          style={{ margin: 4 }}
        />
      ))}
    </Box>
  );
}

function ReassignDialog(props: {
  entityRef: string;
  incident: PagerDutyIncident;
  candidates?: ReassignCandidates;
  onCancel(): void;
  onConfirm(request: { userId?: string; escalationPolicyId?: string }): void;
}) {
  const { entityRef, incident, candidates, onCancel, onConfirm } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [target, setTarget] = useState<'user' | 'policy'>('user');
  const [id, setId] = useState('');
  const [error, setError] = useState<string>();
  const submit = () => {
    const request =
      target === 'user'
        ? { userId: id.trim() }
        : { escalationPolicyId: id.trim() };
    const parsed = reassignIncidentRequestSchema.safeParse(request);
    if (!parsed.success || !id.trim()) {
      setError(
        target === 'user'
          ? t('incidentActions.enterUserId')
          : t('incidentActions.enterPolicyId'),
      );
      return;
    }
    onConfirm(parsed.data);
  };
  return (
    <Dialog
      open
      onClose={onCancel}
      aria-labelledby={`reassign-${incident.id}-title`}
    >
      <DialogTitle id={`reassign-${incident.id}-title`}>
        {t('incidentActions.reassignTitle', {
          number: String(incident.number),
        })}
      </DialogTitle>
      <DialogContent>
        <RadioGroup
          row
          aria-label={t('incidentActions.reassignTo')}
          value={target}
          onChange={e => setTarget(e.target.value as 'user' | 'policy')}
        >
          <FormControlLabel
            value="user"
            control={<Radio />}
            label={t('incidentActions.aUser')}
          />
          <FormControlLabel
            value="policy"
            control={<Radio />}
            label={t('incidentActions.aPolicy')}
          />
        </RadioGroup>
        <ReassignSuggestions
          label={
            target === 'user'
              ? t('incidentActions.onCallHere')
              : t('incidentActions.policyHere')
          }
          choices={
            (target === 'user'
              ? candidates?.users
              : candidates?.escalationPolicies) ?? []
          }
          selectedId={id.trim()}
          onSelect={choiceId => {
            setId(choiceId);
            setError(undefined);
          }}
        />
        {target === 'user' && (
          <UserSearch
            entityRef={entityRef}
            selectedId={id.trim()}
            onSelect={choiceId => {
              setId(choiceId);
              setError(undefined);
            }}
          />
        )}
        <TextField
          id={`reassign-${incident.id}-target`}
          fullWidth
          margin="dense"
          label={
            target === 'user'
              ? t('incidentActions.userId')
              : t('incidentActions.policyId')
          }
          placeholder="PABC123"
          value={id}
          onChange={e => {
            setId(e.target.value);
            setError(undefined);
          }}
          error={Boolean(error)}
          helperText={error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('incidentActions.cancel')}</Button>
        <Button onClick={submit} color="primary" variant="contained">
          {t('incidentActions.reassign')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function NoteDialog(props: {
  incident: PagerDutyIncident;
  onCancel(): void;
  onConfirm(content: string): void;
}) {
  const { incident, onCancel, onConfirm } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [content, setContent] = useState('');
  const [error, setError] = useState<string>();
  const submit = () => {
    const parsed = addIncidentNoteRequestSchema.safeParse({ content });
    if (!parsed.success) {
      setError(
        content.trim()
          ? parsed.error.issues[0]?.message ?? t('incidentActions.invalidNote')
          : t('incidentActions.writeNoteFirst'),
      );
      return;
    }
    onConfirm(parsed.data.content);
  };
  return (
    <Dialog
      open
      onClose={onCancel}
      fullWidth
      aria-labelledby={`note-${incident.id}-title`}
    >
      <DialogTitle id={`note-${incident.id}-title`}>
        {t('incidentActions.noteTitle', { number: String(incident.number) })}
      </DialogTitle>
      <DialogContent>
        <TextField
          id={`note-${incident.id}-content`}
          fullWidth
          multiline
          minRows={3}
          label={t('incidentActions.note')}
          value={content}
          onChange={e => {
            setContent(e.target.value);
            setError(undefined);
          }}
          error={Boolean(error)}
          helperText={error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t('incidentActions.cancel')}</Button>
        <Button onClick={submit} color="primary" variant="contained">
          {t('incidentActions.addNote')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * Acknowledge and resolve (labelled), reassign and note buttons of one incident. Reports the
 * outcome through Backstage's `alertApi` and `onChanged` (with the updated incident), and
 * records an analytics event per action.
 */
export function IncidentActions(props: {
  entityRef: string;
  incident: PagerDutyIncident;
  /** One-click reassignment targets (people on call, escalation policies). */
  reassignCandidates?: ReassignCandidates;
  onChanged(incident: PagerDutyIncident): void;
  /** Set when the user may not manage incidents: the buttons stay visible with this reason. */
  deniedReason?: string;
}) {
  const { entityRef, incident, reassignCandidates, onChanged, deniedReason } =
    props;
  const api = useApi(pagerDutyApiRef);
  const alertApi = useApi(alertApiRef);
  const analytics = useAnalytics();
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [dialog, setDialog] = useState<Action>();
  const [pending, setPending] = useState<Action>();
  const number = String(incident.number);

  const run = async (
    action: Action,
    call: () => Promise<PagerDutyIncident>,
  ) => {
    setDialog(undefined);
    setPending(action);
    try {
      const updated = await call();
      onChanged(updated);
      analytics.captureEvent(action, incident.id, {
        attributes: { entityRef, incidentNumber: incident.number },
      });
      alertApi.post({
        severity: 'success',
        message: t(DONE_KEYS[action], { number }),
        display: 'transient',
      });
    } catch (e) {
      const problem = describePagerDutyError(e);
      alertApi.post({
        severity: 'error',
        message: t(`incidentActions.failed.${action}`, {
          number,
          problem: `${problem.title}. ${problem.detail ?? problem.message}`,
        }),
      });
    } finally {
      setPending(undefined);
    }
  };

  const progress = (action: Action, label: string) =>
    pending === action ? (
      <CircularProgress
        size={18}
        aria-label={t('incidentActions.working', { label })}
      />
    ) : undefined;

  const labelled = (
    action: Action,
    text: string,
    label: string,
    icon: JSX.Element,
    onClick: () => void,
  ) =>
    deniedReason ? (
      // aria-disabled, not disabled: it stays focusable, so the reason can be read by keyboard.
      <Tooltip title={deniedReason}>
        <Button
          size="small"
          variant="outlined"
          className={`${classes.labelled} ${classes.denied}`}
          aria-label={label}
          aria-disabled="true"
          disableRipple
          startIcon={icon}
        >
          {text}
        </Button>
      </Tooltip>
    ) : (
      <Button
        size="small"
        variant="outlined"
        className={classes.labelled}
        aria-label={label}
        disabled={Boolean(pending)}
        startIcon={progress(action, label) ?? icon}
        onClick={onClick}
      >
        {text}
      </Button>
    );

  const iconButton = (
    action: Action,
    label: string,
    icon: JSX.Element,
    onClick: () => void,
  ) => (
    <Tooltip title={label}>
      <span>
        <IconButton
          className={classes.icon}
          aria-label={label}
          disabled={Boolean(pending)}
          onClick={onClick}
        >
          {progress(action, label) ?? icon}
        </IconButton>
      </span>
    </Tooltip>
  );

  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 4 }}>
      {incident.status === 'triggered' &&
        labelled(
          'acknowledge',
          t('incidents.acknowledge'),
          t('incidentActions.acknowledgeLabel', { number }),
          <DoneIcon fontSize="small" />,
          () =>
            run('acknowledge', () =>
              api.acknowledgeIncident(entityRef, incident.id),
            ),
        )}
      {incident.status !== 'resolved' &&
        labelled(
          'resolve',
          t('incidents.resolve'),
          t('incidentActions.resolveLabel', { number }),
          <DoneAllIcon fontSize="small" />,
          () => setDialog('resolve'),
        )}
      {!deniedReason &&
        iconButton(
          'reassign',
          t('incidentActions.reassignLabel', { number }),
          <SwapHorizIcon fontSize="small" />,
          () => setDialog('reassign'),
        )}
      {!deniedReason &&
        iconButton(
          'note',
          t('incidentActions.noteLabel', { number }),
          <NoteAddIcon fontSize="small" />,
          () => setDialog('note'),
        )}
      {dialog === 'resolve' && (
        <ResolveDialog
          incident={incident}
          onCancel={() => setDialog(undefined)}
          onConfirm={() =>
            run('resolve', () => api.resolveIncident(entityRef, incident.id))
          }
        />
      )}
      {dialog === 'reassign' && (
        <ReassignDialog
          entityRef={entityRef}
          incident={incident}
          candidates={reassignCandidates}
          onCancel={() => setDialog(undefined)}
          onConfirm={request =>
            run('reassign', () =>
              api.reassignIncident(entityRef, incident.id, request),
            )
          }
        />
      )}
      {dialog === 'note' && (
        <NoteDialog
          incident={incident}
          onCancel={() => setDialog(undefined)}
          onConfirm={content =>
            run('note', () =>
              api.addIncidentNote(entityRef, incident.id, { content }),
            )
          }
        />
      )}
    </Box>
  );
}
