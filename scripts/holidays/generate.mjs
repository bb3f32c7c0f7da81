// Writes calendar/holidays_jp.csv: the national holidays of 国民の祝日に関する
// 法律 (as amended in 2018, in force from 2022 on) and the closure of the
// government offices from 12/29 to 1/3 (行政機関の休日に関する法律), for FIRST
// to LAST.
//
//   cd scripts/holidays && npm ci && node generate.mjs
//
// The days come from the Act's rules; the equinoxes from the usual
// approximation of the astronomical equinox (valid 1980–2099), which the
// Cabinet Office confirms each February for the next year. The result is
// compared with the maintained @holiday-jp/holiday_jp package (pinned in
// package.json) over every year the package lists; any difference stops
// the script, so a law change or a wrong rule is noticed here, not in an
// SOS batch.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST = 2025;
const LAST = 2099;
const require = createRequire(import.meta.url);
const holidayJp = require('@holiday-jp/holiday_jp');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'calendar', 'holidays_jp.csv');

const iso = (y, m, d) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const weekday = (y, m, d) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();
// The n-th Monday of a month (ハッピーマンデー).
const nthMonday = (y, m, n) => 1 + ((8 - weekday(y, m, 1)) % 7) + 7 * (n - 1);
const equinox = (y, base) => Math.floor(base + 0.242194 * (y - 1980) - Math.floor((y - 1980) / 4));

function nationalHolidays(y) {
  return [
    [1, 1, '元日'],
    [1, nthMonday(y, 1, 2), '成人の日'],
    [2, 11, '建国記念の日'],
    [2, 23, '天皇誕生日'],
    [3, equinox(y, 20.8431), '春分の日'],
    [4, 29, '昭和の日'],
    [5, 3, '憲法記念日'],
    [5, 4, 'みどりの日'],
    [5, 5, 'こどもの日'],
    [7, nthMonday(y, 7, 3), '海の日'],
    [8, 11, '山の日'],
    [9, nthMonday(y, 9, 3), '敬老の日'],
    [9, equinox(y, 23.2488), '秋分の日'],
    [10, nthMonday(y, 10, 2), 'スポーツの日'],
    [11, 3, '文化の日'],
    [11, 23, '勤労感謝の日'],
  ].map(([m, d, name]) => ({ date: iso(y, m, d), name }));
}

// Every national holiday and 休日 of a year: the holidays, a substitute
// holiday on the first non-holiday after one that falls on a Sunday (Art. 3-2),
// and a day between two holidays (Art. 3-3).
function holidaysOf(y) {
  const days = new Map(nationalHolidays(y).map((h) => [h.date, h.name]));
  const next = (date, n) => {
    const t = new Date(`${date}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + n);
    return t.toISOString().slice(0, 10);
  };
  for (const date of [...days.keys()]) {
    if (new Date(`${date}T00:00:00Z`).getUTCDay() !== 0) continue;
    let d = next(date, 1);
    while (days.has(d)) d = next(d, 1);
    days.set(d, '休日');
  }
  for (const date of [...days.keys()]) {
    const between = next(date, 1);
    const bothHolidays = days.get(date) !== '休日' && days.has(next(date, 2)) && days.get(next(date, 2)) !== '休日';
    if (!days.has(between) && bothHolidays) {
      days.set(between, '国民の休日');
    }
  }
  return days;
}

const rows = [];
let checked = 0;
for (let y = FIRST; y <= LAST; y++) {
  const days = holidaysOf(y);
  const listed = holidayJp.between(new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y, 11, 31)));
  if (listed.length > 0) {
    const theirs = listed.map((h) => h.date.toISOString().slice(0, 10)).sort();
    const ours = [...days.keys()].sort();
    if (theirs.join() !== ours.join()) {
      console.error(`generate.mjs: ${y} differs from @holiday-jp/holiday_jp\n  ours:   ${ours.join(' ')}\n  theirs: ${theirs.join(' ')}`);
      process.exit(1);
    }
    checked += 1;
  }
  for (const [d, n] of [[1, 2], [1, 3], [12, 29], [12, 30], [12, 31]]) {
    const date = iso(y, d, n);
    if (!days.has(date)) days.set(date, '年末年始（行政機関の休日）');
  }
  rows.push(...[...days.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

const header = [
  '# 国民の祝日・休日と行政機関の年末年始休暇（12月29日〜1月3日）。SOS要請の処理便は土日とここに載る日を除く営業日に行われます。',
  `# scripts/holidays/generate.mjs が祝日法の規定から ${FIRST}〜${LAST} 年分を生成し、@holiday-jp/holiday_jp と照合しています（${checked} 年分が一致）。`,
  '# 春分の日・秋分の日は天文計算による予測です（正式には前年2月の官報で公表）。法改正や公表があればスクリプトを更新して再生成してください。',
  '# GMIS_HOLIDAYS_FILE で同じ形式の別ファイルを指定できます。',
  'date,name',
];
writeFileSync(out, [...header, ...rows.map(([d, n]) => `${d},${n}`)].join('\n') + '\n');
console.log(`${out}: ${rows.length} days, ${FIRST}–${LAST}; ${checked} years match @holiday-jp/holiday_jp`);
