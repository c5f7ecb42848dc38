#!/usr/bin/env bash
# The operator's install path, tested on this machine without touching it:
#
#  1. build, install into a temporary root the way README.md's "Install"
#     section does (binary, unit, the config the README names), then
#     check-config that config and `systemd-analyze verify` the unit;
#  2. build the .deb (scripts/build-deb.sh), install it with dpkg into a
#     throwaway root (--root, its own dpkg database), and run
#     `guardctl version` from there.
#
# Run by .ci/run. Needs: go, systemd-analyze, dpkg (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "install-test: FAIL: $*" >&2; exit 1; }

echo "== 1. README install into $work/root"
root=$work/root
go build -buildvcs=auto -o "$work/guardctl" .
install -D -m 0755 "$work/guardctl" "$root/usr/local/bin/guardctl"
# The README's service install: `sudo cp examples/X /etc/guardctl/guardctl.toml`.
cfg=$(grep -o 'cp examples/[A-Za-z0-9_.-]*\.toml /etc/guardctl/guardctl.toml' README.md | head -1 | awk '{print $2}')
[ -n "$cfg" ] || fail "README.md names no config to copy to /etc/guardctl/guardctl.toml"
install -d "$root/etc/guardctl" "$root/etc/systemd/system"
cp "$cfg" "$root/etc/guardctl/guardctl.toml" # alone, as the README copies it
cp contrib/systemd/guardctl.service "$root/etc/systemd/system/"
"$root/usr/local/bin/guardctl" check-config "$root/etc/guardctl/guardctl.toml" \
  || fail "check-config of $cfg copied alone (the unit would restart-loop)"
# The unit names absolute paths; point them into the root to verify it there.
sed -i "s|/usr/local/bin/guardctl|$root/usr/local/bin/guardctl|; s|/etc/guardctl/|$root/etc/guardctl/|" \
  "$root/etc/systemd/system/guardctl.service"
out=$(systemd-analyze verify "$root/etc/systemd/system/guardctl.service" 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warns: $out"
# What the unit will run, run now: the daemon must at least load the config.
"$root/usr/local/bin/guardctl" run --config "$root/etc/guardctl/guardctl.toml" --help >/dev/null
echo "ok: $cfg passes check-config; the unit verifies"

echo "== 2. .deb into a throwaway dpkg root"
deb=$(scripts/build-deb.sh "$work/dist" | tail -1)
[ -f "$deb" ] || fail "build-deb.sh made no package"
dpkg-deb --info "$deb" >/dev/null
droot=$work/dpkg
mkdir -p "$droot/var/lib/dpkg/info" "$droot/var/lib/dpkg/updates"
touch "$droot/var/lib/dpkg/status"
dpkg --root="$droot" --force-not-root --force-script-chrootless --force-depends \
  --log=/dev/null -i "$deb" >/dev/null
for f in usr/bin/guardctl lib/systemd/system/guardctl.service etc/guardctl/guardctl.toml \
         usr/share/bash-completion/completions/guardctl usr/share/zsh/vendor-completions/_guardctl \
         usr/share/fish/vendor_completions.d/guardctl.fish usr/share/man/man8/guardctl.8.gz; do
  [ -e "$droot/$f" ] || fail "the package does not install /$f"
done
v=$("$droot/usr/bin/guardctl" version)
echo "$v"
case "$v" in
  "guardctl 0."*built*) ;;
  *) fail "guardctl version from the package: $v" ;;
esac
"$droot/usr/bin/guardctl" check-config "$droot/etc/guardctl/guardctl.toml"
zcat "$droot/usr/share/man/man8/guardctl.8.gz" | grep -q '^\.TH guardctl 8' || fail "man page"
dpkg --root="$droot" -s guardctl | grep -q '^Status: install ok installed' || fail "dpkg does not record the package"
echo "ok: $(basename "$deb") installs and runs"
