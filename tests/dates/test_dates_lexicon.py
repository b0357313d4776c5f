"""Every entry of data/dates.yaml loads and is found inside a sentence, after a clitic."""

from __future__ import annotations

import pytest

from marsad.dates import find_dates
from marsad.recognize.lexicon import load_data, validate
from marsad.dates.parse import _DatesFile, date_lexicon
from marsad.errors import LexiconError
from marsad.normalize import normalize

DATA = load_data("dates.yaml")


def _dates(s: str):
    out = find_dates(normalize(s), s)
    for d in out:
        assert s[d.span.start : d.span.end] == d.text
    return out


def test_loads():
    lex = date_lexicon()
    assert len(set(lex.months.values())) == 12 and len(set(lex.weekdays.values())) == 7


MONTHS = [(m, w) for m, ws in DATA["months"].items() for w in ws]


@pytest.mark.parametrize("month,word", MONTHS)
def test_every_month(month, word):
    # "و" + month + year: "بين يناير ومارس 2018"
    (d,) = _dates(f"تصاعدت الهجمات و{word} 2018 في المنطقة.")
    assert (d.kind, d.month, d.year, d.text) == ("month", month, 2018, f"{word} 2018")


HIJRI = [(m, w) for m, ws in DATA["hijri_months"].items() for w in ws]


@pytest.mark.parametrize("month,word", HIJRI)
def test_every_hijri_month(month, word):
    (d,) = _dates(f"وقع ذلك و{word} 1439 هـ في المدينة.")
    assert (d.calendar, d.month, d.year) == ("hijri", month, 1439)


@pytest.mark.parametrize("marker", DATA["hijri_markers"])
def test_every_hijri_marker(marker):
    (d,) = _dates(f"وقع ذلك في 3 رمضان 1439 {marker} في المدينة.")
    assert (d.calendar, d.day) == ("hijri", 3)


WEEKDAYS = [(n, w) for n, ws in DATA["weekdays"].items() for w in ws]


@pytest.mark.parametrize("wd,word", WEEKDAYS)
def test_every_weekday(wd, word):
    (d,) = _dates(f"هاجم المسلحون و{word} الماضي موقعا للجيش.")
    assert (d.kind, d.weekday, d.direction) == ("weekday", wd, "past")
    assert d.text == f"{word} الماضي"


ORDINALS = [(n, w) for n, ws in DATA["ordinal_days"].items() for w in ws]


@pytest.mark.parametrize("day,word", ORDINALS)
def test_every_ordinal_day(day, word):
    (d,) = _dates(f"هاجموا و{word} من آذار/مارس 2018 مواقع.")
    assert (d.kind, d.day, d.month, d.year) == ("absolute", day, 3, 2018)


PODS = [(p, w) for p, ws in DATA["parts_of_day"].items() for w in ws]


@pytest.mark.parametrize("pod,word", PODS)
def test_every_part_of_day(pod, word):
    (d,) = _dates(f"شنت الطائرات غارات و{word} الخميس على البلدة.")
    assert d.kind == "weekday" and d.weekday == 3
    assert d.part_of_day == (None if pod == "day" else pod)


@pytest.mark.parametrize("entry", DATA["relative_days"], ids=lambda e: e["text"])
def test_every_relative_day(entry):
    (d,) = _dates(f"قال مسؤول و{entry['text']} إن القصف استمر.")
    assert d.kind == "relative_day" and d.offset_days == entry["offset"]


ADJ = [(dr, w) for dr, ws in DATA["relative_adjectives"].items() for w in ws]


@pytest.mark.parametrize("direction,word", ADJ)
def test_every_relative_adjective(direction, word):
    (d,) = _dates(f"تصاعدت الهجمات والشهر {word} في البادية.")
    assert d.kind == "relative_period" and d.unit == "month" and d.direction == direction


UNITS = [(u, n, w) for u, forms in DATA["units"].items() for n, ws in forms.items() for w in ws]


@pytest.mark.parametrize("unit,number,word", UNITS)
def test_every_unit(unit, number, word):
    count = "3 " if number == "plural" and not word.startswith("ال") else ""
    (d,) = _dates(f"انسحبت القوات وقبل {count}{word}، وفق مصادر.")
    assert d.kind == "relative_period" and d.unit == unit
    expected = {"singular": 1, "dual": 2, "plural": 3 if count else None}[number]
    assert d.count == expected


DEF = [(u, w) for u, ws in DATA["definite_periods"].items() for w in ws]


@pytest.mark.parametrize("unit,word", DEF)
def test_every_definite_period(unit, word):
    (d,) = _dates(f"تصاعدت الهجمات و{word} الماضي في البادية.")
    assert d.kind == "relative_period" and d.unit == unit and d.direction == "past"


HEADS = [(h, w) for h, ws in DATA["period_heads"].items() for w in ws]


@pytest.mark.parametrize("head,word", HEADS)
def test_every_period_head(head, word):
    (d,) = _dates(f"تصاعدت الهجمات و{word} الأيام الماضية في البادية.")
    assert d.kind == "relative_period" and d.unit == "day"
    assert d.qualifier == {"ago": None, "since": "since", "during": "during"}[head]


@pytest.mark.parametrize("word", DATA["vague"])
def test_every_vague(word):
    (d,) = _dates(f"تصاعدت الهجمات و{word} في البادية.")
    assert d.kind == "vague"


QUALIFIERS = [(q, w) for q, ws in DATA["qualifiers"].items() for w in ws]


@pytest.mark.parametrize("qualifier,word", QUALIFIERS)
def test_every_qualifier(qualifier, word):
    (d,) = _dates(f"بقي الطريق مغلقا {word} آذار 2019 بين البلدتين.")
    assert d.kind == "month" and d.month == 3 and d.qualifier == qualifier


PARTS = [(p, w) for p, ws in DATA["parts_of_month"].items() for w in ws]


@pytest.mark.parametrize("part,word", PARTS)
def test_every_part_of_month(part, word):
    (d,) = _dates(f"بقي الطريق مغلقا و{word} آذار 2019 بين البلدتين.")
    assert d.kind == "month" and d.month == 3 and d.part_of_month == part


@pytest.mark.parametrize("word", DATA["month_prepositions"])
def test_every_month_preposition_lets_a_bare_month_be_a_date(word):
    dates = _dates(f"أغلق الطريق {word} تموز بين البلدتين.")
    assert [d.month for d in dates if d.kind == "month"] == [7]
    assert _dates("أغلق مسلحون تموز الطريق.") == []  # no preposition: not read as a date


@pytest.mark.parametrize("word", DATA["year_prepositions"])
def test_every_year_preposition_lets_a_bare_year_be_a_date(word):
    assert [d.year for d in _dates(f"أغلق الطريق {word} 2017، وفق المصدر.")] == [2017]
    assert _dates("أغلق الطريق 2017، وفق المصدر.") == []


@pytest.mark.parametrize("word", DATA["not_weekday_after"])
def test_every_word_that_makes_a_weekday_no_date(word):
    assert _dates(f"اجتمع الناس بعد {word} الجمعة في البلدة.") == []
    assert [d.kind for d in _dates("اجتمع الناس بعد ظهر الجمعة في البلدة.")] == ["weekday"]


@pytest.mark.parametrize("word", DATA["not_today_before"])
def test_every_word_after_which_today_is_not_today(word):
    assert [d.kind for d in _dates(f"وصل الوفد في اليوم {word} إلى البلدة.")] == []


@pytest.mark.parametrize("word", DATA["anchor_words"])
def test_every_anchor_word_makes_ago_relative_to_another_event(word):
    assert _dates(f"وصل الوفد قبل يومين من {word} المؤتمر.") == []
    assert [d.count for d in _dates("وصل الوفد قبل يومين من تطويق المدينة.")] == [2]


@pytest.mark.parametrize("word", DATA["from_now_words"])
def test_every_from_now_word_keeps_ago_relative_to_the_report(word):
    periods = [d for d in _dates(f"وصل الوفد قبل يومين من {word}.") if d.kind == "relative_period"]
    assert [d.count for d in periods] == [2]


@pytest.mark.parametrize("verb", DATA["verbs_before_weekday"])
def test_every_verb_before_a_weekday_raises_its_confidence(verb):
    (d,) = _dates(f"وأضاف المصدر أن المسلحين {verb}وا الخميس في البلدة")
    assert d.kind == "weekday" and d.confidence == 0.75
    (d,) = _dates("وأضاف المصدر أن المسلحين في الخميس في البلدة")
    assert d.confidence == 0.6


def test_bad_entry_raises_lexicon_error():
    bad = dict(DATA)
    bad["months"] = {1: ["يناير"]}
    with pytest.raises(LexiconError) as exc:
        validate("dates.yaml", _DatesFile, bad)
    assert "dates.yaml" in str(exc.value)
