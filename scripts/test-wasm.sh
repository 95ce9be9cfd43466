#!/usr/bin/env bash
# Every test of the npm package, on a fresh machine too: installs Chromium and
# chromedriver (Debian), the wasm32 target and wasm-bindgen-cli (through
# scripts/build-wasm.sh) and the test's npm packages (npm ci), then runs
#  1. the facade's wasm-bindgen tests in Node.js and in headless Chromium,
#  2. the native check that the TypeScript declarations name every rule code,
#  3. the Node.js tests of tests/js: the packed tarball through ESM and
#     CommonJS, tsc on a consumer, a Vite build run in Chromium, the web
#     console page (www/, built here first) in Chromium (Playwright), and
#     the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
trap 'echo "test-wasm: $((SECONDS - started)) s"' EXIT

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt-get update
  apt-get install -y --no-install-recommends chromium chromium-driver
fi

scripts/build-wasm.sh

export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}
# The facade of the full module (the core module's is tested through the
# package: tests/js/load.test.mjs).
cargo test --target wasm32-unknown-unknown --no-default-features --features full --test wasm_node --test wasm_browser

cargo test --no-default-features --test typescript_declarations

(cd www && npm ci --no-audit --no-fund && npm run build)
(cd tests/js && npm ci --no-audit --no-fund && node --test)
