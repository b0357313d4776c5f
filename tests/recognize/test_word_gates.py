"""The word gates skip no match: each recogniser's gated scan finds exactly what its
regex finds at every offset, over sentences built from every lexicon entry (so a new
entry that a gate would not let through fails here)."""

from __future__ import annotations

import pytest

from marsad.dates.parse import date_lexicon
from marsad.normalize import normalize
from marsad.recognize.casualties import casualty_lexicon
from marsad.recognize.matcher import Words
from marsad.recognize.means import means_lexicon
from marsad.recognize.numbers import number_lexicon

_FRAMES = ("وقال إن {} في 12 آذار 2018.", "ب{} و{}، ولل{} (3.5) بال{}", "قتل 5 {}ها أمس\n{} 20",
           # an entry before words of the date vocabulary: the two-word rule of weak words
           "{} ثلاثة أيام، و{} 3 أسابيع {} الأسبوع الماضي {} عام 2011 {} الماضي")


def _texts(entries) -> list[str]:
    out = []
    entries = sorted(entries)
    for k in range(0, len(entries), 7):
        chunk = entries[k : k + 7]
        for frame in _FRAMES:
            out.append(" ".join(frame.format(*(e for _ in range(frame.count("{}")))) for e in chunk))
    return out


def _cases():
    dl, nl, cl, ml = date_lexicon(), number_lexicon(), casualty_lexicon(), means_lexicon()
    date_words = [*dl.months, *dl.hijri_months, *dl.weekdays, *dl.ordinals, *dl.parts_of_day,
                  *dl.relative_days, *dl.units, *dl.definite, *dl.heads, *dl.vague, *dl.counts]
    yield "dates", dl.regex, dl.gate, date_words
    yield "numbers", nl.seq_re, nl.seq_gate, [*nl.words, *nl.vague, *nl.q_before, *nl.duals]
    yield "casualties", cl.trigger_re, cl.trigger_gate, list(cl.triggers)
    yield "means", ml.regex, ml.gate, list(ml.table)


@pytest.mark.parametrize("name, regex, gate, entries", list(_cases()), ids=lambda x: x if isinstance(x, str) else "")
def test_gated_scan_finds_what_the_regex_finds(name, regex, gate, entries) -> None:
    texts = _texts(entries)
    assert texts
    found = 0
    for raw in texts:
        text = normalize(raw).text
        expected = [m.span() for m in regex.finditer(text)]
        assert [m.span() for m in gate.finditer(regex, Words(text))] == expected, (name, raw)
        found += len(expected)
    assert found >= len(entries) // 2  # the sentences do hold the entries


def test_place_feature_gate() -> None:
    from marsad.geocode.gazetteer import load_gazetteer
    from marsad.recognize.places import PlaceRecognizer

    rec = PlaceRecognizer(load_gazetteer(None))
    for raw in _texts(rec.words.features):
        text = normalize(raw).text
        expected = [m.span() for m in rec._feature_re.finditer(text)]
        assert [m.span() for m in rec.feature_gate.finditer(rec._feature_re, Words(text))] == expected


# the dates regex tries at each word only the alternatives that can begin with it: each
# entry of the date vocabulary in the places where one alternative or another begins
_DATE_PLACES = ("{} 20 آذار 2018", "{} الثلاثاء 20 آذار 2018", "{} من آذار 2018", "{} عام 2011 حتى عام 2014",
                "{} 3 و5 آذار", "{} عامي 2011 و2013", "{} رمضان 1439 هـ", "12 {} 1439 هـ", "{} آذار 2018",
                "{} عام 2018", "{} الشهر الجاري", "{} ثلاثة أيام", "{} 3 أسابيع", "{} الثلاثاء", "{} اليوم",
                "في {} الماضي", "هذا {}", "{}", "مطلع {}", "{} 2018/3/20", "20-3-{}")


def _date_pieces() -> list:
    dl = date_lexicon()
    return sorted({*dl.months, *dl.hijri_months, *dl.weekdays, *dl.ordinals, *dl.parts_of_day, *dl.relative_days,
                   *dl.units, *dl.definite, *dl.heads, *dl.vague, *dl.counts, *dl.qualifiers, *dl.parts_of_month,
                   "عام", "سنه", "يومي", "هذه", "بين", "ما بين", "من", "منذ", "شهر", "12", "ال12", "2018"})


def _reading(m) -> tuple:
    return m.span(), m.lastgroup, {k: (v, m.span(k)) for k, v in m.groupdict().items() if v is not None}


def test_date_alternatives_picked_per_word_match_as_the_whole_regex() -> None:
    dl = date_lexicon()
    matched, names = 0, set()
    for piece in _date_pieces():
        for prefix in ("", "و"):
            text = normalize("، ".join(prefix + place.format(piece) for place in _DATE_PLACES)).text
            expected = [_reading(m) for m in dl.gate.finditer(dl.regex, Words(text))]
            assert [_reading(m) for m in dl.gate.finditer(dl.regex, Words(text), dl.alternatives.pick)] == expected, text
            matched += len(expected)
            names.update(r[1] for r in expected)
    assert matched > len(_DATE_PLACES) * len(_date_pieces())
    assert names == {"ABS", "NUM", "HIJ", "DRANGE", "YRANGE", "MONTH", "YEAR", "RELPER", "DEFPER", "RELDAY",
                     "WEEKDAY", "VAGUE"}  # every alternative was read


def test_alternatives_by_first_word_checks_its_names() -> None:
    import re

    from marsad.recognize.lexicon import AlternativesByFirstWord

    alts = AlternativesByFirstWord(r"(?<![^\W_])", {"A": r"قصف +\w+", "B": r"\w+ +\d+", "C": r"قصف"},
                                   {"A": ["قصف"], "C": ["قصف"]}, digits=["B"])
    assert alts.names("وقصف") == ("A", "C") and alts.names("12") == ("B",) and alts.pick("حلب") is None
    assert alts.pick("قصف").pattern == r"(?<![^\W_])(?:(?P<A>قصف +\w+)|(?P<C>قصف))"
    assert alts.pick("قصف") is alts.pick("بقصف")  # one regex per set of alternatives
    assert alts.regex.pattern.count("(?P<") == 3 and isinstance(alts.regex, re.Pattern)
    with pytest.raises(ValueError):
        AlternativesByFirstWord("", {"A": "x"}, {"Z": ["x"]})


def test_every_data_file_reads_the_same_with_the_fast_yaml_parser() -> None:
    from importlib import resources

    import yaml

    from marsad.recognize.lexicon import safe_yaml

    files = [p for p in resources.files("marsad").joinpath("data").rglob("*.yaml")]  # type: ignore[attr-defined]
    assert len(files) >= 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert safe_yaml(text) == yaml.safe_load(text), path
