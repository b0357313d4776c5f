"""Numbers in Arabic news text: digits, number words, vague quantities, qualifiers.

:func:`find_numbers` returns :class:`NumberExpr` records over a
:class:`~marsad.model.NormalizedText`:

- digits, with thousands separators ("1,500", "1.500.000" → 1500, 1500000); a
  decimal ("2.5") only counts when a multiplier word follows ("2.5 مليون");
  percentages ("50%", "50 في المئة") are not counts and are left out;
- number words 1..1,000,000 in every gender and case form, compounds read the
  Arabic way ("خمسة عشر" 15, "ثلاثة وعشرين" 23, "مئة وخمسين" 150, "ألفا و358" 1358,
  "ستة آلاف و259" 6259, "نصف مليون" 500000); two digit groups joined by و stay two
  numbers ("بين 10 و15");
- duals of counted nouns listed in ``data/numbers.yaml`` ("مدنيان", "يومين") → 2;
- vague quantities with ACLED's values (عشرات 10, مئات 100, آلاف 1000; "عدد من",
  "العديد" → value None), ``vague=True``;
- qualifiers before ("نحو", "أكثر من", "ما لا يقل عن" ...; part of the span) and
  "على الأقل" after the number or its noun (not part of the span). ``value`` is
  always the written figure: ACLED's most conservative reading ("أكثر من 40" → 40).

The lexicon lives in ``data/numbers.yaml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from marsad.recognize.lexicon import (
    PROCLITIC, WORD_END, WORD_START, data_path, first_word_gate, key, trie_regex, validate,
)
from marsad.recognize.matcher import WordGate, Words
from marsad.errors import LexiconError
from marsad.model import NormalizedText, Span, record

__all__ = ["NumberExpr", "find_numbers", "count_words", "number_lexicon", "parse_number_words"]

_FILE = "numbers.yaml"


@record
class NumberExpr:
    nstart: int
    nend: int
    span: Span
    text: str
    value: int | None
    vague: bool = False
    qualifier: str | None = None  # about | more_than | at_least | less_than | at_most
    noun: str | None = None  # for duals: the counted noun's group (people, day, ...)


# --------------------------------------------------------------------------- data


class _Tagged(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    qualifier: str


class _Vague(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    value: int | None


class _Dual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    noun: str


class _NumbersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    units: dict[int, list[str]]
    teen_only: dict[int, list[str]]
    teen_ten: list[str]
    tens: dict[int, list[str]]
    hundreds: dict[int, list[str]]
    thousands: dict[int, list[str]]
    thousands_plural: list[str]
    millions: dict[int, list[str]]
    millions_plural: list[str]
    fractions: dict[Literal["half", "quarter"], list[str]]
    vague: list[_Vague]
    qualifiers_before: list[_Tagged]
    qualifiers_after: list[_Tagged]
    duals: list[_Dual]

    @field_validator("units")
    @classmethod
    def _units(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 11)):
            raise ValueError("units must list 1..10")
        return v


# atom kinds
_U, _T, _TT, _X, _H, _K, _KP, _M, _MP, _F = "U T TT X H K KP M MP F".split()


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, tuple[tuple[str, float], ...]]  # key -> ((kind, value), ...)
    vague: dict[str, int | None]
    q_before: dict[str, str]
    q_after: dict[str, str]
    duals: dict[str, str]
    seq_re: re.Pattern[str]
    seq_gate: WordGate  # the words a match of seq_re can begin with
    atom_re: re.Pattern[str]
    after_re: re.Pattern[str]


@lru_cache(maxsize=1)
def number_lexicon() -> _Lexicon:
    """The validated, compiled number lexicon (cached)."""
    f = validate(_FILE, _NumbersFile)
    path = data_path(_FILE)
    words: dict[str, list[tuple[str, float]]] = {}

    def add(text: str, kind: str, value: float, where: str) -> None:
        k = key(text, path=path, entry=where)
        if " " in k:
            raise LexiconError(path, where, "number words must be single words")
        words.setdefault(k, [])
        if (kind, value) not in words[k]:
            words[k].append((kind, value))

    for v, ws in f.units.items():
        for w in ws:
            add(w, _U, v, f"units.{v}: {w}")
    for v, ws in f.teen_only.items():
        for w in ws:
            add(w, _T, v, f"teen_only.{v}: {w}")
    for w in f.teen_ten:
        add(w, _TT, 10, f"teen_ten: {w}")
    for v, ws in f.tens.items():
        if v % 10 or not 20 <= v <= 90:
            raise LexiconError(path, f"tens.{v}", "tens must be 20..90")
        for w in ws:
            add(w, _X, v, f"tens.{v}: {w}")
    for v, ws in f.hundreds.items():
        if v % 100 or not 100 <= v <= 900:
            raise LexiconError(path, f"hundreds.{v}", "hundreds must be 100..900")
        for w in ws:
            add(w, _H, v, f"hundreds.{v}: {w}")
    for v, ws in f.thousands.items():
        for w in ws:
            add(w, _K, v, f"thousands.{v}: {w}")
    for w in f.thousands_plural:
        add(w, _KP, 1000, f"thousands_plural: {w}")
    for v, ws in f.millions.items():
        for w in ws:
            add(w, _M, v, f"millions.{v}: {w}")
    for w in f.millions_plural:
        add(w, _MP, 1000000, f"millions_plural: {w}")
    for name, ws in f.fractions.items():
        for w in ws:
            add(w, _F, 0.5 if name == "half" else 0.25, f"fractions.{name}: {w}")

    vague = {key(e.text, path=path, entry=f"vague: {e.text}"): e.value for e in f.vague}
    q_before = {key(e.text, path=path, entry=e.text): e.qualifier for e in f.qualifiers_before}
    q_after = {key(e.text, path=path, entry=e.text): e.qualifier for e in f.qualifiers_after}
    duals = {key(e.text, path=path, entry=e.text): e.noun for e in f.duals}

    # teen-only words (أحد, اثنا ...) are only read with their ten ("أحد عشر"): as one
    # atom, so "واحد" is never read as و + "احد"
    teen_only = [k for k, v in words.items() if all(kind == _T for kind, _ in v)]
    for k in teen_only:
        for ten in f.teen_ten:
            tk = key(ten, path=path, entry=ten)
            words[f"{k} {tk}"] = [(_X, words[k][0][1] + 10)]
        del words[k]
    word_t = trie_regex(words)
    digits = r"\d+(?:[.,]\d+)*"
    atom = rf"(?:{digits}|{word_t}){WORD_END}"
    sep = r"(?: *و *| +)"
    seq_re = re.compile(
        WORD_START
        + PROCLITIC
        + "(?:"
        + rf"(?:(?P<q>{trie_regex(q_before)}) +)?"
        + "(?:"
        + rf"(?P<vague>{trie_regex(vague)}){WORD_END}"
        + rf"|(?P<dual>{trie_regex(duals)}){WORD_END}"
        + rf"|(?P<seq>{atom}(?:{sep}{atom})*)"
        + "))"
    )
    atom_re = re.compile(rf"(?P<w>(?P<d>{digits})|{word_t}){WORD_END}")
    after_re = re.compile(rf"(?: +[^\W\d_]+){{0,2}}? +(?P<qa>{trie_regex(q_after)}){WORD_END}")
    return _Lexicon(
        {k: tuple(v) for k, v in words.items()}, vague, q_before, q_after, duals, seq_re,
        first_word_gate([*q_before, *vague, *duals, *words], digits=True, multiword_weak=True), atom_re, after_re,
    )


@lru_cache(maxsize=1)
def count_words() -> dict[str, int]:
    """Simple count words (1..10 and the tens, every form) → value, for "قبل ثلاثة أيام"."""
    out: dict[str, int] = {}
    for k, kinds in number_lexicon().words.items():
        for kind, v in kinds:
            if kind in (_U, _X):
                out[k] = int(v)
    return out


# --------------------------------------------------------------------------- parsing

_PERCENT_RE = re.compile(r" *(?:%|في +ال?مئ?ا?ه|بال?مئ?ا?ه|في +المائه|بالمائه)")


def _digits_value(s: str) -> float | None:
    """The value of a digit string with separators; None when it is not a plain number."""
    if s.isdigit():
        return int(s)
    parts = re.split(r"([.,])", s)
    nums = parts[0::2]
    seps = set(parts[1::2])
    if len(seps) == 1 and 1 <= len(nums[0]) <= 3 and all(len(p) == 3 for p in nums[1:]):
        return int("".join(nums))  # thousands separators
    if len(nums) == 2:
        return float(nums[0] + "." + nums[1])  # a decimal
    return None


def _mag(v: float) -> int:
    return 10 ** int(math.log10(v)) if v >= 1 else 1


def parse_number_words(atoms: list[tuple[str, float, bool, bool]]) -> list[tuple[int, int, float]]:
    """Group atoms into numbers.

    ``atoms`` are ``(kind, value, joined_by_waw, is_digits)``; returns
    ``(first_atom, last_atom, value)`` for every number read (inclusive indices).
    Kinds: U unit 1..10, T teen-only unit, TT the ten of a teen, X tens, H hundreds,
    K thousand(s), KP آلاف, M million(s), MP ملايين, F fraction; digits come as U-less
    kind "D".
    """
    out: list[tuple[int, int, float]] = []
    i = 0
    n = len(atoms)
    while i < n:
        kind, v, _, _ = atoms[i]
        if kind == "BAD":
            i += 1
            continue
        if kind == _T:
            # a teen-only unit must be followed by the ten
            if i + 1 < n and atoms[i + 1][0] in (_TT, _U) and atoms[i + 1][1] == 10 and not atoms[i + 1][2]:
                total, group, last_mag, last_unit = 0.0, v + 10, 10, False
                j = i + 2
            else:
                i += 1
                continue
        elif kind in (_K, _M):
            total, group, last_mag, last_unit = float(v), 0.0, int(v) if v < 2000 else 1000, False
            if v == 2000000:
                last_mag = 1000000
            j = i + 1
        elif kind in (_KP, _MP):
            i += 1  # a bare plural multiplier is a vague quantity, read elsewhere
            continue
        elif kind == _F:
            if i + 1 < n and atoms[i + 1][0] in (_K, _M) and not atoms[i + 1][2]:
                mult = atoms[i + 1][1]
                total, group, last_mag, last_unit = v * mult, 0.0, int(mult), False
                j = i + 2
            else:
                i += 1
                continue
        else:  # D, U, TT (=10), X, H
            total, group = 0.0, float(v)
            last_mag = _mag(v) if kind != "D" else 1
            last_unit = kind == _U and v < 10
            j = i + 1
        digits_last = kind == "D"
        while j < n:
            k2, v2, waw, is_dig = atoms[j]
            if not waw:
                if k2 in (_TT, _U) and v2 == 10 and last_unit and group < 10:
                    group += 10
                    last_mag, last_unit = 10, False
                elif k2 == _H and v2 == 100 and last_unit and 3 <= group < 10:
                    group *= 100
                    last_mag, last_unit = 100, False
                elif k2 in (_K, _KP, _M, _MP) and (group > 0 or total == 0):
                    if k2 in (_KP, _MP) and not 3 <= group <= 10:
                        break
                    if k2 in (_K, _M) and v2 in (2000, 2000000) and group:
                        break
                    if total and v2 >= _mag(total):
                        break
                    mult = v2 if v2 not in (2000, 2000000) else v2 / 2
                    total += (group or 1) * mult if v2 not in (2000, 2000000) else v2
                    group = 0.0
                    last_mag, last_unit = int(mult), False
                else:
                    break
            else:
                if is_dig and digits_last:
                    break
                if k2 == _X and last_unit and group % 100 < 10:
                    group += v2
                    last_mag, last_unit = 10, False
                elif k2 in (_U, "D", _X, _H) and 0 < v2 < last_mag and v2 == int(v2):
                    group += v2
                    last_mag = _mag(v2) if k2 != "D" else 1
                    last_unit = k2 == _U and v2 < 10
                else:
                    break
            digits_last = is_dig
            j += 1
        out.append((i, j - 1, total + group))
        i = j
    return out


def find_numbers(norm: NormalizedText, raw: str | None = None, words: Words | None = None) -> list[NumberExpr]:
    """Every number, vague quantity and counting dual in ``norm``, in text order.

    ``text`` of each record is ``raw[span]`` when the raw text is given, else the
    normalised slice. ``words``: the words of ``norm.text`` when already split.
    """
    lex = number_lexicon()
    text = norm.text
    out: list[NumberExpr] = []

    def emit(a: int, b: int, value: int | None, vague: bool, q: str | None, noun: str | None = None) -> None:
        if q is None:
            m2 = lex.after_re.match(text, b)
            if m2:
                q = lex.q_after[_norm_space(m2.group("qa"))]
        span = norm.to_raw(a, b)
        t = raw[span.start : span.end] if raw is not None else text[a:b]
        out.append(NumberExpr(a, b, span, t, value, vague, q, noun))

    for m in lex.seq_gate.finditer(lex.seq_re, words or Words(text)):
        q = lex.q_before[_norm_space(m.group("q"))] if m.group("q") else None
        qstart = m.start("q") if m.group("q") else None
        if m.group("vague") is not None:
            a = qstart if qstart is not None else m.start("vague")
            emit(a, m.end("vague"), lex.vague[_norm_space(m.group("vague"))], True, q)
            continue
        if m.group("dual") is not None:
            emit(m.start("dual"), m.end("dual"), 2, False, q, lex.duals[m.group("dual")])
            continue
        s0, s1 = m.span("seq")
        if _PERCENT_RE.match(text, s1):
            continue
        digits = text[s0:s1]
        if digits.isdigit() and digits.isascii():
            # one run of digits, most numbers: what the atoms below would read
            if int(digits) > 0:
                emit(s0 if qstart is None else qstart, s1, int(digits), False, q)
            continue
        atoms: list[tuple[str, float, bool, bool]] = []
        bounds: list[tuple[int, int]] = []
        prev_end = s0
        for am in lex.atom_re.finditer(text, s0, s1):
            waw = "و" in text[prev_end : am.start()]
            if am.group("d") is not None:
                val = _digits_value(am.group("d"))
                if val is None:
                    atoms.append(("BAD", 0, waw, True))
                else:
                    atoms.append(("D", val, waw, True))
            else:
                # عشر/عشرة is listed first as the unit 10; the parser reads it as the
                # ten of a teen after a unit
                kind, val = lex.words[" ".join(am.group("w").split())][0]
                atoms.append((kind, val, waw, False))
            bounds.append(am.span())
            prev_end = am.end()
        for i, j, value in parse_number_words(atoms):
            if value != int(value) or value <= 0:
                continue  # a bare decimal or fraction is not a count
            a = bounds[i][0]
            if i == 0 and qstart is not None:
                a = qstart
            emit(a, bounds[j][1], int(value), False, q if i == 0 else None)
    return out


def _norm_space(s: str) -> str:
    return " ".join(s.split())
