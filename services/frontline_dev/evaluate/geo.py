"""Evaluation helpers: gold event places (dev/ACLED sets) and toponym corpora (geo_score format).

python -m frontline_dev.evaluate.geo events GOLD.jsonl        # place accuracy of gold events
python -m frontline_dev.evaluate.geo predict GOLD.jsonl OUT   # write geo_score predictions
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import orjson

from frontline.geo.normalize import fold
from frontline.geo.parser import Geoparser
from frontline.geo.place import Place


def _articles(path: Path) -> Iterator[dict]:
    with path.open("rb") as f:
        for line in f:
            if line.strip():
                yield orjson.loads(line)


def gold_places(art: dict) -> list[dict]:
    """Every gold place of an article's events, optional and historical events."""
    out = []
    for key in ("events", "optional", "historical"):
        for ev in art.get(key) or ():
            if ev.get("place"):
                out.append(ev["place"])
    return out


def place_ok(gold: dict, places: list[Place]) -> bool:
    """Gold place found: same geonameid (city), admin1 (admin1) or country (country).

    A gold city without a GeoNames id (a village missing from cities500) counts as found when a
    place with the gold's name resolves to the gold admin1 (or country when admin1 is unknown).
    """
    lvl = gold.get("level")
    for p in places:
        if lvl == "city" and gold.get("geonameid"):
            if p.geonameid == gold["geonameid"]:
                return True
        elif lvl == "city":
            if not _name_overlap(gold.get("name", ""), p.mention):
                continue
            if gold.get("admin1") and p.admin1 == gold["admin1"]:
                return True
            if not gold.get("admin1") and p.country_code == gold.get("country"):
                return True
        elif lvl == "admin1":
            if p.admin1 == gold.get("admin1") and p.level in ("admin1", "city", "region"):
                return True
        elif lvl in ("country", "region") and p.country_code == gold.get("country"):
            return True
    return False


def _name_overlap(a: str, b: str) -> bool:
    """Same name up to transliteration: a shared folded word or similar words (Bouatni/Buatni)."""
    from difflib import SequenceMatcher

    fa, fb = set(fold(a).split()), set(fold(b).split())
    if fa & fb:
        return True
    return any(SequenceMatcher(None, x, y).ratio() >= 0.75 for x in fa for y in fb if len(x) > 3)


def evaluate_events(path: Path, gp: Geoparser | None = None, verbose: bool = False) -> dict:
    """Share of gold event places the parse of their article finds and resolves."""
    gp = gp or Geoparser.default()
    total = ok = 0
    misses = []
    for art in _articles(path):
        text = "\n".join(x for x in (art.get("title"), art.get("text")) if x)
        places = gp.parse(text)
        seen = set()
        for gold in gold_places(art):
            key = (gold.get("name"), gold.get("level"), gold.get("admin1"), gold.get("geonameid"))
            if key in seen:
                continue
            seen.add(key)
            total += 1
            if place_ok(gold, places):
                ok += 1
            else:
                misses.append((art["id"], gold))
    if verbose:
        for aid, gold in misses:
            print("MISS", aid, gold, file=sys.stderr)
    return {"places": total, "correct": ok, "accuracy": ok / total if total else None}


def predict(path: Path, out: Path, demonyms: bool = False) -> int:
    """Write geo_score predictions for a toponym corpus; returns the article count."""
    gp = Geoparser.default()
    n = 0
    with out.open("wb") as f:
        for art in _articles(path):
            places = gp.parse(art.get("text") or "", include_demonyms=demonyms)
            f.write(
                orjson.dumps({"article_id": art["id"], "places": [p.to_json() for p in places]})
            )
            f.write(b"\n")
            n += 1
    return n


def bench(path: Path, repeat: int = 3) -> dict:
    """Cold start (import + index load), peak RSS and single-core throughput."""
    import resource
    import time

    t0 = time.perf_counter()
    gp = Geoparser.default()
    cold = time.perf_counter() - t0
    texts = [a.get("text") or "" for a in _articles(path)]
    t1 = time.perf_counter()
    n = 0
    for _ in range(repeat):
        for t in texts:
            gp.parse(t)
            n += 1
    dt = time.perf_counter() - t1
    chars = sum(len(t) for t in texts) / max(1, len(texts))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "cold_start_s": round(cold, 3),
        "articles": n,
        "avg_chars": round(chars),
        "articles_per_s": round(n / dt, 1),
        "peak_rss_mb": round(rss, 1),
    }


def main(argv: list[str]) -> None:
    """CLI entry (see module docstring)."""
    if argv[:1] == ["events"]:
        print(orjson.dumps(evaluate_events(Path(argv[1]), verbose="-v" in argv)).decode())
    elif argv[:1] == ["predict"]:
        n = predict(Path(argv[1]), Path(argv[2]), demonyms="--demonyms" in argv)
        print(f"{n} articles", file=sys.stderr)
    elif argv[:1] == ["bench"]:
        rep = int(argv[2]) if len(argv) > 2 else 3
        print(orjson.dumps(bench(Path(argv[1]), rep)).decode())
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
