// The audit trail viewer: on a tablet the ministry finds a failed login
// among the entries, downloads what it filtered (the download is then
// on record itself); on a 320 px phone without JavaScript a prefecture
// officer reads its own area's entries, never another prefecture's, and a
// reversed date range gets a Japanese message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, login, hydrated, noConsoleErrors, jstDay, TABLET } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE_320 = { viewport: { width: 320, height: 700 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const rows = (page) => page.locator('table.audit-table tbody tr');

test('tablet: the ministry finds a failed login, downloads the entries, and the download is on record', async () => {
  // Someone tries a login ID that does not exist (no real account's
  // failures are touched: the helpdesk spec counts the clinic's).
  const stranger = await openPage(browser, TABLET);
  await login(stranger.page, 'NOSUCH77', 'not-a-password-at-all');
  await stranger.page.waitForURL(/failed=1/);
  await stranger.context.close();

  const { page, errors } = await openPage(browser, TABLET, { acceptDownloads: true });
  await login(page, 'DEMADM22');
  await page.getByRole('link', { name: '監査ログ' }).first().click();
  await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
  await hydrated(page);
  await page.getByLabel('実行者（ログインID）').fill('NOSUCH77');
  await page.getByLabel('操作', { exact: true }).selectOption({ label: 'ログイン失敗' });
  await page.getByLabel('開始日').fill(jstDay(0));
  await page.getByRole('button', { name: '絞り込む' }).click();
  await page.waitForURL(/action=login\.failed/);
  const first = rows(page).first();
  await first.waitFor();
  const text = await first.innerText();
  assert.ok(text.includes('NOSUCH77') && text.includes('ログイン失敗'), text);
  for (const row of await rows(page).allInnerTexts()) assert.ok(row.includes('ログイン失敗'), `only failed logins: ${row}`);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'この条件でCSVをダウンロード' }).click(),
  ]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
  const csv = bytes.subarray(3).toString('utf8');
  assert.ok(csv.includes('NOSUCH77') && csv.includes('ログイン失敗'), csv.slice(0, 300));

  // The download is itself an entry.
  await page.goto('/admin/audit?action=audit.downloaded');
  const downloaded = await rows(page).first().innerText();
  assert.ok(downloaded.includes('DEMADM22') && downloaded.includes('監査ログのCSVダウンロード'), downloaded);
  noConsoleErrors(errors);
});

test('320 px without JavaScript: a prefecture officer reads its area only and is told about a reversed range', async () => {
  // The Tokyo clinic logs in: an entry of the officer's area.
  const clinic = await openPage(browser, PHONE_320);
  await login(clinic.page, 'DEMCLN22');
  await clinic.page.waitForURL((u) => u.pathname === '/');
  await clinic.context.close();

  const { page, context } = await openPage(browser, PHONE_320, { javaScriptEnabled: false });
  await login(page, 'DEMPRF22');
  await page.waitForURL((u) => u.pathname === '/');
  await page.goto('/admin/audit?actor=DEMCLN22');
  await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
  assert.ok(await rows(page).count() >= 1, 'the Tokyo clinic\'s entries are listed');
  // The ministry's own logins are not the area's business.
  await page.goto('/admin/audit?actor=DEMADM22&action=login.succeeded');
  await page.getByText('条件に合う記録はありません。').waitFor();
  assert.equal(await rows(page).count(), 0, 'the ministry\'s logins are not the area\'s');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `no sideways scrolling at 320 px (${width})`);

  await page.goto(`/admin/audit?from=${jstDay(0)}&to=${jstDay(3)}`);
  await page.getByRole('alert').filter({ hasText: '開始日は終了日と同じか、それより前の日付にしてください。' }).waitFor();
  assert.equal(await rows(page).count(), 0, 'no entries under a refused filter');
  await context.close();
});
