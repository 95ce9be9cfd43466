#!/usr/bin/env bash
# Builds the npm package in pkg/: the WebAssembly module three times, for
# browsers tuned for size (pkg/dist/web, opt-level z): the core module, the
# first load (English, lint(), lintValue(), rules()), and the full module
# that load() brings; for Node.js tuned for speed (pkg/dist/node, opt-level
# 3, everything); the package's own JavaScript (pkg/src/api.js and
# api-full.js) wrapped as ES modules and as CommonJS; the rule codes of the
# TypeScript declarations; the files the package ships (schemas, rule pages,
# LICENSE). Prints the gzip size of the browser build's first load and of
# all of it.
#
# Installs what it needs: the wasm32 target and wasm-bindgen-cli at exactly
# the wasm-bindgen version of Cargo.lock (see shared TOOLCHAIN notes: not
# wasm-pack, and never Debian's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=wasm32-unknown-unknown
TARGET_DIR=${CARGO_TARGET_DIR:-target}
# The first load's budget (issue 21: 64 KiB gzip of the core module and the
# JavaScript a page loads before its first lint; SPEC §6 asked for 60). The
# build says how far it is; tests/js/size.test.mjs guards the measured size.
TARGET_SIZE=65536

if ! rustup target list --installed | grep -qx "$TARGET"; then
  rustup target add "$TARGET"
fi

WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "build-wasm: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WB_VERSION" ]; then
  echo "build-wasm: installing wasm-bindgen-cli $WB_VERSION"
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "=$WB_VERSION"
fi

rm -rf pkg/dist
# profile, wasm-bindgen target, output folder, module format, features, name
for build in \
  "wasm-release web web module small-allocator sdrs_lint" \
  "wasm-release web web module small-allocator,full sdrs_lint_full" \
  "wasm-node nodejs node commonjs full sdrs_lint"; do
  read -r profile target out format features name <<<"$build"
  # The command's dependencies (clap, annotate-snippets, …) are left out.
  cargo rustc --quiet --profile "$profile" --target "$TARGET" --no-default-features \
    --features "$features" --lib --crate-type cdylib
  wasm-bindgen --target "$target" --out-dir "pkg/dist/$out" --out-name "$name" --no-typescript \
    --remove-name-section --remove-producers-section "$TARGET_DIR/$TARGET/$profile/sdrs_lint.wasm"
  # The folder says which module format its .js files are, whatever the
  # package.json above it says.
  echo "{ \"type\": \"$format\" }" > "pkg/dist/$out/package.json"
done

# Node.js's own text codecs for the CommonJS build: a test runner's
# browser-like globals (Jest with jsdom) lack TextDecoder and TextEncoder.
sed -i "1i const { TextDecoder, TextEncoder } = require('node:util');" pkg/dist/node/sdrs_lint.js

# The browser build's JavaScript (the package's own and wasm-bindgen's
# glue) without the lines that are only a comment and without indentation:
# 3.3 KB of the first load's 8.3 KB gzip were comments, 0.2 KB indentation.
# A comment that shares a line with code stays; code after a block
# comment's end on its line, and a line with an odd number of backticks (a
# template literal across lines, whose indentation is its text), are
# refused rather than changed. The Node.js build keeps everything.
compact() {
  awk -v file="$1" '
    function refuse(why) { print "build-wasm: " file ":" NR ": " why > "/dev/stderr"; exit 1 }
    block { if (/\*\//) { if (!/\*\/[[:space:]]*$/) refuse("code after */"); block = 0 } next }
    /^[[:space:]]*\/\*/ { if (/\*\//) { if (!/\*\/[[:space:]]*$/) refuse("code after */") } else block = 1; next }
    /^[[:space:]]*\/\// { next }
    {
      line = $0
      gsub(/\\`/, "", line)
      if (gsub(/`/, "", line) % 2) refuse("a template literal across lines")
      sub(/^[[:space:]]+/, "")
      print
    }
  ' "$1"
}
for name in sdrs_lint sdrs_lint_full; do
  compact "pkg/dist/web/$name.js" > "pkg/dist/web/$name.js.tmp"
  mv "pkg/dist/web/$name.js.tmp" "pkg/dist/web/$name.js"
done

core_exports="lint, lintValue, rules"
full_exports="lintPlan, fix, applyFix, schema, kinds, outline"
# The browser entry: the core module and api.js. The functions of the full
# module wait for load(), which imports full.js (a chunk of its own for a
# bundler) and from then on sends every call to the full module.
{
  cat <<'EOF'
// The sdrs-lint package for browsers and bundlers (generated from pkg/src/api.js;
// its comments are in dist/node/index.cjs): init() loads the core module,
// load() the full one (full.js).
import initModule, { initSync as initModuleSync, lintText, lintIllFormed, lintNotText, lintValue as lintValueText, rulesJson } from './sdrs_lint.js';
EOF
  compact pkg/src/api.js
  cat <<'EOF'
const wasm = { lintText, lintIllFormed, lintNotText, lintValue: lintValueText, rulesJson };
const api = createApi(wasm);
let full = null;
let loading = null;
function needs(name) {
  return function (...args) {
    if (full === null) throw new TypeError(`${name}() needs the full module, which is not loaded: call \`await load()\` first`);
    return full[name](...args);
  };
}
export function load(module_or_path) {
  loading ??= import('./full.js').then((m) => m.load(module_or_path, wasm, api.shared, api.warm)).then(
    (functions) => { full = functions; },
    (error) => { loading = null; throw error; },
  );
  return loading;
}
// Ready means warm: the first lint() after init() is not the one that
// waits for the module's functions to compile (api.js, warm()).
export function initSync(module) {
  const exports = initModuleSync(module);
  api.warm();
  return exports;
}
export default async function init(module_or_path) {
  const exports = await initModule(module_or_path);
  api.warm();
  return exports;
}
EOF
  echo "export const { $core_exports } = api;"
  for name in ${full_exports//,/}; do echo "export const $name = needs('$name');"; done
} > pkg/dist/web/index.js
{
  cat <<'EOF'
// The rest of the sdrs-lint package for browsers (generated from pkg/src/api-full.js):
// the full module, which load() in index.js brings.
import initFull, * as full from './sdrs_lint_full.js';
EOF
  compact pkg/src/api-full.js
  cat <<'EOF'
export async function load(module_or_path, wasm, shared, warm) {
  await initFull(module_or_path);
  for (const name of Object.keys(wasm)) wasm[name] = full[name];
  warm();
  return createFullApi(full, shared);
}
EOF
} > pkg/dist/web/full.js
{
  echo "'use strict';"
  echo "// The sdrs-lint package for Node.js (generated from pkg/src/api.js and"
  echo "// api-full.js). The full module is compiled when this file is loaded, so"
  echo "// the functions work at once; init(), initSync() and load() exist for code"
  echo "// shared with the browser build."
  echo "const wasm = require('./sdrs_lint.js');"
  cat pkg/src/api.js pkg/src/api-full.js
  echo "const api = createApi(wasm);"
  echo "const fullApi = createFullApi(wasm, api.shared);"
  echo "api.warm();"
  echo "Object.defineProperty(exports, '__esModule', { value: true });"
  for name in ${core_exports//,/}; do echo "exports.$name = api.$name;"; done
  for name in ${full_exports//,/}; do echo "exports.$name = fullApi.$name;"; done
  echo "exports.load = async function load() {};"
  echo "exports.initSync = function initSync() {};"
  echo "exports.default = async function init() {};"
} > pkg/dist/node/index.cjs
{
  echo "// Node.js, ES module: the same instance as require('sdrs-lint'), so that a"
  echo "// program mixing both loads the WebAssembly module once."
  echo "import api from './index.cjs';"
  echo "export const { $core_exports, $full_exports, load, initSync } = api;"
  echo "export default api.default;"
} > pkg/dist/node/index.mjs

# The Code union of the TypeScript declarations, from the catalogue itself.
node - <<'EOF'
const fs = require('fs');
const { rules } = require('./pkg/dist/node/index.cjs');
const file = 'pkg/sdrs-lint.d.ts';
const text = fs.readFileSync(file, 'utf8');
const begin = text.indexOf('\n', text.indexOf('// BEGIN CODES')) + 1;
const end = text.indexOf('// END CODES');
if (begin <= 0 || end < begin) throw new Error(`${file}: no BEGIN CODES/END CODES block`);
const union = rules().map((r) => `  | ${JSON.stringify(r.code)}`).join('\n');
const updated = text.slice(0, begin) + union + ';\n' + text.slice(end);
if (updated !== text) {
  fs.writeFileSync(file, updated);
  console.log(`build-wasm: updated the Code union in ${file}`);
}
EOF

# What the package ships besides the code (see pkg/package.json "files").
rm -rf pkg/schemas pkg/docs
mkdir -p pkg/schemas pkg/docs
cp schemas/*.schema.json pkg/schemas/
cp -r docs/rules pkg/docs/rules
cp LICENSE pkg/LICENSE

gz() { gzip -9c "$1" | wc -c; }
sum() { local t=0 f; for f in "$@"; do t=$((t + $(gz "pkg/dist/web/$f"))); done; echo "$t"; }
# The first load: what a page that lints in English downloads before its
# first lint. All: that and what load() brings.
first=$(sum sdrs_lint_bg.wasm sdrs_lint.js index.js)
rest=$(sum sdrs_lint_full_bg.wasm sdrs_lint_full.js full.js)
awk -v w="$(gz pkg/dist/web/sdrs_lint_bg.wasm)" -v raw="$(stat -c %s pkg/dist/web/sdrs_lint_bg.wasm)" -v f="$first" -v r="$rest" -v l="$TARGET_SIZE" \
  -v node="$(stat -c %s pkg/dist/node/sdrs_lint_bg.wasm)" 'BEGIN {
  printf "build-wasm: browser build, gzip -9: first load %d B = %.1f KiB (core module %d B, %d B raw; target %.1f KiB: %+.1f KiB); load() %d B more, %.1f KiB in all; Node.js module %d B raw\n", f, f / 1024, w, raw, l / 1024, (f - l) / 1024, r, (f + r) / 1024, node }'
printf '{ "first": %d, "all": %d }\n' "$first" "$((first + rest))" > pkg/dist/size.json
