// A ministry administrator prints the postal letters that issuance queued
// (scripts/test.sh imports docs/examples/accounts.csv before the run): each
// letter fills exactly one A4 page, and marking them printed empties the queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, noConsoleErrors, TABLET } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('tablet: the admin prints one A4 page per letter and marks them printed', async () => {
  const { context, page, errors } = await openPage(browser, TABLET);
  await login(page, 'DEMADM22');
  await page.getByRole('link', { name: '郵送通知の印刷' }).click();
  await page.getByRole('heading', { level: 1, name: '郵送通知の印刷' }).waitFor();
  // The hospital (always) and the clinic without an e-mail address.
  await page.getByRole('cell', { name: '新宿中央記念病院' }).waitFor();
  await page.getByRole('cell', { name: '早稲田ファミリー診療所' }).waitFor();
  const rows = await page.locator('tbody tr').count();

  const print = await context.newPage();
  await print.goto('/admin/letters/print');
  await print.locator('article.letter').first().waitFor();
  assert.equal(await print.locator('article.letter').count(), rows);
  const pdf = await print.pdf({ format: 'A4', printBackground: false });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  assert.equal(pages, rows, `${rows} letters must print on ${rows} A4 pages, got ${pages}`);
  await print.close();

  await page.getByRole('button', { name: '表示中の通知を印刷済みにする' }).click();
  await page.getByText('印刷待ちの通知はありません。').waitFor();
  noConsoleErrors(errors);
  await context.close();
});
