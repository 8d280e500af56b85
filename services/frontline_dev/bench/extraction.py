"""Throughput benchmark for `extract()`: `python -m frontline_dev.bench.extraction [--real-geo]`.

Builds deterministic ~2 KB articles from a bank of conflict-report and background
sentences (roughly the mix of a wire story: a third of the sentences carry a trigger)
and reports articles/s on one core. Without --real-geo places come from a static
gazetteer, which measures extraction alone; with it, the real `frontline.geo`.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING

import click

from frontline.extraction import StaticGeoparser, extract
from frontline.models import Article

if TYPE_CHECKING:
    from frontline.geo import Geoparser

EVENT_SENTENCES = [
    "Rebel fighters seized the town of Maarat on Tuesday after heavy clashes with the army.",
    "Government troops withdrew from Kupiansk overnight, the general staff said.",
    "Russian forces were closing in on Pokrovsk from the south and east.",
    "The army rushed reinforcements to El Fasher as paramilitary units massed nearby.",
    "Houthi fighters remain in control of Hodeidah and its port, residents said.",
    "Fierce fighting was reported in Omdurman between the army and the RSF.",
    "The town fell to M23 rebels on Sunday, local officials said.",
    "If the insurgents capture Homs, the road to the coast would be cut.",
    "Israeli tanks pushed deeper into Rafah on Monday, witnesses said.",
    "The junta described the pullout from Lashio as a strategic repositioning.",
]
BACKGROUND_SENTENCES = [
    "Aid agencies warned that food prices had doubled since the start of the year.",
    "The United Nations envoy called for an immediate ceasefire and the release of detainees.",
    "Thousands of people have been displaced and hospitals are running short of supplies.",
    "The central bank raised interest rates for the third time this year to curb inflation.",
    "Diplomats said talks on a prisoner exchange would resume next week in Geneva.",
    "Electricity was cut in several districts after a power station was damaged.",
    "The president met the visiting foreign minister to discuss reconstruction funding.",
    "Schools remained closed and many families relied on water from trucks.",
    "Analysts said the economic crisis had weakened public support for the government.",
    "Journalists were unable to independently verify the reports from the region.",
    "The opposition coalition said it would present a new political roadmap on Monday.",
    "Satellite images showed damage to roads, bridges and grain storage facilities.",
]
GAZETTEER = {
    name: {"country_code": cc, "lat": lat, "lon": lon, "geonameid": gid, "admin1": a1}
    for name, cc, a1, lat, lon, gid in [
        ("Maarat", "SY", "SY.12", 35.64, 36.67, 1),
        ("Kupiansk", "UA", "UA.07", 49.71, 37.62, 2),
        ("Pokrovsk", "UA", "UA.05", 48.28, 37.18, 3),
        ("El Fasher", "SD", "SD.55", 13.63, 25.35, 4),
        ("Hodeidah", "YE", "YE.08", 14.80, 42.95, 5),
        ("Omdurman", "SD", "SD.29", 15.64, 32.48, 6),
        ("Homs", "SY", "SY.11", 34.73, 36.72, 7),
        ("Rafah", "PS", "PS.GZ", 31.29, 34.25, 8),
        ("Lashio", "MM", "MM.11", 22.93, 97.75, 9),
        ("Geneva", "CH", "CH.GE", 46.20, 6.14, 10),
    ]
}


def articles(n: int = 2000, size: int = 2000, seed: int = 7) -> list[Article]:
    """n deterministic articles of about `size` characters."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            bank = EVENT_SENTENCES if rnd.random() < 0.33 else BACKGROUND_SENTENCES
            parts.append(rnd.choice(bank))
        raw = {"id": f"bench-{i}", "published": "2024-12-07", "text": " ".join(parts)}
        out.append(Article.model_validate(raw))
    return out


@click.command("bench-extraction")
@click.option("--real-geo", is_flag=True, help="resolve places with the real frontline.geo")
def main(real_geo: bool) -> None:
    """Offline throughput of extract() on one core."""
    geo: Geoparser | StaticGeoparser
    if real_geo:
        from frontline.geo import Geoparser

        geo = Geoparser.default()
        label = "real geo"
    else:
        geo = StaticGeoparser(GAZETTEER)
        label = "static gazetteer"
    arts = articles()
    for a in arts[:50]:
        extract(a, geo)  # warm caches (compiled lexicon, actor automaton)
    t0 = time.perf_counter()
    n_events = sum(len(extract(a, geo)) for a in arts)
    dt = time.perf_counter() - t0
    avg = sum(len(a.text) for a in arts) / len(arts)
    click.echo(
        f"{len(arts)} articles of {avg:.0f} chars, {label}: "
        f"{len(arts) / dt:,.0f} articles/s, {n_events / len(arts):.1f} events/article"
    )


if __name__ == "__main__":
    main()
