#!/usr/bin/env bash
# Benchmark (not a test): validate a generated 1,000,000-line inventory with a 256 MiB heap and
# print lines per second and the peak heap. Usage: bench/validate-1m.sh [LINES]
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

[ -f target/ecs-image-migrator.jar ] || ./mvnw -q -DskipTests package
java bench/GenerateInventory.java "$work/inventory.csv" "$lines"

start=$(date +%s.%N)
set +e
java -Xmx256m -Xlog:gc:file="$work/gc.log" -jar target/ecs-image-migrator.jar validate \
  --inventory "$work/inventory.csv" --migrator.data-dir="$work/data" --migrator.progress-interval=1h \
  > "$work/out.txt" 2>&1
exit_code=$?
set -e
end=$(date +%s.%N)

grep -vE '^/' "$work/out.txt"   # the summary, without the error preview
if [ "$exit_code" -gt 1 ]; then
  echo "validate failed with exit code $exit_code" >&2
  exit 1
fi
# "GC(12) Pause Young ... 207M->133M(256M)": the heap in use when each collection started
peak=$(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | sed -E 's/M->.*//' | sort -n | tail -n 1)
awk -v lines="$lines" -v s="$start" -v e="$end" -v peak="${peak:-0}" -v db="$(du -m "$work/data/ledger.mv.db" | cut -f1)" 'BEGIN {
  wall = e - s
  printf "\nlines: %d, wall time: %.1f s (JVM start and report included)\n", lines, wall
  printf "throughput: %.0f lines/s end to end\n", lines / wall
  printf "heap: -Xmx256m, peak in use %d MiB (%.0f%% of the maximum)\n", peak, peak * 100 / 256
  printf "embedded ledger file: %d MiB\n", db
}'
grep -E '^(load|plan): .* done in' "$work/out.txt" | sed -E 's/^([a-z]+): ([0-9,]+) done in ([0-9.]+) s$/\1 \2 \3/' \
  | awk '{ n = $2; gsub(",", "", n); printf "%s step: %s items in %.1f s = %.0f/s\n", $1, $2, $3, n / $3 }'
