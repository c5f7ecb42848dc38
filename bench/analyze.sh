#!/usr/bin/env bash
# End-to-end benchmark of `guardctl analyze` with the default policy:
# generates a 1,000,000-line nginx combined log (scripts/genlog) and times
# analyze on it RUNS times, printing wall time, lines/s, CPU (user+sys) per
# line, cores used and peak RSS. On a shared machine wall time follows the
# load; CPU per line much less so.
# Usage: [BIN=guardctl] bench/analyze.sh [LINES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-3}
. bench/build.sh
log=$(combined_log "$lines")
echo "input: $log ($(du -h "$log" | cut -f1), $lines lines), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$bin" analyze --format json "$log" > "$out/report.json"
  read -r secs usr sys rss < "$out/time.txt"
  awk -v s="$secs" -v u="$usr" -v y="$sys" -v r="$rss" -v n="$lines" 'BEGIN {
    printf "run: %.2f s wall, %.0f lines/s, %.3f us CPU/line, %.2f cores, peak RSS %.1f MB\n", s, n/s, (u+y)*1e6/n, (u+y)/s, r/1024 }'
done
