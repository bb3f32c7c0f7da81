// Writes brotli (q11) and gzip (-9) copies beside the built assets so that
// `gmis serve` can send them as they are (ServeDir's precompressed files)
// instead of compressing the WASM on every request at a lower level.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'target/site/pkg';
for (const name of readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const raw = readFileSync(join(dir, name));
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(raw, { level: 9 }));
}
