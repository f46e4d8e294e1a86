import {
  ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import Snackbar from '@material-ui/core/Snackbar';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  pagerDutyIncidentManagePermission,
  PagerDutyIncident,
  PagerDutyService,
  pagerDutyServiceSignalChannel,
  PagerDutyServiceSignal,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { describePagerDutyError } from '../../api';
import {
  PAGERDUTY_LIVE_SAFETY_POLL_INTERVAL_MS,
  PAGERDUTY_POLL_INTERVAL_MS,
  usePolling,
  useSignalCallback,
  useSignalsAvailable,
} from '../../hooks/useLiveUpdates';
import { usePagerDutyEntityData } from '../../hooks/usePagerDutyEntityData';
import { ChangeEventsSection } from '../ChangeEventsSection';
import {
  IncidentActions,
  PagerDutyFeedback,
  reassignCandidatesOf,
} from '../IncidentActions';
import { IncidentsSection } from '../IncidentsSection';
import { InsightsStrip } from '../InsightsStrip';
import { OnCallSection } from '../OnCallSection';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { ServiceHeader } from '../ServiceHeader';
import { TriggerButton } from '../TriggerButton';
import { TriggerDialog } from '../TriggerDialog';

/**
 * Props of the PagerDuty entity card.
 * @public
 */
export interface EntityPagerDutyCardProps {
  /** Hide the trigger button and the incident actions. */
  readOnly?: boolean;
  /** Hide the change events tab. */
  disableChangeEvents?: boolean;
  /** Hide the on-call tab. */
  disableOnCall?: boolean;
}

type TabName = 'incidents' | 'oncall' | 'change-events';

/** Refetches the sections named in the signals of one PagerDuty service. */
function ServiceSignals(props: {
  service: PagerDutyService;
  onSignal(signal: PagerDutyServiceSignal): void;
}) {
  useSignalCallback(
    pagerDutyServiceSignalChannel(props.service.account, props.service.id),
    props.onSignal,
  );
  return null;
}

function TabPanel(props: {
  name: TabName;
  current: TabName;
  children: ReactNode;
}) {
  const { name, current, children } = props;
  return (
    <div
      role="tabpanel"
      id={`pagerduty-tabpanel-${name}`}
      aria-labelledby={`pagerduty-tab-${name}`}
      hidden={name !== current}
    >
      {name === current && <Box pt={2}>{children}</Box>}
    </div>
  );
}

/**
 * The PagerDuty card for an entity reference; {@link EntityPagerDutyCard} wraps it for the
 * entity page.
 */
export function PagerDutyCard(
  props: EntityPagerDutyCardProps & { entityRef: string; entityName?: string },
) {
  const {
    entityRef,
    entityName,
    readOnly,
    disableChangeEvents,
    disableOnCall,
  } = props;
  const data = usePagerDutyEntityData(entityRef, {
    disableChangeEvents,
    disableOnCall,
  });
  const { refresh } = data;
  const [tab, setTab] = useState<TabName>('incidents');
  const [triggerOpen, setTriggerOpen] = useState(false);
  const [feedback, setFeedback] = useState<PagerDutyFeedback>();

  const manage = usePermission({
    permission: pagerDutyIncidentManagePermission,
    resourceRef: entityRef,
  });
  const canManage = !readOnly && manage.allowed;

  const signalsAvailable = useSignalsAvailable();
  usePolling(
    true,
    signalsAvailable
      ? PAGERDUTY_LIVE_SAFETY_POLL_INTERVAL_MS
      : PAGERDUTY_POLL_INTERVAL_MS,
    () => refresh(),
  );

  const services = data.services.value?.services;
  const serviceName = useCallback(
    (id: string) => services?.find(service => service.id === id)?.name,
    [services],
  );
  const multipleServices = (services?.length ?? 0) > 1;

  // PagerDuty creates the incident shortly after the event is accepted: look again a bit later.
  const followUp = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(followUp.current), []);
  const onDelivered = useCallback(() => {
    refresh(['incidents', 'services']);
    clearTimeout(followUp.current);
    followUp.current = setTimeout(
      () => refresh(['incidents', 'services']),
      5000,
    );
  }, [refresh]);

  const updateIncidents = data.incidents.update;
  const onIncidentChanged = useCallback(
    (incident: PagerDutyIncident) => {
      updateIncidents(
        value =>
          value && {
            ...value,
            incidents:
              incident.status === 'resolved'
                ? value.incidents.filter(i => i.id !== incident.id)
                : value.incidents.map(i =>
                    i.id === incident.id ? incident : i,
                  ),
          },
      );
      refresh(['incidents', 'services']);
    },
    [updateIncidents, refresh],
  );

  const onSignal = useCallback(
    (signal: PagerDutyServiceSignal) =>
      refresh(signal.sections?.length ? signal.sections : undefined),
    [refresh],
  );

  const globalProblem = useMemo(() => {
    if (data.services.value || !data.services.error) {
      return undefined;
    }
    const problem = describePagerDutyError(data.services.error);
    return problem.global ? problem : undefined;
  }, [data.services.value, data.services.error]);

  const incidentCount = data.incidents.value?.incidents.length;
  const reassignCandidates = useMemo(
    () => reassignCandidatesOf(services, data.oncall?.value),
    [services, data.oncall?.value],
  );
  const tabs: { name: TabName; label: string }[] = [
    {
      name: 'incidents',
      label:
        incidentCount === undefined
          ? 'Incidents'
          : `Incidents (${incidentCount})`,
    },
    ...(disableOnCall ? [] : [{ name: 'oncall' as const, label: 'On call' }]),
    ...(disableChangeEvents
      ? []
      : [{ name: 'change-events' as const, label: 'Change events' }]),
  ];
  const currentTab = tabs.some(t => t.name === tab) ? tab : 'incidents';

  const action = (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Tooltip title="Refresh">
        <IconButton
          aria-label="Refresh PagerDuty data"
          size="small"
          onClick={() => refresh()}
        >
          <RefreshIcon />
        </IconButton>
      </Tooltip>
      {!readOnly && !globalProblem && (
        <TriggerButton
          entityRef={entityRef}
          onClick={() => setTriggerOpen(true)}
        />
      )}
    </Box>
  );

  const subheader = (
    <Typography
      variant="body2"
      color="textSecondary"
      component="span"
      data-testid="pagerduty-live"
    >
      {signalsAvailable ? 'Live updates' : 'Refreshes every 60 s'}
    </Typography>
  );

  return (
    <InfoCard
      title="PagerDuty"
      // A heading, like the other entity cards, so the card can be found by headings.
      titleTypographyProps={{ component: 'h3' }}
      subheader={subheader}
      action={action}
    >
      {globalProblem ? (
        <PagerDutyProblemPanel problem={globalProblem} />
      ) : (
        <>
          <ServiceHeader state={data.services} />
          <InsightsStrip entityRef={entityRef} />
          {services?.map(service => (
            <ServiceSignals
              key={`${service.account}/${service.id}`}
              service={service}
              onSignal={onSignal}
            />
          ))}
          <Tabs
            value={currentTab}
            onChange={(_, value: TabName) => setTab(value)}
            indicatorColor="primary"
            textColor="primary"
            variant="scrollable"
            scrollButtons="off"
            aria-label="PagerDuty sections"
          >
            {tabs.map(t => (
              <Tab
                key={t.name}
                value={t.name}
                label={t.label}
                id={`pagerduty-tab-${t.name}`}
                aria-controls={`pagerduty-tabpanel-${t.name}`}
              />
            ))}
          </Tabs>
          <TabPanel name="incidents" current={currentTab}>
            <IncidentsSection
              state={data.incidents}
              serviceName={serviceName}
              showServiceNames={multipleServices}
              renderActions={
                canManage
                  ? incident => (
                      <IncidentActions
                        entityRef={entityRef}
                        incident={incident}
                        reassignCandidates={reassignCandidates}
                        onChanged={onIncidentChanged}
                        onFeedback={setFeedback}
                      />
                    )
                  : undefined
              }
            />
          </TabPanel>
          {data.oncall && (
            <TabPanel name="oncall" current={currentTab}>
              <OnCallSection state={data.oncall} serviceName={serviceName} />
            </TabPanel>
          )}
          {data.changeEvents && (
            <TabPanel name="change-events" current={currentTab}>
              <ChangeEventsSection
                state={data.changeEvents}
                serviceName={serviceName}
                showServiceNames={multipleServices}
              />
            </TabPanel>
          )}
        </>
      )}
      {!readOnly && (
        <TriggerDialog
          open={triggerOpen}
          onClose={() => setTriggerOpen(false)}
          entityRef={entityRef}
          entityName={entityName}
          onDelivered={onDelivered}
        />
      )}
      <Snackbar
        open={Boolean(feedback)}
        autoHideDuration={6000}
        onClose={() => setFeedback(undefined)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        {feedback ? (
          <Alert
            severity={feedback.severity}
            onClose={() => setFeedback(undefined)}
          >
            {feedback.message}
          </Alert>
        ) : (
          <span />
        )}
      </Snackbar>
    </InfoCard>
  );
}
