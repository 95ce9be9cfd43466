// The package in a bundler: a Vite app that imports 'sdrs-lint' is built
// from the installed tarball, and the bundle runs in Chromium: the core
// module first, then the full one, a chunk and a .wasm of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { installPackage, serve, launchChromium, openPage } from './helpers.mjs';

let project;
let server;
let browser;

before(async () => {
  ({ project } = installPackage({ type: 'module' }));
  writeFileSync(join(project, 'index.html'),
    '<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="./main.js"></script></head><body></body></html>\n');
  writeFileSync(join(project, 'main.js'), `import init, { lint, rules, load, kinds, outline } from 'sdrs-lint';
await init();
const report = lint('{"protected_instance": {"name": "数据 库"}}');
await load();
const german = lint('{"protected_instance": {"name": "数据 库"}}', { locale: 'de' });
document.body.dataset.result = JSON.stringify({
  found: report.diagnostics.map((d) => [d.code, d.path]),
  german: german.diagnostics.map((d) => d.code),
  rules: rules().length,
  kinds: kinds({ locale: 'de' }).map((k) => [k.name, k.wrapper, k.members[0].label]),
  outline: outline('{"名": [1]}'),
});
`);
  await build({ root: project, logLevel: 'warn', configFile: false });
  server = await serve(join(project, 'dist'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('a Vite build bundles the module and its .wasm, and runs in Chromium', async () => {
  const assets = readdirSync(join(project, 'dist', 'assets'));
  assert.ok(assets.some((f) => /^sdrs_lint_bg-.*\.wasm$/.test(f)), assets.join(', '));
  assert.ok(assets.some((f) => /^sdrs_lint_full_bg-.*\.wasm$/.test(f)), assets.join(', '));
  const { page, problems } = await openPage(browser);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-result]', { state: 'attached' });
  const result = JSON.parse(await page.locator('body').getAttribute('data-result'));
  assert.deepEqual(result.found, [
    ['missing-field', '/protected_instance/server_group_id'],
    ['missing-field', '/protected_instance/server_id'],
    ['name-charset', '/protected_instance/name'],
  ]);
  assert.deepEqual(result.german, result.found.map(([code]) => code));
  assert.ok(result.rules > 30);
  // Every entry point of the browser build, those a console builds its form from included.
  assert.deepEqual(result.kinds, [['single', 'protected_instance', 'Schutzgruppe'], ['batch', 'protected_instances', 'Schutzgruppe']]);
  assert.deepEqual(result.outline, { root: { kind: 'object', start: 0, end: 10, members: [
    { key: '名', keyStart: 1, keyEnd: 4, value: { kind: 'array', start: 6, end: 9, items: [{ kind: 'number', start: 7, end: 8, value: 1 }] } },
  ] } });
  assert.deepEqual(problems, []);
  await page.close();
});
