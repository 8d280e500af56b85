"""No import circle between the modules of the package: the composition root (app) imports
the agents and the web views, never the other way round. Read from the source with `ast`, so
imports inside functions and under TYPE_CHECKING count too (both hid the old app/agents/web
circle from a plain `import`)."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "services"


def _unit(module: str) -> str:
    """A top-level module, or a subpackage as a whole (cycles inside one are its own affair)."""
    return ".".join(module.split(".")[:2])


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Unit -> units of `frontline` it imports."""
    modules = {
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p
        for p in root.joinpath("frontline").rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = {_unit(d) for d in _imports(path) if d in modules}
        graph.setdefault(_unit(name), set()).update(deps - {_unit(name)})
    return graph


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert {"frontline.app", "frontline.agents", "frontline.web"} <= graph.keys()
    assert "frontline.agents" in graph["frontline.app"]
    graphlib.TopologicalSorter(graph).prepare()  # raises CycleError naming the circle


def test_a_circle_is_found(tmp_path):
    """The check above can fail: a TYPE_CHECKING import back to the root is a circle."""
    pkg = tmp_path / "frontline"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "app.py").write_text("def create():\n    from frontline import agents\n")
    (pkg / "agents.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from frontline.app import X\n"
    )
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(import_graph(tmp_path)).prepare()
