// The widget looks and works right on a page whose styles and globals are hostile.
import { test, expect } from '@playwright/test';
import { HOST } from './playwright.config.mjs';
import { screenshotPath } from './helpers.mjs';

test('a hostile host page neither breaks nor restyles the widget', async ({ page }) => {
  const exceptions = [];
  page.on('pageerror', (e) => exceptions.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${HOST}/hostile.html`);
  const widget = page.locator('chapeau-widget');
  const launcher = widget.getByRole('button', { name: 'Feedback' });
  await expect(launcher).toBeVisible();

  // The launcher keeps its own size, font and place, whatever the page says.
  const box = await launcher.boundingBox();
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(box.height).toBeLessThan(64);
  expect(box.x + box.width).toBeGreaterThan(1280 - 40);
  const style = await launcher.evaluate((el) => {
    const s = getComputedStyle(el);
    return { transform: s.textTransform, spacing: s.letterSpacing, size: s.fontSize, font: s.fontFamily };
  });
  expect(style.transform).toBe('none');
  expect(style.spacing).toBe('normal');
  expect(style.size).toBe('15px');
  expect(style.font).not.toContain('Comic');

  await launcher.click();
  const message = widget.getByLabel('Your message');
  await expect(message).toBeVisible();
  const panel = await widget.locator('.panel').evaluate((el) => getComputedStyle(el).transform);
  expect(panel).toBe('none');
  await message.pressSequentially('Still works on this page.', { delay: 60 });
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('hostile-host') });
  // The page's own `Chapeau` global is left as it was; the API waits under its symbol.
  expect(await page.evaluate(() => Object.keys(window.Chapeau))).toEqual(['mount']);
  await page.evaluate(() => window[Symbol.for('chapeau.api')].close());
  await expect(message).toBeHidden();
  expect(exceptions).toEqual([]);
});
