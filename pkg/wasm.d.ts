// The browser build's WebAssembly modules, for `init()` (the core module,
// `sdrs_lint_bg.wasm`) and `load()` (the full module, `sdrs_lint_full_bg.wasm`)
// when a bundler or a server hands out their URLs (e.g. Vite's
// `import url from 'sdrs-lint/sdrs_lint_bg.wasm?url'`).
declare const module: WebAssembly.Module | string;
export default module;
