#!/usr/bin/env bash
# Idempotent installer of Debian's `prometheus` package (provides `promtool` and `prometheus`).
# Works as root on a fresh Debian 12 machine that reaches only Debian's package mirrors.
# The package's postinst may start a prometheus daemon; this script stops and disables it:
# the tests only need the promtool binary.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  echo "promtool already installed: $(promtool --version 2>&1 | head -n1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-prometheus.sh: must run as root (or with sudo available)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# Keep the package's init scripts from starting a daemon during install (policy-rc.d: 101 = deny).
POLICY=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT

$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends prometheus

# Belt and braces: if a daemon came up anyway (systemd booted, or init.d ignored policy-rc.d),
# stop and disable it.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now prometheus.service >/dev/null 2>&1 || true
else
  if [ -x /etc/init.d/prometheus ]; then
    $SUDO /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then
    $SUDO update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
  # No running systemd: still drop the unit's enablement symlink so a later boot won't start it.
  if command -v systemctl >/dev/null 2>&1; then
    $SUDO systemctl disable prometheus.service >/dev/null 2>&1 || true
  fi
fi
# Only the daemon the package starts: /usr/bin/prometheus run as the `prometheus` user.
if command -v pgrep >/dev/null 2>&1; then
  for pid in $(pgrep -u prometheus -x prometheus 2>/dev/null || true); do
    $SUDO kill "$pid" 2>/dev/null || true
  done
fi

promtool --version 2>&1 | head -n1
