#!/usr/bin/env bash
# Headless Chromium and a Chinese font from Debian's packages, if absent (the dashboard's
# browser test drives Chromium over DevTools; the font draws Chinese in its screenshots).
set -euo pipefail
if command -v chromium-headless-shell >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1; then
  if [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || fc-list :lang=zh 2>/dev/null | grep -q .; then
    exit 0
  fi
fi
echo "installing headless Chromium and a Chinese font from Debian's packages" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  chromium-headless-shell fonts-wqy-microhei >/dev/null
