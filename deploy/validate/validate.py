#!/usr/bin/env python3
"""Validate deploy/ with the tools operators run (installed by scripts/install-validators.sh).

    python deploy/validate/validate.py                    # both overlays + docker-compose.yml
    python deploy/validate/validate.py --manifest F.yaml  # an already rendered manifest stream
    python deploy/validate/validate.py --compose F.yml    # a compose file

Overlays are rendered by kustomize; every object must then pass kubeconform -strict against
Kubernetes (k8s.io/kubernetes OpenAPI) and Prometheus-Operator (its CRDs) schemas, except
kafka.strimzi.io objects, which StrimziCheck.java decodes strictly with Strimzi's model classes;
an object of any other kind has no schema and fails. Compose files go through Debian's
`docker-compose config`. Exit status 1 on the first tool that rejects something.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = (ROOT / "deploy/k8s/overlays/dev", ROOT / "deploy/k8s/overlays/production")
COMPOSE = ROOT / "docker-compose.yml"
STRIMZI_KINDS = "Kafka,KafkaNodePool,KafkaTopic,KafkaUser,KafkaRebalance"
INSTALL = "bash scripts/install-validators.sh"


class Rejected(Exception):
    """A validator rejected its input (message: the tool's own output)."""


def tools() -> dict:
    cache = Path(os.environ.get("FRONTLINE_CACHE_DIR", Path.home() / ".cache" / "frontline"))
    path = cache / "validators.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} missing: run `{INSTALL}` (or `make tools`)")
    return json.loads(path.read_text())


def _run(cmd: list[str], **kw) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        raise Rejected(f"{Path(cmd[0]).name} rejected:\n{out}")
    return out


def render(overlay: Path, t: dict | None = None) -> str:
    t = t or tools()
    return _run([t["kustomize"], "build", str(overlay)])


def check_manifest(path: Path, t: dict | None = None) -> str:
    t = t or tools()
    loc = t["schemas"] + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
    k8s = (
        t["schemas"] + "/kubernetes/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
    )
    out = _run(
        [
            t["kubeconform"],
            "-strict",
            "-summary",
            "-schema-location",
            k8s,
            "-schema-location",
            loc,
            "-skip",
            STRIMZI_KINDS,
            str(path),
        ]
    )
    src = Path(__file__).with_name("StrimziCheck.java")
    compiled = Path(t.get("strimzi_check", "/nonexistent")) / "StrimziCheck.class"
    cp = t["strimzi_libs"] + "/*"
    if compiled.exists() and compiled.stat().st_mtime >= src.stat().st_mtime:
        java = ["java", "-cp", f"{cp}:{compiled.parent}", "StrimziCheck", str(path)]
    else:
        java = ["java", "-cp", cp, str(src), str(path)]
    return out + "\n" + _run(java)


def check_compose(path: Path, t: dict | None = None) -> str:
    t = t or tools()
    # --project-directory: relative paths (build context, mounted files) resolve from the repo.
    cmd = [t["docker_compose"], "-f", str(path), "--project-directory", str(ROOT), "config", "-q"]
    return _run(cmd, cwd=ROOT) or f"{path.name}: valid"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manifest", type=Path, action="append", default=[])
    ap.add_argument("--compose", type=Path, action="append", default=[])
    args = ap.parse_args(argv)
    t = tools()
    try:
        if not args.manifest and not args.compose:
            with tempfile.TemporaryDirectory() as tmp:
                for overlay in OVERLAYS:
                    out = Path(tmp) / f"{overlay.name}.yaml"
                    out.write_text(render(overlay, t))
                    print(f"{overlay.relative_to(ROOT)}:\n{check_manifest(out, t)}")
            print(check_compose(COMPOSE, t))
        for m in args.manifest:
            print(check_manifest(m, t))
        for c in args.compose:
            print(check_compose(c, t))
    except Rejected as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
