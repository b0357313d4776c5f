"""Arabic normalisation for matching, with an exact map back to raw offsets.

What is folded (the raw text is never touched; this builds a second string):

- diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks),
  tatweel and zero-width/bidi controls are removed;
- alef forms أ إ آ ٱ → ا; ى → ي; ة → ه; Persian ی ک → ي ك;
- Arabic-Indic and Persian digits → ASCII digits;
- quotes “ ” „ « » ‹ › ‘ ’ ″ → ``"`` or ``'``; dashes – — ‒ ― − → ``-``;
  Arabic comma, semicolon and question mark → ``,`` ``;`` ``?``; ``_`` → space
  (hashtags such as #قطاع_غزة read as words);
- all white space but the line feed (NBSP, thin spaces, tabs, CR...) → a plain space;
  Latin is lower-cased;
- Arabic presentation forms (ﻻ, ﷲ ...) are decomposed by NFKC.

:func:`normalize` returns a :class:`~marsad.model.NormalizedText` whose ``starts`` and
``ends`` map every normalised character back to the raw text. :func:`fold` gives the
normalised string only (for lexicon keys), and is guaranteed to agree with
``normalize(s).text``.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import lru_cache

from marsad.model import NormalizedText

__all__ = ["normalize", "fold", "is_removed", "ends_with_tanween", "ARABIC_LETTERS", "TANWEEN"]

_REMOVED_RANGES = (
    (0x0610, 0x061A),  # Quranic honorifics and small marks
    (0x064B, 0x065F),  # harakat, tanwin, shadda, sukun, ...
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0640, 0x0640),  # tatweel
    (0x200B, 0x200F),  # zero-width space/non-joiner/joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # BOM
    (0x00AD, 0x00AD),  # soft hyphen
)

_MAP: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    "ک": "ك",  # Persian keheh
    "ڪ": "ك",
    "ۀ": "ه",
    "ە": "ه",
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "«": '"',
    "»": '"',
    "″": '"',
    "‹": "'",
    "›": "'",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "`": "'",
    "´": "'",
    "–": "-",
    "—": "-",
    "‒": "-",
    "―": "-",
    "−": "-",
    "‐": "-",
    "‑": "-",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "_": " ",  # hashtags: #قطاع_غزة reads as two words
    "٪": "%",
    "٫": ".",
    "٬": ",",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits

ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B)) - {"\u0640"}
#: the three tanween marks of the raw text (normalisation deletes them)
TANWEEN = frozenset("\u064b\u064c\u064d")


def ends_with_tanween(word: str) -> bool:
    """True if a raw word ends with tanween, on its last letter or before a final alef
    ("دوماً", "دومًا"): an indefinite noun or an adverb, never a name. A mark inside
    the word is not read as one (a typing slip: "عٌمان")."""
    return not TANWEEN.isdisjoint(word[-2:])


def is_removed(ch: str) -> bool:
    """True for characters that normalisation deletes (diacritics, tatweel, controls)."""
    o = ord(ch)
    for lo, hi in _REMOVED_RANGES:
        if lo <= o <= hi:
            return True
    return False


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """What one raw character becomes: '' (removed), one or (rarely) several characters."""
    if is_removed(ch):
        return ""
    mapped = _MAP.get(ch)
    if mapped is not None:
        return mapped
    o = ord(ch)
    if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFC:
        # presentation forms: decompose, then fold each part
        return "".join(_fold_char(c) for c in unicodedata.normalize("NFKC", ch))
    if ch.isspace() and ch != "\n":
        return " "
    if o < 0x0600 and ch.isalpha():
        low = ch.lower()
        return low if len(low) == 1 else ch
    return ch


_WHITESPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)


def _build_table() -> dict[int, str]:
    """A str.translate table for every character that changes one-for-one or is removed."""
    table: dict[int, str] = {}
    for lo, hi in _REMOVED_RANGES:
        for o in range(lo, hi + 1):
            table[o] = ""
    for k, v in _MAP.items():
        table[ord(k)] = v
    for ch in _WHITESPACE:
        table[ord(ch)] = " "
    for o in range(0x41, 0x250):
        ch = chr(o)
        if ch.isalpha() and ch.lower() != ch and len(ch.lower()) == 1:
            table[o] = ch.lower()
    return table


_TABLE = _build_table()
# str.translate looks every character up in the table (slow for non-ASCII text); a
# text changes at few distinct characters, so replacing each of those is faster
_STR_TABLE = {chr(o): v for o, v in _TABLE.items()}
_CHANGED_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_STR_TABLE)) + "]")
assert not set("".join(_STR_TABLE.values())) & set(_STR_TABLE), "a replacement is itself replaced"  # nosec B101  # the built-in table, at import
# raw offsets 0, 1, 2, ...: the offset map is built from slices of it (a memory copy
# per run of kept characters instead of one Python int per character)
_IDENTITY_LEN = 1 << 18
_IDENTITY = array("i", range(_IDENTITY_LEN + 1))
_REMOVED_RE = re.compile(
    "[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _REMOVED_RANGES) + "]+"
)
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, one ``str.replace`` per distinct changed character."""
    for ch in set(_CHANGED_RE.findall(text)):
        text = text.replace(ch, _STR_TABLE[ch])
    return text


def fold(text: str) -> str:
    """The normalised form of ``text`` (no offset map). Equal to ``normalize(text).text``."""
    if _PRESENTATION_RE.search(text):
        return "".join(_fold_char(ch) for ch in text)
    return _translate(text)


def normalize(raw: str) -> NormalizedText:
    """Normalise ``raw`` for matching and keep the map back to raw offsets."""
    if _PRESENTATION_RE.search(raw):
        return _normalize_slow(raw)
    n = len(raw)
    ident = _IDENTITY if n <= _IDENTITY_LEN else array("i", range(n + 1))
    starts = array("i")
    ends = array("i")
    prev = 0
    for m in _REMOVED_RE.finditer(raw):
        a, b = m.span()
        starts += ident[prev:a]
        ends += ident[prev + 1 : a + 1]
        if a > prev:
            ends[-1] = b  # removed marks stay with the letter they follow
        prev = b
    starts += ident[prev:n]
    ends += ident[prev + 1 : n + 1]
    return NormalizedText(_translate(raw), starts, ends, n)


def _normalize_slow(raw: str) -> NormalizedText:
    """Character by character, for texts with presentation forms (which may expand)."""
    chars: list[str] = []
    starts = array("i")
    ends = array("i")
    for i, ch in enumerate(raw):
        f = _fold_char(ch)
        if not f:
            if ends and ends[-1] == i:
                ends[-1] = i + 1
            continue
        for c in f:
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText("".join(chars), starts, ends, len(raw))
