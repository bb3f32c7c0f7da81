// Login and logout as a user would do them, on a phone and a tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, openUserMenu, PHONE, TABLET, IE11, BASE } from './helpers.mjs';

const DEMO = [
  ['DEMHSP22', '東京中央病院', '日次調査の入力'],
  ['DEMCLN22', '千代田内科クリニック', '日次調査の入力'],
  ['DEMAGG22', '新宿区医師会', '会員医療機関の代理入力'],
  ['DEMCTR22', '新宿区受診・相談センター', '受診・相談センター日次調査'],
  ['DEMMUN22', '新宿区 健康部', '管内の状況'],
  ['DEMPRF22', '東京都 福祉保健局', '緊急配布要請の審査'],
  ['DEMHLP22', 'G-MIS ヘルプデスク', '問い合わせ対応'],
  ['DEMADM22', '厚生労働省 医政局', 'アカウント管理'],
];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('phone: a visitor is sent to login, logs in, sees the home page and logs out', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await page.goto('/');
  assert.match(page.url(), /\/login$/);
  await hydrated(page);
  await login(page, 'DEMHSP22');
  await page.getByRole('heading', { level: 1, name: '東京中央病院' }).waitFor();
  await hydrated(page);
  assert.ok(await page.getByText('日次調査の入力').isVisible());
  // The header's home link has a name for screen readers although the
  // phone shows only the logo.
  assert.equal(await page.getByRole('link', { name: '医療機関等情報支援システム（G-MIS）', exact: true }).count(), 1);
  // Nothing overflows sideways on a 390 px screen, and the header is one row.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  const header = await page.locator('.site-header').boundingBox();
  assert.ok(header.height <= 64, `the header takes ${header.height}px`);
  // Who is signed in, the inquiry link and logout are behind the user's name.
  await page.locator('summary', { hasText: '東京中央病院' }).click();
  assert.ok(await page.getByRole('link', { name: 'お問い合わせ', exact: true }).isVisible());
  const logout = page.getByRole('button', { name: 'ログアウト' });
  const box = await logout.boundingBox();
  assert.ok(box.height >= 44, `logout button is ${box.height}px tall`);
  await logout.click();
  await page.getByText('ログアウトしました。').waitFor();
  // The old session is gone: the home page asks for a login again.
  await page.goto('/');
  assert.match(page.url(), /\/login/);
  noConsoleErrors(errors);
  await context.close();
});

test('tablet: a prefecture officer logs in and out', async () => {
  const { context, page, errors } = await openPage(browser, TABLET);
  await login(page, 'DEMPRF22');
  await page.getByRole('heading', { level: 1, name: '東京都 福祉保健局' }).waitFor();
  await hydrated(page);
  assert.ok(await page.getByText('緊急配布要請の審査').isVisible());
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByText('ログアウトしました。').waitFor();
  noConsoleErrors(errors);
  await context.close();
});

test('phone: every demo role can log in and sees its own menu', async () => {
  for (const [id, name, item] of DEMO) {
    const { context, page, errors } = await openPage(browser, PHONE);
    await login(page, id);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.ok(await page.getByRole('heading', { level: 3, name: item }).isVisible(), `${id} sees ${item}`);
    noConsoleErrors(errors);
    await context.close();
  }
});

test('phone: a wrong password shows the one generic message', async () => {
  const { context, page } = await openPage(browser, PHONE);
  const generic = 'ログインIDまたはパスワードが正しくないか、現在ログインできない状態です。';
  await login(page, 'DEMHSP22', 'this-is-not-the-password');
  await page.getByRole('alert').filter({ hasText: generic }).waitFor();
  await login(page, 'NOSUCH23', 'this-is-not-the-password');
  await page.getByRole('alert').filter({ hasText: generic }).waitFor();
  assert.match(page.url(), /\/login\?failed=1$/);
  await context.close();
});

test('Internet Explorer 11 gets the refusal page, with no form and no script', async () => {
  const { context, page } = await openPage(browser, TABLET, { userAgent: IE11 });
  const response = await page.goto('/');
  assert.equal(response.status(), 403);
  await page.getByRole('heading', { name: 'Internet Explorer ではご利用いただけません' }).waitFor();
  assert.ok(await page.getByText('Microsoft Edge（最新版').isVisible());
  assert.equal(await page.locator('form').count(), 0);
  assert.equal(await page.locator('script').count(), 0);
  assert.deepEqual(await context.cookies(BASE), []);
  await context.close();
});
