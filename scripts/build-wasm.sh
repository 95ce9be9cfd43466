#!/usr/bin/env bash
# Builds the npm package in pkg/: the WebAssembly module twice, tuned for
# size for browsers (pkg/dist/web, opt-level z, SPEC's 60 KiB budget) and
# for speed for Node.js (pkg/dist/node, opt-level 3); the package's own
# JavaScript (pkg/src/api.js) wrapped as an ES module and as CommonJS; the
# rule codes of the TypeScript declarations; the files the package ships
# (schemas, rule pages, LICENSE). Prints the gzip size of the browser build.
#
# Installs what it needs: the wasm32 target and wasm-bindgen-cli at exactly
# the wasm-bindgen version of Cargo.lock (see shared TOOLCHAIN notes: not
# wasm-pack, and never Debian's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=wasm32-unknown-unknown
TARGET_DIR=${CARGO_TARGET_DIR:-target}
# The size the browser build was meant to stay within: gzip'd .wasm plus its
# JavaScript. It is over it (BENCHMARKS.md says by how much and why); the
# build says so, and tests/js/size.test.mjs guards against further growth.
TARGET_SIZE=61440

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
# profile, wasm-bindgen target, output folder, module format, features
for build in "wasm-release web web module small-allocator" "wasm-node nodejs node commonjs none"; do
  read -r profile target out format features <<<"$build"
  [ "$features" = none ] && features=""
  # The command's dependencies (clap, annotate-snippets, …) are left out.
  cargo rustc --quiet --profile "$profile" --target "$TARGET" --no-default-features \
    --features "$features" --lib --crate-type cdylib
  wasm-bindgen --target "$target" --out-dir "pkg/dist/$out" --no-typescript \
    --remove-name-section --remove-producers-section "$TARGET_DIR/$TARGET/$profile/sdrs_lint.wasm"
  # The folder says which module format its .js files are, whatever the
  # package.json above it says.
  echo "{ \"type\": \"$format\" }" > "pkg/dist/$out/package.json"
done

# Node.js's own text codecs for the CommonJS build: a test runner's
# browser-like globals (Jest with jsdom) lack TextDecoder and TextEncoder.
sed -i "1i const { TextDecoder, TextEncoder } = require('node:util');" pkg/dist/node/sdrs_lint.js

# The package's JavaScript around each build: one source, two module formats.
exports="lint, lintValue, lintPlan, fix, applyFix, rules, schema, kinds, outline"
{
  echo "// The sdrs-lint package for browsers and bundlers (generated from pkg/src/api.js;"
  echo "// its comments are in dist/node/index.cjs)."
  echo "import init, { initSync, lintText, lintIllFormed, lintNotText, lintValue as lintValueText, lintPlan as lintPlanText, fixText, rulesJson, schemaJson, kindsJson, outlineText } from './sdrs_lint.js';"
  # Browsers get size: lines that are only a comment are left out (2.7 KB
  # of 7.3 KB gzip). A comment that shares a line with code stays; code
  # after a block comment's end on its line is refused rather than lost.
  awk '
    function refuse() { print "build-wasm: pkg/src/api.js:" NR ": code after */" > "/dev/stderr"; exit 1 }
    block { if (/\*\//) { if (!/\*\/[[:space:]]*$/) refuse(); block = 0 } next }
    /^[[:space:]]*\/\*/ { if (/\*\//) { if (!/\*\/[[:space:]]*$/) refuse() } else block = 1; next }
    /^[[:space:]]*\/\// { next }
    { print }
  ' pkg/src/api.js
  echo "const api = createApi({ lintText, lintIllFormed, lintNotText, lintValue: lintValueText, lintPlan: lintPlanText, fixText, rulesJson, schemaJson, kindsJson, outlineText });"
  echo "export const { $exports } = api;"
  echo "export { initSync };"
  echo "export default init;"
} > pkg/dist/web/index.js
{
  echo "'use strict';"
  echo "// The sdrs-lint package for Node.js (generated from pkg/src/api.js). The"
  echo "// module is compiled when this file is loaded, so the functions work at"
  echo "// once; init() and initSync() exist for code shared with the browser build."
  echo "const wasm = require('./sdrs_lint.js');"
  cat pkg/src/api.js
  echo "const api = createApi(wasm);"
  echo "Object.defineProperty(exports, '__esModule', { value: true });"
  for name in ${exports//,/}; do echo "exports.$name = api.$name;"; done
  echo "exports.initSync = function initSync() {};"
  echo "exports.default = async function init() {};"
} > pkg/dist/node/index.cjs
{
  echo "// Node.js, ES module: the same instance as require('sdrs-lint'), so that a"
  echo "// program mixing both loads the WebAssembly module once."
  echo "import api from './index.cjs';"
  echo "export const { $exports, initSync } = api;"
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
wasm_gz=$(gz pkg/dist/web/sdrs_lint_bg.wasm)
js_gz=$(( $(gz pkg/dist/web/sdrs_lint.js) + $(gz pkg/dist/web/index.js) ))
total=$((wasm_gz + js_gz))
awk -v w="$wasm_gz" -v raw="$(stat -c %s pkg/dist/web/sdrs_lint_bg.wasm)" -v j="$js_gz" -v t="$total" -v l="$TARGET_SIZE" \
  -v node="$(stat -c %s pkg/dist/node/sdrs_lint_bg.wasm)" 'BEGIN {
  printf "build-wasm: browser build, gzip -9: sdrs_lint_bg.wasm %d B (%d B raw) + JavaScript %d B = %d B = %.1f KiB (target %.1f KiB: %+.1f KiB); Node.js module %d B raw\n", w, raw, j, t, t / 1024, l / 1024, (t - l) / 1024, node }'
echo "$total" > pkg/dist/size.txt
