"""Casualty phrases: who was killed, wounded, captured or went missing, and how many.

:func:`find_casualties` finds casualty triggers (``data/casualties.yaml``) with one
compiled regex and links each to a number from
:func:`marsad.recognize.numbers.find_numbers`:

- a verb takes the number after it ("قتل 16 طفلا", "قتلت الغارات 80 شخصا") or, failing
  that, the subject before it ("150 شخصا على الأقل قتلوا", "رجلا واحدا على الأقل قتل");
- an event noun takes the number after it ("أسفر عن مقتل ما لا يقل عن ثلاثين شخصا");
- a count noun takes the number right before it ("عشرات القتلى", "عتبة 220 قتيلا") or
  just after it; without a number it reports deaths of unknown count ("سقوط قتلى" →
  ``count=None``);
- never across a clause mark (. ; : ! ? line break) nor across another trigger, and
  never a number that counts days, kilometres, strikes... ("قبل يومين"), a year or a
  day of a month;
- a number after "من بينهم/بينهم/منهم" that follows a linked number is a subset of it
  (``subset=True``): "80 شخصا، من بينهم 14 طفلا" gives killed 80 and killed 14 (subset);
- ``aggregate`` when the clause carries a cumulative cue ("منذ بداية", "منذ عام",
  "خلال ثلاثة أسابيع", "إجمالي");
- ``count`` is the conservative figure (``NumberExpr.value``: "أكثر من 40" → 40,
  "عشرات" → 10); ``approximate`` when the figure is qualified or vague;
- a record without a number is dropped when the same sentence has a numbered record
  of the same kind ("حصيلة القتلى ... 220 قتيلا" gives one record, killed 220).

The span of a record covers the trigger and its number (and the counted noun).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from marsad.recognize.lexicon import (
    WORD_END,
    WORD_START,
    article_regex,
    article_span,
    data_path,
    first_word_gate,
    key,
    lookup,
    stems_and_keys,
    trie_regex,
    validate,
)
from marsad.dates.parse import date_lexicon, month_at
from marsad.errors import LexiconError
from marsad.model import NormalizedText, Span, record
from marsad.recognize.matcher import WordGate, Words
from marsad.recognize.numbers import NumberExpr, count_words, find_numbers

__all__ = ["Casualty", "find_casualties", "casualty_lexicon"]

_FILE = "casualties.yaml"

CasualtyKind = Literal["killed", "wounded", "captured", "missing"]


@record
class Casualty:
    nstart: int
    nend: int
    span: Span
    text: str
    kind: str  # killed | wounded | captured | missing
    count: int | None  # None: reported without a number ("سقوط قتلى")
    number: NumberExpr | None = None
    group: str | None = None  # civilians | children | women | fighters | soldiers | people
    aggregate: bool = False
    subset: bool = False
    approximate: bool = False
    trigger: str = ""  # the folded trigger word (evidence)


class _Roles(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verb: list[str]
    event: list[str]
    count: list[str]


class _CasualtiesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    triggers: dict[Literal["killed", "wounded", "captured", "missing"], _Roles]
    groups: dict[Literal["civilians", "children", "women", "fighters", "soldiers", "people"], list[str]]
    non_count_nouns: list[str]
    subset_cues: list[str]
    aggregate_cues: list[str]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    triggers: dict[str, tuple[str, str]]  # key -> (kind, role)
    groups: dict[str, str]
    non_count: frozenset[str]
    subset_cues: tuple[str, ...]
    trigger_re: re.Pattern[str]
    trigger_gate: WordGate  # the words a match of trigger_re can begin with
    group_re: re.Pattern[str]
    subset_re: re.Pattern[str]
    aggregate_re: re.Pattern[str]


@lru_cache(maxsize=1)
def casualty_lexicon() -> _Lexicon:
    """The validated casualty lexicon and its compiled regexes (cached)."""
    f = validate(_FILE, _CasualtiesFile)
    path = data_path(_FILE)
    triggers: dict[str, tuple[str, str]] = {}
    for kind, roles in f.triggers.items():
        for role, words in roles.model_dump().items():
            for w in words:
                k = key(w, path=path, entry=f"triggers.{kind}.{role}: {w}")
                if k in triggers and triggers[k][0] != kind:
                    raise LexiconError(path, w, f"listed for {triggers[k][0]} and {kind}")
                triggers.setdefault(k, (kind, role))
    groups: dict[str, str] = {}
    for g, words in f.groups.items():
        for w in words:
            k = key(w, path=path, entry=f"groups.{g}: {w}")
            if k in groups and groups[k] != g:
                raise LexiconError(path, w, f"listed for {groups[k]} and {g}")
            groups[k] = g
    non_count = frozenset(key(w, path=path, entry=w) for w in f.non_count_nouns)
    subset = tuple(key(w, path=path, entry=w) for w in f.subset_cues)
    agg = [key(w, path=path, entry=w) for w in f.aggregate_cues]
    dl = date_lexicon()
    # "خلال ثلاثة أيام/أسابيع", "منذ 3 أسابيع/أشهر/سنوات" (but "منذ 3 أيام" = three days ago)
    cnt = rf"(?:\d+|{trie_regex(count_words())})"
    all_units = [k for k, (u, n) in dl.units.items() if n in ("plural", "dual") and u != "hour"]
    long_units = [k for k, (u, n) in dl.units.items() if n in ("plural", "dual") and u in ("week", "month", "year")]
    agg_re = re.compile(
        WORD_START + r"[وف]?(?:" + trie_regex(agg)
        + rf"|خلال +(?:{cnt} +)?{trie_regex(all_units)}|منذ +(?:{cnt} +)?{trie_regex(long_units)})" + WORD_END
    )
    return _Lexicon(
        triggers,
        groups,
        non_count,
        subset,
        re.compile(article_regex(triggers, "t", optional_article=True)),
        first_word_gate(stems_and_keys(triggers), article=True, multiword_weak=True),
        re.compile(r" *" + r"[وفبلك]?(?:ال)?(?P<g>" + trie_regex(groups) + ")" + WORD_END),
        re.compile(r"(?:" + trie_regex(subset) + r")" + WORD_END),
        agg_re,
    )


_WORD_RE = re.compile(r"[^\W_]+")
_CLAUSE_RE = re.compile(r"[.;:!?\n]")
_CLAUSE_OR_COMMA_RE = re.compile(r"[.;:!?\n,]")
_MIN_RE = re.compile(r" *من(?= )")
_TO_END_RE = re.compile(r"(?<![^\W_])(?:الي|حتي) *$")
_PREV_WORD_RE = re.compile(r"([^\W\d_]+) *$")
_NEXT_WORD_RE = re.compile(r" *[وفبلك]?([^\W\d_]+)")

_MAX_AFTER = {"verb": 3, "event": 2, "count": 3}
_MAX_BEFORE = {"verb": 3, "event": -1, "count": 1}


def _usable(n: NumberExpr, text: str, lex: _Lexicon) -> bool:
    if n.noun in ("day", "week", "month", "year"):
        return False
    if not n.vague and n.value is not None and 1900 <= n.value <= 2100 and n.text.isdigit():
        return False  # a year
    # a dual names what it counts ("مدنيان"): the next word ("بغارة") is not its noun
    nxt = None if n.noun else _NEXT_WORD_RE.match(text, n.nend)
    if nxt:
        w = nxt.group(1)
        if w in lex.non_count or (w.startswith("ال") and w[2:] in lex.non_count):
            return False
    if not n.vague and n.value is not None and n.value <= 31 and month_at(text, n.nend):
        return False  # a day of a month
    return True


def _group_after(text: str, pos: int, lex: _Lexicon) -> tuple[str | None, int]:
    m = lex.group_re.match(text, pos)
    if not m:
        # one word may sit between the number and its noun ("80 من المدنيين")
        m2 = _MIN_RE.match(text, pos)
        if m2:
            m = lex.group_re.match(text, m2.end())
    if m:
        return lookup(lex.groups, m.group("g")), m.end()
    return None, pos


def find_casualties(
    norm: NormalizedText, numbers: list[NumberExpr] | None = None, raw: str | None = None,
    words: Words | None = None,
) -> list[Casualty]:
    """Every casualty phrase in ``norm`` (see the module doc), in text order.

    ``numbers`` are the text's numbers (found here when not given). ``text`` of each
    record is ``raw[span]`` when the raw text is given, else the normalised slice.
    ``words``: the words of ``norm.text`` when already split.
    """
    lex = casualty_lexicon()
    text = norm.text
    trig = []
    for m in lex.trigger_gate.finditer(lex.trigger_re, words or Words(text)):
        a, b = article_span(m, "t")
        k = text[a:b]
        kind, role = lookup(lex.triggers, " ".join(k.split()))
        trig.append((a, b, kind, role, k))
    if not trig:
        return []
    if numbers is None:
        numbers = find_numbers(norm, words=words)
    nums = [n for n in numbers if _usable(n, text, lex)]
    starts = [n.nstart for n in nums]
    claimed: set[int] = set()
    out: list[Casualty] = []

    def gap_ok(a: int, b: int, max_words: int, allow_comma: bool = False) -> bool:
        seg = text[a:b]
        if (_CLAUSE_RE if allow_comma else _CLAUSE_OR_COMMA_RE).search(seg):
            return False
        return len(_WORD_RE.findall(seg)) <= max_words

    def make(a: int, b: int, kind: str, n: NumberExpr | None, group: str | None, trigger: str,
             subset: bool = False) -> Casualty:
        span = norm.to_raw(a, b)
        t = raw[span.start : span.end] if raw is not None else text[a:b]
        count = n.value if n is not None else None
        approx = n is not None and (n.vague or n.qualifier is not None)
        return Casualty(a, b, span, t, kind, count, n, group, _aggregate(text, a, b, lex), subset, approx, trigger)

    for i, (a, b, kind, role, k) in enumerate(trig):
        prev_end = trig[i - 1][1] if i else 0
        next_start = trig[i + 1][0] if i + 1 < len(trig) else len(text)
        chosen: int | None = None
        order = ("before", "after") if role == "count" else ("after", "before")
        for side in order:
            if side == "after":
                j = bisect_left(starts, b)
                while j < len(nums) and nums[j].nstart < next_start:
                    if j not in claimed:
                        seg = text[b : nums[j].nstart]
                        if gap_ok(b, nums[j].nstart, _MAX_AFTER[role]) or (
                            role == "count" and _TO_END_RE.search(seg) and gap_ok(b, nums[j].nstart, 7)
                        ):
                            chosen = j
                        break
                    j += 1
            else:
                if _MAX_BEFORE[role] < 0:
                    continue
                j = bisect_left(starts, a) - 1
                while j >= 0 and nums[j].nend > prev_end:
                    if nums[j].nend <= a and j not in claimed:
                        if gap_ok(nums[j].nend, a, _MAX_BEFORE[role] + (2 if role == "verb" else 0)):
                            chosen = j
                        break
                    j -= 1
            if chosen is not None:
                break
        if chosen is None:
            out.append(make(a, b, kind, None, None, k))
            continue
        claimed.add(chosen)
        n = nums[chosen]
        group, gend = _group_after(text, n.nend, lex)
        if n.noun and n.noun not in ("killed", "wounded"):
            group = group or n.noun
        if group is None and n.value == 1:  # "رجلا واحدا"
            pw = _PREV_WORD_RE.search(text, max(0, n.nstart - 20), n.nstart)
            if pw:
                group = lookup(lex.groups, pw.group(1))
        lo, hi = min(a, n.nstart), max(b, n.nend)
        if gend > hi and gend <= (a if n.nstart < a else len(text)):
            hi = gend
        out.append(make(lo, hi, kind, n, group, k))
        # subsets: "من بينهم 14 طفلا", "بينهم سبعة أطفال و16 شخصا"
        j = chosen + 1
        last_end = max(n.nend, gend)
        in_subset = False
        while j < len(nums) and nums[j].nstart < next_start:
            seg = text[last_end : nums[j].nstart]
            if _CLAUSE_RE.search(seg) or len(_WORD_RE.findall(seg)) > 4:
                break
            if lex.subset_re.search(seg):
                in_subset = True
            elif not (in_subset and seg.strip() in ("و", "")):
                break
            sn = nums[j]
            claimed.add(j)
            sg, send = _group_after(text, sn.nend, lex)
            out.append(make(sn.nstart, max(sn.nend, send), kind, sn, sg, k, subset=True))
            last_end = max(sn.nend, send)
            j += 1

    # a count-less record is dropped when its sentence has a numbered one of its kind
    numbered = [(c.kind, _sentence_of(text, c.nstart)) for c in out if c.count is not None]
    result = [
        c for c in out
        if c.count is not None or c.number is not None or (c.kind, _sentence_of(text, c.nstart)) not in numbered
    ]
    result.sort(key=lambda c: (c.nstart, c.nend))
    return result


def _sentence_of(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in ".!?\n") + 1


def _aggregate(text: str, a: int, b: int, lex: _Lexicon) -> bool:
    """True if the clause around ``[a, b)`` (up to 201 characters each way, to the
    nearest clause stop) holds an aggregate word ("في حصيلة", "منذ بداية")."""
    lo = max(0, a - 201)
    lo = max(lo, max(text.rfind(ch, lo, a) for ch in _CLAUSE_STOPS) + 1)
    hi = min(len(text), b + 201)
    hi = min([hi] + [k for k in (text.find(ch, b, hi) for ch in _CLAUSE_STOPS) if k >= 0])
    return lex.aggregate_re.search(text, lo, hi) is not None


_CLAUSE_STOPS = ".;!?\n,"
