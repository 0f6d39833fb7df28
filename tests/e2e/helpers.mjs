// What several end-to-end specs share: the collector's database and the page's console.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect } from '@playwright/test';
import { ADMIN_PASSWORD, COLLECTOR, DATABASE, HOST } from './playwright.config.mjs';

/** Rows of the collector's database, read with the sqlite3 command line. */
export function query(sql) {
  const out = execFileSync('sqlite3', ['-readonly', '-json', DATABASE, sql], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

export function sqlString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Collects what the page would show a developer: console errors and uncaught exceptions. */
export function watch(page) {
  const seen = { errors: [], warnings: [], exceptions: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
    if (m.type() === 'warning') seen.warnings.push(m.text());
  });
  page.on('pageerror', (e) => seen.exceptions.push(e.message));
  return seen;
}

/** The pause of a person who reads before they click: the collector files anything quicker
 *  than its minimum dwell (1.5 s) as a bot's, silently. */
export async function readingPause(page) {
  await page.waitForTimeout(1600);
}

let serial = 0;
/** A fresh submission id. */
export function uuid() {
  serial += 1;
  return `7e000000-0000-4000-8000-${String(Date.now() % 1e6).padStart(6, '0')}${String(serial).padStart(6, '0')}`;
}

/** Posts a submission the way the widget does, from the brand's origin; `extra` replaces
 *  envelope fields (page, meta…). */
export async function submit(request, kind, body, visitor = 'visitor-e2e-0001', extra = {}) {
  const response = await request.post(`${COLLECTOR}/v1/submissions`, {
    headers: { origin: HOST, 'content-type': 'application/json' },
    data: {
      v: 1, id: uuid(), site: 'e2e-brand', kind, sent_at: new Date().toISOString(),
      page: { url: `${HOST}/brand.html`, title: 'Acme Outdoor — Tents', lang: 'en' },
      visitor, body, meta: {}, trap: '', dwell_ms: 8000, ...extra,
    },
  });
  expect(response.status()).toBe(201);
  return response.json();
}

/** Signs the community manager in to the inbox. */
export async function signIn(page) {
  await page.goto(`${COLLECTOR}/inbox`);
  await expect(page).toHaveURL(`${COLLECTOR}/inbox/login`);
  await page.getByLabel('Inbox password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Submissions' })).toBeVisible();
}

/** Where the suite's pictures go: the test results, unless `make screenshots` asks for the
 *  README's (CHAPEAU_SCREENSHOTS=docs/screenshots). */
export function screenshotPath(name) {
  const dir = process.env.CHAPEAU_SCREENSHOTS || 'tests/e2e/results/screenshots';
  mkdirSync(dir, { recursive: true });
  return `${dir}/${name}.png`;
}
