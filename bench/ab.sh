#!/usr/bin/env bash
# A/B benchmark of `guardctl analyze` binaries: runs each binary on the same
# log in turns (A B A B ...), RUNS times each, and prints every run (wall
# time, CPU (user+sys) per line, peak RSS, load average) and then, per
# binary, the median CPU per line and wall time. On a shared machine runs of
# one binary spread by +-10 % with the load; taking them in turns spreads
# the load over both sides, so compare medians, never single runs. Last it
# says whether each binary's JSON report is byte-identical to the first's.
# The binaries are built elsewhere, e.g. from `git archive <commit>` trees:
#   git archive 6f577f2 | tar -x -C /tmp/a && (cd /tmp/a && go build -o /tmp/g-a .)
# Usage: bench/ab.sh LOG RUNS BINARY...   e.g. bench/ab.sh bench/out/access-1000000.log 6 /tmp/g-a /tmp/g-b
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
log=$1 runs=$2
shift 2
lines=$(wc -l < "$log")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$log" > /dev/null # warm the page cache
echo "$log: $lines lines, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  j=0
  for b in "$@"; do
    j=$((j + 1))
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$b" analyze --format json "$log" > "$tmp/out-$j.json"
    read -r secs usr sys rss < "$tmp/time"
    echo "$b $secs $usr $sys $rss $(cut -d' ' -f1 /proc/loadavg)"
  done
done | awk -v n="$lines" '
  function median(s,   a, k, i, j, t) { # insertion sort: mawk has no asort
    k = split(s, a, " ")
    for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2 }
  { cpu = ($3 + $4) * 1e6 / n
    printf "%-30s %6.2f s wall %6.3f us CPU/line %6.1f MiB peak RSS load %s\n", $1, $2, cpu, $5/1024, $6
    if (!($1 in c)) order[++k] = $1
    c[$1] = c[$1] " " cpu; w[$1] = w[$1] " " $2 }
  END { for (i = 1; i <= k; i++) { b = order[i]
          printf "median %-23s %6.2f s wall %6.3f us CPU/line (%s)\n", b, median(w[b]), median(c[b]), substr(c[b], 2) } }'
j=0
for b in "$@"; do
  j=$((j + 1))
  [ "$j" -eq 1 ] && continue
  if cmp -s "$tmp/out-1.json" "$tmp/out-$j.json"; then
    echo "report of $b: byte-identical to $1's"
  else
    echo "report of $b: DIFFERS from $1's"
  fi
done
