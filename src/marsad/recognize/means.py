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
from marsad.recognize.matcher import WordGate, Words
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


class _MeansFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    means: dict[MeansId, list[str]]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    table: dict[str, str]
    regex: re.Pattern[str]
    gate: WordGate  # the words a match of regex can begin with


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
    return _Lexicon(table, re.compile(article_regex(table, "x", optional_article=True)),
                    first_word_gate(stems_and_keys(table), article=True))


def find_means(norm: NormalizedText, raw: str | None = None, words: Words | None = None) -> list[Means]:
    """Every means-of-violence phrase in ``norm``, in text order, non-overlapping.

    ``text`` of each record is ``raw[span]`` when the raw text is given, else the
    normalised slice. ``words``: the words of ``norm.text`` when already split.
    """
    lex = means_lexicon()
    text = norm.text
    out: list[Means] = []
    for m in lex.gate.finditer(lex.regex, words or Words(text)):
        a, b = article_span(m, "x")
        mid = lookup(lex.table, " ".join(text[a:b].split()))
        span = norm.to_raw(a, b)
        t = raw[span.start : span.end] if raw is not None else text[a:b]
        out.append(Means(a, b, span, t, mid))
    return out
