// A city officer turns on the authenticator app from the banner every page
// shows during the grace period, signs in with a code from it (computed here
// from the key the page shows, as the app would), loses the phone, and the
// helpdesk resets the second factor during the call; the officer is mailed
// and, with no grace left, is led through enrolment before anything else.
// DEMMUN22 stays enrolled afterwards: the specs that sign in as it with a
// password alone (a11y, login, nojs) run before this one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { launch, openPage, login, noConsoleErrors, waitForMail, now, TABLET, PHONE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** RFC 4648 base32 (the key as the page shows it, spaces allowed). */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238: SHA-1, 30 s steps, 6 digits. */
function totp(key, at = now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

test('RFC 6238 vector: the test computes codes as an authenticator app does', () => {
  const key = Buffer.from('12345678901234567890');
  assert.equal(totp(key, 59_000), '287082');
  assert.equal(totp(key, 1_111_111_109_000), '081804');
});

test('tablet: an officer enrols an authenticator app, signs in with it, and the helpdesk resets it', async () => {
  const officer = await openPage(browser, TABLET);
  await login(officer.page, 'DEMMUN22');
  await officer.page.waitForURL((u) => u.pathname !== '/login');
  // The grace period's banner, on every page, leads to enrolment.
  await officer.page.getByRole('link', { name: '今すぐ設定する' }).click();
  await officer.page.getByRole('heading', { level: 1, name: '二段階認証・パスキー' }).waitFor();
  await officer.page.locator('code.totp-secret').waitFor();
  assert.equal(await officer.page.locator('figure.totp-qr svg').count(), 1, 'a QR code drawn by the server');
  const key = base32(await officer.page.locator('code.totp-secret').innerText());
  assert.ok(key.length >= 16, 'at least 128 bits');

  // A wrong first code is refused and nothing is switched on.
  const wrong = totp(key) === '000000' ? '111111' : '000000';
  await officer.page.getByLabel('認証アプリに表示された6桁の確認コード').fill(wrong);
  await officer.page.getByRole('button', { name: '設定を完了する' }).click();
  await officer.page.getByText('確認コードが正しくありません。').waitFor();
  await officer.page.getByLabel('認証アプリに表示された6桁の確認コード').fill(totp(key));
  await officer.page.getByRole('button', { name: '設定を完了する' }).click();
  await officer.page.getByRole('heading', { name: 'リカバリーコード' }).waitFor();
  const codes = await officer.page.locator('ol li code').allInnerTexts();
  assert.equal(codes.length, 10, 'ten recovery codes, shown once');
  assert.equal(new Set(codes).size, 10);

  // Next login: the password is not enough.
  await officer.context.clearCookies();
  await login(officer.page, 'DEMMUN22');
  await officer.page.getByRole('heading', { level: 1, name: '確認コードの入力' }).waitFor();
  await officer.page.getByLabel('確認コード', { exact: true }).fill(wrong);
  await officer.page.getByRole('button', { name: '確認してログイン' }).click();
  await officer.page.getByText('ログインできませんでした。入力内容をご確認ください。').waitFor();
  // The next step's code (the one used to enrol may not be used twice).
  await officer.page.getByLabel('確認コード', { exact: true }).fill(totp(key, now() + 30_000));
  await officer.page.getByRole('button', { name: '確認してログイン' }).click();
  await officer.page.waitForURL((u) => u.pathname === '/');
  assert.equal(await officer.page.getByRole('link', { name: '今すぐ設定する' }).count(), 0, 'no banner once enrolled');

  // Phone lost: the helpdesk resets the second factor with a reason.
  const desk = await openPage(browser, TABLET);
  await login(desk.page, 'DEMHLP22');
  await desk.page.waitForURL((u) => u.pathname !== '/login');
  await desk.page.goto('/helpdesk/accounts?q=DEMMUN22');
  const card = desk.page.locator('li, article, section').filter({ hasText: 'DEMMUN22' }).filter({ hasText: '二段階認証を解除する' }).last();
  await card.getByText('二段階認証を解除する').first().click();
  await card.getByRole('textbox', { name: '対応の理由（必須）' }).last().fill('本人から電話。スマートフォンを紛失。ログインIDと所属を確認しました。');
  await card.getByRole('button', { name: 'DEMMUN22 の二段階認証を解除' }).click();
  await desk.page.getByText('二段階認証を解除しました。').waitFor();
  await waitForMail('二段階認証（認証アプリ・パスキー）の設定が、管理者またはヘルプデスクにより解除されました');

  // The password alone no longer opens anything but enrolment.
  await officer.context.clearCookies();
  await login(officer.page, 'DEMMUN22');
  await officer.page.getByText('二段階認証の設定期限を過ぎました。').waitFor();
  assert.equal(new URL(officer.page.url()).pathname, '/account/second-factor');
  await officer.page.goto('/area');
  assert.equal(new URL(officer.page.url()).pathname, '/account/second-factor', 'nothing else is reachable');
  await officer.page.locator('code.totp-secret').waitFor();
  const newKey = base32(await officer.page.locator('code.totp-secret').innerText());
  assert.notDeepEqual(newKey, key, 'a new key for the new phone');
  await officer.page.getByLabel('認証アプリに表示された6桁の確認コード').fill(totp(newKey));
  await officer.page.getByRole('button', { name: '設定を完了する' }).click();
  await officer.page.getByRole('heading', { name: 'リカバリーコード' }).waitFor();
  await officer.page.getByRole('link', { name: '控えたので続ける' }).click();
  await officer.page.waitForURL((u) => u.pathname === '/');
  noConsoleErrors(officer.errors);
  noConsoleErrors(desk.errors);
  await officer.context.close();
  await desk.context.close();
});
