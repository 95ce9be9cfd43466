// The browser build's size, gzip'd as scripts/build-wasm.sh measures it (GNU
// gzip -9): the first load, what a page that lints in English without a
// policy or a context downloads before its first lint (the core module, its
// wasm-bindgen glue and the package's index.js), and all of it, with what
// load() brings (the full module, its glue and full.js). Issue 21 set the
// first load's target at 64 KiB (SPEC §6 asked for 60). Each limit is the
// measured size plus a little, a guard against growth by accident (a
// dependency pulled into the core module); BENCHMARKS.md says where the
// bytes go.
//
// History of the single module this replaced: 118 -> 148 KiB as the batch
// call, kinds() and outline(), and Terraform plans came (150 866 B, 147.3
// KiB, when issue 21 began). Issue 21 split it: first load 77 656 B (75.8
// KiB) at the split, 62 466 B (61.0 KiB: the core module 58 058 B, its
// glue 2 093 B, index.js 2 315 B) once the core module was cut down; all
// 209 245 B (204.3 KiB: the full module 140 905 B, its glue 2 385 B,
// full.js 3 489 B). Then the fixes after the new users' trials (the
// platform of a Terraform resource, the batch's duplicate entries and
// names, a respelt cut prefix, the other call's wrapper as a hint, the
// name_prefix messages): first load 64 169 B (62.7 KiB, the core module
// 59 739 B), all 219 148 B (214.0 KiB). Then the warm-up at init (one lint
// of a 190-byte body in index.js, so that the first lint() does not wait for
// the module's functions to compile): first load 64 441 B (62.9 KiB), all
// 219 390 B (214.2 KiB). Then the languages' own words (the command's,
// the server's, the characters they name) and the batch items' aliases:
// first load 64 945 B (63.4 KiB, the core module 60 226 B), all 220 939 B
// (215.8 KiB). Then the smaller JSON Pointers and the shared lists of known
// members: first load 65 099 B (63.6 KiB, the core module 60 380 B), all
// 221 879 B (216.7 KiB). Guards: 64 KiB (the target itself) and 218 KiB.
//
// SDRS_FIRST_LOAD_LIMIT and SDRS_WASM_SIZE_LIMIT (bytes) override the limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openPage, root } from './helpers.mjs';

const web = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'pkg', 'dist', 'web');
const FIRST_LIMIT = Number(process.env.SDRS_FIRST_LOAD_LIMIT ?? 64 * 1024);
const ALL_LIMIT = Number(process.env.SDRS_WASM_SIZE_LIMIT ?? 218 * 1024);
const FIRST = ['sdrs_lint_bg.wasm', 'sdrs_lint.js', 'index.js'];
const REST = ['sdrs_lint_full_bg.wasm', 'sdrs_lint_full.js', 'full.js'];

/** GNU gzip -9 -n of a file, as a server that compresses ahead of time sends it. */
const gzip = (path) => execFileSync('gzip', ['-9nc', path]);
const sizes = (files) => Object.fromEntries(files.map((file) => [file, gzip(join(web, file)).length]));
const sum = (object) => Object.values(object).reduce((a, b) => a + b, 0);

test(`the first load is at most ${FIRST_LIMIT} bytes gzip'd`, (t) => {
  const first = sizes(FIRST);
  t.diagnostic(`first load ${sum(first)} B: ${JSON.stringify(first)}`);
  assert.ok(sum(first) <= FIRST_LIMIT, `${sum(first)} B (${JSON.stringify(first)}) is over the limit of ${FIRST_LIMIT} B by ${sum(first) - FIRST_LIMIT} B`);
});

test(`the whole browser build, with what load() brings, is at most ${ALL_LIMIT} bytes gzip'd`, (t) => {
  const all = { ...sizes(FIRST), ...sizes(REST) };
  t.diagnostic(`all ${sum(all)} B: ${JSON.stringify(all)}`);
  assert.ok(sum(all) <= ALL_LIMIT, `${sum(all)} B (${JSON.stringify(all)}) is over the limit of ${ALL_LIMIT} B by ${sum(all) - ALL_LIMIT} B`);
});

/**
 * A server of the repository's files that sends each gzip'd (GNU gzip -9,
 * Content-Encoding: gzip), as a static host that compresses ahead of time
 * does; returns { url, stop }.
 */
function gzipServer() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = readFileSync(path).length === 0 ? Buffer.alloc(0) : gzip(path);
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-encoding': 'gzip', 'cache-control': 'no-store' });
    response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, stop: () => server.close() }));
  });
}

test(`Chromium downloads at most ${FIRST_LIMIT} bytes of the package before the first lint, and the rest only on load()`, async (t) => {
  const page = '/tests/js/output/first-load.html';
  mkdirSync(join(root, 'tests', 'js', 'output'), { recursive: true });
  writeFileSync(join(root, page), `<!doctype html><html><head><link rel="icon" href="data:,">
<script type="module">
import init, { lint, load } from '/pkg/dist/web/index.js';
await init();
const report = lint('{"protected_instance": {"name": "web 01"}}');
document.body.dataset.first = JSON.stringify(report.diagnostics.map((d) => d.code));
window.loadFull = async () => {
  await load();
  return lint('{"protected_instance": {"name": "web 01"}}', { locale: 'de' }).diagnostics.map((d) => d.message);
};
</script></head><body></body></html>
`);
  const server = await gzipServer();
  const browser = await launchChromium();
  try {
    const { page: tab, problems } = await openPage(browser);
    const downloads = [];
    tab.on('requestfinished', async (request) => {
      const { responseBodySize } = await request.sizes();
      downloads.push({ file: new URL(request.url()).pathname, bytes: responseBodySize });
    });
    await tab.goto(`${server.url}${page}`);
    await tab.waitForSelector('body[data-first]', { state: 'attached' });
    assert.deepEqual(JSON.parse(await tab.locator('body').getAttribute('data-first')), ['missing-field', 'missing-field', 'name-charset']);
    // Every response of the page so far has been counted.
    await tab.waitForFunction(() => performance.getEntriesByType('resource').length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const first = downloads.filter((d) => d.file.startsWith('/pkg/'));
    assert.deepEqual(first.map((d) => d.file.split('/').pop()).sort(), [...FIRST].sort());
    const bytes = first.reduce((a, d) => a + d.bytes, 0);
    t.diagnostic(`before the first lint: ${bytes} B (${first.map((d) => `${d.file.split('/').pop()} ${d.bytes} B`).join(', ')})`);
    assert.ok(bytes <= FIRST_LIMIT, `${bytes} B before the first lint (${JSON.stringify(first)}), over ${FIRST_LIMIT} B`);
    // The full module comes with load(), and with it the German messages.
    const german = await tab.evaluate(() => window.loadFull());
    assert.match(german[2], /Zeichen/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(downloads.filter((d) => d.file.startsWith('/pkg/')).map((d) => d.file.split('/').pop()).sort(), [...FIRST, ...REST].sort());
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.stop();
  }
});
