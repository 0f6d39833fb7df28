// Polls against the real collector: inline in an article beside a floating widget, closed,
// hidden until closing, unknown, and a vote that arrives after the closing.
import { test, expect } from '@playwright/test';
import { COLLECTOR, HOST } from './playwright.config.mjs';
import { query, readingPause, watch } from './helpers.mjs';

const ballots = (poll) => query(`SELECT visitor, choices FROM votes WHERE site = 'e2e-brand' AND poll = '${poll}'`);

test('an inline poll in an article: vote, results, a changed vote counted once', async ({ page }) => {
  const seen = watch(page);
  const modules = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) modules.push(r.url()); });
  await page.goto(`${HOST}/showcase.html?inline=1&poll=next-tent&modes=poll`);
  // A floating feedback widget on the same page, from a second embed.
  await page.evaluate((collector) => window.Chapeau.mount({ site: 'e2e-brand', endpoint: collector }), COLLECTOR);
  const poll = page.locator('#slot chapeau-widget');
  const choices = poll.getByRole('group', { name: 'Which tent should we make next?' });
  await expect(choices.getByRole('radio')).toHaveCount(2);
  await expect(page.locator('body > chapeau-widget').getByRole('button', { name: 'Feedback' })).toBeVisible();
  expect(await page.evaluate(() => document.activeElement === document.body), 'the inline poll took no focus').toBe(true);

  await readingPause(page);
  await choices.getByRole('radio', { name: 'A six-person family tent' }).check();
  await poll.getByRole('button', { name: 'Vote' }).click();
  await expect(poll.getByRole('status')).toHaveText('Thanks for voting!');
  const family = poll.locator('.result', { hasText: 'A six-person family tent' });
  await expect(family).toContainText('your choice');
  await expect(family).toContainText('%');
  let rows = ballots('next-tent');
  expect(rows.length).toBeGreaterThanOrEqual(1);
  const visitor = await page.evaluate(() => localStorage.getItem('chapeau.visitor'));
  expect(rows.filter((r) => r.visitor === visitor).map((r) => r.choices)).toEqual(['["family"]']);

  await readingPause(page);
  await poll.getByRole('button', { name: 'Change my vote' }).click();
  await poll.getByRole('radio', { name: 'An ultralight solo tent' }).check();
  await poll.getByRole('button', { name: 'Vote' }).click();
  await expect(poll.locator('.result', { hasText: 'An ultralight solo tent' })).toContainText('your choice');
  rows = ballots('next-tent').filter((r) => r.visitor === visitor);
  expect(rows.map((r) => r.choices), 'one ballot per visitor, changed').toEqual(['["ultralight"]']);

  expect(modules, 'two widgets, one module').toEqual([`${COLLECTOR}/chapeau_bg.wasm`]);

  // Back later: the results and the visitor's choice, straight away.
  await page.reload();
  await expect(page.locator('#slot chapeau-widget').locator('.result.mine')).toContainText('An ultralight solo tent');
  expect(seen).toEqual({ errors: [], warnings: [], exceptions: [] });
});

test('a multiple-choice poll takes several answers as checkboxes', async ({ page }) => {
  await page.goto(`${HOST}/showcase.html?inline=1&poll=trips&modes=poll`);
  const poll = page.locator('#slot chapeau-widget');
  await expect(poll.getByText('You can choose several answers.')).toBeVisible();
  await readingPause(page);
  await poll.getByRole('checkbox', { name: 'Mountains' }).check();
  await poll.getByRole('checkbox', { name: 'Seaside' }).check();
  await poll.getByRole('button', { name: 'Vote' }).click();
  await expect(poll.locator('.result.mine')).toHaveCount(2);
  const visitor = await page.evaluate(() => localStorage.getItem('chapeau.visitor'));
  expect(ballots('trips').filter((r) => r.visitor === visitor).map((r) => r.choices)).toEqual(['["mountains","seaside"]']);
});

test('a closed poll says so and shows its results; hidden results say when they show', async ({ page }) => {
  await page.goto(`${HOST}/showcase.html?inline=1&poll=closed-poll&modes=poll`);
  const poll = page.locator('#slot chapeau-widget');
  await expect(poll.getByText('This poll is closed.')).toBeVisible();
  await expect(poll.locator('.result')).toHaveCount(2);
  await expect(poll.getByRole('radio')).toHaveCount(0);
  await expect(poll.getByRole('button', { name: 'Change my vote' })).toHaveCount(0);

  await page.goto(`${HOST}/showcase.html?inline=1&poll=secret-poll&modes=poll`);
  await poll.getByRole('radio', { name: 'Yes, please' }).check();
  await poll.getByRole('button', { name: 'Vote' }).click();
  await expect(poll.getByText('Results will be shown when the poll closes.')).toBeVisible();
  await expect(poll.locator('.result')).toHaveCount(0);
});

test('a vote that reaches a poll after its closing is explained, and an unknown poll says so', async ({ page }) => {
  // The visitor's clock is a year late: the widget offers the vote, the collector refuses it.
  await page.clock.setFixedTime(new Date('2024-06-01T12:00:00Z'));
  await page.goto(`${HOST}/showcase.html?inline=1&poll=closed-poll&modes=poll`);
  const poll = page.locator('#slot chapeau-widget');
  await poll.getByRole('radio', { name: 'Sunset orange' }).check();
  await poll.getByRole('button', { name: 'Vote' }).click();
  await expect(poll.getByRole('status')).toHaveText('This poll closed before your vote reached us. Here are the results.');
  await expect(poll.getByText('This poll is closed.')).toBeVisible();
  expect(ballots('closed-poll')).toEqual([]);

  await page.goto(`${HOST}/showcase.html?inline=1&poll=no-such-poll&modes=poll`);
  await expect(poll.getByText('This poll is no longer available.')).toBeVisible();
});
