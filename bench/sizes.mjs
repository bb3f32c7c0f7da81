// Prints raw, gzip (-9) and brotli (q11) sizes of the built assets as a Markdown table.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'target/site/pkg';
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| file | raw | gzip | brotli |');
console.log('|---|---|---|---|');
const total = [0, 0, 0];
for (const name of readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort()) {
  const raw = readFileSync(join(dir, name));
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  [raw.length, gz, br].forEach((v, i) => { total[i] += v; });
  console.log(`| ${name} | ${kb(raw.length)} | ${kb(gz)} | ${kb(br)} |`);
}
console.log(`| **total** | ${kb(total[0])} | ${kb(total[1])} | ${kb(total[2])} |`);
