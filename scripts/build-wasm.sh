#!/usr/bin/env bash
# Builds the npm package in pkg/ (SPEC §6): the release WebAssembly module,
# its JavaScript glue for browsers/bundlers (pkg/dist/web) and for Node.js
# (pkg/dist/node), the rule codes of the TypeScript declarations, and prints
# the gzip size of the browser build.
#
# Installs what it needs: the wasm32 target and wasm-bindgen-cli at exactly
# the wasm-bindgen version of Cargo.lock (see shared TOOLCHAIN notes: not
# wasm-pack, and never Debian's wasm-opt).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=wasm32-unknown-unknown
# The budget of SPEC §6: gzip'd .wasm plus JS glue of the browser build.
LIMIT=${SDRS_WASM_SIZE_LIMIT:-61440}

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

# The command's dependencies (clap, annotate-snippets, serde-sarif) are left out.
cargo rustc --profile wasm-release --target "$TARGET" --no-default-features --lib --crate-type cdylib
WASM=target/$TARGET/wasm-release/sdrs_lint.wasm

rm -rf pkg/dist
for target in web nodejs; do
  out=pkg/dist/${target/nodejs/node}
  wasm-bindgen --target "$target" --out-dir "$out" --no-typescript \
    --remove-name-section --remove-producers-section "$WASM"
done
# The folders say which module format their .js files are, whatever the
# package.json above them says.
echo '{ "type": "module" }' > pkg/dist/web/package.json
echo '{ "type": "commonjs" }' > pkg/dist/node/package.json

# The JSON Schemas of the configuration and context files, for editors
# ("$schema": "./node_modules/sdrs-lint/schemas/config.schema.json").
rm -rf pkg/schemas
mkdir -p pkg/schemas
cp schemas/config.schema.json schemas/context.schema.json pkg/schemas/

# The Code union of the TypeScript declarations, from the catalogue itself.
node - <<'EOF'
const fs = require('fs');
const { rules } = require('./pkg/dist/node/sdrs_lint.js');
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

wasm_gz=$(gzip -9c pkg/dist/web/sdrs_lint_bg.wasm | wc -c)
js_gz=$(gzip -9c pkg/dist/web/sdrs_lint.js | wc -c)
total=$((wasm_gz + js_gz))
awk -v w="$wasm_gz" -v raw="$(stat -c %s pkg/dist/web/sdrs_lint_bg.wasm)" -v j="$js_gz" -v t="$total" -v l="$LIMIT" 'BEGIN {
  printf "build-wasm: browser build, gzip -9: sdrs_lint_bg.wasm %d B (%d B raw) + sdrs_lint.js %d B = %d B = %.1f KiB (budget %.1f KiB)\n", w, raw, j, t, t / 1024, l / 1024 }'
if [ "$total" -gt "$LIMIT" ]; then
  echo "build-wasm: OVER BUDGET by $((total - LIMIT)) B"
fi
echo "$total" > pkg/dist/size.txt
