"""Every example message in docs/consumers.md is valid against schemas/v1 and the models."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from frontline.models import ALL_MODELS

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "docs" / "consumers.md"
EXAMPLE = re.compile(r"<!-- example: (\w+) -->\s*```json\n(.*?)```", re.S)
EXAMPLES = EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))


def test_the_guide_shows_every_public_message_kind():
    kinds = {k for k, _ in EXAMPLES}  # a kind may show twice (an original and a revision)
    assert kinds == {
        "event",
        "control_change",
        "momentum_update",
        "alert",
        "dead_letter",
        "article",
    }


@pytest.mark.parametrize(("kind", "body"), EXAMPLES, ids=[k for k, _ in EXAMPLES])
def test_example_is_valid(kind: str, body: str):
    message = json.loads(body)
    schema = json.loads((ROOT / "schemas" / "v1" / f"{kind}.json").read_text())
    jsonschema.validate(message, schema, cls=jsonschema.Draft202012Validator)
    ALL_MODELS[kind].model_validate(message)


def test_an_invalid_message_is_caught():
    # Guard against a validator that accepts anything: a wrong enum value must fail.
    body = dict(EXAMPLES)["event"]
    bad = json.loads(body) | {"type": "conquest"}
    schema = json.loads((ROOT / "schemas" / "v1" / "event.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
