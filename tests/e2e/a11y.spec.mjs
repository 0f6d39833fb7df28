// WCAG 2.2 AA, checked by axe-core in Chromium on every state of the widget, desktop and
// phone. Only the widget is checked: the host page is not ours.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { HOST } from './playwright.config.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's violations inside the widget, as readable lines. */
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const found = await axe.run({ include: [['chapeau-widget']] }, { runOnly: { type: 'tag', values: tags } });
    return found.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, TAGS);
  return result;
}

for (const viewport of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 320, height: 640 }]) {
  test(`no violation in any state of the widget on a ${viewport.name}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto(`${HOST}/questions.html`);
    const widget = page.locator('chapeau-widget');
    const launcher = widget.getByRole('button', { name: 'Feedback' });
    await expect(launcher).toBeVisible();
    expect(await violations(page), 'closed').toEqual([]);

    await launcher.click();
    const feedback = widget.getByRole('tabpanel', { name: 'Give feedback' });
    await feedback.getByRole('radio', { name: 'A complaint' }).check();
    await expect(feedback.locator('.complaint-note')).toBeVisible();
    expect(await violations(page), 'feedback with a complaint').toEqual([]);

    await feedback.getByRole('button', { name: 'Send' }).click();
    await expect(feedback.getByRole('status')).toHaveText('Please write a few words before sending.');
    expect(await violations(page), 'feedback with an error').toEqual([]);

    await widget.getByRole('tab', { name: 'Ask a question' }).click();
    const asking = widget.getByRole('tabpanel', { name: 'Ask a question' });
    await asking.getByLabel('Email').fill('not an email');
    await asking.getByLabel('Your question').fill('Is it waterproof?');
    await asking.getByRole('button', { name: 'Send my question' }).click();
    await expect(asking.getByRole('status')).toContainText("doesn't look right");
    expect(await violations(page), 'question with an error').toEqual([]);

    await asking.getByLabel('Email').fill('');
    await asking.getByLabel('Your question').pressSequentially(' Really?', { delay: 250 });
    await asking.getByRole('button', { name: 'Send my question' }).click();
    await expect(asking.getByRole('heading', { name: 'Question sent!' })).toBeVisible();
    await expect(asking.getByRole('region', { name: 'Your messages' })).toBeVisible();
    expect(await violations(page), 'question sent, with the list').toEqual([]);

    // The check sees inside the shadow root: a button without a name there is caught.
    await page.evaluate(() => document.querySelector('chapeau-widget').shadowRoot.querySelector('.panel').append(document.createElement('button')));
    expect((await violations(page)).join('\n')).toContain('button-name');
  });
}
