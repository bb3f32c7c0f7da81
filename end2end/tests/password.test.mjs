// "Forgot password" on a phone: the mail (written by the outbox worker into
// the outbox folder, as on a machine without SMTP) carries a one-time link
// that sets a new password; the link works once; the user then logs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, login, noConsoleErrors, PHONE } from './helpers.mjs';

const OUTBOX = process.env.GMIS_E2E_OUTBOX;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The decoded text of an .eml file (lettre uses base64 or quoted-printable for Japanese). */
function emlText(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

async function waitForMail(loginId) {
  for (let i = 0; i < 100; i++) {
    for (const f of readdirSync(OUTBOX).filter((n) => n.endsWith('.eml'))) {
      const text = emlText(readFileSync(join(OUTBOX, f), 'utf8'));
      if (text.includes(loginId)) return text;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail for ${loginId} in ${OUTBOX}`);
}

test('phone: forgot password, mailed link, new password, log in', async () => {
  assert.ok(OUTBOX, 'GMIS_E2E_OUTBOX names the outbox folder');
  const { context, page, errors } = await openPage(browser, PHONE);
  await page.goto('/login');
  await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
  await page.getByLabel('ログインID').fill('DEMCTR22');
  await page.getByRole('button', { name: '再設定のメールを送る' }).click();
  await page.getByRole('status').filter({ hasText: 'メールをお送りしました' }).waitFor();

  const mail = await waitForMail('DEMCTR22');
  const link = mail.match(/https?:\/\/\S+\/password\/set\?token=[A-Za-z0-9_-]+/)[0];
  const path = new URL(link).pathname + new URL(link).search;
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
