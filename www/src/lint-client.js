// The page's side of the lint worker: lint and fix requests, each answered
// in turn.
export class LintWorker {
  /**
   * `compiled`: a promise of the package's WebAssembly module, compiled
   * once by the page, which runs it too; the worker gets it when it is
   * ready, instead of fetching and compiling it a second time.
   */
  constructor(compiled) {
    this.worker = new Worker(new URL('./lint-worker.js', import.meta.url), { type: 'module' });
    this.waiting = new Map();
    this.next = 1;
    this.ready = new Promise((resolve, reject) => {
      compiled.then((module) => this.worker.postMessage({ kind: 'module', module }), reject);
      this.worker.addEventListener('error', (event) => {
        event.preventDefault();
        reject(new Error(`the lint worker could not start${event.message ? `: ${event.message}` : ''}`));
      });
      this.worker.addEventListener('message', ({ data }) => {
        if (data.kind === 'ready') resolve(data.rules);
        else if (data.kind === 'failed') reject(new Error(`the linter could not load: ${data.message}`));
        else this.answer(data);
      });
    });
  }

  answer(data) {
    const waiting = this.waiting.get(data.id);
    this.waiting.delete(data.id);
    if (data.error) waiting.reject(new TypeError(data.error));
    else waiting.resolve(data);
  }

  /**
   * Lints `text` with `options`; resolves to `{ report, view, lintMs }`,
   * `view` the form's view of the text as a request of the kind the report
   * names, or of kind `prefer` where the text names none.
   */
  lint(text, options, prefer) {
    return this.ask('lint', text, options, prefer);
  }

  /** Applies every safe fix to `text` (the package's fix()); resolves to `{ text, applied }`. */
  fix(text, options) {
    return this.ask('fix', text, options);
  }

  ask(action, text, options, prefer) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, action, text, options, prefer });
    });
  }
}
