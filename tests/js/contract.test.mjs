// What pkg/README.md and the declarations promise, held against what the
// package does, through the packed tarball as a user installs it: any
// argument gives a report (only malformed options throw), a value is read
// with a budget large enough that it agrees with lint() of its text, a
// string that is not well-formed UTF-16 is reported rather than changed,
// applyFix() applies JSON Patch as RFC 6902 says, and the declared types
// describe the real output (tsc on the output itself).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, root, importInstalledPackage } from './helpers.mjs';

let project;
let api;
let remove;

before(async () => {
  ({ api, project, remove } = await importInstalledPackage());
});

after(() => remove?.());

const read = (file) => readFileSync(join(root, 'examples', file), 'utf8');
const VALID = {
  server_group_id: '523ab8ad-3759-4933-9436-4cf4ebb20867',
  server_id: '403b603d-1d91-42cc-a357-81f3c2daf43f',
  name: 'web-01',
};
/** What a form would show: every diagnostic without its range. */
const shown = (report) => ({ ...report, diagnostics: report.diagnostics.map(({ range, fix, ...d }) => {
  if (fix === undefined) return d;
  const { edits, ...rest } = fix;
  return { ...d, fix: rest };
}) });
/** A request with `count` values in all (members and elements at every depth), `tags` holding numbers. */
const withValues = (count) => ({ protected_instance: { ...VALID, tags: new Array(count - 5).fill(1) } });

// 1. The value budget.

test('lintValue() of a large request agrees with lint() of its text', () => {
  const tags = Array.from({ length: 33_333 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  for (const request of [{ protected_instance: { ...VALID, tags } }, { protected_instance: { ...VALID, tags: tags.slice(0, 50_000) } }]) {
    const value = api.lintValue(request);
    assert.deepEqual(value, shown(api.lint(JSON.stringify(request))));
    assert.ok(!value.diagnostics.some((d) => d.code === 'non-json-value'));
  }
  const fifty = Array.from({ length: 50_000 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
  const report = api.lintValue({ protected_instance: { ...VALID, tags: fifty } });
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['tags-too-many']);
  assert.equal(report.diagnostics[0].params.count, 50_000);
});

test('an argument of more than 1 000 000 values is one non-json-value that says so; 1 000 000 are read', () => {
  // README: "more than 1 000 000 values (members and elements at every depth)".
  const limit = withValues(1_000_000);
  assert.deepEqual(api.lintValue(limit), shown(api.lint(JSON.stringify(limit))));
  const over = api.lintValue(withValues(1_000_001));
  assert.deepEqual(over.diagnostics.map((d) => [d.code, d.path, d.params]), [['non-json-value', '', { actual: 'too-many-values' }]]);
  assert.deepEqual([over.valid, over.errors, over.warnings, over.infos], [false, 1, 0, 0]);
  const [d] = over.diagnostics;
  assert.match(d.message, /more than 1 000 000 values in all/);
  assert.match(d.message, /lint\(\) of its JSON text has no such limit/);
  assert.doesNotMatch(d.message, /JSON cannot represent|container/);
  assert.match(api.lintValue(withValues(1_000_001), { locale: 'de' }).diagnostics[0].message, /mehr als 1\.000\.000 Werte/);
  assert.match(api.lintValue(withValues(1_000_001), { locale: 'zh' }).diagnostics[0].message, /超过 1000000 个值/);
  // What JSON cannot hold still says so.
  assert.equal(api.lintValue(undefined).diagnostics[0].message, 'The request is undefined, which JSON cannot represent.');
  assert.equal(api.lintValue({ protected_instance: { ...VALID, name: 1n } }).diagnostics[0].message, 'The value is a BigInt, which JSON cannot represent.');
});

test('a sparse array or a graph of shared references is refused at once, whatever its size as a tree', () => {
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  let shared = [VALID];
  for (let i = 0; i < 60; i++) shared = [shared, shared]; // 2⁶⁰ values as a tree
  for (const value of [sparse, { protected_instance: { ...VALID, tags: shared } }]) {
    const report = api.lintValue(value);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.path, d.params.actual]), [['non-json-value', '', 'too-many-values']]);
  }
});

test('lintPlan() reads each request with a budget of its own', () => {
  const big = withValues(600_000);
  const reports = api.lintPlan([big, withValues(600_000), withValues(1_000_001), JSON.stringify(big)]);
  assert.deepEqual(reports.map((r) => r.diagnostics.filter((d) => d.code === 'non-json-value').length), [0, 0, 1, 0]);
  assert.deepEqual(reports[1].diagnostics.filter((d) => d.code.startsWith('plan-')).map((d) => d.code), ['plan-duplicate-server', 'plan-duplicate-name']);
  assert.deepEqual(reports[2].diagnostics.map((d) => d.path), ['']);
});

test('options of more than 1 000 000 values throw a TypeError that says so', () => {
  const servers = Array.from({ length: 100_001 }, (_, i) => ({ id: `s${i}`, status: 'ACTIVE', vpc_id: 'v', availability_zone: 'az', flavor: 'f', os_type: 'Linux', key_name: 'k', shared_disk: false, dedicated_host: false }));
  assert.throws(() => api.lint('{}', { context: { servers } }),
    (e) => e instanceof TypeError && /^options must be an object, not a value holding more than 1 000 000 values in all/.test(e.message));
});

// 2. Strings that are not well-formed UTF-16.

test('lint(), fix() and lintPlan() report a lone surrogate in the text as invalid-json at the surrogate', () => {
  const texts = [
    ['{"protected_instance":{"name":"a\ud800b"}}', 'U+D800'],
    ['{"protected_instance":{"description":"😀\udc00"}}', 'U+DC00'],
    ['{"protected_instance":{"description":"\ud83d"}}\n', 'U+D83D'],
    ['\udfff', 'U+DFFF'],
  ];
  for (const [text, unit] of texts) {
    const report = api.lint(text);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.path, d.params.cause, d.params.unit]), [['invalid-json', '', 'invalid-utf16', unit]], text);
    const [d] = report.diagnostics;
    assert.equal(text.slice(d.range.start.offset, d.range.end.offset), String.fromCharCode(Number.parseInt(unit.slice(2), 16)));
    assert.equal(d.params.offset, d.range.start.offset);
    assert.equal(d.range.start.column, d.range.start.offset + 1);
    assert.match(d.message, new RegExp(`lone surrogate ${unit.replace('+', '\\+')} at offset ${d.params.offset}`));
    assert.deepEqual(api.lint(text, { locale: 'de' }).diagnostics[0].params, d.params);
    // fix() rewrites nothing: the text comes back as it was.
    for (const unsafeFixes of [false, true]) {
      const fixed = api.fix(text, { unsafeFixes });
      assert.equal(fixed.text, text);
      assert.deepEqual(fixed.applied, []);
      assert.deepEqual(fixed.report, report);
    }
  }
  // A pair is not a lone surrogate; an escaped one is the parser's own cause.
  assert.deepEqual(api.lint(`{"protected_instance":{${JSON.stringify(VALID).slice(1, -1)},"description":"😀"}}`).diagnostics, []);
  assert.equal(api.lint('{"protected_instance":{"name":"\\ud800"}}').diagnostics[0].params.cause, 'lone-surrogate');
  // In a plan: that request's report, and the others as usual.
  const clean = read('clean.json');
  const reports = api.lintPlan([clean, texts[0][0], clean]);
  assert.deepEqual(reports[1], api.lint(texts[0][0]));
  assert.ok(reports[2].diagnostics.some((d) => d.code === 'plan-duplicate-server'));
});

// 3. The declarations describe the real output.

test('the declared types accept the real output of rules(), schema(), lint(), lintValue(), lintPlan() and fix()', () => {
  const docs = JSON.parse(readFileSync(join(project, 'node_modules', 'sdrs-lint', 'docs.json'), 'utf8'));
  const context = JSON.parse(read('context.json'));
  const policy = JSON.parse(read('policy.json'));
  // Every rule page's examples, with the examples' context and policy, on both platforms.
  const texts = [...Object.values(docs).join('\n').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  texts.push(read('api-example.json'), read('huawei.json'), '{"a": 1,}', '', '{"name": "a b", "x": null, "server_id": "403B603D-1D91-42CC-A357-81F3C2DAF43F"}');
  const reports = [];
  const fixes = [];
  for (const platform of ['otc', 'huawei']) {
    for (const text of texts) {
      reports.push(api.lint(text, { context, policy, platform }));
      fixes.push(api.fix(text, { context, policy, platform, unsafeFixes: true }));
      try {
        reports.push(api.lintValue(JSON.parse(text), { context, policy, platform }));
      } catch {
        // not JSON: lint() has it
      }
    }
  }
  reports.push(...api.lintPlan(read('plan.ndjson').trim().split('\n'), { context }));
  reports.push(api.lint(readFileSync(join(root, 'tests', 'plans', 'huawei-module-for-each.json'), 'utf8')));
  reports.push(api.lint(read('api-example.json'), { max_diagnostics: 1, rules: { 'id-format': 'off' } }));
  reports.push(api.lint(`{"protected_instance": {${'"x": 1,'.repeat(3)} "y": 1}}`, { max_diagnostics: 2 }));
  reports.push(api.lintValue({ protected_instance: { name: undefined, tags: [1n] } }), api.lint(42));
  const codes = new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)));
  const ops = new Set([...reports, ...fixes.map((f) => f.report)].flatMap((r) => r.diagnostics.flatMap((d) => d.fix?.patch.map((p) => p.op) ?? [])));
  assert.ok(codes.size >= 50, `only ${codes.size} codes`);
  assert.ok(codes.has('too-many-diagnostics') && codes.has('non-json-value') && codes.has('invalid-json'));
  assert.deepEqual([...ops].sort(), ['add', 'move', 'remove', 'replace']);
  assert.ok(api.rules().some((r) => r.fix_applicability === 'unsafe'));
  const output = {
    rules: api.rules(),
    schemas: [api.schema(), api.schema({ platform: 'huawei' })],
    reports,
    fixes,
  };
  // Object literals: tsc refuses a member the types lack, and a missing required one.
  writeFileSync(join(project, 'output.mts'), `import type { FixResult, Report, RequestSchema, RuleInfo } from "sdrs-lint";
export const rules: RuleInfo[] = ${JSON.stringify(output.rules)};
export const schemas: RequestSchema[] = ${JSON.stringify(output.schemas)};
export const reports: Report[] = ${JSON.stringify(output.reports)};
export const fixes: FixResult[] = ${JSON.stringify(output.fixes)};
`);
  writeFileSync(join(project, 'tsconfig.output.json'), JSON.stringify({
    compilerOptions: { strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', types: [] },
    files: ['output.mts'],
  }));
  const tsc = join(here, 'node_modules', 'typescript5', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.output.json'], { cwd: project, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, `${run.stdout.slice(0, 4000)}${run.stderr}`);
});

// 4. Any argument gives a report; only malformed options throw.

test('lint() and fix() of something that is not a string give one invalid-json that names it', () => {
  const cases = [
    [42, 'number', 'a number'], [null, 'null', 'null'], [undefined, 'undefined', 'undefined'], [{ protected_instance: {} }, 'object', 'an object'],
    [[], 'array', 'an array'], [10n, 'bigint', 'a BigInt'], [Symbol('s'), 'symbol', 'a symbol'], [() => '{}', 'function', 'a function'],
    [true, 'boolean', 'a boolean'], [new String('{}'), 'object', 'an object'],
  ];
  for (const [input, actual, described] of cases) {
    const report = api.lint(input);
    assert.deepEqual(report, {
      kind: null, valid: false, errors: 1, warnings: 0, infos: 0,
      diagnostics: [{
        code: 'invalid-json', severity: 'error', path: '', params: { cause: 'not-text', actual }, api_code: 'SDRS.0201',
        message: `The request is not valid JSON: it is ${described}, not a string of JSON text (lintValue() takes a value).`,
      }],
    }, actual);
    const fixed = api.fix(input, { unsafeFixes: true });
    assert.equal(fixed.text, input);
    assert.deepEqual(fixed.applied, []);
    assert.deepEqual(fixed.report, report);
  }
  assert.match(api.lint(42, { locale: 'de' }).diagnostics[0].message, /eine Zahl, kein String mit JSON-Text/);
  // Malformed options still throw, whatever the request.
  assert.throws(() => api.lint(42, { rulez: {} }), /^TypeError: unknown option 'rulez'/);
  assert.throws(() => api.fix(null, { unsafeFixes: 'yes' }), /^TypeError: options\.unsafeFixes must be a boolean$/);
  // fix()'s own options are read as guardedly as the others: only TypeErrors.
  const request = '{"protected_instance":{"name":"a"}}';
  for (const [i, opts] of [
    { unsafeFixes: true, get locale() { throw new Error('x'); } },
    { get unsafeFixes() { throw new Error('g'); } },
    new Proxy({ unsafeFixes: false }, { ownKeys() { throw new Error('k'); } }),
    new Proxy({ unsafeFixes: false }, { getOwnPropertyDescriptor() { throw new Error('d'); } }),
    (() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })(),
    [true],
  ].entries()) {
    assert.throws(() => api.fix(request, opts), (e) => e instanceof TypeError && !/^[xgkd]$/.test(e.message), `options ${i}`);
  }
  assert.throws(() => api.fix(request, { unsafeFixes: true, get locale() { throw new Error('x'); } }), /^TypeError: 'locale' must be a string, not a getter/);
  // Only what is read counts: a proxy whose `in` throws is never asked.
  assert.equal(api.fix(request, new Proxy({}, { has() { throw new Error('h'); } })).text, request);
  // The other options still count beside unsafeFixes.
  assert.match(api.fix(request, { unsafeFixes: false, locale: 'de' }).report.diagnostics[0].message, /^Der Pflichtparameter/);
  // fix()'s own option, misspelt, is named with what was meant.
  for (const key of ['unsafe_fixes', 'UnsafeFixes', 'unsafe-fixes']) {
    assert.throws(() => api.fix('{}', { [key]: true }), (e) => e instanceof TypeError && e.message === `unknown option '${key}' (did you mean 'unsafeFixes'?)`);
  }
  // A plan that is not a list is a malformed call, named in plain words.
  for (const [plan, what] of [['{}', 'a string'], [undefined, 'undefined'], [null, 'null'], [{}, 'an object'], [1, 'a number']]) {
    assert.throws(() => api.lintPlan(plan), (e) => e instanceof TypeError && e.message === `lintPlan() takes an array of requests, not ${what}`);
  }
});

// 5. applyFix() is RFC 6902.

test('applyFix() throws a TypeError naming the pointer as given when the value lacks what an operation names', () => {
  const value = { a: 1, list: [1, 2] };
  const cases = [
    [{ op: 'remove', path: '/b' }, 'remove /b: the value has no /b'],
    [{ op: 'replace', path: '/b', value: 1 }, 'replace /b: the value has no /b'],
    [{ op: 'move', from: '/b', path: '/c' }, 'move /c: the value has no /b'],
    [{ op: 'copy', from: '/b', path: '/c' }, 'copy /c: the value has no /b'],
    [{ op: 'test', path: '/b', value: 1 }, 'test /b: the value has no /b'],
    [{ op: 'test', path: '/a', value: 2 }, 'test /a: the value there is not the one the fix expects'],
    [{ op: 'remove', path: '/list/2' }, 'remove /list/2: the value has no /list/2'],
    [{ op: 'remove', path: '/list/01' }, 'remove /list/01: the value has no /list/01'],
    [{ op: 'add', path: '/list/3', value: 1 }, 'add /list/3: 3 is not an index of /list, which has 2 elements'],
    [{ op: 'add', path: '/x/y', value: 1 }, 'add /x/y: the value has no /x'],
    [{ op: 'add', path: '/a/y', value: 1 }, 'add /a/y: /a is neither an object nor an array'],
    [{ op: 'add', path: '/__proto__/polluted', value: true }, 'add /__proto__/polluted: the value has no /__proto__'],
    [{ op: 'remove', path: '/constructor' }, 'remove /constructor: the value has no /constructor'],
    [{ op: 'move', from: '/list', path: '/list/0' }, 'move /list/0: it is inside /list, where it moves from'],
    [{ op: 'remove', path: '' }, 'remove "": the whole value cannot be removed'],
    [{ op: 'remove', path: 'a' }, 'remove a: a is not a JSON Pointer'],
    [{ op: 'merge', path: '/a' }, 'unknown operation merge'],
  ];
  for (const [op, message] of cases) {
    assert.throws(() => api.applyFix(value, { fix: { patch: [op] } }), (e) => e instanceof TypeError && e.message === `applyFix(): ${message}`, JSON.stringify(op));
  }
  assert.deepEqual(value, { a: 1, list: [1, 2] });
  assert.equal({}.polluted, undefined);
  // What RFC 6902 allows works.
  const patch = [
    { op: 'test', path: '/list', value: [1, 2] },
    { op: 'copy', from: '/a', path: '/list/-' },
    { op: 'move', from: '/list/0', path: '/first' },
    { op: 'add', path: '/a~1b', value: { c: [] } },
    { op: 'replace', path: '/a', value: 3 },
    { op: 'remove', path: '/list/1' },
  ];
  const patched = api.applyFix(value, { fix: { patch } });
  assert.deepEqual(patched, { a: 3, list: [2], first: 1, 'a/b': { c: [] } });
  assert.deepEqual(Object.keys(patched), ['a', 'list', 'first', 'a/b']);
  assert.deepEqual(api.applyFix(value, { fix: { patch: [{ op: 'replace', path: '', value: [1] }] } }), [1]);
});

// 6. What JavaScript can hand in that JSON cannot: holes and throwing
// elements in a plan, member names with lone surrogates, values applyFix()
// cannot clone.

const REQUEST = { protected_instance: VALID };
/** What a report says of values JSON cannot hold: [path, params.actual]. */
const foreignOf = (report) => report.diagnostics.filter((d) => d.code === 'non-json-value').map((d) => [d.path, d.params.actual]);

test('lintPlan() reads a hole as undefined and an element that throws as a value that throws', () => {
  const undefinedReport = api.lintValue(undefined);
  const withUndefined = api.lintPlan([REQUEST, undefined, REQUEST]);
  // eslint-disable-next-line no-sparse-arrays
  assert.deepEqual(api.lintPlan([REQUEST, , REQUEST]), withUndefined);
  assert.deepEqual(withUndefined[1], undefinedReport);
  assert.deepEqual(withUndefined[2].diagnostics.map((d) => d.code), ['plan-duplicate-server', 'plan-duplicate-name']);
  assert.deepEqual(api.lintPlan(new Array(5)), new Array(5).fill(undefinedReport));
  // eslint-disable-next-line no-sparse-arrays
  assert.deepEqual(api.lintPlan([, REQUEST]), [undefinedReport, api.lintValue(REQUEST)]);
  // An element whose getter or proxy trap throws: `throws`, as in lintValue().
  const getter = [REQUEST, REQUEST];
  Object.defineProperty(getter, 0, { get() { throw new Error('element'); } });
  const trap = new Proxy([REQUEST, 'x', REQUEST], {
    get(target, key, receiver) {
      if (key === '1') throw new Error('trap');
      return Reflect.get(target, key, receiver);
    },
  });
  for (const [plan, at] of [[getter, 0], [trap, 1]]) {
    const reports = api.lintPlan(plan);
    assert.equal(reports.length, plan === getter ? 2 : 3);
    assert.deepEqual(foreignOf(reports[at]), [['', 'throws']]);
    assert.equal(reports[at].diagnostics[0].message, 'The request is a getter, proxy or toJSON method that throws, which JSON cannot represent.');
  }
  assert.deepEqual(api.lintPlan(trap)[2].diagnostics.map((d) => d.code), ['plan-duplicate-server', 'plan-duplicate-name']);
  // A plan whose length cannot be read, or is no array's, is a malformed call.
  const lengths = [
    [() => { throw new Error('no length'); }, 'lintPlan() takes an array of requests whose length can be read, not one whose length throws Error: no length'],
    [() => -1, 'lintPlan() takes an array of at most 100 000 requests, not one of length -1'],
    [() => '3', 'lintPlan() takes an array of at most 100 000 requests, not one of length 3'],
    [() => 2 ** 53, 'lintPlan() takes an array of at most 100 000 requests, not one of length 9007199254740992'],
  ];
  for (const [length, message] of lengths) {
    const plan = new Proxy([REQUEST], { get: (target, key, receiver) => (key === 'length' ? length() : Reflect.get(target, key, receiver)) });
    assert.throws(() => api.lintPlan(plan), (e) => e instanceof TypeError && e.message === message, message);
  }
  const revocable = Proxy.revocable([], {});
  revocable.revoke();
  assert.throws(() => api.lintPlan(revocable.proxy), TypeError);
  // Four billion holes cost JavaScript nothing; their reports would.
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  assert.throws(() => api.lintPlan(sparse),
    (e) => e instanceof TypeError && e.message === 'lintPlan() takes an array of at most 100 000 requests, not one of length 4294967295');
  assert.equal(api.lintPlan(new Array(100_000)).length, 100_000);
  assert.deepEqual(api.lintPlan([REQUEST]), [api.lintValue(REQUEST)]);
});

test('a member whose name holds a lone surrogate is a non-json-value there, never a false duplicate-key', () => {
  const codes = (report) => report.diagnostics.map((d) => [d.code, d.path]);
  // Written under its name as JSON.stringify escapes it: not the name of a real `x\uFFFD`.
  const report = api.lintValue({ protected_instance: { ...VALID, 'x\uD800': 1, 'x\uFFFD': 2 } });
  assert.deepEqual(codes(report), [
    ['unknown-field', '/protected_instance/x\\ud800'],
    ['non-json-value', '/protected_instance/x\\ud800'],
    ['unknown-field', '/protected_instance/x\uFFFD'],
  ]);
  const [unknown, foreign] = report.diagnostics;
  assert.equal(unknown.params.field, 'x\\ud800');
  assert.deepEqual(foreign.params, { actual: 'lone-surrogate-key' });
  assert.equal(foreign.message, 'The value belongs to a member whose name holds a lone UTF-16 surrogate (half of a pair), which JSON text cannot carry, so the member cannot be sent.');
  const single = { protected_instance: { ...VALID, 'x\uD800': 1 } };
  assert.deepEqual(codes(api.lintValue(single)), [['unknown-field', '/protected_instance/x\\ud800'], ['non-json-value', '/protected_instance/x\\ud800']]);
  assert.match(api.lintValue(single, { locale: 'de' }).diagnostics[1].message, /^Der Wert gehört zu einem Eintrag, dessen Name ein einzelnes UTF-16-Surrogat/);
  assert.match(api.lintValue(single, { locale: 'zh' }).diagnostics[1].message, /^该值所属成员的名称含有孤立的 UTF-16 代理项/);
  // Real members of the escaped names: escaped again until no member has the
  // name (x, four backslashes, ud800); two lone surrogates stay apart.
  const escapedToo = api.lintValue({ protected_instance: { ...VALID, 'x\uD800': 1, 'x\\ud800': 2, 'x\uDC00': 3, 'x\\\\ud800': 4 } });
  assert.deepEqual(foreignOf(escapedToo), [
    ['/protected_instance/x\\\\\\\\ud800', 'lone-surrogate-key'],
    ['/protected_instance/x\\udc00', 'lone-surrogate-key'],
  ]);
  assert.ok(!escapedToo.diagnostics.some((d) => d.code === 'duplicate-key'));
  // The member's value is not read: it cannot be sent anyway.
  let read = false;
  const tag = { key: 'k', value: 'v', get ['\uDBFFx']() { read = true; return 1; } };
  const tagged = api.lintValue({ protected_instance: { ...VALID, tags: [tag] } });
  assert.equal(read, false);
  assert.deepEqual(foreignOf(tagged), [['/protected_instance/tags/0/\\udbffx', 'lone-surrogate-key']]);
  // At the root, and a pair is no lone surrogate.
  assert.deepEqual(foreignOf(api.lintValue({ ...REQUEST, '\uDFFF': null })), [['/\\udfff', 'lone-surrogate-key']]);
  assert.deepEqual(foreignOf(api.lintValue({ protected_instance: { ...VALID, '😀': 1 } })), []);
  // In options, a malformed call: a TypeError naming the member and where it is.
  const options = [
    [{ policy: { tags: { 'a\uD800': { tag_value: { '@@assign': ['x'] } } } } }, 'policy.tags has a member whose name "a\\ud800" holds a lone UTF-16 surrogate, which JSON text cannot carry'],
    [{ rules: { 'name-charset\uDC00': 'off' } }, 'rules has a member whose name "name-charset\\udc00" holds a lone UTF-16 surrogate, which JSON text cannot carry'],
    [{ '\uD800': 1 }, 'options has a member whose name "\\ud800" holds a lone UTF-16 surrogate, which JSON text cannot carry'],
    [{ context: { servers: [{ id: 's', 'status\uD800': 'ACTIVE' }] } }, 'context.servers[0] has a member whose name "status\\ud800" holds a lone UTF-16 surrogate, which JSON text cannot carry'],
  ];
  for (const [opts, message] of options) {
    for (const call of [() => api.lintValue(REQUEST, opts), () => api.lint('{}', opts), () => api.lintPlan([REQUEST], opts)]) {
      assert.throws(call, (e) => e instanceof TypeError && e.message === message, message);
    }
  }
  assert.deepEqual(api.lintValue(REQUEST).diagnostics, []);
});

test('applyFix() copies the value as lintValue() reads it: shared objects apart, other objects by reference, only TypeErrors', () => {
  // A shared object is copied at each place: the fix changes one of them.
  const shared = { key: ' a ', value: 'b' };
  const value = { protected_instance: { ...VALID, tags: [shared, shared] } };
  const trim = api.lintValue(value).diagnostics.find((d) => d.code === 'tag-whitespace' && d.path === '/protected_instance/tags/0/key');
  const trimmed = api.applyFix(value, trim);
  assert.deepEqual(trimmed.protected_instance.tags, [{ key: 'a', value: 'b' }, { key: ' a ', value: 'b' }]);
  assert.deepEqual(shared, { key: ' a ', value: 'b' });
  assert.equal(value.protected_instance.tags[1], shared);
  // What structuredClone() refuses or changes is kept as it is, by reference.
  const f = () => 1;
  const symbol = Symbol('s');
  const date = new Date(0);
  class Point { constructor() { this.x = 1; } }
  const point = new Point();
  const map = new Map([[1, 2]]);
  const bare = Object.create(null);
  bare.k = 'v';
  const proxied = new Proxy({ a: [1] }, {});
  const odd = { protected_instance: { ...VALID, name: 'a b', f, symbol, date, point, map, bare, proxied, n: 10n } };
  const before = { ...odd.protected_instance };
  const named = api.applyFix(odd, api.lintValue(odd).diagnostics.find((d) => d.code === 'name-charset'));
  const p = named.protected_instance;
  assert.equal(p.name, 'a-b');
  assert.deepEqual([p.f, p.symbol, p.date, p.point, p.map, p.n], [f, symbol, date, point, map, 10n]);
  assert.equal(Object.getPrototypeOf(p.bare), null);
  assert.notEqual(p.bare, bare);
  assert.deepEqual({ ...p.bare }, { k: 'v' });
  assert.notEqual(p.proxied, proxied);
  assert.deepEqual(p.proxied, { a: [1] });
  assert.deepEqual(Object.keys(p), Object.keys(before));
  assert.deepEqual(odd.protected_instance, before);
  // A member named __proto__ is copied as a member.
  const proto = JSON.parse('{"protected_instance": {"name": "a b", "__proto__": {"x": 1}}}');
  const unproto = api.applyFix(proto, api.lintValue(proto).diagnostics.find((d) => d.code === 'name-charset'));
  assert.ok(Object.hasOwn(unproto.protected_instance, '__proto__'));
  assert.equal(Object.getPrototypeOf(unproto.protected_instance), Object.prototype);
  // The patch does not reach into an object it kept by reference.
  const instance = { protected_instance: Object.assign(new Point(), VALID, { name: 'a b' }) };
  const charset = api.lintValue(instance).diagnostics.find((d) => d.code === 'name-charset');
  assert.equal(charset.path, '/protected_instance/name');
  assert.throws(() => api.applyFix(instance, charset), (e) => e instanceof TypeError
    && e.message === 'applyFix(): replace /protected_instance/name: /protected_instance is not an array or a plain object within 128 levels, the only values applyFix() changes');
  assert.equal(instance.protected_instance.name, 'a b');
  // What cannot be copied: a TypeError that says where and why.
  const cyclic = { protected_instance: { ...VALID, tags: [] } };
  cyclic.protected_instance.tags.push({ key: 'k', value: 'v', back: cyclic.protected_instance });
  const getter = { protected_instance: { ...VALID, get description() { throw new Error('getter'); } } };
  const trap = { protected_instance: { ...VALID, tags: [new Proxy({}, { ownKeys() { throw new RangeError('keys'); } })] } };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  let bomb = [VALID];
  for (let i = 0; i < 60; i++) bomb = [bomb, bomb];
  const add = { fix: { patch: [{ op: 'add', path: '/x', value: 1 }] } };
  const refused = [
    [cyclic, /^applyFix\(\): cannot copy the value: \/protected_instance\/tags\/0\/back is a cyclic reference \(to an object it is inside\), which JSON cannot hold$/],
    [getter, /^applyFix\(\): cannot copy the value: \/protected_instance\/description cannot be read: Error: getter$/],
    [trap, /^applyFix\(\): cannot copy the value: \/protected_instance\/tags\/0 cannot be read: RangeError: keys$/],
    [{ x: revocable.proxy }, /^applyFix\(\): cannot copy the value: \/x cannot be read: TypeError: /],
    [sparse, /^applyFix\(\): cannot copy the value: the value holds more than 1 000 000 values in all, more than lintValue\(\) reads$/],
    [{ bomb }, /^applyFix\(\): cannot copy the value: \/bomb\/0\/0\/\S+ holds more than 1 000 000 values in all/],
  ];
  for (const [input, message] of refused) {
    assert.throws(() => api.applyFix(input, add), (e) => e instanceof TypeError && message.test(e.message), String(message));
  }
  // Deeper than lintValue() reads: kept by reference, no stack overflow.
  let deep = {};
  for (let i = 0; i < 100_000; i++) deep = { deep };
  assert.equal(api.applyFix({ deep }, add).x, 1);
  // A diagnostic made up by hand: its own values are copied the same way, and reading it throws only TypeErrors.
  const g = () => 2;
  const added = api.applyFix({}, { fix: { patch: [{ op: 'add', path: '/f', value: { g, s: symbol } }] } });
  assert.equal(added.f.g, g);
  const hostile = [
    { get fix() { throw new Error('fix'); } },
    { fix: { patch: [{ get op() { throw new Error('op'); } }] } },
    { fix: { patch: new Proxy([], { get() { throw new Error('patch'); } }) } },
    { fix: { patch: [{ op: 'add', path: '/x', value: cyclic }] } },
    { fix: { patch: [{ op: 'add', path: { toString() { throw new Error('path'); } }, value: 1 }] } },
    { fix: { patch: [{ op: Symbol('op'), path: '/x' }] } },
    { fix: { patch: [{ op: 'test', path: '/x', value: { get y() { throw new Error('test'); } } }] } },
  ];
  for (const diagnostic of hostile) {
    assert.throws(() => api.applyFix({ x: { y: 1 } }, diagnostic), (e) => e instanceof TypeError && e.message.startsWith('applyFix'));
  }
});

test('applyFix() refuses a JSON Pointer with ~ followed by anything but 0 or 1', () => {
  const value = { 'a~2b': 1, 'a~b': 2, c: 3 };
  const cases = [
    [{ op: 'remove', path: '/a~2b' }, "remove /a~2b: /a~2b is not a JSON Pointer: '~' must be followed by 0 or 1"],
    [{ op: 'replace', path: '/a~b', value: 0 }, "replace /a~b: /a~b is not a JSON Pointer: '~' must be followed by 0 or 1"],
    [{ op: 'add', path: '/c~', value: 0 }, "add /c~: /c~ is not a JSON Pointer: '~' must be followed by 0 or 1"],
    [{ op: 'move', from: '/a~2b', path: '/d' }, "move /d: /a~2b is not a JSON Pointer: '~' must be followed by 0 or 1"],
  ];
  for (const [op, message] of cases) {
    assert.throws(() => api.applyFix(value, { fix: { patch: [op] } }), (e) => e instanceof TypeError && e.message === `applyFix(): ${message}`, message);
  }
  assert.deepEqual(api.applyFix(value, { fix: { patch: [{ op: 'remove', path: '/a~02b' }] } }), { 'a~b': 2, c: 3 });
  assert.deepEqual(value, { 'a~2b': 1, 'a~b': 2, c: 3 });
});
