// Lints off the main thread, so that typing in a large body never waits for
// the linter: the page sends each body it wants checked, the worker answers
// with the report and the form's view of the same text; or it applies every
// safe fix and answers with the fixed text.
//
// The package's core module (English, no context) is all the first lint
// needs, so the worker starts with it; the full module (the demo account's
// context, German and Chinese, fix()) loads right after the first answer,
// and a request that needs it before then waits for it.
import init, { lint, fix, rules, load } from 'sdrs-lint';
import { parseSource } from './request-source.js';
import { formView } from './protected-instance.js';

const ready = init().then(
  () => {
    postMessage({ kind: 'ready', rules: rules() });
    return true;
  },
  (error) => {
    postMessage({ kind: 'failed', message: String(error?.message ?? error) });
    return false;
  },
);

/** The full module, loaded once: after the first answer, or sooner when a request needs it. */
let full = null;
function loadFull() {
  full ??= load().then(() => true);
  return full;
}

/** Whether an error is the core module's "call `await load()` first". */
const needsFull = (error) => error instanceof TypeError && error.message.includes('`await load()`');

onmessage = async ({ data: { id, action, text, options } }) => {
  if (!(await ready)) return;
  let answered = false;
  for (;;) {
    const started = performance.now();
    try {
      if (action === 'fix') {
        const fixed = fix(text, options);
        postMessage({ kind: 'answer', id, text: fixed.text, applied: fixed.applied });
      } else {
        const report = lint(text, options);
        const lintMs = performance.now() - started;
        postMessage({ kind: 'answer', id, report, view: viewOf(text, report), lintMs });
      }
      answered = true;
    } catch (error) {
      if (full === null && needsFull(error)) {
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

/** The form's view of the body; an empty body is an empty request the form can start filling. */
function viewOf(text, report) {
  if (text.trim() === '') return { ...formView({ kind: 'object', start: 0, end: 0, members: [] }, text), blank: true };
  const invalid = report.diagnostics.find((d) => d.code === 'invalid-json');
  const { root } = invalid ? {} : parseSource(text);
  if (root) return formView(root, text);
  return { parsed: false, problem: invalid ? { line: invalid.range?.start.line, column: invalid.range?.start.column } : null };
}
