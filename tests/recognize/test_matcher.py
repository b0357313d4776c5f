from __future__ import annotations

import pytest

from marsad.normalize import normalize
from marsad.recognize.matcher import Matcher, WordGate, Words, key_of

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


def test_word_index_finds_what_each_matcher_and_gate_finds() -> None:
    import re

    from marsad.recognize.matcher import WordIndex

    nouns = Matcher(ENTRIES)
    verbs = Matcher([("هاجم", "attack"), ("قصف", "shell")], verb=True, suffixes=["ت", "وا", "ها"])
    gate = WordGate(r"[وف]?(?:قسد|تل)$")
    regex = re.compile(r"(?<![^\W_])[وف]?(?:قسد|تل)(?: +[^\W_]+)?")
    index = WordIndex({"nouns": nouns, "verbs": verbs}, [gate])
    text = normalize("وهاجمها عناصر التنظيم ولقوات النظام بريف حلب وقصفت قسد تل ابيض، وتل").text
    words = index.words(text)
    assert index.find(words) == {"nouns": nouns.find(text), "verbs": verbs.find(text)}
    assert index.find(words, ["verbs"]) == {"verbs": verbs.find(text)}
    scanned, found = WordIndex({"nouns": nouns, "verbs": verbs}, [gate]).scan(text)  # cold caches
    assert found == {"nouns": nouns.find(text), "verbs": verbs.find(text)}
    assert scanned.info == words.info and scanned.candidates(0) == words.candidates(0)
    assert [m.key for m in index.find(words)["verbs"]] == ["هاجم", "قصف"]
    assert index["nouns"] is nouns
    expected = [m.span() for m in regex.finditer(text)]
    assert [text[a:b] for a, b in expected] == ["قسد تل", "وتل"]
    assert [m.span() for m in gate.finditer(regex, words)] == expected  # the index's bits
    assert [m.span() for m in gate.finditer(regex, Words(text))] == expected  # its own cache
    with pytest.raises(ValueError):
        index.find(Words(text))


# -- the matcher against a brute-force reading of its specification -------------------

from hypothesis import example, given, settings, strategies as st  # noqa: E402

from marsad.segment import NOUN_PROCLITICS, VERB_PROCLITICS  # noqa: E402

_LAM_LAM = ("لل", "ولل", "فلل")


def _oracle(entries, text, *, verb=False, suffixes=(), min_prefixed=3):
    """Every entry occurrence the module doc allows, tried at every offset, then longest
    first among overlaps (then leftmost)."""
    prefixes = VERB_PROCLITICS if verb else NOUN_PROCLITICS
    keys = {key_of(k) for k, _ in entries if len(key_of(k)) >= 2}
    surfaces = [(k, k, False) for k in keys]
    if not verb:
        surfaces += [(k[1:], k, True) for k in keys if k.startswith("ال") and len(k) > 3 and k[1:] not in keys]
    cands = []
    for s in range(len(text)):
        if not text[s].isalnum():
            continue
        ws = s
        while ws > 0 and text[ws - 1].isalnum():
            ws -= 1
        prefix = text[ws:s]
        for surface, key, lamlam in surfaces:
            if not text.startswith(surface, s) or len(prefix) > 4:
                continue
            if lamlam:
                if prefix + "ل" not in _LAM_LAM:
                    continue
            elif prefix and (prefix not in prefixes or len(key) < min_prefixed):
                continue
            e = s + len(surface)
            we = e
            while we < len(text) and text[we].isalnum():
                we += 1
            if we > e and text[e:we] not in suffixes:
                continue
            cands.append((s, e, key))
    chosen = []
    for s, e, key in sorted(cands, key=lambda c: (c[0] - c[1], c[0])):
        if all(e <= a or b <= s for a, b, _ in chosen):
            chosen.append((s, e, key))
    return sorted(chosen)


_PIECES = ["و", "ف", "ب", "ل", "ال", "لل", "س", "ها", "ت", "وا", " ", " ", " ", "،", ".", "-",
           "قوات", "النظام", "نظام", "تل", "ريف", "حلب", "داعش", "التنظيم", "تنظيم", "قسد",
           "هاجم", "قصف", "us", "led", "x"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)
_ODD = ENTRIES + [("تنظيم", "plain"), ("قوات النظام السوري", "syr2"), ("us-led coalition", "coal"),
                  ("us-led", "usled"), ("حلب.", "dot")]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_noun_matcher_agrees_with_the_specification(text: str) -> None:
    m = Matcher(_ODD, suffixes=["ها"])
    got = [(x.nstart, x.nend, x.key) for x in m.find(text)]
    assert got == _oracle(_ODD, text, suffixes=["ها"])


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_verb_matcher_agrees_with_the_specification(text: str) -> None:
    entries = [("هاجم", 1), ("قصف", 2), ("قصف تل", 3), ("هاجم قوات", 4)]
    m = Matcher(entries, verb=True, suffixes=["ت", "وا", "ها"])
    got = [(x.nstart, x.nend, x.key) for x in m.find(text)]
    assert got == _oracle(entries, text, verb=True, suffixes=["ت", "وا", "ها"])


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("وبالقوات وبالتنظيم فسيقصفها")  # four-letter proclitics
@example("إن للتنظيم وللتنظيم خلايا")  # ل+ال contracted
@example("وقصفوا تلها وهاجمت")  # suffixes
@example("قصف تلها وهاجم قواتها")  # a multi-word entry's last word with a suffix
def test_word_index_agrees_with_each_matcher_alone(text: str) -> None:
    """The index reads a word with one automaton over every matcher's first words; a
    first word several matchers share (قصف, قوات, تل) goes to each of them."""
    from marsad.recognize.matcher import WordIndex

    matchers = {
        "nouns": Matcher(_ODD, suffixes=["ها"]),
        "verbs": Matcher([("هاجم", 1), ("قصف", 2), ("قصف تل", 3), ("هاجم قوات", 4)], verb=True,
                         suffixes=["ت", "وا", "ها"]),
        "more": Matcher([("قصف", "n"), ("قوات", "q"), ("تل ابيض", "t"), ("ال", "short")], min_prefixed=2),
        "empty": Matcher([]),
    }
    found = WordIndex(matchers).scan(text)[1]
    assert found == {name: m.find(text) for name, m in matchers.items()}
    # matchers with their own proclitics: none takes ل, yet للتنظيم holds التنظيم
    matchers = {
        "nouns": Matcher(_ODD, prefixes=["و", "ب"]),
        "verbs": Matcher([("هاجم", 1), ("قصف", 2)], verb=True, prefixes=["و"], suffixes=["ها"]),
    }
    found = WordIndex(matchers).scan(text)[1]
    assert found == {name: m.find(text) for name, m in matchers.items()}


# -- the neighbours of a position, against a character-by-character reading ----------

_STOPS = frozenset(".!?\n;:")


def _neighbours(text: str, pos: int, n: int, step: int) -> list[tuple[str, int, int]]:
    """Up to ``n`` words before (step -1) or after (step 1) ``pos``, walking character by
    character and stopping at a sentence stop."""
    out: list[tuple[str, int, int]] = []
    i = pos
    inside = (lambda k: k > 0) if step < 0 else (lambda k: k < len(text))
    at = (lambda k: text[k - 1]) if step < 0 else (lambda k: text[k])
    while len(out) < n and inside(i):
        j = i
        while inside(j) and not at(j).isalnum():
            if at(j) in _STOPS:
                return out
            j += step
        if not inside(j):
            break
        k = j
        while inside(k) and at(k).isalnum():
            k += step
        a, b = (k, j) if step < 0 else (j, k)
        out.append((text[a:b], a, b))
        i = k
    return out


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.integers(1, 4), st.data())
def test_words_before_and_after_agree_with_a_character_walk(text: str, n: int, data) -> None:
    words = Words(text)
    bounds = sorted({0, len(text), *words.starts, *words.ends})
    pos = data.draw(st.sampled_from(bounds))
    assert words.before(pos, n, _STOPS) == _neighbours(text, pos, n, -1)
    assert words.after(pos, n, _STOPS) == _neighbours(text, pos, n, 1)


def test_a_weak_gate_word_begins_a_match_only_before_a_follow_word() -> None:
    import re

    from marsad.recognize.matcher import WordIndex

    gate = WordGate(r"[وف]?عام$", weak=r"[وف]?في$", follow=r"[وف]?(?:عام|\d)")
    regex = re.compile(r"(?<![^\W_])[وف]?(?:في +)?(?:عام +)?\d+")
    text = "في البيت وفي عام 2011 في 3 مرات، عام 99 في"
    expected = [m.span() for m in regex.finditer(text)]
    assert [text[a:b] for a, b in expected] == ["وفي عام 2011", "في 3", "عام 99"]
    assert [m.span() for m in gate.finditer(regex, Words(text))] == expected
    words = WordIndex({}, [gate]).words(text)
    assert [m.span() for m in gate.finditer(regex, words)] == expected
    assert [words.words[i] for i in gate._candidates(words)] == ["وفي", "عام", "في", "عام"]
    with pytest.raises(ValueError):
        WordGate(r"x", weak=r"y")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab_ 1.،وحلب٣é\n", max_size=30))
def test_words_are_the_runs_of_letters_and_digits(text: str) -> None:
    import re

    words = Words(text)
    runs = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\W_]+", text)]
    assert list(zip(words.words, words.starts, words.ends)) == runs


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 20), st.integers(1, 6), st.integers(0, 5), st.integers(1, 6), st.booleans())
def test_a_run_of_two_keeps_the_longer_or_the_first(a: int, n1: int, into: int, n2: int, swap: bool) -> None:
    from marsad.recognize.matcher import Match, _resolve

    b = a + min(into, n1 - 1)  # starts inside the first: the two overlap
    first, second = Match(a, a + n1, "k0", ()), Match(b, b + n2, "k1", ())
    run = [second, first] if swap and a == b else [first, second]  # sorted by start, either order on a tie
    expected = []  # the general rule: longest first, then leftmost, then the order given
    for m in sorted(run, key=lambda m: (m[0] - m[1], m[0])):
        if all(m[1] <= c[0] or c[1] <= m[0] for c in expected):
            expected.append(m)
    assert _resolve(run) == sorted(expected, key=lambda m: m[0])


def test_a_word_index_travels_without_its_cache() -> None:
    """Pickled for another process (worker pools, Spark), a word index leaves its word
    cache behind; the copy makes its own (a C WordTable or a dict, whichever this
    process uses) and finds the same."""
    import pickle

    from marsad.recognize import matcher as M
    from marsad.recognize.matcher import WordIndex

    index = WordIndex({"nouns": Matcher([("ريف حلب", "r"), ("داعش", "i")]),
                       "verbs": Matcher([("قصف", "s")], verb=True, suffixes=["ها"])})
    text = "قصفها داعش في ريف حلب"
    words, found = index.scan(text)
    assert len(index._cache) == len(set(words.words))
    copy = pickle.loads(pickle.dumps(index))
    assert type(copy._cache) is M._WordCache and len(copy._cache) == 0
    # the C screen of new words is rebuilt by the receiving process, when it has C
    assert (copy._screen is None) == (M._Screen is None)
    assert copy._screen is None or copy._screen is not index._screen
    assert copy.scan(text)[1] == found
    assert copy.scan(text)[0].info == words.info
