// Bytes transferred on a first visit (cold cache) to the login page, and to the
// home page and the daily report form of a logged-in hospital user, as
// Chromium's network stack reports them (encodedDataLength: compressed bodies
// plus headers).
import { launch, PHONE, BASE, PASSWORD } from '../end2end/tests/helpers.mjs';

async function visit(browser, path, cookies = []) {
  const context = await browser.newContext({ ...PHONE, locale: 'ja-JP', baseURL: BASE });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const rows = new Map();
  cdp.on('Network.responseReceived', (e) => rows.set(e.requestId, { url: e.response.url, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => { const r = rows.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
  await page.goto(path, { waitUntil: 'networkidle' });
  const total = [...rows.values()].reduce((s, r) => s + r.bytes, 0);
  const state = await context.storageState();
  await context.close();
  return { total, rows: [...rows.values()], cookies: state.cookies };
}

const browser = await launch();
const login = await visit(browser, '/login');
// Log in once to get a session cookie, then visit home with a cold cache.
const ctx = await browser.newContext({ locale: 'ja-JP', baseURL: BASE });
const p = await ctx.newPage();
await p.goto('/login');
await p.getByLabel('ログインID').fill('DEMHSP22');
await p.getByLabel('パスワード').fill(PASSWORD);
await p.getByRole('button', { name: 'ログイン' }).click();
await p.waitForURL(/\/$/);
const cookies = (await ctx.storageState()).cookies;
await ctx.close();
const home = await visit(browser, '/', cookies);
const report = await visit(browser, '/reports', cookies);
await browser.close();

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| page | requests | transferred |');
console.log('|---|---|---|');
console.log(`| /login | ${login.rows.length} | ${kb(login.total)} |`);
console.log(`| / (home, logged in) | ${home.rows.length} | ${kb(home.total)} |`);
console.log(`| /reports (the phone report form, logged in) | ${report.rows.length} | ${kb(report.total)} |`);
console.log('');
console.log('Budget (SPEC §11): ≤ 250 KB for a first visit.');
