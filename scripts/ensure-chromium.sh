#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium (and a font) for the situation-map test; idempotent.
set -euo pipefail
command -v chromium >/dev/null && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "chromium missing: apt-get install chromium fonts-dejavu-core (as root)" >&2
  exit 1
fi
echo "installing chromium from Debian…" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
