// Shared set-up for the end-to-end specs: Debian's Chromium driven through
// playwright-core (no browser download), phone and tablet viewports, and a
// guard that fails a spec on any browser console error (CSP violations,
// hydration panics).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const BASE = process.env.GMIS_E2E_URL ?? 'http://127.0.0.1:3000';
export const PASSWORD = 'demo-password-2026';
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
export const TABLET = { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh context and page; console errors are collected in `errors`. */
export async function openPage(browser, device, extra = {}) {
  const context = await browser.newContext({ ...device, locale: 'ja-JP', baseURL: BASE, ...extra });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Waits until the WASM bundle has hydrated the page. */
export async function hydrated(page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
}

export async function login(page, loginId, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

export function noConsoleErrors(errors) {
  assert.deepEqual(errors, [], `browser console errors: ${errors.join('\n')}`);
}
