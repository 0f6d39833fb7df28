// The community manager's inbox in a real browser: sign in, read, answer, publish,
// resolve, see poll results, sign out. No JavaScript is needed on these pages.
import { test, expect } from '@playwright/test';
import { COLLECTOR } from './playwright.config.mjs';
import { screenshotPath, signIn, submit, uuid } from './helpers.mjs';

test('the manager answers a question, publishes it and resolves it', async ({ page, request }) => {
  const question = `Can the Alpine 2 take snow loads? (${uuid()})`;
  const receipt = await submit(request, 'question', { message: question, contact: { name: 'Ana', email: 'ana@example.com', consent: true } });
  await submit(request, 'vote', { poll: 'next-tent', choices: ['ultralight'] });

  await page.goto(`${COLLECTOR}/inbox/login`);
  await page.getByLabel('Inbox password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong password.');

  await signIn(page);
  await page.getByRole('link', { name: question }).click();
  await expect(page.getByText('ana@example.com')).toBeVisible();

  await page.getByLabel('Your answer, shown to the visitor in the widget').fill('Yes: it is rated for 40 cm of snow.');
  await page.getByRole('button', { name: 'Send answer' }).click();
  await expect(page.locator('blockquote.answer')).toHaveText('Yes: it is rated for 40 cm of snow.');
  const view = await (await request.get(`${COLLECTOR}/v1/receipts/${receipt.receipt}`)).json();
  expect(view.answer.message).toBe('Yes: it is rated for 40 cm of snow.');

  await page.getByRole('button', { name: 'Publish in public Q&A' }).click();
  const publicQa = await (await request.get(`${COLLECTOR}/v1/sites/e2e-brand/questions`)).json();
  expect(publicQa.map((q) => q.message)).toContain(question);

  await page.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(page.locator('.meta .status')).toHaveText('resolved');
  await page.screenshot({ path: screenshotPath('inbox-answer'), fullPage: true });

  await page.getByRole('link', { name: 'Polls' }).click();
  await expect(page.getByRole('heading', { name: 'Which tent should we make next?' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'An ultralight solo tent' })).toHaveAttribute('value', '100');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${COLLECTOR}/inbox/login`);
  await page.goto(`${COLLECTOR}/inbox`);
  await expect(page).toHaveURL(`${COLLECTOR}/inbox/login`);
});

test('filters find what the manager looks for, and hostile text stays text', async ({ page, request }) => {
  const hostile = `<img src=x onerror="window.__pwned = 1"> about my order ${uuid()}`;
  await submit(request, 'question', { message: hostile });
  await submit(request, 'feedback', { rating: 2, category: 'complaint', message: 'The zip broke on day two.' });
  await signIn(page);

  await page.getByLabel('Search').fill('about my order');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('link', { name: hostile })).toBeVisible();
  await expect(page.getByText('The zip broke on day two.')).toHaveCount(0);
  await page.getByRole('link', { name: hostile }).click();
  await expect(page.locator('blockquote.message')).toHaveText(hostile);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

  await page.goto(`${COLLECTOR}/inbox`);
  await page.getByLabel('Category').selectOption('complaint');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('link', { name: 'The zip broke on day two.' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('inbox-list'), fullPage: true });
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'CSV' }).click();
  const csv = await (await download).path();
  const text = (await import('node:fs')).readFileSync(csv, 'utf8');
  expect(text.split('\r\n')[0]).toMatch(/^id,received_at,site,kind,category,rating/);
  expect(text).toContain('The zip broke on day two.');
});

test('the manager creates a poll in the inbox and visitors can vote in it', async ({ page, request }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Sites' }).click();
  await page.getByText('New poll on E2E brand').click();
  const form = page.locator('form[action="/inbox/sites/e2e-brand/polls"]');
  await form.getByLabel('Poll id').fill('colours');
  await form.getByLabel('Question').fill('Which colour for the Alpine 2?');
  await form.getByLabel(/^Options/).fill('forest: Forest green\nGlacier blue');
  await form.getByLabel('Results show').selectOption('always');
  await form.getByRole('button', { name: 'Create poll' }).click();
  await expect(page.getByText('Which colour for the Alpine 2?')).toBeVisible();

  const poll = await (await request.get(`${COLLECTOR}/v1/sites/e2e-brand/polls/colours`)).json();
  expect(poll.options).toEqual([{ id: 'forest', label: 'Forest green' }, { id: 'glacier-blue', label: 'Glacier blue' }]);
  await submit(request, 'vote', { poll: 'colours', choices: ['glacier-blue'] });
  await page.getByRole('link', { name: 'Polls' }).click();
  await expect(page.getByRole('progressbar', { name: 'Glacier blue' })).toHaveAttribute('value', '100');
});

test('every action can be undone: reopen, unpublish, spam and not spam', async ({ page, request }) => {
  const question = `Do you repair old tents? (${uuid()})`;
  await submit(request, 'question', { message: question });
  await signIn(page);
  await page.getByRole('link', { name: question }).click();
  await page.getByLabel('Your answer, shown to the visitor in the widget').fill('Yes, send it to our workshop.');
  await page.getByRole('button', { name: 'Send answer' }).click();

  await page.getByRole('button', { name: 'Publish in public Q&A' }).click();
  await page.getByRole('button', { name: 'Remove from public Q&A' }).click();
  await expect(page.getByRole('button', { name: 'Publish in public Q&A' })).toBeVisible();
  const publicQa = await (await request.get(`${COLLECTOR}/v1/sites/e2e-brand/questions`)).json();
  expect(publicQa.map((q) => q.message)).not.toContain(question);

  await page.getByRole('button', { name: 'Mark resolved' }).click();
  await page.getByRole('button', { name: 'Reopen' }).click();
  await expect(page.locator('.meta .status')).toHaveText('received');

  await page.getByRole('button', { name: 'Mark as spam' }).click();
  await expect(page.locator('.meta strong')).toHaveText('spam');
  await page.getByRole('link', { name: 'Submissions', exact: true }).click();
  await expect(page.getByRole('link', { name: question })).toHaveCount(0);
  await page.getByLabel('Spam').check();
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('link', { name: question }).click();
  await page.getByRole('button', { name: 'Not spam' }).click();
  await page.getByRole('link', { name: 'Submissions', exact: true }).click();
  await expect(page.getByRole('link', { name: question })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'JSON' }).click();
  const exported = JSON.parse((await import('node:fs')).readFileSync(await (await download).path(), 'utf8'));
  expect(exported.find((e) => e.message === question)).toMatchObject({ kind: 'question', status: 'received', answer: 'Yes, send it to our workshop.' });
});
