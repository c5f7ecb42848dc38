#!/usr/bin/env bash
# Scale benchmark of `guardctl analyze` (issue 14): how throughput, CPU per
# line and peak RSS grow with the number of distinct clients.
#   small  1M lines, ~24k clients     (scripts/genlog -clients 20000)
#   large  10M lines, ~244k clients   (scripts/genlog -clients 200000)
#   million 10M lines, ~1M clients      (scripts/genlog -clients 1000000)
#   spray  10M lines, every line a new client (bench/spray)
# Each case runs RUNS times; every run prints wall time, lines/s, CPU
# (user+sys) per line, cores used and peak RSS (/usr/bin/time -v).
# Yardsticks on the same file in the same run: `wc -l` and `grep -cE`.
# Usage: [BIN=guardctl] bench/scale.sh [CASES] [RUNS]   e.g. bench/scale.sh "small spray" 3
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-small large spray}
runs=${2:-1}
. bench/build.sh
go build -o "$out/spray" ./bench/spray
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD)"

measure() { # name lines cmd...
  local name=$1 lines=$2; shift 2
  /usr/bin/time -v -o "$out/scale-time.txt" "$@" > "$out/scale-run.out" || true # grep -c exits 1 on no match
  awk -v name="$name" -v n="$lines" -F': ' '
    /Elapsed \(wall clock\)/ { k = split($2, t, ":"); wall = 0; for (i = 1; i <= k; i++) wall = wall*60 + t[i] }
    /User time/   { u = $2 } /System time/ { s = $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%-28s %7.2f s wall %10.0f lines/s %6.3f us CPU/line %4.2f cores %7.1f MiB peak RSS\n",
          name, wall, n/wall, (u+s)*1e6/n, (u+s)/wall, rss/1024 }' "$out/scale-time.txt"
}

for c in $cases; do
  case $c in
    small) lines=1000000;  log=$out/access-1000000.log; gen=("$out/genlog" -lines $lines -clients 20000) ;;
    large) lines=10000000; log=$out/access-10000000.log; gen=("$out/genlog" -lines $lines -clients 200000) ;;
    million) lines=10000000; log=$out/access-10000000-1m.log; gen=("$out/genlog" -lines $lines -clients 1000000) ;;
    spray) lines=10000000; log=$out/spray-10000000.log; gen=("$out/spray" -lines $lines) ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
  [ -s "$log" ] || "${gen[@]}" -o "$log"
  cat "$log" > /dev/null # warm the page cache
  echo "== $c: $log ($(du -h "$log" | cut -f1), $lines lines)"
  measure "wc -l" "$lines" wc -l "$log"
  measure "grep -cE" "$lines" grep -cE '" (4[0-9][0-9]) ' "$log"
  for i in $(seq "$runs"); do
    measure "analyze #$i" "$lines" "$bin" analyze --format json "$log"
    grep -o '"distinct_clients[a-z_]*":[^,]*' "$out/scale-run.out" | tr '\n' ' '; echo
  done
done
