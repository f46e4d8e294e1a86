import { useState } from 'react';
import Checkbox from '@material-ui/core/Checkbox';
import FormGroup from '@material-ui/core/FormGroup';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import IconButton from '@material-ui/core/IconButton';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { useAnalytics, useApi } from '@backstage/core-plugin-api';
import {
  Link,
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import {
  PAGERDUTY_SEVERITIES,
  PAGERDUTY_SUMMARY_MAX_LENGTH,
  PagerDutyOnCallResponse,
  PagerDutyService,
  TriggerIncidentRequest,
  triggerIncidentRequestSchema,
  TriggerStatusResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import {
  describePagerDutyError,
  pagerDutyApiRef,
  PagerDutyProblem,
} from '../../api';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { useTriggerDelivery } from './useTriggerDelivery';
import { WhoIsPaged } from './WhoIsPaged';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

type Severity = (typeof PAGERDUTY_SEVERITIES)[number];

const useStyles = makeStyles(theme => ({
  row: { display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' },
  section: { marginTop: theme.spacing(2) },
  code: { fontFamily: 'monospace', wordBreak: 'break-all' },
  progress: { marginBottom: theme.spacing(2) },
  services: { marginBottom: theme.spacing(1) },
}));

interface DetailRow {
  key: string;
  value: string;
}
interface LinkRow {
  href: string;
  text: string;
}

interface FormErrors {
  summary?: string;
  details?: string;
  links: Record<number, string>;
  other?: string;
}

function capitalize(message: string): string {
  return message.charAt(0).toLocaleUpperCase() + message.slice(1);
}

/** Messages of the checks made here (the shared schema's own messages are used as they are). */
export interface TriggerFormMessages {
  detailNeedsName: string;
  linkNeedsUrl: string;
}

/** Builds the request from the form and validates it with the shared schema. */
export function validateTriggerForm(
  form: {
    summary: string;
    severity: Severity;
    details: DetailRow[];
    links: LinkRow[];
  },
  messages: TriggerFormMessages,
): { request?: TriggerIncidentRequest; errors: FormErrors } {
  const errors: FormErrors = { links: {} };
  const details = form.details.filter(
    row => row.key.trim() || row.value.trim(),
  );
  if (details.some(row => !row.key.trim())) {
    errors.details = messages.detailNeedsName;
  }
  const linkRows = form.links
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.href.trim() || row.text.trim());
  const candidate = {
    summary: form.summary,
    severity: form.severity,
    details:
      details.length > 0
        ? Object.fromEntries(details.map(row => [row.key.trim(), row.value]))
        : undefined,
    links:
      linkRows.length > 0
        ? linkRows.map(({ row }) => ({
            href: row.href.trim(),
            text: row.text.trim() || undefined,
          }))
        : undefined,
  };
  const parsed = triggerIncidentRequestSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, index] = issue.path;
      if (field === 'summary') {
        errors.summary ??= capitalize(issue.message);
      } else if (field === 'links' && typeof index === 'number') {
        errors.links[linkRows[index]?.index ?? index] =
          issue.path[2] === 'href'
            ? messages.linkNeedsUrl
            : capitalize(issue.message);
      } else if (field === 'details') {
        errors.details ??= capitalize(issue.message);
      } else {
        errors.other ??= capitalize(issue.message);
      }
    }
  }
  const valid =
    parsed.success && !errors.details && Object.keys(errors.links).length === 0;
  return { request: valid ? parsed.data : undefined, errors };
}

function DeliveryStatus(props: {
  trigger: TriggerStatusResponse;
  gaveUp: boolean;
}) {
  const { trigger, gaveUp } = props;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  if (trigger.status === 'delivered') {
    // The link stays outside the status: core-components' status is a single image to
    // assistive technology, so a link inside it could not be reached.
    return (
      <>
        <StatusOK>{t('trigger.delivered')}</StatusOK>{' '}
        {trigger.incident ? (
          <Link to={trigger.incident.htmlUrl}>
            {trigger.incident.number
              ? t('trigger.openIncidentNumber', {
                  number: String(trigger.incident.number),
                })
              : t('trigger.openIncident')}
          </Link>
        ) : (
          <Typography variant="body2" component="span">
            {t('trigger.showsSoon')}
          </Typography>
        )}
      </>
    );
  }
  if (trigger.status === 'failed') {
    return (
      <StatusError>
        {trigger.error
          ? t('trigger.failedWith', { error: trigger.error })
          : t('trigger.failed')}
      </StatusError>
    );
  }
  let pending: string = t('trigger.queued');
  if (gaveUp) pending = t('trigger.stillQueued');
  else if (trigger.attempts > 0)
    pending = t('trigger.queuedAttempt', { n: String(trigger.attempts) });
  return <StatusPending>{pending}</StatusPending>;
}

/** Follows one queued trigger: status first, the dedup key under "Advanced". */
function TriggerProgress(props: {
  queued: TriggerStatusResponse;
  serviceName?: string;
  pollDelaysMs?: number[];
  onDelivered?(trigger: TriggerStatusResponse): void;
}) {
  const { queued, serviceName, pollDelaysMs, onDelivered } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const delivery = useTriggerDelivery(queued, {
    delaysMs: pollDelaysMs,
    onSettled: trigger => {
      if (trigger.status === 'delivered') onDelivered?.(trigger);
    },
  });
  const trigger = delivery.trigger ?? queued;
  return (
    <Box className={classes.progress}>
      {serviceName && (
        <Typography variant="subtitle2" component="p">
          {serviceName}
        </Typography>
      )}
      <Box
        role="status"
        aria-live="polite"
        data-testid="pagerduty-trigger-status"
      >
        <DeliveryStatus trigger={trigger} gaveUp={delivery.gaveUp} />
      </Box>
      {delivery.pollError && trigger.status === 'queued' && (
        <Alert severity="warning" className={classes.section}>
          {t('trigger.pollError', {
            summary: describePagerDutyError(delivery.pollError).summary,
          })}
        </Alert>
      )}
      <details className={classes.section}>
        <summary>{t('trigger.advanced')}</summary>
        <Typography variant="body2">
          {t('trigger.dedupKey')}{' '}
          <span className={classes.code} data-testid="pagerduty-dedup-key">
            {trigger.dedupKey}
          </span>
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {t('trigger.dedupHelp')}
        </Typography>
      </details>
    </Box>
  );
}

/** A key shared by the triggers of one submission to several services. */
function correlationKey(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `backstage-${random}`;
}

/**
 * Dialog to trigger an incident (Events API v2) for an entity, following its delivery. Says who
 * will be paged; an entity with several services chooses one or several (correlated by one
 * deduplication key and linked to each other).
 */
export function TriggerDialog(props: {
  open: boolean;
  onClose(): void;
  entityRef: string;
  /** Shown in the title, e.g. the entity's title. */
  entityName?: string;
  /** Called once the trigger reached PagerDuty. */
  onDelivered?(trigger: TriggerStatusResponse): void;
  /** Waits between delivery-status polls (tests shorten them). */
  pollDelaysMs?: number[];
  /** The entity's services: who is paged, and the choice when there are several. */
  services?: PagerDutyService[];
  /** Who is on call, to say who this pages. */
  oncall?: PagerDutyOnCallResponse;
  /** The entity's owner, to contact instead when it is not urgent. */
  ownerRef?: string;
}) {
  const {
    open,
    onClose,
    entityRef,
    entityName,
    onDelivered,
    pollDelaysMs,
    services = [],
    oncall,
    ownerRef,
  } = props;
  const classes = useStyles();
  const api = useApi(pagerDutyApiRef);
  const analytics = useAnalytics();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [selectedIds, setSelectedIds] = useState<string[]>();
  const selected = services.filter(service =>
    (selectedIds ?? services.slice(0, 1).map(s => s.id)).includes(service.id),
  );

  const [summary, setSummary] = useState('');
  const [severity, setSeverity] = useState<Severity>('error');
  const [details, setDetails] = useState<DetailRow[]>([]);
  const [links, setLinks] = useState<LinkRow[]>([]);
  const [errors, setErrors] = useState<FormErrors>({ links: {} });
  const [submitting, setSubmitting] = useState(false);
  const [submitProblem, setSubmitProblem] = useState<PagerDutyProblem>();
  const [queued, setQueued] = useState<TriggerStatusResponse[]>();

  const reset = () => {
    setSummary('');
    setSeverity('error');
    setDetails([]);
    setLinks([]);
    setErrors({ links: {} });
    setSubmitProblem(undefined);
    setQueued(undefined);
    setSelectedIds(undefined);
  };

  const close = () => {
    onClose();
    reset();
  };

  const submit = async () => {
    const result = validateTriggerForm(
      { summary, severity, details, links },
      {
        detailNeedsName: t('trigger.detailNeedsName'),
        linkNeedsUrl: t('trigger.linkNeedsUrl'),
      },
    );
    setErrors(result.errors);
    if (!result.request) {
      return;
    }
    if (services.length > 1 && selected.length === 0) {
      setErrors(e => ({ ...e, other: t('trigger.chooseService') }));
      return;
    }
    setSubmitting(true);
    setSubmitProblem(undefined);
    const request = result.request;
    const targets: (PagerDutyService | undefined)[] =
      services.length > 1 ? selected : [undefined];
    const shared = targets.length > 1 ? correlationKey() : undefined;
    try {
      const answers: TriggerStatusResponse[] = [];
      for (const target of targets) {
        // Several services: one dedup key for all, and links to the other services' pages.
        const others = shared ? selected.filter(s => s.id !== target?.id) : [];
        answers.push(
          await api.triggerIncident(entityRef, {
            ...request,
            ...(target ? { serviceId: target.id } : {}),
            ...(shared ? { dedupKey: shared } : {}),
            ...(others.length > 0
              ? {
                  links: [
                    ...(request.links ?? []),
                    ...others.map(o => ({
                      href: o.htmlUrl,
                      text: t('trigger.alsoPaged', { name: o.name }),
                    })),
                  ],
                }
              : {}),
          }),
        );
        analytics.captureEvent('trigger', entityRef, {
          attributes: {
            serviceId: target?.id ?? '',
            severity: request.severity,
          },
        });
      }
      setQueued(answers);
    } catch (e) {
      setSubmitProblem(describePagerDutyError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const tooLong = summary.length > PAGERDUTY_SUMMARY_MAX_LENGTH;
  const serviceName = (id?: string) =>
    services.length > 1 ? services.find(s => s.id === id)?.name : undefined;

  return (
    <Dialog
      open={open}
      onClose={close}
      fullWidth
      maxWidth="sm"
      aria-labelledby="pagerduty-trigger-title"
    >
      <DialogTitle id="pagerduty-trigger-title">
        {entityName
          ? t('trigger.titleFor', { name: entityName })
          : t('trigger.title')}
      </DialogTitle>
      {queued ? (
        <>
          <DialogContent>
            {queued.map(trigger => (
              <TriggerProgress
                key={trigger.id}
                queued={trigger}
                serviceName={serviceName(trigger.serviceId)}
                pollDelaysMs={pollDelaysMs}
                onDelivered={onDelivered}
              />
            ))}
          </DialogContent>
          <DialogActions>
            <Button onClick={close} color="primary">
              {t('trigger.close')}
            </Button>
          </DialogActions>
        </>
      ) : (
        <>
          <DialogContent>
            {services.length > 1 && (
              <FormControl component="fieldset" className={classes.services}>
                <FormLabel component="legend">
                  {t('trigger.servicesToPage')}
                </FormLabel>
                <FormGroup row>
                  {services.map(service => (
                    <FormControlLabel
                      key={service.id}
                      control={
                        <Checkbox
                          checked={selected.includes(service)}
                          onChange={e =>
                            setSelectedIds(
                              e.target.checked
                                ? [...selected.map(s => s.id), service.id]
                                : selected
                                    .map(s => s.id)
                                    .filter(id => id !== service.id),
                            )
                          }
                        />
                      }
                      label={service.name}
                    />
                  ))}
                </FormGroup>
              </FormControl>
            )}
            <WhoIsPaged
              services={services.length > 1 ? selected : services}
              oncall={oncall}
              ownerRef={ownerRef}
              entityName={entityName}
            />
            <TextField
              id="pagerduty-trigger-summary"
              fullWidth
              multiline
              minRows={2}
              required
              label={t('trigger.summary')}
              value={summary}
              onChange={e => {
                setSummary(e.target.value);
                setErrors(s => ({ ...s, summary: undefined }));
              }}
              error={Boolean(errors.summary) || tooLong}
              helperText={
                <Box
                  component="span"
                  display="flex"
                  justifyContent="space-between"
                >
                  <span>
                    {errors.summary ??
                      (tooLong
                        ? t('trigger.summaryTooLong', {
                            max: String(PAGERDUTY_SUMMARY_MAX_LENGTH),
                          })
                        : t('trigger.summaryHelp'))}
                  </span>
                  <span data-testid="pagerduty-summary-counter">
                    {summary.length}/{PAGERDUTY_SUMMARY_MAX_LENGTH}
                  </span>
                </Box>
              }
            />

            <FormControl component="fieldset" className={classes.section}>
              <FormLabel component="legend">{t('trigger.severity')}</FormLabel>
              <RadioGroup
                row
                name="severity"
                value={severity}
                onChange={e => setSeverity(e.target.value as Severity)}
              >
                {PAGERDUTY_SEVERITIES.map(value => (
                  <FormControlLabel
                    key={value}
                    value={value}
                    control={<Radio />}
                    label={t(`trigger.severities.${value}`)}
                  />
                ))}
              </RadioGroup>
            </FormControl>

            <Box className={classes.section}>
              <Typography variant="subtitle2" component="p">
                {t('trigger.detailsOptional')}
              </Typography>
              {details.map((row, index) => (
                <Box key={index} className={classes.row}>
                  <TextField
                    id={`pagerduty-trigger-detail-${index}-key`}
                    margin="dense"
                    label={t('trigger.detailName', { n: String(index + 1) })}
                    value={row.key}
                    onChange={e =>
                      setDetails(rows =>
                        rows.map((r, i) =>
                          i === index ? { ...r, key: e.target.value } : r,
                        ),
                      )
                    }
                  />
                  <TextField
                    id={`pagerduty-trigger-detail-${index}-value`}
                    margin="dense"
                    fullWidth
                    label={t('trigger.detailValue', { n: String(index + 1) })}
                    value={row.value}
                    onChange={e =>
                      setDetails(rows =>
                        rows.map((r, i) =>
                          i === index ? { ...r, value: e.target.value } : r,
                        ),
                      )
                    }
                  />
                  <IconButton
                    aria-label={t('trigger.removeDetail', {
                      n: String(index + 1),
                    })}
                    onClick={() =>
                      setDetails(rows => rows.filter((_, i) => i !== index))
                    }
                  >
                    <DeleteIcon />
                  </IconButton>
                </Box>
              ))}
              {errors.details && (
                <Typography variant="body2" color="error" role="alert">
                  {errors.details}
                </Typography>
              )}
              <Button
                size="small"
                startIcon={<AddIcon />}
                onClick={() =>
                  setDetails(rows => [...rows, { key: '', value: '' }])
                }
              >
                {t('trigger.addDetail')}
              </Button>
            </Box>

            <Box className={classes.section}>
              <Typography variant="subtitle2" component="p">
                {t('trigger.linksOptional')}
              </Typography>
              {links.map((row, index) => (
                <Box key={index} className={classes.row}>
                  <TextField
                    id={`pagerduty-trigger-link-${index}-href`}
                    margin="dense"
                    fullWidth
                    label={t('trigger.linkUrl', { n: String(index + 1) })}
                    value={row.href}
                    error={Boolean(errors.links[index])}
                    helperText={errors.links[index]}
                    onChange={e =>
                      setLinks(rows =>
                        rows.map((r, i) =>
                          i === index ? { ...r, href: e.target.value } : r,
                        ),
                      )
                    }
                  />
                  <TextField
                    id={`pagerduty-trigger-link-${index}-text`}
                    margin="dense"
                    label={t('trigger.linkText', { n: String(index + 1) })}
                    value={row.text}
                    onChange={e =>
                      setLinks(rows =>
                        rows.map((r, i) =>
                          i === index ? { ...r, text: e.target.value } : r,
                        ),
                      )
                    }
                  />
                  <IconButton
                    aria-label={t('trigger.removeLink', {
                      n: String(index + 1),
                    })}
                    onClick={() =>
                      setLinks(rows => rows.filter((_, i) => i !== index))
                    }
                  >
                    <DeleteIcon />
                  </IconButton>
                </Box>
              ))}
              <Button
                size="small"
                startIcon={<AddIcon />}
                onClick={() =>
                  setLinks(rows => [...rows, { href: '', text: '' }])
                }
              >
                {t('trigger.addLink')}
              </Button>
            </Box>

            {errors.other && (
              <Alert severity="error" className={classes.section}>
                {errors.other}
              </Alert>
            )}
            {submitProblem && (
              <Box className={classes.section}>
                <PagerDutyProblemPanel
                  problem={submitProblem}
                  context={t('trigger.context')}
                />
              </Box>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={close}>{t('trigger.cancel')}</Button>
            <Button
              onClick={submit}
              color="primary"
              variant="contained"
              disabled={submitting}
            >
              {submitting ? t('trigger.submitting') : t('trigger.submit')}
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
