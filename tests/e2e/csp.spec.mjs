// A host page with a strict Content-Security-Policy (no inline script or style, scripts only
// from itself and the widget's origin, 'wasm-unsafe-eval' for WebAssembly): the widget loads,
// looks as designed, sends, and shows poll results, with not one violation reported.
import { test, expect } from '@playwright/test';
import { HOST } from './playwright.config.mjs';
import { query, readingPause, sqlString, watch } from './helpers.mjs';

test('the widget works under a strict CSP without a single violation', async ({ page }) => {
  const seen = watch(page);
  const response = await page.goto(`${HOST}/csp.html`);
  expect(response.headers()['content-security-policy']).toContain("style-src 'self';");
  // Violations are reported to the page as events: count them from the start.
  await page.evaluate(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const widget = page.locator('chapeau-widget');
  const launcher = widget.getByRole('button', { name: 'Feedback' });
  await launcher.click();
  const panel = widget.getByRole('dialog');
  await expect(panel).toBeVisible();
  // Its styles applied (constructed stylesheets, not inline ones): the panel is laid out as designed.
  const look = await panel.evaluate((el) => ({ position: getComputedStyle(el).position, radius: getComputedStyle(el).borderTopLeftRadius }));
  expect(look.position).toBe('fixed');
  expect(look.radius).not.toBe('0px');

  const message = `Strict CSP: the widget works ${Date.now()}`;
  await widget.getByLabel('Your message').fill(message);
  await readingPause(page);
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  expect(query(`SELECT kind FROM submissions WHERE message = ${sqlString(message)}`)).toEqual([{ kind: 'feedback' }]);

  await widget.getByRole('tab', { name: 'Poll' }).click();
  await widget.getByRole('checkbox', { name: 'Forest' }).check();
  await readingPause(page);
  await widget.getByRole('button', { name: 'Vote' }).click();
  // The result bars are sized through the CSSOM, which a strict style-src allows.
  const mine = widget.locator('.result.mine .fill');
  await expect(mine).toBeVisible();
  expect(await mine.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(0);

  expect(await page.evaluate(() => window.violations)).toEqual([]);
  expect(seen.errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
  expect(seen.exceptions).toEqual([]);
});
