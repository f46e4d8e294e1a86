import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** State of data that loads once and can then be refreshed in the background. */
export interface RefreshableState<T> {
  value?: T;
  error?: Error;
  /** True until the first answer (or after the inputs changed). */
  loading: boolean;
  /** True while a background refresh runs; the previous value stays visible. */
  refreshing: boolean;
  /** Fetches again, keeping the current value on screen. */
  refresh(): void;
  /** Replaces the value locally, e.g. with the result of a write. */
  update(updater: (value: T | undefined) => T | undefined): void;
}

/**
 * Like an async-retry hook, but a refresh keeps the previous value (no flashing
 * spinner) and stale answers of superseded requests are dropped.
 */
export function useRefreshable<T>(
  fetcher: () => Promise<T>,
  deps: DependencyList,
): RefreshableState<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
    refreshing: boolean;
  }>({ loading: true, refreshing: false });
  const generation = useRef(0);
  const mounted = useRef(true);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  const run = useCallback((background: boolean) => {
    const current = ++generation.current;
    setState(s =>
      background
        ? { ...s, refreshing: true }
        : {
            value: undefined,
            error: undefined,
            loading: true,
            refreshing: false,
          },
    );
    fetcherRef.current().then(
      value => {
        if (mounted.current && current === generation.current) {
          setState({
            value,
            error: undefined,
            loading: false,
            refreshing: false,
          });
        }
      },
      (error: Error) => {
        if (mounted.current && current === generation.current) {
          // A failed refresh keeps the last good value next to the error.
          setState(s => ({
            value: s.value,
            error,
            loading: false,
            refreshing: false,
          }));
        }
      },
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    run(false);
    return () => {
      mounted.current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  const refresh = useCallback(() => run(true), [run]);
  const update = useCallback(
    (updater: (value: T | undefined) => T | undefined) =>
      setState(s => ({ ...s, value: updater(s.value) })),
    [],
  );

  return { ...state, refresh, update };
}
