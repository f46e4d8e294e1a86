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
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/** Builds the change event from the form; the field errors of the shared schema otherwise. */
export function validateDeployForm(
  form: {
    summary: string;
    version: string;
    link: string;
  },
  messages: { linkInvalid: string },
):
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
    if (issue.path[0] === 'links') errors.link = messages.linkInvalid;
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
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [summary, setSummary] = useState<string>(
    t('recordDeploy.defaultSummary', { name: entityName }),
  );
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
    const result = validateDeployForm(
      { summary, version, link },
      { linkInvalid: t('recordDeploy.linkInvalid') },
    );
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
        {t('recordDeploy.title', { name: entityName })}
      </DialogTitle>
      <DialogContent>
        {recorded ? (
          <Alert severity="success">{t('recordDeploy.recorded')}</Alert>
        ) : (
          <>
            <TextField
              id="pagerduty-deploy-summary"
              label={t('recordDeploy.summary')}
              value={summary}
              onChange={e => setSummary(e.target.value)}
              error={Boolean(errors.summary)}
              helperText={errors.summary ?? t('recordDeploy.summaryHelp')}
              fullWidth
              margin="dense"
              required
            />
            <TextField
              id="pagerduty-deploy-version"
              label={t('recordDeploy.version')}
              value={version}
              onChange={e => setVersion(e.target.value)}
              fullWidth
              margin="dense"
            />
            <TextField
              id="pagerduty-deploy-link"
              label={t('recordDeploy.link')}
              value={link}
              onChange={e => setLink(e.target.value)}
              error={Boolean(errors.link)}
              helperText={errors.link ?? t('recordDeploy.linkHelp')}
              fullWidth
              margin="dense"
            />
            {problem && <PagerDutyProblemPanel problem={problem} />}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>
          {recorded ? t('recordDeploy.close') : t('recordDeploy.cancel')}
        </Button>
        {!recorded && (
          <Button
            color="primary"
            variant="contained"
            onClick={submit}
            disabled={sending}
          >
            {t('recordDeploy.submit')}
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
  const { t } = useTranslationRef(pagerDutyTranslationRef);
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
      {t('recordDeploy.open')}
    </Button>
  );
}
