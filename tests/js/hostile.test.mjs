// The hostile inputs of issue 8 through the npm package as a user installs
// it: every case of hostile-cases.mjs in Node.js (ESM and CommonJS share one
// module instance), and the `browser` subset in Chromium from the browser
// build: with the core module alone (the cases it has the functions for),
// then with the full module. Each gives the expected report, and the next
// lint() works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, importInstalledPackage, serve, launchChromium, openPage } from './helpers.mjs';
import { cases, runCase } from './hostile-cases.mjs';

let project;
let api;
let remove;

before(async () => {
  ({ api, project, remove } = await importInstalledPackage());
});

after(() => remove?.());

for (const c of cases) {
  test(`Node.js: ${c.name}`, () => {
    assert.deepEqual(runCase(api, c), { result: c.expected, next: true });
  });
}

test('Chromium: the browser subset, from the browser build', async () => {
  copyFileSync(join(here, 'hostile-cases.mjs'), join(project, 'hostile-cases.mjs'));
  writeFileSync(join(project, 'hostile.html'), `<!doctype html><html><head><link rel="icon" href="data:,">
<script type="module">
import init, * as api from './node_modules/sdrs-lint/dist/web/index.js';
import { cases, runCase } from './hostile-cases.mjs';
await init();
const core = {};
for (const c of cases.filter((c) => c.browser)) {
  try {
    core[c.name] = runCase(api, c);
  } catch (e) {
    if (!/^[a-zA-Z]+\\(\\) needs the full module/.test(e.message)) throw e;
  }
}
await api.load();
const results = {};
for (const c of cases.filter((c) => c.browser)) results[c.name] = runCase(api, c);
document.body.dataset.result = JSON.stringify({ core, results });
</script></head><body></body></html>
`);
  const server = await serve(project);
  const browser = await launchChromium();
  try {
    const { page, problems } = await openPage(browser);
    await page.goto(`${server.url}/hostile.html`);
    await page.waitForSelector('body[data-result]', { state: 'attached', timeout: 120_000 });
    const { core, results } = JSON.parse(await page.locator('body').getAttribute('data-result'));
    const subset = cases.filter((c) => c.browser);
    assert.ok(subset.length >= 8);
    assert.deepEqual(Object.keys(results), subset.map((c) => c.name));
    assert.ok(Object.keys(core).length >= 5, Object.keys(core).join(', '));
    for (const c of subset) {
      // Through JSON: `undefined` comes back as null.
      const expected = JSON.parse(JSON.stringify({ result: c.expected, next: true }));
      assert.deepEqual(results[c.name], expected, c.name);
      if (c.name in core) assert.deepEqual(core[c.name], expected, `core module: ${c.name}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.stop();
  }
});
