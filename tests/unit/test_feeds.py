"""Feeds, HTML and text files become Articles with deterministic ids (no broker needed)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from frontline import feeds
from frontline.settings import Settings

FEEDS = Path(__file__).parents[1] / "fixtures" / "feeds"


def _articles(*sources: str) -> dict[str, feeds.Item]:
    return {i.source: i for i in feeds.collect(sources)}


def test_rss_entries_become_articles_with_text_not_markup():
    items = list(feeds.from_feed(str(FEEDS / "wire.rss")))
    ok = [i.article for i in items if i.article]
    assert [a.title for a in ok] == ["Insurgents take Saraqib", "Hama falls"]
    saraqib, hama = ok
    assert (
        saraqib.text
        == "Hayat Tahrir al-Sham fighters captured Saraqib on Friday, a war monitor said."
    )
    assert "trackRead" not in saraqib.text and "<" not in hama.text
    assert (
        "Residents & officials confirmed it." in hama.text
    )  # content:encoded wins, entities decoded
    assert saraqib.published.isoformat() == "2024-11-29T17:00:00+00:00"
    assert (saraqib.source, saraqib.url) == ("Test Wire", "https://wire.example/2024/11/29/saraqib")
    # An entry with neither text nor title cannot be an article: reported, not produced.
    (bad,) = [i for i in items if i.article is None]
    assert bad.source.endswith("#wire-0003") and "text" in bad.error


def test_ids_are_deterministic_from_guid_or_link():
    first = [i.article.id for i in feeds.from_feed(str(FEEDS / "wire.rss")) if i.article]
    again = [i.article.id for i in feeds.from_feed(str(FEEDS / "wire.rss")) if i.article]
    assert first == again and len(set(first)) == 2
    assert all(i.startswith("feed-") for i in first)


def test_atom_feed():
    (item,) = feeds.from_feed(str(FEEDS / "desk.atom"))
    assert item.article.text == "Hayat Tahrir al-Sham captured Damascus on Sunday."
    assert item.article.published.isoformat() == "2024-12-08T07:00:00+00:00"


def test_html_page_keeps_the_story_and_drops_navigation_scripts_footer():
    (item,) = feeds.from_file(FEEDS / "site" / "rastan.html")
    a = item.article
    assert "captured Rastan on Friday" in a.text and "exposed from the north" in a.text
    for junk in ("Sport", "window.ads", "Subscribe to our newsletter"):
        assert junk not in a.text
    assert a.title == "Rastan taken" and a.published.date().isoformat() == "2024-12-06"


def test_text_file_date_line_and_directory_ids_follow_the_relative_path(tmp_path):
    (item,) = feeds.from_file(FEEDS / "site" / "homs.txt", root=FEEDS)
    assert item.article.published.date().isoformat() == "2024-12-07"
    assert item.article.text.startswith("Hayat Tahrir al-Sham entered Homs")
    # The same tree copied elsewhere gives the same ids; another file name gives another id.
    copy = tmp_path / "feeds"
    shutil.copytree(FEEDS, copy)
    ids = {i.article.id for i in feeds.collect([str(FEEDS)]) if i.article}
    assert ids == {i.article.id for i in feeds.collect([str(copy)]) if i.article}
    (copy / "site" / "homs.txt").rename(copy / "site" / "homs2.txt")
    assert ids != {i.article.id for i in feeds.collect([str(copy)]) if i.article}


def test_jsonl_archive_reuses_the_ingest_reader_and_reports_bad_lines():
    items = list(feeds.from_file(FEEDS / "archive.jsonl"))
    assert [i.article.id for i in items if i.article] == ["arch-1"]
    assert [i.error for i in items if i.error] == ["unreadable line (key None)"]


def test_state_skips_unchanged_and_resends_corrections():
    seen: dict[str, str] = {}
    items = [i.article for i in feeds.collect([str(FEEDS / "wire.rss")]) if i.article]
    assert [feeds.classify(a, seen) for a in items] == ["new", "new"]
    assert [feeds.classify(a, seen) for a in items] == ["unchanged", "unchanged"]
    corrected = items[1].model_copy(update={"text": items[1].text + " Corrected."})
    assert feeds.classify(corrected, seen) == "changed"


def test_dry_run_counts_and_writes_no_state(tmp_path):
    s = Settings(broker="kafka://127.0.0.1:1")  # never contacted in a dry run
    state = tmp_path / "state.json"
    summary = feeds.ingest(s, [str(FEEDS / "wire.rss")], dry_run=True, state_path=state)
    assert (summary.counts["new"], summary.counts["failed"]) == (2, 1)
    assert not state.exists()
    assert summary.line("articles.raw").startswith("ingest-feed: 3 items: 2 produced")


def test_missing_source_is_reported():
    (item,) = feeds.collect(["/nonexistent/feed.xml"])
    assert item.article is None and "no such" in item.error


@pytest.fixture
def local_site(tmp_path):
    """A real HTTP server on 127.0.0.1 serving a feed whose entry links to a full page."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0),
        functools.partial(_QuietHandler, directory=str(tmp_path)),
    )
    base = f"http://127.0.0.1:{server.server_port}"
    shutil.copy(FEEDS / "site" / "rastan.html", tmp_path / "rastan.html")
    (tmp_path / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<item><title>Rastan</title><link>{base}/rastan.html</link>"
        "<pubDate>Fri, 06 Dec 2024 12:00:00 GMT</pubDate>"
        "<description>Fighters took Rastan.</description></item></channel></rss>"
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_feed_url_and_linked_pages(local_site):
    (teaser,) = feeds.collect([f"{local_site}/feed.rss"])
    assert teaser.article.text == "Fighters took Rastan."
    (full,) = feeds.collect([f"{local_site}/feed.rss"], fetch_pages=True)
    assert "captured Rastan on Friday" in full.article.text
    assert "Subscribe to our newsletter" not in full.article.text
    assert full.article.id == teaser.article.id  # same entry, same id
