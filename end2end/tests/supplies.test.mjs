// Medical supplies on a phone: a clinic enters its weekly stock and sees N95
// masks at 3 days in red, sends an SOS request that says which batch and
// deadline it joins, the prefecture officer accepts and ships it, and the
// clinic confirms receipt — with a mail to the clinic at each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, waitForMail, PHONE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SUPPLIES = ['サージカルマスク', 'N95等マスク', 'アイソレーションガウン', 'フェイスシールド', '非滅菌手袋'];

test('phone: weekly stock with a low item leads to an SOS request that is accepted, shipped and received', async () => {
  const clinic = await openPage(browser, PHONE);
  const page = clinic.page;
  await login(page, 'DEMCLN22');
  await page.getByRole('link', { name: '医療用物資 週次調査' }).click();
  await page.getByRole('heading', { level: 1, name: '医療用物資 週次調査' }).waitFor();
  await hydrated(page);
  const stock = page.getByLabel('N95等マスク 在庫量');
  assert.equal(await stock.getAttribute('inputmode'), 'numeric');
  assert.ok((await stock.boundingBox()).height >= 44, 'large touch targets');
  for (const supply of SUPPLIES) {
    await page.getByLabel(`${supply} 在庫量`).fill(supply === 'N95等マスク' ? '30' : '７００');
    await page.getByLabel(`${supply} 前週の使用量`).fill('70');
  }
  // Days of stock appear as the numbers are typed; N95 masks are below 7 days.
  const low = page.locator('.stock__item--low');
  await low.filter({ hasText: 'N95等マスク' }).getByText('3日（不足）').waitFor();
  assert.equal(await low.count(), 1, 'only N95 masks are low');
  assert.equal(await low.evaluate((el) => getComputedStyle(el).color), 'rgb(206, 0, 0)', 'shown in red');
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();

  // The request form says before sending which batch and deadline it joins.
  await page.getByRole('link', { name: '緊急配布要請を作成する' }).click();
  await page.getByRole('heading', { level: 1, name: '緊急配布要請（SOS）' }).waitFor();
  await hydrated(page);
  const deadline = await page.locator('.deadline__batch').innerText();
  assert.match(deadline, /^\d{4}年\d{1,2}月\d{1,2}日（.）の便（締切 \d{4}年\d{1,2}月\d{1,2}日（.） 13:00）$/);
  assert.equal(await page.getByLabel('現在の在庫日数（日）').nth(1).inputValue(), '3', 'prefilled from the weekly report');
  const quantity = page.getByLabel('要請数量（枚）').nth(1);
  assert.equal(await quantity.inputValue(), '70', 'one week of use suggested');
  await quantity.fill('200');
  await page.getByRole('button', { name: /^要請を送信する/ }).click();
  await page.getByText('要請理由').first().waitFor();
  await page.getByText('入力してください。').waitFor();
  await page.getByLabel('要請理由').fill('発熱外来の患者が増え、N95マスクが3日分しかありません。');
  await page.getByRole('button', { name: /^要請を送信する/ }).click();
  await page.getByText('要請を送信しました。').waitFor();
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  const number = heading.match(/第(\d+)号/)[1];
  assert.match(heading, /要請中/);
  const requestUrl = new URL(page.url()).pathname;
  await waitForMail(`緊急配布要請（第${number}号）の状態が「要請中」`);

  // The prefecture officer finds it in the open batch, accepts and ships it.
  const officer = await openPage(browser, PHONE);
  await login(officer.page, 'DEMPRF22');
  await officer.page.getByRole('link', { name: '緊急配布要請の審査' }).click();
  await officer.page.getByRole('heading', { level: 1, name: '緊急配布要請の審査' }).waitFor();
  await officer.page.getByRole('link', { name: '受付中の次の便' }).click();
  await officer.page.getByRole('link', { name: `要請 第${number}号` }).click();
  await officer.page.getByRole('heading', { level: 1, name: new RegExp(`第${number}号`) }).waitFor();
  await hydrated(officer.page);
  await officer.page.getByRole('button', { name: '受け付ける' }).click();
  await officer.page.getByText('「受付済」にしました。').waitFor();
  await waitForMail(`緊急配布要請（第${number}号）の状態が「受付済」`);
  const ship = officer.page.getByRole('region', { name: '出荷を登録する' });
  assert.equal(await ship.getByLabel(/N95等マスク 出荷数量/).inputValue(), '200');
  await ship.getByLabel('運送会社').fill('ヤマト運輸');
  await ship.getByLabel('伝票番号').fill('4512-3344-9921');
  await ship.getByRole('button', { name: '出荷を登録する' }).click();
  await officer.page.getByText('「出荷済」にしました。').waitFor();
  const shippedMail = await waitForMail(`緊急配布要請（第${number}号）の状態が「出荷済」`);
  assert.match(shippedMail, /4512-3344-9921/);

  // The clinic confirms what arrived.
  await page.goto(requestUrl);
  await hydrated(page);
  const receive = page.getByRole('region', { name: '受領を確認する' });
  assert.equal(await receive.getByLabel(/N95等マスク 受領した数量/).inputValue(), '200');
  await receive.getByRole('button', { name: '受領を確認する' }).click();
  await page.getByText('「受領済」にしました。').waitFor();
  await waitForMail(`緊急配布要請（第${number}号）の状態が「受領済」`);
  await page.getByRole('heading', { level: 2, name: '経過' }).waitFor();
  const timeline = await page.locator('.timeline li').allInnerTexts();
  assert.deepEqual(timeline.map((t) => t.split(' · ')[0]), ['要請中', '受付済', '出荷済', '受領済']);

  noConsoleErrors(clinic.errors);
  noConsoleErrors(officer.errors);
  await clinic.context.close();
  await officer.context.close();
});
