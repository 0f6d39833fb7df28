// A visitor sends feedback through the real widget to the real collector, and the
// submission is in SQLite exactly once.
import { test, expect } from '@playwright/test';
import { COLLECTOR, HOST } from './playwright.config.mjs';
import { query, screenshotPath, sqlString, watch } from './helpers.mjs';

test('a visitor on a brand page sends feedback that lands in the database once', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/brand.html`);
  const widget = page.locator('chapeau-widget');
  const launcher = widget.getByRole('button', { name: 'Feedback' });
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');

  // Keyboard only: Enter opens, the message field has focus.
  await launcher.focus();
  await page.keyboard.press('Enter');
  const dialog = widget.getByRole('dialog', { name: 'Tell us what you think' });
  await expect(dialog).toBeVisible();
  const message = widget.getByLabel('Your message');
  await expect(message).toBeFocused();

  // Fixed words: the database is new for every run, and the screenshot stays the same.
  const text = 'The Alpine 2 kept us dry in a storm. Thanks!';
  await message.pressSequentially(text, { delay: 40 });
  await widget.getByRole('radio', { name: '5 out of 5: excellent' }).check();
  await widget.getByRole('button', { name: 'Send' }).click();

  await expect(widget.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('feedback-sent') });

  const rows = query(`SELECT site, kind, spam, origin, body, meta, page_url, status FROM submissions
    WHERE json_extract(body, '$.message') = ${sqlString(text)}`);
  expect(rows).toHaveLength(1);
  const [row] = rows;
  expect(row).toMatchObject({ site: 'e2e-brand', kind: 'feedback', spam: 0, origin: HOST, status: 'received' });
  expect(JSON.parse(row.body)).toEqual({ rating: 5, category: 'other', message: text, contact: null });
  expect(JSON.parse(row.meta)).toEqual({ plan: 'pro' });
  expect(row.page_url).toBe(`${HOST}/brand.html`);

  // Escape closes the panel and gives focus back to the launcher.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(launcher).toBeFocused();

  expect(seen.exceptions).toEqual([]);
  expect(seen.errors).toEqual([]);
});

test('the demo page served by the collector works as `make run` shows it', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${COLLECTOR}/`);
  await expect(page.getByRole('heading', { name: 'Hats made to last a lifetime' })).toBeVisible();
  // The inline poll further down loads when it comes near the viewport.
  await page.locator('#next-hat-poll').scrollIntoViewIfNeeded();
  await expect(page.locator('#next-hat-poll chapeau-widget').getByRole('group', { name: 'Which hat should we make next?' })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  const widget = page.locator('body > chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  const text = 'Lovely felt! The size guide could be clearer, though.';
  await widget.getByLabel('Your message').pressSequentially(text, { delay: 40 });
  await page.screenshot({ path: screenshotPath('feedback-form') });
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  const rows = query(`SELECT site FROM submissions WHERE json_extract(body, '$.message') = ${sqlString(text)}`);
  expect(rows).toEqual([{ site: 'demo' }]);
  expect(seen.exceptions).toEqual([]);
});

test('a refused submission keeps the text, says so in the page language, and stores nothing', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/unknown-site.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Votre avis' }).click();
  const text = 'Ce message ne doit pas être enregistré.';
  const message = widget.getByLabel('Votre message');
  await message.pressSequentially(text, { delay: 10 });
  await widget.getByRole('button', { name: 'Envoyer' }).click();
  await expect(widget.getByRole('status')).toContainText("Notre serveur n'a pas pu accepter ce message");
  await expect(message).toHaveValue(text);
  expect(query(`SELECT id FROM submissions WHERE json_extract(body, '$.message') = ${sqlString(text)}`)).toEqual([]);
  expect(seen.exceptions).toEqual([]);
});

test('an empty message is caught in the widget before anything is sent', async ({ page }) => {
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST') posts.push(r.url()); });
  await page.goto(`${HOST}/brand.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('status')).toHaveText('Please write a few words before sending.');
  await expect(widget.getByLabel('Your message')).toHaveAttribute('aria-invalid', 'true');
  expect(posts).toEqual([]);
});

test('a misconfigured embed names the problem on the console and leaves the page alone', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/misconfigured.html`);
  // The module checks the embed when the visitor comes near its launcher.
  await page.locator('chapeau-widget').getByRole('button').hover();
  await expect.poll(() => seen.errors.length).toBeGreaterThan(0);
  expect(seen.errors.join('\n')).toContain('Chapeau: data-site is required');
  expect(seen.exceptions).toEqual([]);
  await expect(page.locator('chapeau-widget')).toHaveCount(0);
  await page.locator('#host-button').click();
  await expect(page.locator('#host-button')).toHaveText('clicked');
});

test('a module that cannot be had is reported at idle time, without a visitor, and leaves the page alone', async ({ page }) => {
  const seen = watch(page);
  await page.route('**/chapeau_bg.wasm', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await page.goto(`${HOST}/brand.html`);
  // Nobody hovers or clicks: the idle start finds the module missing (soon after the page's
  // load, maybe before this line runs).
  await expect.poll(() => seen.errors.filter((error) => error.startsWith('Chapeau: ')).length, 'said once').toBe(1);
  await expect(page.locator('chapeau-widget')).toHaveCount(0);
  expect(seen.exceptions, 'no unhandled rejection in the page').toEqual([]);
});

test('the widget loads its module once, however many widgets a page has', async ({ page }) => {
  const seen = watch(page);
  const modules = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) modules.push(r.url()); });
  await page.goto(`${HOST}/brand.html`);
  await page.evaluate((collector) => new Promise((resolve) => {
    const second = document.createElement('script');
    second.src = `${collector}/embed.js`;
    second.dataset.site = 'e2e-brand';
    second.dataset.endpoint = collector;
    second.dataset.position = 'bottom-left';
    second.onload = resolve;
    document.body.append(second);
  }), COLLECTOR);
  await expect(page.locator('chapeau-widget')).toHaveCount(2);
  const launchers = page.locator('chapeau-widget').getByRole('button', { name: 'Feedback' });
  await expect(launchers).toHaveCount(2);
  // A widget whose handle nobody keeps would be unmounted by wasm-bindgen's finalizer now.
  await page.requestGC();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
  await expect(launchers).toHaveCount(2);
  await expect(launchers.nth(1)).toBeVisible();
  expect(seen).toEqual({ errors: [], warnings: [], exceptions: [] });
  expect(modules).toEqual([`${COLLECTOR}/chapeau_bg.wasm`]);
});
