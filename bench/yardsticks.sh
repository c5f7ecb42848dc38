#!/usr/bin/env bash
# Side-by-side yardsticks for `guardctl analyze` (issue 14): the same
# generated nginx combined log read by guardctl (default policy, JSON
# report), GoAccess (its JSON report), fail2ban-regex with Debian's
# nginx-botsearch filter (one filter, the lightest fail2ban job on an
# access log), `grep -cE` with one alternation and `wc -l`, in turns, RUNS
# times. Each line: wall time, lines/s, CPU (user+sys) per line, cores used,
# peak RSS, and guardctl's speed-up on wall time and on CPU. Missing tools
# are skipped with a note: `apt-get install goaccess fail2ban`.
# Usage: [BIN=guardctl] bench/yardsticks.sh [LINES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-3}
. bench/build.sh
log=$(combined_log "$lines")
echo "input: $log ($(du -h "$log" | cut -f1), $lines lines), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A wall cpu
measure() { # name command...
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/yard-time.txt" "$@" > "$out/yard-$name.out" 2> "$out/yard-$name.err" || {
    echo "$name: failed (exit $?), see $out/yard-$name.err"
    return
  }
  local secs usr sys rss
  read -r secs usr sys rss < "$out/yard-time.txt"
  wall[$name]=$secs
  cpu[$name]=$(awk -v u="$usr" -v y="$sys" 'BEGIN { printf "%.3f", u+y }')
  awk -v name="$name" -v s="$secs" -v u="$usr" -v y="$sys" -v r="$rss" -v n="$lines" 'BEGIN {
    printf "%-14s %7.2f s wall, %10.0f lines/s, %7.3f us CPU/line, %.2f cores, peak RSS %6.1f MB\n", name, s, n/s, (u+y)*1e6/n, (u+y)/(s > 0 ? s : 1), r/1024 }'
}

for i in $(seq "$runs"); do
  echo "run $i (load $(cut -d' ' -f1 /proc/loadavg)):"
  measure guardctl "$bin" analyze --format json "$log"
  if command -v goaccess > /dev/null; then
    measure goaccess goaccess "$log" --log-format=COMBINED -o json
  else
    echo "goaccess: not installed, skipped"
  fi
  if command -v fail2ban-regex > /dev/null && [ -e /etc/fail2ban/filter.d/nginx-botsearch.conf ]; then
    # fail2ban-regex runs on the system Python that has its module.
    measure fail2ban-regex fail2ban-regex "$log" /etc/fail2ban/filter.d/nginx-botsearch.conf
  else
    echo "fail2ban-regex: not installed, skipped"
  fi
  measure grep-cE grep -cE '" (4[0-9][0-9]|5[0-9][0-9]) |wp-login|\.env' "$log"
  measure wc-l wc -l "$log"
  for t in goaccess fail2ban-regex; do
    if [ -n "${wall[$t]:-}" ] && [ -n "${wall[guardctl]:-}" ]; then
      awk -v t="$t" -v gw="${wall[guardctl]}" -v tw="${wall[$t]}" -v gc="${cpu[guardctl]}" -v tc="${cpu[$t]}" 'BEGIN {
        printf "  guardctl vs %s: %.1fx on wall time, %.1fx on CPU\n", t, tw/gw, tc/gc }'
    fi
  done
  unset wall cpu
  declare -A wall cpu
done
