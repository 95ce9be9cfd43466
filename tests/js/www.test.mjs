// The web console demo (www/) in Chromium: the browser build loads over
// HTTP, and a keystroke in the JSON editor puts the diagnostic under the
// right field of the form and a squiggle under the offending source.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, serve, launchChromium, openPage } from './helpers.mjs';

let server;
let browser;

before(async () => {
  assert.ok(existsSync(join(root, 'pkg', 'dist', 'web', 'sdrs_lint.js')), 'run scripts/build-wasm.sh first');
  server = await serve(root);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('typing in the JSON editor shows the diagnostic under the right field', async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(`${server.url}/www/`);
  await page.waitForSelector('#status[data-ready]');

  // The API page's example is loaded first: its typo'd subnet ID.
  const subnet = page.locator('.messages[data-path="/protected_instance/primary_subnet_id"]');
  assert.match(await subnet.textContent(), /^id-format .*a32217fh/);
  assert.equal(await page.locator('.backdrop mark').textContent(), '"a32217fh-3413-c313-6342-3124d3491502"');

  // Type a space and an emoji into the name, key by key.
  const editor = page.locator('#json');
  const text = await editor.inputValue();
  const at = text.indexOf('test_protected_instance_name') + 'test_protected'.length;
  await editor.focus();
  await editor.evaluate((el, i) => el.setSelectionRange(i, i), at);
  await page.keyboard.type(' 🚀');

  const name = page.locator('.messages[data-path="/protected_instance/name"]');
  await name.locator('[data-code="name-charset"]').waitFor();
  assert.match(await name.textContent(), /name-charset .*' ' \(space\)/);
  assert.equal(await page.locator('input[name="name"]').inputValue(), 'test_protected 🚀_instance_name');
  // The squiggle covers exactly the name's token, after the emoji too.
  assert.deepEqual(
    await page.locator('.backdrop mark').allTextContents(),
    ['"test_protected 🚀_instance_name"', '"a32217fh-3413-c313-6342-3124d3491502"'],
  );
  assert.equal(await page.locator('#markers li').count(), 2);
  assert.match(await page.locator('#status').textContent(), /^Not ready: 2 errors/);

  // Fixing the subnet in the form clears its message and its marker.
  await page.locator('input[name="primary_subnet_id"]').fill('a32217fb-3413-c313-6342-3124d3491502');
  await page.waitForFunction(() => document.querySelectorAll('#markers li').length === 1);
  assert.equal(await subnet.textContent(), '');
  assert.deepEqual(problems, []);
  await page.close();
});
