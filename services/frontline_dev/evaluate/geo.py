"""Evaluation helpers: gold event places (dev/ACLED sets) and toponym corpora (geo_score format).

frontline geo-eval events GOLD.jsonl [-v]          # place accuracy of gold events
frontline geo-eval predict GOLD.jsonl OUT          # write geo_score predictions [--demonyms]
frontline geo-eval bench CORPUS.jsonl [REPEAT]     # cold start, RSS, throughput
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
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
            click.echo(f"MISS {aid} {gold}", err=True)
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


@click.group("geo-eval")
def geo_eval() -> None:
    """Evaluate the geoparser: gold event places, geo_score predictions, speed."""


@geo_eval.command("events")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="list every wrong place")
def events_cmd(gold: Path, verbose: bool) -> None:
    """Place accuracy of the gold events in GOLD (JSON on stdout)."""
    click.echo(orjson.dumps(evaluate_events(gold, verbose=verbose)).decode())


@geo_eval.command("predict")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demonyms", is_flag=True, help="also report demonyms as places")
def predict_cmd(gold: Path, out: Path, demonyms: bool) -> None:
    """Write geo_score predictions for the toponym corpus GOLD to OUT."""
    n = predict(gold, out, demonyms=demonyms)
    click.echo(f"{n} articles", err=True)


@geo_eval.command("bench")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("repeat", type=int, default=3)
def bench_cmd(corpus: Path, repeat: int) -> None:
    """Cold start, peak RSS and single-core throughput on CORPUS, REPEAT times over."""
    click.echo(orjson.dumps(bench(corpus, repeat)).decode())


if __name__ == "__main__":
    geo_eval()
