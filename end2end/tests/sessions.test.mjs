// A clinic's phone goes missing. From the tablet the nurse opens 「アカウント」,
// sees the devices with where and when they logged in, and logs the phone
// out; the phone's next tap lands on the login page. Without JavaScript the
// same page ends every other session. (Earlier specs may have left sessions
// of the same demo accounts open, so counts are taken relative to them.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, PHONE, TABLET } from './helpers.mjs';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const NARROW_PHONE = { ...PHONE, viewport: { width: 320, height: 640 } };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function signIn(opened, loginId) {
  await login(opened.page, loginId);
  await opened.page.waitForURL((u) => u.pathname !== '/login');
}

test('tablet: a lost phone is logged out from the account page', async () => {
  const phone = await openPage(browser, NARROW_PHONE, { userAgent: IPHONE });
  await signIn(phone, 'DEMCLN22');
  const tablet = await openPage(browser, TABLET);
  await signIn(tablet, 'DEMCLN22');

  await tablet.page.goto('/account');
  await hydrated(tablet.page);
  await tablet.page.getByRole('heading', { level: 2, name: 'ログイン中の端末' }).waitFor();
  const cards = tablet.page.locator('li.session');
  const before = await cards.count();
  const here = cards.filter({ hasText: 'この端末' });
  assert.equal(await here.count(), 1);
  assert.match(await here.innerText(), /127\.0\.0\.1/, 'where it logged in from');
  const lost = cards.filter({ hasText: 'Safari・iPhone' });
  assert.equal(await lost.count(), 1, 'the phone, named as its owner knows it');
  await lost.getByRole('button', { name: 'ログアウトさせる（Safari・iPhone）' }).click();
  await tablet.page.getByText('1件のセッションを終了しました。').waitFor();
  await lost.waitFor({ state: 'detached' });
  assert.equal(await cards.count(), before - 1);

  await phone.page.goto('/reports');
  assert.equal(new URL(phone.page.url()).pathname, '/login', 'the phone is logged out');
  noConsoleErrors(tablet.errors);
  await phone.context.close();
  await tablet.context.close();
});

test('phone without JavaScript: every other session ends with one button', async () => {
  const others = [await openPage(browser, TABLET), await openPage(browser, TABLET)];
  for (const o of others) await signIn(o, 'DEMHSP22');
  const phone = await openPage(browser, NARROW_PHONE, { javaScriptEnabled: false });
  await signIn(phone, 'DEMHSP22');
  await phone.page.goto('/account');
  const cards = phone.page.locator('li.session');
  assert.ok(await cards.count() >= 3, 'complete in the first HTML');
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `the page is ${width} px wide on a 320 px phone`);
  await phone.page.getByRole('button', { name: 'ほかの端末をすべてログアウト' }).click();
  const done = await phone.page.getByText(/件のセッションを終了しました。/).innerText();
  assert.ok(Number(done.match(/(\d+)件/)[1]) >= 2, done);
  assert.equal(await cards.count(), 1, 'only this phone is left');
  await phone.page.getByText('ほかにログイン中の端末はありません。').waitFor();
  for (const o of others) {
    await o.page.goto('/');
    assert.equal(new URL(o.page.url()).pathname, '/login');
    await o.context.close();
  }
  await phone.context.close();
});
