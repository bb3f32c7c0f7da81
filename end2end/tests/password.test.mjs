// "Forgot password" on a phone: the mail (sent by the outbox worker to the
// local SMTP server that scripts/test.sh starts) carries a one-time link
// that sets a new password; the link works once; the user then logs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, noConsoleErrors, waitForMail, linkPath, PHONE } from './helpers.mjs';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('phone: forgot password, mailed link, new password, log in', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await page.goto('/login');
  await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
  await page.getByLabel('ログインID').fill('DEMCTR22');
  await page.getByRole('button', { name: '再設定のメールを送る' }).click();
  await page.getByRole('status').filter({ hasText: 'メールをお送りしました' }).waitFor();

  const mail = await waitForMail('DEMCTR22');
  const path = linkPath(mail);
  await page.goto(path);
  await page.getByText('DEMCTR22').waitFor();
  const phrase = '相談センターの新しい長い合言葉です';
  await page.getByLabel('新しいパスワード', { exact: true }).fill(phrase);
  await page.getByLabel('新しいパスワード（確認）').fill(phrase);
  await page.getByRole('button', { name: 'パスワードを設定する' }).click();
  await page.getByText('パスワードを設定しました。').waitFor();

  // The link is spent.
  await page.goto(path);
  await page.getByRole('alert').filter({ hasText: 'このリンクは使えません' }).waitFor();

  await login(page, 'DEMCTR22', phrase);
  await page.getByRole('heading', { level: 1, name: '新宿区受診・相談センター' }).waitFor();
  noConsoleErrors(errors);
  await context.close();
});
