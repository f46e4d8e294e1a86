import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link, StatusOK } from '@backstage/core-components';
import {
  PagerDutyIncident,
  PagerDutyIncidentsResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { RefreshableState } from '../../hooks/useRefreshable';
import { formatAge, formatFull } from '../../utils/time';
import { PersonAvatar } from '../PersonAvatar';
import { SectionState } from '../SectionState';
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
}));

const STATUS_LABELS: Record<PagerDutyIncident['status'], string> = {
  triggered: 'Triggered',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

function IncidentRow(props: {
  incident: PagerDutyIncident;
  serviceName?: string;
  actions?: ReactNode;
}) {
  const { incident, serviceName, actions } = props;
  const classes = useStyles();
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
            label={STATUS_LABELS[incident.status]}
            className={classes[incident.status]}
          />
          <Chip
            size="small"
            variant="outlined"
            label={incident.urgency === 'high' ? 'High urgency' : 'Low urgency'}
            color={incident.urgency === 'high' ? 'secondary' : 'default'}
          />
          {incident.priority && (
            <Chip
              size="small"
              variant="outlined"
              label={`Priority ${incident.priority.name}`}
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
          #{incident.number} · opened{' '}
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
              Assigned to
            </Typography>
            {incident.assignees.map(user => (
              <PersonAvatar key={user.id} user={user} size="small" decorative />
            ))}
            <Typography variant="body2" component="span">
              {incident.assignees.map(user => user.name).join(', ')}
            </Typography>
          </Box>
        )}
      </Box>
      {actions}
    </ListItem>
  );
}

/** Open incidents of the entity's services, or the good news that there are none. */
export function IncidentsSection(props: {
  state: RefreshableState<PagerDutyIncidentsResponse>;
  serviceName?: (serviceId: string) => string | undefined;
  /** Multiple services: show which one each incident belongs to. */
  showServiceNames?: boolean;
  renderActions?: (incident: PagerDutyIncident) => ReactNode;
}) {
  const { state, serviceName, showServiceNames, renderActions } = props;
  const classes = useStyles();
  return (
    <SectionState
      state={state}
      what="Incidents"
      serviceName={serviceName}
      isEmpty={value => value.incidents.length === 0}
    >
      {({ incidents }) =>
        incidents.length === 0 ? (
          <Box className={classes.empty} data-testid="pagerduty-no-incidents">
            <StatusOK>No open incidents</StatusOK>
            <Typography variant="body2" color="textSecondary">
              Nothing is triggered or acknowledged. All quiet.
            </Typography>
          </Box>
        ) : (
          <List dense disablePadding aria-label="Open incidents">
            {incidents.map(incident => (
              <IncidentRow
                key={incident.id}
                incident={incident}
                serviceName={
                  showServiceNames
                    ? serviceName?.(incident.serviceId)
                    : undefined
                }
                actions={renderActions?.(incident)}
              />
            ))}
          </List>
        )
      }
    </SectionState>
  );
}
