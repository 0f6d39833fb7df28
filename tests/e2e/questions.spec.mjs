// The loop no other widget closes: a visitor asks, the community manager answers in the
// inbox, and the visitor reads the answer in the widget when they come back.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { COLLECTOR, HOST, ADMIN_PASSWORD, DATABASE } from './playwright.config.mjs';

test('a visitor asks, the manager answers, the visitor reads the answer', async ({ page, browser }) => {
  const question = 'Can I get the Alpine 2 repaired under warranty?';
  await page.goto(`${HOST}/questions.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  await widget.getByRole('tab', { name: 'Ask a question' }).click();
  const asking = widget.getByRole('tabpanel', { name: 'Ask a question' });
  await asking.getByLabel('Your question').pressSequentially(question, { delay: 30 });
  await asking.getByLabel('Email').fill('ana@example.com');
  await asking.getByRole('checkbox', { name: 'You may contact me about this' }).check();
  await asking.getByRole('button', { name: 'Send my question' }).click();
  await expect(asking.getByRole('heading', { name: 'Question sent!' })).toBeVisible();
  await expect(asking.locator('.my-question .badge')).toHaveText('Waiting for an answer');

  const rows = JSON.parse(execFileSync('sqlite3', ['-readonly', '-json', DATABASE,
    `SELECT kind, contact_email, spam FROM submissions WHERE message = '${question.replaceAll("'", "''")}'`], { encoding: 'utf8' }));
  expect(rows).toEqual([{ kind: 'question', contact_email: 'ana@example.com', spam: 0 }]);

  // The community manager, in their own browser.
  const inbox = await (await browser.newContext()).newPage();
  await inbox.goto(`${COLLECTOR}/inbox/login`);
  await inbox.getByLabel('Inbox password').fill(ADMIN_PASSWORD);
  await inbox.getByRole('button', { name: 'Sign in' }).click();
  await inbox.getByRole('link', { name: question }).click();
  await inbox.getByLabel('Your answer, shown to the visitor in the widget').fill('Yes: bring it to any of our shops, it is covered for 5 years.');
  await inbox.getByRole('button', { name: 'Send answer' }).click();
  await expect(inbox.locator('blockquote.answer')).toBeVisible();

  // The visitor comes back later.
  await page.reload();
  await widget.getByRole('button', { name: 'Feedback' }).click();
  await widget.getByRole('tab', { name: 'Ask a question' }).click();
  const mine = widget.getByRole('tabpanel', { name: 'Ask a question' }).getByRole('region', { name: 'Your messages' });
  await expect(mine.locator('.answer-text')).toHaveText('Yes: bring it to any of our shops, it is covered for 5 years.');
  await expect(mine.locator('.badge')).toHaveText('Answered');
  await expect(mine.locator('.asked')).toHaveText(question);
  await page.screenshot({ path: 'docs/screenshots/question-answered.png' });
});
