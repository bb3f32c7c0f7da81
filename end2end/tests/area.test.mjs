// Area views on the demo data: a prefecture officer on a phone sees today's
// missing units, opens a municipality, downloads the list as CSV, and the
// chart's table says what the figures say; the ministry on a desktop opens
// Tokyo from the nation's table and sees beds and supplies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, login, hydrated, noConsoleErrors, PHONE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const DESKTOP = { viewport: { width: 1280, height: 900 } };

test('phone: a prefecture officer sees who has not reported today, opens a city and downloads the list', async () => {
  const { page, errors } = await openPage(browser, PHONE, { acceptDownloads: true });
  await login(page, 'DEMPRF22');
  await page.getByRole('link', { name: '管内の状況' }).click();
  await page.getByRole('heading', { level: 1, name: /報告状況/ }).waitFor();
  await hydrated(page);
  const tile = async (label) => page.locator('.stat').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd').first().innerText();
  const expected = Number(await tile('報告対象'));
  const missing = Number(await tile('未報告'));
  assert.ok(expected >= 40, `the demo area expects its units (${expected})`);
  assert.ok(missing >= 1 && missing < expected, `some have reported, some not (${missing}/${expected})`);
  await page.getByRole('heading', { name: `未報告の施設（${missing}件）` }).waitFor();

  // The chart's table holds the same figure as the tile.
  const rate = await tile('報告率');
  await page.locator('summary', { hasText: '過去28日の報告率（表）' }).click();
  const lastRow = page.locator('.chart__data tbody tr').last();
  assert.equal(await lastRow.locator('td').innerText(), rate);
  assert.equal(await page.locator('.chart__data tbody tr').count(), 28);
  assert.ok(await page.locator('figure.chart svg[role="img"]').isVisible(), 'the chart is drawn');

  // Opening 千代田区 lists its missing units, the demo clinic among them.
  await page.getByRole('link', { name: '千代田区', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /千代田区/ }).waitFor();
  const row = page.locator('tbody tr').filter({ hasText: '千代田内科クリニック' });
  await row.waitFor();
  assert.ok((await row.innerText()).includes('自院で入力'));

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '未報告の施設（指定日） (CSV)' }).click(),
  ]);
  const bytes = readFileSync(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
  const csv = bytes.subarray(3).toString('utf8');
  assert.ok(csv.startsWith('報告日,調査,市区町村'), csv.slice(0, 80));
  assert.ok(csv.includes('千代田内科クリニック'));
  assert.ok(!csv.includes('新宿'), 'only the chosen city');
  noConsoleErrors(errors);
});

test('desktop: the ministry opens Tokyo from the nation, then its beds and supplies', async () => {
  const { page, errors } = await openPage(browser, DESKTOP);
  await login(page, 'DEMADM22');
  await page.goto('/area');
  await page.getByRole('heading', { level: 1, name: /全国/ }).waitFor();
  assert.equal(await page.locator('table.table--numbers tbody tr').count(), 47, 'one row per prefecture');
  await page.getByRole('link', { name: '東京都', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /東京都/ }).waitFor();
  await hydrated(page);

  await page.getByRole('link', { name: '病床・診療' }).click();
  await page.getByRole('heading', { level: 1, name: /病床・診療の状況/ }).waitFor();
  // Hospitals with a stopped service or depleted staff come first.
  const first = page.locator('table.table--numbers tbody tr').first();
  assert.ok((await first.innerText()).includes('要確認'), await first.innerText());
  await page.getByText('病床使用率（過去28日）', { exact: true }).waitFor();

  await page.getByRole('link', { name: '医療用物資' }).click();
  await page.getByRole('heading', { level: 1, name: /医療用物資の状況/ }).waitFor();
  const low = page.locator('.stat--alert');
  assert.ok(await low.count() >= 1, 'some facilities are below the threshold');
  noConsoleErrors(errors);
});
