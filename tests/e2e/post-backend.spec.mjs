// The widget against a brand's own endpoint (a post-level backend): what arrives is exactly
// the contract's JSON, the widget promises no answer and invents no results, and a failing
// endpoint loses nothing and gets nothing twice.
import { test, expect } from '@playwright/test';
import { HOST, RECORDER } from './playwright.config.mjs';
import { watch } from './helpers.mjs';

// Version 7: the millisecond it was made, then random bits.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondOf = (id) => parseInt(id.replace('-', '').slice(0, 12), 16);

async function records(request) {
  return (await (await request.get(`${RECORDER}/records`)).json()).map((r) => ({ ...r, json: JSON.parse(r.body) }));
}

/** A submission with its per-send values checked, then set aside so that the rest compares exactly. */
function stable(json, visitor) {
  expect(json.id).toMatch(UUID_V7);
  expect(Date.parse(json.sent_at)).not.toBeNaN();
  expect(Math.abs(millisecondOf(json.id) - Date.parse(json.sent_at))).toBeLessThan(60_000);
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

test('a failing endpoint loses nothing: the outbox retries the same submission until it is taken', async ({ page, request }) => {
  // 500, then an answer without CORS (as from a misconfigured proxy), then the default 204.
  await request.post(`${RECORDER}/plan`, { data: [500, 'no-cors'] });
  await page.goto(`${HOST}/post-backend.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  await widget.getByLabel('Your message').pressSequentially('The zip of my tent broke on day two.', { delay: 40 });
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('heading', { name: 'Saved on this device' })).toBeVisible();
  // Retried with backoff (about 1–2 s, then 2–4 s) until the endpoint takes it.
  await expect.poll(async () => (await records(request)).length, { timeout: 15_000 }).toBe(3);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('chapeau.outbox'))).toBeNull();
  const ids = (await records(request)).map((r) => r.json.id);
  expect(new Set(ids).size, 'every retry is the same submission: the endpoint can drop repeats').toBe(1);
  await page.waitForTimeout(3000);
  expect(await records(request), 'nothing is sent once taken').toHaveLength(3);
});

test('a rate-limited endpoint is left alone as long as its Retry-After asks', async ({ page, request }) => {
  await request.post(`${RECORDER}/plan`, { data: [{ status: 429, retryAfter: 4 }] });
  await page.goto(`${HOST}/post-backend.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  await widget.getByLabel('Your message').fill('Your sale page is busy, but I will wait.');
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('heading', { name: 'Saved on this device' })).toBeVisible();
  await expect.poll(async () => (await records(request)).length, { timeout: 15_000 }).toBe(2);
  const [first, retry] = await records(request);
  // Without the header the outbox would have tried again after 1 to 2 s.
  expect(retry.at - first.at, 'the retry waited the 4 s the endpoint asked for').toBeGreaterThanOrEqual(4000);
  expect(retry.json.id).toBe(first.json.id);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('chapeau.outbox'))).toBeNull();
});

test('a refusing endpoint keeps the text and says why, and nothing is queued', async ({ page, request }) => {
  await request.post(`${RECORDER}/plan`, { data: [403] });
  await page.goto(`${HOST}/post-backend.html`);
  const widget = page.locator('chapeau-widget');
  await widget.getByRole('button', { name: 'Feedback' }).click();
  const message = widget.getByLabel('Your message');
  await message.fill('Please stop sending me catalogues.');
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget.getByRole('status')).toHaveText("Our server couldn't accept this message. Please try again later: your message is still here.");
  await expect(message).toHaveValue('Please stop sending me catalogues.');
  expect(await page.evaluate(() => localStorage.getItem('chapeau.outbox'))).toBeNull();
});
