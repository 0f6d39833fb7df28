// What the widget costs a page before anyone uses it: the loader draws the launcher, and the
// WebAssembly widget and the visitor's language are fetched only once the page has loaded (or
// on hover, focus, click), mounted on click; an inline widget mounts when it comes near the
// viewport.
import { test, expect } from '@playwright/test';
import { COLLECTOR, HOST } from './playwright.config.mjs';

/** Layout shifts without input, summed (CLS), from the page's start. */
async function watchShifts(page) {
  await page.addInitScript(() => {
    window.shifts = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (!e.hadRecentInput) window.shifts += e.value; }))
      .observe({ type: 'layout-shift', buffered: true });
  });
}

test('the page loads only the loader; the launcher is there at once and never moves', async ({ page }) => {
  await watchShifts(page);
  await page.goto(`${HOST}/brand.html`, { waitUntil: 'load' });
  const launcher = page.locator('chapeau-widget').getByRole('button', { name: 'Feedback' });
  await expect(launcher).toBeVisible();
  const before = await launcher.boundingBox();
  // Nothing of the widget competes with the page's own loading.
  const timing = await page.evaluate(() => {
    const load = performance.getEntriesByType('navigation')[0].loadEventStart;
    const widget = performance.getEntriesByType('resource').filter((r) => /chapeau(_bg)?\.(js|wasm)$/.test(r.name));
    return { load, starts: widget.map((r) => r.startTime) };
  });
  for (const start of timing.starts) expect(start).toBeGreaterThanOrEqual(timing.load);
  // At idle time the module is fetched, compiled and instantiated, and asks for the visitor's
  // language (a tap's hover comes with its click: it would wait for it), and for nothing else.
  await page.waitForFunction(() => window[Symbol.for('chapeau.runtime')]);
  await page.evaluate(() => window[Symbol.for('chapeau.runtime')].then(() => true));
  const catalogs = () => page.evaluate((load) => performance.getEntriesByType('resource')
    .filter((r) => r.name.includes('/catalogs/'))
    .map((r) => ({ file: r.name.split('/').pop(), afterLoad: r.startTime >= load })), timing.load);
  await expect.poll(catalogs, 'the language arrives at idle time, after the page loaded').toEqual([{ file: 'en.json', afterLoad: true }]);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(await page.locator('chapeau-widget').evaluate((host) => !!host.shadowRoot.querySelector('.panel')), 'not mounted before a click').toBe(false);
  await launcher.hover();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(await catalogs(), 'coming near asks for nothing more').toHaveLength(1);

  await launcher.click();
  const panel = page.locator('chapeau-widget').getByRole('dialog', { name: 'Tell us what you think' });
  await expect(panel).toBeVisible();
  await expect(panel.getByLabel('Your message')).toBeFocused();
  await page.mouse.move(0, 0); // no hover effect in the measure
  expect(await launcher.boundingBox()).toEqual(before);
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  await launcher.click();
  await expect(panel).toBeHidden();
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
  expect(await page.evaluate(() => window.shifts)).toBe(0);
});

test('an inline widget mounts when it comes near the viewport, not before', async ({ page }) => {
  await watchShifts(page);
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto(`${COLLECTOR}/`);
  const poll = page.locator('#next-hat-poll chapeau-widget');
  await expect(poll).toHaveCount(1);
  // The module arrives at idle time (for the floating widget); the poll still waits.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('chapeau_bg.wasm')));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  expect(await poll.evaluate((host) => host.shadowRoot.childElementCount), 'far below: not mounted').toBe(0);
  await page.locator('#next-hat-poll').scrollIntoViewIfNeeded();
  await expect(poll.getByRole('group', { name: 'Which hat should we make next?' })).toBeVisible();
});
