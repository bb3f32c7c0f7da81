// Every role's pages on a 320 px phone and an 820 px tablet, as the
// accessibility review walked them: from the home page through every page it
// links to (and one level further), axe-core (WCAG 2.2 AA rules) finds no
// serious or critical violation, nothing scrolls sideways, and every tap
// target that is not a link inside running text is at least 44 × 44 CSS px.
// It runs first (file order) on the seeded demo data, before other specs
// change passwords.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, login, noConsoleErrors, accessibilityProblems, walkPages, ROLES, TABLET } from './helpers.mjs';

const SMALL_PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function walk(loginId, device) {
  const { context, page, errors } = await openPage(browser, device);
  const problems = [];
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  if (loginId === ROLES[0]) problems.push(...(await accessibilityProblems(page)).map((p) => `/login: ${p}`));
  await login(page, loginId);
  await page.waitForURL((u) => u.pathname === '/');
  const seen = await walkPages(page, async (path) => {
    const response = await page.goto(path);
    await page.waitForLoadState('networkidle');
    if (response.status() >= 500) {
      const body = (await response.text()).replace(/\s+/g, ' ').slice(0, 300);
      assert.fail(`${loginId} ${path}: HTTP ${response.status()}: ${body}`);
    }
    problems.push(...(await accessibilityProblems(page)).map((p) => `${path}: ${p}`));
  });
  assert.ok(seen.length >= 4, `${loginId} reached only ${seen.join(', ')}`);
  noConsoleErrors(errors);
  await context.close();
  return { pages: seen, problems };
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
