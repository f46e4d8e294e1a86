import { expect, Locator, Page, test } from '@playwright/test';
import { openEntity, pagerDutyCard as card, shot } from './demo';

/*
 * The card by keyboard alone: Tab reaches the trigger button, Enter opens the dialog with focus
 * trapped inside it, Tab reaches its summary, Escape closes it and gives focus back, and Tab
 * reaches the incident actions.
 */

/** Presses Tab until `target` has the focus, at most `max` times; fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 150) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate(el => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target} in ${max} presses`);
}

test('the card works by keyboard: trigger dialog in and out, incident actions reachable', async ({
  page,
}) => {
  await openEntity(page, 'checkout-api');
  const pd = card(page);
  await expect(pd.getByRole('list', { name: 'Open incidents' })).toBeVisible();

  const trigger = pd.getByRole('button', { name: /trigger incident/i });
  await tabTo(page, trigger);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // MUI moves the focus into the modal and keeps it there.
  await expect
    .poll(() =>
      page.evaluate(() =>
        Boolean(document.activeElement?.closest('.MuiDialog-root')),
      ),
    )
    .toBe(true);
  const summary = dialog.getByRole('textbox', { name: 'Summary' });
  await tabTo(page, summary, 10);
  await page.keyboard.type('Typed without a mouse');
  await expect(summary).toHaveValue('Typed without a mouse');
  await shot(page, 'keyboard-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();

  await tabTo(
    page,
    pd.getByRole('button', { name: /^acknowledge incident #\d+$/i }).first(),
  );
  await tabTo(
    page,
    pd.getByRole('button', { name: /^resolve incident #\d+$/i }).first(),
    5,
  );
  await shot(page, 'keyboard-actions');
});
