// Moving in from the previous system: an export with a year of daily
// reports (written by bench/legacy_export.py in CP932, its last day
// yesterday) goes through `gmis legacy import DIR --notify`; the imported
// clinic sets its password from the mailed link on a phone and finds the
// year on its calendars (daily and weekly supplies), on last year's day and
// in the history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, login, noConsoleErrors, waitForMail, linkPath, jstDay, PHONE } from './helpers.mjs';

let browser;
let dir;
before(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'gmis-legacy-'));
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const BIN = process.env.GMIS_E2E_BIN;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAYS = 365;

/** The export's rows of `file` (CP932, CRLF) as arrays of fields; quoting is not needed for the generated report files. */
function rows(file) {
  const text = new TextDecoder('shift_jis').decode(readFileSync(join(dir, file)));
  return text.split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
}

/** Full-width digits, as the previous system sometimes wrote them, as ASCII. */
const digits = (s) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

test('phone: an imported clinic sets its password from the mail and sees last year\'s reports', async () => {
  assert.ok(BIN, 'GMIS_E2E_BIN names the gmis binary');
  execFileSync('python3', [join(ROOT, 'bench/legacy_export.py'), '--units', '6', '--out', dir,
    '--days', String(DAYS), '--first', jstDay(DAYS)], { encoding: 'utf8' });
  // The first clinic of the export with an e-mail address.
  const facility = rows('facilities.csv').find((r) => r[0] === '診療所' && r[10] !== '');
  assert.ok(facility, 'the generated facilities.csv has a clinic with an address');
  const CODE = digits(facility[1]);
  const name = facility[2];
  const LOGIN = facility[11];
  const reports = rows('clinic_daily.csv').filter((r) => digits(r[0]) === CODE);
  assert.equal(reports.length, DAYS, 'one report a day for a year');

  const summary = execFileSync(BIN, ['legacy', 'import', dir, '--notify', '--out', join(dir, 'out')],
    { encoding: 'utf8', env: process.env });
  assert.match(summary, /clinic_daily\.csv/);
  assert.equal(readFileSync(join(dir, 'out', 'rejected.csv'), 'utf8').trim().split('\n').length, 1,
    'nothing refused (the rejected-rows file has its header only)');

  // Before a password is set the login ID does not get in.
  const { context, page, errors } = await openPage(browser, PHONE);
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(LOGIN);
  await page.getByLabel('パスワード').fill('demo-password-2026');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');

  const mail = await waitForMail(LOGIN);
  await page.goto(linkPath(mail));
  await page.getByText(LOGIN).first().waitFor();
  const phrase = '移行したクリニックが新しく決めた合言葉';
  await page.getByLabel('新しいパスワード', { exact: true }).fill(phrase);
  await page.getByLabel('新しいパスワード（確認）').fill(phrase);
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await page.getByText('パスワードを設定しました。').waitFor();
  await login(page, LOGIN, phrase);
  await page.getByRole('heading', { level: 1, name }).waitFor();

  // The calendar of the last four weeks: every day before today was reported.
  await page.goto('/reports');
  const calendar = page.locator('.report-calendar');
  await calendar.waitFor();
  assert.equal(await calendar.locator('li').count(), 28);
  assert.ok(await calendar.locator('li.calendar__day--missing').count() <= 1, 'at most today is still to enter');

  // And its weekly supply surveys: eight weeks on the supply calendar.
  await page.goto('/supplies');
  const weeks = page.locator('.report-calendar');
  await weeks.waitFor();
  assert.equal(await weeks.locator('li').count(), 8);
  assert.ok(await weeks.locator('li.calendar__day--missing').count() <= 1, 'at most this week is still to enter');

  // Last year's day shows the values of the export and its migration.
  // (The file goes day by day from --first; a day may be written in 和暦.)
  const first = reports[0];
  await page.goto(`/reports?day=${jstDay(DAYS)}`);
  const fever = page.getByLabel('発熱患者等 受診者数');
  await fever.waitFor();
  assert.equal(await fever.inputValue(), String(Number(digits(first[3]))));
  await page.locator('.report-history').getByText('入力の経緯: 移行').waitFor();
  noConsoleErrors(errors);
  await context.close();
});
