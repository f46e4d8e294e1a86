import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { TriggerStatusResponse } from '@backstage-pagerduty/plugin-pagerduty-common';
import { pagerDutyApiRef } from '../../api';

/** Waits between status polls: quick first, then backing off to 5 s. */
export const DEFAULT_TRIGGER_POLL_DELAYS_MS = [500, 1000, 2000, 3000, 5000];
/** Stop polling after this long; the backend keeps retrying on its own. */
const MAX_POLL_DURATION_MS = 2 * 60_000;
const MAX_CONSECUTIVE_ERRORS = 3;

export interface TriggerDelivery {
  trigger?: TriggerStatusResponse;
  /** Polling gave up while the trigger was still queued. */
  gaveUp: boolean;
  /** The last poll failed. */
  pollError?: Error;
}

/**
 * Follows a queued trigger (`GET /triggers/:id`) until it is delivered or failed.
 * Calls `onSettled` once when it is.
 */
export function useTriggerDelivery(
  initial: TriggerStatusResponse | undefined,
  options: {
    delaysMs?: number[];
    onSettled?: (trigger: TriggerStatusResponse) => void;
  } = {},
): TriggerDelivery {
  const api = useApi(pagerDutyApiRef);
  const [state, setState] = useState<TriggerDelivery>({
    trigger: initial,
    gaveUp: false,
  });
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    setState({ trigger: initial, gaveUp: false });
    if (!initial) {
      return undefined;
    }
    const triggerId = initial.id;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const delays =
      optionsRef.current.delaysMs ?? DEFAULT_TRIGGER_POLL_DELAYS_MS;
    const started = Date.now();
    let attempt = 0;
    let errors = 0;

    const settle = (trigger: TriggerStatusResponse) => {
      optionsRef.current.onSettled?.(trigger);
    };

    async function poll() {
      try {
        const trigger = await api.getTriggerStatus(triggerId);
        if (cancelled) return;
        errors = 0;
        setState({ trigger, gaveUp: false });
        if (trigger.status !== 'queued') {
          settle(trigger);
          return;
        }
      } catch (e) {
        if (cancelled) return;
        errors += 1;
        setState(s => ({ ...s, pollError: e as Error }));
        if (errors >= MAX_CONSECUTIVE_ERRORS) {
          setState(s => ({ ...s, gaveUp: true }));
          return;
        }
      }
      schedule();
    }

    function schedule() {
      if (Date.now() - started > MAX_POLL_DURATION_MS) {
        setState(s => ({ ...s, gaveUp: true }));
        return;
      }
      const delay = delays[Math.min(attempt, delays.length - 1)];
      attempt += 1;
      timer = setTimeout(poll, delay);
    }

    if (initial.status === 'queued') {
      schedule();
    } else {
      settle(initial);
    }

    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, initial]);

  return state;
}
