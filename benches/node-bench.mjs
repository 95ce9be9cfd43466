// The npm package side by side with what a console would use instead
// (issue 9): JSON.parse + Ajv 8 (Ajv2020, allErrors, compiled once) with
// sdrs-lint's own exported schema, on the inputs of benches/lint.rs.
// Medians of tinybench samples; the table is Markdown, as in BENCHMARKS.md.
//
//   scripts/build-wasm.sh                  # the package (pkg/dist)
//   (cd tests/js && npm ci)                # Ajv and tinybench, pinned there
//   node benches/node-bench.mjs            # or: make bench-node
//
// Uses the built package's Node.js entry (pkg/dist/node/index.cjs, the
// build tuned for speed).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const built = join(root, 'pkg', 'dist', 'node', 'index.cjs');
const tests = join(root, 'tests', 'js');
for (const [path, how] of [[built, 'scripts/build-wasm.sh'], [join(tests, 'node_modules', 'ajv'), '(cd tests/js && npm ci)']]) {
  if (!existsSync(path)) {
    console.error(`node-bench: ${path} is missing; run ${how} first`);
    process.exit(2);
  }
}
const require = createRequire(import.meta.url);
const { lint, lintValue, schema } = require(built);
const fromTests = createRequire(join(tests, 'package.json'));
const Ajv2020 = fromTests('ajv/dist/2020.js').default;
const { Bench } = await import(fromTests.resolve('tinybench'));

// The bodies of benches/common/mod.rs: the same text, byte for byte.
const HEAD = '{"protected_instance":{"server_group_id":"523ab8ad-3759-4933-9436-4cf4ebb20867",'
  + '"server_id":"403b603d-1d91-42cc-a357-81f3c2daf43f","name":"web-01",'
  + '"primary_subnet_id":"a32217fb-3413-c313-6342-3124d3491502",'
  + '"primary_ip_address":"192.168.0.5","flavorRef":"s3.large.2",';

function body(shape, size) {
  let text = HEAD;
  if (shape === 'description') {
    const fill = Math.max(0, size - (HEAD.length + '"description":""}}'.length));
    text += '"description":"' + 'x'.repeat(fill) + '"';
  } else if (shape === 'unknown members') {
    const parts = [];
    for (let i = 0, length = text.length; ; i++) {
      const member = `"unknown_${i}":"value"`;
      length += member.length + (i > 0 ? 1 : 0);
      parts.push(member);
      if (length + 2 >= size) break;
    }
    text += parts.join(',');
  } else {
    const parts = [];
    let length = text.length + '"tags":['.length;
    for (let i = 0; ; i++) {
      const tag = `{"key":"k${i}","value":"v"}`;
      length += tag.length + (i > 0 ? 1 : 0);
      parts.push(tag);
      if (length + 3 >= size) break;
    }
    text += '"tags":[' + parts.join(',') + ']';
  }
  return text + '}}';
}

const file = (path) => readFileSync(join(root, path), 'utf8');
const inputs = [
  ['examples/clean.json', file('examples/clean.json')],
  ['ten problems', file('benches/data/ten-problems.json')],
  ['ten tags', file('benches/data/ten-tags.json')],
  ['100 KB of unknown members', body('unknown members', 100 * 1024)],
  ['1 MB description', body('description', 1024 * 1024)],
];

const validate = new Ajv2020({ allErrors: true }).compile(schema());

/** Median time of `fn` in µs. */
async function median(fn, size) {
  const bench = new Bench({ time: size > 64 * 1024 ? 1500 : 700, warmupTime: 200 });
  bench.add('task', fn);
  await bench.run();
  const { result } = bench.tasks[0];
  if (result.state !== 'completed') throw new Error(`benchmark ${result.state}: ${result.error ?? ''}`);
  return result.latency.p50 * 1e3;
}

const us = (t) => (t < 1000 ? `${t.toFixed(2)} µs` : `${(t / 1000).toFixed(2)} ms`);
const ratio = (a, b) => `${(a / b).toFixed(1)}×`;

console.log(`Node.js ${process.version} ${process.arch}, Ajv 8 (Ajv2020, allErrors), tinybench medians\n`);
console.log('| input | bytes | diagnostics / Ajv errors | `JSON.parse` | `JSON.parse` + Ajv | Ajv on the object | `lint(text)` | `lintValue(object)` | `lint` ÷ (parse + Ajv) | `lintValue` ÷ Ajv |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, text] of inputs) {
  const value = JSON.parse(text);
  validate(value);
  const ajvErrors = validate.errors?.length ?? 0;
  const diagnostics = lint(text).diagnostics.length;
  const size = Buffer.byteLength(text);
  const parse = await median(() => JSON.parse(text), size);
  const parseAjv = await median(() => validate(JSON.parse(text)), size);
  const ajv = await median(() => validate(value), size);
  const text_ = await median(() => lint(text), size);
  const object = await median(() => lintValue(value), size);
  console.log(`| ${name} | ${size} | ${diagnostics} / ${ajvErrors} | ${us(parse)} | ${us(parseAjv)} | ${us(ajv)} | ${us(text_)} | ${us(object)} | ${ratio(text_, parseAjv)} | ${ratio(object, ajv)} |`);
}
