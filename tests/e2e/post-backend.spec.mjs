// The widget against a brand's own endpoint (a post-level backend): what arrives is exactly
// the contract's JSON, the widget promises no answer and invents no results, and a failing
// endpoint loses nothing and gets nothing twice.
import { test, expect } from '@playwright/test';
import { HOST, RECORDER } from './playwright.config.mjs';
import { watch } from './helpers.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function records(request) {
  return (await (await request.get(`${RECORDER}/records`)).json()).map((r) => ({ ...r, json: JSON.parse(r.body) }));
}

/** A submission with its per-send values checked, then set aside so that the rest compares exactly. */
function stable(json, visitor) {
  expect(json.id).toMatch(UUID);
  expect(Date.parse(json.sent_at)).not.toBeNaN();
  expect(json.visitor).toBe(visitor);
  expect(json.dwell_ms).toBeGreaterThanOrEqual(0);
  const { id, sent_at, visitor: _, dwell_ms, ...rest } = json;
  return rest;
}

test.beforeEach(async ({ request }) => {
  await request.delete(`${RECORDER}/records`);
  await request.post(`${RECORDER}/plan`, { data: [] });
});

test('feedback, a question and a vote arrive as the exact JSON of the contract', async ({ page, request }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/post-backend.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  const feedback = widget.getByRole('tabpanel', { name: 'Give feedback' });
  await feedback.getByRole('radio', { name: '4 out of 5: good' }).check();
  await feedback.getByRole('radio', { name: 'An idea' }).check();
  await feedback.getByLabel('Your message').pressSequentially('A "lighter" stove, please — <3', { delay: 40 });
  await feedback.getByRole('button', { name: 'Send' }).click();
  await expect(feedback.getByRole('heading', { name: 'Thank you!' })).toBeVisible();

  await widget.getByRole('tab', { name: 'Ask a question' }).click();
  const asking = widget.getByRole('tabpanel', { name: 'Ask a question' });
  await asking.getByLabel('Your question').fill('Do you ship to Belgium?');
  await asking.getByLabel('Email').fill('lea@example.com');
  await asking.getByRole('checkbox', { name: 'You may contact me about this' }).check();
  await asking.getByRole('button', { name: 'Send my question' }).click();
  await expect(asking.locator('[part=confirmation]')).toContainText("This site answers its visitors by other means: answers don't show here.");
  await expect(asking.getByRole('region', { name: 'Your messages' })).toHaveCount(0);

  await widget.getByRole('tab', { name: 'Poll' }).click();
  const poll = widget.getByRole('tabpanel', { name: 'Poll' });
  await poll.getByRole('radio', { name: 'During the holidays' }).check();
  await poll.getByRole('button', { name: 'Vote' }).click();
  await expect(poll.getByText("Your vote was sent. This site doesn't show results here.")).toBeVisible();
  await expect(poll.locator('.result')).toHaveCount(0);

  const visitor = await page.evaluate(() => localStorage.getItem('chapeau.visitor'));
  const got = await records(request);
  expect(got.map((r) => [r.contentType, r.origin])).toEqual(Array(3).fill(['application/json', HOST]));
  const page_ = { url: `${HOST}/post-backend.html`, title: 'Acme Outdoor — Own backend', lang: 'en' };
  const common = { v: 1, site: 'own-backend', page: page_, meta: { plan: 'pro' }, trap: '' };
  expect(stable(got[0].json, visitor)).toEqual({ ...common, kind: 'feedback',
    body: { rating: 4, category: 'idea', message: 'A "lighter" stove, please — <3', contact: null } });
  expect(stable(got[1].json, visitor)).toEqual({ ...common, kind: 'question',
    body: { message: 'Do you ship to Belgium?', contact: { name: '', email: 'lea@example.com', consent: true } } });
  expect(stable(got[2].json, visitor)).toEqual({ ...common, kind: 'vote', body: { poll: 'camp-day', choices: ['holidays'] } });
  expect(seen).toEqual({ errors: [], warnings: [], exceptions: [] });
});

test('a failing endpoint keeps the text, says why, and the retry is the same submission', async ({ page, request }) => {
  await request.post(`${RECORDER}/plan`, { data: [500, 'garbage', 'no-cors', 429] });
  await page.goto(`${HOST}/post-backend.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  const message = widget.getByLabel('Your message');
  await message.pressSequentially('The zip of my tent broke on day two.', { delay: 40 });
  const send = widget.getByRole('button', { name: 'Send' });
  const status = widget.getByRole('status');
  const expected = [
    'Our server had a problem. Please try again in a moment: your message is still here.',
    'Our server had a problem. Please try again in a moment: your message is still here.',
    "We couldn't reach our server. Check your connection and try again: your message is still here.",
    "You've sent several messages in a short time. Please wait a minute, then try again.",
  ];
  for (const words of expected) {
    await send.click();
    await expect(status).toHaveText(words);
    await expect(message).toHaveValue('The zip of my tent broke on day two.');
  }
  await send.click();
  await expect(widget.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  const ids = (await records(request)).map((r) => r.json.id);
  expect(ids).toHaveLength(5);
  expect(new Set(ids).size, 'every retry is the same submission: the endpoint can drop repeats').toBe(1);
});
