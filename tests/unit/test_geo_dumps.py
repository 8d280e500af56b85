"""GeoNames dumps (FRONTLINE_GEONAMES_DUMPS) in the gazetteer, on the fixture gazetteer plus
tests/fixtures/geo/dumps/SY.txt (invented villages): a village only the dump has resolves to
its own id and point, the same sentence without the dump falls back to the province as before,
and a bad dump fails in one line naming the file and line."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

from frontline.geo import dumps, index
from frontline.geo.gazetteer import FLAG_BITS, Gazetteer
from frontline.geo.index import index_of
from frontline.geo.normalize import fold
from frontline.geo.parser import Geoparser
from frontline.settings import Settings
from tests.unit.geo_fixture import fixture_gazetteer, fixture_geoparser

DUMP = Path(__file__).resolve().parents[1] / "fixtures" / "geo" / "dumps" / "SY.txt"
SEIZED = "Rebels seized Tall Qarmid in Idlib province on Monday."


def read(gp: Geoparser, text: str) -> list[tuple[str, str | None, str, int | None]]:
    return [(p.mention, p.admin1, p.level, p.geonameid) for p in gp.parse(text)]


def with_dumps(*paths: Path) -> Geoparser:
    return Geoparser(index_of(fixture_gazetteer(paths)))


def recs(g: Gazetteer, gid: int) -> list[int]:
    return [i for i, x in enumerate(g.gid) if x == gid]


def test_village_only_in_the_dump_resolves_to_its_id_and_point() -> None:
    gp = with_dumps(DUMP)
    (village, province) = gp.parse(SEIZED)
    assert (village.mention, village.geonameid, village.level) == ("Tall Qarmid", 9100001, "city")
    assert (village.country_code, village.admin1) == ("SY", "SY.12")
    assert (village.lat, village.lon) == (35.961, 36.812)
    assert province.level == "admin1"
    # an alternate name of the dump row reaches the same village
    assert read(gp, "The army retook Tell Qarmed, Idlib.")[0] == (
        "Tell Qarmed",
        "SY.12",
        "city",
        9100001,
    )


def test_without_the_dump_the_village_falls_back_to_its_province() -> None:
    assert read(fixture_geoparser(), SEIZED)[0] == ("Tall Qarmid", "SY.12", "admin1", None)


def test_a_dump_hamlet_does_not_take_the_name_of_a_city() -> None:
    """The dump's Hama (a hamlet of 0 people in Idlib) exists, but 'Hama' stays the city."""
    gp = with_dumps(DUMP)
    assert read(gp, "Fighting was reported in Hama on Sunday.") == [
        ("Hama", "SY.10", "city", 170017)
    ]
    assert read(gp, "Shelling hit Hama and Idlib.")[0] == ("Hama", "SY.10", "city", 170017)


def test_rows_already_present_historical_places_and_other_classes_are_not_added() -> None:
    base, g = fixture_gazetteer(), fixture_gazetteer([DUMP])
    assert len(recs(g, 169389)) == 1  # Idlib: cities500 row kept, dump row skipped
    assert recs(g, 9100003) == [] and recs(g, 9100004) == []  # PPLH, wadi (H.WAD)
    added = {g.gid[i] for i in range(len(base.name), len(g.name))}
    assert added == {9100001, 9100002, 9100020, 9100021, 9100030, 9100040, 9100050}
    # the same dump twice adds nothing more
    assert len(fixture_gazetteer([DUMP, DUMP]).name) == len(g.name)


def test_a_district_keeps_its_full_name_and_leaves_the_bare_name_to_its_town_or_admin1() -> None:
    g = fixture_gazetteer([DUMP])

    def gids(name: str) -> set[int]:
        return {g.gid[p >> FLAG_BITS] for p in g.keys.get(fold(name), ())}

    assert gids("Maarrat Baysun District") == {9100020}
    assert gids("Maarrat Baysun") == {9100021}
    assert gids("Jabal Zawr") == {9100030}  # no namesake town: the district has the name
    # named like its admin1: the bare name stays the state's
    assert gids("Blue Nile District") == {9100050}
    assert 9100050 not in gids("Blue Nile")


def test_a_zip_dump_reads_its_txt_members_but_the_readme(tmp_path: Path) -> None:
    z = tmp_path / "SY.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(DUMP, "SY.txt")
        zf.writestr("readme.txt", "not\ta\tdump\n")
    assert len(fixture_gazetteer([z]).name) == len(fixture_gazetteer([DUMP]).name)
    assert read(with_dumps(z), SEIZED)[0][3] == 9100001


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("9100001\tTall Qarmid\tTall Qarmid\n", "SY.txt:2: expected 19 tab-separated"),
        ("x" + "\t" * 18 + "\n", "SY.txt:2: geonameid 'x' is not a number"),
        ("9\tV\tV\t\tnorth\t36.8\tP\tPPL" + "\t" * 11 + "\n", "SY.txt:2: bad number"),
        (b"\xff\xfe\n".decode("latin-1"), "SY.txt:2: not UTF-8"),
    ],
)
def test_a_corrupt_dump_fails_naming_file_and_line(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "SY.txt"
    first = DUMP.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    bad.write_bytes(first.encode() + content.encode("latin-1"))
    with pytest.raises(dumps.DumpError, match=re.escape(message)):
        fixture_gazetteer([bad])


def test_missing_or_broken_files_fail_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(dumps.DumpError, match=re.escape("nope.txt: GeoNames dump not found")):
        fixture_gazetteer([tmp_path / "nope.txt"])
    z = tmp_path / "SO.zip"
    z.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(dumps.DumpError, match=re.escape("SO.zip: not a readable zip")):
        fixture_gazetteer([z])


def test_setting_is_comma_separated_and_keys_the_index_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTLINE_GEONAMES_DUMPS", raising=False)
    plain = index.version()
    a, b = tmp_path / "SY.txt", tmp_path / "SO.zip"
    a.write_bytes(DUMP.read_bytes())
    b.write_bytes(b"")
    monkeypatch.setenv("FRONTLINE_GEONAMES_DUMPS", f"{a}, {b},")
    assert Settings().geonames_dumps == (a, b)
    assert index.dump_paths() == (a, b)
    with_dumps_v = index.version()
    assert with_dumps_v != plain
    os.utime(a, ns=(0, 1_000_000_000))  # same size, other mtime: a new index
    assert index.version() not in (plain, with_dumps_v)
    a.unlink()
    with pytest.raises(dumps.DumpError, match=re.escape("SY.txt: GeoNames dump not found")):
        index.version()


def test_geoparse_reports_a_missing_dump_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from frontline.cli import main
    from frontline.geo import parser

    monkeypatch.setattr(parser, "_DEFAULT", None)  # the process-wide index is looked up again
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FRONTLINE_GEONAMES_DUMPS", str(tmp_path / "SO.zip"))
    res = CliRunner().invoke(main, ["geoparse"], input='{"id": "a", "text": "Hama."}\n')
    assert res.exit_code == 1
    assert res.output.strip() == f"Error: {tmp_path / 'SO.zip'}: GeoNames dump not found " + (
        "(FRONTLINE_GEONAMES_DUMPS)"
    )
    assert not (tmp_path / "cache").exists()  # failed before building anything


@pytest.mark.gazetteer
def test_real_build_adds_the_dump_villages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end on the real sources (about 30 s, not in `make test-fast`): the setting reaches
    the build, the dump village resolves, a cities500 town keeps its one record."""
    monkeypatch.setenv("FRONTLINE_GEONAMES_DUMPS", str(DUMP))
    idx = index.build_index(show_progress=False)
    assert list(idx.gaz.gid).count(169389) == 1
    gp = Geoparser(idx)
    village = gp.parse(SEIZED)[0]
    assert (village.mention, village.geonameid, village.admin1) == ("Tall Qarmid", 9100001, "SY.12")
    hama = gp.parse("Fighting was reported in Hama on Sunday.")[0]
    assert hama.geonameid == 170017
