"""Lexicon matching over normalised text, at word starts after clitics.

A :class:`Matcher` is built once from ``(key, payload)`` entries (keys are folded with
:func:`marsad.normalize.fold`) and finds every entry in a normalised text:

- at a word start, or after a valid proclitic sequence inside the word (وبقصف, بريف,
  للقوات, والتنظيم); an entry written with ال also matches after the ل+ال contraction
  (للتنظيم matches "التنظيم");
- ending at a word end, or followed by one of the entry set's allowed suffixes
  (attached pronouns for verbs: هاجمها);
- longest match wins among overlapping matches of one matcher. Different kinds use
  different matchers, so overlapping alternatives of different kinds are all kept.

How: a text is split into words once (:class:`Words`). Each distinct word is analysed
once and remembered: an Aho-Corasick automaton (pyahocorasick) over the entries' first
words finds which entries the word holds after which proclitic, and multi-word entries
are then checked against the text that follows (only when the next word is one of
their second words). A word's one-word entries are kept as matches relative to its
start, so a document only shifts them. A :class:`WordIndex` does this for all the
matchers of a run at once (one automaton over all their first words), together with
the :class:`WordGate` of each regex recogniser (which words a date, number ... can
begin with; a frequent function word such as في only before a word that can follow it
in an expression), and :meth:`WordIndex.scan` looks the words up, analyses the new ones
and collects every matcher's matches in one pass. News text repeats its words, so
after the first few hundred articles nearly every word is already analysed and a
document costs one lookup per word, instead of Python work for every automaton hit
inside every word (three of four hits are inside words and rejected) and a regex
attempt at every character. The remembered analyses are a cache of a pure function,
bounded in size; results never depend on it.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, compress, islice, repeat
from operator import ge, itemgetter
from typing import Generic, Iterable, NamedTuple, TypeVar

import ahocorasick

from marsad.normalize import fold
from marsad.segment import NOUN_PROCLITICS, VERB_PROCLITICS

P = TypeVar("P")

_SPACES = re.compile(r"\s+")
_MAX_PREFIX = 4
_LAM_LAM = ("لل", "ولل", "فلل")
_BEFORE_CONTRACTED = frozenset(p[:-1] for p in _LAM_LAM)  # what stands before لتنظيم in للتنظيم


def key_of(text: str) -> str:
    """The matching key of a lexicon entry: folded, inner white space collapsed."""
    return _SPACES.sub(" ", fold(text)).strip()


class Match(NamedTuple, Generic[P]):
    """One match: ``nstart``/``nend`` cover the entry in the normalised text (prefix
    excluded, suffix excluded); ``wstart`` is where the word began (prefix included).
    (A named tuple: a document makes hundreds, and tuples are built fastest.)"""

    nstart: int
    nend: int
    key: str
    payloads: tuple[P, ...]
    prefix: str = ""
    suffix: str = ""
    wstart: int = 0


_WORD_SPLIT = re.compile(r"([^\W_]+)")
_W_SPLIT = re.compile(r"(\w+)")
_WORD = re.compile(r"[^\W_]+")
_CACHE_LIMIT = 200_000  # distinct words remembered per cache (the ANT corpus has 146k)
_MISS = object()


def remember(cache: dict, key, value, limit: int = _CACHE_LIMIT):
    """``cache[key] = value`` (returned), the cache emptied first when it holds
    ``limit`` entries. The per-word caches are bounded this way: they only remember a
    pure function, so emptying one never changes a result."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value


def _split_py(text: str, cache: dict | None, miss: object, screen: None = None):
    """``(words, starts, ends, info, misses)``: the words of ``text`` (maximal runs of
    letters and digits) and their offsets; with a ``cache``, ``info[i]`` is
    ``cache.get(words[i], miss)`` and ``misses`` the indexes where it is ``miss``
    (without one, both are None). (``screen``, for the C version's signature, is
    always None here: in pure Python every new word is a miss, which
    :meth:`WordIndex._analyse` reads.)"""
    # separator, word, separator, ..., separator; \w+ is [^\W_]+ and the underscore,
    # and splits faster
    parts = (_WORD_SPLIT if "_" in text else _W_SPLIT).split(text)
    bounds = list(accumulate(map(len, parts)))
    words = parts[1::2]
    if cache is None:
        return words, bounds[0:-1:2], bounds[1::2], None, None
    info = list(map(cache.get, words, repeat(miss)))
    misses = [i for i in compress(range(len(info)), info) if info[i] is miss]
    return words, bounds[0:-1:2], bounds[1::2], info, misses


def _collect_py(info: list, starts: list[int], words: list[str], found: list | None, match_type: type,
                ngates: int):
    """``(candidates, pending)`` over the words whose ``info`` (``(bits, singles,
    multis)``) is not None: ``candidates[g]``, the indexes of the words that may begin a
    match of gate ``g`` (see :meth:`WordGate._candidates`); and given ``found`` (a list
    or None per matcher): each one-word entry ``(j, k, length, key, payloads, prefix,
    suffix)`` appended to ``found[j]`` as a match shifted to the word's start, and
    ``(i, j, readings)`` of the multi-word entries a word begins whose readings may go
    on with the next word (:func:`_goes_on`)."""
    candidates = _gate_candidates(_flags(info), ngates)
    pending: list[tuple[int, int, _WordReadings]] = []
    if found is None:
        return candidates, pending
    last = len(info) - 1
    for i in compress(range(len(info)), info):
        _, singles, multis = info[i]
        if singles:
            ws = starts[i]
            for j, k, length, key, payloads, prefix, suffix in singles:
                out = found[j]
                if out is not None:
                    out.append(_new_match(match_type, (ws + k, ws + k + length, key, payloads, prefix, suffix, ws)))
        if multis:
            nxt = words[i + 1] if i < last else ""
            for j, r in multis:
                if found[j] is not None and _goes_on(r, nxt):
                    pending.append((i, j, r))
    return candidates, pending


def _flags(info: list) -> list[int]:
    """The gate flags of each word (``info[i][0]``; 0 for a word without info)."""
    return [0 if x is None else x[0] for x in info]


def _gate_candidates(flags: list[int], ngates: int) -> list[list[int]]:
    """For each of ``ngates`` gates (gate ``g``'s flags START, WEAK, FOLLOW at bits
    ``3g`` of each word's ``flags``), the indexes of the words that may begin a match:
    START words, and WEAK words whose next word is a FOLLOW word."""
    out: list[list[int]] = [[] for _ in range(ngates)]
    last = len(flags) - 1
    for i in compress(range(len(flags)), flags):
        bits = flags[i]
        for g in range(ngates):
            f = bits >> (3 * g)
            if f & WordGate.START or (f & WordGate.WEAK and i < last
                                      and flags[i + 1] >> (3 * g) & WordGate.FOLLOW):
                out[g].append(i)
    return out


def _before_py(words: "Words", pos: int, n: int, stops: frozenset[str]) -> list[tuple[str, int, int]]:
    """:meth:`Words.before` (its C twin is ``_wordscan.before``)."""
    text, texts, starts, ends = words.text, words.words, words.starts, words.ends
    i = bisect_right(ends, pos) - 1
    out: list[tuple[str, int, int]] = []
    edge = pos
    while i >= 0 and len(out) < n:
        e = ends[i]
        if e != edge and not stops.isdisjoint(text[e:edge]):
            break
        edge = starts[i]
        out.append((texts[i], edge, e))
        i -= 1
    return out


def _after_py(words: "Words", pos: int, n: int, stops: frozenset[str]) -> list[tuple[str, int, int]]:
    """:meth:`Words.after` (its C twin is ``_wordscan.after``)."""
    text, texts, starts, ends = words.text, words.words, words.starts, words.ends
    i = bisect_left(starts, pos)
    out: list[tuple[str, int, int]] = []
    edge = pos
    last = len(texts)
    while i < last and len(out) < n:
        s = starts[i]
        if s != edge and not stops.isdisjoint(text[edge:s]):
            break
        edge = ends[i]
        out.append((texts[i], s, edge))
        i += 1
    return out


def _speedups():
    """The C versions of ``_split_py``, ``_collect_py``, ``_rests_py``, ``_longest_py``,
    ``_before_py`` and ``_after_py`` (module ``_wordscan``, built by ``pip install``
    when a C compiler is there), the type of a word index's cache
    (``_wordscan.WordTable``, which ``split`` reads straight from the text's
    characters, else a dict) and ``_wordscan.Screen`` (which settles in ``split`` the
    new words no lexicon entry can take; else None), unless ``MARSAD_PURE_PYTHON`` is
    set or the module is not built."""
    pure = _split_py, _collect_py, _rests_py, _longest_py, dict, _before_py, _after_py, None
    if os.environ.get("MARSAD_PURE_PYTHON"):
        return pure
    try:
        from marsad.recognize import _wordscan
    except ImportError:
        return pure
    return (_wordscan.split, _wordscan.collect, _wordscan.rests, _wordscan.longest, _wordscan.WordTable,
            _wordscan.before, _wordscan.after, _wordscan.Screen)


class Words:
    """The words of one text (letters and digits), split once and read by every matcher.

    ``starts[i]``/``ends[i]`` are the offsets of ``words[i]`` in ``text``. Words made
    by :meth:`WordIndex.words` also carry ``info[i]``: what the index knows about
    ``words[i]`` (None when no lexicon or gate holds it), and the ``index`` itself.
    """

    __slots__ = ("text", "words", "starts", "ends", "info", "index", "_cands")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str]
        self.starts: list[int]
        self.ends: list[int]
        self.words, self.starts, self.ends, _, _ = _split(text, None, None)
        self.info: list | None = None
        self.index: WordIndex | None = None
        self._cands: list[list[int]] | None = None

    def candidates(self, gate: int) -> list[int]:
        """The indexes of the words that may begin a match of the index's gate number
        ``gate`` (words made by :meth:`WordIndex.words`)."""
        if self._cands is None:
            self._cands = _gate_candidates(_flags(self.info or []), len(self.index._gates))  # type: ignore[union-attr]
        return self._cands[gate]

    @classmethod
    def of(cls, text: "str | Words") -> "Words":
        return text if isinstance(text, Words) else cls(text)

    def _part(self, text: str, ranges: list[tuple[int, int]], shift: int = 0) -> "Words":
        out = Words.__new__(Words)
        out.text, out.index = text, self.index
        out.words, out.starts, out.ends = [], [], []
        out.info = None if self.info is None else []
        out._cands = None
        for a, b in ranges:
            i, j = bisect_left(self.starts, a), bisect_right(self.ends, b)
            out.words += self.words[i:j]
            out.starts += [s - shift for s in self.starts[i:j]] if shift else self.starts[i:j]
            out.ends += [e - shift for e in self.ends[i:j]] if shift else self.ends[i:j]
            if out.info is not None:
                out.info += self.info[i:j]  # type: ignore[index]
        return out

    def before(self, pos: int, n: int, stops: frozenset[str]) -> list[tuple[str, int, int]]:
        """Up to ``n`` words ending at or before ``pos`` (a word boundary), nearest
        first, as ``(word, start, end)``; none past a character of ``stops`` (a
        sentence stop) between them. (:func:`words_before`, which hot loops call.)"""
        return words_before(self, pos, n, stops)

    def after(self, pos: int, n: int, stops: frozenset[str]) -> list[tuple[str, int, int]]:
        """Up to ``n`` words starting at or after ``pos`` (a word boundary), nearest
        first, as ``(word, start, end)``; none past a character of ``stops``.
        (:func:`words_after`, which hot loops call.)"""
        return words_after(self, pos, n, stops)

    def within(self, text: str, windows: list[tuple[int, int]]) -> "Words":
        """The words lying inside ``windows`` (sorted, disjoint normalised ranges), over
        ``text``: this text with everything outside the windows blanked (same length)."""
        return self._part(text, windows)

    def slice(self, a: int, b: int, text: str) -> "Words":
        """The words lying inside ``[a, b)``, over ``text`` = this text's ``[a:b]``
        (offsets relative to ``a``)."""
        return self._part(text, [(a, b)], a)


class WordGate:
    """Which words can begin a match of a regex whose matches all begin at a word start.

    ``pattern`` is matched (``re.match``) against one word alone; it must accept every
    word a match of the regex can begin with (a necessary condition: it may accept
    more). :meth:`finditer` then tries the regex only at the starts of accepted words,
    and finds exactly what ``regex.finditer`` finds, without running the regex at every
    character of the text. Each distinct word is tested once and remembered.

    ``weak`` and ``follow`` (given together) narrow it for frequent function words
    that begin a match only as part of a longer expression ("في" of "في الأسبوع
    الماضي", "من" of "من عام 2011"): a word that ``weak`` accepts (and ``pattern``
    does not) is a start only when the next word is accepted by ``follow``. Again a
    necessary condition: every match that begins with a weak word must continue with
    a word ``follow`` accepts.

    ``forms`` may say the same as data, for a :class:`WordIndex` to read many gates at
    once with dictionary lookups instead of regexes: ``(conjunctions, prepositions,
    {flag: (words, article, digits)})`` when each pattern accepts exactly the words
    made of an optional conjunction (one letter of ``conjunctions``), an optional
    preposition (one of ``prepositions``), then one of ``words`` (after ال or ل when
    ``article``) or (when ``digits``) a digit, or ال and a digit
    (:func:`marsad.recognize.lexicon.first_word_gate` builds both; tests hold them
    together).
    """

    START, WEAK, FOLLOW = 1, 2, 4  # the flags of a word

    def __init__(self, pattern: str, weak: str | None = None, follow: str | None = None,
                 forms: tuple[str, str, dict[int, tuple[frozenset[str], bool, bool]]] | None = None) -> None:
        if (weak is None) != (follow is None):
            raise ValueError("a word gate takes weak and follow together")
        self._re = re.compile(pattern)
        self._weak = re.compile(weak) if weak is not None else None
        self._follow = re.compile(follow) if follow is not None else None
        self._cache: dict[str, int] = {}
        #: what the gate accepts (equal for equal gates, e.g. one rebuilt in another process)
        self.key = (pattern, weak, follow)
        self.forms = forms

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_cache"] = {}
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def flags(self, word: str) -> int:
        """START if ``word`` may begin a match, WEAK if it may begin one before a
        FOLLOW word, FOLLOW if it may follow a weak word (or'ed together)."""
        if self._re.match(word) is not None:
            out = self.START
        elif self._weak is not None and self._weak.match(word) is not None:
            out = self.WEAK
        else:
            out = 0
        if self._follow is not None and self._follow.match(word) is not None:
            out |= self.FOLLOW
        return out

    def _candidates(self, words: Words) -> list[int]:
        """Indexes of the words that may begin a match (see :func:`_gate_candidates`)."""
        index = words.index
        shift = index.gate_shift(self) if index is not None else None
        if shift is None:
            return _gate_candidates(_analyses(self._cache, words.words, self.flags), 1)[0]
        return words.candidates(shift // 3)

    def finditer(self, regex: re.Pattern[str], words: Words, pick=None) -> Iterable[re.Match[str]]:
        """What ``regex.finditer(words.text)`` finds.

        ``pick``: given a candidate word, the regex to try there instead of ``regex``
        (None: none can match there); it must match where ``regex`` matches, and alike
        (see :class:`marsad.recognize.lexicon.AlternativesByFirstWord`)."""
        text, texts = words.text, words.words
        last = 0
        for i in self._candidates(words):
            start = words.starts[i]
            if start < last:
                continue
            r = regex if pick is None else pick(texts[i])
            if r is None:
                continue
            m = r.match(text, start)
            if m is not None and m.end() > start:
                last = m.end()
                yield m


@dataclass(frozen=True, slots=True)
class _Reading:
    """Multi-word entries a word begins: ``k`` proclitic characters (``prefix``), then
    ``length`` characters of the entries' first word; ``rests``: the rest of each entry
    (found in the text right after the word), indexed by the entry's second word."""

    k: int
    length: int
    prefix: str
    # the entries' second word -> (rest of the entry, keys) pairs; "" for a rest
    # without a word ("abc.")
    rests: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


class _WordReadings(NamedTuple):
    """What a matcher knows about one word."""

    # the one-word entries it holds, as matches relative to the word's start:
    # (k, length, key, payloads, prefix, suffix)
    singles: tuple[tuple[int, int, str, tuple, str, str], ...]
    multis: tuple[_Reading, ...]  # the multi-word entries it begins
    seconds: frozenset[str]  # their second words: the next word must be one of them ...
    # ... or be one of them with a suffix of up to ``cut`` letters (the matcher's
    # longest; 0: none); -1: any next word (an entry goes on without a word, "abc.")
    cut: int


def _goes_on(r: _WordReadings, nxt: str) -> bool:
    """Whether a multi-word entry of readings ``r`` may go on with the next word
    ``nxt`` ("" after the last word): what :meth:`Matcher._collect_rest` can match."""
    if r.cut < 0 or nxt in r.seconds:
        return True
    return any(nxt[:-c] in r.seconds for c in range(1, min(r.cut, len(nxt) - 1) + 1))


def _collect_rest(words: Words, i: int, r: _Reading, suffixes: frozenset[str], max_suffix: int,
                  payloads: dict[str, tuple], found: list[Match]) -> None:
    """Append to ``found`` the multi-word matches that word ``i`` of ``words`` begins,
    given their reading ``r``, for a matcher with these ``suffixes`` (the longest
    ``max_suffix`` letters) and ``payloads`` (by key)."""
    # the text's next word is the entry's second word (with a suffix when the entry
    # ends there), or the entry goes on without a word ("abc.")
    nxt = words.words[i + 1] if i + 1 < len(words.words) else ""
    rests = r.rests
    cands = rests.get(nxt, ())
    if suffixes and nxt:
        for cut in range(1, min(max_suffix, len(nxt) - 1) + 1):
            cands += rests.get(nxt[:-cut], ())
    if "" in rests:
        cands += rests[""]
    if not cands:
        return
    src = words.text
    we = words.ends[i]
    s = words.starts[i] + r.k
    for rest, keys in cands:
        if not src.startswith(rest, we):
            continue
        e = we + len(rest)
        suffix = ""
        if e < len(src) and src[e].isalnum():
            tail = _WORD.match(src, e)
            suffix = tail.group() if tail else ""
            if suffix not in suffixes:
                continue
        for key in keys:
            found.append(Match(s, e, key, payloads[key], r.prefix, suffix, words.starts[i]))


def _rests_py(pending: list[tuple[int, int, _WordReadings]], words: Words,
              matchers: tuple[tuple[frozenset[str], int, dict[str, tuple]], ...], found: list,
              match_type: type) -> None:
    """For each ``(i, j, readings)`` of ``pending`` (from :func:`_collect_py`): append to
    ``found[j]`` the multi-word matches word ``i`` begins, for each reading of
    ``readings.multis`` (:func:`_collect_rest`; ``matchers[j]``: matcher ``j``'s
    :meth:`Matcher.rest_info`). ``match_type`` is :class:`Match` (for the C version's
    signature)."""
    for i, j, r in pending:
        suffixes, max_suffix, payloads = matchers[j]
        out = found[j]
        for reading in r.multis:
            _collect_rest(words, i, reading, suffixes, max_suffix, payloads, out)


_new_match = tuple.__new__  # builds a Match from a tuple of its fields, without a Python call
_NSTART, _NEND = itemgetter(0), itemgetter(1)  # a Match's nstart and nend


class Matcher(Generic[P]):
    """Find lexicon entries in normalised text. Its results depend only on the entries
    and the text (the per-word analyses it remembers are a cache)."""

    def __init__(
        self,
        entries: Iterable[tuple[str, P]],
        *,
        verb: bool = False,
        suffixes: Iterable[str] = (),
        min_prefixed: int = 3,
        prefixes: Iterable[str] | None = None,
    ) -> None:
        payloads: dict[str, list[P]] = {}
        for text, payload in entries:
            key = key_of(text)
            # an entry must start with a letter or digit (it is found at word starts)
            if len(key) < 2 or not key[0].isalnum():
                continue
            payloads.setdefault(key, []).append(payload)
        self._payloads = {k: tuple(v) for k, v in payloads.items()}
        self._prefixes = frozenset(prefixes) if prefixes is not None else (
            VERB_PROCLITICS if verb else NOUN_PROCLITICS
        )
        self._suffixes = frozenset(suffixes)
        self._max_suffix = max((len(s) for s in self._suffixes), default=0)
        self._min_prefixed = min_prefixed
        # surface form of an entry's first word -> (entry key, lamlam, rest of the entry)
        surfaces: dict[str, list[tuple[str, bool, str | None]]] = {}

        def add(surface: str, key: str, lamlam: bool) -> None:
            first = _WORD.match(surface)
            assert first is not None and first.start() == 0  # nosec B101  # narrowing: matched just above
            rest = surface[first.end():] or None
            surfaces.setdefault(first.group(), []).append((key, lamlam, rest))

        for key in self._payloads:
            add(key, key, False)
        if not verb:
            for key in self._payloads:
                # التنظيم also matches inside للتنظيم (ل + ال contracted): the word
                # holds "لتنظيم" after the first ل of "لل"
                if key.startswith("ال") and len(key) > 3 and key[1:] not in self._payloads:
                    add(key[1:], key, True)
        self._surfaces = {k: tuple(v) for k, v in surfaces.items()}
        automaton = ahocorasick.Automaton()
        for surface in self._surfaces:
            automaton.add_word(surface, surface)
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        self._cache: dict[str, _WordReadings | None] = {}
        # (surface, what its prefix allows) -> the entries it then holds (_surface_entries)
        self._by_surface: dict[tuple[str, int, bool], tuple[tuple, dict]] = {}

    def __len__(self) -> int:
        return len(self._payloads)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_cache"] = {}  # not shipped to other processes
        state["_by_surface"] = {}
        return state

    def keys(self) -> Iterable[str]:
        return self._payloads.keys()

    def payloads(self, key: str) -> tuple[P, ...]:
        return self._payloads.get(key, ())

    def _prefix_ok(self, prefix: str, key: str, lamlam: bool) -> bool:
        if lamlam:
            # "لتنظيم" for "التنظيم": the word must start with (و|ف)?ل then this
            return prefix + "ل" in _LAM_LAM
        if prefix:
            return prefix in self._prefixes and len(key) >= self._min_prefixed
        return True

    def _analyse(self, word: str) -> _WordReadings | None:
        """Every entry ``word`` holds (the entry's first word for multi-word entries)."""
        if not len(self._automaton):
            return None
        return self._readings(word, self._automaton.iter(word))

    def affixes(self) -> tuple[frozenset[str], frozenset[str]]:
        """What may stand inside a text word before a surface (the proclitics, and what
        comes before the contracted ال of للتنظيم) and after it (the suffixes)."""
        return self._prefixes | _BEFORE_CONTRACTED, self._suffixes

    def surfaces(self) -> Iterable[str]:
        """The first words of the entries, as they are written inside a text word (an
        entry with ال also as it stands after the ل+ال contraction)."""
        return self._surfaces.keys()

    def _readings(self, word: str, hits: Iterable[tuple[int, str]]) -> _WordReadings | None:
        """What ``word`` holds, given ``hits``: where each of this matcher's surfaces
        occurs in it, as ``(index of its last character, surface)`` in the order
        ``automaton.iter(word)`` gives them (by end, the longer first at one end)."""
        singles: list[tuple[int, int, str, tuple, str, str]] = []
        multis: list[_Reading] = []
        n = len(word)
        by_surface = self._by_surface
        for last, surface in hits:
            e = last + 1
            k = e - len(surface)
            if k > _MAX_PREFIX:
                continue
            suffix = word[e:]
            if suffix and suffix not in self._suffixes:
                continue
            prefix = word[:k]
            # what _prefix_ok reads of the prefix: empty, a proclitic of this matcher
            # or neither; and whether it is what stands before لتنظيم in للتنظيم
            allowed = (0 if not prefix else 1 if prefix in self._prefixes else 2, prefix + "ل" in _LAM_LAM)
            entries = by_surface.get((surface, *allowed))
            if entries is None:
                entries = by_surface[surface, *allowed] = self._surface_entries(surface, prefix)
            for key, payloads in entries[0]:
                singles.append((k, len(surface), key, payloads, prefix, suffix))
            if entries[1] and e == n:  # a multi-word entry's first word ends the text word
                multis.append(_Reading(k, len(surface), prefix, entries[1]))
        if not singles and not multis:
            return None
        seconds = frozenset(w for r in multis for w in r.rests)
        return _WordReadings(tuple(singles), tuple(multis), seconds,
                             -1 if "" in seconds else self._max_suffix if multis else 0)

    def _surface_entries(self, surface: str, prefix: str) -> tuple[tuple[tuple[str, tuple], ...], dict]:
        """The entries whose first word is ``surface``, written after ``prefix``:
        ``((key, payloads), ...)`` of the one-word entries, and the rests of the
        multi-word ones by their second word (a :class:`_Reading`'s ``rests``). It
        depends on the prefix only through :meth:`_prefix_ok` (so :meth:`_readings`
        remembers it by what that reads)."""
        singles: list[tuple[str, tuple]] = []
        rests: dict[str, dict[str, list[str]]] = {}
        for key, lamlam, rest in self._surfaces[surface]:
            if not self._prefix_ok(prefix, key, lamlam):
                continue
            if rest is None:
                singles.append((key, self._payloads[key]))
            else:
                second = _WORD.search(rest)
                w2 = second.group() if second else ""
                rests.setdefault(w2, {}).setdefault(rest, []).append(key)
        return tuple(singles), {w2: tuple((r, tuple(keys)) for r, keys in table.items()) for w2, table in rests.items()}

    def _collect(self, words: Words, i: int, readings: _WordReadings, found: list[Match[P]]) -> None:
        """Append the matches of word ``i`` of ``words``, given its readings."""
        ws = words.starts[i]
        for k, length, key, payloads, prefix, suffix in readings[0]:
            found.append(_new_match(Match, (ws + k, ws + k + length, key, payloads, prefix, suffix, ws)))
        for r in readings[1]:
            self._collect_rest(words, i, r, found)

    def _collect_rest(self, words: Words, i: int, r: _Reading, found: list[Match[P]]) -> None:
        """Append the multi-word matches that word ``i`` begins, given their reading."""
        _collect_rest(words, i, r, self._suffixes, self._max_suffix, self._payloads, found)

    def rest_info(self) -> tuple[frozenset[str], int, dict[str, tuple[P, ...]]]:
        """What :func:`_collect_rest` reads of this matcher: its suffixes, the longest
        one's length and the payloads of its keys."""
        return self._suffixes, self._max_suffix, self._payloads

    def find(self, text: "str | Words") -> list[Match[P]]:
        """Every accepted match in ``text`` (a string, or its :class:`Words`), longest
        first among overlaps, in text order."""
        words = Words.of(text)
        found: list[Match[P]] = []
        analyses = _analyses(self._cache, words.words, self._analyse)
        for i in compress(range(len(analyses)), analyses):  # words with readings
            self._collect(words, i, analyses[i], found)  # type: ignore[arg-type]
        return _longest(found)


class WordIndex:
    """What every lexicon matcher and every regex gate of a run knows about a word,
    computed once per distinct word and remembered: a document then costs one
    dictionary lookup per word for all of them (:meth:`words`)."""

    def __init__(self, matchers: dict[str, Matcher], gates: Iterable[WordGate] = ()) -> None:
        self._names = tuple(matchers)
        self._matchers = tuple(matchers.values())
        self._rest_info = tuple(m.rest_info() for m in self._matchers)
        self._gates = tuple(gates)
        # one automaton over every matcher's surfaces: a new word is read once, not once
        # per matcher (most words hold nothing); each surface knows its matchers
        owners: dict[str, list[int]] = {}
        for j, m in enumerate(self._matchers):
            for surface in m.surfaces():
                owners.setdefault(surface, []).append(j)
        self._automaton = ahocorasick.Automaton()
        for surface, js in owners.items():
            self._automaton.add_word(surface, (surface, tuple(js)))
        if len(self._automaton):
            self._automaton.make_automaton()
        # what any matcher allows around a surface (most hits inside a word are not)
        affixes = [m.affixes() for m in self._matchers]
        self._prefixes = frozenset().union(*(before for before, _ in affixes))
        self._suffixes = frozenset().union(*(after for _, after in affixes))
        # each gate's flags (START, WEAK, FOLLOW) take three bits of a word's info
        self._shifts = {g.key: 3 * k for k, g in enumerate(self._gates)}
        # gates given as forms are read together (_form_tables), the others by regex
        self._regex_gates = tuple((k, g) for k, g in enumerate(self._gates) if g.forms is None)
        self._form_tables = _form_tables(self._gates)
        self._start_or_weak = tuple((WordGate.START << (3 * k), WordGate.WEAK << (3 * k))
                                    for k, g in enumerate(self._gates)
                                    if g.forms is not None and WordGate.WEAK in g.forms[2])
        # a word's info: (the flags of every gate, packed; its one-word entries, as
        # (matcher, *relative match); (matcher, readings) of the multi-word entries it begins)
        # (a dict, or its C twin _wordscan.WordTable, which the C split reads directly)
        self._cache: dict[str, tuple[int, tuple[tuple, ...], tuple[tuple[int, _WordReadings], ...]] | None] = (
            _WordCache())
        # most new words hold no surface: the C split analyses those itself
        self._screen = self._make_screen(owners)

    def _make_screen(self, owners: dict[str, list[int]]):
        """A ``_wordscan.Screen`` that gives, for a new word in which no surface stands
        (between an allowed prefix and suffix), what :meth:`_analyse` gives; None in
        pure Python, or where it cannot (a gate read by regex, more flags than 63 bits,
        proclitics not given as a string of letters)."""
        if _Screen is None or self._regex_gates or 3 * len(self._gates) > 63:
            return None
        if not all(isinstance(conj, str) and isinstance(prep, str) for conj, prep, _, _ in self._form_tables):
            return None
        return _Screen(_WordCache(dict.fromkeys(owners, True)), _WordCache(dict.fromkeys(self._prefixes, True)),
                       _WordCache(dict.fromkeys(self._suffixes, True)), _MAX_PREFIX,
                       tuple((conj, prep, _WordCache(table), digits) for conj, prep, table, digits in self._form_tables),
                       self._start_or_weak, _CACHE_LIMIT)

    def __getitem__(self, name: str) -> Matcher:
        return self._matchers[self._names.index(name)]

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        # not shipped; the receiving process makes its own kind (it may run without C)
        state["_cache"] = state["_screen"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache = _WordCache()
        self._screen = self._make_screen({surface: js for surface, (_, js) in self._automaton.items()})

    def gate_shift(self, gate: WordGate) -> int | None:
        """Where ``gate``'s flags are in a word's info (None: not a gate of this index)."""
        return self._shifts.get(gate.key)

    def _gate_bits(self, word: str) -> int:
        """The flags of every gate for ``word``, packed (what ``g.flags(word) << 3k``
        or'ed over the gates gives): gates given as forms by dictionary lookups of the
        word after each proclitic it may begin with, the others by their regexes."""
        bits = 0
        for k, g in self._regex_gates:
            bits |= g.flags(word) << (3 * k)
        for conj, prep, table, digit_bits in self._form_tables:
            ends = [0]
            first = word[:1]
            if first and first in conj:
                ends.append(1)
                if word[1:2] and word[1:2] in prep:
                    ends.append(2)
            elif first and first in prep:
                ends.append(1)
            for e in ends:
                rest = word[e:] if e else word
                bits |= table.get(rest, 0)
                if digit_bits and rest and (rest[0].isdecimal() or (rest[2:3].isdecimal() and rest.startswith("ال"))):
                    bits |= digit_bits
        for start, weak in self._start_or_weak:
            if bits & start:
                bits &= ~weak  # a word a gate starts with is not also weak there
        return bits

    def _hits(self, word: str) -> dict[int, list[tuple[int, str]]] | None:
        """The surfaces that stand in ``word`` after a prefix and before a suffix some
        matcher allows, by matcher: ``{j: [(index of the last character, surface),
        ...]}`` in the automaton's order; None for none (most words)."""
        hits: dict[int, list[tuple[int, str]]] | None = None
        if len(self._automaton):
            n = len(word)
            for last, (surface, js) in self._automaton.iter(word):
                k = last + 1 - len(surface)
                # what no matcher can take (each one checks its own hits exactly)
                if k > _MAX_PREFIX or (k and word[:k] not in self._prefixes) or (
                        last + 1 < n and word[last + 1:] not in self._suffixes):
                    continue
                if hits is None:
                    hits = {}
                for j in js:
                    hits.setdefault(j, []).append((last, surface))
        return hits

    def _analyse(self, word: str):
        """A word's info: ``(gate flags, one-word entries, multi-word readings)``, or
        None when it holds nothing. (The C screen gives the same for a word without
        :meth:`_hits`.)"""
        bits = self._gate_bits(word)
        hits = self._hits(word)
        if hits is None:
            return (bits, (), ()) if bits else None
        singles: list[tuple] = []
        multis: list[tuple[int, _WordReadings]] = []
        for j in sorted(hits):
            r = self._matchers[j]._readings(word, hits[j])
            if r is not None:
                singles += ((j, *single) for single in r.singles)
                if r.multis:
                    multis.append((j, r))
        return (bits, tuple(singles), tuple(multis)) if bits or singles or multis else None

    def words(self, text: str) -> Words:
        """The words of ``text``, each with what this index knows about it."""
        words = self._lookup(text)
        self._pass(words, None)
        return words

    def find(self, words: Words, names: Iterable[str] | None = None) -> dict[str, list[Match]]:
        """The matches of the matchers named (all by default) in ``words`` (made by
        :meth:`words`); each list is what that matcher's :meth:`Matcher.find` returns."""
        if words.index is not self:
            raise ValueError("these words were not made by this index")
        wanted = set(range(len(self._names)) if names is None else (self._names.index(n) for n in names))
        found = [[] if j in wanted else None for j in range(len(self._names))]
        self._pass(words, found)
        return {self._names[j]: f for j, f in enumerate(_longest_all(found)) if j in wanted}

    def scan(self, text: str) -> tuple[Words, dict[str, list[Match]]]:
        """``words(text)`` and ``find`` of every matcher in them, in one pass."""
        words = self._lookup(text)
        found: list[list[Match] | None] = [[] for _ in self._names]
        self._pass(words, found)
        return words, dict(zip(self._names, _longest_all(found)))

    def _lookup(self, text: str) -> Words:
        """The words of ``text`` with what the index knows of each; the words not seen
        yet are analysed (and remembered)."""
        words = Words.__new__(Words)
        words.text, words.index, words._cands = text, self, None
        words.words, words.starts, words.ends, info, misses = _split(text, self._cache, _MISS, self._screen)
        cache, texts = self._cache, words.words
        for i in misses:
            x = cache.get(texts[i], _MISS)  # a word seen earlier in this text
            if x is _MISS:
                x = remember(cache, texts[i], self._analyse(texts[i]))
            info[i] = x
        words.info = info
        return words

    def _pass(self, words: Words, found: list[list[Match] | None] | None) -> None:
        """One pass over the words that hold something: note for each gate the words
        that may begin a match (:meth:`Words.candidates`) and, given ``found`` (a list
        per matcher, None for those not wanted), collect the matches."""
        candidates, pending = _collect(words.info, words.starts, words.words, found, Match, len(self._gates))
        if words._cands is None:
            words._cands = candidates
        if pending:
            _rests(pending, words, self._rest_info, found, Match)


def _form_tables(gates: tuple[WordGate, ...]) -> tuple[tuple[str, str, dict[str, int], int], ...]:
    """The gates given as forms (gate ``k``'s flags at bits ``3k``), one table per set
    of proclitics: ``(conjunctions, prepositions, table, digit_bits)``, where ``table``
    maps what may follow the proclitics to the flags it sets and ``digit_bits`` are
    the flags a digit there (or ال and a digit) sets."""
    tables: dict[tuple[str, str], dict[str, int]] = {}
    digit_bits: dict[tuple[str, str], int] = {}
    for k, g in enumerate(gates):
        if g.forms is None:
            continue
        conj, prep, by_flag = g.forms
        table = tables.setdefault((conj, prep), {})
        for flag, (words, article, digits) in by_flag.items():
            bit = flag << (3 * k)
            for w in words:
                for form in (w, "ال" + w, "ل" + w) if article else (w,):
                    table[form] = table.get(form, 0) | bit
            if digits:
                digit_bits[conj, prep] = digit_bits.get((conj, prep), 0) | bit
    return tuple((conj, prep, table, digit_bits.get((conj, prep), 0)) for (conj, prep), table in tables.items())


def _analyses(cache: dict, words: list[str], analyse) -> list:
    """``[analyse(w) for w in words]``, each distinct word analysed once and remembered
    in ``cache`` (cleared when it reaches its bound)."""
    out = list(map(cache.get, words, repeat(_MISS)))
    for i in compress(range(len(out)), out):  # new words, and those that hold something
        if out[i] is _MISS:
            out[i] = remember(cache, words[i], analyse(words[i]))
    return out


def _longest(found: list[Match[P]]) -> list[Match[P]]:
    """The matches in text order, longest first among overlapping ones: taken longest
    first (then leftmost), a match is kept when none of its characters is taken yet.
    (Sorts ``found`` in place.)"""
    return _longest_all([found])[0]


def _longest_py(lists: list) -> list:
    """``_longest`` of each list of ``lists`` (None stays None): a sorted list where
    matches overlap is resolved by :func:`_resolve_runs`."""
    out = []
    for found in lists:
        if found is None or len(found) < 2:
            out.append(found)
            continue
        found.sort(key=_NSTART)
        if all(map(ge, map(_NSTART, islice(found, 1, None)), map(_NEND, found))):
            out.append(found)  # no overlap (each starts where the one before ends or later): the common case
        else:
            out.append(_resolve_runs(found))
    return out


def _resolve_runs(found: list[Match[P]]) -> list[Match[P]]:
    """``found`` (sorted by start, some overlapping) with each run of overlapping
    matches resolved on its own (the same choice as over the whole list: only matches
    that overlap can take characters from each other)."""
    out: list[Match[P]] = []
    run = [found[0]]
    end = found[0][1]
    for m in islice(found, 1, None):
        if m[0] < end:
            run.append(m)
            if m[1] > end:
                end = m[1]
            continue
        out += _resolve(run) if len(run) > 1 else run
        run = [m]
        end = m[1]
    out += _resolve(run) if len(run) > 1 else run
    return out


def _resolve(run: list[Match[P]]) -> list[Match[P]]:
    """Longest first, then leftmost: the matches of an overlapping run that are kept."""
    if len(run) == 2:  # the common run ("ريف حلب" over "حلب"): the longer, or the first
        a, b = run
        return [a] if a[1] - a[0] >= b[1] - b[0] else [b]
    chosen: list[Match[P]] = []
    for m in sorted(run, key=lambda m: (m[0] - m[1], m[0])):
        a, b = m[0], m[1]
        if all(b <= c[0] or c[1] <= a for c in chosen):
            chosen.append(m)
    chosen.sort(key=_NSTART)
    return chosen


#: words_before(words, pos, n, stops) and words_after(...) are Words.before and Words.after
#: as functions, without the method call (for hot loops)
_split, _collect, _rests, _longest_all, _WordCache, words_before, words_after, _Screen = _speedups()
#: whether the C word scan is in use
ACCELERATED = _split is not _split_py
