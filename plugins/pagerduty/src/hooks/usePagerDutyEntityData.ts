import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  PAGERDUTY_CARD_SECTIONS,
  PagerDutyCardSectionName,
  PagerDutyChangeEventsResponse,
  PagerDutyIncidentsResponse,
  PagerDutyOnCallResponse,
  PagerDutyServicesResponse,
} from '@backstage-pagerduty/plugin-pagerduty-common';
import { PagerDutyCardData, pagerDutyApiRef } from '../api';
import { RefreshableState } from './useRefreshable';

/** The sections of the card, named as in the signal payload. */
export type PagerDutySectionName = PagerDutyCardSectionName;

/** Data of every section of the card; each section loads and fails on its own. */
export interface PagerDutyEntityData {
  services: RefreshableState<PagerDutyServicesResponse>;
  incidents: RefreshableState<PagerDutyIncidentsResponse>;
  oncall?: RefreshableState<PagerDutyOnCallResponse>;
  changeEvents?: RefreshableState<PagerDutyChangeEventsResponse>;
  /** Refreshes the named sections, or all of them, in one request. */
  refresh(sections?: readonly PagerDutySectionName[]): void;
  /**
   * False when the backend says signals do not cross its replicas (the card must poll at
   * the normal interval); undefined until it says.
   */
  liveUpdatesAcrossReplicas?: boolean;
}

interface SectionState {
  value?: unknown;
  error?: Error;
  loading: boolean;
  refreshing: boolean;
}

type Sections = Partial<Record<PagerDutySectionName, SectionState>>;

const LOADING: SectionState = { loading: true, refreshing: false };

/**
 * The card's data, loaded with one request per load or refresh (the backend's combined
 * `/card` route), so the entity is resolved once per view rather than once per section.
 * A refresh keeps the previous values on screen; answers of superseded requests are dropped
 * per section.
 */
export function usePagerDutyEntityData(
  entityRef: string,
  options: { disableOnCall?: boolean; disableChangeEvents?: boolean } = {},
): PagerDutyEntityData {
  const api = useApi(pagerDutyApiRef);
  const { disableOnCall = false, disableChangeEvents = false } = options;
  const enabled = useMemo(() => {
    const names: PagerDutySectionName[] = ['services', 'incidents'];
    if (!disableOnCall) names.push('oncall');
    if (!disableChangeEvents) names.push('change-events');
    return names;
  }, [disableOnCall, disableChangeEvents]);

  const [sections, setSections] = useState<Sections>({});
  const [acrossReplicas, setAcrossReplicas] = useState<boolean>();
  // The latest request of each section; an older answer for it is dropped.
  const generation = useRef<Partial<Record<PagerDutySectionName, number>>>({});
  const requests = useRef(0);
  const mounted = useRef(true);

  const load = useCallback(
    (names: readonly PagerDutySectionName[], background: boolean) => {
      const current = ++requests.current;
      for (const name of names) generation.current[name] = current;
      setSections(s => {
        const next = { ...s };
        for (const name of names) {
          next[name] = background
            ? { ...(s[name] ?? LOADING), refreshing: true }
            : LOADING;
        }
        return next;
      });
      const latest = (name: PagerDutySectionName) =>
        mounted.current && generation.current[name] === current;
      api.getCard(entityRef, { sections: names }).then(
        (data: PagerDutyCardData) => {
          if (mounted.current && data.liveUpdates) {
            setAcrossReplicas(data.liveUpdates.acrossReplicas);
          }
          setSections(s => {
            const next = { ...s };
            for (const name of names) {
              const result = data[name];
              if (!latest(name) || !result) continue;
              next[name] = result.error
                ? // A failed refresh keeps the last good value next to the error.
                  {
                    value: s[name]?.value,
                    error: result.error,
                    loading: false,
                    refreshing: false,
                  }
                : { value: result.value, loading: false, refreshing: false };
            }
            return next;
          });
        },
        (error: Error) =>
          setSections(s => {
            const next = { ...s };
            for (const name of names) {
              if (!latest(name)) continue;
              next[name] = {
                value: s[name]?.value,
                error,
                loading: false,
                refreshing: false,
              };
            }
            return next;
          }),
      );
    },
    [api, entityRef],
  );

  useEffect(() => {
    mounted.current = true;
    load(enabled, false);
    return () => {
      mounted.current = false;
    };
  }, [load, enabled]);

  const refresh = useCallback(
    (names?: readonly PagerDutySectionName[]) => {
      const wanted = names ? enabled.filter(n => names.includes(n)) : enabled;
      if (wanted.length > 0) load(wanted, true);
    },
    [load, enabled],
  );

  // Stable per section, like the callbacks of useRefreshable.
  const actions = useMemo(
    () =>
      Object.fromEntries(
        PAGERDUTY_CARD_SECTIONS.map(name => [
          name,
          {
            refresh: () => load([name], true),
            update: (updater: (value: any) => any) =>
              setSections(all => {
                const current = all[name] ?? LOADING;
                return {
                  ...all,
                  [name]: { ...current, value: updater(current.value) },
                };
              }),
          },
        ]),
      ) as Record<
        PagerDutySectionName,
        Pick<RefreshableState<any>, 'refresh' | 'update'>
      >,
    [load],
  );

  const state = useCallback(
    <T>(name: PagerDutySectionName): RefreshableState<T> => {
      const s = sections[name] ?? LOADING;
      return {
        value: s.value as T | undefined,
        error: s.error,
        loading: s.loading,
        refreshing: s.refreshing,
        ...actions[name],
      };
    },
    [sections, actions],
  );

  return useMemo(
    () => ({
      services: state<PagerDutyServicesResponse>('services'),
      incidents: state<PagerDutyIncidentsResponse>('incidents'),
      oncall: disableOnCall
        ? undefined
        : state<PagerDutyOnCallResponse>('oncall'),
      changeEvents: disableChangeEvents
        ? undefined
        : state<PagerDutyChangeEventsResponse>('change-events'),
      refresh,
      liveUpdatesAcrossReplicas: acrossReplicas,
    }),
    [state, disableOnCall, disableChangeEvents, refresh, acrossReplicas],
  );
}
