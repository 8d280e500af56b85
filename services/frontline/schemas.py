"""Versioned JSON Schemas generated from the pydantic models (schemas/v1/*.json)."""

from __future__ import annotations

import json
from pathlib import Path

from frontline.generated import sync
from frontline.models import ALL_MODELS, CONTRACT_REVISION, SCHEMA_VERSION


def render() -> dict[str, str]:
    out = {}
    for name, model in ALL_MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://frontline.example/schemas/v{SCHEMA_VERSION}/{name}.json"
        schema["x-contract-revision"] = CONTRACT_REVISION  # fields added within v1
        out[f"v{SCHEMA_VERSION}/{name}.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(root: Path, check: bool = False) -> list[str]:
    """Write (or with check=True only compare) every schema; return the files that differ."""
    return sync(root, render(), check)
