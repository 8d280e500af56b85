"""Folding and tokenisation: both sides of the matcher must agree on spelling variants."""

from __future__ import annotations

from frontline.geo.normalize import fold, tokenize


def test_fold_transliteration_variants_meet() -> None:
    assert fold("Ma'arrat an Nu'man") == fold("Maarat al-Numan") == fold("Ma‘arrat an Nu‘mān")
    assert fold("Ḩimş") == fold("Hims")
    assert fold("Ar Raqqah") == fold("Raqqa")
    assert fold("Dayr az Zawr") == "dayr zawr"


def test_fold_keeps_single_word_articles() -> None:
    # "As" alone is a town's name, not an article to strip
    assert fold("As") == "as"


def test_tokenize_drops_possessive_and_hyphenated_article() -> None:
    toks = tokenize("Syria's army left as-Suwayda.")
    assert [t.folded for t in toks] == ["syria", "army", "left", "suwayda"]
    assert toks[3].lead == "Syria's army left ".__len__()


def test_tokenize_breaks_on_punctuation_and_newlines_not_abbreviations() -> None:
    toks = tokenize("Aleppo, Homs\nHama U.S. forces")
    by = {t.folded: t.brk_before for t in toks}
    assert by["homs"] and by["hama"]
    assert not by["s"]  # the S of U.S. is glued to U
