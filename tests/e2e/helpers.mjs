// What several end-to-end specs share: the collector's database and the page's console.
import { execFileSync } from 'node:child_process';
import { DATABASE } from './playwright.config.mjs';

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
