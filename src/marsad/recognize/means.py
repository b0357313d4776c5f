"""Means of violence: air strikes, drones, shelling, IEDs, gunfire...

:func:`find_means` finds the phrases of ``data/means.yaml`` with one compiled,
prefix-factored regex, at word starts after clitics (وبقصف, بالغارات, للطيران), with
the article optional on every phrase. Where phrases overlap the longest wins, so
"قصف جوي" is an air strike and the generic "قصف" (shelling) is only the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from marsad.recognize.lexicon import (
    article_regex, article_span, data_path, first_word_gate, key, lookup, stems_and_keys, validate,
)
from marsad.recognize.matcher import WordGate, Words, words_before
from marsad.recognize.places import PLACE_PROCLITICS
from marsad.errors import LexiconError
from marsad.model import NormalizedText, Span, record

__all__ = ["Means", "find_means", "means_lexicon", "MEANS_IDS"]

_FILE = "means.yaml"

MEANS_IDS = (
    "air_strike", "drone", "barrel_bomb", "artillery", "mortar", "missile", "rocket", "ied", "car_bomb",
    "suicide", "landmine", "sniper", "chemical", "cluster", "gunfire", "grenade", "stabbing", "shelling",
)
MeansId = Literal[
    "air_strike", "drone", "barrel_bomb", "artillery", "mortar", "missile", "rocket", "ied", "car_bomb",
    "suicide", "landmine", "sniper", "chemical", "cluster", "gunfire", "grenade", "stabbing", "shelling",
]


@record
class Means:
    nstart: int
    nend: int
    span: Span
    text: str
    means: str  # one of MEANS_IDS


class _Support(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[str]
    between: list[str]
    aircraft: list[str]


class _MeansFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    means: dict[MeansId, list[str]]
    support: _Support


@dataclass(frozen=True, slots=True)
class _Lexicon:
    table: dict[str, str]
    regex: re.Pattern[str]
    gate: WordGate  # the words a match of regex can begin with
    # air support ("بإسناد جوي من طائرات التحالف"): the aircraft phrases (keys, as in
    # table), and the written forms (with clitics and article) of the support words
    # and of the words that may stand between one and the aircraft
    aircraft: dict[str, bool]
    support: frozenset[str]
    between: frozenset[str]


_MAX_SUPPORT_GAP = 4  # words between a support word and the aircraft ("جوي متواصل من")
_STOP_CHARS = frozenset(".!?\n;:,")  # no support across these (the normalised text writes ، as ,)


def _written_forms(keys: set[str]) -> frozenset[str]:
    """Each key as it may be written in a text word: after the proclitics a noun takes
    there (و/ف, ب/ل, the article, لل), as a place name takes them."""
    return frozenset(p + k for p in PLACE_PROCLITICS for k in keys)


@lru_cache(maxsize=1)
def means_lexicon() -> _Lexicon:
    f = validate(_FILE, _MeansFile)
    path = data_path(_FILE)
    table: dict[str, str] = {}
    for mid, words in f.means.items():
        for w in words:
            k = key(w, path=path, entry=f"means.{mid}: {w}")
            if k in table and table[k] != mid:
                raise LexiconError(path, w, f"listed for {table[k]} and {mid}")
            table[k] = mid
    sup = f.support
    aircraft: dict[str, bool] = {}
    for w in sup.aircraft:
        k = key(w, path=path, entry=f"support.aircraft: {w}")
        if table.get(k) not in ("air_strike", "drone"):
            raise LexiconError(path, w, "support.aircraft lists a phrase that is not an air_strike or drone means")
        aircraft[k] = True

    def keys(section: str, words: list[str]) -> set[str]:
        out = set()
        for w in words:
            k = key(w, path=path, entry=f"support.{section}: {w}")
            if " " in k:
                raise LexiconError(path, w, f"support.{section} entries are single words")
            out.add(k)
        return out

    return _Lexicon(table, re.compile(article_regex(table, "x", optional_article=True)),
                    first_word_gate(stems_and_keys(table), article=True), aircraft,
                    _written_forms(keys("words", sup.words)), _written_forms(keys("between", sup.between)))


def _supporting(lex: _Lexicon, words: Words, start: int) -> bool:
    """Whether the aircraft phrase whose word starts at ``start`` names the support of
    a ground operation: a support word before it, with only ``between`` words in
    between (see means.yaml)."""
    for w, _, _ in words_before(words, start, _MAX_SUPPORT_GAP + 1, _STOP_CHARS):
        if w in lex.support:
            return True
        if w not in lex.between:
            return False
    return False


def find_means(norm: NormalizedText, raw: str | None = None, words: Words | None = None) -> list[Means]:
    """Every means-of-violence phrase in ``norm``, in text order, non-overlapping.

    ``text`` of each record is ``raw[span]`` when the raw text is given, else the
    normalised slice. ``words``: the words of ``norm.text`` when already split.
    """
    lex = means_lexicon()
    text = norm.text
    words = words or Words(text)
    out: list[Means] = []
    for m in lex.gate.finditer(lex.regex, words):
        a, b = article_span(m, "x")
        phrase = " ".join(text[a:b].split())
        if lookup(lex.aircraft, phrase) and _supporting(lex, words, m.start()):
            continue  # "بإسناد جوي من طائرات التحالف": the aircraft support a ground operation
        mid = lookup(lex.table, phrase)
        span = norm.to_raw(a, b)
        t = raw[span.start : span.end] if raw is not None else text[a:b]
        out.append(Means(a, b, span, t, mid))
    return out
