// The npm package side by side with what a console would use instead
// (issues 9 and 21): JSON.parse + Ajv 8 (Ajv2020, allErrors, compiled once)
// with sdrs-lint's own exported schema, and the stacks that also give
// positions and messages, as sdrs-lint does: json-source-map + Ajv +
// @apideck/better-ajv-errors, Atlassian's better-ajv-errors (it parses the
// text for positions itself), and Spectral with the schema as its one rule.
// Then the cost of the first calls in a fresh process. Medians of tinybench
// samples; the tables are Markdown, as in BENCHMARKS.md.
//
//   scripts/build-wasm.sh                  # the package (pkg/dist)
//   (cd benches/node && npm ci)            # the peers, pinned there
//   node benches/node-bench.mjs            # or: make bench-node
//
// Uses the built package's Node.js entry (pkg/dist/node/index.cjs, the
// build tuned for speed).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const built = join(root, 'pkg', 'dist', 'node', 'index.cjs');
const peers = join(root, 'benches', 'node');
for (const [path, how] of [[built, 'scripts/build-wasm.sh'], [join(peers, 'node_modules', 'ajv'), '(cd benches/node && npm ci)']]) {
  if (!existsSync(path)) {
    console.error(`node-bench: ${path} is missing; run ${how} first`);
    process.exit(2);
  }
}
const require = createRequire(import.meta.url);
const { lint, lintValue, schema } = require(built);
const fromPeers = createRequire(join(peers, 'package.json'));
const Ajv2020 = fromPeers('ajv/dist/2020.js').default;
const { Bench } = await import(fromPeers.resolve('tinybench'));
const jsonMap = fromPeers('json-source-map');
const { betterAjvErrors: apideckErrors } = fromPeers('@apideck/better-ajv-errors');
const atlassianErrors = fromPeers('better-ajv-errors').default;
const { Spectral, Document } = fromPeers('@stoplight/spectral-core');
const { Json: JsonParser } = fromPeers('@stoplight/spectral-parsers');
const { schema: schemaFunction } = fromPeers('@stoplight/spectral-functions');

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

const requestSchema = schema();
const validate = new Ajv2020({ allErrors: true }).compile(requestSchema);

/**
 * What a console would write without sdrs-lint to put messages under fields
 * and squiggles in an editor: positions from json-source-map, Ajv's errors,
 * messages from @apideck/better-ajv-errors, each placed at its member.
 */
function sourceMapStack(text) {
  const { data, pointers } = jsonMap.parse(text);
  if (validate(data)) return [];
  return apideckErrors({ schema: requestSchema, data, errors: validate.errors }).map((e) => {
    const pointer = e.path.replace(/^\{base\}/, '').replace(/\[(\d+)\]/g, '.$1').replace(/\./g, '/');
    const at = pointers[pointer] ?? pointers[''];
    return { message: e.message, start: at.key ?? at.value, end: at.valueEnd };
  });
}

/** Atlassian's better-ajv-errors: Ajv's errors with positions in the text (it parses the text again). */
function atlassianStack(text) {
  const data = JSON.parse(text);
  if (validate(data)) return [];
  return atlassianErrors(requestSchema, data, validate.errors, { format: 'js', json: text });
}

const spectral = new Spectral();
spectral.setRuleset({
  rules: {
    'sdrs-schema': {
      given: '$',
      severity: 'error',
      then: { function: schemaFunction, functionOptions: { schema: requestSchema, dialect: 'draft2020-12', allErrors: true } },
    },
  },
});
/** Spectral with the exported schema as its one rule: parse, rule, positions. */
const spectralStack = (text) => spectral.run(new Document(text, JsonParser));

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
const ratio = (a, b) => (a / b >= 0.1 ? `${(a / b).toFixed(1)}×` : `1/${Math.round(b / a)}`);

console.log(`Node.js ${process.version} ${process.arch}, Ajv 8 (Ajv2020, allErrors), tinybench medians\n`);
console.log('| input | bytes | diagnostics / Ajv errors | `JSON.parse` | `JSON.parse` + Ajv | Ajv on the object | `lint(text)` | `lintValue(object)` | `lint` ÷ (parse + Ajv) | `lintValue` ÷ Ajv | `lintValue` ÷ `lint` |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const stacks = [];
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
  console.log(`| ${name} | ${size} | ${diagnostics} / ${ajvErrors} | ${us(parse)} | ${us(parseAjv)} | ${us(ajv)} | ${us(text_)} | ${us(object)} | ${ratio(text_, parseAjv)} | ${ratio(object, ajv)} | ${ratio(object, text_)} |`);
  if (size < 64 * 1024) {
    const mapped = await median(() => sourceMapStack(text), size);
    const atlassian = await median(() => atlassianStack(text), size);
    const spectralRun = await median(() => spectralStack(text), size);
    stacks.push(`| ${name} | ${diagnostics} / ${sourceMapStack(text).length} | ${us(text_)} | ${us(mapped)} | ${us(atlassian)} | ${us(spectralRun)} | ${ratio(text_, mapped)} | ${ratio(text_, atlassian)} | ${ratio(text_, spectralRun)} |`);
  }
}

console.log('\nWith positions and messages, as a console needs them:\n');
console.log('| input | diagnostics / the stack\'s messages | `lint(text)` | json-source-map + Ajv + @apideck/better-ajv-errors | `JSON.parse` + Ajv + better-ajv-errors | Spectral (the schema as a rule) | `lint` ÷ source-map stack | `lint` ÷ better-ajv-errors | `lint` ÷ Spectral |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of stacks) console.log(row);

// The first calls, each in a fresh process (JIT and the module's tiers
// start cold): the import, the first lint(), and the mean of later blocks.
const FIRST_CALLS = `
const t0 = performance.now();
const { lint } = require(${JSON.stringify(built)});
const t1 = performance.now();
const text = require('node:fs').readFileSync(${JSON.stringify(join(root, 'benches', 'data', 'ten-problems.json'))}, 'utf8');
const times = [];
for (let i = 0; i < 3000; i++) { const a = performance.now(); lint(text); times.push(performance.now() - a); }
const mean = (s, e) => times.slice(s, e).reduce((x, y) => x + y, 0) / (e - s) * 1000;
console.log(JSON.stringify([t1 - t0, times[0] * 1000, mean(1, 100), mean(100, 500), mean(500, 1000), mean(2000, 3000)]));
`;
const runs = [];
for (let i = 0; i < 7; i++) runs.push(JSON.parse(execFileSync(process.execPath, ['-e', FIRST_CALLS]).toString()));
const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[3];
console.log('\nThe first calls in a fresh process (ten problems; medians of 7 processes):\n');
console.log('| import | 1st `lint()` | calls 2–100 | 101–500 | 501–1000 | 2001–3000 | calls 2–100 ÷ 2001–3000 |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${med(0).toFixed(1)} ms | ${us(med(1))} | ${us(med(2))} | ${us(med(3))} | ${us(med(4))} | ${us(med(5))} | ${ratio(med(2), med(5))} |`);
