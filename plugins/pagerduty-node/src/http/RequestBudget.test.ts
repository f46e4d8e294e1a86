import { RequestBudget } from './RequestBudget';

describe('RequestBudget', () => {
  it('allows at most N requests in any sliding minute', () => {
    let now = 0;
    const budget = new RequestBudget(3, () => now);
    expect([
      budget.tryAcquire(),
      budget.tryAcquire(),
      budget.tryAcquire(),
    ]).toEqual([true, true, true]);
    expect(budget.tryAcquire()).toBe(false);
    now = 59_999;
    expect(budget.tryAcquire()).toBe(false);
    now = 60_001;
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.usedInLastMinute()).toBe(1);
  });

  it('queues waiters in order and gives up after their deadline', async () => {
    jest.useFakeTimers();
    try {
      const budget = new RequestBudget(1);
      expect(budget.tryAcquire()).toBe(true);
      const short = budget.acquire(1_000);
      const long = budget.acquire(120_000);
      jest.advanceTimersByTime(1_000);
      await expect(short).resolves.toBe(false);
      jest.advanceTimersByTime(60_000);
      await expect(long).resolves.toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('sends nothing while PagerDuty asked to pause', () => {
    let now = 0;
    const budget = new RequestBudget(100, () => now);
    budget.pause(5_000);
    expect(budget.tryAcquire()).toBe(false);
    now = 5_001;
    expect(budget.tryAcquire()).toBe(true);
  });
});
