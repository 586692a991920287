#!/usr/bin/env bash
# What the compose tests need, installed once: the Docker engine and debootstrap from Debian's
# packages, the Kafka jars (ensure-kafka.sh) and Docker Compose v2 built from the official
# source (github.com/docker/compose/v2, checksum-verified by the Go module proxy and sumdb)
# into a cache outside git.
set -euo pipefail
VERSION=2.40.3
CACHE="${TOUSU_CACHE_DIR:-$HOME/.cache/tousu}/compose-$VERSION"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

"$(dirname "$0")/ensure-kafka.sh"
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian's packages" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x "$CACHE/docker-compose" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "installing Go from Debian's packages (it fetches the toolchain compose needs)" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
  fi
  echo "building Docker Compose v$VERSION from the Go module proxy into $CACHE" >&2
  source="$(GOFLAGS=-mod=mod GOTOOLCHAIN=auto go mod download -json \
    "github.com/docker/compose/v2@v$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  mkdir -p "$CACHE"
  (cd "$source" && CGO_ENABLED=0 GOTOOLCHAIN=auto go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=v$VERSION" \
    -o "$CACHE/docker-compose.partial" ./cmd)
  mv "$CACHE/docker-compose.partial" "$CACHE/docker-compose"
fi
