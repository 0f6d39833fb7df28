// The example Leptos app (examples/leptos-app), as a Leptos developer builds it with trunk: the
// `Chapeau` component inline in its article and floating beside it, sending to the collector.
import { test, expect } from '@playwright/test';
import { COLLECTOR, LEPTOS_APP } from './playwright.config.mjs';
import { query, readingPause, sqlString, watch } from './helpers.mjs';

test('the Chapeau component in a Leptos app: an inline poll, and feedback from its own launcher', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${LEPTOS_APP}/?endpoint=${encodeURIComponent(COLLECTOR)}&site=demo`);
  await expect(page.getByRole('heading', { name: 'The Fedora' })).toBeVisible();
  const inline = page.locator('main > chapeau-widget');
  await expect(inline.getByRole('group', { name: 'Which hat should we make next?' })).toBeVisible();

  const floating = page.locator('body > chapeau-widget');
  const launcher = floating.getByRole('button', { name: 'Feedback' });
  // The app's Comic Sans and capitals stay the app's.
  expect(await launcher.evaluate((el) => getComputedStyle(el).textTransform)).toBe('none');
  await launcher.click();
  const dialog = floating.getByRole('dialog', { name: 'Tell us what you think' });
  await expect(dialog).toBeVisible();
  const text = 'Sent from the example Leptos app.';
  await dialog.getByLabel('Your message').fill(text);
  await readingPause(page);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByRole('heading', { name: 'Thank you!' })).toBeVisible();

  const rows = query(`SELECT site, meta FROM submissions WHERE message = ${sqlString(text)}`);
  expect(rows).toEqual([{ site: 'demo', meta: '{"app":"leptos-example"}' }]);
  await expect(page.getByRole('list', { name: 'What the app heard' })).toContainText('Submit');
  expect(seen.exceptions).toEqual([]);
  expect(seen.errors).toEqual([]);
});
