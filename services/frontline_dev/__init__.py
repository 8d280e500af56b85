"""Frontline's development tools, kept out of the runtime package and image.

The local Kafka broker, worker process helpers, `frontline run` (the demo), `frontline bench`,
the evaluations and the deploy-file generators. Installed from a source checkout next to the
runtime (`make setup`, or `pip install -e services/frontline_dev`); `frontline` lists these
commands only when this package is importable.
"""

from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[2]
"""The source checkout this package is installed from (editable): deploy/, docs/, schemas/."""
