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

cat "$work/out.txt"
if [ "$exit_code" -gt 1 ]; then
  echo "validate failed with exit code $exit_code" >&2
  exit 1
fi
# "GC(12) Pause Young ... 207M->133M(256M)": heap in use before -> after each collection
read -r peak live < <(grep -oE '[0-9]+M->[0-9]+M' "$work/gc.log" | sed -E 's/([0-9]+)M->([0-9]+)M/\1 \2/' \
  | awk '{ if ($1 > p) p = $1; if ($2 > l) l = $2 } END { print p + 0, l + 0 }')
awk -v lines="$lines" -v s="$start" -v e="$end" -v peak="$peak" -v live="$live" -v db="$(du -m "$work/data/ledger.mv.db" | cut -f1)" 'BEGIN {
  wall = e - s
  printf "\nlines: %d, wall time: %.1f s (JVM start and report included)\n", lines, wall
  printf "throughput: %.0f lines/s end to end\n", lines / wall
  printf "heap: max -Xmx256m, peak in use %d MiB (%.0f%% of max), peak kept after a collection %d MiB\n", peak, peak * 100 / 256, live
  printf "embedded ledger file: %d MiB\n", db
}'
