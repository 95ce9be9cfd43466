// Time per call of the npm package in Node.js, against JSON.parse of the same
// text (the least any JavaScript check of a JSON body costs).
//
//   scripts/build-wasm.sh && node benches/node-bench.mjs [FILE.json …]
//
// Default inputs: examples/*.json. Prints the median of 7 rounds of about
// 0.3 s each.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const require = createRequire(import.meta.url);
const { lint, lintValue } = require(join(root, 'pkg', 'node.cjs'));

const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')).sort().map((f) => join(root, 'examples', f));

/** Median µs per call of `fn`. */
function time(fn) {
  let n = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    if (Number(process.hrtime.bigint() - t0) > 3e7) break;
    n *= 2;
  }
  n *= 10; // about 0.3 s per round
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  rounds.sort((a, b) => a - b);
  return rounds[3];
}

const rows = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const value = JSON.parse(text);
  const parse = time(() => JSON.parse(text));
  const lintText = time(() => lint(text));
  const lintObject = time(() => lintValue(value));
  const parseAndLint = time(() => lintValue(JSON.parse(text)));
  rows.push({
    input: `${basename(file)} (${Buffer.byteLength(text)} B, ${lint(text).diagnostics.length} diagnostics)`,
    'JSON.parse µs': parse.toFixed(2),
    'lint(text) µs': lintText.toFixed(2),
    'lint ÷ JSON.parse': (lintText / parse).toFixed(1),
    'lintValue(obj) µs': lintObject.toFixed(2),
    'lintValue ÷ JSON.parse': (lintObject / parse).toFixed(1),
    'lintValue(JSON.parse) µs': parseAndLint.toFixed(2),
  });
}
console.log(`Node.js ${process.version}, ${process.arch}`);
console.table(rows);
