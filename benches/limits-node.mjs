// One measurement for benches/limits.sh: lint() of the npm package's Node.js
// build on one file, in a process of its own so that its peak RSS is this
// input's. Prints the lint() call's time in milliseconds and the report's
// counts as JSON. `--baseline` lints a small valid request instead: Node.js,
// the package and its WebAssembly module at rest.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { lint } = require('../pkg/dist/node/index.cjs');

const file = process.argv[2];
const text = file === '--baseline'
  ? '{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"}}'
  : readFileSync(file, 'utf8');
const started = performance.now();
const report = lint(text);
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, errors: report.errors, warnings: report.warnings, kept: report.diagnostics.length }));
