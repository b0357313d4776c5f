from __future__ import annotations

import pytest

from marsad.normalize import normalize
from marsad.recognize.matcher import Matcher, key_of

ENTRIES = [("التنظيم", "isis"), ("داعش", "isis"), ("قوات النظام", "syr"), ("قوات", "forces"),
           ("تل", "tell"), ("ريف حلب", "rif-aleppo"), ("قسد", "sdf")]


def _found(text: str, matcher: Matcher) -> list[tuple[str, str, tuple]]:
    norm = normalize(text)
    return [(norm.to_raw(m.nstart, m.nend).of(text), m.prefix, m.payloads) for m in matcher.find(norm.text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("هاجم عناصر التنظيم", [("التنظيم", "", ("isis",))]),
        ("قال إن للتنظيم خلايا", [("لتنظيم", "ل", ("isis",))]),
        ("وبداعش", [("داعش", "وب", ("isis",))]),
        ("ولقوات النظام", [("قوات النظام", "ول", ("syr",))]),  # longest wins over قوات
        ("بريف حلب الشمالي", [("ريف حلب", "ب", ("rif-aleppo",))]),
        ("لـ“قسد”", [("قسد", "", ("sdf",))]),
        ("قتل تلميذ", []),  # no match inside words, short keys never after a prefix
        ("وتل", []),
        ("في تل", [("تل", "", ("tell",))]),
    ],
)
def test_noun_matching(text: str, expected: list) -> None:
    assert _found(text, Matcher(ENTRIES)) == expected


def test_verbs_with_suffixes_and_future_prefix() -> None:
    m = Matcher([("هاجم", "attack"), ("قصف", "shell")], verb=True, suffixes=["ت", "وا", "ها"])
    got = _found("وهاجمها المسلحون وقصفت الطائرات فسيقصف", m)
    assert got == [("هاجم", "و", ("attack",)), ("قصف", "و", ("shell",))]


def test_key_of_folds_and_collapses_space() -> None:
    assert key_of("  قوات   النظام ") == "قوات النظام"
    assert key_of("إدلب") == "ادلب"
