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

GO_MIN="${GO_MIN:-1.24}" # kubeconform v0.7.0 needs Go 1.24
GO_TOOLCHAIN_MODULE_VERSION=v0.0.1-go1.24.13 # golang.org/toolchain on the Go module proxy
go_recent() {
  command -v go >/dev/null &&
    printf '%s\n%s\n' "go$GO_MIN" "$(go env GOVERSION 2>/dev/null || echo go0)" | sort -VC
}
if ! command -v go >/dev/null; then
  apt_install golang-go ca-certificates # Debian 12: Go 1.19
fi
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! go_recent; then
  # Too old to build the tools (and Go < 1.21 cannot switch toolchains itself): fetch the Go
  # toolchain module from the module proxy, as GOTOOLCHAIN=auto would, and put it first on PATH.
  arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
  tc="$(cd "$work" && GOTOOLCHAIN=local go mod download -json \
    "golang.org/toolchain@$GO_TOOLCHAIN_MODULE_VERSION.linux-$arch" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  chmod +x "$tc"/bin/* "$tc"/pkg/tool/*/* 2>/dev/null || true
  export PATH="$tc/bin:$PATH" GOROOT="$tc"
fi
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"

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

command -v javac >/dev/null || apt_install openjdk-17-jdk-headless
if [ ! -e "$strimzi/.complete" ]; then
  command -v mvn >/dev/null || apt_install maven
  echo "resolving io.strimzi:api $STRIMZI_VERSION from Maven Central…" >&2
  rm -rf "$strimzi.partial"
  mvn -B -q -f "$root/deploy/validate/strimzi-pom.xml" -Dstrimzi.version="$STRIMZI_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$strimzi.partial" -DincludeScope=runtime \
    >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; exit 1; }
  rm -rf "$strimzi" && mv "$strimzi.partial" "$strimzi" && touch "$strimzi/.complete"
fi

# Compiled once (a source launch costs ~2 s per run); validate.py falls back to the source
# when deploy/validate/StrimziCheck.java is newer than the class.
check_src="$root/deploy/validate/StrimziCheck.java"
if [ ! -e "$strimzi/../check/StrimziCheck.class" ] || [ "$check_src" -nt "$strimzi/../check/StrimziCheck.class" ]; then
  javac -nowarn -d "$strimzi/../check" -cp "$strimzi/*" "$check_src"
fi

command -v docker-compose >/dev/null || apt_install docker-compose
# Where deploy/validate/validate.py finds everything.
cat >"$cache/validators.json" <<EOF
{"kustomize": "$bin/kustomize", "kubeconform": "$bin/kubeconform", "schemas": "$schemas",
 "strimzi_libs": "$strimzi", "strimzi_check": "$(cd "$strimzi/../check" && pwd)",
 "docker_compose": "$(command -v docker-compose)",
 "versions": {"kustomize": "$KUSTOMIZE_VERSION", "kubeconform": "$KUBECONFORM_VERSION",
  "kubernetes": "$K8S_VERSION", "prometheus_operator": "$PROM_OPERATOR_VERSION",
  "strimzi": "$STRIMZI_VERSION"}}
EOF
echo "validators ready: $cache/validators.json"
