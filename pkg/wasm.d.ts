// The browser build's WebAssembly module, for `init()` when a bundler or a
// server hands out its URL (e.g. Vite's `import url from 'sdrs-lint/sdrs_lint_bg.wasm?url'`).
declare const module: WebAssembly.Module | string;
export default module;
