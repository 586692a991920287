#!/usr/bin/env bash
# Apache Kafka's jars from Maven Central into a cache outside git (tests start a throwaway broker).
set -euo pipefail
VERSION=4.1.1
CACHE="${TOUSU_CACHE_DIR:-$HOME/.cache/tousu}/kafka-$VERSION"
if compgen -G "$CACHE/libs/kafka_2.13-*.jar" >/dev/null; then
  exit 0
fi
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "installing Java and Maven from Debian's packages" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless maven >/dev/null
fi
echo "fetching Kafka $VERSION from Maven Central into $CACHE" >&2
mkdir -p "$CACHE"
mvn -q -B -f "$(dirname "$0")/../devtools/kafka-pom.xml" dependency:copy-dependencies \
  -DoutputDirectory="$CACHE/libs.partial"
rm -rf "$CACHE/libs" && mv "$CACHE/libs.partial" "$CACHE/libs"
