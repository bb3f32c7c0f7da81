// Notices and inquiries on a phone: the ministry publishes a notice with an
// attachment, a clinic sees it unread on its home page, finds it by a
// two-character query and by a longer phrase, asks the helpdesk a question
// (after looking in the FAQ) with a screenshot, the helpdesk takes and
// answers it, and the clinic reads the answer in the thread and in a mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, hydrated, noConsoleErrors, waitForMail, jstDay, PHONE, TABLET, openUserMenu, accessibilityProblems } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TITLE = '冬季に向けた病床確保の要請について';
const PDF = { name: '様式1.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n') };
const PNG = {
  name: '画面.png', mimeType: 'image/png',
  buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
};

test('phone: a published notice reaches a clinic, is found by 病床, and an inquiry goes to the helpdesk and back', async () => {
  // The ministry writes, attaches and publishes.
  const admin = await openPage(browser, PHONE);
  await login(admin.page, 'DEMADM22');
  await admin.page.goto('/admin/notices');
  await hydrated(admin.page);
  await admin.page.getByRole('link', { name: '新しい通知を作成' }).click();
  await admin.page.getByRole('heading', { level: 1, name: '通知の編集' }).waitFor();
  await hydrated(admin.page);
  await admin.page.getByLabel('件名').fill(TITLE);
  await admin.page.getByLabel('本文').fill('# 要請事項\n各医療機関は**確保病床**の状況を日次報告で入力してください。\n- 様式1を添付します');
  await admin.page.getByLabel('発出部局').fill('医政局 地域医療計画課');
  await admin.page.getByLabel('発出日').fill(jstDay(0));
  await admin.page.getByText('プレビュー').click();
  await admin.page.locator('.notice-preview strong', { hasText: '確保病床' }).waitFor();
  await admin.page.getByRole('button', { name: '保存' }).click();
  await admin.page.getByText('下書きを作成しました。').waitFor();
  assert.match(admin.page.url(), /\/admin\/notices\/\d+\?created=1$/);
  const noticePath = new URL(admin.page.url()).pathname.replace('/admin', '');
  await hydrated(admin.page);
  await admin.page.getByLabel('添付ファイルを追加').setInputFiles(PDF);
  await admin.page.getByRole('button', { name: '添付する' }).click();
  await admin.page.getByText('添付しました。').waitFor();
  await admin.page.getByRole('link', { name: '様式1.pdf' }).waitFor();
  await admin.page.getByRole('button', { name: '今すぐ公開' }).click();
  await admin.page.getByText('公開しました。').waitFor();
  noConsoleErrors(admin.errors);

  // The clinic sees it first on its home page, unread.
  const clinic = await openPage(browser, PHONE);
  const page = clinic.page;
  await login(page, 'DEMCLN22');
  await page.getByRole('heading', { name: '新着の通知' }).waitFor();
  const newest = page.locator('.home-notices .notice-item').first();
  assert.equal(await newest.locator('.notice-item__title').innerText(), TITLE);
  await newest.getByText('未読').waitFor();

  // Found by two characters, marked; and by a longer phrase.
  await page.getByRole('link', { name: 'すべての通知を見る' }).click();
  await hydrated(page);
  await page.getByLabel('キーワード').fill('病床');
  await page.getByRole('button', { name: '検索' }).click();
  await page.getByText(/「病床」の検索結果 \d+件/).waitFor();
  const hit = page.locator('.notice-item', { hasText: TITLE });
  assert.equal(await hit.locator('.notice-item__title mark').first().innerText(), '病床');
  await page.getByLabel('キーワード').fill('病床確保の要請');
  await page.getByRole('button', { name: '検索' }).click();
  await page.getByText('「病床確保の要請」の検索結果 1件').waitFor();
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await page.getByRole('heading', { level: 2, name: '要請事項' }).waitFor();
  assert.equal(await page.locator('.notice__body strong').innerText(), '確保病床');
  const download = page.getByRole('link', { name: '様式1.pdf' });
  const file = await page.request.get(await download.getAttribute('href'));
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'application/pdf');
  assert.match(file.headers()['content-disposition'], /^attachment; .*filename\*=UTF-8''%E6%A7%98%E5%BC%8F1\.pdf$/);
  assert.ok((await file.body()).toString('latin1').startsWith('%PDF-1.4'));
  // Read now: no longer marked on the home page.
  await page.goto('/');
  await page.getByRole('heading', { name: '新着の通知' }).waitFor();
  assert.equal(await page.locator('.home-notices .notice-item').first().getByText('未読').count(), 0);

  // An inquiry from the page the clinic is on, after a look at the FAQ.
  await page.goto(noticePath);
  await hydrated(page);
  await openUserMenu(page);
  await page.getByRole('link', { name: 'お問い合わせ' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'お問い合わせを送る' }).waitFor();
  await hydrated(page);
  await page.getByLabel('FAQを検索').fill('パスワード');
  await page.getByRole('button', { name: '検索' }).click();
  await page.getByText('1件のFAQ').waitFor();
  await page.getByRole('button', { name: '送信' }).click();
  await page.getByText('件名を入力してください。').waitFor();
  await page.getByLabel('種類').selectOption({ label: '日次・週次の報告' });
  await page.getByLabel('件名').fill('確保病床の入力欄が見つからない');
  await page.getByLabel('内容').fill('通知にある確保病床の状況は、日次報告のどの欄に入力すればよいですか。');
  await page.getByLabel('添付ファイル（任意）').setInputFiles(PNG);
  await page.getByRole('button', { name: '送信' }).click();
  await page.getByText(/お問い合わせ（番号 \d+）を受け付けました。/).waitFor();
  const inquiryPath = new URL(page.url()).pathname;
  await page.getByText('未対応').first().waitFor();
  noConsoleErrors(clinic.errors);

  // The helpdesk takes it from its queue and answers.
  const desk = await openPage(browser, PHONE);
  await login(desk.page, 'DEMHLP22');
  await desk.page.goto('/helpdesk');
  await hydrated(desk.page);
  await desk.page.getByRole('link', { name: '確保病床の入力欄が見つからない' }).click();
  await desk.page.getByRole('heading', { level: 1, name: '確保病床の入力欄が見つからない' }).waitFor();
  await hydrated(desk.page);
  assert.match(await desk.page.locator('.facts').innerText(), new RegExp(noticePath.replace('/', '\\/')), 'the page it came from');
  await desk.page.getByRole('link', { name: '画面.png' }).waitFor();
  // The thread exists only once an inquiry does: reviewed here rather than in the walk.
  assert.deepEqual(await accessibilityProblems(desk.page), []);
  await desk.page.getByRole('button', { name: '自分が担当する' }).click();
  await desk.page.getByText('あなたが担当しています。').waitFor();
  await desk.page.getByLabel('メッセージ').fill('日次報告の「確保病床数」の欄に入力してください。');
  await desk.page.getByRole('button', { name: '回答する' }).click();
  await desk.page.getByText('回答しました。利用者にメールでお知らせしました。').waitFor();
  noConsoleErrors(desk.errors);

  // The clinic reads the answer, gets the mail, and replies in the thread.
  const mail = await waitForMail('確保病床数」の欄に入力してください');
  assert.match(mail, /千代田内科クリニック 様/);
  assert.ok(mail.includes(inquiryPath), 'the mail links to the thread');
  await page.goto(inquiryPath);
  await hydrated(page);
  await page.locator('.message--helpdesk', { hasText: '確保病床数」の欄に入力してください' }).waitFor();
  await page.getByText('回答済み').first().waitFor();
  await page.getByLabel('返信').fill('わかりました。ありがとうございます。');
  // The reply carries a screenshot, which the thread then links.
  await page.getByLabel('ファイルを添付（任意）').setInputFiles(PNG);
  await page.getByRole('button', { name: '返信する' }).click();
  await page.getByText('返信しました。').waitFor();
  await page.locator('.message', { hasText: 'わかりました。' }).getByRole('link', { name: '画面.png' }).waitFor();
  noConsoleErrors(clinic.errors);
  await page.screenshot({ path: process.env.GMIS_E2E_SHOT ?? '/tmp/inquiry-thread.png', fullPage: true });
});

test('phone without JavaScript: the FAQ, an inquiry refused then sent with nothing typed lost, the helpdesk\'s answer and the reply', async () => {
  const clinic = await openPage(browser, PHONE, { javaScriptEnabled: false });
  const page = clinic.page;
  await login(page, 'DEMHSP22');
  await page.goto('/inquiries/new?from=/reports');
  await page.getByLabel('FAQを検索').fill('パスワード');
  await page.getByRole('button', { name: '検索' }).click();
  await page.getByText('1件のFAQ').waitFor();
  // No subject: nothing sent; the form again with the text and the category kept.
  const body = '日次報告を保存すると「要修正」と表示されます。どうすればよいですか。';
  await page.getByLabel('種類').selectOption({ label: '日次・週次の報告' });
  await page.getByLabel('内容').fill(body);
  await page.getByLabel('添付ファイル（任意）').setInputFiles(PNG);
  await page.getByRole('button', { name: '送信' }).click();
  await page.getByText('件名を入力してください。').waitFor();
  assert.equal(await page.getByLabel('内容').inputValue(), body);
  assert.equal(await page.getByLabel('種類').inputValue(), 'reporting');
  await page.getByText('添付するファイルは、もう一度選んでください。').waitFor();
  await page.getByLabel('件名').fill('保存すると要修正になる');
  await page.getByLabel('添付ファイル（任意）').setInputFiles(PNG);
  await page.getByRole('button', { name: '送信' }).click();
  await page.getByText(/お問い合わせ（番号 \d+）を受け付けました。/).waitFor();
  const inquiryPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: '画面.png' }).waitFor();

  // The helpdesk takes it, is told an answer needs words, and answers.
  const desk = await openPage(browser, PHONE, { javaScriptEnabled: false });
  await login(desk.page, 'DEMHLP22');
  await desk.page.goto(inquiryPath);
  assert.match(await desk.page.locator('.facts').innerText(), /\/reports/, 'the page it came from');
  await desk.page.getByRole('button', { name: '自分が担当する' }).click();
  await desk.page.getByText('あなたが担当しています。').waitFor();
  await desk.page.getByRole('button', { name: '回答する' }).click();
  assert.equal(await desk.page.getByLabel('メッセージ').getAttribute('aria-invalid'), 'true');
  await desk.page.getByLabel('メッセージ').fill('赤字の項目の上限を確認してください。');
  await desk.page.getByRole('button', { name: '回答する' }).click();
  await desk.page.getByText('回答しました。利用者にメールでお知らせしました。').waitFor();
  await waitForMail('赤字の項目の上限を確認してください');
  // The answer becomes a FAQ entry: refused without a question, the answer kept.
  await desk.page.getByText('この回答をFAQにする').click();
  await desk.page.getByLabel('FAQの質問').fill('');
  await desk.page.getByLabel(/^FAQの回答/).fill('上限を超えた項目が赤字になります。');
  await desk.page.getByRole('button', { name: 'FAQとして公開' }).click();
  await desk.page.getByText('質問を入力してください。').waitFor();
  assert.equal(await desk.page.getByLabel(/^FAQの回答/).inputValue(), '上限を超えた項目が赤字になります。');
  await desk.page.getByLabel('FAQの質問').fill('保存すると要修正になる');
  await desk.page.getByRole('button', { name: 'FAQとして公開' }).click();
  await desk.page.getByText('FAQに追加しました。').waitFor();

  await page.goto(inquiryPath);
  await page.getByLabel('返信').fill('解決しました。');
  await page.getByLabel('ファイルを添付（任意）').setInputFiles(PNG);
  await page.getByRole('button', { name: '返信する' }).click();
  await page.getByText('返信しました。').waitFor();
  await page.locator('.message', { hasText: '解決しました。' }).getByRole('link', { name: '画面.png' }).waitFor();
  await clinic.context.close();
  await desk.context.close();
});

test('tablet without JavaScript: the ministry writes, attaches, schedules and withdraws a notice, nothing typed lost when refused', async () => {
  const admin = await openPage(browser, TABLET, { javaScriptEnabled: false });
  const page = admin.page;
  await login(page, 'DEMADM22');
  await page.goto('/admin/notices/new');
  const body = '年末年始の報告について\n- 12月29日から1月3日も日次報告をお願いします';
  await page.getByLabel('本文').fill(body);
  await page.getByLabel('発出部局').fill('医政局 地域医療計画課');
  await page.getByLabel('発出日').fill(jstDay(0));
  await page.getByRole('button', { name: '保存' }).click();
  // No title: nothing saved, the form again with what was typed.
  await page.getByText('件名を入力してください。').waitFor();
  assert.match(page.url(), /\/admin\/notices\/new\?invalid=save/);
  assert.equal(await page.getByLabel('本文').inputValue(), body);
  assert.equal(await page.getByLabel('発出部局').inputValue(), '医政局 地域医療計画課');
  await page.getByLabel('件名').fill('年末年始の日次報告（JavaScriptなし）');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('下書きを作成しました。').waitFor();
  assert.match(page.url(), /\/admin\/notices\/\d+\?created=1$/);
  await page.getByLabel('添付ファイルを追加').setInputFiles(PDF);
  await page.getByRole('button', { name: '添付する' }).click();
  await page.getByText('添付しました。').waitFor();
  await page.getByRole('link', { name: '様式1.pdf' }).waitFor();
  await page.getByLabel('公開日時').fill(`${jstDay(-3)}T09:00`);
  await page.getByRole('button', { name: /公開/ }).first().click();
  await page.getByText(`${jstDay(-3)} 09:00 に公開されます。`).waitFor();
  await page.getByRole('button', { name: '取り下げる' }).click();
  await page.getByText('取り下げの理由を入力してください。').waitFor();
  await page.getByLabel('取り下げの理由').fill('日程の変更のため');
  await page.getByRole('button', { name: '取り下げる' }).click();
  await page.getByText('取り下げました。').waitFor();
  await admin.context.close();
});
