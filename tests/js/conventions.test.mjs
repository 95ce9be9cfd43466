// The package in the JavaScript toolchains users run it under: the
// publishing linters (publint, arethetypeswrong) on the packed tarball, and
// Jest with jsdom, whose `require` resolves the "browser" condition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { here, root, installPackage } from './helpers.mjs';

const require = createRequire(import.meta.url);
const bin = (name) => join(here, 'node_modules', '.bin', name);

let project;
let tarball;

before(() => {
  ({ project, tarball } = installPackage());
});

after(() => rmSync(project, { recursive: true, force: true }));

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('publint finds nothing to fix', () => {
  const { status, output } = run(bin('publint'), ['--strict', join(root, 'pkg')], root);
  assert.equal(status, 0, output);
  assert.match(output, /All good!/);
});

test('arethetypeswrong resolves every entry point with types, in every module system', () => {
  const { status, output } = run(bin('attw'), [tarball], root);
  assert.equal(status, 0, output);
  assert.match(output, /No problems found/);
});

test('require() under Jest with jsdom gets the CommonJS build and works', () => {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  writeFileSync(join(project, 'lint.test.js'), `
const { lint, fix, rules } = require('sdrs-lint');
test('lints in jsdom', () => {
  expect(typeof window).toBe('object');
  const report = lint('{"protected_instance": {"name": "a b"}}');
  expect(report.diagnostics.map((d) => d.code)).toContain('name-charset');
  expect(fix('{"server_id": "x"}').text).toBe('{"protected_instance": {"server_id": "x"}}');
  expect(rules().length).toBeGreaterThan(50);
});
`);
  const config = { testEnvironment: require.resolve('jest-environment-jsdom'), rootDir: project };
  const { status, output } = run(bin('jest'), ['--config', JSON.stringify(config), '--ci'], project);
  assert.equal(status, 0, output);
  assert.match(output, /1 passed/);
});
