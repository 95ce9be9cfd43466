#!/usr/bin/env bash
# The language server with a real client, on a fresh machine too: installs
# Debian's Neovim when it is missing, builds the command, and has headless
# Neovim open a copy of tests/editors/request.json, read the diagnostics of
# `sdrs-lint server`, apply the preferred quick fix and check the file
# (tests/editors/neovim.lua). Then the VS Code extension is packaged
# (editors/vscode: npm ci, npm run package) and its .vsix checked.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
trap 'echo "test-editors: $((SECONDS - started)) s"' EXIT

if ! command -v nvim >/dev/null; then
  apt-get update
  apt-get install -y --no-install-recommends neovim
fi

cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"; echo "test-editors: $((SECONDS - started)) s"' EXIT
cp tests/editors/request.json "$work/request.json"

# -u NONE: no user configuration, no plugins; the script does what a
# configuration would (start the client, attach it to the buffer).
SDRS_LINT="$PWD/target/debug/sdrs-lint" REQUEST="$work/request.json" \
  timeout 120 nvim --headless -u NONE -i NONE -n \
  -c "luafile tests/editors/neovim.lua" </dev/null
echo

# The VS Code extension: its dependencies as the lock file pins them, the
# .vsix, and in it the client and the language client library.
(
  cd editors/vscode
  node --check extension.js
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent package >/dev/null
  listing=$(unzip -l sdrs-lint.vsix)
  for needed in extension/extension.js extension/package.json \
    extension/node_modules/vscode-languageclient/node.js; do
    grep -q "$needed" <<<"$listing" || { echo "sdrs-lint.vsix lacks $needed"; exit 1; }
  done
  echo "editors/vscode: sdrs-lint.vsix packaged ($(wc -c <sdrs-lint.vsix) bytes)"
)
echo "2 passed, 0 failed"
