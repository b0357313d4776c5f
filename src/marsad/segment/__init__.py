"""Sentences, tokens and Arabic clitics.

All functions work on a :class:`~marsad.model.NormalizedText` and give raw spans
through its offset map. The clitic helpers let later stages match a lexicon entry
inside a word that carries proclitics (و ف ب ل ك ال لل) or attached pronouns:
وبقصف, للتنظيم, بريف, هاجمها.
"""

from __future__ import annotations

import re
from typing import Iterator

from marsad.model import NormalizedText, Sentence, Token, sentence_index

__all__ = [
    "tokenize",
    "token_offsets",
    "split_sentences",
    "sentence_index",
    "NOUN_PROCLITICS",
    "VERB_PROCLITICS",
    "ENCLITICS",
    "proclitic_splits",
    "strip_enclitic",
    "is_noun_prefix",
    "MAX_SENTENCE_CHARS",
]

#: The longest sentence: a longer stretch without an end (a text with no punctuation
#: and no line break) is cut at the last space before this many characters. The
#: stages read a sentence's mentions against each other, which costs the square of
#: its length; the cap keeps a document's cost linear. The longest sentence of the
#: 17,796 ANT articles has 2,215 characters: no real sentence is cut.
MAX_SENTENCE_CHARS = 10_000

# Words: letters and digits (the underscore is folded to a space by normalisation).
_TOKEN_RE = re.compile(r"[^\W_]+")

# A sentence ends at . ! ? (normalised ؟), possibly repeated, followed by closing quotes
# or brackets, then white space or the end; or at a line break. A full stop between
# digits (3.5) is not an end. Written to begin with a character class, so the scan
# jumps between candidate characters instead of trying the pattern at every offset:
# the same matches as (?:(?<!\d)\.|\.(?!\d)|[!?…])+["')\]]*(?=\s|$)|\n+
_MORE_END = r"(?:(?<!\d)\.|\.(?!\d)|[!?…])*[\"')\]]*(?=\s|$)"
_SENT_END_RE = re.compile(
    r"[.!?…\n](?:(?<=\n)\n*|(?<=[!?…])" + _MORE_END + r"|(?<=\.)(?:(?<!\d\.)|(?!\d))" + _MORE_END + ")"
)

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
_DET = ("", "ال")

#: Valid proclitic sequences before a noun: conjunction, preposition, article, and the
#: lam + article contraction (لل). Normalised spelling.
NOUN_PROCLITICS: frozenset[str] = frozenset(
    {c + p + d for c in _CONJ for p in _PREP for d in _DET}
    | {c + "لل" for c in _CONJ}
)
#: Valid proclitic sequences before a verb: conjunction, future sa-, lam of purpose.
VERB_PROCLITICS: frozenset[str] = frozenset({c + s for c in _CONJ for s in ("", "س", "ل")})
#: Attached pronouns, longest first.
ENCLITICS: tuple[str, ...] = ("هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ني", "ه", "ك", "ي")

_MAX_PREFIX = max(len(p) for p in NOUN_PROCLITICS | VERB_PROCLITICS)


def tokenize(norm: NormalizedText, start: int = 0, end: int | None = None) -> list[Token]:
    """The word tokens of ``norm.text[start:end]`` (normalised offsets; the raw span of a
    token is ``norm.to_raw(token.nstart, token.nend)``)."""
    text = norm.text
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text, start, end)]


def token_offsets(norm: NormalizedText, start: int, end: int) -> tuple[list[int], list[str]]:
    """The normalised start offsets and the words of the tokens of ``norm.text[start:end]``
    (the cheap form of :func:`tokenize` for code that reads words by position)."""
    found = list(_TOKEN_RE.finditer(norm.text, start, end))
    return [m.start() for m in found], [m.group() for m in found]


def _sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.end() if m.group()[0] != "\n" else m.start()
        yield from _capped(text, pos, end)
        pos = m.end()
    yield from _capped(text, pos, len(text))


def _capped(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """``[a, b)`` in pieces of at most :data:`MAX_SENTENCE_CHARS`, each cut after the
    last white space before the limit (or at the limit, in a stretch without any)."""
    while b - a > MAX_SENTENCE_CHARS:
        limit = a + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", a + 1, limit), text.rfind("\t", a + 1, limit))
        cut = cut + 1 if cut > a else limit
        yield a, cut
        a = cut
    yield a, b


def split_sentences(norm: NormalizedText) -> list[Sentence]:
    """Sentences (normalised and raw spans); blank or punctuation-only stretches are
    dropped. Tokens are not built here: ``tokenize(norm, s.nstart, s.nend)`` gives a
    sentence's tokens when a stage needs them."""
    text = norm.text
    sentences: list[Sentence] = []
    for a, b in _sentence_bounds(text):
        # trim white space on both sides
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b or not _TOKEN_RE.search(text, a, b):
            continue  # blank or punctuation only
        sentences.append(Sentence(len(sentences), norm.to_raw(a, b), a, b))
    return sentences


def proclitic_splits(word: str, verb: bool = False, min_stem: int = 2) -> list[tuple[str, str]]:
    """Every (prefix, stem) split of a normalised word with a valid proclitic prefix.

    The unsplit word comes first. ``لل`` also yields the stem with its article
    restored (للتنظيم → ("ل", "التنظيم")), so entries written with ال match.
    """
    allowed = VERB_PROCLITICS if verb else NOUN_PROCLITICS
    out = [("", word)]
    for k in range(1, min(_MAX_PREFIX, len(word) - min_stem) + 1):
        prefix = word[:k]
        if prefix in allowed:
            out.append((prefix, word[k:]))
            if not verb and prefix.endswith("لل"):
                out.append((prefix[:-1], "ا" + word[k - 1 :]))
    return out


def is_noun_prefix(prefix: str) -> bool:
    return prefix in NOUN_PROCLITICS


def strip_enclitic(word: str, min_stem: int = 2) -> list[tuple[str, str]]:
    """Every (stem, suffix) split with an attached pronoun; the unsplit word first."""
    out = [(word, "")]
    for suf in ENCLITICS:
        if word.endswith(suf) and len(word) - len(suf) >= min_stem:
            out.append((word[: -len(suf)], suf))
    return out
