// Lints off the main thread, so that typing in a large body never waits for
// the linter: the page sends each body it wants checked, the worker answers
// with the report and the form's view of the same text; or it applies every
// safe fix and answers with the fixed text.
//
// The package's core module (English, no context) lints; the full module
// (the demo account's context, German and Chinese, fix(), and kinds() and
// outline(), which the form is built from) loads when a request first
// needs it, and at the latest right after the first answer.
import init, { lint, fix, rules, kinds, load } from 'sdrs-lint';
import { parseSource } from './request-source.js';
import { formView, kindNamed } from './request-kinds.js';

/** The package's module, compiled by the page (lint-client.js), to run here too. */
let received;
const ready = new Promise((resolve) => { received = resolve; }).then((module) => init({ module_or_path: module })).then(
  () => {
    postMessage({ kind: 'ready', rules: rules() });
    return true;
  },
  (error) => {
    postMessage({ kind: 'failed', message: String(error?.message ?? error) });
    return false;
  },
);

/** The request kinds on each platform (kinds() answers a new object each call). */
const catalogues = new Map();
function catalogue(platform) {
  if (!catalogues.has(platform)) catalogues.set(platform, kinds({ platform }));
  return catalogues.get(platform);
}

/** The full module, loaded once: after the first answer, or sooner when a request needs it. */
let full = null;
function loadFull() {
  full ??= load().then(() => true);
  return full;
}

/** Whether an error is the core module's "call `await load()` first". */
const needsFull = (error) => error instanceof TypeError && error.message.includes('`await load()`');

onmessage = async ({ data: { kind, module, id, action, text, options, prefer } }) => {
  if (kind === 'module') {
    received(module);
    return;
  }
  if (!(await ready)) return;
  let answered = false;
  let retried = false;
  for (;;) {
    const started = performance.now();
    try {
      if (action === 'fix') {
        const fixed = fix(text, options);
        postMessage({ kind: 'answer', id, text: fixed.text, applied: fixed.applied });
      } else {
        const report = lint(text, options);
        const lintMs = performance.now() - started;
        postMessage({ kind: 'answer', id, report, view: viewOf(text, report, options, prefer), lintMs });
      }
      answered = true;
    } catch (error) {
      if (!retried && needsFull(error)) {
        retried = true;
        try {
          await loadFull();
          continue;
        } catch (failed) {
          postMessage({ kind: 'answer', id, error: `the linter's full module could not load: ${String(failed?.message ?? failed)}` });
          return;
        }
      }
      // Only malformed options throw: a mistake of the page, not of the body.
      postMessage({ kind: 'answer', id, error: String(error?.message ?? error) });
    }
    break;
  }
  // The rest of the linter, once the first answer is out.
  if (answered && full === null) loadFull().catch(() => { full = null; });
};

/**
 * The form's view of the body, as a request of the kind the linter took it
 * for (`prefer`, the page's choice, where the text says nothing: an empty
 * body, a root that is no object). An empty body is an empty request the
 * form can start filling.
 */
function viewOf(text, report, options, prefer) {
  const kind = kindNamed(catalogue(options.platform ?? 'otc'), report.kind ?? prefer);
  if (text.trim() === '') return { ...formView({ kind: 'object', start: 0, end: 0, members: [] }, text, kind), blank: true };
  const invalid = report.diagnostics.find((d) => d.code === 'invalid-json');
  const { root } = invalid ? {} : parseSource(text);
  if (root) return formView(root, text, kind);
  return { parsed: false, kind: kind.name, problem: invalid ? { line: invalid.range?.start.line, column: invalid.range?.start.column } : null };
}
