"""The C word scan (``marsad.recognize._wordscan``) against its Python twin.

``matcher.py`` uses the C versions of ``split`` and ``collect`` when the module is built;
these tests hold them to ``_split_py`` and ``_collect_py`` (the specification), and hold
a whole :class:`WordIndex` scan with the C versions to one with the Python versions.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from contextlib import contextmanager

import pytest
from hypothesis import example, given, settings, strategies as st

from marsad.recognize import matcher as M
from marsad.recognize.lexicon import first_word_gate
from tests.conftest import CORPUS, SEED, needs_shared
from marsad.recognize.matcher import (
    Match, Matcher, WordGate, WordIndex, Words, _after_py, _before_py, _collect_py, _longest_py, _rests_py,
    _split_py, _WordReadings,
)

try:
    from marsad.recognize import _wordscan
except ImportError:  # pragma: no cover - depends on the install
    _wordscan = None

needs_c = pytest.mark.skipif(_wordscan is None, reason="the C word scan is not built (pip install builds it "
                             "when a C compiler is there); the Python versions run instead")

# letters (Arabic, Latin, accented), Arabic-Indic and ASCII digits, the underscore, a
# combining mark (not alphanumeric), a non-BMP letter, punctuation and white space
_CHARS = "ابتحلوفقسدال" + "abzé" + "٣19" + "_" + "\u064e" + "𝒜" + " ،.-\n\t"
_TEXTS = st.text(alphabet=_CHARS, max_size=40)


@needs_c
@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.lists(st.text(alphabet="ابتحلوa1_", min_size=1, max_size=4), max_size=8))
def test_split_agrees_with_python(text: str, known: list[str]) -> None:
    miss = object()
    cache = {w: (k, (), ()) if k % 2 else None for k, w in enumerate(known)}
    assert _wordscan.split(text, None, None) == _split_py(text, None, None)
    got, want = _wordscan.split(text, cache, miss), _split_py(text, cache, miss)
    assert got[:3] == want[:3] and got[4] == want[4]
    assert [x is miss for x in got[3]] == [x is miss for x in want[3]]
    assert [x for x in got[3] if x is not miss] == [x for x in want[3] if x is not miss]


@needs_c
@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data(), st.integers(0, 5), st.sampled_from([frozenset(".\n،"), frozenset(), {"-", " "}]))
def test_before_and_after_agree_with_python(text: str, data, n: int, stops) -> None:
    """The words next to a position, both ways, at every kind of position: a word's
    start or end, inside a word, before the text and past it."""
    words = Words(text)
    edges = [-1, 0, len(text), len(text) + 3] + words.starts + words.ends
    pos = data.draw(st.sampled_from(edges) | st.integers(-2, len(text) + 2))
    for c, py in ((_wordscan.before, _before_py), (_wordscan.after, _after_py)):
        got, want = c(words, pos, n, stops), py(words, pos, n, stops)
        assert got == want
        # the words and offsets are the Words' own objects
        assert all(g[0] is w[0] for g, w in zip(got, want))


@needs_c
def test_before_and_after_find_stops_of_any_kind() -> None:
    """A stop outside Latin-1 (the Arabic comma) between two words ends the walk; a
    text of a wider kind (a non-BMP letter) reads alike; bad arguments are refused."""
    for text in ("قال، المرصد إن", "𝒜 قال، المرصد إن"):
        words = Words(text)
        pos = words.starts[-1]
        for stops in (frozenset("،"), frozenset("؟")):
            assert _wordscan.before(words, pos, 3, stops) == _before_py(words, pos, 3, stops)
            assert _wordscan.after(words, 0, 5, stops) == _after_py(words, 0, 5, stops)
    assert [w for w, _, _ in _wordscan.before(Words("قال، المرصد إن"), 14, 3, frozenset("،"))] == ["إن", "المرصد"]
    words = Words("قال المرصد")
    with pytest.raises(TypeError):
        _wordscan.before(words, 3, 1, "،")  # stops must be a set
    with pytest.raises(TypeError):
        _wordscan.after(words, 3, 1)
    bad = Words("قال المرصد")
    bad.starts = tuple(bad.starts)
    with pytest.raises(TypeError):
        _wordscan.after(bad, 0, 1, frozenset())


@needs_c
@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.lists(st.text(alphabet="ابتحلوa1_𝒜", min_size=1, max_size=4), max_size=8))
def test_split_reads_a_word_table_as_a_dict(text: str, known: list[str]) -> None:
    """With a WordTable, split finds what it finds with a dict of the same entries, and
    a word the table holds is the table's own key object."""
    miss = object()
    entries = {w: (k, (), ()) if k % 2 else None for k, w in enumerate(known)}
    table = _wordscan.WordTable(entries)
    got, want = _wordscan.split(text, table, miss), _wordscan.split(text, entries, miss)
    assert got[:3] == want[:3] and got[4] == want[4]
    assert all(a is b for a, b in zip(got[3], want[3]))  # the same info objects, miss included
    keys = {w: w for w, _ in table.items()}
    for word, x in zip(got[0], got[3]):
        assert (word is keys[word]) if x is not miss else word not in keys


_KEYS = st.text(alphabet="اب" + "ab" + "é" + "𝒜" + "٣1", min_size=0, max_size=5)
_OPS = st.lists(st.tuples(st.sampled_from(["set", "get", "in", "getitem", "clear"]), _KEYS, st.integers()),
                max_size=60)


@needs_c
@settings(max_examples=300, deadline=None)
@given(_OPS)
def test_word_table_behaves_as_a_dict(ops) -> None:
    """Keys of every str kind (ASCII, Latin-1, Arabic, beyond the BMP) and the empty key."""
    table, twin = _wordscan.WordTable(), {}
    for op, key, value in ops:
        if op == "set":
            table[key] = value
            twin[key] = value
        elif op == "get":
            assert table.get(key) == twin.get(key) and table.get(key, "x") == twin.get(key, "x")
        elif op == "in":
            assert (key in table) == (key in twin)
        elif op == "getitem":
            if key in twin:
                assert table[key] == twin[key]
            else:
                with pytest.raises(KeyError):
                    table[key]
        else:
            table.clear()
            twin.clear()
        assert len(table) == len(twin)
    assert dict(table.items()) == twin


@needs_c
@pytest.mark.parametrize("text", ["2018 é", "2018 é قصف", "2018 é قصف 𝒜b", "قصف 𝒜b"])
def test_word_table_finds_words_in_a_text_of_another_kind(text: str) -> None:
    """A word is stored as its own str (ASCII, Latin-1, UCS-2 or UCS-4) and found in a
    text whose characters are wider."""
    table = _wordscan.WordTable({"2018": 1, "é": 2, "قصف": 3, "𝒜b": 4})
    words, _, _, info, misses = _wordscan.split(text, table, None)
    assert misses == [] and info == [table[w] for w in words]
    assert all(w is next(k for k, _ in table.items() if k == w) for w in words)


@needs_c
def test_word_table_grows_clears_and_pickles() -> None:
    import gc
    import pickle
    import weakref

    table = _wordscan.WordTable()
    words = [f"ك{k}ب" for k in range(5000)]  # past the first slot array, several times
    for k, w in enumerate(words):
        table[w] = k
    assert len(table) == 5000 and all(table[w] == k for k, w in enumerate(words))
    assert dict(pickle.loads(pickle.dumps(table)).items()) == dict(table.items())
    table.clear()
    assert len(table) == 0 and table.get(words[0]) is None
    table["قصف"] = 1
    assert _wordscan.split("وقصف قصف", table, None)[3] == [None, 1]
    with pytest.raises(TypeError):
        table[1] = 2  # keys are str
    with pytest.raises(TypeError):
        del table["قصف"]
    assert table.get(1) is None and 1 not in table

    class Value:
        pass

    v = Value()
    v.table = table  # a cycle through the table
    table["x"] = v
    ref = weakref.ref(v)
    del v, table
    gc.collect()
    assert ref() is None


@needs_c
def test_split_offsets_past_the_shared_ints() -> None:
    """Offsets below 16,384 are shared int objects, those past it are made: both equal
    what Python finds, in a text of about 40,000 characters."""
    text = "قصف 12 حلب، " * 3500
    miss = object()
    for cache in (None, _wordscan.WordTable({"حلب": 1})):
        got, want = _wordscan.split(text, cache, miss), _split_py(text, cache, miss)
        assert got[:3] == want[:3] and got[4] == want[4] and got[2][-1] == len(text) - 2 > 16_384
        if cache is not None:
            assert got[3] == want[3] and len(got[4]) == 2 * 3500  # قصف and 12 miss


@needs_c
def test_split_words_are_the_runs_of_letters_and_digits() -> None:
    text = "وبقصف، للقوات_x 12 ٣é\u064eب 𝒜b"
    words, starts, ends, info, misses = _wordscan.split(text, None, None)
    assert words == [m.group() for m in re.finditer(r"[^\W_]+", text)]
    assert [text[a:b] for a, b in zip(starts, ends)] == words
    assert info is None and misses is None


_SECONDS = ["حلب", "x", ""]


def _infos(drawn) -> list:
    """An info list: None, or (bits, singles, multis) with singles and multi-word
    readings for matchers 0..2."""
    out = []
    for bits, singles, multis in drawn:
        if bits < 0:
            out.append(None)
            continue
        out.append((bits, tuple((j, k, n, f"k{j}{k}{n}", (f"p{j}",), "و" * k, "ها" if n > 2 else "")
                                for j, k, n in singles),
                    tuple((j, _WordReadings((), (f"r{j}{s}",), frozenset(_SECONDS[s:s + 1]), cut))
                          for j, s, cut in multis)))
    return out


_INFO = st.lists(st.tuples(st.one_of(st.just(-1), st.integers(0, 511)),
                           st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(1, 4)), max_size=3),
                           st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(-1, 3)),
                                    max_size=2)),
                 max_size=12)


@needs_c
@settings(max_examples=400, deadline=None)
@given(_INFO, st.lists(st.sampled_from([True, False]), min_size=3, max_size=3), st.booleans(), st.data())
def test_collect_agrees_with_python(drawn, wanted: list[bool], find: bool, data) -> None:
    info = _infos(drawn)
    starts = [7 * i + 300 for i in range(len(info))]  # past the small-int cache
    # a second word alone, with a suffix of one to four letters, or another word
    words = [data.draw(st.sampled_from(["حلب", "x", "y", "xy", "حلبه", "حلبها", "حلبهما", "حلبكمها", "ح"]))
             for _ in info]
    found_c = [[] if w else None for w in wanted] if find else None
    found_py = [[] if w else None for w in wanted] if find else None
    ngates = data.draw(st.integers(0, 3))
    got = _wordscan.collect(info, starts, words, found_c, Match, ngates)
    want = _collect_py(info, starts, words, found_py, Match, ngates)
    assert got == want
    assert found_c == found_py
    for out in found_c or ():
        for m in out or ():
            assert type(m) is Match and m.nend - m.nstart >= 1


@needs_c
def test_collect_rejects_malformed_input() -> None:
    with pytest.raises(TypeError):
        _wordscan.collect([(1, ())], [0], ["a"], None, Match, 1)  # not a 3-tuple
    with pytest.raises(IndexError):
        _wordscan.collect([(0, ((5, 0, 1, "k", (), "", ""),), ())], [0], ["a"], [[]], Match, 1)  # no matcher 5
    with pytest.raises(IndexError):
        _wordscan.collect([(0, (), ((5, _WordReadings((), (), frozenset(), -1)),))], [0], ["a"], [[]], Match, 1)
    with pytest.raises(TypeError):
        _wordscan.collect([(0, (), ((0, "readings"),))], [0], ["a"], [[]], Match, 1)
    with pytest.raises(ValueError):
        _wordscan.collect([None], [], [], None, Match, 1)
    with pytest.raises(TypeError):
        _wordscan.collect([None], [0], ["a"], None, dict, 1)
    with pytest.raises(ValueError):
        _wordscan.collect([(-1, (), ())], [0], ["a"], None, Match, 1)  # negative gate bits
    with pytest.raises(ValueError):
        _wordscan.collect([None], [0], ["a"], None, Match, 21)  # more gates than bits
    with pytest.raises(TypeError):
        _wordscan.split("abc", [], None)


_SWAPPED = ("_split", "_collect", "_rests", "_longest_all", "_WordCache", "_Screen")


@contextmanager
def _scan_with(*versions):
    saved = [getattr(M, name) for name in _SWAPPED]
    try:
        for name, version in zip(_SWAPPED, versions):
            setattr(M, name, version)
        yield
    finally:
        for name, version in zip(_SWAPPED, saved):
            setattr(M, name, version)


def _pure_python():
    return _scan_with(_split_py, _collect_py, _rests_py, _longest_py, dict, None)


def _c_scan():
    """The C versions, even when MARSAD_PURE_PYTHON keeps them out of everyday use."""
    return _scan_with(_wordscan.split, _wordscan.collect, _wordscan.rests, _wordscan.longest, _wordscan.WordTable,
                      _wordscan.Screen)


def _match_lists(spans: list[list[tuple[int, int]]]) -> list:
    return [None if s is None else [Match(a, a + n, f"k{a}{n}", (k,)) for k, (a, n) in enumerate(s)] for s in spans]


_SPANS = st.lists(st.none() | st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=8)
                  | st.lists(st.tuples(st.integers(0, 8), st.integers(1, 5)), max_size=12), max_size=5)


@needs_c
@settings(max_examples=400, deadline=None)
@given(_SPANS)
def test_longest_agrees_with_python(spans) -> None:
    c_lists, py_lists = _match_lists(spans), _match_lists(spans)
    got = _wordscan.longest(c_lists)
    want = _longest_py(py_lists)
    assert got == want
    assert c_lists == py_lists  # both sort in place, stably
    for c_in, c_out in zip(c_lists, got):
        if c_in is not None and c_out == c_in:
            assert c_out is c_in  # a list without overlaps is returned as it is
    with pytest.raises(TypeError):
        _wordscan.longest([[(1,), (0,)]])
    with pytest.raises(TypeError):
        _wordscan.longest([[(1, "x"), (0, 2)]])
    with pytest.raises(TypeError):
        _wordscan.longest(["ab"])


_PIECES = ["و", "ف", "ب", "ل", "ال", "لل", " ", " ", "،", ".", "_", "قوات", "النظام", "ريف", "حلب", "داعش",
           "التنظيم", "هاجم", "قصف", "ها", "في", "عام", "2018", "x"]


@needs_c
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_an_index_scans_alike_with_c_and_python(text: str) -> None:
    def index() -> WordIndex:
        return WordIndex(
            {"nouns": Matcher([("قوات النظام", "syr"), ("قوات", "f"), ("ريف حلب", "r"), ("داعش", "i"),
                               ("التنظيم", "i")]),
             "verbs": Matcher([("هاجم", "a"), ("قصف", "s")], verb=True, suffixes=["ها"])},
            [WordGate(r"(?:في|عام|\d+)$"), WordGate(r"حلب$", weak=r"ريف$", follow=r"حلب$")])

    with _c_scan():
        c_index = index()
        assert type(c_index._cache) is _wordscan.WordTable
        c_words, c_found = c_index.scan(text)
    with _pure_python():
        py_index = index()
        assert type(py_index._cache) is dict
        py_words, py_found = py_index.scan(text)
    assert c_found == py_found
    assert (c_words.words, c_words.starts, c_words.ends) == (py_words.words, py_words.starts, py_words.ends)
    assert c_words.info == py_words.info
    assert [c_words.candidates(g) for g in range(2)] == [py_words.candidates(g) for g in range(2)]


def _rest_index() -> WordIndex:
    """Multi-word entries of every kind: ending with a suffix (a verb's), going on
    without a word (داعش.), sharing a first word, one key under two payloads."""
    return WordIndex(
        {"nouns": Matcher([("قوات النظام", "syr"), ("قوات النظام", "syr2"), ("ريف حلب", "r"),
                           ("ريف حلب الشمالي", "rn"), ("داعش.", "dot"), ("التنظيم", "i")]),
         "verbs": Matcher([("هاجم القوات", "a"), ("قصف ريف", "s")], verb=True, suffixes=["ها", "هم"])},
        [WordGate(r"(?:في|عام|\d+)$")])


_REST_PIECES = _PIECES + [".", " الشمالي", "داعش.", " القوات", "ها", "هم", " ريف", "حلبي"]


@needs_c
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_REST_PIECES), max_size=18).map("".join))
def test_rests_agree_with_python(text: str) -> None:
    """The multi-word matches of the pending words, made by C and by Python from the
    same words and pending list (each a Match, in the same order)."""
    with _pure_python():
        index = _rest_index()
        words = index._lookup(text)
        found: list[list] = [[] for _ in range(2)]
        _, pending = _collect_py(words.info, words.starts, words.words, found, Match, 1)
    c_found, py_found = [list(f) for f in found], [list(f) for f in found]
    assert _wordscan.rests(pending, words, index._rest_info, c_found, Match) is None
    _rests_py(pending, words, index._rest_info, py_found, Match)
    assert c_found == py_found
    assert all(type(m) is Match for f in c_found for m in f)


@needs_c
def test_rests_finds_each_kind_of_ending_and_refuses_malformed_input() -> None:
    text = "هاجم القواتهم وريف حلب الشمالي وداعش."
    with _c_scan():
        found = _rest_index().scan(text)[1]
    assert [(m.key, m.suffix) for m in found["verbs"]] == [("هاجم القوات", "هم")]
    assert [m.key for m in found["nouns"]] == ["ريف حلب الشمالي", "داعش."]
    with _pure_python():
        assert _rest_index().scan(text)[1] == found
    with _pure_python():
        index = _rest_index()
        words = index._lookup(text)
    r = words.info[2][2][0][1]  # وريف: (matcher, readings)
    for bad in ([(2, 0)], [(99, 0, r)], [(2, 5, r)], [(2, 0, "r")], ["x"]):
        with pytest.raises((TypeError, IndexError)):
            _wordscan.rests(bad, words, index._rest_info, [[], []], Match)
    with pytest.raises(TypeError):
        _wordscan.rests([(2, 0, r)], words, ((frozenset(), 0),), [[], []], Match)
    with pytest.raises(TypeError):
        _wordscan.rests([], words, index._rest_info, [[], []], str)
    with pytest.raises(KeyError):  # a key without a payload
        _wordscan.rests([(2, 0, r)], words, ((frozenset(), 0, {}),) * 2, [[], []], Match)


def _gated_index() -> WordIndex:
    """An index like the real one: noun and verb matchers (suffixes, the لل
    contraction, multi-word entries) and gates given as first words (proclitics, the
    article, digits, a weak word and what may follow it)."""
    return WordIndex(
        {"nouns": Matcher([("قوات النظام", "syr"), ("قوات", "f"), ("ريف حلب", "r"), ("داعش", "i"),
                           ("التنظيم", "i"), ("حلب", "a")]),
         "verbs": Matcher([("هاجم", "a"), ("قصف", "s")], verb=True, suffixes=["ها", "هم"])},
        [first_word_gate(["عام", "الخميس الماضي"], digits=True, weak=["الخميس"], follow=["الماضي"]),
         first_word_gate(["قتيل", "جريح"], article=True),
         # وفي begins a match; في only before الماضي (a word both is not weak)
         first_word_gate(["في الماضي", "وفي"], weak=["في"], follow=["الماضي"])])


# words made of proclitics, the article, parts of the entries and of the gates' words,
# suffixes and digits (the words a screen must tell apart)
_WORD_PIECES = ["و", "ف", "ب", "ل", "ك", "س", "ال", "لل", "قوات", "حلب", "ريف", "داعش", "تنظيم", "هاجم", "قصف",
                "ها", "هم", "عام", "خميس", "ماضي", "قتيل", "جريح", "في", "2018", "٣", "x", "ي"]
_WORDS = st.lists(st.sampled_from(_WORD_PIECES), min_size=1, max_size=5).map("".join)


@needs_c
@settings(max_examples=600, deadline=None)
@given(_WORDS)
@example("ال2018")
@example("وال٣")
@example("الخميس")
@example("وفي")
@example("فالقتيل")
@example("قصفهم")
def test_screen_settles_exactly_the_words_without_surfaces(word: str) -> None:
    """The screen settles a word when no surface stands in it (``_hits`` is None), and
    then gives what ``_analyse`` gives; it leaves every other word to Python."""
    with _c_scan():
        index = _gated_index()
    assert index._screen is not None
    settled, value = index._screen.analyse(word)
    assert settled == (index._hits(word) is None)
    if settled:
        assert value == index._analyse(word)
    else:
        assert value is None


@needs_c
@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS | st.sampled_from([" ", "، ", "\n", " 𝒜"]), max_size=14).map(" ".join))
def test_split_with_a_screen_gives_the_analyses_python_gives(text: str) -> None:
    with _c_scan():
        c_index = _gated_index()
        c_words, c_found = c_index.scan(text)
    with _pure_python():
        py_index = _gated_index()
        assert py_index._screen is None
        py_words, py_found = py_index.scan(text)
    assert c_found == py_found
    assert c_words.words == py_words.words and c_words.info == py_words.info
    assert [c_words.candidates(g) for g in range(3)] == [py_words.candidates(g) for g in range(3)]
    # each settled word is remembered, under the word split returns
    for w, x in zip(c_words.words, c_words.info):
        if c_index._screen.analyse(w)[0]:
            assert c_index._cache.get(w, M._MISS) == x


@needs_c
def test_screen_empties_a_full_cache_and_reads_every_kind_of_text() -> None:
    with _c_scan():
        index = _gated_index()
    table = _wordscan.WordTable()
    small = _wordscan.Screen(*index._screen.__reduce__()[1][:6], 3)  # a cache of three words at most
    words, _, _, info, misses = _wordscan.split("عام كتب 2018 رأى وعام 𝒜 حلب", table, M._MISS, small)
    assert words == ["عام", "كتب", "2018", "رأى", "وعام", "𝒜", "حلب"]
    assert misses == [6]  # حلب holds a surface
    assert info[:6] == [index._analyse(w) for w in words[:6]]
    assert info[1] is None and info[0][0] and info[0] is info[4]  # words with the same flags share one tuple
    assert len(table) == 3 and "عام" not in table  # emptied once, when it held three
    # the wider text kind (𝒜) reads alike; the screen pickles
    again = pickle.loads(pickle.dumps(index._screen))
    assert again.analyse("عام") == index._screen.analyse("عام") == (True, index._analyse("عام"))


@needs_c
def test_screen_refuses_what_it_cannot_read() -> None:
    table = _wordscan.WordTable
    ok = (table(), table(), table(), 4, (("وف", "بل", table({"عام": 1}), 2),), ((1, 2),), 10)
    _wordscan.Screen(*ok)
    for bad in ((table(), table(), table(), 4, (("وف", "بل", table({"عام": 1 << 63}), 2),), (), 10),
                (table(), table(), table(), 4, (("وف", "بل", table({"عام": "1"}), 2),), (), 10),
                (table(), table(), table(), 4, (("وف", "بل", {"عام": 1}, 2),), (), 10),
                (table(), table(), table(), 4, (), ((1,),), 10),
                (table(), table(), table(), 4, (), (), 0),
                ({}, table(), table(), 4, (), (), 10)):
        with pytest.raises((TypeError, ValueError)):
            _wordscan.Screen(*bad)
    with pytest.raises(TypeError):
        _wordscan.split("عام", {}, None, _wordscan.Screen(*ok))  # a screen needs a WordTable cache
    with pytest.raises(TypeError):
        _wordscan.split("عام", table(), None, "screen")
    with pytest.raises(TypeError):
        _wordscan.Screen(*ok).analyse("")
    forms = table({"عام": 1})
    changed = _wordscan.Screen(table(), table(), table(), 4, (("وف", "بل", forms, 2),), (), 10)
    forms["عام"] = "1"  # a table changed after the screen was made
    with pytest.raises(TypeError):
        changed.analyse("عام")


def test_an_index_has_no_screen_where_it_cannot_use_one() -> None:
    """Pure Python, and gates read by regex, leave every new word to ``_analyse``."""
    with _pure_python():
        assert _gated_index()._screen is None
    if _wordscan is not None:
        with _c_scan():
            assert WordIndex({"n": Matcher([("حلب", 1)])}, [WordGate(r"عام$")])._screen is None
            assert _gated_index()._screen is not None


def test_pure_python_can_be_asked_for() -> None:
    code = "import marsad.recognize.matcher as m; print(m.ACCELERATED, m._split.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MARSAD_PURE_PYTHON": "1"}).stdout.split()
    assert out == ["False", "marsad.recognize.matcher"]


@needs_c
@needs_shared
@pytest.mark.corpus
def test_c_and_python_recognise_corpus_articles_alike(shared_data_dir) -> None:
    """Every mention of 400 corpus articles (every 40th of the ANT corpus, and the seed
    article), recognised with the C word scan and with the Python one."""
    from marsad.ingest import IngestProblem, read_inputs
    from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
    from marsad.recognize import _load_resources, recognize

    docs = [d for k, d in enumerate(read_inputs([str(CORPUS)])) if not isinstance(d, IngestProblem) and k % 40 == 0]
    docs += [d for d in read_inputs([str(SEED)]) if not isinstance(d, IngestProblem)]
    assert len(docs) > 400
    segment = Pipeline([NORMALIZE, SEGMENT])
    analyses = [segment.run(doc) for doc in docs]
    with _c_scan():
        res = _load_resources.__wrapped__(str(shared_data_dir))
        assert type(res.index._cache) is _wordscan.WordTable
        c_mentions = [recognize(a, res) for a in analyses]
    with _pure_python():
        pure = _load_resources.__wrapped__(str(shared_data_dir))  # empty word caches, dicts
        assert type(pure.index._cache) is dict
        py_mentions = [recognize(a, pure) for a in analyses]
    assert sum(map(len, c_mentions)) > 10_000
    assert c_mentions == py_mentions
