#!/usr/bin/env python3
"""Kubernetes' OpenAPI (swagger.json of a k8s.io/kubernetes release) -> kubeconform JSON schemas.

    python deploy/validate/k8s_schemas.py SWAGGER_JSON OUT_DIR

One standalone, strict schema per group/version/kind, written as
OUT_DIR/<group>/<kind>_<version>.json (core group: OUT_DIR/v1/<kind>_v1.json), the layout
that kubeconform's -schema-location
'OUT_DIR/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json' reads.
Strict the way `kubectl --validate=strict` is: an object with declared properties gets
`additionalProperties: false`. Kubernetes' own spec rather than a prebuilt schema collection:
it comes from the Go module proxy at the exact release we target (see docs/operations.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REF = "#/definitions/"
# Types whose wire format is looser than their OpenAPI "type: string" says.
OVERRIDES = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
        "oneOf": [{"type": "string"}, {"type": "integer"}]
    },
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {
        "oneOf": [{"type": "string"}, {"type": "number"}]
    },
}


def _strict(node: Any, names: bool = False) -> Any:
    """Copy of `node` with additionalProperties false wherever properties are declared.

    Descriptions are dropped (size); `names` marks a `properties` map, whose keys are fields.
    """
    if isinstance(node, list):
        return [_strict(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {
        k: _strict(v, names=k == "properties" and not names)
        for k, v in node.items()
        if names or not (k == "description" and isinstance(v, str))
    }
    if not names and "properties" in node and "additionalProperties" not in node:
        out["additionalProperties"] = False
    return out


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            found.add(ref[len(REF) :])
        for v in node.values():
            _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)


def reachable(defs: dict[str, Any], root: str) -> set[str]:
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        found: set[str] = set()
        _refs(defs[name], found)
        todo.extend(found - seen)
    return seen


def schema_for(defs: dict[str, Any], name: str, gvk: dict[str, str]) -> dict[str, Any]:
    group, version, kind = gvk["group"], gvk["version"], gvk["kind"]
    api_version = f"{group}/{version}" if group else version
    root = _strict(defs[name])
    props = root.setdefault("properties", {})
    props["apiVersion"] = {"type": "string", "enum": [api_version]}
    props["kind"] = {"type": "string", "enum": [kind]}
    root["required"] = sorted(set(root.get("required", [])) | {"apiVersion", "kind"})
    sub = {n: OVERRIDES.get(n) or _strict(defs[n]) for n in reachable(defs, name) if n != name}
    return {"$schema": "http://json-schema.org/draft-04/schema#", **root, "definitions": sub}


def main(argv: list[str]) -> int:
    swagger, out = Path(argv[0]), Path(argv[1])
    defs = json.loads(swagger.read_text())["definitions"]
    written = 0
    for name, d in sorted(defs.items()):
        for gvk in d.get("x-kubernetes-group-version-kind", []):
            if name.startswith("io.k8s.apimachinery.pkg.apis.meta.v1.") and gvk["kind"] in (
                "WatchEvent",
                "DeleteOptions",
            ):
                continue
            # kubeconform's {{ .Group }} of a core object ("apiVersion: v1") is "v1".
            group = gvk["group"] or gvk["version"]
            path = out / group / f"{gvk['kind'].lower()}_{gvk['version']}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(schema_for(defs, name, gvk)))
            written += 1
    print(f"{written} Kubernetes schemas written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
