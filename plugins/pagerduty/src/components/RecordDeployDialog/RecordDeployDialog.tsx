import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import PublishIcon from '@material-ui/icons/Publish';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ChangeEventRequest,
  changeEventRequestSchema,
  pagerDutyIncidentTriggerPermission,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  describePagerDutyError,
  pagerDutyApiRef,
  PagerDutyProblem,
} from '../../api';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';

/** Builds the change event from the form; the field errors of the shared schema otherwise. */
export function validateDeployForm(form: {
  summary: string;
  version: string;
  link: string;
}):
  | { ok: true; request: ChangeEventRequest }
  | { ok: false; errors: Partial<Record<'summary' | 'link', string>> } {
  const request: ChangeEventRequest = {
    summary: form.summary,
    source: 'Backstage',
    ...(form.version.trim()
      ? { details: { version: form.version.trim() } }
      : {}),
    ...(form.link.trim()
      ? { links: [{ href: form.link.trim(), text: 'Release' }] }
      : {}),
  };
  const parsed = changeEventRequestSchema.safeParse(request);
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors: Partial<Record<'summary' | 'link', string>> = {};
  for (const issue of parsed.error.issues) {
    if (issue.path[0] === 'summary') errors.summary = issue.message;
    if (issue.path[0] === 'links')
      errors.link =
        'Enter a full URL, e.g. https://github.com/acme/app/releases/v1.4.2';
  }
  return { ok: false, errors };
}

/**
 * "Record a deploy": a PagerDuty change event on the entity's services, queued by the
 * backend's outbox like a trigger. It shows under Change events once PagerDuty has it.
 */
export function RecordDeployDialog(props: {
  open: boolean;
  onClose(): void;
  entityRef: string;
  entityName: string;
  onRecorded?(): void;
}) {
  const { open, onClose, entityRef, entityName, onRecorded } = props;
  const api = useApi(pagerDutyApiRef);
  const [summary, setSummary] = useState(`Deployed ${entityName}`);
  const [version, setVersion] = useState('');
  const [link, setLink] = useState('');
  const [errors, setErrors] = useState<
    Partial<Record<'summary' | 'link', string>>
  >({});
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<PagerDutyProblem>();
  const [recorded, setRecorded] = useState(false);

  const close = () => {
    setRecorded(false);
    setProblem(undefined);
    setErrors({});
    onClose();
  };

  const submit = async () => {
    const result = validateDeployForm({ summary, version, link });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setProblem(undefined);
    setSending(true);
    try {
      await api.recordChangeEvent(entityRef, result.request);
      setRecorded(true);
      onRecorded?.();
    } catch (error) {
      setProblem(describePagerDutyError(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      aria-labelledby="pagerduty-deploy-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="pagerduty-deploy-title">
        Record a deploy of {entityName}
      </DialogTitle>
      <DialogContent>
        {recorded ? (
          <Alert severity="success">
            Recorded. It shows under Change events as soon as PagerDuty has it.
          </Alert>
        ) : (
          <>
            <TextField
              id="pagerduty-deploy-summary"
              label="Summary"
              value={summary}
              onChange={e => setSummary(e.target.value)}
              error={Boolean(errors.summary)}
              helperText={
                errors.summary ?? 'What changed, e.g. "Deployed v1.4.2"'
              }
              fullWidth
              margin="dense"
              required
            />
            <TextField
              id="pagerduty-deploy-version"
              label="Version"
              value={version}
              onChange={e => setVersion(e.target.value)}
              fullWidth
              margin="dense"
            />
            <TextField
              id="pagerduty-deploy-link"
              label="Link"
              value={link}
              onChange={e => setLink(e.target.value)}
              error={Boolean(errors.link)}
              helperText={errors.link ?? 'Release notes or the pipeline run'}
              fullWidth
              margin="dense"
            />
            {problem && <PagerDutyProblemPanel problem={problem} />}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{recorded ? 'Close' : 'Cancel'}</Button>
        {!recorded && (
          <Button
            color="primary"
            variant="contained"
            onClick={submit}
            disabled={sending}
          >
            Record deploy
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** Opens the dialog; shown to those who may trigger incidents for the entity. */
export function RecordDeployButton(props: {
  entityRef: string;
  onClick(): void;
}) {
  const { allowed } = usePermission({
    permission: pagerDutyIncidentTriggerPermission,
    resourceRef: props.entityRef,
  });
  if (!allowed) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<PublishIcon />}
      onClick={props.onClick}
    >
      Record a deploy
    </Button>
  );
}
