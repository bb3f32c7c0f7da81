// The call centre: a clinic locks itself out with ten wrong passwords and
// phones the helpdesk; the operator finds the clinic on a tablet, unlocks it
// with a reason while on the phone, and the clinic logs in at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, noConsoleErrors, PASSWORD, PHONE, TABLET } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('tablet: the helpdesk unlocks a locked-out clinic during the phone call', async () => {
  const clinic = await openPage(browser, PHONE);
  for (let i = 0; i < 10; i++) {
    await login(clinic.page, 'DEMCLN22', `wrong-password-${i}`);
    await clinic.page.getByRole('alert').waitFor();
  }
  // Locked: even the right password is refused now, with the same message.
  await login(clinic.page, 'DEMCLN22', PASSWORD);
  await clinic.page.getByRole('alert').waitFor();
  assert.equal(new URL(clinic.page.url()).pathname, '/login');

  const desk = await openPage(browser, TABLET);
  await login(desk.page, 'DEMHLP22');
  await desk.page.getByRole('link', { name: 'アカウントの確認・ロック解除' }).click();
  await desk.page.getByRole('heading', { level: 1, name: 'アカウントの確認（ヘルプデスク）' }).waitFor();
  await desk.page.getByLabel('ログインID・医療機関名・医療機関コード').fill('DEMCLN22');
  await desk.page.getByRole('button', { name: '検索', exact: true }).click();
  const card = desk.page.locator('article, li, section').filter({ hasText: 'DEMCLN22' }).filter({ hasText: 'ロック中' }).last();
  await card.waitFor();
  const text = await card.innerText();
  // Ten wrong passwords and the right one refused while locked.
  assert.match(text, /直近24時間のログイン失敗\s*11回/, 'the failures are counted');
  assert.doesNotMatch(text, /demo-password|\$argon2/, 'no password or hash is shown');

  // A reason that is only spaces is refused by the server and changes nothing.
  await card.getByRole('textbox', { name: '対応の理由（必須）' }).fill('   ');
  await card.getByRole('button', { name: 'DEMCLN22 のロックを解除' }).click();
  await desk.page.getByText('対応の理由を入力してください。何も変更していません。').waitFor();
  await login(clinic.page, 'DEMCLN22', PASSWORD);
  await clinic.page.getByRole('alert').waitFor();

  const again = desk.page.locator('article, li, section').filter({ hasText: 'DEMCLN22' }).filter({ hasText: 'ロック中' }).last();
  await again.getByRole('textbox', { name: '対応の理由（必須）' }).fill('本人から電話。ログインIDと医療機関名を確認しました。');
  await again.getByRole('button', { name: 'DEMCLN22 のロックを解除' }).click();
  await desk.page.getByText('ロックを解除しました。すぐにログインできます。').waitFor();

  await login(clinic.page, 'DEMCLN22', PASSWORD);
  await clinic.page.getByRole('heading', { level: 1 }).waitFor();
  assert.notEqual(new URL(clinic.page.url()).pathname, '/login', 'the clinic is in');
  // The refusal above was a form posted and answered with a redirect: no error.
  noConsoleErrors(desk.errors);
  await clinic.context.close();
  await desk.context.close();
});

test('phone: the helpdesk reorders, edits and retires a FAQ entry in place, and a clinic\'s FAQ search follows', async () => {
  const small = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const desk = await openPage(browser, small);
  const page = desk.page;
  await login(page, 'DEMHLP22');
  await page.getByRole('link', { name: 'FAQの管理' }).click();
  await page.getByRole('heading', { level: 1, name: 'FAQの管理' }).waitFor();
  await page.waitForLoadState('networkidle');
  const questions = () => page.locator('ol.faq-admin .faq-admin__question').allInnerTexts();
  const before = await questions();
  assert.ok(before.length >= 2, `entries: ${before}`);
  // The second entry goes on top.
  await page.getByRole('button', { name: '2番目のFAQを上へ移動' }).click();
  await page.getByText('表示順を変更しました。').waitFor();
  await page.waitForFunction((q) => document.querySelector('ol.faq-admin .faq-admin__question')?.textContent === q, before[1]);
  // Edited: a question left empty is refused on the spot, then saved.
  const top = page.locator('ol.faq-admin > li').first();
  await top.getByText('編集する').click();
  await top.getByLabel('質問').fill('');
  await top.getByRole('button', { name: '保存する' }).click();
  await top.getByText('質問を入力してください。').waitFor();
  await top.getByLabel('質問').fill('週次調査はいつまでに入力しますか');
  await top.getByRole('button', { name: '保存する' }).click();
  await page.getByText('FAQを保存しました。').waitFor();
  await page.locator('ol.faq-admin .faq-admin__question', { hasText: '週次調査はいつまでに入力しますか' }).waitFor();
  await page.screenshot({ path: '/tmp/faq-admin-320.png', fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `no sideways scrolling (${width})`);

  // A clinic finds the edited entry first; once retired, not at all.
  const clinic = await openPage(browser, small);
  await login(clinic.page, 'DEMCLN22');
  await clinic.page.goto('/inquiries/new?faq=週次');
  await clinic.page.locator('.faq-list', { hasText: '週次調査はいつまでに入力しますか' }).waitFor();
  await top.getByRole('button', { name: '取り下げる' }).click();
  await page.getByText('FAQを取り下げました。利用者には表示されません。').waitFor();
  await page.getByRole('heading', { name: '取り下げたFAQ（1件）' }).waitFor();
  await clinic.page.goto('/inquiries/new?faq=週次調査はいつまでに');
  await clinic.page.getByText('該当するFAQはありません。').waitFor();

  // The FAQ is left as it was found, for the specs after this one.
  const retired = page.locator('.faq-admin--retired > li').first();
  await retired.getByRole('button', { name: '公開に戻す' }).click();
  await page.getByText('FAQを公開に戻しました。').waitFor();
  const back = page.locator('ol.faq-admin > li').first();
  await back.getByText('編集する').click();
  await back.getByLabel('質問').fill(before[1]);
  await back.getByRole('button', { name: '保存する' }).click();
  await page.getByText('FAQを保存しました。').waitFor();
  await page.getByRole('button', { name: '1番目のFAQを下へ移動' }).click();
  await page.getByText('表示順を変更しました。').waitFor();
  await page.waitForFunction((q) => document.querySelector('ol.faq-admin .faq-admin__question')?.textContent === q, before[0]);
  assert.deepEqual(await questions(), before);
  noConsoleErrors(desk.errors);
  noConsoleErrors(clinic.errors);
  await desk.context.close();
  await clinic.context.close();
});
