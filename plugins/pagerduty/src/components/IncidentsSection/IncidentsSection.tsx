import { ReactNode, useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, StatusOK } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { RefreshableState } from '../../hooks/useRefreshable';
import { pagerDutyTranslationRef } from '../../translation';
import { formatAge, formatDuration, formatFull } from '../../utils/time';
import { IncidentDetails } from '../IncidentDetails';
import { PersonAvatar } from '../PersonAvatar';
import { SectionState } from '../SectionState';
import { INCIDENTS_SHOWN, triageOrder } from './incidentOrder';
import { SlaTimer } from '../SlaTimer';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  main: { flex: '1 1 240px', minWidth: 0 },
  chips: {
    display: 'flex',
    gap: theme.spacing(0.5),
    flexWrap: 'wrap',
    marginBottom: 4,
  },
  triggered: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  acknowledged: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.getContrastText(theme.palette.warning.light),
  },
  resolved: {
    backgroundColor: theme.palette.success.dark,
    color: theme.palette.success.contrastText,
  },
  assignees: { display: 'flex', alignItems: 'center', gap: 4, marginTop: 4 },
  empty: { padding: theme.spacing(2, 0) },
  context: { marginTop: 2 },
  // The theme's secondary colour is too light on paper for small text (WCAG AA).
  highUrgency: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.error.light
        : theme.palette.error.dark,
    borderColor: 'currentColor',
  },
  rowActions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  toggle: { minHeight: 40, textTransform: 'none' },
  details: { flexBasis: '100%' },
  showAll: { minHeight: 40, marginTop: theme.spacing(1) },
}));

/** Who acknowledged, time in state, escalation level, alerts and bridge: one line. */
function TriageContext(props: { incident: PagerDutyIncident }) {
  const { incident } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const ack = incident.acknowledgements?.[0];
  const parts: ReactNode[] = [];
  if (incident.lastStatusChangeAt) {
    parts.push(
      <span key="state" title={formatFull(incident.lastStatusChangeAt)}>
        {t('incidents.inState', {
          state: t(`incidents.status.${incident.status}`),
          duration: formatDuration(incident.lastStatusChangeAt),
        })}
      </span>,
    );
  }
  if (ack && incident.status === 'acknowledged') {
    parts.push(
      <span key="ack" title={formatFull(ack.at)}>
        {t('incidents.acknowledgedBy', {
          name: ack.user.name,
          ago: formatAge(ack.at),
        })}
      </span>,
    );
  }
  if (incident.escalationLevel !== undefined) {
    parts.push(
      <span key="level">
        {t('incidents.escalationLevel', {
          level: String(incident.escalationLevel),
        })}
      </span>,
    );
  }
  if (incident.alertCounts && incident.alertCounts.all > 0) {
    parts.push(
      <span key="alerts">
        {t('incidents.alerts', { count: incident.alertCounts.all })}
      </span>,
    );
  }
  const bridge = incident.conferenceBridge;
  if (bridge?.url || bridge?.number) {
    parts.push(
      <Link
        key="bridge"
        to={bridge.url ?? `tel:${bridge.number!.replace(/[^\d+,#*]/g, '')}`}
      >
        {t('incidents.bridge')}
        {bridge.number && !bridge.url ? ` ${bridge.number}` : ''}
      </Link>,
    );
  }
  if (parts.length === 0) return null;
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      className={classes.context}
      data-testid={`incident-context-${incident.id}`}
    >
      {parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))}
    </Typography>
  );
}

function IncidentRow(props: {
  incident: PagerDutyIncident;
  entityRef?: string;
  serviceName?: string;
  actions?: ReactNode;
}) {
  const { incident, entityRef, serviceName, actions } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [open, setOpen] = useState(false);
  const detailsId = `incident-details-panel-${incident.id}`;
  return (
    <ListItem
      divider
      className={classes.item}
      data-testid={`incident-${incident.id}`}
    >
      <Box className={classes.main}>
        <Box className={classes.chips}>
          <Chip
            size="small"
            label={t(`incidents.status.${incident.status}`)}
            className={classes[incident.status]}
          />
          <Chip
            size="small"
            variant="outlined"
            label={
              incident.urgency === 'high'
                ? t('incidents.highUrgency')
                : t('incidents.lowUrgency')
            }
            className={
              incident.urgency === 'high' ? classes.highUrgency : undefined
            }
          />
          {incident.priority && (
            <Chip
              size="small"
              variant="outlined"
              label={t('incidents.priority', { name: incident.priority.name })}
              style={
                incident.priority.color
                  ? {
                      borderColor: `#${incident.priority.color.replace(
                        /^#/,
                        '',
                      )}`,
                    }
                  : undefined
              }
            />
          )}
        </Box>
        <Typography variant="body1">
          <Link to={incident.htmlUrl}>{incident.title}</Link>
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {t('incidents.opened', { number: String(incident.number) })}{' '}
          <Tooltip title={formatFull(incident.createdAt)}>
            <time dateTime={incident.createdAt}>
              {formatAge(incident.createdAt)}
            </time>
          </Tooltip>
          {serviceName && ` · ${serviceName}`}
        </Typography>
        <SlaTimer sla={incident.sla} />
        {incident.assignees.length > 0 && (
          <Box className={classes.assignees}>
            <Typography variant="body2" color="textSecondary" component="span">
              {t('incidents.assignedTo')}
            </Typography>
            {incident.assignees.map(user => (
              <PersonAvatar key={user.id} user={user} size="small" decorative />
            ))}
            <Typography variant="body2" component="span">
              {incident.assignees.map(user => user.name).join(', ')}
            </Typography>
          </Box>
        )}
        <TriageContext incident={incident} />
        <Box className={classes.rowActions}>
          {actions}
          {entityRef && (
            <Button
              size="small"
              className={classes.toggle}
              aria-expanded={open}
              aria-controls={detailsId}
              aria-label={t('incidents.detailsOf', {
                action: open
                  ? t('incidents.hideDetails')
                  : t('incidents.details'),
                number: String(incident.number),
              })}
              onClick={() => setOpen(o => !o)}
              startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            >
              {open ? t('incidents.hideDetails') : t('incidents.details')}
            </Button>
          )}
        </Box>
      </Box>
      {entityRef && (
        <Collapse in={open} className={classes.details} unmountOnExit>
          <div id={detailsId}>
            <IncidentDetails
              entityRef={entityRef}
              incidentId={incident.id}
              version={incident}
            />
          </div>
        </Collapse>
      )}
    </ListItem>
  );
}

/** The sorted list, the first few with "Show all N". */
function IncidentList(props: {
  incidents: PagerDutyIncident[];
  entityRef?: string;
  serviceName?: (serviceId: string) => string | undefined;
  showServiceNames?: boolean;
  renderActions?: (incident: PagerDutyIncident) => ReactNode;
}) {
  const { incidents, entityRef, serviceName, showServiceNames, renderActions } =
    props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  const [showAll, setShowAll] = useState(false);
  const sorted = useMemo(() => triageOrder(incidents), [incidents]);
  const shown = showAll ? sorted : sorted.slice(0, INCIDENTS_SHOWN);
  return (
    <>
      <List dense disablePadding aria-label={t('incidents.list')}>
        {shown.map(incident => (
          <IncidentRow
            key={incident.id}
            incident={incident}
            entityRef={entityRef}
            serviceName={
              showServiceNames ? serviceName?.(incident.serviceId) : undefined
            }
            actions={renderActions?.(incident)}
          />
        ))}
      </List>
      {sorted.length > INCIDENTS_SHOWN && (
        <Button
          className={classes.showAll}
          color="primary"
          onClick={() => setShowAll(s => !s)}
          aria-expanded={showAll}
        >
          {showAll
            ? t('incidents.showFewer')
            : t('incidents.showAll', { total: String(sorted.length) })}
        </Button>
      )}
    </>
  );
}

/** Open incidents of the entity's services in triage order, or the good news that there are none. */
export function IncidentsSection(props: {
  state: RefreshableState<PagerDutyIncidentsResponse>;
  /** Enables the details panel (description, notes, timeline) of each row. */
  entityRef?: string;
  serviceName?: (serviceId: string) => string | undefined;
  /** Multiple services: show which one each incident belongs to. */
  showServiceNames?: boolean;
  renderActions?: (incident: PagerDutyIncident) => ReactNode;
}) {
  const { state, entityRef, serviceName, showServiceNames, renderActions } =
    props;
  const classes = useStyles();
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  return (
    <SectionState
      state={state}
      what={t('incidents.what')}
      serviceName={serviceName}
      isEmpty={value => value.incidents.length === 0}
    >
      {({ incidents }) =>
        incidents.length === 0 ? (
          <Box className={classes.empty} data-testid="pagerduty-no-incidents">
            <StatusOK>{t('incidents.none')}</StatusOK>
            <Typography variant="body2" color="textSecondary">
              {t('incidents.allQuiet')}
            </Typography>
          </Box>
        ) : (
          <IncidentList
            incidents={incidents}
            entityRef={entityRef}
            serviceName={serviceName}
            showServiceNames={showServiceNames}
            renderActions={renderActions}
          />
        )
      }
    </SectionState>
  );
}
