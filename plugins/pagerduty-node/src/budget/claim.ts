import { AsyncLocalStorage } from 'node:async_hooks';
import type { BudgetClaim } from '../http/RequestBudget';

const current = new AsyncLocalStorage<BudgetClaim>();

/**
 * Runs `fn` with every PagerDuty request it makes counted against `claim`: e.g. the card data
 * of one entity runs with `{ consumer: entityRef }`, so that entity cannot use more than its
 * share of the budget, and background work runs with `{ priority: 'background' }`, so users'
 * requests are served first.
 * @public
 */
export function runWithBudgetClaim<T>(claim: BudgetClaim, fn: () => T): T {
  return current.run({ ...current.getStore(), ...claim }, fn);
}

/** The claim of the code running now (none outside {@link runWithBudgetClaim}). */
export function currentBudgetClaim(): BudgetClaim {
  return current.getStore() ?? {};
}
