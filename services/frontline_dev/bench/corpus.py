"""A deterministic corpus of realistic news articles for the benchmark.

Real feeds cannot be shipped (licences) and /work/shared is off limits, so the harness
writes its own: templated wire-style copy of 0.5-5 KB where about 30% of the articles
report a territorial event (capture, withdrawal, advance, battle) in Syria, Ukraine or
Sudan and the rest is politics/economy filler that still names places and uses words
such as "took" or "reached" - the extractor has to reject those, which is real work.
Same seed, same bytes: runs are comparable across machines and commits.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import orjson

from frontline.articles import fingerprint
from frontline.models import Article

EVENT_SHARE = 0.30
MIN_BYTES = 500
MAX_BYTES = 5000

# Actor surface forms as wire copy writes them, by conflict; (attacker side A, side B).
ACTORS: dict[str, tuple[list[str], list[str]]] = {
    "SY": (
        ["Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham fighters", "HTS fighters"],
        ["the Syrian army", "Syrian government forces", "Syrian regime forces"],
    ),
    "UA": (
        ["Russian forces", "Russian troops", "Russia's army"],
        ["Ukrainian troops", "Ukrainian forces", "Ukraine's army"],
    ),
    "SD": (
        ["the Rapid Support Forces", "the paramilitary RSF", "RSF fighters"],
        ["the Sudanese army", "Sudanese army troops", "the SAF"],
    ),
}
PLACES: dict[str, list[str]] = {
    "SY": [
        "Aleppo",
        "Hama",
        "Homs",
        "Idlib",
        "Saraqib",
        "Maarat al-Numan",
        "Khan Shaykhun",
        "Daraa",
        "Deir ez-Zor",
        "Manbij",
        "Tal Rifaat",
        "Latakia",
    ],
    "UA": [
        "Avdiivka",
        "Pokrovsk",
        "Bakhmut",
        "Kupiansk",
        "Vuhledar",
        "Chasiv Yar",
        "Toretsk",
        "Kurakhove",
        "Robotyne",
        "Lyman",
        "Izium",
        "Vovchansk",
        "Marinka",
    ],
    "SD": [
        "Khartoum",
        "Omdurman",
        "Wad Madani",
        "El Fasher",
        "Nyala",
        "El Geneina",
        "Sennar",
        "Singa",
        "Kosti",
        "El Obeid",
        "Bahri",
    ],
}
# Admin1 seats and national capitals (GeoNames PPLA/PPLC): their capture fires
# capital_changed_hands alerts, which the latency phase measures.
CAPITALS: dict[str, list[str]] = {
    "SY": ["Aleppo", "Hama", "Homs", "Idlib", "Daraa", "Raqqa", "Deir ez-Zor"],
    "UA": ["Kharkiv", "Donetsk", "Kherson", "Luhansk", "Sumy"],
    "SD": ["Khartoum", "Kassala", "Sennar"],
}
SOURCES = [
    "Reuters",
    "AFP",
    "AP",
    "Al Jazeera",
    "BBC",
    "Kyiv Independent",
    "Sudan Tribune",
    "Syrian Observatory for Human Rights",
]
COUNTRY = {"SY": "Syria", "UA": "Ukraine", "SD": "Sudan"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

LEDE = {
    "capture": [
        "{a} captured {p} on {wd}, {src} reported, after {n} days of fighting.",
        "{p} fell to {a} on {wd} after a {n}-day assault on its defences.",
        "{a} seized control of {p} overnight, according to local officials and {src}.",
        "{a} took full control of {p} on {wd}, residents told {src}.",
        "{a} stormed {p} early on {wd} and raised their flag over the main square.",
    ],
    "withdrawal": [
        "{a} withdrew from {p} on {wd} to avoid being encircled, a military spokesman said.",
        "{a} pulled out of {p} after {n} days of heavy bombardment, {src} reported.",
        "{a} retreated from {p} overnight, leaving behind damaged armour and supply depots.",
    ],
    "advance": [
        "{a} advanced on {p} on {wd}, pushing to within {n} kilometres of the town.",
        "{a} reached the outskirts of {p} on {wd}, {src} reported.",
        "{a} closed in on {p} after breaking through defensive lines to the south.",
    ],
    "battle": [
        "Heavy fighting raged in {p} on {wd} between {a} and {b}, {src} reported.",
        "Fierce clashes broke out around {p} between {a} and {b} overnight.",
    ],
}
CONFLICT_BODY = [
    "At least {n} civilians were killed and dozens more wounded, according to medical sources.",
    "Aid agencies warned that food and fuel were running short across {country}.",
    "The United Nations called for an immediate ceasefire and safe passage for civilians.",
    "Footage shared on social media showed columns of smoke rising over residential districts.",
    "Analysts said the outcome could shape the next phase of the war in {country}.",
    "Mobile networks were down for much of the day, making reports hard to verify.",
    "Hospitals in the area were operating at {pct}% capacity, a health official told {src}.",
    "Tens of thousands of people have been displaced since the start of the year, the UN said.",
    "Diplomats in Geneva said talks on a humanitarian corridor had made little progress.",
    "The main road linking the region to the coast has been closed for {n} days.",
]
FILLER = {
    "economy": [
        "The central bank raised its benchmark rate by {bp} basis points on {wd}, citing "
        "inflation that reached {pct}% in the year to October.",
        "Shares in Frankfurt and Paris closed {pct}% lower as investors weighed weak factory data.",
        "The finance ministry said the budget deficit narrowed to {pct}% of economic output.",
        "Oil prices rose after producers signalled they would extend output cuts into next year.",
        "Exporters in Rotterdam reported a sharp fall in container traffic for a {nth} month.",
        "The government took steps to support the currency, which has lost {pct}% this year.",
        "Unemployment in Spain fell to its lowest level since 2008, official figures showed.",
        "Retail sales in London were flat in September as households cut back on spending.",
        "The World Bank trimmed its growth forecast for emerging economies to {pct}%.",
        "Wheat futures in Chicago climbed after dry weather hit harvests in Argentina.",
        "Union leaders and employers reached an agreement on wages after {n} hours of talks.",
    ],
    "politics": [
        "Lawmakers in Berlin approved the budget by {n} votes to {m} after a heated debate.",
        "The prime minister reshuffled her cabinet on {wd}, naming a new foreign minister.",
        "Voters in Warsaw go to the polls on {wd} in a closely watched municipal election.",
        "The opposition accused the government of pushing the bill through without scrutiny.",
        "European Union ministers met in Brussels to discuss migration and border funding.",
        "The president took office on {wd} promising to fight corruption and cut red tape.",
        "A court in Madrid ruled that the regional referendum had no legal basis.",
        "Officials in Washington said the summit would focus on trade and climate finance.",
        "Polls suggest the ruling coalition has lost around {pct}% of its support since spring.",
        "Parliament in Ankara will debate the constitutional amendment next week.",
        "The mayor of Nairobi announced a plan to expand public transport by 2030.",
    ],
    "tech": [
        "The chipmaker said quarterly revenue rose {pct}% on strong demand for data-centre parts.",
        "Regulators in Brussels opened an inquiry into the proposed acquisition.",
        "The start-up, based in Lisbon, raised {n} million euros in its latest funding round.",
        "Engineers pushed a software update to fix a flaw that exposed customer data.",
        "The company said it would cut {n} jobs as part of a wider restructuring.",
        "Analysts in Tokyo expect smartphone shipments to recover in the second half.",
    ],
}
TITLES = {
    "capture": "{a_cap} capture {p}",
    "withdrawal": "{a_cap} withdraw from {p}",
    "advance": "{a_cap} advance on {p}",
    "battle": "Fighting rages in {p}",
    "economy": "Markets and economy: {w} update",
    "politics": "Politics: {w} briefing",
    "tech": "Technology: {w} roundup",
}


@dataclass
class Corpus:
    """Articles as the JSON bytes produced to `articles.raw`, plus what the harness needs."""

    seed: int
    records: list[tuple[bytes, bytes]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(len(v) for _, v in self.records)

    @property
    def event_share(self) -> float:
        return sum(k in LEDE for k in self.kinds) / max(1, len(self.kinds))

    def articles(self) -> list[Article]:
        return [Article.model_validate_json(v) for _, v in self.records]


def _fill(rng: random.Random, tpl: str, **kw: Any) -> str:
    vals = {
        "wd": rng.choice(WEEKDAYS),
        "src": rng.choice(SOURCES),
        "n": rng.randint(2, 90),
        "m": rng.randint(90, 400),
        "bp": rng.choice([25, 50, 75, 100]),
        "pct": f"{rng.uniform(0.3, 12.0):.1f}",
        "nth": rng.choice(["second", "third", "fourth", "fifth"]),
        **kw,
    }
    return tpl.format(**vals)


def _target_len(rng: random.Random) -> int:
    """Log-normal around ~1.6 KB, clipped to 0.5-5 KB like agency copy."""
    return int(min(MAX_BYTES - 200, max(MIN_BYTES, rng.lognormvariate(7.35, 0.55))))


def _body(rng: random.Random, lede: str, pool: list[str], target: int, **kw: Any) -> str:
    paras = [lede]
    size = len(lede)
    while size < target:
        s = _fill(rng, rng.choice(pool), **kw)
        if size + len(s) + 1 > MAX_BYTES - 200:
            break
        paras.append(s)
        size += len(s) + 1
    # Paragraphs of 1-3 sentences, as wire copy.
    out, i = [], 1
    out.append(paras[0])
    while i < len(paras):
        k = rng.randint(1, 3)
        out.append(" ".join(paras[i : i + k]))
        i += k
    return "\n\n".join(out)


def _event_article(rng: random.Random, kind: str) -> tuple[str, str]:
    cc = rng.choice(list(ACTORS))
    side_a, side_b = ACTORS[cc]
    if rng.random() < 0.5:
        side_a, side_b = side_b, side_a
    a, b = rng.choice(side_a), rng.choice(side_b)
    p = rng.choice(PLACES[cc])
    lede = _fill(rng, rng.choice(LEDE[kind]), a=a, b=b, p=p)
    lede = lede[0].upper() + lede[1:]
    kw = {"country": COUNTRY[cc]}
    pool = CONFLICT_BODY + FILLER["politics"][:3]
    text = _body(rng, lede, pool, _target_len(rng), **kw)
    a_cap = a[0].upper() + a[1:]
    return TITLES[kind].format(a_cap=a_cap, p=p), text


def _filler_article(rng: random.Random, topic: str) -> tuple[str, str]:
    pool = FILLER[topic] + rng.sample(FILLER["politics"] + FILLER["economy"], 4)
    lede = _fill(rng, rng.choice(FILLER[topic]))
    text = _body(rng, lede, pool, _target_len(rng))
    return TITLES[topic].format(w=rng.choice(WEEKDAYS)), text


def _record(
    i: int, seed: int, published: dt.datetime, title: str, text: str, prefix: str = "bench"
) -> tuple[bytes, bytes]:
    aid = f"{prefix}-{seed}-{i:07d}"
    value = orjson.dumps(
        {
            "id": aid,
            "published": published.isoformat().replace("+00:00", "Z"),
            "title": title,
            "source": "frontline-bench",
            "url": f"https://example.org/{prefix}/{seed}/{i}",
            "text": text,
        }
    )
    return aid.encode(), value


def generate(
    n: int, seed: int = 6, event_share: float = EVENT_SHARE, start: dt.date = dt.date(2024, 1, 1)
) -> Corpus:
    """`n` unique articles (distinct content fingerprints), published through 2024."""
    rng = random.Random(seed)
    corpus = Corpus(seed=seed)
    seen: set[str] = set()
    kinds = list(LEDE)
    weights = [0.35, 0.2, 0.25, 0.2]
    i = 0
    while len(corpus.records) < n:
        is_event = rng.random() < event_share
        if is_event:
            kind = rng.choices(kinds, weights)[0]
            title, text = _event_article(rng, kind)
        else:
            kind = rng.choice(list(FILLER))
            title, text = _filler_article(rng, kind)
        published = dt.datetime.combine(
            start + dt.timedelta(days=rng.randint(0, 330)),
            dt.time(rng.randint(0, 23), rng.randint(0, 59)),
            tzinfo=dt.UTC,
        )
        rec = _record(i, seed, published, title, text)
        i += 1
        fp = fingerprint(Article.model_validate_json(rec[1]))
        if fp in seen:  # identical copy would be de-duplicated by the worker, not processed
            continue
        seen.add(fp)
        corpus.records.append(rec)
        corpus.kinds.append(kind)
    return corpus


# Round-robin over the capitals, countries interleaved: each flips twice a day.
_CAPITAL_ROUND = [
    (cc, places[j])
    for j in range(max(len(v) for v in CAPITALS.values()))
    for cc, places in CAPITALS.items()
    if j < len(places)
]
FLIPS_PER_DAY = 2 * len(_CAPITAL_ROUND)
CAPTURE_FLIP = [
    "{a} captured {p} on {day}, {src} reported, after {n} days of fighting.",
    "{a} seized control of {p} on {day}, according to local officials and {src}.",
    "{a} took full control of {p} on {day} after {n} hours of street battles.",
]


def capital_flips(
    n: int, seed: int = 6, start: dt.date = dt.date(2025, 1, 1), prefix: str = "flip"
) -> Corpus:
    """Captures that hand admin1/national capitals back and forth between two actors.

    Flips are dated after every article of `generate`; within a day each capital
    changes hands at most twice (A->B, B->A) and the date moves on before A->B repeats,
    since the same change on the same day has the same id and is counted once.
    """
    rng = random.Random(seed * 7919 + 1)
    corpus = Corpus(seed=seed)
    holder: dict[str, int] = {}
    for i in range(n):
        cc, p = _CAPITAL_ROUND[i % len(_CAPITAL_ROUND)]
        side = 1 - holder.get(p, 1)
        holder[p] = side
        a = ACTORS[cc][side][0]
        day = start + dt.timedelta(days=i // FLIPS_PER_DAY)
        lede = _fill(rng, rng.choice(CAPTURE_FLIP), a=a, p=p, day=f"{day:%B} {day.day}")
        lede = lede[0].upper() + lede[1:]
        text = _body(rng, lede, CONFLICT_BODY, rng.randint(MIN_BYTES, 1500), country=COUNTRY[cc])
        published = dt.datetime.combine(day, dt.time(18, 0), tzinfo=dt.UTC)
        corpus.records.append(_record(i, seed, published, f"{a} capture {p}", text, prefix=prefix))
        corpus.kinds.append("capture")
    return corpus


def interleave(base: Corpus, extra: Corpus, every: int) -> list[tuple[bytes, bytes]]:
    """`extra` records spread into `base`, one after every `every` base records."""
    out: list[tuple[bytes, bytes]] = []
    it = iter(extra.records)
    for i, rec in enumerate(base.records, 1):
        out.append(rec)
        if i % every == 0:
            nxt = next(it, None)
            if nxt is not None:
                out.append(nxt)
    out.extend(it)
    return out
