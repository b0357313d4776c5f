"""Numbers: digits, words, compounds, duals, vague quantities and qualifiers."""

from __future__ import annotations

import pytest

from marsad.recognize.lexicon import load_data
from marsad.normalize import normalize
from marsad.recognize.numbers import find_numbers


def _nums(s: str):
    out = find_numbers(normalize(s), s)
    for n in out:
        assert s[n.span.start : n.span.end] == n.text
    return out


CASES = [
    ("قتل 16 طفلا في غارة", "16", 16, False, None),
    ("نزح 1,500 شخص من القرية", "1,500", 1500, False, None),
    ("نزح 1.500.000 شخص من المدينة", "1.500.000", 1500000, False, None),
    ("نزح 2.5 مليون شخص من المدينة", "2.5 مليون", 2500000, False, None),
    ("قتل خمسة عشر مدنيا", "خمسة عشر", 15, False, None),
    ("قتل إحدى عشرة امرأة", "إحدى عشرة", 11, False, None),
    ("قتل اثنا عشر جنديا", "اثنا عشر", 12, False, None),
    ("قتل ثلاثة وعشرين مدنيا", "ثلاثة وعشرين", 23, False, None),
    ("قتل ثلاثون مدنيا", "ثلاثون", 30, False, None),
    ("قتل مئة وخمسين شخصا", "مئة وخمسين", 150, False, None),
    ("قتل مائة شخص", "مائة", 100, False, None),
    ("قتل ثلاث مئة وخمسة وعشرين شخصا", "ثلاث مئة وخمسة وعشرين", 325, False, None),
    ("قتل ألفا و358 شخصا", "ألفا و358", 1358, False, None),
    ("قتل ستة آلاف و259 شخصا", "ستة آلاف و259", 6259, False, None),
    ("نزح نصف مليون شخص", "نصف مليون", 500000, False, None),
    ("نزح عشرين ألفا من السكان", "عشرين ألفا", 20000, False, None),
    ("نزح ألفين من السكان", "ألفين", 2000, False, None),
    ("قتل اثنين من الجنود", "اثنين", 2, False, None),
    ("قتلت اثنتان من النساء", "اثنتان", 2, False, None),
    ("قتل ثلاث نساء", "ثلاث", 3, False, None),
    ("قتل رجل واحد", "واحد", 1, False, None),
    ("قتل مدنيان في ضربة", "مدنيان", 2, False, None),
    ("استمر القصف يومين", "يومين", 2, False, None),
    ("خلف عشرات القتلى", "عشرات", 10, True, None),
    ("خلف مئات القتلى", "مئات", 100, True, None),
    ("نزح آلاف المدنيين", "آلاف", 1000, True, None),
    ("نزح مئات الآلاف من السكان", "مئات الآلاف", 100000, True, None),
    ("أصيب العديد من المدنيين", "العديد من", None, True, None),
    ("أصيب عدد من المدنيين", "عدد من", None, True, None),
    ("قتل نحو 100 من الجنود", "نحو 100", 100, False, "about"),
    ("قتل حوالي 100 سوري", "حوالي 100", 100, False, "about"),
    ("قتل قرابة 50 شخصا", "قرابة 50", 50, False, "about"),
    ("قتل أكثر من 40 شخصا", "أكثر من 40", 40, False, "more_than"),
    ("قتل ما يزيد عن 40 شخصا", "ما يزيد عن 40", 40, False, "more_than"),
    ("قتل ما يزيد على 40 شخصا", "ما يزيد على 40", 40, False, "more_than"),
    ("قضى ما لا يقل عن خمسين شخصا", "ما لا يقل عن خمسين", 50, False, "at_least"),
    ("قتل أقل من 10 أشخاص", "أقل من 10", 10, False, "less_than"),
    ("قتل 43 مدنيا على الأقل", "43", 43, False, "at_least"),
    ("قتل رجلا واحدا على الأقل", "واحدا", 1, False, "at_least"),
]


@pytest.mark.parametrize("sentence,text,value,vague,qualifier", CASES, ids=[c[1] for c in CASES])
def test_number_forms(sentence, text, value, vague, qualifier):
    out = _nums(sentence)
    assert len(out) == 1, [(n.text, n.value) for n in out]
    n = out[0]
    assert (n.text, n.value, n.vague, n.qualifier) == (text, value, vague, qualifier)


def test_digits_joined_by_waw_stay_apart():
    assert [n.value for n in _nums("بين 10 و15 قتيلا")] == [10, 15]


def test_percent_and_bare_decimal_are_not_counts():
    assert _nums("ارتفع بنسبة 50% في المدينة") == []
    assert _nums("ارتفع 3.5 نقطة") == []
    assert _nums("نسبة 40 في المئة من السكان") == []


def test_not_numbers_inside_words():
    assert _nums("الثلاثاء والسبعينيات وخمسينية") == []


DATA = load_data("numbers.yaml")
WORDS = (
    [(v, w) for v, ws in DATA["units"].items() for w in ws]
    + [(v, w) for v, ws in DATA["tens"].items() for w in ws]
    + [(v, w) for v, ws in DATA["hundreds"].items() for w in ws]
    + [(v, w) for v, ws in DATA["thousands"].items() for w in ws]
    + [(v, w) for v, ws in DATA["millions"].items() for w in ws]
)


@pytest.mark.parametrize("value,word", WORDS)
def test_every_number_word(value, word):
    (n,) = _nums(f"وصل و{word} من الجنود")
    assert n.value == value and n.text == word


@pytest.mark.parametrize("value,word", [(v, w) for v, ws in DATA["teen_only"].items() for w in ws])
def test_every_teen_only_word(value, word):
    (n,) = _nums(f"قتل و{word} عشر جنديا")
    assert n.value == value + 10
    assert _nums(f"قتل ب{word} الجنود") == []  # ("وأحد" folds to "واحد", one)


@pytest.mark.parametrize("word", DATA["teen_ten"])
def test_every_teen_ten(word):
    (n,) = _nums(f"قتل وخمسة {word} جنديا")
    assert n.value == 15


@pytest.mark.parametrize("word", DATA["thousands_plural"])
def test_every_thousands_plural(word):
    (n,) = _nums(f"نزح وستة {word} من السكان")
    assert n.value == 6000


@pytest.mark.parametrize("word", DATA["millions_plural"])
def test_every_millions_plural(word):
    (n,) = _nums(f"نزح وثلاثة {word} من السكان")
    assert n.value == 3000000


@pytest.mark.parametrize("name,words", DATA["fractions"].items())
def test_every_fraction(name, words):
    for w in words:
        (n,) = _nums(f"نزح و{w} مليون شخص")
        assert n.value == (500000 if name == "half" else 250000)


@pytest.mark.parametrize("entry", DATA["vague"], ids=lambda e: e["text"])
def test_every_vague(entry):
    (n,) = _nums(f"نزح و{entry['text']} السكان")
    assert n.vague and n.value == entry["value"]


@pytest.mark.parametrize("entry", DATA["qualifiers_before"], ids=lambda e: e["text"])
def test_every_qualifier_before(entry):
    (n,) = _nums(f"قتل و{entry['text']} 40 شخصا")
    assert n.value == 40 and n.qualifier == entry["qualifier"]


@pytest.mark.parametrize("entry", DATA["qualifiers_after"], ids=lambda e: e["text"])
def test_every_qualifier_after(entry):
    (n,) = _nums(f"قتل و40 شخصا {entry['text']}")
    assert n.value == 40 and n.qualifier == entry["qualifier"]


@pytest.mark.parametrize("entry", DATA["duals"], ids=lambda e: e["text"])
def test_every_dual(entry):
    (n,) = _nums(f"قتل و{entry['text']} في الهجوم")
    assert n.value == 2 and n.noun == entry["noun"]
