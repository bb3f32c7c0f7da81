// An administrator registers three clinics by uploading a CSV in the browser
// (checked first, then for real); three mails arrive on the local SMTP
// server; each clinic sets its password on a phone through its link, which
// works once and never again, and logs in. Without JavaScript the upload
// answers with a page of the results, and the file is chosen again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, waitForMail, linkPath, TABLET, PHONE } from './helpers.mjs';

const CSV = `kind,name,prefecture,municipality,medical_code,postal_code,address,email,beds,designated_from
clinic,落合内科クリニック,13,131041,1310000133,,東京都新宿区上落合9-1-1,ochiai@e2e.example.jp,,2026-04-01
clinic,大久保こどもクリニック,13,131041,1310000141,,東京都新宿区大久保9-1-2,okubo@e2e.example.jp,,2026-04-01
clinic,市谷ファミリークリニック,13,131041,1310000150,,東京都新宿区市谷9-1-3,ichigaya@e2e.example.jp,,2026-04-01
`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('admin uploads three clinics; each sets its password on a phone and logs in', async () => {
  const admin = await openPage(browser, TABLET);
  await login(admin.page, 'DEMADM22');
  await admin.page.getByRole('link', { name: 'IDの発行（CSV一括登録）' }).click();
  await admin.page.getByRole('heading', { level: 1, name: 'IDの発行（CSV一括登録）' }).waitFor();
  const file = { name: 'clinics.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') };

  // Checked first: nothing is registered.
  await admin.page.getByLabel('CSVファイル').setInputFiles(file);
  assert.ok(await admin.page.getByLabel('確認のみ（登録しない）').isChecked());
  await admin.page.getByRole('button', { name: 'アップロード' }).click();
  await admin.page.getByRole('status').filter({ hasText: '確認のみ' }).waitFor();
  assert.equal(await admin.page.getByRole('cell', { name: '発行', exact: true }).count(), 3);

  // Then for real.
  await admin.page.getByLabel('確認のみ（登録しない）').uncheck();
  await admin.page.getByLabel('CSVファイル').setInputFiles(file);
  await admin.page.getByRole('button', { name: 'アップロード' }).click();
  await admin.page.getByRole('status').filter({ hasText: '登録しました' }).waitFor();
  const details = await admin.page.locator('tbody tr td:nth-child(3)').allTextContents();
  const ids = details.map((d) => d.trim().split(/\s+/)[0]);
  assert.equal(ids.length, 3);
  for (const id of ids) assert.match(id, /^[2-9A-HJ-NP-Z]{8}$/);
  noConsoleErrors(admin.errors);
  await admin.context.close();

  const names = ['落合内科クリニック', '大久保こどもクリニック', '市谷ファミリークリニック'];
  for (const [i, id] of ids.entries()) {
    const mail = await waitForMail(id);
    assert.ok(mail.includes(names[i]), `mail for ${id} names ${names[i]}`);
    const clinic = await openPage(browser, PHONE);
    const path = linkPath(mail);
    await clinic.page.goto(path);
    await clinic.page.getByText(id).waitFor();
    const phrase = `診療の合間に決めた長い合言葉 ${i}`;
    await clinic.page.getByLabel('新しいパスワード', { exact: true }).fill(phrase);
    await clinic.page.getByLabel('新しいパスワード（確認）').fill(phrase);
    await clinic.page.getByRole('button', { name: 'パスワードを設定する' }).click();
    await clinic.page.getByText('パスワードを設定しました。').waitFor();
    await clinic.page.goto(path);
    await clinic.page.getByRole('alert').filter({ hasText: 'このリンクは使えません' }).waitFor();
    await login(clinic.page, id, phrase);
    await clinic.page.getByRole('heading', { level: 1, name: names[i] }).waitFor();
    noConsoleErrors(clinic.errors);
    await clinic.context.close();
  }
});

test('tablet without JavaScript: a file with a bad row is reported line by line, then a good one registers', async () => {
  const { context, page } = await openPage(browser, TABLET, { javaScriptEnabled: false });
  await login(page, 'DEMADM22');
  await page.goto('/admin/accounts/import');
  await page.getByRole('heading', { level: 1, name: 'IDの発行（CSV一括登録）' }).waitFor();
  const header = 'kind,name,prefecture,municipality,medical_code,postal_code,address,email,beds,designated_from';
  const good = 'clinic,戸山内科クリニック,13,131041,1310000901,,東京都新宿区戸山9-2-1,toyama@e2e.example.jp,,2026-04-01';
  const bad = 'clinic,住所のない診療所,13,131041,1310000919,,,not-an-address,,2026-04-01';
  const file = (lines) => ({ name: 'clinics.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${lines.join('\n')}\n`, 'utf8') });

  // Checked only (the box is ticked): the bad row's reasons, nothing registered.
  await page.getByLabel('CSVファイル').setInputFiles(file([good, bad]));
  assert.ok(await page.getByLabel('確認のみ（登録しない）').isChecked());
  await page.getByRole('button', { name: 'アップロード' }).click();
  await page.getByRole('status').filter({ hasText: 'エラーのある行があるため、何も登録していません。' }).waitFor();
  const third = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '3', exact: true }) });
  assert.match(await third.innerText(), /email/, 'the reason at line 3');
  await page.getByText('ファイルを選び直してください').waitFor();

  // Back to the form: the file chosen again, for real this time.
  await page.getByRole('link', { name: 'IDの発行（CSV一括登録）' }).click();
  await page.getByLabel('確認のみ（登録しない）').uncheck();
  await page.getByLabel('CSVファイル').setInputFiles(file([good]));
  await page.getByRole('button', { name: 'アップロード' }).click();
  await page.getByRole('status').filter({ hasText: '登録しました' }).waitFor();
  const detail = await page.locator('tbody tr td:nth-child(3)').innerText();
  assert.match(detail.trim().split(/\s+/)[0], /^[2-9A-HJ-NP-Z]{8}$/, 'the new ID');
  await context.close();
});

test('tablet: one account, checked first (nothing registered, and the page says so), then registered with its new ID', async () => {
  const { context, page, errors } = await openPage(browser, TABLET);
  await login(page, 'DEMADM22');
  await page.goto('/admin/accounts/new');
  await hydrated(page);
  await page.getByLabel('種別').selectOption('clinic');
  await page.getByLabel('名称').fill('中井ひとつ診療所');
  await page.getByLabel('都道府県コード').fill('13');
  await page.getByLabel('市区町村コード').fill('131041');
  await page.getByLabel('医療機関コード（10桁）').fill('1310000168');
  await page.getByLabel('所在地').fill('東京都新宿区中井9-1-1');
  await page.getByLabel('メールアドレス').fill('nakai@e2e.example.jp');
  await page.getByLabel('診療・検査医療機関の指定日').fill('2026-04-01');

  await page.getByLabel('確認のみ（登録しない）').check();
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByRole('status').filter({ hasText: 'まだ登録していません' }).waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: '登録しました' }).count(), 0, 'a dry run registers nothing');

  await page.getByLabel('確認のみ（登録しない）').uncheck();
  await page.getByRole('button', { name: '登録する' }).click();
  const done = page.getByRole('status').filter({ hasText: '登録しました' });
  await done.waitFor();
  assert.match((await done.locator('strong').innerText()).trim(), /^[2-9A-HJ-NP-Z]{8}$/, 'the new ID');
  noConsoleErrors(errors);
  await context.close();
});
