"""Recognising date expressions in Arabic news text.

:func:`find_dates` scans a :class:`~marsad.model.NormalizedText` with ONE compiled
regular expression (its word lists come from ``data/dates.yaml``) and returns
:class:`DateExpr` records, in text order, that do not overlap. Each carries the
normalised interval, the raw span and structured fields; :mod:`marsad.dates.resolve`
turns it into a calendar date.

Kinds:

- ``absolute``: a day and a month, maybe a weekday and a year ("الثلاثاء 20 آذار/مارس
  2018", "في الخامس من كانون الثاني/يناير 2016", "2018/3/20", "20-3-2018",
  Hijri "5 رمضان 1439 هـ" with ``calendar="hijri"``);
- ``month``: a month, maybe with a year ("في أغسطس/آب عام 2013", "نيسان/أبريل
  الماضي", "منتصف حزيران/يونيو");
- ``year``: "عام 2017", "في عام 2020", "منذ عام 2013", "اعتبارا من عام 2020";
- ``range``: "بين عامي 2015 و2016", "16 و17 مايو/أيار";
- ``relative_day``: "اليوم", "أمس", "أول أمس", "فجر اليوم", "مساء أمس" (``offset_days``);
- ``weekday``: "الخميس", "يوم الخميس الماضي", "مساء الأحد", "ليل السبت الأحد";
- ``relative_period``: "قبل يومين", "منذ ثلاثة أيام", "قبل أسبوع", "الأسبوع الماضي",
  "هذا الأسبوع", "الشهر الماضي", "العام الماضي", "قبل أيام", "خلال الأيام الماضية",
  "خلال السنوات الأخيرة" (``unit``, ``count``, ``direction``);
- ``vague``: "مؤخرا", "أخيرا", "في الآونة الأخيرة".

Ambiguous words need a date context: a bare weekday that is also a common word
(الجمعة, الأحد, الاثنين) gets a lower ``confidence`` and is dropped after words such
as صلاة/خطبة; "آب", "ماي", "أوت" need a day, a year, a paired name or "شهر"; a bare
month needs a preposition (في, منذ, خلال ...) or one of those; a year written without
عام/سنة needs a preposition before it and a punctuation mark after it; "اليوم"
followed by an adjective ("اليوم التالي") is not today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from marsad.recognize.lexicon import (
    PROCLITIC, WORD_END, WORD_START, AlternativesByFirstWord, data_path, first_word_gate, key, trie_regex, validate,
)
from marsad.recognize.matcher import WordGate, Words
from marsad.errors import LexiconError
from marsad.model import NormalizedText, Span, record
from marsad.recognize.numbers import count_words

__all__ = ["DateExpr", "find_dates", "date_lexicon", "month_at"]

_FILE = "dates.yaml"

Kind = Literal["absolute", "relative_day", "weekday", "relative_period", "year", "month", "range", "vague"]


@record
class DateExpr:
    """One date expression. ``text`` is the raw text of ``span`` (or the normalised
    slice when :func:`find_dates` was not given the raw text)."""

    nstart: int
    nend: int
    span: Span
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    offset_days: int | None = None  # relative days: 0 today, -1 yesterday
    count: int | None = None  # relative periods: how many units (None: "قبل أيام")
    unit: str | None = None  # hour | day | week | month | year
    direction: str | None = None  # past | current | future
    part_of_day: str | None = None  # dawn | morning | noon | afternoon | evening | night
    part_of_month: str | None = None  # early | mid | late (of a month, year or week)
    qualifier: str | None = None  # last (الماضي) | since | during | until
    approximate: bool = False
    calendar: str = "gregorian"  # or "hijri"
    end_year: int | None = None  # ranges
    end_month: int | None = None
    end_day: int | None = None
    weekday2: int | None = None  # the second day of "ليل السبت الأحد"
    confidence: float = 1.0
    pattern: str = ""  # which rule recognised it (for evidence)


# --------------------------------------------------------------------------- data


class _Reladj(BaseModel):
    model_config = ConfigDict(extra="forbid")
    past: list[str]
    current: list[str]
    future: list[str]


class _Unit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    singular: list[str]
    dual: list[str]
    plural: list[str]


class _RelDay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    offset: int


class _DatesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: dict[int, list[str]]
    ambiguous_months: list[str]
    hijri_months: dict[int, list[str]]
    hijri_markers: list[str]
    weekdays: dict[int, list[str]]
    ambiguous_weekdays: list[str]
    ordinal_days: dict[int, list[str]]
    parts_of_day: dict[Literal["dawn", "morning", "noon", "afternoon", "evening", "night", "day"], list[str]]
    relative_days: list[_RelDay]
    relative_adjectives: _Reladj
    units: dict[Literal["hour", "day", "week", "month", "year"], _Unit]
    definite_periods: dict[Literal["week", "month", "year"], list[str]]
    period_heads: dict[Literal["ago", "since", "during"], list[str]]
    vague: list[str]
    qualifiers: dict[Literal["since", "during", "until"], list[str]]
    parts_of_month: dict[Literal["early", "mid", "late"], list[str]]
    month_prepositions: list[str]
    year_prepositions: list[str]
    not_weekday_after: list[str]
    not_today_before: list[str]
    anchor_words: list[str]
    from_now_words: list[str]
    verbs_before_weekday: list[str]

    @field_validator("months", "hijri_months")
    @classmethod
    def _twelve(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 13)):
            raise ValueError("months must be numbered 1..12")
        return v

    @field_validator("weekdays")
    @classmethod
    def _seven(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(7)):
            raise ValueError("weekdays must be numbered 0 (Monday)..6")
        return v

    @field_validator("ordinal_days")
    @classmethod
    def _days(cls, v: dict[int, list[str]]) -> dict[int, list[str]]:
        if sorted(v) != list(range(1, 32)):
            raise ValueError("ordinal_days must be numbered 1..31")
        return v


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    hijri_months: dict[str, int]
    weekdays: dict[str, int]
    ambiguous_weekdays: frozenset[str]
    ordinals: dict[str, int]
    parts_of_day: dict[str, str]
    relative_days: dict[str, int]
    reladj: dict[str, str]
    units: dict[str, tuple[str, str]]  # key -> (unit, number: singular|dual|plural)
    definite: dict[str, str]
    heads: dict[str, str]
    vague: frozenset[str]
    counts: dict[str, int]
    qualifiers: dict[str, str]  # key -> since | during | until
    parts_of_month: dict[str, str]  # key -> early | mid | late
    month_preps: frozenset[str]
    year_preps: frozenset[str]
    not_weekday_after: frozenset[str]
    not_today_before: frozenset[str]
    anchor_re: re.Pattern[str]  # " من " and an anchor word or a noun with the article
    from_now_re: re.Pattern[str]  # " من " and a word of from_now_words
    verb_hint_re: re.Pattern[str]  # a verb of verbs_before_weekday, then the end
    regex: re.Pattern[str]
    month_re: re.Pattern[str]
    gate: WordGate  # the words a match of regex can begin with
    alternatives: AlternativesByFirstWord  # regex with only the alternatives a word can begin


def _keys(items: dict, path: str, section: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for value, words in items.items():
        for w in words:
            k = key(w, path=path, entry=f"{section}.{value}: {w}")
            if k in out and out[k] != value:
                raise LexiconError(path, f"{section}.{value}: {w}", f"also listed under {out[k]}")
            out[k] = value
    return out


@lru_cache(maxsize=1)
def date_lexicon() -> _Lexicon:
    """The validated date lexicon and its compiled regex (cached)."""
    f = validate(_FILE, _DatesFile)
    path = data_path(_FILE)
    months = _keys(f.months, path, "months")
    amb_m = frozenset(key(w, path=path, entry=w) for w in f.ambiguous_months)
    for k in amb_m:
        if k not in months:
            raise LexiconError(path, f"ambiguous_months: {k}", "not a month listed under months")
    hmonths = _keys(f.hijri_months, path, "hijri_months")
    hmarks = [key(w, path=path, entry=w) for w in f.hijri_markers]
    weekdays = _keys(f.weekdays, path, "weekdays")
    amb_w = frozenset(key(w, path=path, entry=w) for w in f.ambiguous_weekdays)
    for k in amb_w:
        if k not in weekdays:
            raise LexiconError(path, f"ambiguous_weekdays: {k}", "not a weekday listed under weekdays")
    ordinals = _keys(f.ordinal_days, path, "ordinal_days")
    pods = _keys(f.parts_of_day, path, "parts_of_day")
    reldays = {key(e.text, path=path, entry=e.text): e.offset for e in f.relative_days}
    reladj = _keys(f.relative_adjectives.model_dump(), path, "relative_adjectives")
    units: dict[str, tuple[str, str]] = {}
    for unit, forms in f.units.items():
        for number, words in forms.model_dump().items():
            for w in words:
                units[key(w, path=path, entry=f"units.{unit}.{number}: {w}")] = (unit, number)
    definite = _keys(f.definite_periods, path, "definite_periods")
    heads = _keys(f.period_heads, path, "period_heads")
    vague = frozenset(key(w, path=path, entry=w) for w in f.vague)
    counts = count_words()
    qualifiers = _keys(f.qualifiers, path, "qualifiers")
    parts_of_month = _keys(f.parts_of_month, path, "parts_of_month")

    def words(section: str) -> frozenset[str]:
        return frozenset(key(w, path=path, entry=f"{section}: {w}") for w in getattr(f, section))

    E = WORD_END
    MG = trie_regex(months)
    WD = trie_regex(weekdays)
    POD = trie_regex(pods)
    REL = trie_regex(reladj)
    QUAL = trie_regex(qualifiers)
    PM = trie_regex(parts_of_month)
    YK = r"(?:عام|العام|سنه|السنه)"
    HM = trie_regex(hmarks)

    def mp(t: str) -> str:  # a month, or a pair of names for one month
        return rf"(?P<m1{t}>{MG}){E}(?:(?: *[/\\(] *| +)(?P<m2{t}>{MG}){E}\)?)?"

    def yr(t: str) -> str:
        return rf"(?: *,? *(?:من +)?(?:{YK} +)?(?P<y{t}>(?:19|20)\d\d)م?{E})"

    def rel(t: str) -> str:
        return rf"(?: +(?P<r{t}>{REL}){E})"

    def q(t: str) -> str:
        return rf"(?:(?P<q{t}>{QUAL}) +)?(?:(?P<pm{t}>{PM}) +)?"

    day = r"(?:ال)?(?P<d{t}>[0-3]?\d)(?!\d)"
    alts = {
        "ABS": q("a")
        + rf"(?:(?:(?P<pa>{POD}) +)?(?P<wa>{WD}){E} *,? *)?"
        + rf"(?:{day.format(t='a')} +(?:من +)?|(?P<oa>{trie_regex(ordinals)}) +من +)(?:شهر +)?"
        + mp("a") + yr("a") + "?" + rel("a") + "?",
        "NUM": r"(?<![\d.,/-])(?:(?P<nd>[0-3]?\d)(?P<ns>[/.-])(?P<nm>[01]?\d)(?P=ns)(?P<ny>(?:19|20)\d\d)"
        r"|(?P<iy>(?:19|20)\d\d)(?P<is>[/.-])(?P<im>[01]?\d)(?P=is)(?P<id>[0-3]?\d))(?![\d.,/-]?\d)",
        "HIJ": rf"(?:(?P<hd>[0-3]?\d) +(?:من +)?)?(?:شهر +)?(?P<hm>{trie_regex(hmonths)}){E}"
        rf" +(?:من +)?(?:{YK} +)?(?P<hy>1[34]\d\d) *(?:{HM}){E}",
        "DRANGE": r"(?:(?:بين|من) +)?(?:يومي +)?(?:ال)?(?P<rd1>[0-3]?\d) *(?:و|-|الي|حتي) *(?:ال)?(?P<rd2>[0-3]?\d)"
        r" +(?:من +)?(?:شهر +)?" + mp("r") + yr("r") + "?" + rel("r") + "?",
        "YRANGE": rf"(?:(?:ما +)?بين +(?:عامي|العامين|سنتي|السنتين|{YK}) +(?P<yra>(?:19|20)\d\d) *(?:و|-) *(?:{YK} +)?"
        rf"(?P<yrb>(?:19|20)\d\d)|(?:من|منذ) +{YK} +(?P<yrc>(?:19|20)\d\d) +(?:الي|حتي|و) *(?:{YK} +)?"
        rf"(?P<yrd>(?:19|20)\d\d)|(?:عامي|العامين) +(?P<yre>(?:19|20)\d\d) *(?:و|-) *(?P<yrf>(?:19|20)\d\d)){E}",
        "MONTH": q("m") + r"(?P<shm>شهر +)?" + mp("m") + yr("m") + "?"
        + rf"(?: +من +(?P<lym>العام|السنه) +(?P<lyr>{REL}){E})?" + rel("m") + "?",
        "YEAR": q("y") + rf"(?:(?P<yk>{YK}) +)?(?:(?P<yy>(?:19|20)\d\d)م?{E}|(?P<yh>1[34]\d\d) *(?:{HM}){E})",
        "RELPER": rf"(?:(?P<phfi>في)|(?P<ph>{trie_regex(h for h in heads if h != 'في')})) +"
        rf"(?:(?P<pc>\d{{1,3}}|{trie_regex(counts)}) +)?"
        rf"(?P<pu>{trie_regex(units)}){E}(?(phfi) +(?P<pa2>{REL}){E}|(?: +(?P<pa3>{REL}){E})?)",
        "DEFPER": rf"(?:(?P<dth>هذا|هذه) +)?(?:(?P<dpm>{PM}) +)?(?P<du>{trie_regex(definite)})(?: +(?P<dadj>{REL}))?{E}",
        "RELDAY": rf"(?:(?P<rp>{POD}) +)?(?P<rd>{trie_regex(reldays)}){E}(?: *,? *(?P<rw>{WD}){E})?",
        "WEEKDAY": rf"(?:(?P<wp>{POD}) +)?(?P<w1>{WD}){E}"
        rf"(?: *(?:-|/|و|الي|علي) *(?P<w2>{WD}){E}| +(?P<w2b>{WD}){E})?(?: +(?P<wr>{REL}){E})?",
        "VAGUE": rf"(?P<vg>{trie_regex(vague)}){E}",
    }
    # the words each alternative can begin with (after proclitics), besides a number in
    # digits for those of digit_firsts: where none of an alternative's words is, its
    # attempt is skipped (a weekday name need not be tried as a day-month-year date)
    def fw(*tables) -> set[str]:
        return {k.split(" ")[0] for table in tables for k in table}

    yk = {"عام", "العام", "سنه", "السنه"}
    alt_firsts = {
        "ABS": fw(qualifiers, parts_of_month, pods, weekdays, ordinals),
        "NUM": set(),
        "HIJ": {"شهر"} | fw(hmonths),
        "DRANGE": {"بين", "من", "يومي"},
        "YRANGE": {"ما", "بين", "من", "منذ", "عامي", "العامين"},
        "MONTH": fw(qualifiers, parts_of_month, months) | {"شهر"},
        "YEAR": fw(qualifiers, parts_of_month) | yk,
        "RELPER": fw(heads),
        "DEFPER": {"هذا", "هذه"} | fw(parts_of_month, definite),
        "RELDAY": fw(pods, reldays),
        "WEEKDAY": fw(pods, weekdays),
        "VAGUE": fw(vague),
    }
    digit_firsts = ("ABS", "NUM", "HIJ", "DRANGE", "YEAR")
    # every expression starts with one of these words (or a digit): a cheap lookahead
    # that lets the scan skip all other words without trying the twelve alternatives
    firsts = {"شهر", "عام", "العام", "سنه", "السنه", "بين", "ما", "من", "منذ", "عامي", "العامين", "سنتي",
              "السنتين", "يومي", "هذا", "هذه"}
    for table in (qualifiers, parts_of_month, pods, weekdays, months, hmonths, ordinals, heads, definite,
                  reldays, vague):
        firsts.update(k.split(" ")[0] for k in table)
    alternatives = AlternativesByFirstWord(
        WORD_START + PROCLITIC + rf"(?=(?:{trie_regex(firsts)}){E}|(?:ال)?\d)", alts, alt_firsts, digit_firsts)
    regex = alternatives.regex
    month_re = re.compile(rf" *(?:من +)?(?:شهر +)?(?:{MG}){E}")
    # Frequent function words begin an expression only before a word that can come
    # second in one, or a number ("في ثلاثة أيام", "من عام 2011", "على مدى أسبوع", "ما
    # بين عامي", "منذ مطلع آذار"): the scan skips them elsewhere ("من قبل", "في
    # العام": there the expression begins at the second word). Every alternative above
    # that can begin with one of these words goes on with a word listed here.
    seconds = {"عام", "العام", "سنه", "السنه", "يومي", "عامي", "العامين", "سنتي", "السنتين", "بين", "شهر"}
    for table in (parts_of_month, pods, weekdays, months, hmonths, ordinals, definite, units, counts):
        seconds.update(table)
    for table in (qualifiers, heads, reldays, vague):  # the rest of their multi-word entries
        seconds.update(k.split(" ", 1)[1] for k in table if " " in k)
    gate = first_word_gate(firsts, digits=True, weak=_WEAK_FIRSTS, follow=seconds)
    return _Lexicon(
        months, amb_m, hmonths, weekdays, amb_w, ordinals, pods, reldays, reladj, units, definite,
        heads, vague, counts, qualifiers, parts_of_month, words("month_prepositions"), words("year_prepositions"),
        words("not_weekday_after"), words("not_today_before"),
        re.compile(rf" +من +(?:ال|{trie_regex(words('anchor_words'))})"),
        re.compile(rf" +من +{trie_regex(words('from_now_words'))}{E}"),
        re.compile(rf"(?:^|\s)(?:[وف]?{trie_regex(words('verbs_before_weekday'))}\S*)\s*$"),
        regex, month_re, gate, alternatives,
    )


#: words that begin a date expression only before a word that can come second in one, or a
#: number (folded)
_WEAK_FIRSTS = frozenset({"في", "من", "علي", "بعد", "ما", "هذا", "هذه", "بين", "قبل", "منذ", "خلال", "طيله",
                          "طوال", "وقت", "حتي"})


def month_at(text: str, pos: int) -> bool:
    """True if a month name (optionally after "من"/"شهر") starts at ``pos``."""
    return date_lexicon().month_re.match(text, pos) is not None


# --------------------------------------------------------------------------- recognition

_PUNCT_BEFORE_RE = re.compile(r"[,;:(\"'\-]\s*$|^\s*$|[.!?\n]\s*$")
_PUNCT_AFTER_RE = re.compile(r"\s*(?:[,;:.)!?\"'\n-]|$)")
_NEXT_WORD_RE = re.compile(r" +([^\W\d_]+)")


def _prev_word(text: str, pos: int) -> str:
    r"""The word of letters that ends right before ``pos``, spaces aside (reading at
    most 24 characters back; "" for none): what ``re.search(r"([^\W\d_]+)[ ]*$")``
    finds in that window, read backwards rather than by trying each start."""
    lo = max(0, pos - 24)
    j = pos - 1 if pos > lo and text[pos - 1] == "\n" else pos  # $ also matches before a final line break
    while j > lo and text[j - 1] == " ":
        j -= 1
    i = j
    while i > lo:
        c = text[i - 1]
        if not c.isalnum() or c.isdecimal() or c == "_":  # not [^\W\d_]
            break
        i -= 1
    return text[i:j]


def find_dates(norm: NormalizedText, raw: str | None = None, words: Words | None = None) -> list[DateExpr]:
    """Every date expression in ``norm``, in text order, non-overlapping.

    ``text`` of each record is ``raw[span]`` when the raw text is given, else the
    normalised slice. ``words``: the words of ``norm.text`` when already split.
    """
    lex = date_lexicon()
    text = norm.text
    out: list[DateExpr] = []
    for m in lex.gate.finditer(lex.regex, words or Words(text), lex.alternatives.pick):
        name = m.lastgroup
        fields = _HANDLERS[name](m, lex, text)
        if fields is None:
            continue
        a = m.start(name)
        b = fields.pop("_end", m.end(name))
        a = fields.pop("_start", a)
        span = norm.to_raw(a, b)
        t = raw[span.start : span.end] if raw is not None else text[a:b]
        out.append(DateExpr(a, b, span, t, pattern=name.lower(), **fields))
    return out


def _month(m: re.Match, lex: _Lexicon, t: str) -> tuple[int, bool, bool] | None:
    """(month, paired, ambiguous) of the month pair with tag ``t``; None on a mismatch."""
    m1 = lex.months[m.group("m1" + t)]
    amb = m.group("m1" + t) in lex.ambiguous_months
    g2 = m.group("m2" + t)
    if g2 is None:
        return m1, False, amb
    if lex.months[g2] != m1:
        return None
    return m1, True, False


def _year(m: re.Match, t: str) -> int | None:
    y = m.group("y" + t)
    return int(y) if y else None


def _rel(m: re.Match, lex: _Lexicon, g: str) -> tuple[str | None, str | None]:
    r = m.group(g)
    if r is None:
        return None, None
    d = lex.reladj[" ".join(r.split())]
    return d, ("last" if d == "past" else None)


def _q(m: re.Match, lex: _Lexicon, t: str) -> dict:
    out: dict = {}
    if m.group("q" + t):
        out["qualifier"] = lex.qualifiers[" ".join(m.group("q" + t).split())]
    if m.group("pm" + t):
        out["part_of_month"] = lex.parts_of_month[m.group("pm" + t)]
    return out


def _h_abs(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    mm = _month(m, lex, "a")
    if mm is None:
        return None
    day = int(m.group("da")) if m.group("da") else lex.ordinals[" ".join(m.group("oa").split())]
    if not 1 <= day <= 31:
        return None
    out = _q(m, lex, "a")
    direction, qual = _rel(m, lex, "ra")
    if qual and "qualifier" not in out:
        out["qualifier"] = qual
    if direction:
        out["direction"] = direction
    out.update(kind="absolute", month=mm[0], day=day, year=_year(m, "a"))
    if m.group("wa"):
        out["weekday"] = lex.weekdays[m.group("wa")]
    if m.group("pa"):
        out["part_of_day"] = _pod(lex, m.group("pa"))
    return out


def _pod(lex: _Lexicon, word: str | None) -> str | None:
    if word is None:
        return None
    p = lex.parts_of_day[word]
    return None if p == "day" else p


def _h_num(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    if m.group("nd"):
        d, mo, y = int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))
    else:
        d, mo, y = int(m.group("id")), int(m.group("im")), int(m.group("iy"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return {"kind": "absolute", "day": d, "month": mo, "year": y}


def _h_hij(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    out = {"kind": "absolute" if m.group("hd") else "month", "calendar": "hijri",
           "month": lex.hijri_months[" ".join(m.group("hm").split())], "year": int(m.group("hy"))}
    if m.group("hd"):
        d = int(m.group("hd"))
        if not 1 <= d <= 30:
            return None
        out["day"] = d
    return out


def _h_drange(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    mm = _month(m, lex, "r")
    if mm is None:
        return None
    d1, d2 = int(m.group("rd1")), int(m.group("rd2"))
    if not 1 <= d1 < d2 <= 31:
        return None
    y = _year(m, "r")
    out = {"kind": "range", "year": y, "month": mm[0], "day": d1, "end_year": y, "end_month": mm[0],
           "end_day": d2, "approximate": True}
    direction, qual = _rel(m, lex, "rr")
    if direction:
        out["direction"] = direction
        out["qualifier"] = qual
    return out


def _h_yrange(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    for a, b in (("yra", "yrb"), ("yrc", "yrd"), ("yre", "yrf")):
        if m.group(a):
            y1, y2 = int(m.group(a)), int(m.group(b))
            break
    if not y1 < y2:
        return None
    return {"kind": "range", "year": y1, "end_year": y2, "unit": "year", "approximate": True}


def _h_month(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    mm = _month(m, lex, "m")
    if mm is None:
        return None
    month, paired, amb = mm
    y = _year(m, "m")
    direction, qual = _rel(m, lex, "rm")
    strong = paired or y is not None or direction is not None or m.group("shm") or m.group("lym")
    prev = _prev_word(text, m.start("MONTH"))
    has_prep = bool(m.group("qm") or m.group("pmm")) or prev in lex.month_preps
    if not strong and (amb or not has_prep):
        return None
    out = _q(m, lex, "m")
    out.update(kind="month", month=month, year=y)
    if direction:
        out["direction"] = direction
        if qual and "qualifier" not in out:
            out["qualifier"] = qual
    if m.group("lyr"):  # "شهر مارس من العام الماضي"
        d = lex.reladj[" ".join(m.group("lyr").split())]
        out["offset_days"] = None
        out["count"] = {"past": -1, "current": 0, "future": 1}[d]
        out["unit"] = "year"
    conf = 1.0 if strong else 0.8
    out["confidence"] = conf
    return out


def _h_year(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    out = _q(m, lex, "y")
    if m.group("yh"):
        out.update(kind="year", year=int(m.group("yh")), calendar="hijri")
        return out
    y = int(m.group("yy"))
    if not m.group("yk") and not m.group("qy") and not m.group("pmy"):
        # a bare 4-digit number is a year only after a preposition and before punctuation
        if _prev_word(text, m.start("YEAR")) not in lex.year_preps:
            return None
        if not _PUNCT_AFTER_RE.match(text, m.end("YEAR")) and not text.startswith(" و", m.end("YEAR")):
            return None
        out["confidence"] = 0.7
    out.update(kind="year", year=y)
    return out


def _h_relper(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    raw_head = m.group("phfi") or m.group("ph")
    head = lex.heads[" ".join(raw_head.split())]
    unit, number = lex.units[m.group("pu")]
    direction, _ = _rel(m, lex, "pa2" if m.group("phfi") else "pa3")
    c = m.group("pc")
    count = None
    if c is not None:
        if number == "dual":
            return None
        count = int(c) if c.isdigit() else lex.counts[c]
        if count == 0:
            return None
    elif number == "dual":
        count = 2
    elif number == "singular":
        count = 1
    if head == "ago":
        anchor = lex.anchor_re.match(text, m.end("RELPER"))
        if anchor and not lex.from_now_re.match(text, m.end("RELPER")):
            return None  # "قبل يومين من الانتخابات": relative to another event
    out = {"kind": "relative_period", "unit": unit, "count": count, "direction": direction or "past"}
    if head == "since":
        out["qualifier"] = "since"
    elif head == "during":
        out["qualifier"] = "during"
    if count is None:
        out["approximate"] = True
    if direction == "future" or (head == "during" and direction is None and count is not None):
        out["direction"] = direction or "current"
    return out


def _h_defper(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    if not m.group("dth") and not m.group("dadj"):
        return None
    unit = lex.definite[m.group("du")]
    direction, qual = _rel(m, lex, "dadj")
    out = {"kind": "relative_period", "unit": unit, "count": 1,
           "direction": direction or "current"}
    if qual:
        out["qualifier"] = qual
    if m.group("dpm"):
        out["part_of_month"] = lex.parts_of_month[m.group("dpm")]
    return out


def _h_relday(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    rd = " ".join(m.group("rd").split())
    offset = lex.relative_days[rd]
    conf = 1.0
    if rd == "اليوم" and not m.group("rp") and not m.group("rw"):
        nxt = _NEXT_WORD_RE.match(text, m.end("RELDAY"))
        if nxt and (nxt.group(1) in lex.not_today_before or nxt.group(1) in lex.ordinals):
            return None
        prev = _prev_word(text, m.start("RELDAY"))
        if prev in ("في", "ذلك", "هذا"):
            conf = 0.6
        else:
            conf = 0.8
    out = {"kind": "relative_day", "offset_days": offset, "confidence": conf,
           "direction": "past" if offset < 0 else ("future" if offset > 0 else "current")}
    pod = _pod(lex, m.group("rp"))
    if pod:
        out["part_of_day"] = pod
    if rd == "الليله الماضيه":
        out["part_of_day"] = "night"
    if m.group("rw"):
        out["weekday"] = lex.weekdays[m.group("rw")]
    return out


def _h_weekday(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    w1 = m.group("w1")
    wd = lex.weekdays[w1]
    w2 = m.group("w2") or m.group("w2b")
    pod_word = m.group("wp")
    pod = _pod(lex, pod_word)
    direction, qual = _rel(m, lex, "wr")
    start = m.start("WEEKDAY")
    prev = _prev_word(text, start)
    if prev in lex.not_weekday_after:
        return None
    if w2 is not None and pod != "night" and m.group("w2b") is not None:
        # "الخميس الجمعة" without ليل: keep the first day only
        end = m.end("w1")
        w2 = None
        if m.group("wr") is not None:
            direction = qual = None
    else:
        end = m.end("WEEKDAY")
    if pod_word or direction:
        conf = 0.95
    elif _PUNCT_BEFORE_RE.search(text, max(0, start - 3), start) or _PUNCT_AFTER_RE.match(text, end):
        conf = 0.85
    elif text[max(0, start - 1) : start] in ("و", "ف") or lex.verb_hint_re.search(text, max(0, start - 30), start):
        conf = 0.75
    else:
        conf = 0.6
    if w1 in lex.ambiguous_weekdays and not pod_word and not direction:
        conf -= 0.15
        nxt = _NEXT_WORD_RE.match(text, end)
        if w1 == "الاحد" and nxt and nxt.group(1) in ("عشر", "من", "الذي", "منهم"):
            return None
    out = {"kind": "weekday", "weekday": wd, "confidence": round(conf, 2), "_end": end}
    if pod:
        out["part_of_day"] = pod
    if w2 is not None:
        out["weekday2"] = lex.weekdays[w2]
    if direction:
        out["direction"] = direction
        if qual:
            out["qualifier"] = qual
    return out


def _h_vague(m: re.Match, lex: _Lexicon, text: str) -> dict | None:
    v = " ".join(m.group("vg").split())
    conf = 0.4 if v == "اخيرا" else 0.6
    out = {"kind": "vague", "direction": "past", "approximate": True, "confidence": conf}
    if v.startswith("منذ"):
        out["qualifier"] = "since"
    return out


_HANDLERS = {
    "ABS": _h_abs,
    "NUM": _h_num,
    "HIJ": _h_hij,
    "DRANGE": _h_drange,
    "YRANGE": _h_yrange,
    "MONTH": _h_month,
    "YEAR": _h_year,
    "RELPER": _h_relper,
    "DEFPER": _h_defper,
    "RELDAY": _h_relday,
    "WEEKDAY": _h_weekday,
    "VAGUE": _h_vague,
}
