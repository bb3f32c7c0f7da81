// The same pages in English, on a phone: a consultation centre whose
// browser asks for English reads the login page, the home page and its
// daily survey in English; on /account it chooses English with 和暦 dates,
// which then holds in a browser that asks for Japanese; it goes back to
// "Same as my browser" with Western dates at the end (the state it had).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, hydrated, noConsoleErrors, jstDay, PASSWORD, PHONE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Chooses a language and a date style on /account (its English labels). */
async function choose(page, language, dates) {
  await page.goto('/account');
  await hydrated(page);
  await page.getByRole('group', { name: 'Language' }).getByLabel(language).check();
  await page.getByRole('group', { name: 'Dates' }).getByLabel(dates, { exact: false }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Your display settings have been saved.').waitFor();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

test('phone: an English browser gets English pages, and a chosen language holds in any browser', async () => {
  const { context, page, errors } = await openPage(browser, PHONE, { locale: 'en-US' });
  await page.goto('/login');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByLabel('Login ID').fill('DEMCTR22');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await hydrated(page);
  await page.getByRole('link', { name: 'Consultation centre daily survey', exact: false }).first().waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');

  // The daily survey: English labels, and the day written the English way.
  await page.goto(`/reports?day=${jstDay(0)}`);
  await hydrated(page);
  await page.getByLabel('Consultations', { exact: false }).first().waitFor();
  await page.getByLabel('Being arranged', { exact: false }).first().waitFor();
  const [y, m, d] = jstDay(0).split('-').map(Number);
  await page.getByText(`${d} ${MONTHS[m - 1]} ${y}`, { exact: false }).first().waitFor();
  assert.equal(await page.getByText('相談件数', { exact: false }).count(), 0, 'no Japanese label left');

  // English with 和暦, chosen on /account.
  await choose(page, 'English', 'Japanese era');
  assert.equal(await page.locator('html').getAttribute('data-dates'), 'wareki');
  await page.goto(`/reports?day=${jstDay(0)}`);
  await hydrated(page);
  await page.getByText(`${d} ${MONTHS[m - 1]} Reiwa ${y - 2018} (${y})`, { exact: false }).first().waitFor();
  noConsoleErrors(errors);

  // A browser asking for Japanese still gets the chosen English.
  const cookies = await context.cookies();
  const ja = await openPage(browser, PHONE);
  await ja.context.addCookies(cookies);
  await ja.page.goto('/account');
  assert.equal(await ja.page.locator('html').getAttribute('lang'), 'en');
  await ja.page.getByRole('heading', { name: 'Display' }).waitFor();

  // Back as it was: the browser's language, Western dates.
  await choose(page, 'Same as my browser', 'Western');
  await ja.page.goto('/account');
  assert.equal(await ja.page.locator('html').getAttribute('lang'), 'ja');
  await ja.page.getByRole('heading', { name: '表示の設定' }).waitFor();
  noConsoleErrors(errors);
  noConsoleErrors(ja.errors);
  await ja.context.close();
  await context.close();
});
