# One entry point for every check; .ci/run calls `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

.PHONY: example test test-native test-wasm test-editors conformance docs snapshots bench bench-node bench-server www www-build

# The main job: lint the API page's own example request (it has a typo'd
# subnet ID, so this exits 1 and shows the diagnostic).
example:
	cargo run --release --quiet -- examples/api-example.json

test: test-native test-wasm test-editors

# The npm package: build, facade tests in Node.js and Chromium, package tests.
test-wasm:
	scripts/test-wasm.sh

# The language server in a real client: headless Neovim (installed when missing).
test-editors:
	scripts/test-editors.sh

test-native:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	INSTA_UPDATE=no cargo test
	$(MAKE) conformance

# The public corpus beside the repository (../shared), when it is there:
# the main cases and the corpora of the issues resolved since.
CORPORA := cases.json cases-misspelled.json cases-batch.json
conformance:
	cargo build --release --quiet
	@if [ -f ../shared/conformance/run.py ]; then \
		for corpus in $(CORPORA); do \
			echo "$$corpus: "; \
			python3 ../shared/conformance/run.py target/release/sdrs-lint ../shared/conformance/$$corpus || exit 1; \
		done; \
	else echo "conformance corpus not found at ../shared/conformance; skipped"; fi

docs:
	UPDATE_DOCS=1 cargo test --quiet --test docs

# Each rule's fixtures (tests/rules/CODE/, tests/rules/README.md): every
# case's report written again as its snapshot, and the snapshots of cases
# that are gone removed. `make test` fails on a difference and writes
# nothing (INSTA_UPDATE=no); read the snapshots' diff before committing it.
snapshots:
	cargo test --quiet --test rules --no-run
	find tests/rules -path '*/snapshots/*' \( -name '*.snap' -o -name '*.snap.new' \) -delete
	INSTA_UPDATE=always cargo test --quiet --test rules
	find tests/rules -type d -name snapshots -empty -delete

# BENCHMARKS.md's tables: criterion side by side with serde_json and
# jsonschema, the scaling table, allocations per call; then the npm package
# against JSON.parse + Ajv. On a shared machine: nice -n 10 make bench.
bench:
	cargo bench --bench lint
	cargo bench --bench allocations
	cargo bench --bench terraform
	$(MAKE) bench-server
	$(MAKE) bench-node

# The language server: a change to its published diagnostics, 400 B and 1 MB.
bench-server:
	cargo bench --bench server

# The package is rebuilt first: numbers of a stale build would mislead.
bench-node:
	scripts/build-wasm.sh
	@test -d benches/node/node_modules/ajv || (cd benches/node && npm ci --no-audit --no-fund)
	node benches/node-bench.mjs

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
