"""Resolve date phrases in a sentence against the article's publication date.

News dates events relative to publication ("on Saturday", "overnight", "three days
earlier"), so every phrase is resolved against `published`. A phrase is returned with
its span so the pipeline can pick the one nearest to the trigger; a sentence with no
phrase inherits the publication date (the report is about the news), and background
phrases ("four months after it was seized", "in 2016") move the event into the past so
it is never dated to the article.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1, "several": 3,
    "a few": 3, "few": 3, "couple of": 2, "a couple of": 2,
}  # fmt: skip
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501 - one pattern per line reads best
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# "June 28, 2021", and "June 28 this year" / "last year" (the year word belongs to the day, or
# "this year" alone would date the clause to publication)
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)|\s+(?P<which>this|last)\s+year)?"
_NUMW = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|several|a|an)"  # noqa: E501 - one pattern per line reads best
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PART = (
    r"(?:(?P<part>early|late|mid|the middle of|the end of|the start of|the beginning of)[\s-]+)?"
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("dmy_slash", re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:/(?P<y>(?:19|20)?\d\d))?\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY}\b{_YEAR}", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}{_YEAR}\b", re.I)),
    ("rel", re.compile(rf"\b{_NUMW}\s+{_UNIT}\s+(?P<dir>earlier|later|ago|before|after|since)\b", re.I)),  # noqa: E501 - one pattern per line reads best
    ("weekend", re.compile(r"\b(?:over|at|during|on) the weekend\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|by|until|from|throughout|of)\s+{_PART}{_MON}(?:\s+(?P<year>(?:19|20)\d\d)|\s+(?P<which>this|last) year)?\b(?!\s+\d)", re.I)),  # noqa: E501 - one pattern per line reads best
    # "last June": the most recent June before the month of publication
    ("last_month", re.compile(rf"\blast\s+{_MON}\b(?!\s+\d)", re.I)),
    # "last summer", "in the winter": the most recent such season (not "the fall of X")
    ("season", re.compile(r"\b(?P<which>last|this|this past|in the|during the|over the|earlier this)\s+(?P<season>summer|winter|spring|autumn)\b", re.I)),  # noqa: E501 - one pattern per line reads best
    ("part_month", re.compile(rf"\b(?P<part>early|late|mid)[\s-]+{_MON}(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)", re.I)),  # noqa: E501 - one pattern per line reads best
    ("last_unit", re.compile(r"\b(?P<which>last|this|previous|past|earlier this|later this)\s+(?P<unit>week|month|year|weekend)\b", re.I)),  # noqa: E501 - one pattern per line reads best
    ("weekday", re.compile(r"\b(?:(?:last|this|on|late on|early on|late|early)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?\b(?!\s+(?:prayers|market|newspaper|edition|paper))", re.I)),  # noqa: E501 - one pattern per line reads best
    ("word", re.compile(r"\b(?P<w>yesterday|today|tonight|overnight|this morning|this afternoon|this evening|last night|earlier today|on the same day|the same day|the day before|the previous day|the next day|the following day)\b", re.I)),  # noqa: E501 - one pattern per line reads best
    ("year", re.compile(r"\b(?:in|since|during|by|until|from|of|throughout)\s+(?:(?:early|late|mid)[\s-]+)?(?P<year>(?:19|20)\d\d)\b", re.I)),  # noqa: E501 - one pattern per line reads best
    # "in the early 1990s", "during the 1980s": a decade dates the clause to a year inside it
    ("decade", re.compile(r"\b(?:in|since|during|by|until|from|of|throughout)\s+the\s+(?:(?P<part>early|late|mid)[\s-]+)?(?P<decade>(?:19|20)\d0)s\b", re.I)),  # noqa: E501 - one pattern per line reads best
    # "during a 2012 insurrection that overran Goma", "the 2016 offensive on Mosul": the year
    # an event noun carries dates what it did
    ("year", re.compile(r"\b(?:a|an|the|its|their|his|her|that)\s+(?P<year>(?:19|20)\d\d)\s+(?:[a-z-]+\s+){0,2}?(?:insurrection|rebellion|uprising|revolt|war|offensive|counter-?offensive|campaign|assault|operation|attack|siege|battle|takeover|capture|occupation|invasion|incursion|coup|fighting)s?\b", re.I)),  # noqa: E501 - one pattern per line reads best
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DatePhrase:
    """A resolved date phrase; `background` marks offsets into the past ('N months ago')."""

    start: int
    end: int
    value: date
    kind: str
    background: bool = False
    since: bool = False  # "since 2022", "since early February": a duration, not the event


def _shift(d: date, n: int, unit: str) -> date:
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(weeks=n)
    if unit == "month":
        y, m = divmod(d.month - 1 - n, 12)
        year, month = d.year + y, m + 1
        return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))
    return date(d.year - n, d.month, min(d.day, 28 if d.month == 2 else d.day))


def _day_of_part(part: str | None, year: int, month: int) -> int:
    last = calendar.monthrange(year, month)[1]
    part = (part or "").lower()
    if part.startswith(("early", "the start", "the beginning")):
        return 5
    if part.startswith(("late", "the end")):
        return min(25, last)
    return 15


def _infer_year(pub: date, month: int, day: int) -> date | None:
    """Most recent (month, day) on or shortly after publication (wire dates run ahead a day)."""
    for year in (pub.year, pub.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if d <= pub + timedelta(days=1):
            return d
    return None


_SEASON_MONTH = {"spring": 4, "summer": 7, "autumn": 10, "winter": 1}


def _season(which: str, season: str, pub: date) -> date | None:
    """The middle of the season meant: "last summer" is the latest one already over, "this
    summer" this year's (None while still to come), "in the summer" the latest begun."""
    mid = date(pub.year, _SEASON_MONTH[season], 15)
    if which == "this":
        return mid if mid <= pub else None
    if which == "last":
        # the season we are in (within ~6 weeks of its middle) is not "last"
        return mid if mid < pub - timedelta(days=45) else mid.replace(year=pub.year - 1)
    return mid if mid <= pub else mid.replace(year=pub.year - 1)


def _resolve(kind: str, m: re.Match[str], pub: date) -> tuple[date | None, bool]:  # noqa: C901 (one branch per kind of date phrase, in precedence order)
    g = m.groupdict()
    try:
        if kind == "iso":
            return date(int(g["y"]), int(g["m"]), int(g["d"])), False
        if kind == "dmy_slash":
            day, month = int(g["d"]), int(g["m"])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None, False
            if g["y"]:
                y = int(g["y"])
                return date(y + 2000 if y < 100 else y, month, day), False
            return _infer_year(pub, month, day), False
        if kind in ("mdy", "dmy"):
            month, day = _MONTHS[g["mon"].lower().rstrip(".")], int(g["day"])
            if g.get("year"):
                return date(int(g["year"]), month, day), False
            if g.get("which"):
                d = date(pub.year - (g["which"].lower() == "last"), month, day)
                return (d, False) if d <= pub + timedelta(days=1) else (None, False)
            return _infer_year(pub, month, day), False
        if kind == "rel":
            n_raw = g["n"].lower()
            n = int(n_raw) if n_raw.isdigit() else _NUM.get(n_raw, 1)
            unit, direction = g["unit"].lower(), g["dir"].lower()
            if direction == "later":
                return None, False  # "N days later" is relative to another event: keep default
            return _shift(pub, n, unit), direction in ("ago", "before", "after", "since")
        if kind == "last_unit":
            which, unit = g["which"].lower(), g["unit"].lower()
            if unit == "weekend":
                back = (pub.weekday() - 5) % 7 or 7
                return pub - timedelta(days=back), False
            if which in ("this", "later this", "earlier this"):
                return pub, False
            if unit == "week":
                return pub - timedelta(days=7), False
            if unit == "month":
                first = pub.replace(day=1) - timedelta(days=1)
                return first.replace(day=15), False
            return date(pub.year - 1, 7, 1), True
        if kind == "weekend":
            back = (pub.weekday() - 5) % 7
            return pub - timedelta(days=back), False
        if kind == "weekday":
            wd = _WEEKDAYS[g["wd"].lower()]
            return pub - timedelta(days=(pub.weekday() - wd) % 7), False
        if kind == "word":
            w = g["w"].lower()
            if w in ("yesterday", "last night", "the day before", "the previous day"):
                return pub - timedelta(days=1), False
            if w in ("the next day", "the following day", "on the same day", "the same day"):
                return None, False
            return pub, False
        if kind in ("month", "part_month"):
            month = _MONTHS[g["mon"].lower().rstrip(".")]
            year = int(g["year"]) if g.get("year") else None
            if g.get("which"):  # "in April this year", "in May last year"
                year = pub.year - (g["which"].lower() == "last")
                d = date(year, month, _day_of_part(g.get("part"), year, month))
                return (d, False) if d <= pub + timedelta(days=1) else (None, False)
            if year is None:
                year = pub.year if month <= pub.month else pub.year - 1
            if not g.get("year") and month == pub.month and not g.get("part"):
                return pub, False
            d = date(year, month, _day_of_part(g.get("part"), year, month))
            if d > pub and not g.get("year"):
                d = d.replace(year=d.year - 1)
            return d, False
        if kind == "last_month":
            month = _MONTHS[g["mon"].lower().rstrip(".")]
            year = pub.year if month < pub.month else pub.year - 1
            return date(year, month, 15), False
        if kind == "season":
            return _season(g["which"].lower(), g["season"].lower(), pub), False
        if kind == "decade":
            year = int(g["decade"]) + {"early": 2, "mid": 5, "late": 7}.get(
                (g["part"] or "").lower(), 5
            )
            if year >= pub.year:
                return None, False
            return date(year, 7, 1), True
        if kind == "year":
            year = int(g["year"])
            if year >= pub.year:
                return None, False
            return date(year, 7, 1), True
    except (ValueError, KeyError):
        return None, False
    return None, False


_FOR = re.compile(
    r"\bfor\s+(?:about|around|nearly|almost|some|just|only|barely|more than|over|less than)?\s*$",
    re.I,
)
_MONTH_KEYS = tuple(calendar.month_abbr[i].lower() for i in range(1, 13))
_DIGIT = re.compile(r"\d")


def _gates(low: str) -> dict[str, bool]:
    """Cheap substring tests so that only plausible patterns are run."""
    digit = _DIGIT.search(low) is not None
    month = any(m in low for m in _MONTH_KEYS)
    day = "day" in low
    return {
        "iso": digit,
        "dmy_slash": digit and "/" in low,
        "mdy": digit and month,
        "dmy": digit and month,
        "rel": any(w in low for w in ("earlier", "later", "ago", "before", "after", "since")),
        "last_unit": any(w in low for w in ("last", "this", "previous", "past", "earlier")),
        "weekday": day,
        "weekend": "weekend" in low,
        "word": day or any(w in low for w in ("night", "morning", "afternoon", "evening")),
        "month": month,
        "part_month": month,
        "last_month": month and "last" in low,
        "season": any(w in low for w in ("summer", "winter", "spring", "autumn")),
        "year": digit,
        "decade": digit and "0s" in low,
    }


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|late|mid)[\s-]+)?$", re.I)


def find_dates(sentence: str, published: date) -> list[DatePhrase]:
    """All non-overlapping date phrases in a sentence, resolved; earlier patterns win."""
    found: list[DatePhrase] = []
    taken: list[tuple[int, int]] = []
    gates = _gates(sentence.lower())
    for kind, pattern in _PATTERNS:
        if not gates[kind]:
            continue
        for m in pattern.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            value, background = _resolve(kind, m, published)
            if kind == "rel" and _FOR.search(sentence, max(0, s - 24), s):
                value = None  # "holding it for about 10 days before withdrawing": a duration
            taken.append((s, e))
            if value is not None:
                since = (
                    m.group(0).lower().startswith("since")
                    or (kind == "rel" and (m.group("dir") or "").lower() == "since")
                    # "held since March 30, 2012": a full date after "since" is a start too
                    or _SINCE_BEFORE.search(sentence, max(0, s - 12), s) is not None
                )
                found.append(DatePhrase(s, e, value, kind, background, since))
    found.sort(key=lambda d: d.start)
    return found
