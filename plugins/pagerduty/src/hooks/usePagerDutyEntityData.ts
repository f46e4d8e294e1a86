import { useCallback, useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  PagerDutyChangeEventsResponse,
  PagerDutyIncidentsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { pagerDutyApiRef } from '../api';
import { RefreshableState, useRefreshable } from './useRefreshable';

/** The sections of the card, named as in the signal payload. */
export type PagerDutySectionName =
  | 'services'
  | 'incidents'
  | 'oncall'
  | 'change-events';

/** Data of every section of the card; each section loads and fails on its own. */
export interface PagerDutyEntityData {
  services: RefreshableState<PagerDutyServicesResponse>;
  incidents: RefreshableState<PagerDutyIncidentsResponse>;
  oncall?: RefreshableState<PagerDutyOnCallResponse>;
  changeEvents?: RefreshableState<PagerDutyChangeEventsResponse>;
  /** Refreshes the named sections, or all of them. */
  refresh(sections?: readonly PagerDutySectionName[]): void;
}

const disabled = new Promise<never>(() => {});

export function usePagerDutyEntityData(
  entityRef: string,
  options: { disableOnCall?: boolean; disableChangeEvents?: boolean } = {},
): PagerDutyEntityData {
  const api = useApi(pagerDutyApiRef);
  const { disableOnCall = false, disableChangeEvents = false } = options;

  const services = useRefreshable(
    () => api.getServices(entityRef),
    [api, entityRef],
  );
  const incidents = useRefreshable(
    () => api.getIncidents(entityRef),
    [api, entityRef],
  );
  const oncall = useRefreshable(
    () => (disableOnCall ? disabled : api.getOnCall(entityRef)),
    [api, entityRef, disableOnCall],
  );
  const changeEvents = useRefreshable(
    () => (disableChangeEvents ? disabled : api.getChangeEvents(entityRef)),
    [api, entityRef, disableChangeEvents],
  );

  const refreshServices = services.refresh;
  const refreshIncidents = incidents.refresh;
  const refreshOnCall = oncall.refresh;
  const refreshChangeEvents = changeEvents.refresh;
  const refresh = useCallback(
    (sections?: readonly PagerDutySectionName[]) => {
      const all = !sections;
      if (all || sections.includes('services')) refreshServices();
      if (all || sections.includes('incidents')) refreshIncidents();
      if (!disableOnCall && (all || sections.includes('oncall')))
        refreshOnCall();
      if (!disableChangeEvents && (all || sections.includes('change-events'))) {
        refreshChangeEvents();
      }
    },
    [
      refreshServices,
      refreshIncidents,
      refreshOnCall,
      refreshChangeEvents,
      disableOnCall,
      disableChangeEvents,
    ],
  );

  return useMemo(
    () => ({
      services,
      incidents,
      oncall: disableOnCall ? undefined : oncall,
      changeEvents: disableChangeEvents ? undefined : changeEvents,
      refresh,
    }),
    [
      services,
      incidents,
      oncall,
      changeEvents,
      disableOnCall,
      disableChangeEvents,
      refresh,
    ],
  );
}
