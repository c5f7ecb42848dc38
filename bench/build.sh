# Sourced by the bench scripts from the repository's root: the output
# folder, the guardctl binary under test and the log generator.
# BIN=path runs a binary built elsewhere (e.g. from `git archive` of a commit).
out=bench/out
mkdir -p "$out"
bin=${BIN:-$out/guardctl}
[ -n "${BIN:-}" ] || go build -o "$bin" .
go build -o "$out/genlog" ./scripts/genlog

# combined_log LINES: the path of a generated nginx combined log of LINES
# lines, generated on first use and kept in $out.
combined_log() {
  local log="$out/access-$1.log"
  [ -s "$log" ] || "$out/genlog" -lines "$1" -o "$log"
  echo "$log"
}
