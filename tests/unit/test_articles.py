import orjson
import pytest

from frontline.articles import InvalidArticle, dead_letter, fingerprint, parse_line, parse_record


def test_valid_article_with_bare_date_is_midnight_utc():
    a = parse_record(orjson.dumps({"id": "a", "published": "2024-12-07", "text": "Hama fell."}))
    assert a.published.isoformat() == "2024-12-07T00:00:00+00:00"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00", "not_utf8"),
        (b"{broken", "not_json"),
        (b"[1, 2]", "not_object"),
        (b'{"id": "a", "text": "x"}', "schema"),
        (b'{"id": "", "published": "2024-01-01", "text": "x"}', "schema"),
        (b'{"id": "a", "published": "2024-13-45", "text": "x"}', "schema"),
    ],
)
def test_invalid_records_have_a_reason(value, reason):
    with pytest.raises(InvalidArticle) as err:
        parse_record(value)
    assert err.value.reason == reason


def test_too_large():
    with pytest.raises(InvalidArticle) as err:
        parse_record(b"{" + b" " * 100 + b"}", max_bytes=50)
    assert err.value.reason == "too_large"


def test_dead_letter_keeps_non_utf8_bytes():
    err = InvalidArticle("not_utf8", "x")
    dl = dead_letter(b"\xff\x00ok", err, "articles.raw", 1, 42)
    import base64

    assert base64.b64decode(dl.original_b64) == b"\xff\x00ok"
    assert (dl.partition, dl.offset, dl.reason) == (1, 42, "not_utf8")


def test_fingerprint_ignores_whitespace_and_case_but_not_words():
    a = parse_record(b'{"id":"1","published":"2024-01-01","text":"Hama  fell\\nto rebels"}')
    b = parse_record(b'{"id":"2","published":"2024-01-01","text":"hama fell to Rebels"}')
    c = parse_record(b'{"id":"3","published":"2024-01-01","text":"Homs fell to rebels"}')
    assert fingerprint(a) == fingerprint(b) != fingerprint(c)


def test_plain_text_line():
    d = parse_line("date 2024-12-07 Rebels entered Homs on Saturday.")
    assert d["published"] == "2024-12-07" and d["text"] == "Rebels entered Homs on Saturday."
    assert d["id"] == parse_line("date 2024-12-07 Rebels entered Homs on Saturday.")["id"]
    assert parse_line("  ") is None
    with pytest.raises(ValueError):
        parse_line("yesterday rebels entered Homs")
