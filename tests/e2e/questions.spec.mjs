// The loop no other widget closes: a visitor asks, the community manager answers in the
// inbox, and the visitor reads the answer in the widget when they come back.
import { test, expect } from '@playwright/test';
import { COLLECTOR, HOST, ADMIN_PASSWORD } from './playwright.config.mjs';
import { query, screenshotPath, sqlString } from './helpers.mjs';

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

  const rows = query(`SELECT kind, contact_email, spam FROM submissions WHERE message = ${sqlString(question)}`);
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
  await page.screenshot({ path: screenshotPath('question-answered') });

  // The manager makes it public: every visitor can read it, and say it helps them too, once.
  await inbox.getByRole('button', { name: 'Publish in public Q&A' }).click();
  const other = await (await browser.newContext()).newPage();
  await other.goto(`${HOST}/showcase.html?modes=question&public-questions=true`);
  const list = other.locator('chapeau-widget').getByRole('region', { name: 'Questions the team answered' });
  const entry = list.getByRole('listitem').filter({ hasText: question });
  await expect(entry.locator('.answer-text')).toHaveText('Yes: bring it to any of our shops, it is covered for 5 years.');
  await expect(entry).toContainText('0 people found this helpful');
  const upvote = entry.getByRole('button', { name: 'This helps me too' });
  await upvote.click();
  await expect(entry).toContainText('1 person found this helpful');
  await expect(upvote).toHaveAttribute('aria-pressed', 'true');
  await upvote.click();
  await other.reload();
  await expect(list.getByRole('listitem').filter({ hasText: question }).getByRole('button', { name: 'This helps me too' }))
    .toHaveAttribute('aria-pressed', 'true');
  const counted = query(`SELECT upvotes FROM submissions WHERE message = ${sqlString(question)}`);
  expect(counted, 'one upvote per visitor').toEqual([{ upvotes: 1 }]);
});
