"""`frontline eval GOLD [--pred P]`: score extraction on a gold file, tune and check halves.

Scoring has the semantics of the shared evaluation script (gold `events` must be found,
`optional` ones are neutral, `historical` ones are false positives unless dated more than
30 days before publication; denied events are ignored) so figures agree with it, but the
package does not need it. The gold file is split deterministically: an article belongs
to the *check* half when the second byte of SHA-256 of its id is odd. Rules are tuned on
the other half; the check half is only ever printed as aggregate numbers, so that it
keeps measuring generalisation.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click

from frontline_dev.evaluate import bootstrap

CITY_RADIUS_KM = 25.0
LOOSE_RADIUS_KM = 161.0
DATE_TOLERANCE_DAYS = 1
STALE_DAYS = 30
HALVES = ("tune", "check")
MISS_CATEGORIES = ("no_event", "fallback_25_161km", "wrong_place_161km", "wrong_type_only", "other")


def is_check(article_id: str) -> bool:
    """The held-out half: odd second byte of SHA-256 of the UTF-8 id."""
    return hashlib.sha256(article_id.encode()).digest()[1] % 2 == 1


def half_of(article_id: str) -> str:
    return "check" if is_check(article_id) else "tune"


def km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _distance(pred: dict, gold_place: dict) -> float | None:
    loc = pred.get("location") or {}
    try:
        return km(float(loc["lat"]), float(loc["lon"]), gold_place["lat"], gold_place["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def loc_match(pred: dict, gold_place: dict, radius: float) -> bool:
    loc = pred.get("location") or {}
    level = gold_place["level"]
    if level == "country":
        return (loc.get("country_code") or "").upper() == gold_place["country"]
    if level == "admin1":
        return loc.get("admin1") == gold_place["admin1"]
    if gold_place.get("geonameid") and loc.get("geonameid") == gold_place["geonameid"]:
        return True
    d = _distance(pred, gold_place)
    return d is not None and d <= radius


def type_match(pred: dict, gold: dict) -> bool:
    return pred.get("type") == gold["type"] or pred.get("type") in gold.get("alt_types", [])


def kind_match(pred: dict, gold: dict) -> bool:
    kind = (pred.get("actor") or {}).get("kind")
    return kind == gold["actor_kind"] or kind in gold.get("alt_kinds", [])


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class Result:
    counts: Counter = field(default_factory=Counter)
    per_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: Counter = field(default_factory=Counter)
    fp_where: Counter = field(default_factory=Counter)
    errors: list[tuple] = field(default_factory=list)


def _miss_category(gold: dict, all_preds: list[dict]) -> str:
    """Why a gold event was not matched at the city radius."""
    if not all_preds:
        return "no_event"
    place = gold["place"]
    typed = [p for p in all_preds if type_match(p, gold)]
    if any(loc_match(p, place, LOOSE_RADIUS_KM) for p in typed):
        return "fallback_25_161km"
    if typed:
        return "wrong_place_161km"
    if any(loc_match(p, place, LOOSE_RADIUS_KM) for p in all_preds):
        return "wrong_type_only"
    return "other"


def score(gold_articles: Iterable[dict], preds: Iterable[dict], radius: float) -> Result:
    """Match predictions to gold events, greedily per gold event, as the shared scorer does."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for p in preds:
        if p.get("status") != "denied":
            by_article[str(p.get("article_id"))].append(p)
    r = Result()
    for art in gold_articles:
        all_preds = by_article.pop(art["id"], [])
        pool = list(all_preds)
        for g in art["events"]:
            _match_gold(r, art["id"], g, pool, all_preds, radius)
        _drop_optional_and_stale(r, art, pool, radius)
        for p in pool:
            r.counts["fp"] += 1
            r.per_type[str(p.get("type"))]["fp"] += 1
            r.fp_where[_fp_where(p, art)] += 1
            name = (p.get("location") or {}).get("name")
            r.errors.append(("FP", "", art["id"], p.get("type"), name))
    r.counts["unknown_article"] = sum(len(v) for v in by_article.values())
    return r


def _fp_where(pred: dict, art: dict) -> str:
    """A false positive's level, and whether its article has gold events (a wrong place or
    type) or none (a negative read as an event): aggregate numbers the check half may show."""
    level = (pred.get("location") or {}).get("level") or "none"
    return f"{level}/{'events' if art['events'] else 'negative'}"


def _matching(pool: list[dict], g: dict, radius: float) -> list[dict]:
    return [p for p in pool if type_match(p, g) and loc_match(p, g["place"], radius)]


def _match_gold(
    r: Result, article_id: str, g: dict, pool: list[dict], all_preds: list[dict], radius: float
) -> None:
    """One gold event: the best prediction left in `pool` is a hit (and leaves it), or a miss."""
    c = r.counts
    c["gold"] += 1
    r.per_type[g["type"]]["gold"] += 1
    cands = _matching(pool, g, radius)
    if not cands:
        cat = _miss_category(g, all_preds)
        r.misses[cat] += 1
        r.errors.append(("FN", cat, article_id, g["type"], g["place"]["name"]))
        return
    best = next((p for p in cands if kind_match(p, g)), cands[0])
    pool.remove(best)
    c["tp"] += 1
    r.per_type[g["type"]]["tp"] += 1
    if kind_match(best, g):
        c["tp_actor"] += 1
    else:
        r.misses["wrong_actor_kind"] += 1
        kind = (best.get("actor") or {}).get("kind")
        r.errors.append(("ACTOR", kind, article_id, g["type"], g["place"]["name"]))
    if g.get("date"):
        c["dated"] += 1
        d = _day(best.get("date")) if best.get("date") else None
        if d and abs((d - date.fromisoformat(g["date"])).days) <= DATE_TOLERANCE_DAYS:
            c["date_ok"] += 1


def _drop_optional_and_stale(r: Result, art: dict, pool: list[dict], radius: float) -> None:
    """Optional events cost nothing; a historical one reported as new is a stale false positive."""
    published = date.fromisoformat(art["published"][:10])
    for g in art.get("optional", []):
        for p in _matching(pool, g, radius):
            pool.remove(p)
    for g in art.get("historical", []):
        for p in _matching(pool, g, radius):
            pool.remove(p)
            d = _day(p.get("date")) if p.get("date") else None
            if d is None or (published - d).days <= STALE_DAYS:
                r.counts["fp"] += 1
                r.counts["stale"] += 1
                r.errors.append(("FP-stale", "", art["id"], p.get("type"), g["place"]["name"]))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def summary(strict: Result, loose: Result) -> dict:
    c = strict.counts
    p, r = _ratio(c["tp"], c["tp"] + c["fp"]), _ratio(c["tp"], c["gold"])
    pa, ra = _ratio(c["tp_actor"], c["tp"] + c["fp"]), _ratio(c["tp_actor"], c["gold"])
    lc = loose.counts
    lp, lr = _ratio(lc["tp"], lc["tp"] + lc["fp"]), _ratio(lc["tp"], lc["gold"])
    per_type = {}
    for t in sorted(set(strict.per_type) | set(loose.per_type)):
        s, lo = strict.per_type[t], loose.per_type[t]
        per_type[t] = {
            "gold": s["gold"],
            "precision": round(_ratio(s["tp"], s["tp"] + s["fp"]), 3),
            "recall": round(_ratio(s["tp"], s["gold"]), 3),
            "precision_loose": round(_ratio(lo["tp"], lo["tp"] + lo["fp"]), 3),
            "recall_loose": round(_ratio(lo["tp"], lo["gold"]), 3),
        }
    return {
        "articles": c["articles"],
        "gold": c["gold"],
        "tp": c["tp"],
        "fp": c["fp"],
        "fn": c["gold"] - c["tp"],
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(_ratio(2 * p * r, p + r), 3),
        "f1_actor": round(_ratio(2 * pa * ra, pa + ra), 3),
        "date_acc": round(_ratio(c["date_ok"], c["dated"]), 3),
        "stale_history_fp": c["stale"],
        "events_for_unknown_articles": c["unknown_article"],
        "precision_loose": round(lp, 3),
        "recall_loose": round(lr, 3),
        "f1_loose_161km": round(_ratio(2 * lp * lr, lp + lr), 3),
        "missed": {k: strict.misses[k] for k in (*MISS_CATEGORIES, "wrong_actor_kind")},
        "per_type": per_type,
        "fp_161km_where": dict(loose.fp_where),
    }


def evaluate(
    gold: list[dict], preds: list[dict], samples: int = 0
) -> dict[str, tuple[dict, Result]]:
    """Summaries for the tune half, the check half and all articles; with `samples`, the
    95 % bootstrap interval of each loose F1 and of the tune-check gap (`bootstrap`)."""
    ids = {a["id"]: half_of(a["id"]) for a in gold}
    out: dict[str, tuple[dict, Result]] = {}
    per_article = _loose_counts(gold, preds) if samples else {}
    for name in (*HALVES, "all"):
        arts = [a for a in gold if name == "all" or ids[a["id"]] == name]
        keep = {a["id"] for a in arts}
        ps = [p for p in preds if name == "all" or str(p.get("article_id")) in keep]
        strict = score(arts, ps, CITY_RADIUS_KM)
        strict.counts["articles"] = len(arts)
        loose = score(arts, ps, LOOSE_RADIUS_KM)
        out[name] = (summary(strict, loose), strict)
        if samples:
            counts = [per_article[a["id"]] for a in arts]
            ci = bootstrap.f1_interval(counts, samples)
            out[name][0]["f1_loose_161km_ci95"] = ci.as_dict()["ci95"]
    if samples:
        tune, check = ([per_article[a["id"]] for a in gold if ids[a["id"]] == h] for h in HALVES)
        gap = bootstrap.gap_interval(tune, check, samples)
        out["all"][0]["tune_check_gap_loose"] = gap.as_dict()
    return out


def _loose_counts(gold: list[dict], preds: list[dict]) -> dict[str, bootstrap.Counts]:
    """Each article's (tp, fp, gold) at 161 km, the unit the bootstrap resamples."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for p in preds:
        by_article[str(p.get("article_id"))].append(p)
    out: dict[str, bootstrap.Counts] = {}
    for art in gold:
        c = score([art], by_article.get(art["id"], []), LOOSE_RADIUS_KM).counts
        out[art["id"]] = (c["tp"], c["fp"], c["gold"])
    return out


def run_extraction(gold: list[dict]) -> list[dict]:
    """Predictions of the package's own extractor for the gold articles."""
    from frontline.extraction import _default_geoparser, extract
    from frontline.models import Article

    geo = _default_geoparser()
    preds: list[dict] = []
    for art in gold:
        article = Article.model_validate(art)
        preds.extend(ev.model_dump(mode="json") for ev in extract(article, geo))
    return preds


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


_ROWS = (
    ("articles", "articles"),
    ("gold", "gold events"),
    ("tp", "tp"),
    ("fp", "fp"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("f1", "F1 (25 km)"),
    ("f1_actor", "actor F1"),
    ("precision_loose", "precision 161 km"),
    ("recall_loose", "recall 161 km"),
    ("f1_loose_161km", "F1 161 km"),
    ("date_acc", "date accuracy"),
    ("stale_history_fp", "stale history fp"),
)


def render(results: dict[str, dict], halves: list[str]) -> str:
    lines = [f"{'':<22}" + "".join(f"{h:>10}" for h in halves)]
    for key, label in _ROWS:
        lines.append(f"{label:<22}" + "".join(f"{results[h][key]:>10}" for h in halves))
        if key == "f1_loose_161km" and all("f1_loose_161km_ci95" in results[h] for h in halves):
            ranges = ["{:.2f}-{:.2f}".format(*results[h]["f1_loose_161km_ci95"]) for h in halves]
            lines.append(f"{'  95% interval':<22}" + "".join(f"{c:>10}" for c in ranges))
    gap = results.get("all", {}).get("tune_check_gap_loose")
    if gap is not None and "all" in halves:
        low, high = gap["ci95"]
        lines.append(
            f"tune-check gap 161 km {gap['value']:.3f} (95% interval {low:.3f} to {high:.3f})"
        )
    lines.append("missed gold events (strict):")
    for cat in (*MISS_CATEGORIES, "wrong_actor_kind"):
        vals = "".join(f"{results[h]['missed'][cat]:>10}" for h in halves)
        lines.append(f"  {cat:<20}{vals}")
    lines.append("false positives (161 km), by level and article:")
    wheres = sorted({w for h in halves for w in results[h]["fp_161km_where"]})
    for w in wheres:
        vals = "".join(f"{results[h]['fp_161km_where'].get(w, 0):>10}" for h in halves)
        lines.append(f"  {w:<20}{vals}")
    lines.append("per type precision/recall (strict):")
    types = sorted({t for h in halves for t in results[h]["per_type"]})
    for t in types:
        cells = []
        for h in halves:
            pt = results[h]["per_type"].get(t)
            cells.append(f"{pt['precision']:.2f}/{pt['recall']:.2f}" if pt else "-")
        lines.append(f"  {t:<20}" + "".join(f"{c:>10}" for c in cells))
    return "\n".join(lines)


@click.command("eval")
@click.argument("gold_path", metavar="GOLD", type=click.Path(exists=True, path_type=Path))
@click.option("--pred", "pred_path", type=click.Path(exists=True, path_type=Path),
              help="Score these predictions instead of running the extractor.")  # fmt: skip
@click.option("--half", type=click.Choice(["tune", "check", "all"]), default=None,
              help="Print one half only (default: tune, check and all side by side).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="One JSON object per half.")
@click.option("--errors", is_flag=True, help="List individual errors (tune half only).")
@click.option("--samples", type=click.IntRange(min=0), default=bootstrap.DEFAULT_SAMPLES,
              show_default=True,
              help="Bootstrap resamples for the 95% intervals of loose F1 and the tune-check "
              "gap (0: none).")  # fmt: skip
def eval_command(
    gold_path: Path,
    pred_path: Path | None,
    half: str | None,
    as_json: bool,
    errors: bool,
    samples: int,
) -> None:
    """Score extraction on GOLD, split into tune and check halves (check: numbers only)."""
    gold = _read_jsonl(gold_path)
    preds = _read_jsonl(pred_path) if pred_path else run_extraction(gold)
    results = evaluate(gold, preds, samples)
    halves = [half] if half else ["tune", "check", "all"]
    if as_json:
        click.echo(json.dumps({h: results[h][0] for h in halves}, sort_keys=True))
    else:
        click.echo(render({h: results[h][0] for h in halves}, halves))
    if errors:
        if half != "tune":
            raise click.UsageError("--errors lists the tune half only: add --half tune")
        for e in results["tune"][1].errors:
            click.echo("  ".join(str(x) for x in e), err=True)
