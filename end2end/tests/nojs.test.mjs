// Every page of every role is complete in the server's first HTML: with
// JavaScript switched off (as on a clinic's phone before the WASM arrives),
// each page the role can reach shows its heading and content, never the
// loading placeholder, on every one of several loads; and it reads the same
// as the hydrated page. A notice search answers without JavaScript too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, walkPages, ROLES, PHONE } from './helpers.mjs';

const LOADS = 4;
const PLACEHOLDER = '読み込み中';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The page's main text as a reader sees it, blank runs folded. Times of
 * day are masked: the two sessions list each other's "last used", which
 * moves to the next minute when a load touches a session (at most once a
 * minute) between the plain load and the scripted one. */
const mainText = (page) => page.locator('main').innerText()
  .then((s) => s.replace(/\s+/g, ' ').replace(/\b\d{1,2}:\d{2}\b/g, 'H:MM').trim());

async function signedIn(loginId, javaScriptEnabled) {
  const opened = await openPage(browser, PHONE, { javaScriptEnabled });
  await login(opened.page, loginId);
  await opened.page.waitForURL((u) => u.pathname === '/');
  return opened;
}

for (const loginId of ROLES) {
  test(`without JavaScript: ${loginId}'s pages are whole in the first HTML`, async (t) => {
    const plain = await signedIn(loginId, false);
    const scripted = await signedIn(loginId, true);
    const problems = [];
    const pages = await walkPages(plain.page, async (path) => {
      let text;
      for (let load = 1; load <= LOADS; load++) {
        const response = await plain.page.goto(path);
        const status = response.status();
        if (status >= 500) problems.push(`${path}: HTTP ${status}`);
        const body = await plain.page.locator('body').innerText();
        if (body.includes(PLACEHOLDER)) problems.push(`${path}: load ${load} shows 「${PLACEHOLDER}」`);
        const heading = (await plain.page.locator('main h1').allInnerTexts()).join('').trim();
        if (!heading) problems.push(`${path}: load ${load} has no heading`);
        text = await mainText(plain.page);
      }
      await scripted.page.goto(path);
      await hydrated(scripted.page);
      const after = await mainText(scripted.page);
      if (after !== text) problems.push(`${path}: reads differently once hydrated:\n  without JS: ${text.slice(0, 400)}\n  hydrated:   ${after.slice(0, 400)}`);
    });
    t.diagnostic(`${pages.length} pages × ${LOADS} loads: ${pages.join(' ')}`);
    assert.ok(pages.length >= 4, `${loginId} reached only ${pages.join(', ')}`);
    assert.deepEqual(problems, [], `${loginId}:\n${problems.join('\n')}`);
    await plain.context.close();
    await scripted.context.close();
  });
}

test('without JavaScript: the pages before login and the missing page are whole in the first HTML', async () => {
  const { page, context } = await openPage(browser, PHONE, { javaScriptEnabled: false });
  for (const path of ['/login', '/password/forgot', '/password/set?token=not-a-token', '/no-such-page']) {
    for (let load = 1; load <= LOADS; load++) {
      await page.goto(path);
      const body = await page.locator('body').innerText();
      assert.ok(!body.includes(PLACEHOLDER), `${path}: load ${load} shows 「${PLACEHOLDER}」`);
      assert.ok((await page.locator('main h1').innerText()).trim(), `${path}: load ${load} has no heading`);
    }
  }
  await context.close();
});

test('without JavaScript: a notice search shows its results on every try', async () => {
  const { page, context } = await signedIn('DEMHSP22', false);
  for (let i = 0; i < 6; i++) {
    await page.goto('/notices');
    await page.getByLabel('キーワード').fill('病床');
    await page.getByRole('button', { name: '検索' }).click();
    await page.waitForURL(/[?&]q=/);
    await assert.doesNotReject(page.getByText(/「病床」の検索結果 [1-9]\d*件/).waitFor({ timeout: 2000 }), `try ${i + 1}`);
    assert.ok(await page.locator('.notice-item mark').count() > 0, `try ${i + 1}: no highlighted hit`);
  }
  await context.close();
});
