// The browser build's two modules, run in Node.js from the packed tarball:
// init() loads the core module (English, lint(), lintValue(), rules()), and
// what it leaves out says so (a TypeError naming the feature and load());
// load() brings the full module, after which every call gives what the
// Node.js build gives. On every fixture of the project, in English, the core
// module's report is the full module's. (www.test.mjs and size.test.mjs load
// the core module in Chromium.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, installPackage } from './helpers.mjs';

let project;
let web; // the browser build: dist/web/index.js
let node; // the Node.js build, the reference
let webDir;

before(async () => {
  ({ project } = installPackage({ type: 'module' }));
  writeFileSync(join(project, 'node.mjs'), "export * from 'sdrs-lint';\n");
  webDir = join(project, 'node_modules', 'sdrs-lint', 'dist', 'web');
  web = await import(pathToFileURL(join(webDir, 'index.js')));
  node = await import(pathToFileURL(join(project, 'node.mjs')));
});

after(() => rmSync(project, { recursive: true, force: true }));

const read = (file) => readFileSync(file, 'utf8');
const examples = join(root, 'examples');
const API_EXAMPLE = read(join(examples, 'api-example.json'));
const CLEAN = read(join(examples, 'clean.json'));

/** Every fixture: the examples, tests/rules' cases with their options, tests/plans. */
function fixtures() {
  const found = readdirSync(examples).filter((f) => f.endsWith('.json')).map((f) => ({ file: join(examples, f) }));
  const rules = join(root, 'tests', 'rules');
  for (const code of readdirSync(rules)) {
    const dir = join(rules, code);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.options.json'))) {
      const options = join(dir, f.replace(/\.json$/, '.options.json'));
      found.push({ file: join(dir, f), options: existsSync(options) ? JSON.parse(read(options)) : undefined });
    }
  }
  const plans = join(root, 'tests', 'plans');
  for (const f of readdirSync(plans).filter((f) => f.endsWith('.json'))) found.push({ file: join(plans, f), plan: true });
  return found;
}

/** The feature a TypeError of the core module names, or null for any other outcome. */
function missingFeature(call) {
  try {
    call();
    return null;
  } catch (e) {
    assert.ok(e instanceof TypeError, String(e));
    const named = e.message.match(/needs the '([a-z]+)' feature, which this build of sdrs-lint leaves out \(the core module\): call `await load\(\)` first to load the full module, which has it$/);
    assert.ok(named, e.message);
    return named[1];
  }
}

test('before init() nothing is loaded; init() loads the core module alone, and it lints', async () => {
  const core = readFileSync(join(webDir, 'sdrs_lint_bg.wasm'));
  await web.default({ module_or_path: core });
  const report = web.lint(API_EXAMPLE);
  assert.deepEqual(report, node.lint(API_EXAMPLE));
  assert.deepEqual(report.diagnostics.map((d) => d.code), ['id-format']);
  assert.deepEqual(web.lintValue(JSON.parse(CLEAN)), node.lintValue(JSON.parse(CLEAN)));
  assert.deepEqual(web.rules(), node.rules(), 'the whole catalogue, the pre-flight and policy rules too');
  // English by any of its tags, the platforms, kinds, severities and the cap: all in the core module.
  const options = { locale: 'en-GB', platform: 'huawei', kind: 'single', rules: { 'id-format': 'warning', 'server-not-found': 'off' }, maxDiagnostics: 5, context: null, policy: null };
  assert.deepEqual(web.lint(API_EXAMPLE, options), node.lint(API_EXAMPLE, options));
});

test('what the core module leaves out throws a TypeError that names it and load(); nothing is linted without it', () => {
  const policy = JSON.parse(read(join(examples, 'policy.json')));
  const context = JSON.parse(read(join(examples, 'context.json')));
  const cases = [
    [{ locale: 'de' }, 'locales', "options.locale 'de'"],
    [{ locale: 'zh-CN' }, 'locales', "options.locale 'zh-CN'"],
    [{ policy }, 'policy', 'options.policy'],
    [{ context }, 'context', 'options.context'],
    [{ kind: 'terraform' }, 'terraform', "options.kind 'terraform'"],
  ];
  for (const [options, feature, what] of cases) {
    for (const call of [() => web.lint(CLEAN, options), () => web.lintValue(JSON.parse(CLEAN), options), () => web.lint(5, options)]) {
      assert.equal(missingFeature(call), feature, JSON.stringify(options));
    }
    assert.throws(() => web.lint(CLEAN, options), (e) => e.message.startsWith(`${what} needs the '${feature}' feature`));
  }
  // Malformed options are still named as such, before any feature.
  assert.throws(() => web.lint(CLEAN, { locale: 'fr' }), (e) => e instanceof TypeError && /^unknown locale 'fr'/.test(e.message));
  for (const [name, call] of [
    ['lintPlan', () => web.lintPlan([CLEAN])],
    ['fix', () => web.fix(CLEAN)],
    ['applyFix', () => web.applyFix({}, { fix: { patch: [] } })],
    ['schema', () => web.schema()],
    ['kinds', () => web.kinds()],
    ['outline', () => web.outline(CLEAN)],
  ]) {
    assert.throws(call, (e) => e instanceof TypeError && e.message === `${name}() needs the full module, which is not loaded: call \`await load()\` first`, name);
  }
});

test('a Terraform plan under the core module is one terraform-unsupported finding, never a half-read plan', () => {
  const plan = read(join(root, 'tests', 'plans', 'huawei-module-for-each.json'));
  for (const report of [web.lint(plan), web.lintValue(JSON.parse(plan))]) {
    assert.equal(report.kind, 'terraform');
    assert.equal(report.valid, false);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.path, d.params.cause]), [['terraform-unsupported', '/format_version', 'terraform-not-built']]);
    assert.match(report.diagnostics[0].message, /^This is Terraform output sdrs-lint cannot read: it is a Terraform plan, and this build of sdrs-lint leaves out the plan reader .*await load\(\)/);
  }
  // What every build refuses, the core module refuses alike.
  for (const file of ['format-2.json', 'plan-log.json']) {
    const text = read(join(root, 'tests', 'plans', file));
    assert.deepEqual(web.lint(text), node.lint(text), file);
  }
});

test('on every fixture, in English, the core module reports what the full one does (or names the feature it lacks)', () => {
  let compared = 0;
  for (const { file, options, plan } of fixtures()) {
    const text = read(file);
    const expected = node.lint(text, options);
    const feature = missingFeature(() => web.lint(text, options));
    if (feature !== null) {
      assert.ok(['context', 'policy', 'locales', 'terraform'].includes(feature), `${basename(file)}: ${feature}`);
      assert.ok(options && (options.context || options.policy || options.locale || options.kind), `${basename(file)} asks for ${feature}`);
      continue;
    }
    if (plan || expected.kind === 'terraform') {
      const refused = expected.diagnostics.some((d) => d.code === 'terraform-unsupported');
      if (!refused) {
        assert.equal(web.lint(text, options).diagnostics[0].params.cause, 'terraform-not-built', basename(file));
        continue;
      }
    }
    assert.deepEqual(web.lint(text, options), expected, file);
    compared++;
  }
  assert.ok(compared > 200, `${compared} fixtures compared`);
});

test('load() brings the full module once; then every call gives what Node.js gives', async () => {
  const full = readFileSync(join(webDir, 'sdrs_lint_full_bg.wasm'));
  const loading = web.load({ module_or_path: full });
  assert.equal(web.load(), loading, 'one load, however often asked');
  assert.equal(await loading, undefined);
  const policy = JSON.parse(read(join(examples, 'policy.json')));
  const context = JSON.parse(read(join(examples, 'context.json')));
  for (const options of [{ locale: 'de' }, { locale: 'zh-CN' }, { policy }, { context }, { kind: 'terraform' }, undefined]) {
    assert.deepEqual(web.lint(API_EXAMPLE, options), node.lint(API_EXAMPLE, options), JSON.stringify(options));
    assert.deepEqual(web.lintValue(JSON.parse(CLEAN), options), node.lintValue(JSON.parse(CLEAN), options));
  }
  for (const { file, options } of fixtures()) {
    const text = read(file);
    assert.deepEqual(web.lint(text, options), node.lint(text, options), file);
  }
  assert.deepEqual(web.lintPlan([CLEAN, JSON.parse(CLEAN)]), node.lintPlan([CLEAN, JSON.parse(CLEAN)]));
  assert.deepEqual(web.fix(API_EXAMPLE, { unsafeFixes: true, locale: 'de' }), node.fix(API_EXAMPLE, { unsafeFixes: true, locale: 'de' }));
  const value = { server_group_id: '523AB8AD-3759-4933-9436-4CF4EBB20867', server_id: '403b603d-1d91-42cc-a357-81f3c2daf43f', name: 'web 01' };
  const diagnostic = web.lintValue(value).diagnostics.find((d) => d.fix);
  assert.deepEqual(web.applyFix(value, diagnostic), node.applyFix(value, diagnostic));
  assert.deepEqual(web.schema({ kind: 'batch' }), node.schema({ kind: 'batch' }));
  assert.deepEqual(web.kinds({ locale: 'zh' }), node.kinds({ locale: 'zh' }));
  assert.deepEqual(web.outline(CLEAN), node.outline(CLEAN));
  assert.deepEqual(web.rules(), node.rules());
});
