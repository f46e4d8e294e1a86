/**
 * When a valid webhook last arrived, per PagerDuty account. An account's webhooks are
 * "healthy" while one arrived within the window; the backend then caches incidents longer,
 * since webhooks invalidate the cache on every change.
 *
 * Each replica records what it receives and, through a scheduled task, what the others
 * recorded in the database (the de-duplication table).
 */
export class WebhookHealth {
  private readonly lastValid = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(account: string, at: number = this.now()): void {
    if ((this.lastValid.get(account) ?? 0) < at)
      this.lastValid.set(account, at);
  }

  merge(lastReceived: Map<string, number>): void {
    for (const [account, at] of lastReceived) this.record(account, at);
  }

  lastValidAt(account: string): number | undefined {
    return this.lastValid.get(account);
  }

  isHealthy(account: string): boolean {
    const at = this.lastValid.get(account);
    return at !== undefined && this.now() - at <= this.windowMs;
  }
}
