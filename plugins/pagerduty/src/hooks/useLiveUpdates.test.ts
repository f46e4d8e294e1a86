import { renderHook } from '@testing-library/react';
import { PAGERDUTY_POLL_INTERVAL_MS, usePolling } from './useLiveUpdates';

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls back every 60 s while enabled, and stops when disabled', () => {
    const callback = jest.fn();
    const { rerender, unmount } = renderHook(
      ({ enabled }) =>
        usePolling(enabled, PAGERDUTY_POLL_INTERVAL_MS, callback),
      { initialProps: { enabled: true } },
    );
    expect(PAGERDUTY_POLL_INTERVAL_MS).toBe(60_000);
    jest.advanceTimersByTime(59_999);
    expect(callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(60_000);
    expect(callback).toHaveBeenCalledTimes(2);

    rerender({ enabled: false });
    jest.advanceTimersByTime(180_000);
    expect(callback).toHaveBeenCalledTimes(2);
    unmount();
  });
});
