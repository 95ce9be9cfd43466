// Node.js (ES module): the same instance as `require('sdrs-lint')`, so that
// a program mixing both loads the WebAssembly module once.
import cjs from './node.cjs';

export const { lint, lintValue, lintPlan, rules, initSync } = cjs;
export default cjs.default;
