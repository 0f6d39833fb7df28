// Nothing a visitor sends is lost: offline, or with the collector down, a submission waits in
// the browser's outbox, survives a reload, and leaves from any page of the site once the
// backend answers again; its id makes every retry the same submission.
import { test, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { HOST } from './playwright.config.mjs';
import { query, readingPause, sqlString, watch } from './helpers.mjs';

const ROOT = join(import.meta.dirname, '../..');
const SPARE = 'http://127.0.0.1:18083'; // a collector this spec stops and starts
const SPARE_DATABASE = 'tests/e2e/results/outbox.db';

/** Starts the spare collector on its own SQLite database, and waits until it answers. */
async function startSpare() {
  const child = spawn('target/server/chapeau-collector', ['--listen', '127.0.0.1:18083',
    '--database', `sqlite://${SPARE_DATABASE}`, '--sites', 'tests/e2e/sites.toml', '--static-dir', 'dist',
    '--admin-password', 'outbox-spec-password', '--max-per-ip-per-minute', '1000'], { cwd: ROOT, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${SPARE}/embed.js`)).ok) return child;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the spare collector did not start');
}

function spareRows(message) {
  const out = execFileSync('sqlite3', ['-readonly', '-json', join(ROOT, SPARE_DATABASE),
    `SELECT id, kind FROM submissions WHERE message = ${sqlString(message)}`], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

const outboxOf = (page) => page.evaluate(() => localStorage.getItem('chapeau.outbox'));

test('offline, a complaint waits in the browser and leaves once, when the connection is back', async ({ page, context }) => {
  const seen = watch(page);
  const complaint = 'Offline: my stove arrived with a cracked burner.';
  await page.goto(`${HOST}/showcase.html?modes=feedback`);
  const widget = page.locator('chapeau-widget');
  const message = widget.getByLabel('Your message');
  await expect(message).toBeVisible();
  await widget.getByRole('radio', { name: 'A complaint' }).check();
  await message.fill(complaint);
  await readingPause(page);

  await context.setOffline(true);
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('heading', { name: 'Saved on this device' })).toBeVisible();
  await expect(widget.locator('.sent')).toContainText('will be sent by itself as soon as the connection is back');
  expect(await outboxOf(page)).toContain(complaint);
  expect(query(`SELECT id FROM submissions WHERE message = ${sqlString(complaint)}`)).toEqual([]);

  await context.setOffline(false);
  await expect.poll(() => query(`SELECT kind, category FROM submissions WHERE message = ${sqlString(complaint)}`),
    { timeout: 10_000 }).toEqual([{ kind: 'feedback', category: 'complaint' }]);
  await expect.poll(() => outboxOf(page)).toBeNull();
  // A complaint keeps its receipt, delivered late or not: the follow-up reaches the visitor.
  const receipts = await page.evaluate(() => localStorage.getItem('chapeau.receipts.e2e-brand'));
  expect(receipts).toContain('Offline: my stove arrived');
  expect(seen.exceptions).toEqual([]);
});

test('with the collector down, a question survives a reload and leaves from another page once it is up', async ({ page }) => {
  rmSync(join(ROOT, SPARE_DATABASE), { force: true });
  let spare = await startSpare();
  const question = 'Collector down: do you repair zips on old tents?';
  try {
    await page.goto(`${HOST}/showcase.html?modes=question&endpoint=${encodeURIComponent(SPARE)}`);
    const widget = page.locator('chapeau-widget');
    const asking = widget.getByLabel('Your question');
    await expect(asking).toBeVisible();
    await asking.fill(question);
    await readingPause(page);

    spare.kill('SIGKILL');
    await new Promise((resolve) => spare.once('exit', resolve));
    await widget.getByRole('button', { name: 'Send my question' }).click();
    await expect(widget.getByRole('heading', { name: 'Saved on this device' })).toBeVisible();

    // The visitor reloads, then goes on to another page of the site: the outbox is still there.
    await page.reload();
    expect(await outboxOf(page)).toContain(question);
    await page.goto(`${HOST}/showcase.html?modes=feedback&closed=1&endpoint=${encodeURIComponent(SPARE)}`);
    expect(await outboxOf(page)).toContain(question);

    spare = await startSpare();
    // The loader loads the module at idle time; the module delivers the outbox (backoff
    // permitting) without the visitor opening anything.
    await expect.poll(() => spareRows(question), { timeout: 20_000 }).toHaveLength(1);
    await expect.poll(() => outboxOf(page)).toBeNull();
    const receipts = await page.evaluate(() => localStorage.getItem('chapeau.receipts.e2e-brand'));
    expect(receipts).toContain('Collector down: do you repair zips');
    // Nothing was stored twice, and the main collector never saw it.
    expect(spareRows(question)).toHaveLength(1);
    expect(query(`SELECT id FROM submissions WHERE message = ${sqlString(question)}`)).toEqual([]);
  } finally {
    spare.kill('SIGKILL');
  }
});
