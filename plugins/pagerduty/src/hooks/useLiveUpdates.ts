import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef, useSignal } from '@backstage/plugin-signals-react';
import { PagerDutyServiceSignal } from '@backstage-pagerduty/plugin-pagerduty-common';

/** How often the card refetches when the signals plugin is not installed. */
export const PAGERDUTY_POLL_INTERVAL_MS = 60_000;

/**
 * How often a live card still refetches: a signal published while the signals WebSocket
 * (re)connects is lost, and this bounds how long the card can miss it.
 */
export const PAGERDUTY_LIVE_SAFETY_POLL_INTERVAL_MS = 300_000;

/** True when the app has the signals API (`@backstage/plugin-signals`). */
export function useSignalsAvailable(): boolean {
  return Boolean(useApiHolder().get(signalApiRef));
}

/** Calls `callback` every `intervalMs` while `enabled`. */
export function usePolling(
  enabled: boolean,
  intervalMs: number,
  callback: () => void,
): void {
  const callbackRef = useRef(callback);
  callbackRef.current = callback;
  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const timer = setInterval(() => callbackRef.current(), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs]);
}

/** Calls `onSignal` for every signal published on `channel`. */
export function useSignalCallback(
  channel: string,
  onSignal: (signal: PagerDutyServiceSignal) => void,
): void {
  const { lastSignal } = useSignal(channel);
  const onSignalRef = useRef(onSignal);
  onSignalRef.current = onSignal;
  useEffect(() => {
    if (lastSignal) {
      onSignalRef.current(lastSignal as unknown as PagerDutyServiceSignal);
    }
  }, [lastSignal]);
}
