// Shared set-up for the end-to-end specs: Debian's Chromium driven through
// playwright-core (no browser download), phone and tablet viewports, and a
// guard that fails a spec on any browser console error (CSP violations,
// hydration panics).
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import net from 'node:net';

/** Now on G-MIS's clock, in milliseconds: the test command shifts the
 * server's clock by `GMIS_CLOCK_OFFSET_SECONDS`, and the specs with it. */
export function now() {
  return Date.now() + Number(process.env.GMIS_CLOCK_OFFSET_SECONDS ?? 0) * 1000;
}

/** `YYYY-MM-DD` in Japan time, `daysAgo` days before now. */
export function jstDay(daysAgo = 0) {
  return new Date(now() - daysAgo * 24 * 3600e3 + 9 * 3600e3).toISOString().slice(0, 10);
}

export const BASE = process.env.GMIS_E2E_URL ?? 'http://127.0.0.1:3000';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts another `gmis serve` on the suite's database, with `env` over the
 * suite's settings, on a free port reached as `host`; answers with its base
 * address and a function that stops it. */
export async function startServer(env = {}, host = '127.0.0.1') {
  const bin = process.env.GMIS_E2E_BIN;
  assert.ok(bin, 'GMIS_E2E_BIN names the gmis binary');
  const port = await freePort();
  const base = `http://${host}:${port}`;
  const all = { ...process.env, GMIS_LISTEN: `127.0.0.1:${port}`, GMIS_PUBLIC_URL: base, ...env };
  delete all.GMIS_METRICS_LISTEN;
  const child = spawn(bin, ['serve'], { env: all, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, stop: () => child.kill('SIGTERM') };
}
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

/** Waits until the page's islands have come to life: a page without any
 * (`<leptos-island>`) loads no WASM at all, one with islands loads the bundle
 * and its islands' files after the `load` event. */
export async function hydrated(page) {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => !document.querySelector('leptos-island')
    || performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
}

export async function login(page, loginId, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

/** Opens the header's user menu where a phone folds it behind the user's name. */
export async function openUserMenu(page) {
  const toggle = page.locator('summary.user-menu__toggle');
  if (await toggle.isVisible()) {
    const open = await toggle.evaluate((s) => s.parentElement.open);
    if (!open) await toggle.click();
  }
}

export function noConsoleErrors(errors) {
  assert.deepEqual(errors, [], `browser console errors: ${errors.join('\n')}`);
}

/** The decoded text of a received mail (lettre uses base64 or quoted-printable for Japanese). */
export function mailText(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Mails delivered so far to the local SMTP server (a Maildir's new/ folder). */
export function receivedMails() {
  const dir = process.env.GMIS_E2E_MAILDIR;
  assert.ok(dir, 'GMIS_E2E_MAILDIR names the SMTP server\'s Maildir');
  let files = [];
  try { files = readdirSync(join(dir, 'new')); } catch { return []; }
  return files.map((f) => mailText(readFileSync(join(dir, 'new', f), 'utf8')));
}

/** Waits until a mail mentioning `text` has arrived, and returns it. */
export async function waitForMail(text) {
  for (let i = 0; i < 150; i++) {
    const mail = receivedMails().find((m) => m.includes(text));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail mentioning ${text} arrived`);
}

/** The path and query of the password link in a mail. */
export function linkPath(mail) {
  const url = new URL(mail.match(/https?:\/\/\S+\/password\/set\?token=[A-Za-z0-9_-]+/)[0]);
  return url.pathname + url.search;
}

/** Interactive elements smaller than 44 × 44 CSS px, links inside running text excepted. */
async function smallTargets(page) {
  return page.evaluate(() => {
    const SELECTOR = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
    const visible = (el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1;
    };
    // A link in a sentence: inline, with words of its own block around it.
    const inText = (el) => {
      if (getComputedStyle(el).display !== 'inline') return false;
      const block = el.parentElement;
      const own = [...block.childNodes].filter((n) => n !== el).map((n) => n.textContent).join('').trim();
      return own.length > 0;
    };
    const label = (el) => (el.labels && el.labels[0]) || el.closest('label');
    const out = [];
    for (const el of document.querySelectorAll(SELECTOR)) {
      if (!visible(el) || el.closest('[hidden], .skip-link')) continue;
      if (el.matches('a') && inText(el)) continue;
      let r = el.getBoundingClientRect();
      // A checkbox or radio button is tapped through its label too.
      const l = el.matches('input[type=checkbox], input[type=radio]') ? label(el) : null;
      if (l && visible(l)) {
        const lr = l.getBoundingClientRect();
        const left = Math.min(r.left, lr.left); const top = Math.min(r.top, lr.top);
        r = { width: Math.max(r.right, lr.right) - left, height: Math.max(r.bottom, lr.bottom) - top };
      }
      if (r.width < 43.5 || r.height < 43.5) {
        const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.value || '').trim().slice(0, 30);
        out.push(`${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ''} 「${name}」 ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
}

/**
 * What the accessibility review finds on the page as it stands: axe-core
 * violations (WCAG 2.2 AA rules) of serious or critical impact, tap targets
 * under 44 × 44 px, and sideways scrolling. Empty when all is well.
 */
export async function accessibilityProblems(page) {
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  const small = (await smallTargets(page)).map((t) => `target ${t}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return [...serious, ...small, ...(overflow > 0 ? [`page is ${overflow}px wider than the screen`] : [])];
}

export const ROLES = ['DEMHSP22', 'DEMCLN22', 'DEMAGG22', 'DEMCTR22', 'DEMMUN22', 'DEMPRF22', 'DEMHLP22', 'DEMADM22'];

/** Same-site page links of the current page (no downloads, no API, no files). */
async function pageLinks(page) {
  return page.$$eval('a[href]', (as) => as
    .filter((a) => !a.hasAttribute('download') && a.origin === location.origin)
    .map((a) => a.pathname + a.search)
    .filter((p) => !/^\/(api|pkg|files|attachments)\//.test(p) && !/\.(csv|xlsx|pdf|json)(\?|$)/.test(p)
      && !/^\/area\/download(\?|$)/.test(p) && !p.startsWith('/logout')));
}

/** One page per route shape: `/notices/12` and `/notices/13` are the same page to review. */
const shape = (p) => p.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/:id');

/**
 * Walks a signed-in user's pages as a reviewer would: from the home page
 * through every page it links to and one level further, one page per route
 * shape, calling `visit(path)` after `page` has loaded each. Returns the paths.
 */
export async function walkPages(page, visit, maxPages = 40) {
  const seen = new Set();
  const queue = [{ path: '/', depth: 0 }];
  while (queue.length && seen.size < maxPages) {
    const { path, depth } = queue.shift();
    if (seen.has(shape(path))) continue;
    seen.add(shape(path));
    await visit(path);
    if (depth < 2) for (const next of await pageLinks(page)) queue.push({ path: next, depth: depth + 1 });
  }
  return [...seen];
}
