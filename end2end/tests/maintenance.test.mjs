// Scheduled maintenance on a phone: the ministry schedules a window and a
// clinic sees the banner; `gmis maintenance add` closes the system (the
// maintenance page, 503, /healthz still 200) and `gmis maintenance end`
// reopens it; a hospital back-enters a day that an earlier window closed,
// past the usual 14 days, and the calendar does not call it late. Without
// JavaScript the ministry schedules, changes and cancels a window far ahead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launch, openPage, login, hydrated, noConsoleErrors, jstDay, now, BASE, PHONE, TABLET } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const BIN = process.env.GMIS_E2E_BIN;
const gmis = (...args) => execFileSync(BIN, args, { encoding: 'utf8', env: process.env });

/** `YYYY-MM-DDTHH:MM` in Japan time, `days` from now. */
function jstInput(days, hours = 0) {
  const t = new Date(now() + (days * 24 + hours) * 3600e3 + 9 * 3600e3);
  return t.toISOString().slice(0, 16);
}

test('phone: banner ahead, maintenance page during, back-entry after', async () => {
  assert.ok(BIN, 'GMIS_E2E_BIN names the gmis binary');

  // The ministry schedules a window two days ahead in the browser.
  const admin = await openPage(browser, PHONE);
  await login(admin.page, 'DEMADM22');
  await admin.page.getByRole('link', { name: '計画メンテナンス' }).click();
  await admin.page.getByRole('heading', { level: 1, name: 'メンテナンスの予定' }).waitFor();
  await hydrated(admin.page);
  await admin.page.getByLabel('開始日時（日本時間）').fill(jstInput(2));
  await admin.page.getByLabel('再開日時（日本時間）').fill(jstInput(2, 14));
  await admin.page.getByLabel('利用者へのお知らせ').fill('システム更新のため G-MIS を停止します。');
  await admin.page.getByRole('button', { name: '予定を登録する' }).click();
  await admin.page.getByText('メンテナンスを予定しました。').waitFor();

  const clinic = await openPage(browser, PHONE);
  await login(clinic.page, 'DEMCLN22');
  const banner = clinic.page.getByRole('note', { name: 'メンテナンスのお知らせ' });
  await banner.waitFor();
  assert.match(await banner.innerText(), /\d{1,2}月\d{1,2}日（(月|火|水|木|金|土|日)） \d{1,2}:\d{2} 〜 \d{1,2}月\d{1,2}日（.） \d{1,2}:\d{2}/);
  assert.match(await banner.innerText(), /システム更新のため G-MIS を停止します。/);

  // Cancelled again, so that the window below does not overlap it.
  await admin.page.getByRole('button', { name: '取り消す' }).click();
  await admin.page.getByText('メンテナンスの予定を取り消しました。').waitFor();

  // From the shell: closed now for ten minutes.
  const start = new Date(now()).toISOString();
  const end = new Date(now() + 10 * 60e3).toISOString();
  assert.match(gmis('maintenance', 'add', '--start', start, '--end', end, '--message', '緊急の保守作業です。'), /scheduled maintenance/);
  let response;
  for (let i = 0; i < 40; i++) {
    response = await clinic.page.goto('/reports');
    if (response.status() === 503) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(response.status(), 503, 'every instance closes within seconds');
  assert.ok(Number(response.headers()['retry-after']) > 500);
  await clinic.page.getByRole('heading', { level: 1, name: 'メンテナンス中です' }).waitFor();
  await clinic.page.getByText(/に再開します。/).waitFor();
  await clinic.page.getByText('緊急の保守作業です。').waitFor();
  const health = await fetch(`${BASE}/healthz`);
  assert.equal(health.status, 200, '/healthz keeps answering');
  assert.match(gmis('maintenance', 'list'), /in force/);
  assert.match(gmis('maintenance', 'end'), /ended maintenance/);
  for (let i = 0; i < 40; i++) {
    response = await clinic.page.goto('/');
    if (response.status() === 200) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(response.status(), 200, 'open again');

  // An earlier window (18 to 10 days ago) closed the system: the hospital
  // enters one of its days now, past the 14-day limit, and it is not late.
  const db = new URL(process.env.DATABASE_URL.replace(/^sqlite:\/\//, 'file://')).pathname;
  const iso = (d) => new Date(now() - d * 24 * 3600e3).toISOString().replace('Z', '+00:00');
  execFileSync('python3', ['-c', `import sqlite3,sys
c=sqlite3.connect(sys.argv[1]); c.execute("insert into maintenance_windows (starts_at, ends_at, message, created_by, updated_at) values (?,?,?,NULL,?)", (sys.argv[2], sys.argv[3], '移行作業', sys.argv[2])); c.commit()`,
  db, iso(18), iso(10)]);
  const hospital = await openPage(browser, PHONE);
  await login(hospital.page, 'DEMHSP22');
  const day = jstDay(17);
  for (let i = 0; i < 40; i++) {
    await hospital.page.goto(`/reports?day=${day}`);
    if (await hospital.page.getByRole('button', { name: '報告事項なしとして送信' }).isEnabled()) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await hydrated(hospital.page);
  assert.equal(await hospital.page.getByText('この日は入力・修正できる期間外です').count(), 0);
  await hospital.page.getByRole('button', { name: '報告事項なしとして送信' }).click();
  await hospital.page.getByText(/の報告を受け付けました。/).waitFor();
  const [, m, d] = day.split('-').map(Number);
  const cell = hospital.page.locator('.calendar li')
    .filter({ has: hospital.page.locator('.calendar__date', { hasText: new RegExp(`^${m}/${d}$`) }) });
  await cell.getByText('メンテナンス後に報告').waitFor();
  assert.equal(await cell.getByText('遅れて報告').count(), 0);

  noConsoleErrors(admin.errors);
  noConsoleErrors(hospital.errors);
  for (const c of [admin, clinic, hospital]) await c.context.close();
});

test('tablet without JavaScript: a window refused with nothing lost, scheduled, changed and cancelled', async () => {
  const { context, page } = await openPage(browser, TABLET, { javaScriptEnabled: false });
  await login(page, 'DEMADM22');
  await page.goto('/admin/maintenance');
  await page.getByRole('heading', { level: 1, name: 'メンテナンスの予定' }).waitFor();
  // Forty days ahead: past the banner's lead time, clear of the other specs' windows.
  const message = '年次点検のため G-MIS を停止します。';
  await page.getByLabel('開始日時（日本時間）').fill(jstInput(-1));
  // Computed once: typed and compared, it must be the same minute.
  const until = jstInput(40, 3);
  await page.getByLabel('再開日時（日本時間）').fill(until);
  await page.getByLabel('利用者へのお知らせ').fill(message);
  await page.getByRole('button', { name: '予定を登録する' }).click();

  // Nothing saved: the form again, what was typed kept, the message at the start.
  await page.getByText('入力内容を確認してください。').waitFor();
  await page.getByText('開始日時が過去です。これからの日時を入力してください。').waitFor();
  assert.equal(await page.getByLabel('開始日時（日本時間）').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('再開日時（日本時間）').inputValue(), until);
  assert.equal(await page.getByLabel('利用者へのお知らせ').inputValue(), message);
  await page.getByText('予定されたメンテナンスはありません。').waitFor();

  await page.getByLabel('開始日時（日本時間）').fill(jstInput(40));
  await page.getByRole('button', { name: '予定を登録する' }).click();
  await page.getByText('メンテナンスを予定しました。').waitFor();
  const item = page.getByRole('listitem').filter({ hasText: message });
  await item.waitFor();

  await item.getByRole('link', { name: '変更' }).click();
  await page.getByRole('heading', { level: 2, name: '変更' }).waitFor();
  assert.equal(await page.getByLabel('利用者へのお知らせ').inputValue(), message, 'the window in the form');
  await page.getByLabel('利用者へのお知らせ').fill(`${message}（延長）`);
  await page.getByRole('button', { name: '変更を保存する' }).click();
  await page.getByText('メンテナンスの予定を変更しました。').waitFor();
  const changed = page.getByRole('listitem').filter({ hasText: `${message}（延長）` });
  await changed.waitFor();

  // Cancelled, so that no window is left for later specs.
  await changed.getByRole('button', { name: '取り消す' }).click();
  await page.getByText('メンテナンスの予定を取り消しました。').waitFor();
  assert.equal(await page.getByRole('listitem').filter({ hasText: message }).count(), 0);
  await context.close();
});
