# One entry point for every check; .ci/run calls `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

.PHONY: example test test-native test-wasm conformance docs bench www www-build

# The main job: lint the API page's own example request (it has a typo'd
# subnet ID, so this exits 1 and shows the diagnostic).
example:
	cargo run --release --quiet -- examples/api-example.json

test: test-native test-wasm

# The npm package: build, facade tests in Node.js and Chromium, package tests.
test-wasm:
	scripts/test-wasm.sh

test-native:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test
	$(MAKE) conformance

# The public corpus beside the repository (../shared), when it is there.
conformance:
	cargo build --release --quiet
	@if [ -f ../shared/conformance/run.py ]; then \
		python3 ../shared/conformance/run.py target/release/sdrs-lint; \
	else echo "conformance corpus not found at ../shared/conformance; skipped"; fi

docs:
	UPDATE_DOCS=1 cargo test --quiet --test docs

bench:
	cargo bench --bench lint

# The web console page (www/): builds the package and the page, then serves
# it on http://127.0.0.1:$(PORT)/ with the page's Content-Security-Policy.
PORT ?= 8080
www: www-build
	PORT=$(PORT) node www/serve.mjs

www-build: www/node_modules/.package-lock.json
	scripts/build-wasm.sh
	cd www && npm run build

# npm ci (the versions of www/package-lock.json) whenever the lock file changed.
www/node_modules/.package-lock.json: www/package-lock.json
	cd www && npm ci --no-audit --no-fund
