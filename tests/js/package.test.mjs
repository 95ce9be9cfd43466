// The npm package as a user gets it: `npm pack` of pkg/ (built by
// scripts/build-wasm.sh), installed from the tarball into a new project,
// used through ESM `import` and CommonJS `require`, and type-checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { here, root, installPackage } from './helpers.mjs';

const examples = join(root, 'examples');

let project; // the temporary consumer project
let tarball;
let esm; // the package through `import`
let cjs; // the package through `require`

before(() => {
  ({ project, tarball } = installPackage());
  // Resolved from inside the project, as the user's own files would be.
  writeFileSync(join(project, 'esm.mjs'), "export * from 'sdrs-lint';\nexport { default } from 'sdrs-lint';\n");
  writeFileSync(join(project, 'cjs.cjs'), "module.exports = require('sdrs-lint');\n");
});

before(async () => {
  esm = await import(pathToFileURL(join(project, 'esm.mjs')));
  cjs = (await import(pathToFileURL(join(project, 'cjs.cjs')))).default;
});

after(() => rmSync(project, { recursive: true, force: true }));

const read = (file) => readFileSync(file, 'utf8');
const pairs = (report) => report.diagnostics.map((d) => [d.code, d.path]);

/** The value at an RFC 6901 pointer. */
function at(value, pointer) {
  if (pointer === '') return value;
  return pointer.slice(1).split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((v, key) => (v === undefined || v === null ? undefined : v[key]), value);
}

test('the tarball holds the package and nothing else', () => {
  const files = execFileSync('tar', ['-tzf', tarball])
    .toString().trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  const pages = readdirSync(join(root, 'docs', 'rules'), { recursive: true })
    .filter((f) => f.endsWith('.md')).map((f) => `docs/rules/${f}`);
  assert.deepEqual(files, [
    'LICENSE', 'README.md',
    'dist/node/index.cjs', 'dist/node/index.mjs', 'dist/node/package.json', 'dist/node/sdrs_lint.js', 'dist/node/sdrs_lint_bg.wasm',
    'dist/web/full.js', 'dist/web/index.js', 'dist/web/package.json', 'dist/web/sdrs_lint.js', 'dist/web/sdrs_lint_bg.wasm',
    'dist/web/sdrs_lint_full.js', 'dist/web/sdrs_lint_full_bg.wasm', 'docs.json',
    ...pages,
    'index.d.cts', 'index.d.mts', 'package.json',
    'schemas/config.schema.json', 'schemas/context.schema.json', 'schemas/policy.schema.json', 'sdrs-lint.d.ts', 'wasm.d.ts',
  ].sort());
  const manifest = JSON.parse(read(join(project, 'node_modules', 'sdrs-lint', 'package.json')));
  const cargo = read(join(root, 'Cargo.toml'));
  assert.equal(manifest.name, 'sdrs-lint');
  assert.equal(manifest.version, cargo.match(/^version = "(.*)"$/m)[1]);
  assert.equal(manifest.sideEffects, false);
});

test('ESM import and CommonJS require give the same functions, ready to use', async () => {
  for (const name of ['lint', 'lintValue', 'lintPlan', 'fix', 'applyFix', 'rules', 'schema', 'kinds', 'outline', 'load', 'initSync', 'default']) {
    assert.equal(typeof esm[name], 'function', `import { ${name} }`);
    assert.equal(esm[name], cjs[name], `${name}: one module instance for both`);
  }
  assert.equal(await esm.default(), undefined);
  // Node.js has the full module from the start: load() is there for code shared with browsers.
  assert.equal(await esm.load(), undefined);
});

// What the command must also say about the project's examples (SPEC §1: the
// API page's own example has a typo'd subnet ID).
const EXPECTED = {
  'api-example.json': [['id-format', '/protected_instance/primary_subnet_id']],
  'clean.json': [],
};

test('the examples lint as expected, through import and require', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.json'));
  for (const file of Object.keys(EXPECTED)) assert.ok(files.includes(file), `examples/${file}`);
  for (const file of files) {
    const text = read(join(examples, file));
    const report = esm.lint(text);
    assert.deepEqual(cjs.lint(text), report, file);
    if (!(file in EXPECTED)) continue;
    const expected = EXPECTED[file];
    assert.deepEqual(pairs(report), expected, file);
    assert.equal(report.valid, expected.length === 0);
    // The same request as a value: the same findings, without ranges.
    const value = esm.lintValue(JSON.parse(text));
    assert.deepEqual(pairs(value), expected);
    assert.ok(value.diagnostics.every((d) => d.range === undefined));
  }
  const typo = esm.lint(read(join(examples, 'api-example.json'))).diagnostics[0];
  assert.equal(typo.severity, 'error');
  assert.match(typo.message, /a32217fh/);
});

test('ranges are UTF-16 offsets: text.slice() is the offending source after emoji and CJK', () => {
  const text = [
    '{"protected_instance": {',
    '  "description": "👩‍💻 备份服务器 <main>",',
    '  "name": "数据库 01",',
    '  "server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",',
    '  "server_id": "403B603D-1d91-42cc-a357-81f3c2daf43f",',
    '  "tags": [{"key": "🔑", "value": "値 "}, {"key": "🔑", "value": "x"}],',
    '  "flavor_ref": "s3.large.2"',
    '}}',
  ].join('\n');
  const report = esm.lint(text);
  const slices = report.diagnostics.map((d) => [d.code, text.slice(d.range.start.offset, d.range.end.offset)]);
  assert.deepEqual(slices, [
    ['description-angle-bracket', '"👩‍💻 备份服务器 <main>"'],
    ['name-charset', '"数据库 01"'],
    ['id-uppercase', '"403B603D-1d91-42cc-a357-81f3c2daf43f"'],
    ['tag-portable-charset', '"🔑"'],
    ['tag-portable-charset', '"値 "'],
    ['tag-whitespace', '"値 "'],
    ['tag-key-duplicate', '"🔑"'],
    ['tag-portable-charset', '"🔑"'],
    ['misspelled-field', '"flavor_ref"'],
  ]);
  // Every value range is the JSON of the value at the diagnostic's path.
  const request = JSON.parse(text);
  for (const d of report.diagnostics.filter((d) => d.code !== 'misspelled-field')) {
    assert.deepEqual(JSON.parse(text.slice(d.range.start.offset, d.range.end.offset)), at(request, d.path), d.code);
  }
  const name = report.diagnostics[1].range;
  assert.deepEqual([name.start.line, name.start.column, name.end.column], [3, 11, 19]);
});

test('the field truths of the second round hold in the package too', () => {
  const ids = '"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f"';
  const lint = (members, options) => esm.lint(`{"protected_instance": {${ids}, "name": "web-01", ${members}}}`, options);
  // A misspelt member whose value would be dropped is an error, with the rename.
  const misspelt = lint('"subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "10.0.0.5"');
  assert.deepEqual(pairs(misspelt), [['misspelled-field', '/protected_instance/subnet_id']]);
  assert.equal(misspelt.valid, false);
  assert.deepEqual(misspelt.diagnostics[0].fix.patch, [{ op: 'move', from: '/protected_instance/subnet_id', path: '/protected_instance/primary_subnet_id' }]);
  // People count from 1; params stay 0-based.
  const tags = lint('"tags": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]');
  assert.equal(tags.diagnostics[0].message, "Tag 2 repeats the key 'a' of tag 1; tag keys must be unique.");
  assert.equal(tags.diagnostics[0].fix.description, 'Remove tag 2');
  assert.deepEqual([tags.diagnostics[0].params.index, tags.diagnostics[0].params.first_index], [1, 0]);
  // Every distinct character that is not hexadecimal, none cut.
  const id = esm.lint(`{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "test server xyz", "name": "n"}}`);
  assert.deepEqual(id.diagnostics[0].params.chars, ['t', 's', ' ', 'r', 'v', 'x', 'y', 'z']);
  // White space is the reason only where removing it makes an address.
  const sentence = lint('"primary_subnet_id": "a32217fb-3413-c313-6342-3124d3491502", "primary_ip_address": "use the default"');
  assert.equal(sentence.diagnostics[0].params.reason, 'invalid');
  // Local-disk families, and '@' in a tag on OTC.
  assert.equal(lint('"flavorRef": "i3.2xlarge.8"').diagnostics[0].params.reason, 'local-disk');
  assert.deepEqual(lint('"tags": [{"key": "owner", "value": "ops@team"}]').diagnostics.map((d) => d.code), ['tag-portable-charset']);
  // Huawei's members on OTC: what is known, nothing claimed.
  const tenancy = lint('"tenancy": "shared"').diagnostics[0];
  assert.equal(tenancy.message, "'tenancy' is not in Open Telekom Cloud's API reference for this call; it is a member of the call on Huawei Cloud.");
});

test('the batch call: found by its wrapper, chosen by options.kind, said in the report', () => {
  const batch = read(join(examples, 'batch.json'));
  const report = esm.lint(batch);
  assert.equal(report.kind, 'batch');
  assert.equal(report.valid, true);
  assert.equal(esm.lint(read(join(examples, 'clean.json'))).kind, 'single');
  assert.equal(esm.lint('{,}').kind, null);
  // Insisting on the single call: the batch's wrapper is the other call's, never renamed as a misspelling.
  const single = esm.lint(batch, { kind: 'single' });
  assert.equal(single.kind, 'single');
  assert.deepEqual(pairs(single), [['missing-field', '/protected_instance'], ['unknown-field', '/protected_instances']]);
  // A server twice, an address it cannot take: its own rules, at their paths.
  const twice = JSON.parse(batch);
  twice.protected_instances.servers.push({ server_id: twice.protected_instances.servers[0].server_id.toUpperCase() });
  twice.protected_instances.primary_ip_address = '192.168.0.5';
  assert.deepEqual(pairs(esm.lintValue(twice)), [
    ['id-uppercase', '/protected_instances/servers/2/server_id'],
    ['batch-duplicate-server', '/protected_instances/servers/2/server_id'],
    ['batch-ip-not-supported', '/protected_instances/primary_ip_address'],
  ]);
  assert.deepEqual(pairs(cjs.lint(batch, { kind: 'batch', context: JSON.parse(read(join(examples, 'context.json'))) })), []);
  assert.throws(() => esm.lint(batch, { kind: 'multi' }), (e) => e instanceof TypeError && /unknown kind 'multi' \(expected "auto", "single", "batch", "terraform"\)/.test(e.message));
  assert.equal(esm.schema({ kind: 'batch' }).properties.protected_instances.type, 'object');
  assert.equal(esm.schema().oneOf.length, 2);
});

test('a Terraform plan: lint() finds it, names each instance in `resource`, ranges in UTF-16, no secret anywhere', () => {
  const plans = join(root, 'tests', 'plans');
  const huawei = read(join(plans, 'huawei-module-for-each.json'));
  const report = esm.lint(huawei);
  assert.equal(report.kind, 'terraform');
  assert.deepEqual(report.diagnostics.map((d) => [d.code, d.resource.address, d.resource.argument]), [
    ['tags-too-many', 'module.dr["app-1"].huaweicloud_sdrs_protected_instance.this', 'tags'],
    ['server-az-mismatch', 'module.dr["app-2"].huaweicloud_sdrs_protected_instance.this', 'server_id'],
    ['ip-outside-subnet', 'module.dr["app-2"].huaweicloud_sdrs_protected_instance.this', 'primary_ip_address'],
    ['server-vpc-mismatch', 'module.dr_batch.huaweicloud_sdrs_protected_instance.this', 'server_id'],
  ]);
  assert.equal(report.diagnostics[0].resource.type, 'huaweicloud_sdrs_protected_instance');
  const ip = report.diagnostics[2];
  assert.equal(huawei.slice(ip.range.start.offset, ip.range.end.offset), '"10.10.2.30"');
  assert.deepEqual(pairs(cjs.lint(huawei, { kind: 'terraform' })), pairs(report));
  // Sensitive values: never in a message, params or fix.
  const sensitive = read(join(plans, 'otc-count-sensitive.json'));
  const secret = esm.lint(sensitive);
  assert.ok(secret.diagnostics.length > 0);
  assert.ok(!JSON.stringify(secret).includes('db tier'));
  // fix() leaves a plan as it is: its fixes are suggestions for the configuration.
  const fe = read(join(plans, 'flexibleengine-replace.json'));
  const fixed = esm.fix(fe, { unsafeFixes: true });
  assert.equal(fixed.text, fe);
  assert.ok(fixed.report.diagnostics.some((d) => d.fix && d.resource));
});

test('kinds() lists each kind\'s members for a form; outline() gives the text\'s tree in UTF-16 offsets', () => {
  const [single, batch] = esm.kinds();
  assert.deepEqual([single.name, single.wrapper, batch.name, batch.wrapper], ['single', 'protected_instance', 'batch', 'protected_instances']);
  assert.deepEqual(single.members.map((m) => m.name), ['server_group_id', 'server_id', 'name', 'description', 'primary_subnet_id', 'primary_ip_address', 'flavorRef', 'tags']);
  assert.deepEqual(single.members[2].limit, { max: 64, unit: 'bytes' });
  assert.deepEqual(batch.members.find((m) => m.name === 'description').limit, { max: 64, unit: 'chars' });
  assert.equal(batch.members.find((m) => m.name === 'servers').items[0].listing, 'servers');
  const huawei = esm.kinds({ platform: 'huawei', locale: 'zh' })[0];
  assert.equal(huawei.members.length, 11);
  assert.equal(huawei.members[0].label, '保护组');
  assert.throws(() => esm.kinds({ platform: 'aws' }), TypeError);

  const text = '{"protected_instance": {"name": "数据库 😀", "name": 5}}';
  const { root } = esm.outline(text);
  const instance = root.members[0].value;
  assert.equal(instance.members.length, 2, 'repeated keys are kept');
  const [first, second] = instance.members;
  assert.equal(text.slice(first.value.start, first.value.end), '"数据库 😀"');
  assert.equal(first.value.value, '数据库 😀');
  assert.equal(text.slice(second.keyStart, second.keyEnd), '"name"');
  assert.deepEqual([second.value.kind, second.value.value], ['number', 5]);
  assert.deepEqual(esm.outline('{"a": 1,}').problem.offset, 7);
  assert.deepEqual(esm.outline('{"a": "\ud800"}').problem, { message: 'the text is not well-formed UTF-16: a lone surrogate U+D800', offset: 7 });
  assert.throws(() => esm.outline(5), (e) => e instanceof TypeError && e.message === 'outline() takes a string, not number');
});

test('a malformed options object throws a TypeError that names the problem', () => {
  const text = read(join(examples, 'clean.json'));
  const cases = [
    [null, /^options must be an object, not null$/],
    [[], /^options must be an object, not an array$/],
    ['strict', /^options must be an object, not a string$/],
    [{ rulez: {} }, /^unknown option 'rulez' \(did you mean 'rules'\?\)$/],
    [{ locale: 'fr' }, /^unknown locale 'fr'/],
    [{ platform: 'aws' }, /^unknown platform 'aws'/],
    [{ policy: { required_tag: [] } }, /^policy has an unknown member 'required_tag' \(did you mean 'required_tags'\?\)/],
    [{ policy: { name_pattern: '(' } }, /^policy\.name_pattern '\(' is not a valid regular expression: /],
    [{ context: { servrs: [] } }, /^context has an unknown part 'servrs' \(did you mean 'servers'\?\)/],
    [{ rules: { 'name-charst': 'off' } }, /^unknown rule 'name-charst' \(did you mean 'name-charset'\?\)$/],
    [{ rules: { 'name-charset': 'loud' } }, /^rules\.name-charset: unknown severity 'loud'/],
    [{ rules: { 'name-charset': 2 } }, /^rules\.name-charset must be "off", "info", "warning" or "error", not a number$/],
    [{ max_diagnostics: -1 }, /^'max_diagnostics' must be a positive integer$/],
    [{ rules: { 'name-charset': 10n } }, /^rules\.name-charset must be "off", "info", "warning" or "error", not a BigInt$/],
    [{ context: { key_pairs: [() => 1] } }, /^context\.key_pairs\[0\] must be a string, not a function$/],
  ];
  for (const [options, message] of cases) {
    for (const call of [() => esm.lint(text, options), () => cjs.lintValue({}, options)]) {
      assert.throws(call, (e) => e instanceof TypeError && message.test(e.message), String(JSON.stringify(options, (k, v) => (typeof v === "bigint" ? `${v}n` : v))));
    }
  }
  // A request that is not text is a report, not an exception (contract.test.mjs).
  assert.equal(esm.lint({ protected_instance: {} }).diagnostics[0].params.cause, 'not-text');
  // Absent and undefined mean the defaults.
  assert.deepEqual(esm.lint(text, undefined), esm.lint(text, { rules: undefined }));
  assert.equal(esm.lint(read(join(examples, 'api-example.json')), { rules: { 'id-format': 'off' } }).valid, true);
});

test('hostile input never throws, and the module keeps working after it', () => {
  const example = read(join(examples, 'api-example.json'));
  const before = esm.lint(example);
  const texts = [
    '['.repeat(1_000_000),
    '{"a":'.repeat(100_000),
    '{"protected_instance": {"name": "\\ud800"}}',
    '{"protected_instance": {"name": "\uD800"}}',
    '\uFEFF{}',
    '',
    '\u0000',
    '{"a": 1}'.repeat(10_000),
  ];
  for (const text of texts) {
    const report = esm.lint(text);
    assert.equal(typeof report.valid, 'boolean');
  }
  assert.equal(esm.lint('{"protected_instance": {"name": "\\ud800"}}').diagnostics[0].code, 'invalid-json');

  const cyclic = { protected_instance: { name: 'a' } };
  cyclic.protected_instance.tags = [cyclic];
  let deep = {};
  for (let i = 0; i < 100_000; i++) deep = { deep };
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const values = [
    undefined, null, 1n, Symbol('s'), () => {}, NaN, -Infinity, deep, sparse, cyclic, revocable.proxy,
    { protected_instance: { name: undefined, server_id: 10n, server_group_id: NaN, tags: [Symbol('t')] } },
    { protected_instance: { get name() { throw new Error('getter'); } } },
    { protected_instance: new Proxy({}, { ownKeys() { throw new Error('ownKeys'); } }) },
    { protected_instance: { name: { toJSON() { throw new Error('toJSON'); } } } },
    { protected_instance: { name: 'lone \uDC00 surrogate' } },
  ];
  for (const value of values) {
    const report = esm.lintValue(value);
    assert.equal(typeof report.valid, 'boolean');
  }
  const foreign = esm.lintValue(values[11]).diagnostics.filter((d) => d.code === 'non-json-value');
  assert.deepEqual(foreign.map((d) => [d.path, d.params.actual]), [
    ['/protected_instance/name', 'undefined'],
    ['/protected_instance/server_id', 'bigint'],
    ['/protected_instance/server_group_id', 'nan'],
    ['/protected_instance/tags/0', 'symbol'],
  ]);
  assert.equal(esm.lintValue(values[11]).diagnostics.find((d) => d.params?.actual === 'bigint').message,
    'The value is a BigInt, which JSON cannot represent.');
  assert.deepEqual(pairs(esm.lintValue(cyclic)).filter(([c]) => c === 'non-json-value'), [['non-json-value', '/protected_instance/tags/0']]);
  assert.deepEqual(esm.lint(example), before);
});

test('the Code union of the declarations is exactly the codes of rules()', () => {
  const declarations = read(join(project, 'node_modules', 'sdrs-lint', 'sdrs-lint.d.ts'));
  const block = declarations.slice(declarations.indexOf('// BEGIN CODES'), declarations.indexOf('// END CODES'));
  const union = [...block.matchAll(/^\s*\| "([^"]+)"/gm)].map((m) => m[1]);
  assert.deepEqual(union, esm.rules().map((r) => r.code));
  for (const file of ['sdrs-lint.d.ts', 'index.d.mts', 'index.d.cts']) {
    const text = read(join(project, 'node_modules', 'sdrs-lint', file));
    assert.doesNotMatch(text, /\bany\b/, `${file} uses any`);
  }
  const kinds = [...declarations.match(/export type RuleKind = ([^;]*);/)[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  for (const rule of esm.rules()) {
    assert.ok(kinds.includes(rule.kind), rule.kind);
    assert.ok(['error', 'warning', 'info'].includes(rule.severity));
    assert.equal(rule.documentation, undefined, 'documentation is in docs.json, not the module');
  }
});

test('sdrs-lint/docs.json documents every rule, through import and require', async () => {
  writeFileSync(join(project, 'docs.mjs'), "export { default } from 'sdrs-lint/docs.json' with { type: 'json' };\n");
  writeFileSync(join(project, 'docs.cjs'), "module.exports = require('sdrs-lint/docs.json');\n");
  const imported = (await import(pathToFileURL(join(project, 'docs.mjs')))).default;
  const required = (await import(pathToFileURL(join(project, 'docs.cjs')))).default;
  assert.deepEqual(imported, required);
  assert.deepEqual(Object.keys(imported), esm.rules().map((r) => r.code));
  for (const [code, markdown] of Object.entries(imported)) {
    assert.match(markdown, /^## What it checks\n/, code);
  }
});

// TypeScript 7 (the latest) and 5 (what most projects still have).
const COMPILERS = ['typescript', 'typescript5'].map((name) => join(here, 'node_modules', name, 'bin', 'tsc'));

test('tsc --noEmit accepts a consumer in Node.js (ESM and CommonJS) and bundler settings', () => {
  for (const file of ['consumer.mts', 'consumer.cts']) copyFileSync(join(here, 'consumer', file), join(project, file));
  const common = { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', noUnusedLocals: true };
  const configs = {
    'tsconfig.node.json': {
      compilerOptions: { ...common, module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], typeRoots: [join(here, 'node_modules', '@types')] },
      files: ['consumer.mts', 'consumer.cts'],
    },
    'tsconfig.bundler.json': {
      compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [] },
      files: ['consumer.mts'],
    },
  };
  // The check can fail: a consumer that misuses the types is refused.
  writeFileSync(join(project, 'misuse.mts'), "import { lint } from 'sdrs-lint';\nexport const n: number = lint('{}');\n");
  configs['tsconfig.misuse.json'] = { ...configs['tsconfig.bundler.json'], files: ['misuse.mts'] };
  for (const [name, config] of Object.entries(configs)) writeFileSync(join(project, name), JSON.stringify(config));
  for (const tsc of COMPILERS) {
    const version = spawnSync(tsc, ['--version'], { encoding: 'utf8' }).stdout.trim();
    for (const name of ['tsconfig.node.json', 'tsconfig.bundler.json']) {
      const run = spawnSync(tsc, ['-p', name], { cwd: project, encoding: 'utf8' });
      assert.equal(run.status, 0, `${version} ${name}:\n${run.stdout}${run.stderr}`);
    }
    const misuse = spawnSync(tsc, ['-p', 'tsconfig.misuse.json'], { cwd: project, encoding: 'utf8' });
    assert.notEqual(misuse.status, 0, version);
    assert.match(misuse.stdout, /misuse\.mts.*TS2322/, version);
  }
});

// The project's own fixtures: the examples and, where the command's tests
// keep more, tests/fixtures.
function fixtures() {
  const found = readdirSync(examples).filter((f) => f.endsWith('.json')).map((f) => join(examples, f));
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.json')) found.push(path);
    }
  };
  if (existsSync(join(root, 'tests', 'fixtures'))) walk(join(root, 'tests', 'fixtures'));
  return found.sort();
}

test('lint() in Node.js gives what the command gives on the project\'s fixtures', (t) => {
  const command = join(root, 'target', 'release', 'sdrs-lint');
  if (!existsSync(command)) {
    t.skip('target/release/sdrs-lint is not built (cargo build --release); the examples are checked against EXPECTED above');
    return;
  }
  const files = fixtures();
  // One run per file: the files of one run form a plan, while lint() is one request.
  const results = files.map((file) => {
    const run = spawnSync(command, ['--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    try {
      return JSON.parse(run.stdout)[0];
    } catch {
      assert.fail(`${command} --format json wrote no JSON (exit ${run.status}): ${run.stdout.slice(0, 200)}${run.stderr.slice(0, 200)}`);
    }
  });
  for (const [i, file] of files.entries()) {
    const name = relative(root, file);
    const native = results[i];
    assert.equal(basename(native.file), basename(file));
    const text = read(file);
    const js = esm.lint(text);
    assert.deepEqual(pairs(js), pairs(native), name);
    assert.deepEqual([js.valid, js.errors, js.warnings, js.infos], [native.valid, native.errors, native.warnings, native.infos], name);
    // The same places: lines and UTF-16 columns equal, UTF-8 byte offsets
    // turned into UTF-16 indexes.
    const bytes = Buffer.from(text);
    const utf16 = (offset) => bytes.subarray(0, offset).toString('utf8').length;
    for (const [j, d] of js.diagnostics.entries()) {
      const n = native.diagnostics[j];
      assert.equal(d.message, n.message, name);
      if (!n.range) continue;
      for (const end of ['start', 'end']) {
        assert.deepEqual(
          [d.range[end].line, d.range[end].column, d.range[end].offset],
          [n.range[end].line, n.range[end].column, utf16(n.range[end].offset)],
          `${name} ${d.code} ${end}`,
        );
      }
    }
  }
});

test('lintPlan() reports collisions on the later request, for texts and values alike', () => {
  const text = read(join(root, 'examples', 'clean.json'));
  const reports = esm.lintPlan([text, JSON.parse(text)]);
  assert.equal(reports.length, 2);
  assert.deepEqual(reports[0].diagnostics, []);
  assert.deepEqual(reports[1].diagnostics.map((d) => d.code).sort(),
    ['plan-duplicate-ip', 'plan-duplicate-name', 'plan-duplicate-server']);
  assert.equal(cjs.lintPlan([text]).length, 1);
  assert.throws(() => esm.lintPlan('not an array'), TypeError);
});

test('fix() changes only what it fixes and says what it did', () => {
  const text = '{"server_group_id": "523AB8AD-3759-4933-9436-4CF4EBB20867",\r\n "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web 01", "x": 1.50e2, "y": "caf\\u00e9"}';
  const safe = esm.fix(text);
  assert.equal(safe.text, '{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867",\r\n "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web 01", "x": 1.50e2, "y": "caf\\u00e9"}}');
  assert.deepEqual(safe.applied.map((a) => [a.code, a.path]), [['missing-wrapper', ''], ['id-uppercase', '/protected_instance/server_group_id']]);
  assert.deepEqual(pairs(safe.report), [['name-charset', '/protected_instance/name'], ['unknown-field', '/protected_instance/x'], ['unknown-field', '/protected_instance/y']]);
  const all = cjs.fix(text, { unsafeFixes: true, locale: 'de' });
  assert.match(all.text, /"name": "web-01"/);
  assert.match(all.applied.at(-1).description, /Zeichen/);
  assert.throws(() => esm.fix(text, { unsafeFixes: 'yes' }), TypeError);
  // A diagnostic's text edits, applied by hand, give the same text.
  const d = esm.lint(text).diagnostics.find((d) => d.code === 'id-uppercase');
  const [edit] = d.fix.edits;
  assert.equal(d.fix.applicability, 'safe');
  const edited = text.slice(0, edit.range.start.offset) + edit.text + text.slice(edit.range.end.offset);
  assert.match(edited, /"523ab8ad-3759-4933-9436-4cf4ebb20867"/);
});

test('applyFix() returns a new value and never changes its argument', () => {
  const value = { server_group_id: '523ab8ad-3759-4933-9436-4cf4ebb20867', server_id: '403B603D-1D91-42CC-A357-81F3C2DAF43F', name: 'a b', tags: [{ key: 'k ', value: 'v' }] };
  const frozen = structuredClone(value);
  const report = esm.lintValue(value);
  const wrapped = esm.applyFix(value, report.diagnostics.find((d) => d.code === 'missing-wrapper'));
  assert.deepEqual(value, frozen);
  assert.deepEqual(Object.keys(wrapped), ['protected_instance']);
  assert.deepEqual(wrapped.protected_instance, frozen);
  const lower = esm.applyFix(value, report.diagnostics.find((d) => d.code === 'id-uppercase'));
  assert.deepEqual(Object.keys(lower), Object.keys(value), 'a replaced member keeps its place');
  assert.equal(lower.server_id, '403b603d-1d91-42cc-a357-81f3c2daf43f');
  assert.deepEqual(value, frozen);
  // Fixes one at a time, re-linting in between, as a form would.
  let current = value;
  for (let pass = 0; pass < 10; pass++) {
    const next = esm.lintValue(current).diagnostics.find((d) => d.fix);
    if (!next) break;
    current = esm.applyFix(current, next);
  }
  assert.deepEqual(current.protected_instance, {
    server_group_id: '523ab8ad-3759-4933-9436-4cf4ebb20867', server_id: '403b603d-1d91-42cc-a357-81f3c2daf43f', name: 'a-b', tags: [{ key: 'k', value: 'v' }],
  });
  assert.throws(() => esm.applyFix(value, { code: 'name-charset' }), TypeError);
  assert.throws(() => esm.applyFix({}, report.diagnostics.find((d) => d.code === 'id-uppercase')), TypeError);
});

test('keys named __proto__, constructor and prototype pollute nothing', () => {
  const text = '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": 3, "protected_instance": {"name": "a b", "__proto__": {"x": 1}, "__proto__": [1]}}';
  const value = JSON.parse(text);
  for (const report of [esm.lint(text), esm.lintValue(value), cjs.lintValue(value)]) {
    assert.ok(report.diagnostics.some((d) => d.code === 'unknown-field' && d.path === '/__proto__'));
    for (const d of report.diagnostics) {
      assert.equal(Object.getPrototypeOf(d), Object.prototype);
      assert.equal(Object.getPrototypeOf(d.params ?? {}), Object.prototype);
    }
  }
  const dup = esm.lint(text).diagnostics.find((d) => d.code === 'duplicate-key');
  assert.equal(dup.params.key, '__proto__');
  assert.equal(Object.getPrototypeOf(dup.params), Object.prototype);
  const fixed = esm.applyFix(value, esm.lintValue(value).diagnostics.find((d) => d.fix));
  assert.equal(Object.getPrototypeOf(fixed), Object.prototype);
  assert.equal({}.polluted, undefined);
  assert.equal(Object.prototype.polluted, undefined);
});

test('the language, platform and policy options', () => {
  const huawei = read(join(examples, 'huawei.json'));
  assert.deepEqual(pairs(esm.lint(huawei, { platform: 'huawei' })), []);
  assert.ok(esm.lint(huawei).diagnostics.some((d) => d.code === 'name-charset'));
  const zh = esm.lint(read(join(examples, 'api-example.json')), { locale: 'zh' }).diagnostics[0];
  assert.match(zh.message, /UUID/);
  assert.match(zh.message, /[\u4e00-\u9fa5]/);
  const policy = JSON.parse(read(join(examples, 'policy.json')));
  const report = esm.lint(read(join(examples, 'clean.json')), { policy });
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['policy-name-pattern', 'policy-tag-missing', 'policy-tag-missing']);
  // An administrator's pathological pattern is as fast as any other.
  const slow = { name_pattern: '(a+)+$' };
  const name = 'a'.repeat(10000) + '!';
  assert.ok(esm.lintValue({ protected_instance: { name } }, { policy: slow }).diagnostics.length > 0);
});
