#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo fuzz, libFuzzer) for SECONDS each,
# one after the other, and prints how many inputs each ran and what it found.
#
#   scripts/fuzz.sh SECONDS [TARGET…]    (default: every target)
#
# Needs a nightly toolchain (cargo fuzz builds with sanitizer flags that
# stable refuses); installs cargo-fuzz if it is missing. The corpus of each
# target is fuzz/corpus/TARGET: the seeds of scripts/fuzz-seeds.py, plus
# what earlier runs found. A crash, timeout or out-of-memory input is saved
# in fuzz/artifacts/TARGET/ and the script exits 1; make it a regression
# test in tests/hostile.rs (`cargo fuzz fmt TARGET FILE` shows it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh SECONDS [TARGET…]" >&2
  exit 2
fi
seconds=$1
shift

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: cargo fuzz needs a nightly toolchain; installing it" >&2
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# The crate has no unsafe code, so AddressSanitizer (cargo fuzz's default)
# would find nothing a panic does not, at a fifth of the executions;
# FUZZ_SANITIZER=address brings it back.
sanitizer=${FUZZ_SANITIZER:-none}
python3 scripts/fuzz-seeds.py fuzz/corpus
cargo +nightly fuzz build -O -s "$sanitizer"
# Built once: the runs below start the binaries themselves, so that editing
# the sources during a long run does not rebuild between targets.
bin=fuzz/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release

# libFuzzer's limits: an input that takes 10 s or 2 GB is a finding (the
# largest seed is a few KB; a linear engine needs milliseconds for it).
summary=()
failed=0
for target in "${targets[@]}"; do
  log=$(mktemp)
  status=0
  mkdir -p "fuzz/artifacts/$target"
  "$bin/$target" "fuzz/corpus/$target" -artifact_prefix="fuzz/artifacts/$target/" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1 || status=$?
  runs=$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  if [ "$status" -ne 0 ]; then
    failed=1
    tail -40 "$log" >&2
    summary+=("$target: FAILED after ${runs:-?} executions (exit $status); see fuzz/artifacts/$target/")
  else
    summary+=("$target: ${runs:-?} executions in ${seconds} s, corpus $corpus inputs, no crash, timeout or OOM")
  fi
  rm -f "$log"
done
printf 'fuzz: %s\n' "${summary[@]}"
exit "$failed"
