// The widget's texts are files beside its module, one per language: a language the CDN lacks
// gives way to English, and a widget without any texts says so rather than show half of itself.
import { test, expect } from '@playwright/test';
import { watch } from './helpers.mjs';
import { HOST } from './playwright.config.mjs';

test('a language whose file is missing gives way to English', async ({ page }) => {
  const seen = watch(page);
  await page.route('**/catalogs/fr.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await page.goto(`${HOST}/showcase.html?modes=feedback&lang=fr`);
  const widget = page.locator('chapeau-widget');
  const panel = widget.getByRole('dialog', { name: 'Tell us what you think' });
  await expect(panel).toBeVisible();
  await expect(widget.locator('.root')).toHaveAttribute('lang', 'en');
  await expect(panel.getByLabel('Your message')).toBeVisible();
  expect(seen.warnings).toContain("Chapeau: the page's language could not be loaded; English instead");
  expect(seen.exceptions).toEqual([]);
});

test('without any texts the widget reports a load error and shows nothing half-drawn', async ({ page }) => {
  const seen = watch(page);
  await page.route('**/catalogs/*.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await page.goto(`${HOST}/showcase.html?modes=feedback&lang=fr`);
  await expect.poll(() => page.evaluate(() => window.heard)).toContainEqual({ type: 'chapeau:error', detail: { problem: 'load' } });
  const widget = page.locator('chapeau-widget');
  await expect(widget.getByRole('dialog')).toHaveCount(0);
  await expect(widget.getByRole('button', { name: 'Votre avis' }), 'the launcher the loader drew stays').toBeVisible();
  expect(seen.errors).toContain("Chapeau: the widget's texts could not be loaded");
  expect(seen.exceptions).toEqual([]);
});

test('a language the network lost at idle time is asked for again when the visitor opens the widget', async ({ page }) => {
  const seen = watch(page);
  // A phone's network drops the request for the language made at idle time, then comes back.
  let dropped = 0;
  await page.route('**/catalogs/*.json', (route) => {
    dropped++;
    return route.abort('internetdisconnected');
  });
  await page.goto(`${HOST}/brand.html`);
  await expect.poll(() => seen.errors).toContain("Chapeau: the widget's texts could not be loaded");
  expect(dropped, 'asked for at idle time, before any click').toBeGreaterThan(0);
  await page.unroute('**/catalogs/*.json');
  await page.locator('chapeau-widget').getByRole('button', { name: 'Feedback' }).click();
  const panel = page.locator('chapeau-widget').getByRole('dialog', { name: 'Tell us what you think' });
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel('Your message')).toBeFocused();
  expect(seen.exceptions).toEqual([]);
});
