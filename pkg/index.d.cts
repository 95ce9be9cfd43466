export * from "./sdrs-lint.js";
import type { InitInput } from "./sdrs-lint.js";

/**
 * Loads and compiles the WebAssembly module; await it once before the first
 * call in a browser. By default it fetches `sdrs_lint_bg.wasm` next to the
 * package's JavaScript (bundlers such as Vite and webpack copy it). In
 * Node.js it does nothing: loading the package already compiled the module.
 */
declare function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<unknown>;
export default init;
