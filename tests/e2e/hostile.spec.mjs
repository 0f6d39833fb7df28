// Hostile text everywhere it is shown: what a visitor (or someone posting to the collector
// directly) writes into every text field, and what a manager writes as an answer, is shown
// as text in the inbox, in "Your messages" and in the public Q&A. Each payload would set
// window.__pwned (or open a dialog) if it ever ran.
import { test, expect } from '@playwright/test';
import { COLLECTOR, HOST } from './playwright.config.mjs';
import { readingPause, signIn, submit, uuid } from './helpers.mjs';

const payload = (n) => `<img src=x onerror="window.__pwned=${n}"><script>window.__pwned=${n}</script><svg onload="window.__pwned=${n}"> #${n} ${uuid()}`;

/** Fails the test on any dialog; returns a check that nothing ran on the page. */
function guard(page) {
  page.on('dialog', (d) => { throw new Error(`a payload opened a dialog: ${d.message()}`); });
  return async () => expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
}

test('hostile text in every field stays text in the widget, the public Q&A and the inbox', async ({ page, browser, request }) => {
  const nothingRan = guard(page);
  // A name is at most 100 characters: a shorter payload.
  const [message, name, answer] = [payload(1), '<img src=x onerror="window.__pwned=2"> #2', payload(3)];

  // A visitor asks through the widget, with markup in the question and in their name.
  await page.goto(`${HOST}/showcase.html?modes=question&public-questions=true`);
  const widget = page.locator('chapeau-widget');
  await widget.getByLabel('Your question').fill(message);
  await widget.getByLabel('Name').fill(name);
  await widget.getByLabel('Email').fill('ana@example.com');
  await widget.getByRole('checkbox', { name: 'You may contact me about this' }).check();
  await readingPause(page);
  await widget.getByRole('button', { name: 'Send my question' }).click();
  await expect(widget.getByRole('heading', { name: 'Question sent!' })).toBeVisible();
  await expect(widget.locator('.my-question .asked').first()).toHaveText(message.slice(0, 120) + (message.length > 120 ? '…' : ''));
  await nothingRan();

  // Someone posts to the collector directly, with markup in the envelope's fields too.
  const [forgedTitle, forgedMeta, forgedMessage] = [payload(4), payload(5), payload(6)];
  await submit(request, 'feedback', { category: 'bug', message: forgedMessage, contact: null }, 'visitor-e2e-0002', {
    page: { url: 'javascript:window.__pwned=7', title: forgedTitle, lang: '<b>en</b>' },
    meta: { plan: forgedMeta },
  });

  // The manager reads both, answers the question with markup, and publishes it.
  const inbox = await (await browser.newContext()).newPage();
  const inboxRan = guard(inbox);
  await signIn(inbox);
  await expect(inbox.getByRole('link', { name: '#6' })).toBeVisible();
  await inboxRan();
  await inbox.getByRole('link', { name: '#6' }).click();
  await expect(inbox.locator('blockquote.message')).toHaveText(forgedMessage);
  await expect(inbox.locator('dd').filter({ hasText: '#4' })).toContainText(forgedTitle);
  await expect(inbox.locator('dd code').filter({ hasText: '#5' })).toContainText('window.__pwned=5');
  await expect(inbox.locator('a[href^="javascript:"]'), 'a javascript: URL is never a link').toHaveCount(0);
  await expect(inbox.getByText('javascript:window.__pwned=7')).toBeVisible();
  await inboxRan();

  await inbox.goto(`${COLLECTOR}/inbox`);
  await inbox.getByRole('link', { name: '#1' }).click();
  await expect(inbox.locator('blockquote.message')).toHaveText(message);
  await expect(inbox.locator('dd').filter({ hasText: '#2' })).toContainText(name);
  await inbox.getByLabel('Your answer, shown to the visitor in the widget').fill(answer);
  await inbox.getByRole('button', { name: 'Send answer' }).click();
  await expect(inbox.locator('blockquote.answer')).toHaveText(answer);
  await inbox.getByRole('button', { name: 'Publish in public Q&A' }).click();
  await inboxRan();

  // The visitor comes back: their question and its answer are text, in both lists.
  await page.reload();
  const mine = widget.getByRole('region', { name: 'Your messages' });
  await expect(mine.locator('.answer-text').first()).toHaveText(answer);
  const published = widget.getByRole('region', { name: 'Questions the team answered' }).getByRole('listitem').filter({ hasText: '#1' });
  await expect(published.locator('.answer-text')).toHaveText(answer);
  await expect(published).toContainText(message);
  await expect(widget.locator('img, script:not([type]), svg[onload]')).toHaveCount(0);
  await nothingRan();
});
