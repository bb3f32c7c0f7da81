// Runs Lighthouse (bench/node_modules, pinned in bench/package.json) on the
// main pages — mobile profile, simulated slow 4G, the defaults of Lighthouse
// 12 — and prints a Markdown table of LCP, FCP, TBT and total bytes per page,
// each the median of LH_RUNS runs (3 unless told). The logged-in pages get the
// session cookie of GMIS_COOKIE through --extra-headers.
// Usage: GMIS_E2E_URL=http://127.0.0.1:PORT GMIS_COOKIE='gmis_session=…' node bench/lighthouse.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = process.env.GMIS_E2E_URL ?? 'http://127.0.0.1:3000';
const COOKIE = process.env.GMIS_COOKIE ?? '';
const RUNS = Number(process.env.LH_RUNS ?? 3);
const LIGHTHOUSE = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '.bin', 'lighthouse');
const PAGES = [
  { path: '/login', name: '/login', cookie: false },
  { path: '/', name: '/ (home)', cookie: true },
  { path: '/reports', name: '/reports (report form)', cookie: true },
  { path: '/supplies', name: '/supplies (weekly survey)', cookie: true },
  { path: '/notices', name: '/notices', cookie: true },
];

const work = mkdtempSync(join(tmpdir(), 'gmis-lh-'));
// The cookie goes through a file, not the command line (where `ps` shows it).
// Pages are measured as the Japanese users read them (Accept-Language).
const headers = join(work, 'headers.json');
writeFileSync(headers, JSON.stringify({ Cookie: COOKIE, 'Accept-Language': 'ja' }), { mode: 0o600 });
const plainHeaders = join(work, 'plain-headers.json');
writeFileSync(plainHeaders, JSON.stringify({ 'Accept-Language': 'ja' }));

function run(page) {
  const out = join(work, 'report.json');
  execFileSync(LIGHTHOUSE, [
    `${BASE}${page.path}`,
    '--quiet',
    '--only-categories=performance',
    '--form-factor=mobile',
    '--throttling-method=simulate',
    '--chrome-flags=--headless=new --no-sandbox',
    '--output=json',
    `--output-path=${out}`,
    `--extra-headers=${page.cookie ? headers : plainHeaders}`,
  ], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' } });
  const lhr = JSON.parse(readFileSync(out, 'utf8'));
  if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  // A logged-in page that sent us to the login form measured the wrong page.
  if (new URL(lhr.finalDisplayedUrl).pathname !== page.path) {
    throw new Error(`${page.path} ended on ${lhr.finalDisplayedUrl} (session cookie not accepted?)`);
  }
  const a = lhr.audits;
  return {
    lcp: a['largest-contentful-paint'].numericValue,
    fcp: a['first-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
  };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log(`| page | LCP | FCP | TBT | total bytes |`);
console.log('|---|---|---|---|---|');
try {
  for (const page of PAGES) {
    const runs = Array.from({ length: RUNS }, () => run(page));
    const lcp = median(runs.map((r) => r.lcp));
    const fcp = median(runs.map((r) => r.fcp));
    const tbt = median(runs.map((r) => r.tbt));
    const bytes = median(runs.map((r) => r.bytes));
    const spread = RUNS > 1 ? ` (${s(Math.min(...runs.map((r) => r.lcp)))}–${s(Math.max(...runs.map((r) => r.lcp)))})` : '';
    console.log(`| ${page.name} | ${s(lcp)}${spread} | ${s(fcp)} | ${Math.round(tbt)} ms | ${kb(bytes)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log('');
console.log(`Lighthouse 12.2.3, mobile profile, simulated slow 4G (150 ms RTT, 1.6 Mbit/s, CPU ×4), median of ${RUNS} runs (LCP range in brackets). Budget (SPEC §11): LCP ≤ 2.5 s.`);
