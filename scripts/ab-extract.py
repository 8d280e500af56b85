"""Offline extraction throughput, this tree vs a base commit, in one process at one moment.

    git worktree add /tmp/ext-base 05321d0
    .venv/bin/python scripts/ab-extract.py /tmp/ext-base CORPUS.jsonl [ROUNDS] [CHUNK] [geo]

The base package is copied under the name `frontline_base` (imports and data lookups
renamed) so both extractors and both gazetteers live in one interpreter; rounds of CHUNK
articles alternate base/new (order flipped every round) and CPU time is summed, so both
see the same load on a shared machine. `geo` times `Geoparser.parse` alone. The first run
builds the base's gazetteer index under ~/.cache/frontline_base (like `python -m
frontline.geo.index`, ~30 s); the renamed copy is removed at exit.
"""

from __future__ import annotations

import atexit
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _renamed_copy(base_tree: Path) -> Path:
    root = Path(tempfile.mkdtemp(prefix="ab-extract-"))
    atexit.register(shutil.rmtree, root, True)
    dst = root / "frontline_base"
    shutil.copytree(base_tree / "services" / "frontline", dst)
    for py in dst.rglob("*.py"):
        src = py.read_text("utf-8")
        src = re.sub(r"\bfrontline\.", "frontline_base.", src)
        src = src.replace("from frontline import", "from frontline_base import")
        src = src.replace('"frontline"', '"frontline_base"').replace(
            "'frontline'", "'frontline_base'"
        )
        py.write_text(src, "utf-8")
    return root


def main(argv: list[str]) -> int:
    base_tree, corpus = Path(argv[0]), Path(argv[1])
    rounds = int(argv[2]) if len(argv) > 2 else 30
    chunk = int(argv[3]) if len(argv) > 3 else 500
    mode = argv[4] if len(argv) > 4 else "extract"
    sys.path.insert(0, str(_renamed_copy(base_tree)))
    from frontline_base.extraction import extract as base_extract
    from frontline_base.geo import Geoparser as BaseGeo
    from frontline_base.models import Article as BaseArticle

    from frontline.extraction import extract as new_extract
    from frontline.geo import Geoparser
    from frontline.models import Article

    new_geo, base_geo = Geoparser.default(), BaseGeo.default()
    lines = [line for line in corpus.read_bytes().splitlines() if line.strip()]
    arts = [Article.model_validate_json(line) for line in lines]
    barts = [BaseArticle.model_validate_json(line) for line in lines]
    if mode == "geo":

        def nf(a):
            return new_geo.parse(a.text, context_text=a.text)

        def bf(a):
            return base_geo.parse(a.text, context_text=a.text)
    else:
        nf, bf = new_extract, base_extract
    for a, b in zip(arts, barts, strict=True):  # warm every cache once
        nf(a)
        bf(b)
    tn = tb = 0.0
    ratios = []
    for r in range(rounds):
        lo = (r * chunk) % len(arts)
        runs = [("base", bf, barts[lo : lo + chunk]), ("new", nf, arts[lo : lo + chunk])]
        t = {}
        for name, fn, xs in runs if r % 2 == 0 else runs[::-1]:
            c0 = time.process_time()
            for a in xs:
                fn(a)
            t[name] = time.process_time() - c0
        tn, tb = tn + t["new"], tb + t["base"]
        ratios.append(t["base"] / t["new"])
    n = sum(len(arts[(r * chunk) % len(arts) :][:chunk]) for r in range(rounds))
    print(
        f"{mode}: base {n / tb:.0f} articles/s, new {n / tn:.0f} articles/s (CPU time), "
        f"new/base {tb / tn:.3f}, per-round median {statistics.median(ratios):.3f} "
        f"[{min(ratios):.2f}-{max(ratios):.2f}], {rounds} rounds of {chunk}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
