#!/usr/bin/env bash
# Installs the tools that validate deploy/ (idempotent; everything cached under
# ${FRONTLINE_CACHE_DIR:-~/.cache/frontline}, so a second run takes about a second):
#   bin/kustomize, bin/kubeconform  built from the Go module proxy (go install)
#   schemas/<k8s>-<po>/             kubeconform JSON schemas: Kubernetes from the OpenAPI spec of
#                                   the k8s.io/kubernetes module, Prometheus-Operator from the CRD
#                                   YAML of its Go module (converted by kubeconform's own script)
#   strimzi-<v>/libs/               io.strimzi:api model classes from Maven Central
#   docker-compose                  Debian's package (`docker-compose config` needs no engine)
# Versions live here and in deploy/validate/strimzi-pom.xml; see docs/operations.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
KUSTOMIZE_VERSION=v5.7.1
KUBECONFORM_VERSION=v0.7.0
K8S_VERSION=v1.34.2
PROM_OPERATOR_VERSION=v0.85.0
STRIMZI_VERSION=0.49.0
cache="${FRONTLINE_CACHE_DIR:-$HOME/.cache/frontline}"
bin="$cache/bin"
schemas="$cache/schemas/k8s-$K8S_VERSION-po-$PROM_OPERATOR_VERSION"
strimzi="$cache/strimzi-$STRIMZI_VERSION/libs"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python=python3
mkdir -p "$bin"

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "missing $*: install them (apt-get install $*) or run as root" >&2
    exit 1
  fi
  echo "installing $* from Debian…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v go >/dev/null; then
  apt_install golang-go ca-certificates
fi
# An older Debian Go fetches the toolchain the modules ask for from the module proxy.
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" GOFLAGS="${GOFLAGS:--buildvcs=false}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

go_install() { # name version package
  local stamp="$bin/.$1-$2"
  if [ ! -x "$bin/$1" ] || [ ! -e "$stamp" ]; then
    echo "building $1 $2 with go install…" >&2
    (cd "$work" && GOBIN="$bin" go install "$3@$2")
    rm -f "$bin/.$1-"* && touch "$stamp"
  fi
}
go_install kustomize "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5
go_install kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform/cmd/kubeconform

moddir() { (cd "$work" && go mod download -json "$1@$2") | "$python" -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d.get("Error")) if d.get("Error") else print(d["Dir"])'; }

if [ ! -e "$schemas/.complete" ]; then
  echo "generating kubeconform schemas (Kubernetes $K8S_VERSION, prometheus-operator $PROM_OPERATOR_VERSION)…" >&2
  rm -rf "$schemas.partial" && mkdir -p "$schemas.partial/monitoring.coreos.com"
  k8s="$(moddir k8s.io/kubernetes "$K8S_VERSION")"
  "$python" "$root/deploy/validate/k8s_schemas.py" "$k8s/api/openapi-spec/swagger.json" "$schemas.partial/kubernetes" >&2
  po="$(moddir github.com/prometheus-operator/prometheus-operator "$PROM_OPERATOR_VERSION")"
  kc="$(moddir github.com/yannh/kubeconform "$KUBECONFORM_VERSION")"
  (cd "$schemas.partial/monitoring.coreos.com" &&
    DENY_ROOT_ADDITIONAL_PROPERTIES=1 "$python" "$kc/scripts/openapi2jsonschema.py" \
      "$po"/example/prometheus-operator-crd/monitoring.coreos.com_*.yaml >/dev/null)
  rm -rf "$schemas" && mv "$schemas.partial" "$schemas" && touch "$schemas/.complete"
fi

if [ ! -e "$strimzi/.complete" ]; then
  command -v mvn >/dev/null || apt_install maven
  echo "resolving io.strimzi:api $STRIMZI_VERSION from Maven Central…" >&2
  rm -rf "$strimzi.partial"
  mvn -B -q -Dstyle.color=never -f "$root/deploy/validate/strimzi-pom.xml" -Dstrimzi.version="$STRIMZI_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$strimzi.partial" -DincludeScope=runtime
  rm -rf "$strimzi" && mv "$strimzi.partial" "$strimzi" && touch "$strimzi/.complete"
fi

command -v docker-compose >/dev/null || apt_install docker-compose
# Where deploy/validate/validate.py finds everything.
cat >"$cache/validators.json" <<EOF
{"kustomize": "$bin/kustomize", "kubeconform": "$bin/kubeconform", "schemas": "$schemas",
 "strimzi_libs": "$strimzi", "docker_compose": "$(command -v docker-compose)",
 "versions": {"kustomize": "$KUSTOMIZE_VERSION", "kubeconform": "$KUBECONFORM_VERSION",
  "kubernetes": "$K8S_VERSION", "prometheus_operator": "$PROM_OPERATOR_VERSION",
  "strimzi": "$STRIMZI_VERSION"}}
EOF
echo "validators ready: $cache/validators.json"
