// Every role's pages on a 320 px phone and an 820 px tablet, as the
// accessibility review walked them: from the home page through every page it
// links to (and one level further), axe-core (WCAG 2.2 AA rules) finds no
// serious or critical violation, nothing scrolls sideways, and every tap
// target that is not a link inside running text is at least 44 × 44 CSS px.
// It runs first (file order) on the seeded demo data, before other specs
// change passwords.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { launch, openPage, login, noConsoleErrors, TABLET } from './helpers.mjs';

const SMALL_PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const ROLES = ['DEMHSP22', 'DEMCLN22', 'DEMAGG22', 'DEMCTR22', 'DEMMUN22', 'DEMPRF22', 'DEMHLP22', 'DEMADM22'];
const MAX_PAGES = 40;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Same-site page links of the current page (no downloads, no API, no files). */
async function pageLinks(page) {
  return page.$$eval('a[href]', (as) => as
    .filter((a) => !a.hasAttribute('download') && a.origin === location.origin)
    .map((a) => a.pathname + a.search)
    .filter((p) => !/^\/(api|pkg|files|attachments)\//.test(p) && !/\.(csv|xlsx|pdf|json)(\?|$)/.test(p)
      && !/^\/area\/download/.test(p) && !p.startsWith('/logout')));
}

/** One page per route shape: `/notices/12` and `/notices/13` are the same page to review. */
const shape = (p) => p.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/:id');

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

async function review(page) {
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  const small = (await smallTargets(page)).map((t) => `target ${t}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  return [...serious, ...small, ...(overflow > 0 ? [`page is ${overflow}px wider than the screen`] : [])];
}

async function walk(loginId, device) {
  const { context, page, errors } = await openPage(browser, device);
  const problems = [];
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  if (loginId === ROLES[0]) problems.push(...(await review(page)).map((p) => `/login: ${p}`));
  await login(page, loginId);
  await page.waitForURL((u) => u.pathname === '/');
  const seen = new Set();
  const queue = [{ path: '/', depth: 0 }];
  while (queue.length && seen.size < MAX_PAGES) {
    const { path, depth } = queue.shift();
    if (seen.has(shape(path))) continue;
    seen.add(shape(path));
    const response = await page.goto(path);
    await page.waitForLoadState('networkidle');
    assert.ok(response.status() < 500, `${loginId} ${path}: HTTP ${response.status()}`);
    problems.push(...(await review(page)).map((p) => `${path}: ${p}`));
    if (depth < 2) for (const next of await pageLinks(page)) queue.push({ path: next, depth: depth + 1 });
  }
  assert.ok(seen.size >= 4, `${loginId} reached only ${[...seen].join(', ')}`);
  noConsoleErrors(errors);
  await context.close();
  return { pages: [...seen], problems };
}

for (const loginId of ROLES) {
  test(`320 px: ${loginId}'s pages pass axe and have 44 px targets`, async (t) => {
    const { pages, problems } = await walk(loginId, SMALL_PHONE);
    t.diagnostic(`${pages.length} pages: ${pages.join(' ')}`);
    assert.deepEqual(problems, [], `${loginId} on ${pages.length} pages:\n${problems.join('\n')}`);
  });
  test(`820 px: ${loginId}'s pages pass axe and have 44 px targets`, async (t) => {
    const { pages, problems } = await walk(loginId, TABLET);
    t.diagnostic(`${pages.length} pages: ${pages.join(' ')}`);
    assert.deepEqual(problems, [], `${loginId} on ${pages.length} pages:\n${problems.join('\n')}`);
  });
}
