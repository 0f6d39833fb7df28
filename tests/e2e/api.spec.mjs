// The site owner's JS API: calls queued before the loader ran, open/close/destroy, the
// events the page hears, and a wrong option named once on the console.
import { test, expect } from '@playwright/test';
import { COLLECTOR, HOST } from './playwright.config.mjs';
import { watch } from './helpers.mjs';

test('queued calls are replayed, and the page hears ready, open, submit, error and close', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/showcase.html?modes=feedback`);
  const widget = page.locator('chapeau-widget');
  const panel = widget.getByRole('dialog', { name: 'Tell us what you think' });
  await expect(panel, 'the queued open() waited for the widget').toBeVisible();
  await expect.poll(() => page.evaluate(() => window.heard.map((e) => e.type))).toEqual(['chapeau:ready', 'chapeau:open']);

  await panel.getByRole('button', { name: 'Send' }).click();
  await panel.getByLabel('Your message').pressSequentially('Found everything I needed.', { delay: 40 });
  await panel.getByRole('button', { name: 'Send' }).click();
  await expect(panel.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await page.evaluate(() => window.Chapeau.close());
  await expect(panel).toBeHidden();
  const heard = await page.evaluate(() => window.heard);
  expect(heard.slice(2).map((e) => e.type)).toEqual(['chapeau:error', 'chapeau:submit', 'chapeau:close']);
  expect(heard[2].detail).toEqual({ problem: 'message_required' });
  expect(heard[3].detail.kind).toBe('feedback');
  expect(heard[3].detail.id).toMatch(/^[0-9a-f-]{36}$/);

  await page.evaluate(() => window.Chapeau.open());
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(widget.getByRole('button', { name: 'Feedback' })).toBeFocused();

  await page.evaluate(() => window.Chapeau.destroy());
  await expect(widget).toHaveCount(0);
  expect(seen).toEqual({ errors: [], warnings: [], exceptions: [] });
});

test('a wrong option is named once on the console and the widget still works', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/showcase.html?modes=feedback&theme=purple&closed=1`);
  const launcher = page.locator('chapeau-widget').getByRole('button', { name: 'Feedback' });
  await expect(launcher).toBeVisible();
  // Reported when the visitor comes near the launcher, before any click.
  const warning = 'Chapeau: data-theme="purple" is not valid: one of "light", "dark", "auto"; using "light"';
  await launcher.hover();
  await expect.poll(() => seen.warnings).toEqual([warning]);
  await page.evaluate(() => window.Chapeau.push(['explode']));
  expect(seen.errors).toEqual(['Chapeau: unknown method explode']);
  await launcher.click();
  await expect(page.locator('chapeau-widget').getByLabel('Your message')).toBeVisible();
  expect(seen.warnings, 'mounting does not repeat it').toEqual([warning]);
  expect(seen.exceptions).toEqual([]);
});

test('a container that is not on the page is named, and nothing else happens', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/brand.html`);
  const host = await page.evaluate((collector) => window.Chapeau.mount({ site: 'e2e-brand', endpoint: collector, container: '#nowhere' }), COLLECTOR);
  expect(host).toBeNull();
  expect(seen.errors).toEqual(['Chapeau: data-container="#nowhere" matches no element; no widget.']);
  expect(seen.exceptions).toEqual([]);
});
