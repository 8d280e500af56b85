#!/usr/bin/env bash
# Installs what the tests and the local broker need outside Python: Java 17+, Maven, promtool.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need_apt=()
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need_apt+=(maven)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "missing ${need_apt[*]}: install them (apt-get install ${need_apt[*]}) or run as root" >&2
    exit 1
  fi
  echo "installing ${need_apt[*]} from Debian…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi
java -version 2>&1 | head -1 | grep -Eq '"(1[7-9]|[2-9][0-9])' || { echo "Java 17+ required" >&2; exit 1; }
if [ -x "$here/install-prometheus.sh" ] || [ -f "$here/install-prometheus.sh" ]; then
  bash "$here/install-prometheus.sh"
fi
bash "$here/ensure-chromium.sh"
# kustomize, kubeconform + schemas, Strimzi's model classes, docker-compose (deploy/ validation).
bash "$here/install-validators.sh"
