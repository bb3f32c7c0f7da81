// Medical supplies on a phone: a clinic enters its weekly stock and sees N95
// masks at 3 days in red, sends an SOS request that says which batch and
// deadline it joins, the prefecture officer accepts and ships it, and the
// clinic confirms receipt — with a mail to the clinic at each step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, waitForMail, PHONE, accessibilityProblems } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SUPPLIES = ['サージカルマスク', 'N95等マスク', 'アイソレーションガウン', 'フェイスシールド', '非滅菌手袋'];
const group = (page, name) => page.getByRole('group', { name, exact: true });

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
  const low = page.getByRole('status').filter({ hasText: '（不足）' });
  const n95 = group(page, 'N95等マスク').getByText('3日（不足）', { exact: true });
  await n95.waitFor();
  assert.equal(await low.count(), 1, 'only N95 masks are low');
  assert.equal(await n95.evaluate((el) => getComputedStyle(el).color), 'rgb(206, 0, 0)', 'shown in red');
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
  // The request's page, which exists only once a request does, passes the
  // accessibility review too (the walk in a11y.test.mjs runs before any).
  assert.deepEqual(await accessibilityProblems(officer.page), []);
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

test('phone: each supply\'s days of stock sits under its own fields, live as typed and in the saved page without JavaScript', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMHSP22');
  await page.goto('/supplies');
  await page.getByRole('heading', { level: 1, name: '医療用物資 週次調査' }).waitFor();
  await hydrated(page);
  const n95 = group(page, 'N95等マスク');
  const stockLine = n95.getByRole('status');
  await stockLine.getByText('在庫量と前週の使用量を入力すると計算します。').waitFor();
  await n95.getByLabel('N95等マスク 在庫量').fill('30');
  await n95.getByLabel('N95等マスク 前週の使用量').fill('70');
  await stockLine.getByText('3日（不足）', { exact: true }).waitFor();
  await stockLine.getByText('基準の7日を下回っています。').waitFor();

  // Right under the two fields it comes from, where the user is typing.
  const used = await n95.getByLabel('N95等マスク 前週の使用量').boundingBox();
  const expected = await n95.getByLabel('N95等マスク 入荷予定量').boundingBox();
  const line = await stockLine.boundingBox();
  assert.ok(line.y >= used.y + used.height && line.y + line.height <= expected.y,
    'between last week\'s use and the expected receipts');
  assert.ok(line.y + line.height - used.y < 300, 'near enough to be on screen while typing');
  await n95.getByLabel('N95等マスク 在庫量').fill('700');
  await stockLine.getByText('70日', { exact: true }).waitFor();
  assert.equal(await stockLine.getByText('基準の7日を下回っています。').count(), 0, 'the warning goes with the shortage');
  await n95.getByLabel('N95等マスク 在庫量').fill('30');
  await stockLine.getByText('3日（不足）', { exact: true }).waitFor();

  // One place per supply: no second list of the same figures at the bottom.
  assert.equal(await page.getByRole('heading', { name: /在庫日数/ }).count(), 0);
  assert.equal(await page.getByText('3日（不足）', { exact: true }).count(), 1);
  for (const supply of SUPPLIES.filter((s) => s !== 'N95等マスク')) {
    await page.getByLabel(`${supply} 在庫量`).fill('700');
    await page.getByLabel(`${supply} 前週の使用量`).fill('70');
    await group(page, supply).getByRole('status').getByText('70日', { exact: true }).waitFor();
  }
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  noConsoleErrors(errors);
  await context.close();

  // The saved week without JavaScript: the same figures, from the server.
  const plain = await openPage(browser, PHONE, { javaScriptEnabled: false });
  await login(plain.page, 'DEMHSP22');
  await plain.page.goto('/supplies');
  await group(plain.page, 'N95等マスク').getByRole('status').getByText('3日（不足）', { exact: true }).waitFor();
  await group(plain.page, 'N95等マスク').getByText('基準の7日を下回っています。').waitFor();
  await group(plain.page, '非滅菌手袋').getByRole('status').getByText('70日', { exact: true }).waitFor();
  await plain.context.close();
});

test('phone without JavaScript: an SOS request is prefilled from the low week, refused without a reason with nothing lost, then sent', async () => {
  const { context, page } = await openPage(browser, PHONE, { javaScriptEnabled: false });
  await login(page, 'DEMHSP22');
  await page.goto('/supplies');
  await page.getByRole('link', { name: '緊急配布要請を作成する' }).click();
  await page.getByRole('heading', { level: 1, name: '緊急配布要請（SOS）' }).waitFor();
  const n95 = group(page, /^N95等マスク/);
  assert.equal(await n95.getByLabel('現在の在庫日数（日）').inputValue(), '3', 'prefilled from the weekly report');
  assert.equal(await n95.getByLabel(/要請数量/).inputValue(), '70', 'one week of use suggested');
  await n95.getByLabel(/要請数量/).fill('１５０');
  await page.getByRole('button', { name: /^要請を送信する/ }).click();

  // Nothing saved: the form again, what was typed kept, the message at the reason.
  await page.getByText('入力内容を確認してください。').waitFor();
  assert.equal(await group(page, /^N95等マスク/).getByLabel(/要請数量/).inputValue(), '１５０');
  assert.equal(await page.getByLabel('要請理由').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('要請理由').fill('発熱外来の患者が増え、N95マスクが3日分しかありません。');
  await page.getByRole('button', { name: /^要請を送信する/ }).click();
  await page.getByText('要請を送信しました。').waitFor();
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  assert.match(heading, /第\d+号/);
  assert.match(await page.locator('main').innerText(), /N95等マスク[\s\S]*150/);
  await context.close();
});

test('phone without JavaScript: every step of an SOS request works through the plain forms, a refused shipment keeps what was typed', async () => {
  // The clinic asks for masks (the new-request form posts as it is).
  const clinic = await openPage(browser, PHONE, { javaScriptEnabled: false });
  await login(clinic.page, 'DEMCLN22');
  await clinic.page.goto('/supplies/requests/new?unit=f4');
  await clinic.page.getByRole('heading', { level: 1, name: '緊急配布要請（SOS）' }).waitFor();
  for (const supply of SUPPLIES) {
    const line = group(clinic.page, new RegExp(`^${supply}`));
    await line.getByLabel(/要請数量/).fill(supply === 'N95等マスク' ? '120' : '');
    await line.getByLabel('現在の在庫日数（日）').fill(supply === 'N95等マスク' ? '2' : '');
  }
  await clinic.page.getByLabel('要請理由').fill('発熱外来の患者が増え、N95マスクが2日分しかありません。');
  await clinic.page.getByRole('button', { name: /^要請を送信する/ }).click();
  await clinic.page.getByText('要請を送信しました。').waitFor();
  const number = (await clinic.page.getByRole('heading', { level: 1 }).innerText()).match(/第(\d+)号/)[1];
  const requestUrl = new URL(clinic.page.url()).pathname;

  // The prefecture officer finds it, accepts it, and ships it.
  const officer = await openPage(browser, PHONE, { javaScriptEnabled: false });
  const page = officer.page;
  await login(page, 'DEMPRF22');
  await page.goto('/supplies/review');
  await page.getByRole('link', { name: '受付中の次の便' }).click();
  await page.getByRole('link', { name: `要請 第${number}号` }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`第${number}号.*要請中`) }).waitFor();
  await page.getByRole('region', { name: '受け付ける' }).getByRole('button', { name: '受け付ける' }).click();
  await page.getByText('「受付済」にしました。').waitFor();
  await page.getByRole('heading', { level: 1, name: new RegExp(`第${number}号.*受付済`) }).waitFor();

  // Too many masks and no tracking number: nothing shipped, the form comes
  // back with what was typed and the messages beside the fields.
  let ship = page.getByRole('region', { name: '出荷を登録する' });
  assert.equal(await ship.getByLabel(/N95等マスク 出荷数量/).inputValue(), '120', 'prefilled with the request');
  await ship.getByLabel(/N95等マスク 出荷数量/).fill('９９９');
  await ship.getByLabel('運送会社').fill('ヤマト運輸');
  await ship.getByRole('button', { name: '出荷を登録する' }).click();
  await page.getByText('入力内容を確認してください。').waitFor();
  ship = page.getByRole('region', { name: '出荷を登録する' });
  const n95 = ship.getByLabel(/N95等マスク 出荷数量/);
  assert.equal(await n95.inputValue(), '９９９', 'what was typed is kept');
  assert.equal(await n95.getAttribute('aria-invalid'), 'true');
  await ship.getByText('0〜120の範囲で入力してください。').waitFor();
  assert.equal(await ship.getByLabel('運送会社').inputValue(), 'ヤマト運輸');
  assert.equal(await ship.getByLabel('伝票番号').getAttribute('aria-invalid'), 'true');
  await page.getByRole('heading', { level: 1, name: new RegExp(`第${number}号.*受付済`) }).waitFor();
  await n95.fill('120');
  await ship.getByLabel('伝票番号').fill('4512-3344-0001');
  await ship.getByRole('button', { name: '出荷を登録する' }).click();
  await page.getByText('「出荷済」にしました。').waitFor();
  assert.match(await page.locator('main').innerText(), /4512-3344-0001/);
  const shippedMail = await waitForMail(`緊急配布要請（第${number}号）の状態が「出荷済」`);
  assert.match(shippedMail, /4512-3344-0001/);

  // The clinic confirms that all of it arrived.
  await clinic.page.goto(requestUrl);
  const receive = clinic.page.getByRole('region', { name: '受領を確認する' });
  assert.equal(await receive.getByLabel(/N95等マスク 受領した数量/).inputValue(), '120', 'what was shipped');
  await receive.getByRole('button', { name: '受領を確認する' }).click();
  await clinic.page.getByText('「受領済」にしました。').waitFor();
  await waitForMail(`緊急配布要請（第${number}号）の状態が「受領済」`);
  const timeline = await clinic.page.locator('.timeline li').allInnerTexts();
  assert.deepEqual(timeline.map((t) => t.split(' · ')[0]), ['要請中', '受付済', '出荷済', '受領済']);
  await clinic.context.close();
  await officer.context.close();
});
