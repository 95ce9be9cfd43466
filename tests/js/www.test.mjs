// The web console (www/) in headless Chromium, served by www/serve.mjs with
// the Content-Security-Policy `make www` sends. The form and the CodeMirror
// editor are one request: diagnostics show under the right field and in the
// editor, form edits change only their member's value, fixes apply, the
// demo account drives the pre-flight rules, and during all of it nothing
// logs an error, breaks the CSP, opens a dialog or fails axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, here, serveConsole, launchChromium } from './helpers.mjs';
import { RequestBody, convertBody } from '../../www/src/body-edits.js';
import { sizeTable, tableIn } from '../../www/size-table.mjs';
import { STRINGS } from '../../www/src/i18n.js';

const www = join(root, 'www');
const output = join(here, 'output');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// IDs of the demo account (www/src/account.js).
const ERP_GROUP = '678ca75e-85d2-4199-9bb3-74c8df096684';
const ERP_APP_01 = 'b8686bf9-a18d-458e-bb2d-51d153f84814';
const SHOP_WEB_01 = '9fc55684-71f3-4d1a-be5c-073bd4b707fd';
const ERP_DR_SUBNET = 'e156a094-575e-46d1-a856-7aca11d60d17';
const ERP_DB_01 = 'a925d3b9-d8ce-43ae-822c-11c19fc5a356';

let server;
let browser;

function newestFile(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

before(async () => {
  const built = join(www, 'dist', 'index.html');
  assert.ok(existsSync(built), 'www/dist is missing: scripts/test-wasm.sh builds it (so does make www)');
  const sources = Math.max(newestFile(join(www, 'src')), statSync(join(www, 'index.html')).mtimeMs,
    statSync(join(root, 'pkg', 'dist', 'web', 'sdrs_lint_bg.wasm')).mtimeMs);
  assert.ok(sources <= statSync(built).mtimeMs, 'www/dist is older than www/src or the package: rebuild it (cd www && npm run build)');
  server = await serveConsole();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/**
 * A new page on the console (1360×1000 unless `viewport` says otherwise),
 * loaded and linted once. `check()` asserts that
 * nothing went wrong meanwhile (console errors in the page or the worker,
 * uncaught exceptions, CSP violations, failed requests, dialogs) and closes it.
 */
async function openConsole({ viewport = { width: 1360, height: 1000 }, locale } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') problems.push(`worker console: ${m.text()}`); }));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.type()} ${d.message()}`);
    d.dismiss();
  });
  await page.addInitScript(() => {
    window.policyViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.policyViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    }, true);
  });
  const response = await page.goto(server.url);
  assert.equal(response.headers()['content-security-policy'], "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'");
  await page.waitForSelector('body[data-ready]');
  await settled(page);
  return {
    page,
    async check() {
      const violations = await page.evaluate(() => window.policyViolations);
      assert.deepEqual([...problems, ...violations.map((v) => `CSP: ${v}`)], []);
      await context.close();
    },
  };
}

/** Waits until the page shows the lint result of the current text and settings. */
async function settled(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('lint-status');
    return status?.dataset.ready === 'true' && status.getAttribute('aria-busy') !== 'true';
  });
}

/** Retries `assertion` until it passes (the page answers asynchronously), at most `ms`. */
async function eventually(assertion, ms = 5000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

const editorContent = (page) => page.locator('#body-editor .cm-content');

/** Pastes `text` over the editor's whole text, as a user would from the clipboard. */
async function pasteBody(page, text) {
  const content = editorContent(page);
  await content.click();
  await page.keyboard.press('Control+A');
  await content.evaluate((element, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await settled(page);
}

/** The editor's text exactly, read from the request preview (the body as it would be sent). */
async function bodyText(page) {
  await settled(page);
  await page.locator('#request-preview').evaluate((details) => new Promise((resolve) => {
    if (details.open) resolve();
    else {
      details.addEventListener('toggle', () => resolve(), { once: true });
      details.open = true;
    }
  }));
  const preview = await page.locator('#preview-body').textContent();
  return preview.slice(preview.indexOf('\n\n') + 2);
}

/** `changes` ({ from, to, insert }, not overlapping) applied to `text`. */
function applied(text, changes) {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.from - a.from)) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
  return out;
}

// The request kinds as the page gets them from the package (body-edits.js imports the same instance).
const { kinds } = createRequire(import.meta.url)(join(root, 'pkg'));
const [SINGLE, BATCH] = kinds();

test('form edits are text edits in the body\'s own layout (no browser)', () => {
  const cases = [
    ['an absent member after its predecessor, on one line', '{"protected_instance":{"name":"a"}}',
      (b) => b.setField('description', 'd'), '{"protected_instance":{"name":"a","description":"d"}}'],
    ['an absent member before the first', '{"protected_instance": {"name": "a"}}',
      (b) => b.setField('server_id', 's'), '{"protected_instance": {"server_id": "s", "name": "a"}}'],
    ['into an empty instance', '{\n  "protected_instance": {}\n}',
      (b) => b.setField('name', 'n'), '{\n  "protected_instance": {\n    "name": "n"\n  }\n}'],
    ['the wrapper into an empty root', '{}',
      (b) => b.setField('name', 'n'), '{\n  "protected_instance": {\n    "name": "n"\n  }\n}'],
    ['a whole request into an empty body', '',
      (b) => b.setField('name', 'n'), '{\n  "protected_instance": {\n    "name": "n"\n  }\n}\n'],
    ['the value of the last of repeated keys', '{"protected_instance": {"name": "a", "name": "b"}}',
      (b) => b.setField('name', 'c'), '{"protected_instance": {"name": "a", "name": "c"}}'],
    ['a cleared optional member removed with its separator', '{\n  "protected_instance": {\n    "name": "a",\n    "description": "d",\n    "flavorRef": "f"\n  }\n}',
      (b) => b.setField('description', undefined), '{\n  "protected_instance": {\n    "name": "a",\n    "flavorRef": "f"\n  }\n}'],
    ['a member of an unwrapped body', '{"name": "a"}',
      (b) => b.setField('description', 'x'), '{"name": "a", "description": "x"}'],
    ['only the changed characters, never half a surrogate pair', '{"name": "a🚀b"}',
      (b) => b.setField('name', 'a🚁b'), '{"name": "a🚁b"}'],
    ['a new tag laid out like the last', '{"protected_instance": {"tags": [{ "key" : "a", "value" : "b" }]}}',
      (b) => b.addItem('tags', { key: '', value: '' }), '{"protected_instance": {"tags": [{ "key" : "a", "value" : "b" }, { "key" : "", "value" : "" }]}}'],
    ['the first tag into an empty list', '{\n  "protected_instance": {\n    "tags": []\n  }\n}',
      (b) => b.addItem('tags', { key: '', value: '' }), '{\n  "protected_instance": {\n    "tags": [\n      {\n        "key": "",\n        "value": ""\n      }\n    ]\n  }\n}'],
    ['a tag from the middle', '{"protected_instance": {"tags": [{"key": "a", "value": "b"}, {"key": "c", "value": "d"}, {"key": "e", "value": "f"}]}}',
      (b) => b.removeItems('tags', [1]), '{"protected_instance": {"tags": [{"key": "a", "value": "b"}, {"key": "e", "value": "f"}]}}'],
    ['the only tag, with "tags"', '{\n  "protected_instance": {\n    "name": "a",\n    "tags": [{"key": "a", "value": "b"}]\n  }\n}',
      (b) => b.removeItems('tags', [0]), '{\n  "protected_instance": {\n    "name": "a"\n  }\n}'],
    ['a tag\'s missing key, before its value', '{"protected_instance": {"tags": [{"value": "v"}]}}',
      (b) => b.setItemField('tags', 0, 'key', 'k'), '{"protected_instance": {"tags": [{"key": "k", "value": "v"}]}}'],
  ];
  for (const [what, text, edit, expected] of cases) {
    assert.equal(applied(text, edit(new RequestBody(text, SINGLE))), expected, what);
  }
  // Refused: the text is the user's, not a request the form can edit.
  assert.equal(new RequestBody('{"protected_instance": {', SINGLE).setField('name', 'x'), null);
  assert.equal(new RequestBody('{"protected_instance": null}', SINGLE).setField('name', 'x'), null);
  assert.equal(new RequestBody('{"protected_instance": {"tags": "none"}}', SINGLE).addItem('tags', { key: '', value: '' }), null);
});

test('switching the call converts the text where the calls differ and nowhere else, and refuses what it cannot convert (no browser)', () => {
  const cases = [
    ['a value in its own spelling (a number stays a number), in a one-line body without the wrapper',
      SINGLE, BATCH, '{"name": 5, "server_id": 12345, "x-note": [1, 2.50]}',
      '{"servers": [{"server_id": 12345}], "name_prefix": 5, "x-note": [1, 2.50]}', ['renamed', 'into-list']],
    ['a repeated name renamed at each occurrence', SINGLE, BATCH, '{"protected_instance": {"name": "a", "name": "b"}}',
      '{"protected_instances": {"name_prefix": "a", "name_prefix": "b"}}', ['renamed', 'renamed']],
    ['a repeated server_id is not moved', SINGLE, BATCH, '{"protected_instance": {"server_id": "a", "server_id": "b"}}',
      '{"protected_instances": {"server_id": "a", "server_id": "b"}}', ['renamed', 'kept']],
    ['a name beside a name_prefix stays', SINGLE, BATCH, '{"protected_instance": {"name": "a", "name_prefix": "b"}}',
      '{"protected_instances": {"name": "a", "name_prefix": "b"}}', ['renamed', 'kept']],
    ['into servers that are there, before them', SINGLE, BATCH, '{"protected_instance": {"server_id": "a", "servers": [{"server_id": "b"}]}}',
      '{"protected_instances": {"servers": [{"server_id": "a"}, {"server_id": "b"}]}}', ['renamed', 'into-list']],
    ['a first server with a member the single call has no place for stays in servers', BATCH, SINGLE,
      '{"protected_instances": {"servers": [{"server_id": "a", "x": 1}]}}', '{"protected_instance": {"servers": [{"server_id": "a", "x": 1}]}}', ['renamed', 'kept']],
    ['an empty list of servers held nothing', BATCH, SINGLE, '{"protected_instances": {"servers": [], "name_prefix": "x"}}',
      '{"protected_instance": {"name": "x"}}', ['renamed', 'renamed', 'removed-empty']],
    ['a body without either wrapper gets the other\'s', SINGLE, BATCH, '{}', '{\n  "protected_instances": {}\n}', ['wrapper-added']],
  ];
  for (const [what, from, to, text, expected, notes] of cases) {
    const outcome = convertBody(text, from, to);
    assert.equal(outcome.text, expected, what);
    assert.deepEqual(outcome.notes.map((n) => n.what), notes, what);
  }
  assert.deepEqual(convertBody('{"protected_instance": {}, "protected_instances": {}}', SINGLE, BATCH), { refused: 'both-wrappers' });
  assert.deepEqual(convertBody('{"protected_instance": [', SINGLE, BATCH), { refused: 'not-parsed' });
  assert.deepEqual(convertBody('{"protected_instance": []}', SINGLE, BATCH), { refused: 'not-object' });
});

// Parameters for every function of the page's strings (i18n.js), so that each can be called.
const SAMPLE = {
  title: 'T', message: 'M', from: 'a', to: 'b', wrapper: 'w', members: ['x', 'y'], list: 'l', rest: 2, member: 'm', by: 'b',
  max: 5, limit: 'L', keyMax: 36, valueMax: 43, type: 'number', row: 'R', cell: 'C', n: 3, label: 'Lb', count: 7, shown: 50,
  line: 1, column: 2, name: 'N', vpc: 'v', zone: 'z', drZone: 'd', status: 's', os: 'o', flavor: 'f', cidr: 'c', gateway: 'g',
  used: 'u', names: ['a', 'b'], vcpus: 2, gib: 4, errors: 2, warnings: 1, infos: 1, call: 'POST', description: 'D',
  clouds: ['A', 'B'], unit: 'bytes', key: 'f',
};

/** Every string of a language's tree by its dotted path: a text, or a function's text for SAMPLE. */
const leaves = (node, path = []) => (node !== null && typeof node === 'object'
  ? Object.entries(node).flatMap(([key, value]) => leaves(value, [...path, key]))
  : [[path.join('.'), typeof node === 'function' ? node(SAMPLE) : node, typeof node]]);

// Strings that are the same words in English: names (Storage Disaster Recovery Service, Region, Cloud), numbers and IDs in a row.
const SAME_AS_ENGLISH = {
  de: ['page.title', 'page.region', 'page.service', 'page.cloud', 'form.optional', 'form.cell', 'form.row.tags', 'form.row.servers',
    'form.rowOther', 'facts.server', 'account.flavor', 'summary.absent', 'summary.listed', 'summary.jsonType.null', 'messages.fixKey'],
  zh: ['form.rowOther', 'summary.absent', 'summary.jsonType.null'],
};

test('every page string is in every language: the same keys as English, a function where English has one, a text of its own (no browser)', () => {
  const english = new Map(leaves(STRINGS.en).map(([path, text, type]) => [path, { text, type }]));
  assert.deepEqual(Object.keys(STRINGS).sort(), ['de', 'en', 'zh']);
  for (const language of ['de', 'zh']) {
    const own = new Map(leaves(STRINGS[language]).map(([path, text, type]) => [path, { text, type }]));
    assert.deepEqual([...english.keys()].filter((path) => !own.has(path)), [], `${language} lacks these strings`);
    assert.deepEqual([...own.keys()].filter((path) => !english.has(path)), [], `${language} has strings English has not`);
    for (const [path, { text, type }] of own) {
      assert.equal(type, english.get(path).type, `${language} ${path}`);
      assert.equal(typeof text, 'string', `${language} ${path}`);
      assert.ok(text !== '' || english.get(path).text === '' || path === 'rules.english', `${language} ${path} is empty`);
      assert.doesNotMatch(text, /undefined|\[object /, `${language} ${path}: ${text}`);
      assert.equal(text === english.get(path).text, SAME_AS_ENGLISH[language].includes(path), `${language} ${path} is ${text === english.get(path).text ? 'English' : 'translated'}: ${text}`);
    }
  }
  // English says everything too.
  for (const [path, { text }] of english) assert.doesNotMatch(text, /undefined|\[object /, `en ${path}: ${text}`);
});

test('www/README.md has the size table of the build under test (npm run build writes it; no browser)', () => {
  const table = tableIn(readFileSync(join(www, 'README.md'), 'utf8'));
  assert.ok(table !== null, 'www/README.md has no size table between the BEGIN SIZES and END SIZES markers');
  assert.equal(table, sizeTable(join(www, 'dist')), 'www/README.md\'s size table is not the build\'s: npm run build in www/ rewrites it');
});

const codes = (list) => list.locator('li').evaluateAll((items) => items.map((li) => li.dataset.code));

test('a name with a space shows name-charset under Name and a squiggle; "Fix" clears both', async () => {
  const { page, check } = await openConsole();
  const name = page.locator('#field-name');
  const messages = page.locator('#field-name-messages');
  await name.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' copy');
  await settled(page);

  assert.deepEqual(await codes(messages), ['name-charset']);
  assert.match(await messages.locator('.text').textContent(), /' ' \(space\)/);
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.match(await name.getAttribute('aria-describedby'), /\bfield-name-messages\b/);
  assert.deepEqual(await page.locator('.cm-lintRange-error').allTextContents(), ['"erp-app-01-dr copy"']);

  await messages.getByRole('button', { name: /^Fix: / }).click();
  await eventually(async () => assert.equal(await name.inputValue(), 'erp-app-01-dr-copy'));
  await settled(page);
  assert.deepEqual(await codes(messages), []);
  assert.equal(await page.locator('.cm-lintRange').count(), 0);
  assert.equal(await name.getAttribute('aria-invalid'), 'false');
  assert.match(await bodyText(page), /"name": "erp-app-01-dr-copy",/);
  await check();
});

test('a pasted body survives form edits byte for byte except the edited values, and undo takes a form edit back', async () => {
  const { page, check } = await openConsole();
  // Four-space indentation, " : ", a number where a string belongs, unknown
  // members with numbers and literals, a one-line tag.
  const pasted = [
    '{',
    '    "protected_instance" : {',
    `        "server_group_id" : "${ERP_GROUP}",`,
    '        "server_id" : 12345,',
    '        "name" : "old-name",',
    '        "x-trace" : {"ticket": "OPS-1", "weights": [1, 2.50, 1e3, true, null]},',
    '        "tags" : [ { "key" : "owner", "value" : "team-erp" } ]',
    '    },',
    '    "dry_run" : true',
    '}',
    '',
  ].join('\n');
  await pasteBody(page, pasted);
  assert.equal(await bodyText(page), pasted);
  assert.equal(await page.locator('#field-name').inputValue(), 'old-name');
  assert.deepEqual(await codes(page.locator('#field-server_id-messages')), ['type-mismatch']);
  assert.match(await page.locator('#field-server_id-choice option:checked').textContent(), /^12345 · a number, not a string$/);
  assert.deepEqual(await codes(page.locator('#body-messages')), ['unknown-field', 'unknown-field']);

  await page.locator('#field-name').fill('new-name');
  let expected = pasted.replace('"old-name"', '"new-name"');
  assert.equal(await bodyText(page), expected);

  await page.locator('#tag-0-value').fill('team-shop');
  expected = expected.replace('"team-erp"', '"team-shop"');
  assert.equal(await bodyText(page), expected);

  // An absent member is inserted after its predecessor, in the body's layout.
  await page.locator('#field-description').fill('nightly');
  const withDescription = expected.replace('"name" : "new-name",', '"name" : "new-name",\n        "description" : "nightly",');
  assert.equal(await bodyText(page), withDescription);

  // The form edit is in the editor's history.
  await editorContent(page).click();
  await page.keyboard.press('Control+z');
  assert.equal(await bodyText(page), expected);
  assert.equal(await page.locator('#field-description').inputValue(), '');
  await check();
});

test('while the body is half-typed the form says so and a form keystroke leaves the text alone', async () => {
  const { page, check } = await openConsole();
  await editorContent(page).click();
  await page.keyboard.press('Control+End');
  // A second body being typed after the first (the editor closes brackets and quotes as it goes).
  await page.keyboard.type('{"protected_instance": {"name": "web');
  await settled(page);
  const halfTyped = await bodyText(page);
  assert.match(halfTyped, /\}\n\{"protected_instance": \{"name": "web/);
  const state = page.locator('#form-state');
  assert.match(await state.textContent(), /not valid JSON \(line \d+, column \d+\)/);
  assert.ok(await state.isVisible());

  const name = page.locator('#field-name');
  await name.focus();
  await page.keyboard.type('x');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  assert.equal(await name.inputValue(), 'erp-app-01-dr');
  assert.equal(await bodyText(page), halfTyped);
  assert.equal(await page.locator('#field-server_id-choice').isDisabled(), true);
  assert.equal(await page.locator('#add-tag').isDisabled(), true);
  assert.deepEqual(await codes(page.locator('#body-messages')), ['invalid-json']);
  assert.equal(await page.locator('#create').isDisabled(), true);
  await check();
});

test('a duplicate key and a 30-character Chinese description: gutter markers on their lines, both in the lint panel, hover shows the message', async () => {
  const { page, check } = await openConsole();
  const description = '数据库服务器灾难恢复保护实例用于生产环境异地容灾备份系统测试';
  assert.equal([...description].length, 30);
  await pasteBody(page, [
    '{',
    '  "protected_instance": {',
    `    "server_group_id": "${ERP_GROUP}",`,
    `    "server_id": "${ERP_APP_01}",`,
    '    "name": "erp-app-01-dr",',
    '    "name": "erp-app-02-dr",',
    `    "description": "${description}"`,
    '  }',
    '}',
    '',
  ].join('\n'));
  assert.deepEqual(await codes(page.locator('#problems')), ['duplicate-key', 'description-too-long']);
  assert.equal(await page.locator('#field-name').inputValue(), 'erp-app-02-dr');

  // Gutter markers: the line numbers beside them.
  const markedLines = await page.locator('#body-editor').evaluate((host) => {
    const shadow = host.shadowRoot;
    const numbers = [...shadow.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
      .map((e) => [e.getBoundingClientRect().top, e.textContent]);
    return [...shadow.querySelectorAll('.cm-gutter-lint .cm-gutterElement')]
      .filter((e) => e.querySelector('.cm-lint-marker-error'))
      .map((e) => numbers.find(([top]) => Math.abs(top - e.getBoundingClientRect().top) < 1)?.[1]);
  });
  assert.deepEqual(markedLines, ['6', '7']);

  await page.getByRole('button', { name: 'Problems panel' }).click();
  const panel = page.locator('.cm-panel-lint li');
  await eventually(async () => assert.equal(await panel.count(), 2));
  const panelTexts = await panel.allTextContents();
  assert.match(panelTexts[0], /duplicate-key/);
  assert.match(panelTexts[1], /description-too-long/);
  assert.match(panelTexts[1], /90 bytes/);
  assert.equal(await page.getByRole('button', { name: 'Problems panel' }).getAttribute('aria-pressed'), 'true');

  const message = await page.locator('#field-description-messages .text').textContent();
  await page.locator('.cm-lintRange-error', { hasText: description }).hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  assert.match(await tooltip.textContent(), new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await tooltip.locator('a.cm-rule-link').getAttribute('href'), 'rules.html#description-too-long');
  await check();
});

test('an 11th tag row shows tags-too-many; "Fix" on its duplicate key removes it from the body and both diagnostics go', async () => {
  const { page, check } = await openConsole();
  const rows = page.locator('.tag-row');
  assert.equal(await rows.count(), 2);
  for (let n = 3; n <= 11; n++) {
    await page.getByRole('button', { name: 'Add tag' }).click();
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), `tag-${n - 1}-key`));
    await page.keyboard.type(n === 11 ? 'owner' : `team-${n}`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`value-${n}`);
  }
  await settled(page);
  assert.equal(await rows.count(), 11);
  assert.deepEqual(await codes(page.locator('#field-tags-messages')), ['tags-too-many']);
  assert.deepEqual(await codes(page.locator('#tag-10-key-messages')), ['tag-key-duplicate']);
  const before = await bodyText(page);
  assert.equal((before.match(/"key"/g) ?? []).length, 11);

  await page.locator('#tag-10-key-messages').getByRole('button', { name: /^Fix: Remove tag 11/ }).click();
  await eventually(async () => assert.equal(await rows.count(), 10));
  await settled(page);
  const after = await bodyText(page);
  assert.notEqual(after, before);
  assert.equal((after.match(/"key"/g) ?? []).length, 10);
  assert.ok(!after.includes('"value-11"'));
  assert.deepEqual(await codes(page.locator('#field-tags-messages')), []);
  assert.deepEqual(await codes(page.locator('#problems')), []);
  await check();
});

test('the account listings drive the pre-flight rules: a server in another VPC, an address in use; the switch turns them off', async () => {
  const { page, check } = await openConsole();
  await page.locator('#field-server_id-choice').selectOption(SHOP_WEB_01);
  await settled(page);
  const serverMessages = page.locator('#field-server_id-messages');
  assert.ok((await codes(serverMessages)).includes('server-vpc-mismatch'));
  assert.equal(await page.locator('#field-server_id-choice').getAttribute('aria-invalid'), 'true');
  assert.match(await bodyText(page), new RegExp(`"server_id": "${SHOP_WEB_01}"`));

  // The used addresses are listed under the field, as a console shows them.
  const facts = await page.locator('#field-primary_ip_address-facts').textContent();
  assert.match(facts, /In use: .*192\.168\.20\.25/);
  await page.locator('#field-primary_ip_address').fill('192.168.20.25');
  await settled(page);
  assert.deepEqual(await codes(page.locator('#field-primary_ip_address-messages')), ['ip-in-use']);

  await page.getByRole('switch', { name: /Check against this account/ }).uncheck();
  await settled(page);
  assert.deepEqual(await codes(page.locator('#problems')), []);
  assert.equal(await page.locator('#field-server_id').isVisible(), true);
  assert.equal(await page.locator('#field-server_id').inputValue(), SHOP_WEB_01);
  assert.equal(await page.locator('#field-server_id-choice').isVisible(), false);

  await page.getByRole('switch', { name: /Check against this account/ }).check();
  await settled(page);
  assert.ok((await codes(serverMessages)).includes('server-vpc-mismatch'));
  await page.locator('#field-server_id-choice').selectOption(ERP_APP_01);
  await page.locator('#field-primary_subnet_id-choice').selectOption(ERP_DR_SUBNET);
  await page.locator('#field-primary_ip_address').fill('192.168.20.26');
  await settled(page);
  assert.deepEqual(await codes(page.locator('#problems')), []);
  assert.equal(await page.locator('#create').isEnabled(), true);
  await check();
});

test('a misspelt member whose value would be dropped disables "Create"; its safe fix renames it and "Create" comes back', async () => {
  const { page, check } = await openConsole();
  await page.locator('#field-server_id-choice').selectOption(ERP_APP_01);
  await page.locator('#field-primary_subnet_id-choice').selectOption(ERP_DR_SUBNET);
  await settled(page);
  assert.deepEqual(await codes(page.locator('#problems')), []);
  assert.equal(await page.locator('#create').isEnabled(), true);
  const body = await bodyText(page);
  await pasteBody(page, body.replace('"primary_subnet_id"', '"subnet_id"'));
  await settled(page);
  assert.deepEqual(await codes(page.locator('#body-messages')), ['misspelled-field']);
  assert.equal(await page.locator('#create').isDisabled(), true);
  await page.locator('#body-messages').getByRole('button', { name: /^Fix: Rename to 'primary_subnet_id'/ }).click();
  await settled(page);
  assert.equal(await bodyText(page), body);
  assert.equal(await page.locator('#create').isEnabled(), true);
  await check();
});

test('markup typed as a name and as a tag key is shown as text, and runs nothing', async () => {
  const { page, check } = await openConsole();
  const markup = '<img src=x onerror=alert(1)>';
  await page.locator('#field-name').fill(markup);
  await page.locator('#tag-0-key').fill(markup);
  await settled(page);

  assert.match(await bodyText(page), /"name": "<img src=x onerror=alert\(1\)>"/);
  assert.match(await editorContent(page).textContent(), /"key": "<img src=x onerror=alert\(1\)>"/);
  assert.ok((await codes(page.locator('#field-name-messages'))).includes('name-charset'));
  assert.ok((await codes(page.locator('#tag-0-key-messages'))).includes('tag-key-charset'));
  assert.match(await page.locator('#tag-0-key-messages .text').first().textContent(), /'<'/);
  const summaryName = page.locator('.summary-facts dt', { hasText: /^Name$/ }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await summaryName.textContent(), markup);
  await page.getByRole('button', { name: 'Problems panel' }).click();
  await page.locator('.cm-panel-lint').waitFor();
  await page.locator('.cm-lintRange-error', { hasText: 'onerror' }).first().hover();
  await page.locator('.cm-tooltip-lint').waitFor();
  await page.waitForTimeout(300);
  const injected = await page.evaluate(() => {
    const roots = [document, document.getElementById('body-editor').shadowRoot];
    return roots.flatMap((r) => [...r.querySelectorAll('img')]).filter((img) => !img.src.endsWith('/favicon.svg')).length;
  });
  assert.equal(injected, 0);
  await check();
});

test('a body without the "protected_instance" wrapper shows in the form; editing it keeps it unwrapped, "Fix" wraps it', async () => {
  const { page, check } = await openConsole();
  await page.getByLabel('Start from').selectOption('unwrapped');
  await settled(page);
  assert.match(await page.locator('#form-state').textContent(), /without the "protected_instance" wrapper/);
  assert.equal(await page.locator('#field-name').inputValue(), 'erp-app-01-dr');
  assert.deepEqual(await codes(page.locator('#body-messages')), ['missing-wrapper']);

  await page.locator('#field-name').fill('erp-app-01-dr2');
  const unwrapped = `{\n  "server_group_id": "${ERP_GROUP}",\n  "server_id": "${ERP_APP_01}",\n  "name": "erp-app-01-dr2"\n}\n`;
  assert.equal(await bodyText(page), unwrapped);

  await page.locator('#body-messages').getByRole('button', { name: /^Fix: / }).click();
  await eventually(async () => assert.deepEqual(await codes(page.locator('#body-messages')), []));
  // The package's edits wrap the members where they are: every byte of them stays.
  const wrapped = await bodyText(page);
  assert.deepEqual(JSON.parse(wrapped), { protected_instance: JSON.parse(unwrapped) });
  assert.ok(wrapped.includes(unwrapped.slice(1, unwrapped.lastIndexOf('}'))), wrapped);
  assert.equal(await page.locator('#form-state').isVisible(), false);
  assert.equal(await page.locator('#field-name').inputValue(), 'erp-app-01-dr2');
  await check();
});

test('"Fix all" applies the safe fixes as one change, which one undo takes back; the unsafe keep their own Fix', async () => {
  const { page, check } = await openConsole();
  const broken = [
    '{',
    '  "protected_instance": {',
    `    "server_group_id": "${ERP_GROUP}",`,
    `    "server_id": "${ERP_APP_01}",`,
    '    "name": "erp app 01",',
    '    "description": "ERP application server",',
    '    "flavorRef": "s3.xlarge.2.linux",',
    '    "tags": [{"key": " owner ", "value": "team-erp"}]',
    '  }',
    '}',
    '',
  ].join('\n');
  await pasteBody(page, broken);
  assert.deepEqual(await codes(page.locator('#problems')), ['name-charset', 'flavor-billing-code', 'tag-whitespace']);
  const fixAll = page.locator('#fix-all');
  assert.equal(await fixAll.textContent(), 'Fix all (2)');
  assert.ok(await page.locator('#fix-all-note').isVisible());
  await fixAll.click();
  await eventually(async () => assert.deepEqual(await codes(page.locator('#problems')), ['name-charset']));
  assert.equal(await bodyText(page), broken
    .replace('"s3.xlarge.2.linux"', '"s3.xlarge.2"')
    .replace('" owner "', '"owner"'));
  assert.equal(await fixAll.isDisabled(), true);
  // Renaming is not safe (it changes what was written): its own button does it.
  assert.equal(await page.locator('#field-name-messages button.fix').count(), 1);

  await editorContent(page).click();
  await page.keyboard.press('Control+z');
  assert.equal(await bodyText(page), broken);
  await check();
});

test('the language and cloud switches: German messages, and Huawei Cloud\'s own members as fields', async () => {
  const { page, check } = await openConsole();
  await page.locator('#locale').selectOption('de');
  await page.locator('#field-name').fill('erp app 01');
  await settled(page);
  const message = page.locator('#field-name-messages li[data-code="name-charset"] .text');
  assert.match(await message.textContent(), /unzulässige Zeichen/);
  assert.equal(await message.getAttribute('lang'), 'de');
  await page.locator('#locale').selectOption('zh');
  await settled(page);
  assert.match(await message.textContent(), /不允许的字符/);
  assert.equal(await message.getAttribute('lang'), 'zh');
  await page.locator('#locale').selectOption('en');
  await page.locator('#field-name').fill('erp-app-01-dr');

  // On Open Telekom Cloud, tenancy is not part of the call; on Huawei Cloud it is a field.
  assert.equal(await page.locator('#field-tenancy-choice').isVisible(), false);
  const body = (await bodyText(page)).replace('"flavorRef": "s3.xlarge.2",', '"flavorRef": "s3.xlarge.2",\n    "tenancy": "Dedicated",');
  await pasteBody(page, body);
  assert.deepEqual(await codes(page.locator('#body-messages')), ['unknown-field']);
  await page.locator('#platform').selectOption('huawei');
  await settled(page);
  assert.equal(await page.locator('#field-tenancy-choice').isVisible(), true);
  assert.deepEqual(await codes(page.locator('#body-messages')), []);
  assert.deepEqual(await codes(page.locator('#field-tenancy-messages')), ['tenancy-value']);
  assert.match(await page.locator('#field-tenancy-choice option:checked').textContent(), /^Dedicated · not an allowed value$/);
  await page.locator('#field-tenancy-messages').getByRole('button', { name: /^Fix: / }).click();
  await eventually(async () => assert.equal(await page.locator('#field-tenancy-choice').inputValue(), 'dedicated'));
  assert.equal(await bodyText(page), body.replace('"Dedicated"', '"dedicated"'));
  await page.locator('#field-tenancy-choice').selectOption('shared');
  assert.equal(await bodyText(page), body.replace('"Dedicated"', '"shared"'));
  await check();
});

test('keyboard only: Tab reaches a field, its message\'s "Fix" button and back', async () => {
  const { page, check } = await openConsole();
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.className);
  let presses = 0;
  while ((await focused()) !== 'field-name') {
    await page.keyboard.press('Tab');
    assert.ok(++presses < 30, 'Tab never reached the Name field');
  }
  await page.keyboard.press('End');
  await page.keyboard.type(' 2');
  await settled(page);
  while ((await focused()) !== 'fix') {
    await page.keyboard.press('Tab');
    assert.ok(++presses < 40, 'Tab never reached the "Fix" button');
  }
  await page.keyboard.press('Enter');
  await eventually(async () => assert.equal(await page.locator('#field-name').inputValue(), 'erp-app-01-dr-2'));
  assert.equal(await focused(), 'field-name');
  await check();
});

test('a message\'s rule link opens the rule\'s documentation', async () => {
  const { page, check } = await openConsole();
  await page.locator('#field-description').fill('<b>ERP</b>');
  await settled(page);
  const link = page.locator('#field-description-messages a.rule-link');
  assert.equal(await link.getAttribute('href'), 'rules.html#description-angle-bracket');
  assert.equal(await link.getAttribute('target'), '_blank');
  await page.goto(new URL('rules.html#description-angle-bracket', server.url).href);
  const rule = page.locator('section#description-angle-bracket');
  await rule.waitFor();
  assert.match(await rule.locator('h2').textContent(), /^description-angle-bracket$/);
  assert.match(await rule.textContent(), /What it checks.*Why it matters.*SDRS\.0212/s);
  assert.ok(await rule.locator('pre code').count() >= 2);
  assert.equal(await page.locator('#rules section').count(), createRequire(import.meta.url)(join(root, 'pkg')).rules().length);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.map((v) => `${v.id}: ${v.help}`));
  assert.deepEqual(violations, []);
  await check();
});

test('opened from a file, the page says it must be served and how', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(www, 'dist', 'index.html')).href);
  const notice = page.locator('.served-only');
  await notice.waitFor({ state: 'visible' });
  assert.match(await notice.textContent(), /must be served over HTTP.*make www.*http:\/\/127\.0\.0\.1:8080\//s);
  await context.close();
});

test('a page with errors passes axe-core, and its screenshot is written to tests/js/output/www.png', async () => {
  const { page, check } = await openConsole();
  await pasteBody(page, [
    '{',
    '  "protected_instance": {',
    `    "server_group_id": "${ERP_GROUP}",`,
    `    "server_id": "${SHOP_WEB_01}",`,
    '    "name": "erp app 01",',
    '    "description": "ERP application server",',
    `    "primary_subnet_id": "${ERP_DR_SUBNET}",`,
    '    "primary_ip_address": "192.168.20.25",',
    '    "flavorRef": "s3.large.2",',
    '    "tags": [{"key": "owner", "value": "team-erp"}, {"key": "owner", "value": "team-shop"}]',
    '  }',
    '}',
    '',
  ].join('\n'));
  await page.getByRole('button', { name: 'Problems panel' }).click();
  await page.locator('.cm-panel-lint').waitFor();
  assert.ok(await page.locator('#create').isDisabled());

  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  });
  assert.deepEqual(violations, []);

  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: join(output, 'www.png'), fullPage: true });
  await check();
});

/** The lines an inline element's text wraps to (the distinct tops of its boxes). */
const lineCount = (locator) => locator.evaluate((element) => new Set([...element.getClientRects()].map((r) => Math.round(r.top))).size);

/** axe-core's violations on the page as it is. */
async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] }))
    .violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`));
}

test('at 390 px (a phone), 320 px and 768 px nothing scrolls sideways, "eu-de" stays on one line, and a tag key\'s warning gets the row\'s width; screenshots in tests/js/output/www-WIDTH.png', async () => {
  for (const width of [390, 320, 768]) {
    const { page, check } = await openConsole({ viewport: { width, height: 844 } });
    // A space in a tag key: tag-portable-charset, a warning under the key.
    await page.locator('#tag-0-key').fill('cost center');
    await settled(page);
    const warning = page.locator('#tag-0-key-messages li[data-code="tag-portable-charset"]');
    await warning.waitFor();
    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: join(output, `www-${width}.png`), fullPage: true });

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= width, `at ${width} px the page is ${scrollWidth} px wide`);
    const region = page.locator('.topbar .context-item strong', { hasText: 'eu-de' });
    assert.equal(await lineCount(region), 1, `at ${width} px the region "eu-de" is broken across lines`);
    const box = await region.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `at ${width} px the region is outside the page (${JSON.stringify(box)})`);
    if (width === 390) {
      const row = await page.locator('.tag-row').first().boundingBox();
      const message = await warning.boundingBox();
      assert.ok(message.width >= 0.9 * row.width, `the warning is ${message.width} px wide in a tag row of ${row.width} px`);
      const lines = await lineCount(warning.locator('.text'));
      assert.ok(lines <= 3, `the warning's text wraps to ${lines} lines`);
      // The column heads are gone: each field says what it is.
      assert.ok(await page.locator('.tag-row').first().getByText('Key', { exact: true }).isVisible());
      assert.ok(await page.locator('.tag-row').first().getByText('Value', { exact: true }).isVisible());
      assert.deepEqual(await axeViolations(page), []);
    }
    await check();
  }
});

/** What tells a person whether a button can be pressed. */
const look = (locator) => locator.evaluate((element) => {
  const style = getComputedStyle(element);
  return { color: style.color, background: style.backgroundColor, border: style.borderTopColor, opacity: style.opacity, cursor: style.cursor };
});

/** Asserts that `disabled` and `enabled` (looks) differ in colour, background, border and cursor. */
function looksDisabled(what, disabled, enabled) {
  for (const property of ['color', 'background', 'border', 'cursor']) {
    assert.notEqual(disabled[property], enabled[property], `${what}: the disabled button has the enabled one's ${property} (${enabled[property]})`);
  }
}

test('a disabled button looks disabled: "Fix all" and "Add tag" differ from their enabled look in colour, background, border and cursor', async () => {
  const { page, check } = await openConsole();
  const fixAll = page.locator('#fix-all');
  mkdirSync(output, { recursive: true });
  // The demo request has nothing "Fix all" fixes; a padded tag key has (tag-whitespace).
  assert.equal(await fixAll.isDisabled(), true);
  const fixAllDisabled = await look(fixAll);
  await fixAll.screenshot({ path: join(output, 'www-fix-all-disabled.png') });
  await page.locator('#tag-0-key').fill(' owner ');
  await settled(page);
  assert.equal(await fixAll.isEnabled(), true);
  await fixAll.screenshot({ path: join(output, 'www-fix-all-enabled.png') });
  looksDisabled('"Fix all"', fixAllDisabled, await look(fixAll));

  // While the body is half-typed the form is read-only, "Add tag" too.
  const addTag = page.locator('#add-tag');
  const addTagEnabled = await look(addTag);
  await editorContent(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('{');
  await settled(page);
  assert.equal(await addTag.isDisabled(), true);
  looksDisabled('"Add tag"', await look(addTag), addTagEnabled);
  await check();
});

// A long form with problems: ten tags, most with a space in the key.
const TEN_TAGS = `${JSON.stringify({
  protected_instance: {
    server_group_id: ERP_GROUP,
    server_id: ERP_APP_01,
    name: 'erp app 01',
    description: 'ERP <application> server',
    tags: Array.from({ length: 10 }, (_, i) => ({ key: i % 3 ? `team ${i + 1}` : `team-${i + 1}`, value: `value-${i + 1}` })),
  },
}, null, 2)}\n`;

test('"Create" and the problem count stay in view with the form scrolled to its end and back to the top, at 1360×1000 and at 390×844; screenshots in tests/js/output/', async () => {
  for (const viewport of [{ width: 1360, height: 1000 }, { width: 390, height: 844 }]) {
    const { page, check } = await openConsole({ viewport });
    await pasteBody(page, TEN_TAGS);
    assert.equal(await page.locator('.tag-row').count(), 10);
    assert.match(await page.locator('#lint-status').textContent(), /^2 errors, \d+ warnings$/);
    const size = `${viewport.width}x${viewport.height}`;
    for (const where of ['end', 'top']) {
      await page.evaluate((end) => {
        const form = document.getElementById('request-form');
        window.scrollTo(0, end ? form.getBoundingClientRect().bottom + window.scrollY - window.innerHeight : 0);
      }, where === 'end');
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      if (where === 'end') assert.ok(await page.evaluate(() => window.scrollY > 0), 'the form fits the window: nothing to scroll');
      await page.screenshot({ path: join(output, `www-sticky-${size}-${where}.png`) });
      for (const id of ['create', 'lint-status']) {
        const shown = await page.locator(`#${id}`).evaluate((element) => {
          const r = element.getBoundingClientRect();
          const inside = r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
          const hit = inside && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return { inside, uncovered: Boolean(hit) && element.contains(hit), box: [r.left, r.top, r.right, r.bottom].map(Math.round) };
        });
        assert.ok(shown.inside && shown.uncovered, `at ${size}, the form scrolled to its ${where}: #${id} ${shown.inside ? 'is covered' : 'is out of view'} (${shown.box})`);
      }
    }
    await check();
  }
});

test('the hints follow the cloud: on Huawei Cloud names may hold Chinese characters and tags anything but the forbidden set; on Open Telekom Cloud neither', async () => {
  const { page, check } = await openConsole();
  const nameHint = page.locator('#field-name-hint');
  const tagsHint = page.locator('#tags-hint');
  const cloud = page.getByLabel('Cloud', { exact: true });
  const onOtc = async () => {
    assert.doesNotMatch(await nameHint.textContent(), /Chinese/);
    assert.match(await nameHint.textContent(), /Letters, digits, "\.", "_" and "-"/);
    const tags = await tagsHint.textContent();
    assert.match(tags, /letters, digits, "_" and "-"/);
    assert.doesNotMatch(tags, /@/);
  };
  await onOtc();
  assert.match(await page.locator('#field-name').getAttribute('aria-describedby'), /\bfield-name-hint\b/);
  assert.match(await page.locator('#tag-0-key').getAttribute('aria-describedby'), /\btags-hint\b/);

  await cloud.selectOption('huawei');
  await settled(page);
  assert.match(await nameHint.textContent(), /Chinese characters \(U\+4E00–U\+9FA5\)/);
  const tags = await tagsHint.textContent();
  assert.ok(tags.includes('* < > \\ = , | /'), tags);
  assert.doesNotMatch(tags, /letters, digits, "_" and "-"/);
  // What the hint says is what the linter checks.
  await page.locator('#field-name').fill('数据库-dr');
  await settled(page);
  assert.deepEqual(await codes(page.locator('#field-name-messages')), []);
  await page.screenshot({ path: join(output, 'www-huawei.png'), fullPage: true });

  await cloud.selectOption('otc');
  await settled(page);
  await onOtc();
  assert.deepEqual(await codes(page.locator('#field-name-messages')), ['name-charset']);
  await check();
});

test('labels count tags from 1 (SPEC §2): the third tag is "Tag 3" in its row, its fields, its Remove button and the summary', async () => {
  const { page, check } = await openConsole({ viewport: { width: 390, height: 844 } });
  await page.getByRole('button', { name: 'Add tag' }).click();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), 'tag-2-key'));
  // The third tag repeats the first one's key: tag-key-duplicate at /protected_instance/tags/2/key.
  await page.keyboard.type('owner');
  await settled(page);
  const row = page.locator('.tag-row').nth(2);
  assert.equal(await row.getAttribute('aria-label'), 'Tag 3');
  const title = row.locator('.tag-title');
  assert.equal(await title.textContent(), 'Tag 3');
  assert.ok(await title.isVisible());
  assert.equal(await page.locator('#tag-2-key').getAttribute('aria-label'), 'Tag 3: Key');
  assert.equal(await page.locator('#tag-2-value').getAttribute('aria-label'), 'Tag 3: Value');
  assert.equal(await row.locator('button.remove').getAttribute('aria-label'), 'Remove tag 3');
  assert.equal(await page.locator('#problems li[data-path="/protected_instance/tags/2/key"] .where').textContent(), 'Tag 3: Key');
  // Every tag number the page writes itself (not the linter's messages): 1, 2, 3.
  const numbers = await page.evaluate(() => {
    const texts = [...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'))
      .concat([...document.querySelectorAll('.where, .tag-title, .tag-row .hint, #tags .hint')].map((e) => e.textContent));
    return [...new Set(texts.flatMap((t) => [...t.matchAll(/\btag (\d+)/gi)].map((m) => Number(m[1]))))].sort();
  });
  assert.deepEqual(numbers, [1, 2, 3]);
  await check();
});

/** The form's members in page order: each field's and each list card's API name, label, and whether it is required. */
const formMembers = (page) => page.locator('#request-form').evaluate((form) => [...form.querySelectorAll('[data-field], [data-list]')].map((element) => {
  if (element.dataset.list) {
    const legend = element.querySelector('legend');
    return { name: element.dataset.list, label: legend.firstChild.textContent, required: !legend.querySelector('.optional') };
  }
  const input = element.querySelector('input');
  return { name: element.dataset.field, label: element.querySelector('.label-text').textContent, required: input.required };
}));

test('the form is the package\'s kinds(): every member it lists on the cloud, in its order, with its display name in the language, its presence and its choices', async () => {
  const { page, check } = await openConsole();
  for (const [platform, locale] of [['otc', 'en'], ['huawei', 'de'], ['otc', 'zh']]) {
    await page.locator('#platform').selectOption(platform);
    await page.locator('#locale').selectOption(locale);
    await settled(page);
    const single = kinds({ platform, locale }).find((k) => k.name === 'single');
    assert.deepEqual(await formMembers(page), single.members.map((m) => ({ name: m.name, label: m.label, required: m.required })), `${platform}, ${locale}`);
    // A list's columns are its items' names.
    const heads = await page.locator('#tags .item-head span').allTextContents();
    assert.deepEqual(heads, single.members.find((m) => m.name === 'tags').items.map((i) => i.label));
  }
  // A member's choices are the dropdown's values (after the "default" entry).
  await page.locator('#platform').selectOption('huawei');
  await settled(page);
  const tenancy = kinds({ platform: 'huawei' })[0].members.find((m) => m.name === 'tenancy');
  assert.deepEqual(await page.locator('#field-tenancy-choice option').evaluateAll((options) => options.map((o) => o.value)), ['', ...tenancy.choices]);
  await check();
});

const batchSwitch = (page) => page.getByRole('switch', { name: /Protect several servers/ });

test('the batch form: two servers checked in the account\'s list and a prefix typed make exactly this body; a server twice shows batch-duplicate-server under its row; "Create" names the batch call', async () => {
  const { page, check } = await openConsole();
  await page.getByLabel('Start from').selectOption('empty');
  await settled(page);
  await batchSwitch(page).check();
  await settled(page);
  assert.equal(await page.locator('#page-title').textContent(), 'Create protected instances');
  assert.equal(await page.locator('#field-primary_ip_address').count(), 0, 'the batch call has no address field');
  assert.deepEqual((await formMembers(page)).map((m) => m.name), BATCH.members.map((m) => m.name));

  await page.locator('#field-server_group_id-choice').selectOption(ERP_GROUP);
  await page.getByRole('checkbox', { name: /^ecs-erp-app-01 / }).check();
  await page.getByRole('checkbox', { name: /^ecs-erp-db-01 / }).check();
  await page.locator('#field-name_prefix').fill('erp-dr');
  assert.equal(await bodyText(page), [
    '{',
    '  "protected_instances": {',
    `    "server_group_id": "${ERP_GROUP}",`,
    '    "servers": [',
    '      {',
    `        "server_id": "${ERP_APP_01}"`,
    '      },',
    '      {',
    `        "server_id": "${ERP_DB_01}"`,
    '      }',
    '    ],',
    '    "name_prefix": "erp-dr"',
    '  }',
    '}',
    '',
  ].join('\n'));
  assert.deepEqual(await codes(page.locator('#problems')), []);
  assert.equal(await page.locator('.item-row.server-row').count(), 2);
  assert.equal(await page.locator('#server-1-server_id-choice').inputValue(), ERP_DB_01);
  assert.match(await page.locator('#field-name_prefix-facts').textContent(), /erp-dr-0001, erp-dr-0002/);
  const summaryServers = page.locator('.summary-facts dt', { hasText: /^Servers$/ }).locator('xpath=following-sibling::dd[1]');
  assert.equal(await summaryServers.textContent(), '2: ecs-erp-app-01, ecs-erp-db-01');
  await page.getByRole('button', { name: 'Create' }).click();
  assert.match(await page.locator('#create-outcome').textContent(), /POST \/v1\/\{project_id\}\/protected-instances\/batch/);

  // The second row's server made the first's: the message is under the second row's server, and its Fix removes the row.
  await page.locator('#server-1-server_id-choice').selectOption(ERP_APP_01);
  await settled(page);
  assert.deepEqual(await codes(page.locator('#server-1-server_id-messages')), ['batch-duplicate-server']);
  assert.deepEqual(await codes(page.locator('#server-0-server_id-messages')), []);
  assert.equal(await page.locator('#server-1-server_id-choice').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#problems li[data-path="/protected_instances/servers/1/server_id"] .where').textContent(), 'Server 2: Production site server');
  assert.equal(await page.getByRole('checkbox', { name: /^ecs-erp-db-01 / }).isChecked(), false);
  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: join(output, 'www-batch.png'), fullPage: true });
  await page.locator('#server-1-server_id-messages').getByRole('button', { name: /^Fix: / }).click();
  await eventually(async () => assert.equal(await page.locator('.item-row.server-row').count(), 1));
  await settled(page);
  assert.deepEqual(await codes(page.locator('#problems')), []);

  // Unchecking the last server leaves the list the call requires, empty: servers-empty in the Servers card.
  await page.getByRole('checkbox', { name: /^ecs-erp-app-01 / }).uncheck();
  await settled(page);
  assert.deepEqual(await codes(page.locator('#field-servers-messages')), ['servers-empty']);
  assert.match(await bodyText(page), /"servers": \[\],/);
  assert.deepEqual(await axeViolations(page), []);

  // A batch body from elsewhere is shown as one: the switch follows the linter's kind.
  await page.getByLabel('Start from').selectOption('api-page');
  await settled(page);
  assert.equal(await batchSwitch(page).isChecked(), false);
  await page.getByLabel('Start from').selectOption('batch');
  await settled(page);
  assert.equal(await batchSwitch(page).isChecked(), true);
  assert.equal(await page.locator('.item-row.server-row').count(), 2);
  assert.deepEqual(await codes(page.locator('#problems')), []);
  await check();
});

test('switching between the single and the batch call converts the body, says what it did, keeps every value (the address the batch call has no place for stays, reported), and switching back restores the text', async () => {
  const { page, check } = await openConsole();
  const single = await bodyText(page);
  await batchSwitch(page).check();
  await settled(page);
  const batch = [
    '{',
    '  "protected_instances": {',
    `    "server_group_id": "${ERP_GROUP}",`,
    '    "servers": [',
    '      {',
    `        "server_id": "${ERP_APP_01}",`,
    '        "flavorRef": "s3.xlarge.2"',
    '      }',
    '    ],',
    '    "name_prefix": "erp-app-01-dr",',
    '    "description": "ERP application server",',
    `    "primary_subnet_id": "${ERP_DR_SUBNET}",`,
    '    "primary_ip_address": "192.168.20.31",',
    '    "tags": [',
    single.slice(single.indexOf('"tags": [') + 10),
  ].join('\n').replace('"protected_instance"', '"protected_instances"');
  assert.equal(await bodyText(page), batch);
  const outcome = await page.locator('#kind-switch-outcome').textContent();
  assert.match(outcome, /"name" is now "name_prefix"/);
  assert.match(outcome, /"server_id" and "flavorRef" became the one server of "servers"/);
  assert.match(outcome, /"primary_ip_address" stays in the body/);
  // The value nothing in the batch form shows is in view, with the rule that reports it and its Fix.
  assert.deepEqual(await codes(page.locator('#body-messages')), ['batch-ip-not-supported']);
  assert.ok(await page.locator('#body-messages').isVisible());
  assert.equal(await page.locator('#field-name_prefix').inputValue(), 'erp-app-01-dr');
  assert.equal(await page.locator('#server-0-server_id-choice').inputValue(), ERP_APP_01);
  assert.equal(await page.locator('#server-0-flavorRef-choice').inputValue(), 's3.xlarge.2');
  assert.equal(await page.getByRole('checkbox', { name: /^ecs-erp-app-01 / }).isChecked(), true);

  await batchSwitch(page).uncheck();
  await settled(page);
  assert.equal(await bodyText(page), single);
  assert.equal(await page.locator('#page-title').textContent(), 'Create protected instance');
  assert.equal(await page.locator('#field-name').inputValue(), 'erp-app-01-dr');

  // With two servers the single call takes the first; the second stays in "servers", reported, and comes back with the switch.
  await batchSwitch(page).check();
  await settled(page);
  await page.getByRole('checkbox', { name: /^ecs-erp-db-01 / }).check();
  await settled(page);
  const twoServers = await bodyText(page);
  await batchSwitch(page).uncheck();
  await settled(page);
  assert.match(await page.locator('#kind-switch-outcome').textContent(), /the other 1 stays in "servers"/);
  assert.deepEqual(await codes(page.locator('#body-messages')), ['unknown-field']);
  assert.equal(await page.locator('#field-server_id-choice').inputValue(), ERP_APP_01);
  assert.match(await bodyText(page), new RegExp(`"servers": \\[\\n\\s*\\{\\n\\s*"server_id": "${ERP_DB_01}"`));
  await batchSwitch(page).check();
  await settled(page);
  assert.equal(await bodyText(page), twoServers);

  // A switch is one edit of the text: Ctrl-Z takes it back, and the form follows.
  await editorContent(page).click();
  await page.keyboard.press('Control+z');
  await settled(page);
  assert.equal(await batchSwitch(page).isChecked(), false);
  assert.equal(await page.locator('#kind-switch-outcome').textContent(), '');
  await check();
});

/**
 * The words of ASCII letters in what the page shows and says: its visible
 * text (the request's own values in the summary, its JSON in the editor and
 * the preview, and the API names in <code> left out), the options of its dropdowns, and the
 * aria-labels, titles and placeholders, in the document and the editor's
 * shadow root. Each as `word (in "text")`.
 */
const asciiWords = (page) => page.evaluate(() => {
  const texts = [];
  const roots = [document, document.getElementById('body-editor').shadowRoot];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      // Left out: the request's own values (the summary's, the editor's, the preview's) and API names.
      if (!parent || parent.closest('code, pre, .cm-content, .cm-gutters, .summary-facts dd, script, style, [hidden]')) continue;
      if (parent.closest('option') ? false : !parent.checkVisibility({ visibilityProperty: true })) continue;
      if (parent.closest('option') && parent.closest('select').hidden) continue;
      texts.push(node.textContent);
    }
    for (const element of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (element.closest('[hidden]')) continue;
      for (const name of ['aria-label', 'title', 'placeholder']) if (element.getAttribute(name)) texts.push(element.getAttribute(name));
    }
  }
  texts.push(document.title);
  return texts.flatMap((text) => text.split(/[^A-Za-z0-9_\-./{}~+@]+/)
    .map((token) => token.replace(/^[.\-/]+|[.\-/]+$/g, ''))
    .filter((token) => /^[A-Za-z]+$/.test(token))
    .map((word) => `${word} (in "${text.trim().slice(0, 80)}")`));
});

/**
 * ASCII words a Chinese page may show: product and service names, units,
 * JSON's null, key names, the language switch's own names of its languages,
 * and what the API itself spells (member names, choices, wrappers: from
 * kinds(), so that the list follows the package).
 */
const ALLOWED_WORDS = new Set([
  'SDRS', 'ECS', 'VPC', 'JSON', 'API', 'IP', 'ID', 'DSS', 'DeH', 'AZ', 'UUID', 'POST', 'Open', 'Telekom', 'Cloud', 'Huawei',
  'WebAssembly', 'Linux', 'Windows', 'vCPU', 'GiB', 'null', 'English', 'Deutsch', 'Ctrl', 'Shift', 'Esc', 'Tab',
  ...kinds({ platform: 'huawei' }).flatMap((kind) => [kind.wrapper, ...kind.members.flatMap((m) => [m.name, ...(m.choices ?? []), ...(m.items ?? []).map((i) => i.name)])]),
]);

test('in Chinese the page speaks Chinese: after the language switch no English word is left in its labels, hints, buttons, badges, summary, placeholders, aria-labels or CodeMirror\'s panel, for either call on either cloud; a Chinese browser gets it from the start', async () => {
  const { page, check } = await openConsole();
  await page.locator('#locale').selectOption('zh');
  await settled(page);
  const english = async (what) => {
    // A single capital is a key's name ("F" of a Fix in the problems panel).
    const words = (await asciiWords(page)).filter((w) => !ALLOWED_WORDS.has(w.split(' ')[0]) && !/^[A-Z] /.test(w));
    assert.deepEqual(words, [], what);
  };
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh');
  assert.equal(await page.locator('#page-title').textContent(), '创建保护实例');
  assert.equal(await page.getByLabel('语言').inputValue(), 'zh');
  await english('the single call on Open Telekom Cloud');

  // With a problem (its badge, message, Fix and Show), on Huawei Cloud (its dedicated resources), the problems panel open.
  await page.locator('#platform').selectOption('huawei');
  await page.locator('#field-name').fill('数据库 01');
  await settled(page);
  assert.deepEqual(await codes(page.locator('#field-name-messages')), ['name-charset']);
  assert.equal(await page.locator('#field-name-messages .severity').textContent(), '错误');
  await page.locator('#problems-panel').click();
  await page.locator('.cm-panel-lint').waitFor();
  await english('the single call on Huawei Cloud, with a problem and the problems panel');
  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: join(output, 'www-zh.png'), fullPage: true });

  // The batch call: its switch, what switching did, its servers.
  await page.getByRole('switch', { name: /保护多台云服务器/ }).check();
  await settled(page);
  assert.equal(await page.locator('#page-title').textContent(), '批量创建保护实例');
  assert.ok((await page.locator('#kind-switch-outcome li').count()) >= 3);
  await english('the batch call on Huawei Cloud, after switching');
  await page.screenshot({ path: join(output, 'www-zh-batch.png'), fullPage: true });

  // A rule's link keeps the language: the rules page's own words are Chinese, its rules' documentation says it is English.
  const link = page.locator('#field-name_prefix-messages a.rule-link');
  assert.equal(await link.getAttribute('href'), 'rules.html?lang=zh#name-charset');
  await page.goto(new URL(await link.getAttribute('href'), server.url).href);
  await page.locator('section#name-charset').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'sdrs-lint 的规则');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh');
  assert.match(await page.locator('.subtitle').textContent(), /规则说明目前只有英文版本/);
  assert.equal(await page.locator('section#name-charset .rule-summary').getAttribute('lang'), 'en');
  assert.match(await page.locator('section#name-charset .rule-meta').textContent(), /^错误 · /);
  assert.equal(await page.locator('.breadcrumb a').getAttribute('href'), './?lang=zh');
  await check();

  // A browser that asks for Chinese gets the page in Chinese before anyone touches the switch.
  const chinese = await openConsole({ locale: 'zh-CN' });
  assert.equal(await chinese.page.locator('#locale').inputValue(), 'zh');
  assert.equal(await chinese.page.locator('#page-title').textContent(), '创建保护实例');
  assert.equal(await chinese.page.locator('#field-server_group_id-choice').getAttribute('aria-describedby') !== null, true);
  await chinese.check();
});
