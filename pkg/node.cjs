'use strict';
// Node.js (CommonJS): the module is compiled synchronously when this file is
// loaded, so the functions work at once. `init` and `initSync` exist so that
// code shared with the browser build (which needs `await init()`) runs here too.
const wasm = require('./dist/node/sdrs_lint.js');

async function init() {}
function initSync() {}

Object.defineProperty(exports, '__esModule', { value: true });
exports.lint = wasm.lint;
exports.lintValue = wasm.lintValue;
exports.lintPlan = wasm.lintPlan;
exports.rules = wasm.rules;
exports.initSync = initSync;
exports.default = init;
