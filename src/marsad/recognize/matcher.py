"""Aho-Corasick lexicon matching over normalised text, at word starts after clitics.

A :class:`Matcher` is built once from ``(key, payload)`` entries (keys are folded with
:func:`marsad.normalize.fold`) and finds every entry in a normalised text:

- at a word start, or after a valid proclitic sequence inside the word (وبقصف, بريف,
  للقوات, والتنظيم); an entry written with ال also matches after the ل+ال contraction
  (للتنظيم matches "التنظيم");
- ending at a word end, or followed by one of the entry set's allowed suffixes
  (attached pronouns for verbs: هاجمها);
- longest match wins among overlapping matches of one matcher. Different kinds use
  different matchers, so overlapping alternatives of different kinds are all kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

import ahocorasick

from marsad.normalize import fold
from marsad.segment import NOUN_PROCLITICS, VERB_PROCLITICS

P = TypeVar("P")

_SPACES = re.compile(r"\s+")
_MAX_PREFIX = 4
_LAM_LAM = ("لل", "ولل", "فلل")


def key_of(text: str) -> str:
    """The matching key of a lexicon entry: folded, inner white space collapsed."""
    return _SPACES.sub(" ", fold(text)).strip()


@dataclass(frozen=True, slots=True)
class Match(Generic[P]):
    """One match: ``nstart``/``nend`` cover the entry in the normalised text (prefix
    excluded, suffix excluded); ``wstart`` is where the word began (prefix included)."""

    nstart: int
    nend: int
    key: str
    payloads: tuple[P, ...]
    prefix: str = ""
    suffix: str = ""
    wstart: int = 0


class Matcher(Generic[P]):
    """Find lexicon entries in normalised text. Immutable after construction."""

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
            if len(key) < 2:
                continue
            payloads.setdefault(key, []).append(payload)
        self._payloads = {k: tuple(v) for k, v in payloads.items()}
        self._prefixes = frozenset(prefixes) if prefixes is not None else (
            VERB_PROCLITICS if verb else NOUN_PROCLITICS
        )
        self._suffixes = frozenset(suffixes)
        # the last letter of every allowed prefix (a hit preceded by any other letter
        # is inside a word and is rejected without further work)
        self._edge_chars = frozenset(p[-1] for p in self._prefixes if p) | {"ل"}
        self._max_suffix = max((len(s) for s in self._suffixes), default=0)
        self._min_prefixed = min_prefixed
        automaton = ahocorasick.Automaton()
        for key in self._payloads:
            automaton.add_word(key, (key, False))
        if not verb:
            for key in self._payloads:
                # التنظيم also matches inside للتنظيم (ل + ال contracted)
                if key.startswith("ال") and len(key) > 3:
                    stripped = key[1:]  # "لتنظيم": preceded by the first ل of "لل"
                    if not automaton.exists(stripped):
                        automaton.add_word(stripped, (key, True))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self._payloads)

    def keys(self) -> Iterable[str]:
        return self._payloads.keys()

    def payloads(self, key: str) -> tuple[P, ...]:
        return self._payloads.get(key, ())

    def _accept(self, text: str, s: int, e: int, key: str, lamlam: bool) -> Match[P] | None:
        # left edge: a word start, or a valid proclitic run back to the word start
        k = 0
        while True:
            if s - k == 0 or not text[s - k - 1].isalnum():
                break
            k += 1
            if k > _MAX_PREFIX:
                return None
        prefix = text[s - k : s]
        if lamlam:
            # matched "لتنظيم" for "التنظيم": the word must start with (و|ف)?ل then this
            full = prefix + "ل"
            if full not in _LAM_LAM:
                return None
        elif prefix:
            if prefix not in self._prefixes or len(key) < self._min_prefixed:
                return None
        # right edge: a word end, or an allowed suffix then a word end
        n = len(text)
        suffix = ""
        if e < n and text[e].isalnum():
            j = e
            while j < n and text[j].isalnum() and j - e <= self._max_suffix:
                j += 1
            if j < n and text[j].isalnum():
                return None
            suffix = text[e:j]
            if suffix not in self._suffixes:
                return None
        return Match(s, e, key, self._payloads[key], prefix, suffix, s - k)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match[P]]:
        """Every accepted match in ``text[start:end]``, longest first among overlaps,
        returned in text order."""
        if not len(self._automaton):
            return []
        end = len(text) if end is None else end
        found: list[Match[P]] = []
        n = len(text)
        edge_chars = self._edge_chars
        has_suffixes = bool(self._suffixes)
        for last, (key, lamlam) in self._automaton.iter(text, start, end):
            e = last + 1
            length = len(key) - 1 if lamlam else len(key)
            s = e - length
            # cheap rejections first: most hits of short keys are inside other words
            if s > 0 and text[s - 1].isalnum() and text[s - 1] not in edge_chars:
                continue
            if e < n and not has_suffixes and text[e].isalnum():
                continue
            m = self._accept(text, s, e, key, lamlam)
            if m is not None:
                found.append(m)
        if len(found) < 2:
            return found
        found.sort(key=lambda m: (m.nstart, m.nstart - m.nend))
        if all(found[i].nstart >= found[i - 1].nend for i in range(1, len(found))):
            return found  # no overlap: the common case
        # longest first; a match is kept when none of its characters is taken yet
        lo = found[0].nstart
        occupied = bytearray(max(m.nend for m in found) - lo)
        chosen: list[Match[P]] = []
        for m in sorted(found, key=lambda m: (m.nstart - m.nend, m.nstart)):
            a, b = m.nstart - lo, m.nend - lo
            if 1 in occupied[a:b]:
                continue
            occupied[a:b] = b"\x01" * (b - a)
            chosen.append(m)
        chosen.sort(key=lambda m: m.nstart)
        return chosen
