// Measures the web console (www/) in headless Chromium, as served by
// www/serve.mjs: the time from navigation to the first lint result on the
// page, and the input latency while typing in a 1 MB request body (the
// Event Timing API's duration of each keystroke: from the key event to the
// next frame painted after its handlers, the metric behind INP). It
// measures and prints; it asserts nothing.
//
//   scripts/test-wasm.sh (or make www-build; cd tests/js && npm ci), then
//   node benches/www-latency.mjs [runs]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { chromium } = createRequire(`${root}tests/js/`)('playwright-core');
const runs = Number(process.argv[2] ?? 5);

const server = spawn(process.execPath, [`${root}www/serve.mjs`], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  server.stdout.once('data', (line) => resolve(String(line).split('\n')[0].trim()));
  server.once('exit', (code) => reject(new Error(`www/serve.mjs exited with status ${code}`)));
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)];
const ms = (x) => `${x.toFixed(0)} ms`;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready]');
  return { context, page };
}

// Load to first lint: a new browser context (empty cache) each time.
const loads = [];
for (let i = 0; i < runs; i++) {
  const { context, page } = await newPage();
  loads.push(await page.evaluate(() => performance.getEntriesByName('sdrs:first-lint')[0].startTime));
  await context.close();
}

// Two 1 MB bodies: the demo request with 15 000 valid tags (tags-too-many
// is its one error), and with an unknown member holding 12 000 records; and
// the demo request itself as the baseline.
const instance = {
  server_group_id: '678ca75e-85d2-4199-9bb3-74c8df096684',
  server_id: 'b8686bf9-a18d-458e-bb2d-51d153f84814',
  name: 'erp-app-01-dr',
  description: 'ERP application server',
};
const bodies = {
  '(the demo request, baseline)': instance,
  'of tags': { ...instance, tags: Array.from({ length: 15000 }, (_, i) => ({ key: `team-${String(i).padStart(5, '0')}`, value: `value-${i}` })) },
  'of an unknown member': { ...instance, x_inventory: Array.from({ length: 12000 }, (_, i) => ({ host: `host-${i}`, rack: `r${i % 40}`, slot: i })) },
};
const typed = '-copy-of-the-erp-application-server';

async function measureTyping(body) {
  const result = { latencies: [], lints: [], lintInWorker: [], paste: [], chars: body.length };
  for (let i = 0; i < runs; i++) {
    const { context, page } = await newPage();
    await page.evaluate(() => {
      window.keystrokes = new Map();
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (!entry.interactionId || !['keydown', 'keypress', 'keyup', 'beforeinput', 'input'].includes(entry.name)) continue;
          window.keystrokes.set(entry.interactionId, Math.max(window.keystrokes.get(entry.interactionId) ?? 0, entry.duration));
        }
      }).observe({ type: 'event', durationThreshold: 16, buffered: true });
    });
    const content = page.locator('#body-editor .cm-content');
    await content.click();
    await page.keyboard.press('Control+A');
    result.paste.push(await content.evaluate(async (element, text) => {
      const started = performance.now();
      const data = new DataTransfer();
      data.setData('text/plain', text);
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      const status = document.getElementById('lint-status');
      while (status.getAttribute('aria-busy') === 'true') await new Promise((r) => setTimeout(r, 5));
      return performance.now() - started;
    }, body));
    // Type into the name's value (line 5), as a user would, ten keys a second.
    await page.keyboard.press('Control+Home');
    for (let line = 1; line < 5; line++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      performance.clearMeasures('sdrs:lint');
      window.keystrokes.clear();
    });
    await page.keyboard.type(typed, { delay: 100 });
    await page.waitForFunction(() => document.getElementById('lint-status').getAttribute('aria-busy') !== 'true');
    await page.waitForTimeout(500);
    const measured = await page.evaluate(() => ({
      keystrokes: [...window.keystrokes.values()],
      lints: performance.getEntriesByName('sdrs:lint').map((m) => [m.duration, m.detail.lintMs]),
    }));
    // The Event Timing API leaves out keystrokes under 16 ms: they count as 16 ms.
    result.latencies.push(...measured.keystrokes, ...Array(Math.max(0, typed.length - measured.keystrokes.length)).fill(16));
    result.lints.push(...measured.lints.map(([shown]) => shown));
    result.lintInWorker.push(...measured.lints.map(([, worker]) => worker));
    await context.close();
  }
  return result;
}

const typing = {};
for (const [label, protectedInstance] of Object.entries(bodies)) {
  typing[label] = await measureTyping(`${JSON.stringify({ protected_instance: protectedInstance }, null, 2)}\n`);
}

console.log(`load to first lint (${runs} loads, empty cache): median ${ms(median(loads))}, max ${ms(Math.max(...loads))}`);
for (const [label, t] of Object.entries(typing)) {
  console.log(`${label.startsWith('(') ? 'body' : '1 MB body'} ${label} (${t.chars} characters):`);
  console.log(`  input latency per keystroke (${t.latencies.length} keys, 10 a second): median ${ms(median(t.latencies))}, p95 ${ms(percentile(t.latencies, 0.95))}, max ${ms(Math.max(...t.latencies))}`);
  console.log(`  lint in the worker: median ${ms(median(t.lintInWorker))}; asked to shown: median ${ms(median(t.lints))} (${t.lints.length} lints for ${t.latencies.length} keys)`);
  console.log(`  paste to its lint result shown: median ${ms(median(t.paste))}`);
}

await browser.close();
server.kill();
