// README.md's table of the page's size, from the build: every file of dist/
// raw and gzip'd, and what each page loads in all. `npm run build` runs it
// after `vite build` and it rewrites the table between the markers; the
// browser tests (tests/js/www.test.mjs) fail when README.md does not have
// the table of the build they test, so a hand-kept figure cannot go stale.
//
// gzip is GNU gzip -9, as scripts/build-wasm.sh and the package's size
// test measure (Node.js's zlib compresses the module 1 KB worse), with -n:
// no file name in the header, as a server sends it. What a page loads is found by name: from its HTML's <script>
// and <link> elements on, a built file loads every file whose name it
// contains (Vite writes each reference as the file's name, hash included),
// except pages: a link to the rules page loads nothing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BEGIN = '<!-- BEGIN SIZES: written by size-table.mjs from dist/ (npm run build); do not edit -->';
export const END = '<!-- END SIZES -->';

const PAGES = [['index.html', 'console'], ['rules.html', 'rules page']];

/** What the files are, by their names without Vite's hash; a file not named here is listed all the same. */
const ROLES = {
  'index.html': 'the console\'s HTML',
  'rules.html': 'the rules page\'s HTML',
  'favicon.svg': 'the icon',
  'assets/console-[hash].js': 'the console\'s own JavaScript',
  'assets/editor-[hash].js': 'CodeMirror and the editor (a chunk of its own)',
  'assets/lint-worker-[hash].js': 'the lint worker, with the package\'s JavaScript for the core module',
  'assets/sdrs_lint_bg-[hash].wasm': 'the package\'s core WebAssembly module (English, lint(), rules()): the first lint\'s',
  'assets/full-[hash].js': 'the package\'s JavaScript for the full module (load())',
  'assets/sdrs_lint_full_bg-[hash].wasm': 'the package\'s full WebAssembly module (load(): the account\'s context, German and Chinese, fix())',
  'assets/rules-[hash].js': 'the rules page\'s JavaScript, with the rules\' docs.json',
  'assets/dom-[hash].js': 'the JavaScript both pages share (dom.js and the package\'s JavaScript)',
  'assets/dom-[hash].css': 'the pages\' CSS (style.css)',
};

/** `assets/console-4OKmVp95.js` → `assets/console-[hash].js`: Vite's hash changes with every build of changed code. */
const unhashed = (name) => name.replace(/-[\w-]{8}(\.[a-z0-9]+)$/, '-[hash]$1');

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

function files(dist) {
  return readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const data = readFileSync(path);
      return { name: relative(dist, path).split(sep).join('/'), base: entry.name, data, raw: data.length, gzip: execFileSync('gzip', ['-9nc', path]).length };
    });
}

/** The names of the files `start` loads, itself included, following references by name. */
function loadedFrom(start, all) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const name = queue.shift();
    let text = all.find((f) => f.name === name).data.toString('latin1');
    if (name.endsWith('.html')) text = (text.match(/<(script|link)\b[^>]*>/g) ?? []).join('\n');
    for (const file of all) {
      if (!seen.has(file.name) && !file.name.endsWith('.html') && text.includes(file.base)) {
        seen.add(file.name);
        queue.push(file.name);
      }
    }
  }
  return seen;
}

/** The Markdown table for the build in `dist`, markers included. */
export function sizeTable(dist) {
  const all = files(dist);
  const pages = PAGES.filter(([html]) => all.some((f) => f.name === html))
    .map(([html, page]) => ({ page, loads: loadedFrom(html, all) }));
  const rows = [...all].sort((a, b) => b.gzip - a.gzip || a.name.localeCompare(b.name)).map((f) => {
    const by = pages.filter((p) => p.loads.has(f.name)).map((p) => p.page);
    return `| \`${unhashed(f.name)}\` | ${ROLES[unhashed(f.name)] ?? ''} | ${by.join(', ') || 'neither'} | ${kib(f.raw)} | ${kib(f.gzip)} |`;
  });
  const totals = pages.map(({ page, loads }) => {
    const loaded = all.filter((f) => loads.has(f.name));
    const sum = (key) => loaded.reduce((total, f) => total + f[key], 0);
    return `| **the ${page}, all it loads** | ${loaded.length} files | | **${kib(sum('raw'))}** | **${kib(sum('gzip'))}** |`;
  });
  return [
    BEGIN,
    '| file in `dist/` | what it is | loaded by | raw | gzip -9 |',
    '|---|---|---|--:|--:|',
    ...rows,
    ...totals,
    END,
  ].join('\n');
}

/** The table between the markers of `readme`, markers included; null when it has none. */
export function tableIn(readme) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END, begin);
  return begin < 0 || end < 0 ? null : readme.slice(begin, end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const readmePath = join(here, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const old = tableIn(readme);
  if (old === null) {
    console.error(`size-table: ${readmePath} has no ${BEGIN} … ${END} block`);
    process.exit(1);
  }
  const table = sizeTable(join(here, 'dist'));
  if (table === old) {
    console.log('size-table: README.md has the build\'s sizes already');
  } else {
    writeFileSync(readmePath, readme.replace(old, () => table));
    console.log('size-table: README.md\'s size table rewritten from dist/');
  }
}
