// The ministry revises the hospital survey in the browser on a tablet: it
// adds an item to the version in force, sets tomorrow as the first day and
// links a notice, checks the diff and the form, and installs it. A second
// `gmis serve` on the same database whose clock runs one day ahead stands
// for tomorrow: there the hospital's form, on a phone, marks the new item
// 「変更」 with the notice's link; today's form is the old one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, noConsoleErrors, jstDay, startServer, PHONE, TABLET } from './helpers.mjs';

let browser;
let ahead;

before(async () => {
  const offset = Number(process.env.GMIS_CLOCK_OFFSET_SECONDS ?? 0) + 86400;
  ahead = await startServer({ GMIS_CLOCK_OFFSET_SECONDS: String(offset) });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  ahead?.stop();
});

test('tablet and phone: the ministry publishes a revised survey with a notice and the form marks it 「変更」 on its day', async () => {
  const admin = await openPage(browser, TABLET);
  const page = admin.page;
  await login(page, 'DEMADM22');
  await page.goto('/admin/surveys');
  await page.getByRole('heading', { level: 1, name: '調査票の管理' }).waitFor();
  await page.getByRole('link', { name: /^病院 日次調査.*の新しい版を作る$/ }).click();
  await page.getByRole('heading', { level: 1, name: /^新しい版:/ }).waitFor();

  const json = page.getByLabel('調査票の定義（JSON）');
  const definition = JSON.parse(await json.inputValue());
  definition.items.push({
    code: 'isolation_rooms', label: '陰圧室の空き', type: 'count', unit: '室', min: 0, max: 200, required: false,
    section: definition.items.at(-1).section,
  });
  await json.fill(JSON.stringify(definition, null, 2));
  const firstDay = jstDay(-1);
  await page.getByLabel('適用開始日').fill(firstDay);
  const notices = page.getByLabel('関連する通知文書（任意）');
  const noticeId = await notices.locator('option').nth(1).getAttribute('value');
  await notices.selectOption(noticeId);
  await page.getByRole('button', { name: '確認する' }).click();
  await page.getByText(/第\d+版として登録できます/).waitFor();
  await page.getByText('陰圧室の空き（isolation_rooms）').waitFor();
  await page.locator('.survey-preview .badge--changed').first().waitFor();
  await page.getByRole('button', { name: /版として登録する/ }).click();
  await page.getByText(/第\d+版を登録しました/).waitFor();
  await page.getByText('適用予定').first().waitFor();
  noConsoleErrors(admin.errors);
  await admin.context.close();

  // Today the hospital's form is the old one.
  const today = await openPage(browser, PHONE);
  await login(today.page, 'DEMHSP22');
  await today.page.goto('/reports');
  await today.page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await today.page.getByLabel(/陰圧室の空き/).count(), 0);
  await today.context.close();

  // Tomorrow it has the new item, marked, with the notice's link.
  const tomorrow = await openPage(browser, PHONE, { baseURL: ahead.base });
  await login(tomorrow.page, 'DEMHSP22');
  await tomorrow.page.goto('/reports');
  await tomorrow.page.getByLabel(/陰圧室の空き/).waitFor();
  await tomorrow.page.getByText(/調査票が改定されました/).waitFor();
  const mark = tomorrow.page.locator('.item', { has: tomorrow.page.getByLabel(/陰圧室の空き/) }).locator('.item__changed');
  assert.equal(await mark.locator('.badge--changed').innerText(), '変更');
  assert.equal(await mark.getByRole('link', { name: '変更の通知を読む' }).getAttribute('href'), `/notices/${noticeId}`);
  const width = await tomorrow.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling (${width})`);
  noConsoleErrors(tomorrow.errors);
  await tomorrow.context.close();
});
