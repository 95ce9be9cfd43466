// What the Node.js tests share: the package as a user installs it, a static
// file server, and Debian's Chromium.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const here = fileURLToPath(new URL('.', import.meta.url));
export const root = join(here, '..', '..');

/** A new project with the tarball of `npm pack pkg/` installed; returns its folder and the tarball. */
export function installPackage(manifest = {}) {
  assert.ok(existsSync(join(root, 'pkg', 'dist', 'web', 'sdrs_lint_bg.wasm')), 'run scripts/build-wasm.sh first');
  const project = mkdtempSync(join(tmpdir(), 'sdrs-lint-consumer-'));
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', project], { cwd: join(root, 'pkg') });
  const tarball = join(project, JSON.parse(packed)[0].filename);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, ...manifest }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, stdio: 'ignore' });
  return { project, tarball };
}

/**
 * The packed package installed in a fresh ES module project and imported
 * as a user would (`import … from 'sdrs-lint'`); `remove()` deletes the
 * project.
 */
export async function importInstalledPackage() {
  const { project } = installPackage({ type: 'module' });
  writeFileSync(join(project, 'esm.mjs'), "export * from 'sdrs-lint';\n");
  const api = await import(pathToFileURL(join(project, 'esm.mjs')));
  return { api, project, remove: () => rmSync(project, { recursive: true, force: true }) };
}

/** A port nobody listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** `python3 -m http.server` on `dir` (it sends .wasm as application/wasm); returns { url, stop }. */
export async function serve(dir) {
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(url);
      break;
    } catch (e) {
      if (i === 100) throw new Error(`${url} did not answer: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop: () => server.kill() };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that collects console errors and uncaught exceptions. */
export async function openPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems };
}

/**
 * The web console (www/dist, built by `npm run build` in www/) served by
 * www/serve.mjs, the server `make www` runs, with its Content-Security-Policy;
 * returns { url, stop }.
 */
export async function serveConsole() {
  const server = spawn(process.execPath, [join(root, 'www', 'serve.mjs')], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    server.stdout.once('data', (line) => resolve(String(line).split('\n')[0].trim()));
    server.once('exit', (code) => reject(new Error(`www/serve.mjs exited with status ${code}`)));
  });
  return { url, stop: () => server.kill() };
}
