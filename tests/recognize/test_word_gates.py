"""The word gates skip no match: each recogniser's gated scan finds exactly what its
regex finds at every offset, over sentences built from every lexicon entry (so a new
entry that a gate would not let through fails here)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from marsad.dates.parse import date_lexicon
from marsad.normalize import normalize
from marsad.recognize.casualties import casualty_lexicon
from marsad.recognize.lexicon import first_word_gate
from marsad.recognize.matcher import WordGate, WordIndex, Words
from marsad.recognize.means import means_lexicon
from tests.conftest import CORPUS, needs_shared
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


@pytest.mark.parametrize("indexed", [False, True], ids=["gate alone", "in a word index"])
@pytest.mark.parametrize("name, regex, gate, entries", list(_cases()), ids=lambda x: x if isinstance(x, str) else "")
def test_gated_scan_finds_what_the_regex_finds(name, regex, gate, entries, indexed: bool) -> None:
    """Alone, a gate reads each word with its regexes; in a word index, with its forms."""
    texts = _texts(entries)
    assert texts
    index = WordIndex({}, [gate]) if indexed else None
    found = 0
    for raw in texts:
        text = normalize(raw).text
        expected = [m.span() for m in regex.finditer(text)]
        words = index.words(text) if index is not None else Words(text)
        assert [m.span() for m in gate.finditer(regex, words)] == expected, (name, raw)
        found += len(expected)
    assert found >= len(entries) // 2  # the sentences do hold the entries


def _all_gates() -> list:
    from marsad.geocode.gazetteer import load_gazetteer
    from marsad.recognize.places import PlaceRecognizer

    gates = [gate for _, _, gate, _ in _cases()]
    gates.append(PlaceRecognizer(load_gazetteer(None)).feature_gate)
    # and small ones of each kind: weak words, no article, no digits, no words at all
    gates.append(first_word_gate(["في الأسبوع", "من عام", "قصف"], article=True, weak=["في", "من"],
                                 follow=["الأسبوع", "عام"]))
    # بمن begins an entry, and is also ب + the weak من: a start, not weak
    gates.append(first_word_gate(["من عام", "بمن"], weak=["من"], follow=["عام"]))
    gates.append(first_word_gate(["ثلاثه"], digits=True))
    # first words of multi-word entries only: weak before their second words, not a number
    gates.append(first_word_gate(["في عداد المفقودين", "لقي حتفه", "لقي مصرعه", "قتيل", "قتيل اخر"], article=True,
                                 digits=True, multiword_weak=True))
    gates.append(first_word_gate([], digits=True))
    gates.append(first_word_gate([]))
    gates.append(WordGate(r"(?:في|عام|\d+)$"))  # a gate without forms: read by its regex
    return gates


def _regex_bits(gates, word: str) -> int:
    bits = 0
    for k, g in enumerate(gates):
        bits |= g.flags(word) << (3 * k)
    return bits


_GATES = _all_gates()
_INDEX = WordIndex({}, _GATES)
_GATE_WORDS = sorted({w for g in _GATES if g.forms for words, _, _ in g.forms[2].values() for w in words})
_PIECES = ["و", "ف", "ب", "ل", "ك", "ال", "ل", "3", "٣", "2018", "ها", "ت", "ا", "س", "x"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(_GATE_WORDS)), min_size=1, max_size=4)
       .map("".join))
def test_a_word_index_reads_gate_forms_as_the_gates_regexes_do(word: str) -> None:
    """Every gate of the recognisers (and small ones of each kind, and one without
    forms) in one index: the flags read from the forms are the regexes' flags, for
    words made of proclitics, the article, gate words, digits and other letters."""
    assert _INDEX._gate_bits(word) == _regex_bits(_GATES, word)


def test_gate_forms_cover_each_gate_word_with_its_proclitics() -> None:
    checked = 0
    for w in _GATE_WORDS:
        for p in ("", "و", "ف", "ب", "وب", "فل", "ك", "ال", "وال", "بال", "لل", "ول"):
            assert _INDEX._gate_bits(p + w) == _regex_bits(_GATES, p + w), p + w
            checked += 1
    assert checked > 5_000 and any(_INDEX._gate_bits(w) for w in _GATE_WORDS)


def test_multiword_weak_first_words_begin_a_match_only_before_their_second_words() -> None:
    gate = first_word_gate(["في عداد المفقودين", "لقي حتفه", "لقي مصرعه", "قتيل", "قتيل اخر"], article=True,
                           multiword_weak=True)
    text = "لقي 3 في الحرب ولقي مصرعه وقتيل اخر، في عداد المفقودين والقتيل في 2018 لقي"
    words = Words(text)
    starts = [words.words[i] for i in gate._candidates(words)]
    # "قتيل" begins a one-word entry: a start anywhere; "في" and "لقي" only before "عداد",
    # "حتفه" or "مصرعه" (a number after them begins nothing)
    assert starts == ["ولقي", "وقتيل", "في", "والقتيل"]
    assert [m.group() for m in gate.finditer(re.compile(r"\S+ \S+"), words)] == [
        "ولقي مصرعه", "وقتيل اخر،", "في عداد", "والقتيل في"]


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


@needs_shared
@pytest.mark.corpus
def test_gate_forms_read_corpus_words_as_the_regexes_do(shared_data_dir) -> None:
    """Every distinct word of every 20th ANT article, through the recognisers' own index."""
    from marsad.ingest import IngestProblem, read_inputs
    from marsad.recognize import _load_resources

    index = _load_resources(str(shared_data_dir)).index
    words: set[str] = set()
    for k, doc in enumerate(read_inputs([str(CORPUS)])):
        if k % 20 == 0 and not isinstance(doc, IngestProblem):
            words.update(Words(normalize(doc.raw_text).text).words)
    assert len(words) > 20_000
    flagged = 0
    for w in words:
        want = _regex_bits(index._gates, w)
        assert index._gate_bits(w) == want, w
        flagged += bool(want)
    assert flagged > 1_000
