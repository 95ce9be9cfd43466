// Serves the built page (www/dist) on http://127.0.0.1:PORT/ (8080, or
// $PORT; 0 picks a free port) with the Content-Security-Policy a console
// would send. Prints the address it listens on as its first line.
//
// The policy has no 'unsafe-inline', no nonce and no 'unsafe-eval':
// scripts only from this origin, WebAssembly compiled from them
// ('wasm-unsafe-eval'), styles only from this origin's files. CodeMirror's
// own styles need no exception because the editor lives in a shadow root
// (see src/editor.js).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const root = fileURLToPath(new URL('./dist/', import.meta.url));
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

const headers = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

async function fileFor(pathname) {
  let path;
  try {
    path = normalize(join(root, decodeURIComponent(pathname)));
  } catch {
    return undefined;
  }
  if (path !== root.slice(0, -1) && !path.startsWith(root)) return undefined;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fileFor(`${pathname.replace(/\/?$/, '/')}index.html`);
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url, 'http://localhost');
  const file = request.method === 'GET' || request.method === 'HEAD' ? await fileFor(pathname) : undefined;
  if (!file) {
    response.writeHead(request.method === 'GET' || request.method === 'HEAD' ? 404 : 405, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Not found\n');
    return;
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': types[extname(file.path)] ?? 'application/octet-stream',
    'Content-Length': file.size,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file.path).pipe(response);
});

if (!(await fileFor('/index.html'))) {
  console.error(`serve: ${root} has no index.html; build the page first (make www, or npm run build in www/)`);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
