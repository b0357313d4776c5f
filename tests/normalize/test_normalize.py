"""Normalisation: table tests for every folding, and hypothesis properties of the map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Span
from marsad.normalize import _IDENTITY_LEN, _TABLE, _translate, ends_with_tanween, fold, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("قُتِلَ", "قتل"),  # diacritics
        ("هجـــوم", "هجوم"),  # tatweel
        ("أحمد إدلب آمن ٱلله", "احمد ادلب امن الله"),  # alef forms
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("١٦ ۲۰", "16 20"),  # Arabic-Indic and Persian digits
        ("الإثنین", "الاثنين"),  # Persian yeh
        ("“داعش” «قسد» ‘x’", '"داعش" "قسد" \'x\''),  # quotes
        ("السورية – التركية — x", "السوريه - التركيه - x"),  # dashes
        ("حمص، حماة؛ لماذا؟", "حمص, حماه; لماذا?"),  # Arabic punctuation
        ("#قطاع_غزة", "#قطاع غزه"),  # hashtags
        ("ISIS\u00a0Raqqa", "isis raqqa"),  # NBSP and Latin case
        ("ﻻ", "لا"),  # presentation form (expands)
        ("a\u200fb", "ab"),  # bidi mark removed
        ("سطر\nسطر", "سطر\nسطر"),  # line feeds kept for segmentation
    ],
)
def test_fold_table(raw: str, expected: str) -> None:
    assert fold(raw) == expected
    assert normalize(raw).text == expected


def test_map_points_back_to_raw_letters() -> None:
    raw = "وقُتِلَ ١٦ مدنياً"
    norm = normalize(raw)
    i = norm.text.index("قتل")
    span = norm.to_raw(i, i + 3)
    assert raw[span.start : span.end] == "قُتِلَ"  # the marks stay with their letters
    j = norm.text.index("16")
    assert norm.to_raw(j, j + 2).of(raw) == "١٦"


def test_empty_and_to_raw_bounds() -> None:
    norm = normalize("")
    assert norm.text == ""
    assert norm.to_raw(0, 0) == Span(0, 0)
    with pytest.raises(ValueError):
        normalize("ab").to_raw(1, 3)


# Arbitrary Arabic, Latin, digits, punctuation, marks, tatweel, spaces, presentation forms.
_ALPHABET = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةٱ")
    + list("abcXYZ019٠١٢٩۰۹")
    + list(" \n\t\u00a0.,،؛؟!?“”«»\"'–—-_#()")
    + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u0640", "\u200f", "\ufefb", "\ufdf2", "ی", "ک"]
)
_TEXTS = st.lists(_ALPHABET, max_size=80).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_map_is_monotonic_and_within_bounds(raw: str) -> None:
    norm = normalize(raw)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    prev_s = prev_e = 0
    for s, e in zip(norm.starts, norm.ends):
        assert 0 <= s < e <= len(raw)
        assert s >= prev_s and e >= prev_e
        prev_s, prev_e = s, e
    assert norm.text == fold(raw)


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data())
def test_every_mapped_span_is_exact_raw_text(raw: str, data) -> None:
    """raw_text[span] == mention.text for any normalised interval (a mention's span)."""
    norm = normalize(raw)
    n = len(norm.text)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    span = norm.to_raw(a, b)
    text = raw[span.start : span.end]
    assert span.of(raw) == text
    if b > a:
        # the raw span folds back to the normalised interval it came from
        assert fold(text).startswith(norm.text[a:b]) or norm.text[a:b] in fold(text)
        # (an expanded presentation form maps back to its first character)
        assert norm.from_raw(span)[0] <= a


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted({chr(o) for o in _TABLE} | set("قتل في حلب ABC 12")))))
def test_replacing_changed_characters_equals_translating(raw: str) -> None:
    assert _translate(raw) == raw.translate(_TABLE)


def test_offset_map_of_a_text_longer_than_the_identity_table() -> None:
    raw = ("قُتِلَ " * (_IDENTITY_LEN // 4))[: _IDENTITY_LEN + 7]
    norm = normalize(raw)
    assert len(norm.starts) == len(norm.text) == len(fold(raw))
    assert norm.to_raw(0, len(norm.text)) == Span(0, len(raw))
    assert norm.to_raw(0, 1).of(raw) == "قُ"


@pytest.mark.parametrize("word, ends", [
    ("دوماً", True), ("دومًا", True), ("روسياً", True), ("مدينةٍ", True), ("عملٌ", True),
    ("دوما", False), ("عٌمان", False), ("سوريا", False), ("", False),
])
def test_ends_with_tanween(word, ends):
    assert ends_with_tanween(word) is ends
