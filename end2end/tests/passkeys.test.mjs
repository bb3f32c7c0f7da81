// Passkeys on a ward's tablet, with Chromium's own WebAuthn stack and its
// virtual authenticator (CDP `WebAuthn.addVirtualAuthenticator`: a platform
// authenticator with user verification, like a tablet's Face ID). A
// passkey is bound to a host name, so this spec starts a second `gmis serve`
// on the same database whose public URL is http://localhost:PORT (the
// suite's server has an IP address as its URL, where passkeys are off).
// The hospital registers a passkey, logs out, signs in with the passkey
// alone, and removes it again (DEMHSP22 is left as it was found).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, startServer, PHONE, TABLET } from './helpers.mjs';

let browser;
let server;
let base;

before(async () => {
  server = await startServer({}, 'localhost');
  base = server.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('tablet: a hospital registers a passkey, logs out, and signs in with it alone', async () => {
  const { context, page, errors } = await openPage(browser, TABLET, { baseURL: base });
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });

  await login(page, 'DEMHSP22');
  await page.waitForURL((u) => u.pathname === '/');
  await page.goto('/account/second-factor');
  await page.getByRole('heading', { level: 2, name: 'パスキー' }).waitFor();
  await hydrated(page);
  assert.ok(await page.getByText('登録済みのパスキーはありません。').isVisible());
  await page.getByLabel('パスキーの名前').fill('病棟のiPad');
  await page.getByRole('button', { name: 'この端末でパスキーを登録' }).click();
  await page.getByText('パスキーを登録しました。').waitFor();
  const row = page.getByRole('row', { name: /病棟のiPad/ });
  assert.match(await row.innerText(), /未使用/);
  // Nothing overflows sideways on the tablet.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the tablet`);

  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByText('ログアウトしました。').waitFor();
  await hydrated(page);
  // No login ID, no password: the tablet's passkey alone.
  await page.getByRole('button', { name: 'パスキーでログイン' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByRole('heading', { level: 1, name: '東京中央病院' }).waitFor();

  // The list shows when it was last used; the hospital removes it again.
  await page.goto('/account/second-factor');
  const used = page.getByRole('row', { name: /病棟のiPad/ });
  assert.doesNotMatch(await used.innerText(), /未使用/);
  await page.getByRole('button', { name: 'パスキー「病棟のiPad」を削除' }).click();
  await page.getByText('パスキーを削除しました。').waitFor();
  assert.ok(await page.getByText('登録済みのパスキーはありません。').isVisible());
  noConsoleErrors(errors);
  await context.close();
});

test('phone: no passkey button where the server has no host name, nor without JavaScript', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await page.goto('/login');
  await hydrated(page);
  assert.equal(await page.getByRole('button', { name: 'パスキーでログイン' }).count(), 0);
  noConsoleErrors(errors);
  await context.close();

  // Without JavaScript the password path is all there is, and the
  // second-factor page says what registering a passkey needs.
  const nojs = await openPage(browser, PHONE, { baseURL: base, javaScriptEnabled: false });
  await nojs.page.goto('/login');
  assert.ok(await nojs.page.getByRole('button', { name: 'ログイン', exact: true }).isVisible());
  assert.equal(await nojs.page.getByRole('button', { name: 'パスキーでログイン' }).count(), 0);
  await login(nojs.page, 'DEMCTR22');
  await nojs.page.waitForURL((u) => u.pathname === '/');
  await nojs.page.goto('/account/second-factor');
  assert.ok(await nojs.page.getByText('JavaScript を有効にする必要があります').isVisible());
  assert.equal(await nojs.page.getByRole('button', { name: 'この端末でパスキーを登録' }).count(), 0);
  assert.equal(await nojs.page.getByLabel('パスキーの名前').isVisible(), false);
  await nojs.context.close();
});
