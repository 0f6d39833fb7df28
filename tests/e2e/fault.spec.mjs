// A fault in the widget's module never breaks the host page: here the page breaks a browser
// API the widget relies on (`document.createElement`), the widget stops where it stands, says
// so in the visitor's language, keeps their text to copy, and tells the page; the page keeps
// working and sees no error of its own.
import { test, expect } from '@playwright/test';
import { HOST } from './playwright.config.mjs';
import { watch } from './helpers.mjs';

test('a fault in the module shows the generic error, keeps the text, and leaves the page working', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/showcase.html?modes=feedback&lang=fr`);
  const widget = page.locator('chapeau-widget');
  const message = widget.getByLabel('Votre message');
  await expect(message).toBeVisible();
  const text = 'Mon texte ne doit pas se perdre.';
  await message.fill(text);
  // Everything the page hears from now on, and whatever error reaches its own handlers.
  await page.evaluate(() => {
    window.pageErrors = [];
    window.onerror = (msg) => { window.pageErrors.push(String(msg)); };
    window.addEventListener('error', (e) => window.pageErrors.push(e.message));
    Document.prototype.createElement = function () { throw new Error('broken by the page'); };
  });

  // Choosing "a complaint" draws a note: the widget cannot create it, and stops.
  await widget.getByRole('radio', { name: 'Une réclamation' }).check({ force: true });
  const status = widget.locator('.status.fault');
  await expect(status).toHaveText(/Un problème est survenu dans cette fenêtre/);
  await expect(message).toHaveValue(text);
  await expect(message).toHaveAttribute('readonly', '');
  await expect(widget.getByRole('button', { name: 'Envoyer' })).toBeDisabled();
  await expect.poll(() => page.evaluate(() => window.heard.filter((e) => e.type === 'chapeau:error').map((e) => e.detail)))
    .toEqual([{ problem: 'fault' }]);

  // The page is unharmed: no error of the widget's reached it, its own code and the JS API run.
  expect(await page.evaluate(() => window.pageErrors)).toEqual([]);
  expect(seen.exceptions).toEqual([]);
  await page.evaluate(() => { window.Chapeau.close(); window.Chapeau.open(); });
  const clicked = await page.evaluate(() => {
    const button = document.body.appendChild(document.createElementNS('http://www.w3.org/1999/xhtml', 'button'));
    button.onclick = () => { button.dataset.clicked = 'yes'; };
    button.click();
    return button.dataset.clicked;
  });
  expect(clicked).toBe('yes');
  expect(seen.exceptions).toEqual([]);
});
