#!/usr/bin/env bash
# End-to-end benchmark of `guardctl analyze` with the default policy:
# generates a 1,000,000-line nginx combined log (scripts/genlog) and times
# analyze on it RUNS times, printing wall time, lines/s and peak RSS.
# Usage: bench/analyze.sh [LINES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/guardctl" .
go build -o "$out/genlog" ./scripts/genlog
log="$out/access-$lines.log"
[ -s "$log" ] || "$out/genlog" -lines "$lines" -o "$log"
echo "input: $log ($(du -h "$log" | cut -f1), $lines lines), $(nproc) cores"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$out/guardctl" analyze --format json "$log" > "$out/report.json"
  read -r secs rss < "$out/time.txt"
  awk -v s="$secs" -v r="$rss" -v n="$lines" 'BEGIN { printf "run: %.2f s wall, %.0f lines/s, peak RSS %.1f MB\n", s, n/s, r/1024 }'
done
