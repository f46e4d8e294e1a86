/**
 * The one backoff policy and the one timeout helper of the PagerDuty packages: the HTTP client,
 * the trigger outbox and the webhook handler all wait and give up the same way.
 */

/** Exponential backoff: `initialMs`, doubling per attempt, at most `maxMs`. @public */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * How long to wait before retry number `attempt` (0 for the first retry): exponential with
 * equal jitter (half fixed, half random, so replicas and callers do not retry in lockstep),
 * and never shorter than what the server asked for (`Retry-After`).
 * @public
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  retryAfterMs = 0,
): number {
  const exp = Math.min(
    policy.maxMs,
    policy.initialMs * 2 ** Math.max(0, attempt),
  );
  return Math.round(
    Math.max(retryAfterMs, exp / 2 + Math.random() * (exp / 2)),
  );
}

/** A wait that does not keep a stopping process alive on its own. @public */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => {
    setTimeout(resolve, ms).unref?.();
  });
}

/**
 * The promise's outcome, or the error `onTimeout` makes when it takes longer than `ms`.
 * The timer is cleared either way.
 * @public
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
