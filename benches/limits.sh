#!/usr/bin/env bash
# Measures the limits of README.md's "Limits" section: each hostile shape of
# issue 8 generated at 1, 3 and 10 MB (or the sizes given, in MB), linted by
# the release command (`--format json`, wall time of the process) and by
# lint() of the npm package in Node.js (the call's time), each in a process
# of its own so that the peak memory (`/usr/bin/time -f %M`, maximum RSS) is
# that input's. Time is the best of three runs. Prints a Markdown table.
#
#   benches/limits.sh [MB…]        (default: 1 3 10)
#
# Measurements, not tests: nothing here fails on a slow run. Needs the
# release command and the package's Node.js build, and builds them if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 3 10)
cargo build --release --quiet
[ -f pkg/dist/node/index.cjs ] || scripts/build-wasm.sh >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each shape at each size, within a few bytes of SIZE MB (10^6 bytes).
python3 - "$work" "${sizes[@]}" <<'EOF'
import sys
out, sizes = sys.argv[1], [float(s) for s in sys.argv[2:]]
VALID = ('"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", '
         '"server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"')
head, tail = '{"protected_instance": {' + VALID + ', ', '}}'

def items(make, size, open_='', close=''):
    parts, n, i = [], len(head) + len(tail) + len(open_) + len(close), 0
    while n < size:
        item = make(i)
        parts.append(item)
        n += len(item) + 1
        i += 1
    return head + open_ + ','.join(parts) + close + tail

SHAPES = {
    'description': lambda size: head + '"description": "' + 'a' * (size - len(head) - len(tail) - 18) + '"' + tail,
    'unknown': lambda size: items(lambda i: '"k%d": 1' % i, size),
    'tags': lambda size: items(lambda i: '{"key": "k%d", "value": "v"}' % i, size, '"tags": [', ']'),
    'numbers': lambda size: items(lambda i: '1', size, '"tags": [', ']'),
    'repeats': lambda size: items(lambda i: '"name": "web-01"', size),
    'deep': lambda size: head + '"x": ' + '[' * (size - len(head) - len(tail) - 5) + tail,
}
for mb in sizes:
    for shape, make in SHAPES.items():
        with open(f'{out}/{shape}-{mb:g}.json', 'w') as f:
            f.write(make(int(mb * 1_000_000)))
EOF

# Runs a command three times; prints the best wall time (ms) and the peak RSS (KiB) of that run.
measure() {
  local best="" rss=""
  for _ in 1 2 3; do
    local start end ms
    start=$(date +%s%N)
    # The command exits 1 on errors; time(1) then writes a line before its own.
    /usr/bin/time -f '%M' -o "$work/time" "$@" >"$work/out" 2>/dev/null || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; rss=$(tail -1 "$work/time"); fi
  done
  echo "$best $rss"
}

# Node.js: the lint() call's own time (ms), best of three, and the process's peak RSS.
measure_node() {
  local best="" rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f '%M' -o "$work/time" node benches/limits-node.mjs "$1" >"$work/out"
    local ms m
    ms=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).ms.toFixed(0))' "$work/out")
    m=$(tail -1 "$work/time")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; rss=$m; fi
  done
  echo "$best $rss"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k * 1024 / 1e6 }'; }

echo '{"protected_instance": {"server_group_id": "523ab8ad-3759-4933-9436-4cf4ebb20867", "server_id": "403b603d-1d91-42cc-a357-81f3c2daf43f", "name": "web-01"}}' >"$work/small.json"
read -r _ native_base < <(measure target/release/sdrs-lint --format json "$work/small.json")
read -r _ node_base < <(measure_node --baseline)
echo "Baselines (a 150-byte request): command $(mb "$native_base"), Node.js with the package $(mb "$node_base")."
echo
echo "| shape | input | command: time | command: peak memory | Node.js lint(): time | Node.js: peak memory |"
echo "|---|---|---|---|---|---|"
for shape in description unknown tags numbers repeats deep; do
  for size in "${sizes[@]}"; do
    file="$work/$shape-$size.json"
    bytes=$(stat -c %s "$file")
    read -r t m < <(measure target/release/sdrs-lint --format json "$file")
    read -r ms nm < <(measure_node "$file")
    awk -v s="$shape" -v b="$bytes" -v t="$t" -v m="$m" -v ms="$ms" -v nm="$nm" -v base="$native_base" -v nbase="$node_base" 'BEGIN {
      printf "| %s | %.0f MB | %.2f s | %.0f MB (%.1f B/B) | %.2f s | %.0f MB (%.1f B/B) |\n",
        s, b / 1e6, t / 1000, m * 1024 / 1e6, (m - base) * 1024 / b, ms / 1000, nm * 1024 / 1e6, (nm - nbase) * 1024 / b }'
  done
done
echo
echo "B/B: peak memory above the baseline per input byte."
