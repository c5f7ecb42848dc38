#!/usr/bin/env bash
# Build the guardctl .deb: the binary (version, revision and build date
# stamped in), the systemd unit, the README's example config, shell
# completions and the man page, packed by nfpm (pinned below, fetched from
# the Go module proxy on first use).
#
#   scripts/build-deb.sh [OUTDIR]      # default OUTDIR: dist/
#
# Prints the path of the .deb on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
NFPM_VERSION=v2.48.0

mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

arch=$(go env GOARCH)
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
rev=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
# Debian versions must start with a digit; without a release tag this is
# 0.0.0 plus the commit date and revision, which sorts by commit time.
ver=$(git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//; s/-/+git/; s/-/./') || true
if [ -z "$ver" ]; then
  ver="0.0.0~git$(git log -1 --format=%cd --date=format:%Y%m%d%H%M%S 2>/dev/null || date -u +%Y%m%d%H%M%S).$rev"
fi

CGO_ENABLED=0 go build -trimpath -buildvcs=auto \
  -ldflags "-s -w -X github.com/guardctl/guardctl/cli.version=$ver -X github.com/guardctl/guardctl/cli.buildDate=$date" \
  -o "$stage/guardctl" .

"$stage/guardctl" completion bash > "$stage/guardctl.bash"
"$stage/guardctl" completion zsh > "$stage/_guardctl"
"$stage/guardctl" completion fish > "$stage/guardctl.fish"
"$stage/guardctl" man | gzip -9n > "$stage/guardctl.8.gz"
# The packaged binary lives in /usr/bin.
sed 's|/usr/local/bin/guardctl|/usr/bin/guardctl|g' contrib/systemd/guardctl.service > "$stage/guardctl.service"
# The config the README installs: the line `cp examples/X /etc/guardctl/guardctl.toml`.
readme_cfg=$(grep -o 'cp examples/[A-Za-z0-9_.-]*\.toml /etc/guardctl/guardctl.toml' README.md | head -1 | awk '{print $2}')
cp "${readme_cfg:-examples/nginx.toml}" "$stage/guardctl.toml"
mkdir -p "$stage/examples"
cp examples/*.toml examples/allow.txt "$stage/examples/"

nfpm=$(go env GOPATH)/bin/nfpm
if ! "$nfpm" --version 2>/dev/null | grep -q "${NFPM_VERSION#v}"; then
  GOFLAGS=-buildvcs=false go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
fi
deb="$out/guardctl_${ver}_${arch}.deb"
# nfpm expands the environment in some fields only: fill the template here.
sed "s|\${STAGE}|$stage|g; s|\${DEB_ARCH}|$arch|g; s|\${DEB_VERSION}|$ver|g" packaging/nfpm.yaml > "$stage/nfpm.yaml"
"$nfpm" package -f "$stage/nfpm.yaml" -p deb -t "$deb" >&2
echo "$deb"
