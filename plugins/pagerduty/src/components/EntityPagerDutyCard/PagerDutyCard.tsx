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
import CircularProgress from '@material-ui/core/CircularProgress';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Tooltip from '@material-ui/core/Tooltip';
import RefreshIcon from '@material-ui/icons/Refresh';
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
import { FreshnessLabel } from '../FreshnessLabel';
import { IncidentActions, reassignCandidatesOf } from '../IncidentActions';
import { IncidentsSection } from '../IncidentsSection';
import { OnCallNow } from '../OnCallNow';
import { InsightsStrip } from '../InsightsStrip';
import { OnCallSection } from '../OnCallSection';
import { PagerDutyProblemPanel } from '../PagerDutyProblemPanel';
import { ServiceHeader } from '../ServiceHeader';
import { TriggerButton } from '../TriggerButton';
import { TriggerDialog } from '../TriggerDialog';
import { RecordDeployButton, RecordDeployDialog } from '../RecordDeployDialog';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { pagerDutyTranslationRef } from '../../translation';

/**
 * Props of the PagerDuty entity card.
 * @public
 */
export interface EntityPagerDutyCardProps {
  /** Hide the trigger button and the incident actions. */
  readOnly?: boolean;
  /** Hide the change events tab. */
  disableChangeEvents?: boolean;
  /** Hide who is on call (the summary at the top and the escalation tab). */
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
  props: EntityPagerDutyCardProps & {
    entityRef: string;
    entityName?: string;
    /** The entity's owner, suggested as the contact when it is not urgent. */
    ownerRef?: string;
  },
) {
  const {
    entityRef,
    entityName,
    ownerRef,
    readOnly,
    disableChangeEvents,
    disableOnCall,
  } = props;
  const data = usePagerDutyEntityData(entityRef, {
    disableChangeEvents,
    disableOnCall,
  });
  const { refresh } = data;
  const { t } = useTranslationRef(pagerDutyTranslationRef);
  // Undefined until the user picks a tab: the card opens on incidents when there are any,
  // otherwise on the escalation policy.
  const [tab, setTab] = useState<TabName>();
  const [triggerOpen, setTriggerOpen] = useState(false);
  const [deployOpen, setDeployOpen] = useState(false);

  const manage = usePermission({
    permission: pagerDutyIncidentManagePermission,
    resourceRef: entityRef,
  });
  const canManage = !readOnly && manage.allowed;
  const manageDenied = !readOnly && !manage.loading && !manage.allowed;

  const signalsAvailable = useSignalsAvailable();
  // Signals are trusted only when they reach this browser whichever replica gets PagerDuty's
  // webhook; otherwise the card polls at the normal interval (signals still help when they come).
  const live = signalsAvailable && data.liveUpdatesAcrossReplicas !== false;
  usePolling(
    true,
    live ? PAGERDUTY_LIVE_SAFETY_POLL_INTERVAL_MS : PAGERDUTY_POLL_INTERVAL_MS,
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

  // The change event goes through the backend's outbox: look again once it is delivered.
  const onDeployRecorded = useCallback(() => {
    clearTimeout(followUp.current);
    followUp.current = setTimeout(() => refresh(['change-events']), 3000);
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
          ? t('card.incidentsTab')
          : t('card.incidentsTabCount', { n: String(incidentCount) }),
    },
    ...(disableOnCall
      ? []
      : [{ name: 'oncall' as const, label: t('card.escalationTab') }]),
    ...(disableChangeEvents
      ? []
      : [
          {
            name: 'change-events' as const,
            label: t('card.changeEventsTab'),
          },
        ]),
  ];
  const openingTab: TabName =
    incidentCount === 0 && !disableOnCall ? 'oncall' : 'incidents';
  const currentTab =
    tab && tabs.some(each => each.name === tab) ? tab : openingTab;
  const refreshing = [
    data.services,
    data.incidents,
    data.oncall,
    data.changeEvents,
  ].some(section => section?.refreshing);

  const action = (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Tooltip
        title={refreshing ? t('card.refreshing') : t('card.refreshTooltip')}
      >
        <span>
          <IconButton
            aria-label={t('card.refresh')}
            aria-busy={refreshing}
            onClick={() => refresh()}
            disabled={refreshing}
          >
            {refreshing ? (
              <CircularProgress
                size={20}
                aria-label={t('card.refreshingLabel')}
              />
            ) : (
              <RefreshIcon />
            )}
          </IconButton>
        </span>
      </Tooltip>
      {!readOnly && !globalProblem && (
        <TriggerButton
          entityRef={entityRef}
          onClick={() => setTriggerOpen(true)}
        />
      )}
    </Box>
  );

  const otherAccount = services?.find(
    service => service.isDefaultAccount === false,
  );
  const subheader = (
    <FreshnessLabel
      live={live}
      refreshing={refreshing}
      fetchedAt={data.incidents.value?.freshness.fetchedAt}
      account={
        otherAccount
          ? { id: otherAccount.account, region: otherAccount.region }
          : undefined
      }
    />
  );

  return (
    <InfoCard
      title={t('card.title')}
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
          {data.oncall && (
            <OnCallNow state={data.oncall} serviceName={serviceName} />
          )}
          <Tabs
            value={currentTab}
            onChange={(_, value: TabName) => setTab(value)}
            indicatorColor="primary"
            textColor="primary"
            variant="scrollable"
            scrollButtons="off"
            aria-label={t('card.sections')}
          >
            {tabs.map(each => (
              <Tab
                key={each.name}
                value={each.name}
                label={each.label}
                id={`pagerduty-tab-${each.name}`}
                aria-controls={`pagerduty-tabpanel-${each.name}`}
              />
            ))}
          </Tabs>
          <TabPanel name="incidents" current={currentTab}>
            <IncidentsSection
              state={data.incidents}
              entityRef={entityRef}
              serviceName={serviceName}
              showServiceNames={multipleServices}
              renderActions={
                canManage || manageDenied
                  ? incident => (
                      <IncidentActions
                        entityRef={entityRef}
                        incident={incident}
                        reassignCandidates={reassignCandidates}
                        onChanged={onIncidentChanged}
                        deniedReason={
                          manageDenied ? t('card.manageDenied') : undefined
                        }
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
              {!readOnly && (
                <Box display="flex" justifyContent="flex-end" mb={1}>
                  <RecordDeployButton
                    entityRef={entityRef}
                    onClick={() => setDeployOpen(true)}
                  />
                </Box>
              )}
              <ChangeEventsSection
                state={data.changeEvents}
                serviceName={serviceName}
                showServiceNames={multipleServices}
              />
            </TabPanel>
          )}
        </>
      )}
      {!readOnly && deployOpen && (
        <RecordDeployDialog
          open
          onClose={() => setDeployOpen(false)}
          entityRef={entityRef}
          entityName={entityName ?? entityRef}
          onRecorded={onDeployRecorded}
        />
      )}
      {!readOnly && (
        <TriggerDialog
          open={triggerOpen}
          onClose={() => setTriggerOpen(false)}
          entityRef={entityRef}
          entityName={entityName}
          onDelivered={onDelivered}
          services={services}
          oncall={data.oncall?.value}
          ownerRef={ownerRef}
        />
      )}
    </InfoCard>
  );
}
