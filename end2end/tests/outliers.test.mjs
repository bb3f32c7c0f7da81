// The outlier check on a phone: a hospital whose beds have been 40 for a
// week types 400, is asked to confirm before anything is saved, confirms,
// and a prefecture officer finds the hospital under 「確認済みの大きな変化のみ」.
// The week before is posted the way a browser without JavaScript posts the
// form (days 8–14 before today, values close to what the other specs type,
// so that their days are not flagged); the day checked is 7 days back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, openPage, login, hydrated, noConsoleErrors, jstDay, BASE, PHONE } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const usual = {
  outpatient_status: 'normal', inpatient_status: 'normal', emergency_status: 'limited', staffing: 'short',
  covid_inpatients: 4, covid_severe: 1, ventilators_in_use: 2, ventilators_owned: 8, ecmo_in_use: 0, ecmo_owned: 1,
  secured_beds: 40, beds_in_use: 11,
};

test('phone: 400 beds where yesterday was 40 is asked about, saved once confirmed, and found by the officer', async () => {
  const { context, page, errors } = await openPage(browser, PHONE);
  await login(page, 'DEMHSP22');
  await page.waitForURL((u) => u.pathname === '/');
  for (let back = 8; back <= 14; back += 1) {
    const form = { survey: 'hospital_daily', unit: 'f1', day: jstDay(back), submission_id: randomUUID(), base_revision: '', action: 'save' };
    for (const [code, value] of Object.entries(usual)) form[`v.${code}`] = String(value);
    const res = await page.request.post('/reports/submit', { form, headers: { Origin: BASE }, maxRedirects: 0 });
    assert.equal(res.status(), 303);
    assert.match(res.headers().location, /saved=1/, `day ${jstDay(back)} saved`);
  }

  const day = jstDay(7);
  await page.goto(`/reports?day=${day}`);
  await hydrated(page);
  for (const [item, choice] of [['外来', '通常'], ['入院', '通常'], ['救急', '制限'], ['職員の充足', '欠員あり']]) {
    await page.getByRole('group', { name: item, exact: true }).getByLabel(choice, { exact: true }).check();
  }
  const counts = {
    '新型コロナ入院患者数': 4, 'うち重症者数': 1, '人工呼吸器 使用中': 2, '人工呼吸器 保有': 8,
    'ECMO 使用中': 0, 'ECMO 保有': 1, '確保病床数': 400, 'うち使用中の病床数': 11,
  };
  for (const [label, value] of Object.entries(counts)) {
    await page.getByLabel(label, { exact: false }).first().fill(String(value));
  }
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText('前日（40）より大幅に増えています。確認してください。').waitFor();
  const confirm = page.getByLabel('大きく変わった値を確かめました。この値で保存します');
  await confirm.waitFor();
  assert.ok((await confirm.locator('..').boundingBox()).height >= 44, 'the confirmation is a large touch target');
  assert.equal(await page.getByText('第1版').count(), 0, 'nothing was saved');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'no sideways scroll');

  await confirm.check();
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.getByText(/の報告を受け付けました。/).waitFor();
  await page.getByText('第1版').first().waitFor();
  noConsoleErrors(errors);
  await context.close();

  const officer = await openPage(browser, PHONE);
  await login(officer.page, 'DEMPRF22');
  await officer.page.waitForURL((u) => u.pathname === '/');
  await officer.page.goto(`/area/capacity?day=${day}`);
  await officer.page.getByRole('link', { name: '確認済みの大きな変化のみ' }).click();
  await officer.page.waitForURL(/sort=flagged/);
  // The client-side navigation swaps the table in once the data is there.
  const rows = officer.page.getByRole('region', { name: '病床・診療の状況' }).locator('tbody tr');
  // (The badge is on the hospital's row in every order; the filter keeps only it.)
  await officer.page.waitForFunction(() => document.querySelectorAll('[aria-label="病床・診療の状況"] tbody tr').length === 1);
  const row = rows.first();
  await row.getByText('東京中央病院').waitFor();
  await row.getByText('確認済みの大きな変化: 確保病床数').waitFor();
  noConsoleErrors(officer.errors);
  await officer.context.close();
});
