// The association grid on a tablet and a desktop: a clerk enters ten member
// clinics, one of them wrong. Every column of a row is on screen without
// scrolling sideways, the wrong field is highlighted and brought into view
// with its message on a readable line under its row, and the other nine are
// saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, jstDay, TABLET } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const ITEMS = ['発熱患者等 受診者数', 'PCR検査 件数', '抗原検査 件数', '陽性件数', '入院医療機関への紹介'];

for (const [device, name, daysAgo] of [[TABLET, 'tablet 820 px', 1], [DESKTOP, 'desktop 1280 px', 2]]) {
  test(`${name}: the association grid shows every column, and a wrong row's field and message`, async () => {
    const { context, page, errors } = await openPage(browser, device);
    await login(page, 'DEMAGG22');
    await page.waitForURL((u) => u.pathname === '/');
    await page.goto(`/reports/members?day=${jstDay(daysAgo)}`);
    await hydrated(page);
    const width = device.viewport.width;

    // Every heading of the table is inside the screen, and the table does not scroll sideways.
    for (const item of ITEMS) {
      const box = await page.getByRole('columnheader', { name: item }).boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= width, `${item} is off screen at ${Math.round(box.x)}`);
    }
    const sideways = await page.locator('.member-grid .table-wrap').evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(sideways <= 0, `the grid scrolls ${sideways}px sideways`);

    const rows = page.getByRole('row').filter({ has: page.getByRole('link') });
    const names = await rows.getByRole('link').allTextContents();
    assert.equal(names.length, 10);
    const wrong = names[6];
    for (const [i, clinic] of names.entries()) {
      for (const [j, item] of ITEMS.entries()) {
        // The seventh clinic refers more patients than it saw.
        const value = j === 4 ? (clinic === wrong ? 99 : 1) : 10 + i + j;
        await page.getByLabel(`${clinic} ${item}`).fill(String(value));
      }
    }
    const reason = page.getByLabel('修正理由（報告済みの行を修正する場合は必須）');
    if (await reason.count()) await reason.fill('一覧で再入力');
    await page.getByRole('button', { name: '入力した行を保存' }).click();
    await page.getByText('9件を保存しました。1件は保存していません。赤字の行を確認してください。').waitFor();

    // The wrong field has the focus, is marked and is in view.
    const field = page.getByLabel(`${wrong} 入院医療機関への紹介`);
    await page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label, `${wrong} 入院医療機関への紹介`);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const fieldBox = await field.boundingBox();
    assert.ok(fieldBox.x >= 0 && fieldBox.x + fieldBox.width <= width, 'the wrong field is inside the screen sideways');
    assert.ok(fieldBox.y >= 0 && fieldBox.y + fieldBox.height <= device.viewport.height, 'the wrong field is scrolled into view');

    // Its message names the item, on a readable line under the row.
    const message = page.getByRole('alert').filter({ hasText: '入院医療機関への紹介: ' });
    await message.waitFor();
    assert.match(await message.innerText(), /「発熱患者等 受診者数」（\d+）以下にしてください。/);
    const messageBox = await message.boundingBox();
    assert.ok(messageBox.width >= 500, `the message is ${messageBox.width}px wide`);
    assert.ok(messageBox.height <= 80, `the message is ${messageBox.height}px tall`);
    assert.ok(messageBox.y > fieldBox.y, 'the message is under the row');

    // The nine others are saved, each saying so on one line.
    const saved = page.getByText(/^保存しました 第\d+版$/);
    assert.equal(await saved.count(), 9);
    const badge = await saved.first().boundingBox();
    assert.ok(badge.height <= 40, `the row's result takes ${badge.height}px`);

    // Corrected, the row is saved and its message is gone.
    await field.fill('2');
    await page.getByRole('button', { name: '入力した行を保存' }).click();
    await page.getByText('1件の報告を保存しました。').waitFor();
    assert.equal(await message.count(), 0);
    noConsoleErrors(errors);
    await context.close();
  });
}
