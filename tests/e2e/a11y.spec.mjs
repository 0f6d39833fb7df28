// WCAG 2.2 AA, checked by axe-core in Chromium on every mode and state of the widget, light
// and dark, desktop and phone. Only the widget is checked: the host page is not ours. The
// desktop runs also take the README's pictures (`make screenshots`).
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { HOST } from './playwright.config.mjs';
import { readingPause, screenshotPath } from './helpers.mjs';

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

/** Each mode as the showcase page mounts it, and what brings it to its most telling state. */
const MODES = [
  {
    name: 'feedback',
    query: 'modes=feedback&rating=emoji',
    act: async (widget) => {
      await widget.getByRole('radio', { name: '5 out of 5: excellent' }).check();
      await widget.getByRole('radio', { name: 'Praise' }).check();
      await widget.getByLabel('Your message').fill('The new tent survived a storm on the Cairngorms.');
    },
  },
  {
    name: 'question',
    query: 'modes=question&public-questions=true',
    act: async (widget) => {
      await expect(widget.getByRole('region', { name: 'Questions the team answered' })).toBeVisible();
      await widget.getByLabel('Your question').fill('Is the Alpine 2 waterproof?');
    },
  },
  {
    name: 'poll',
    query: 'modes=poll&poll=next-tent',
    act: async (widget, page) => {
      await readingPause(page);
      await widget.getByRole('radio', { name: 'An ultralight solo tent' }).check();
      await widget.getByRole('button', { name: 'Vote' }).click();
      await expect(widget.locator('.results')).toBeVisible();
    },
  },
  {
    name: 'inline',
    query: 'modes=poll,feedback&poll=trips&inline=1',
    act: async (widget) => {
      await expect(widget.getByRole('checkbox', { name: 'Forest' })).toBeVisible();
    },
  },
];

for (const viewport of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 320, height: 640 }]) {
  for (const theme of ['light', 'dark']) {
    test(`every mode passes, ${theme}, on a ${viewport.name}`, async ({ page }) => {
      await page.setViewportSize(viewport);
      for (const mode of MODES) {
        await page.goto(`${HOST}/showcase.html?${mode.query}&theme=${theme}`);
        const widget = page.locator('chapeau-widget');
        await expect(widget.locator('.form, .poll').first()).toBeVisible();
        expect(await violations(page), `${mode.name}, before`).toEqual([]);
        await mode.act(widget, page);
        expect(await violations(page), `${mode.name}, after`).toEqual([]);
        if (viewport.name === 'desktop') {
          const shot = mode.name === 'inline' ? page.locator('#article') : widget.locator('.panel');
          await shot.screenshot({ path: screenshotPath(`${mode.name}-${theme}`), animations: 'disabled' });
        }
      }
    });
  }
}
