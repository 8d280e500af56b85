"""Ingest news from where users have it: RSS/Atom feeds (files or URLs), HTML and text files,
directories of them, and JSONL archives, produced to `articles.raw` as Article records.

Ids are deterministic (feed entry guid, else link, else title+date; a file's path under the
directory given) so a re-ingest sends the same ids: the worker's de-duplication and deterministic
event ids make it idempotent, and `--state` skips entries whose text has not changed since the
last run (a changed text is re-sent under the same id, as a correction).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
import orjson
from pydantic import ValidationError

from frontline import topics
from frontline.commandline import _require_broker, prefix_option, topic_settings
from frontline.models import Article
from frontline.settings import Settings

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_PAGE_BYTES = 5_000_000
_DATE_LINE = re.compile(r"^\s*(?:date\s+)?(\d{4}-\d{2}-\d{2})\s*$")
_WS = re.compile(r"[ \t\r\f\v]+")


@dataclass
class Item:
    """One would-be article, or why it cannot be one (`error`)."""

    source: str
    article: Article | None = None
    error: str | None = None


def _id(prefix: str, *parts: str) -> str:
    raw = "\x1f".join(parts)
    return f"{prefix}-{hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()}"


def _clean(text: str) -> str:
    lines = (_WS.sub(" ", ln).strip() for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)


def html_to_text(html: str, page: bool = False) -> tuple[str, dict[str, str]]:
    """Readable text of HTML (trafilatura); a whole page also loses navigation and boilerplate.

    Returns the text and the metadata found in a page (title, date, url).
    """
    import trafilatura

    if page:
        doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
        if doc is not None and not isinstance(doc, dict) and doc.text:
            meta = {k: v for k in ("title", "date", "url") if (v := getattr(doc, k, None))}
            return _clean(doc.text), meta
    body = html if "<body" in html.lower() else f"<html><body>{html}</body></html>"
    return _clean(trafilatura.html2txt(body)), {}


def _parse_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        d = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=dt.UTC)


def _struct_time(t: time.struct_time | None) -> dt.datetime | None:
    return dt.datetime(*t[:6], tzinfo=dt.UTC) if t else None


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0)


def _article(origin: str, **fields: object) -> Item:
    try:
        return Item(origin, Article.model_validate(fields))
    except ValidationError as exc:
        first = exc.errors()[0]
        return Item(origin, error=f"{'.'.join(map(str, first['loc']))}: {first['msg']}")


def fetch_page(url: str) -> str | None:
    """Main text of the article page a feed entry links to, or None when it cannot be had.

    Plain urllib (bounded time and size) rather than trafilatura's fetcher, which refuses
    non-public addresses and so intranet news sites.
    """
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "frontline-ingest-feed"})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            raw = r.read(MAX_PAGE_BYTES)
            charset = r.headers.get_content_charset() or "utf-8"
    except (OSError, ValueError):
        return None
    text = html_to_text(raw.decode(charset, errors="replace"), page=True)[0]
    return text or None


def from_feed(location: str, fetch_pages: bool = False) -> Iterator[Item]:
    """Entries of an RSS/Atom feed (a file path or an http(s) URL), via feedparser.

    Feeds often carry a teaser only; `fetch_pages` replaces it with the linked page's main text
    when that is longer.
    """
    import feedparser

    parsed = feedparser.parse(location)
    if parsed.bozo and not parsed.entries:
        yield Item(location, error=f"not a feed: {parsed.get('bozo_exception')}")
        return
    feed_date = _struct_time(parsed.feed.get("updated_parsed"))
    source = parsed.feed.get("title") or location
    for e in parsed.entries:
        html = e.content[0].value if e.get("content") else e.get("summary", "")
        text, _ = html_to_text(html) if html else ("", {})
        title = _clean(e.get("title", "")) or None
        published = (
            _struct_time(e.get("published_parsed"))
            or _struct_time(e.get("updated_parsed"))
            or feed_date
        )
        ident = e.get("id") or e.get("link") or f"{title}|{published}"
        if fetch_pages and e.get("link") and (page := fetch_page(e["link"])):
            text = page if len(page) > len(text) else text
        yield _article(
            f"{location}#{ident}",
            id=_id("feed", ident),
            published=published,
            text=text or title or "",
            title=title,
            source=source,
            url=e.get("link"),
        )


def from_file(path: Path, root: Path | None = None) -> Iterator[Item]:
    """A feed, HTML page, text file or JSONL archive; ids from the path under `root`."""
    suffix = path.suffix.lower()
    rel = str(path.relative_to(root)) if root else path.name
    ident = f"{root.name}/{rel}" if root else rel
    if suffix in FEED_SUFFIXES:
        yield from from_feed(str(path))
    elif suffix in JSONL_SUFFIXES:
        from frontline.ingest import records
        from frontline.inputs import Report
        from frontline.settings import get_settings

        quiet = Report("ingest-feed", err=io.StringIO())  # bad lines become failed items here
        for key, value in records(path, get_settings().max_article_bytes, quiet):
            try:
                data = orjson.loads(value)
            except orjson.JSONDecodeError:
                yield Item(f"{path}", error=f"unreadable line (key {key!r})")
                continue
            yield _article(f"{path}#{data.get('id')}", **data)
    elif suffix in HTML_SUFFIXES:
        text, meta = html_to_text(path.read_text(encoding="utf-8", errors="replace"), page=True)
        published: dt.date = _parse_date(meta.get("date")) or _mtime(path)
        yield _article(
            str(path),
            id=_id("file", ident),
            published=published,
            text=text,
            title=meta.get("title"),
            source=path.parent.name,
            url=meta.get("url"),
        )
    elif suffix in TEXT_SUFFIXES:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        m = _DATE_LINE.match(lines[0]) if lines else None
        published = dt.date.fromisoformat(m.group(1)) if m else _mtime(path)
        text = _clean("\n".join(lines[1:] if m else lines))
        yield _article(
            str(path),
            id=_id("file", ident),
            published=published,
            text=text,
            source=path.parent.name,
        )
    else:
        yield Item(str(path), error=f"unsupported file type {suffix or '(none)'}")


def collect(sources: Iterable[str], fetch_pages: bool = False) -> Iterator[Item]:
    """Items from each source: URL or feed file, other file, or directory (recursively)."""
    supported = FEED_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES
    for src in sources:
        if re.match(r"^https?://", src):
            yield from from_feed(src, fetch_pages)
            continue
        path = Path(src)
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file()):
                if f.suffix.lower() in supported and not f.name.startswith("."):
                    yield from from_file(f, root=path)
        elif path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
            yield from from_feed(str(path), fetch_pages)
        elif path.is_file():
            yield from from_file(path)
        else:
            yield Item(src, error="no such file, directory or URL")


def estimate(sources: list[str]) -> int | None:
    """Item count for the progress bar when it is cheap to know (JSONL lines), else None."""
    files = [Path(s) for s in sources]
    if not files or not all(p.is_file() and p.suffix.lower() in JSONL_SUFFIXES for p in files):
        return None
    total = 0
    for p in files:
        with p.open("rb") as f:
            total += sum(
                chunk.count(b"\n") for chunk in iter(functools.partial(f.read, 1 << 20), b"")
            )
    return total


def content_digest(a: Article) -> str:
    raw = "\x1f".join((a.published.isoformat(), a.title or "", a.text))
    return hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()


def classify(a: Article, seen: dict[str, str]) -> str:
    """`new`, `changed` (same id, new content: a correction) or `unchanged`; records it."""
    digest = content_digest(a)
    previous = seen.get(a.id)
    if previous == digest:
        return "unchanged"
    seen[a.id] = digest
    return "changed" if previous else "new"


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def line(self, topic: str) -> str:
        c = self.counts
        produced = c["new"] + c["changed"]
        head = f"ingest-feed: {c['items']} items: {produced} produced to {topic}"
        tail = f"({c['new']} new, {c['changed']} changed), {c['unchanged']} unchanged, "
        return head + f" {tail}{c['failed']} failed"


def _load_state(path: Path | None) -> dict[str, str]:
    if path is None or not path.exists():
        return {}
    return orjson.loads(path.read_bytes())


def ingest(
    settings: Settings,
    sources: Iterable[str],
    rate: float = 0.0,
    state_path: Path | None = None,
    dry_run: bool = False,
    progress: bool | None = None,
    fetch_pages: bool = False,
) -> Summary:
    """Produce every readable item; with `state_path`, skip ids whose content is unchanged."""
    from tqdm import tqdm

    summary = Summary()
    sources = list(sources)
    items = collect(sources, fetch_pages)  # streamed: archives need not fit in memory
    seen = _load_state(state_path)
    producer = None
    if not dry_run:
        from kafka import KafkaProducer

        producer = KafkaProducer(
            bootstrap_servers=settings.bootstrap_servers, linger_ms=5, acks="all", retries=5
        )
    name = topics.topic_name(topics.ARTICLES_RAW, settings.topic_prefix)
    t0, sent = time.monotonic(), 0
    show = sys.stderr.isatty() if progress is None else progress
    try:
        bar = tqdm(items, unit="art", desc="ingest-feed", disable=not show, total=estimate(sources))
        for item in bar:
            summary.counts["items"] += 1
            a = item.article
            if a is None:
                summary.counts["failed"] += 1
                summary.errors.append(f"{item.source}: {item.error}")
                continue
            status = classify(a, seen)
            summary.counts[status] += 1
            if status == "unchanged":
                continue
            if producer is not None:
                producer.send(name, key=a.id.encode(), value=a.model_dump_json().encode())
            sent += 1
            if rate > 0:
                delay = t0 + sent / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        if producer is not None:
            producer.flush()
    finally:
        if producer is not None:
            producer.close()
    if state_path is not None and not dry_run:
        state_path.write_bytes(orjson.dumps(seen, option=orjson.OPT_SORT_KEYS))
    return summary


@click.command("ingest-feed")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--rate", type=float, default=0.0, help="articles per second (0: as fast as possible)"
)
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON file of ids and content digests: skip unchanged items on the next run",
)
@click.option("--dry-run", is_flag=True, help="parse and count, produce nothing")
@click.option(
    "--fetch-pages", is_flag=True, help="download each feed entry's linked page for its full text"
)
@prefix_option
def ingest_feed_command(
    sources: tuple[str, ...],
    rate: float,
    state_path: Path | None,
    dry_run: bool,
    fetch_pages: bool,
    prefix: str | None,
) -> None:
    """Produce RSS/Atom feeds (files or URLs), HTML/text files, directories and JSONL archives
    to articles.raw."""
    from frontline.settings import get_settings

    s = get_settings()
    if not dry_run:
        _require_broker(s)  # one line naming the address, not a bootstrap traceback
    if prefix is not None or not dry_run:  # the demo's articles.raw when a demo runs
        s = topic_settings(s, topics.ARTICLES_RAW.name, prefix, "writing to")
    summary = ingest(
        s, sources, rate=rate, state_path=state_path, dry_run=dry_run, fetch_pages=fetch_pages
    )
    for err in summary.errors[:20]:
        click.echo(f"  failed: {err}", err=True)
    if len(summary.errors) > 20:
        click.echo(f"  … and {len(summary.errors) - 20} more", err=True)
    topic = topics.topic_name(topics.ARTICLES_RAW, s.topic_prefix)
    click.echo(summary.line(topic + (" (dry run)" if dry_run else "")), err=True)
