// Daily reports on a phone: a hospital's day with an impossible number
// refused, a back-entered day amended with a reason and its history, the
// association's grid of ten clinics, the form without JavaScript, a draft
// that survives a reload and a lost connection, a day filed as "nothing to
// report" that says so when reopened, what is typed before the script arrives
// kept, the history in the form's order with the changed item marked, and
// choice labels that never break inside a word.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, jstDay, PHONE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const group = (page, name) => page.getByRole('group', { name, exact: true });

async function fillHospital(page, inpatients, severe) {
  for (const [item, choice] of [['外来', '通常'], ['入院', '通常'], ['救急', '制限'], ['職員の充足', '欠員あり']]) {
    await group(page, item).getByLabel(choice, { exact: true }).check();
  }
  const counts = {
    '新型コロナ入院患者数': inpatients, 'うち重症者数': severe, '人工呼吸器 使用中': 2, '人工呼吸器 保有': 8,
    'ECMO 使用中': 0, 'ECMO 保有': 1, '確保病床数': 30, 'うち使用中の病床数': 11,
  };
  for (const [label, value] of Object.entries(counts)) {
    await page.getByLabel(label, { exact: false }).first().fill(String(value));
  }
}

test('phone: a hospital clerk reports today, is stopped by an impossible number, back-enters and amends yesterday', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMHSP22');
  await page.getByRole('link', { name: '日次調査の入力' }).click();
  await page.getByRole('heading', { level: 1, name: /病院 日次調査/ }).waitFor();
  await hydrated(page);
  const count = page.getByLabel('新型コロナ入院患者数');
  assert.equal(await count.getAttribute('inputmode'), 'numeric');
  assert.ok((await count.boundingBox()).height >= 44, 'count fields are large touch targets');

  await fillHospital(page, 2, 5);
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText('「新型コロナ入院患者数」（2）以下にしてください。').waitFor();
  await page.getByText('何も保存されません').waitFor();
  assert.equal(await page.getByText('第1版').count(), 0, 'nothing was saved');

  await page.getByLabel('うち重症者数').fill('1');
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  await page.getByText('第1版').first().waitFor();

  // Yesterday: back-entered as "nothing to report", then amended with a reason.
  await page.getByRole('link', { name: '前日へ' }).click();
  await page.getByText('前日の報告はありません。').waitFor({ state: 'attached' });
  await hydrated(page);
  await page.getByRole('button', { name: '報告事項なしとして送信' }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  await fillHospital(page, 4, 1);
  await page.getByRole('button', { name: '修正して報告する' }).click();
  await page.getByText('報告済みの内容を修正する理由を入力してください。').waitFor();
  await page.getByLabel('修正理由（必須）').fill('報告事項なしは誤りでした');
  await page.getByRole('button', { name: '修正して報告する' }).click();
  await page.getByText(/の報告を修正しました（第2版）。/).waitFor();
  const history = page.getByRole('region', { name: '修正履歴' });
  await history.getByText('報告事項なし', { exact: true }).waitFor();
  await history.getByText('修正理由: 報告事項なしは誤りでした').waitFor();
  const calendar = page.getByRole('region', { name: '報告状況（直近4週間）' });
  assert.ok(await calendar.getByText('遅れて報告・修正あり').isVisible(), 'yesterday is shown as late and amended');
  noConsoleErrors(errors);
  await context.close();
});

test('phone: an association fills ten member clinics in one grid', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMAGG22');
  await page.getByRole('link', { name: '会員医療機関の代理入力' }).click();
  await page.getByRole('heading', { level: 1, name: '会員医療機関の日次報告（代理入力）' }).waitFor();
  await hydrated(page);
  const rows = page.getByRole('row').filter({ has: page.getByRole('link') });
  assert.equal(await rows.count(), 10);
  const names = await rows.getByRole('link').allTextContents();
  const items = ['発熱患者等 受診者数', 'PCR検査 件数', '抗原検査 件数', '陽性件数', '入院医療機関への紹介'];
  for (const [i, name] of names.entries()) {
    for (const [j, item] of items.entries()) {
      await page.getByLabel(`${name} ${item}`).fill(String(j === 4 ? 0 : i + j + 1));
    }
  }
  await page.getByRole('button', { name: '入力した行を保存' }).click();
  await page.getByText('10件の報告を保存しました。').waitFor();
  await page.getByText('報告済 第1版').first().waitFor();
  assert.equal(await page.getByText('報告済 第1版').count(), 10);
  noConsoleErrors(errors);
  await context.close();
});

test('phone without JavaScript: the form still submits and confirms', async () => {
  const { context, page } = await openPage(browser, PHONE, { javaScriptEnabled: false });
  await login(page, 'DEMCLN22');
  await page.goto('/reports');
  await page.getByLabel('発熱患者等 受診者数').fill('12');
  await page.getByLabel('PCR検査 件数').fill('5');
  await page.getByLabel('抗原検査 件数').fill('6');
  await page.getByLabel('陽性件数').fill('3');
  await page.getByLabel('入院医療機関への紹介').fill('20');
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  // Refused by the same validation, with the typed values kept.
  await page.getByText('「発熱患者等 受診者数」（12）以下にしてください。').waitFor();
  assert.equal(await page.getByLabel('入院医療機関への紹介').inputValue(), '20');
  await page.getByLabel('入院医療機関への紹介').fill('1');
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  assert.equal(await page.getByLabel('発熱患者等 受診者数').inputValue(), '12');
  await context.close();
});

test('phone: a draft survives a reload, and a report typed offline is sent when the network returns', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMCLN22');
  await page.goto('/reports');
  await hydrated(page);
  await page.getByRole('link', { name: '前日へ' }).click();
  await page.getByRole('link', { name: '前日へ' }).click();
  await hydrated(page);
  await page.getByLabel('発熱患者等 受診者数').fill('9');
  await page.reload();
  await hydrated(page);
  await page.getByText('入力途中の下書きを復元しました。').waitFor();
  assert.equal(await page.getByLabel('発熱患者等 受診者数').inputValue(), '9');

  for (const [label, value] of [['PCR検査 件数', 2], ['抗原検査 件数', 2], ['陽性件数', 1], ['入院医療機関への紹介', 0]]) {
    await page.getByLabel(label).fill(String(value));
  }
  await context.setOffline(true);
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/通信できません。入力内容はこの端末に下書きとして保存しました。/).waitFor();
  await context.setOffline(false);
  await page.getByText(/の報告を受け付けました。/).waitFor();
  await page.getByText('第1版').first().waitFor();
  // Only the failed fetch while offline may appear in the console.
  noConsoleErrors(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|ServerFnError/i.test(e)));
  await context.close();
});

test('phone on a slow line: what is typed before the form\'s script arrives is kept, and sent', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMCLN22');
  // The bundle is held back, as on a slow connection, while the clerk types.
  let release;
  const arrives = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await arrives; await route.continue(); });
  await page.goto(`/reports?day=${jstDay(6)}`);
  const typed = [['発熱患者等 受診者数', '9'], ['PCR検査 件数', '2'], ['抗原検査 件数', '2'], ['陽性件数', '1'], ['入院医療機関への紹介', '0']];
  for (const [label, value] of typed) {
    await page.getByLabel(label).fill(value);
  }
  release();
  await hydrated(page);
  await page.unroute('**/*.wasm');
  for (const [label, value] of typed) {
    assert.equal(await page.getByLabel(label).inputValue(), value, `${label}: still what was typed once the script runs`);
  }
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  await page.getByText('第1版').first().waitFor();
  assert.equal(await page.getByLabel('発熱患者等 受診者数').inputValue(), '9', 'and it is what was saved');
  noConsoleErrors(errors);
  await context.close();
});

test('phone: a day filed as nothing to report says so when reopened, in the first HTML and after hydration', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMHSP22');
  const day = jstDay(3);
  await page.goto(`/reports?day=${day}`);
  await hydrated(page);
  const filed = 'この日は「報告事項なし」として報告済みです（第1版）。';
  assert.equal(await page.getByText(filed, { exact: false }).count(), 0, 'not filed yet');
  await page.getByRole('button', { name: '報告事項なしとして送信' }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();

  // The server's HTML of the reopened day already says it (no script needed).
  const html = await (await page.request.get(`/reports?day=${day}`)).text();
  assert.ok(html.includes(filed), 'the first HTML says the day was filed as nothing to report');
  assert.ok(html.includes('第1版（報告事項なし）'), 'and so does the revision it shows');

  // Reopened by a fresh load, and again by moving away and back once hydrated.
  await page.goto(`/reports?day=${day}`);
  await hydrated(page);
  await page.getByRole('note').filter({ hasText: filed }).waitFor();
  await page.getByText('第1版（報告事項なし）', { exact: true }).waitFor();
  await page.getByRole('link', { name: '翌日へ' }).click();
  await page.getByText('第1版（報告事項なし）', { exact: true }).waitFor({ state: 'detached' });
  await page.getByRole('link', { name: '前日へ' }).click();
  await page.getByRole('note').filter({ hasText: filed }).waitFor();
  assert.ok(await page.getByText('第1版（報告事項なし）', { exact: true }).isVisible());
  noConsoleErrors(errors);
  await context.close();
});

test('phone: the history lists items in the form\'s order and marks what an amendment changed', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMHSP22');
  await page.goto(`/reports?day=${jstDay(4)}`);
  await hydrated(page);
  await fillHospital(page, 4, 1);
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  await page.getByLabel('うち重症者数').fill('2');
  await page.getByLabel('修正理由（必須）').fill('重症者数の訂正');
  await page.getByRole('button', { name: '修正して報告する' }).click();
  await page.getByText(/の報告を修正しました（第2版）。/).waitFor();

  const history = page.getByRole('region', { name: '修正履歴' });
  const revisions = history.getByRole('listitem');
  // The history is drawn again once the amended report has loaded.
  await revisions.nth(1).waitFor();
  assert.equal(await revisions.count(), 2);
  const latest = revisions.first();
  await latest.getByText('第2版', { exact: false }).first().waitFor();
  // The survey form's order (sections as the definition lists them), not the
  // item codes' order (which would start with うち使用中の病床数, beds_in_use).
  const formOrder = ['外来', '入院', '救急', '職員の充足', '新型コロナ入院患者数', 'うち重症者数',
    '人工呼吸器 使用中', '人工呼吸器 保有', 'ECMO 使用中', 'ECMO 保有', '確保病床数', 'うち使用中の病床数'];
  const terms = (await latest.getByRole('term').allInnerTexts()).map((t) => t.replace(/\s*変更$/, '').trim());
  assert.deepEqual(terms, formOrder);
  const older = (await revisions.nth(1).getByRole('term').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(older, formOrder, 'the first revision lists the same order, nothing marked');

  // Only the amended item is marked, in words, with its old and new value.
  const changed = latest.getByRole('term').filter({ hasText: '変更' });
  assert.equal(await changed.count(), 1);
  assert.equal((await changed.innerText()).replace(/\s+/g, ''), 'うち重症者数変更');
  assert.equal((await latest.getByRole('definition').nth(formOrder.indexOf('うち重症者数')).innerText()).trim(), '1人 → 2人');
  await latest.getByText('前の版から1項目を変更').waitFor();
  assert.equal(await revisions.nth(1).getByText('変更', { exact: true }).count(), 0);

  // Readable on a 320 px phone: nothing sticks out of the page.
  await page.setViewportSize({ width: 320, height: 700 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 320 px (${overflow} px)`);
  noConsoleErrors(errors);
  await context.close();
});

test('phones of 320 and 390 px: a choice label never breaks inside its word', async () => {
  for (const width of [320, 390]) {
    const { context, page, errors } = await openPage(browser, { ...PHONE, viewport: { width, height: 800 } });
    await login(page, 'DEMHSP22');
    await page.goto(`/reports?day=${jstDay(5)}`);
    await hydrated(page);
    for (const [item, choice] of [['職員の充足', '欠員あり'], ['外来', '通常'], ['救急', '停止']]) {
      const label = group(page, item).locator('label').filter({ hasText: choice });
      // The text gets one client rectangle per line it is laid out on.
      const lines = await label.getByText(choice, { exact: true }).evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return range.getClientRects().length;
      });
      assert.equal(lines, 1, `${choice} is on one line at ${width} px`);
      assert.ok((await label.boundingBox()).height >= 44, 'still a large touch target');
    }
    noConsoleErrors(errors);
    await context.close();
  }
});
