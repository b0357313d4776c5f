"""Recognition: everything the event stage needs, found with exact raw spans.

:class:`Resources` loads the lexicons, the actor registry and the gazetteer once (they
are read-only afterwards and shared by every document of a run). :func:`recognize`
turns one segmented document into :class:`~marsad.model.Mention` records of every
kind: actors, places and spatial phrases, dates, numbers, casualty phrases, means of
violence, event triggers and modality cues. Each mention's ``value`` keeps the
recogniser's structured record; ``sentence`` is the index of its sentence.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from operator import lt
from typing import Any, Callable, Iterable

from marsad.model import Mention, MentionKind, NormalizedText, evolve, mention_maker, record
from marsad.recognize.matcher import _NEND, _NSTART, Match, Matcher, WordIndex


@record
class ActorHit:
    """The structured value of an actor mention."""

    actor_id: str
    alias: str
    context_only: bool
    hedged: bool
    nstart: int
    nend: int


@record
class TriggerHit:
    """The structured value of a trigger mention."""

    trigger_id: str
    event_class: str
    form: str  # noun | past | present
    weak: bool
    needs_object: bool
    needs_armed_actor: bool
    future_prefix: bool  # a verb written with the future prefix س (سيشن)
    definite: bool  # a noun written with the article (الهجوم)
    nstart: int
    nend: int


@record
class CueHit:
    kind: str
    position: str
    nstart: int
    nend: int


@dataclass(frozen=True)
class Resources:
    """Read-only knowledge shared by every document of a run."""

    lexicon: Any  # marsad.extract.lexicon.Lexicon
    actors: Any  # marsad.recognize.actors.ActorRegistry
    gazetteer: Any
    places: Any  # marsad.recognize.places.PlaceRecognizer
    geocoder: Any  # marsad.geocode.resolve.Geocoder
    # every lexicon matcher (triggers, actor aliases, hedges, cues, place names) and the
    # word gates of the regex recognisers (dates, numbers, casualties, means, place
    # features): a document's words are looked up once
    index: WordIndex
    warnings: tuple[str, ...] = ()

    @staticmethod
    def load(data_dir: str | None = None) -> "Resources":
        return _load_resources(data_dir or os.environ.get("MARSAD_DATA") or "")


@lru_cache(maxsize=2)
def _load_resources(data_dir: str) -> Resources:
    from marsad.dates.parse import date_lexicon
    from marsad.extract.lexicon import load_lexicon
    from marsad.geocode.gazetteer import load_gazetteer
    from marsad.geocode.resolve import Geocoder
    from marsad.recognize.actors import load_registry
    from marsad.recognize.casualties import casualty_lexicon
    from marsad.recognize.means import means_lexicon
    from marsad.recognize.numbers import number_lexicon
    from marsad.recognize.places import PlaceRecognizer

    registry = load_registry()
    gazetteer = load_gazetteer(data_dir or None)
    warnings = []
    if getattr(gazetteer, "warning", ""):  # the shipped one is missing, or an old installed file is ignored
        warnings.append(gazetteer.warning)
    lexicon = load_lexicon()
    places = PlaceRecognizer(gazetteer)
    index = WordIndex(
        {
            "triggers": lexicon.triggers,
            "past": lexicon.verb_triggers.past,
            "present": lexicon.verb_triggers.present,
            "actors": Matcher([(a.alias, a) for a in registry.aliases()]),
            "hedges": Matcher([(h, h) for h in registry.hedges()], min_prefixed=2),
            "cues": lexicon.cues,
            "places": places.matcher,
        },
        [date_lexicon().gate, number_lexicon().seq_gate, casualty_lexicon().trigger_gate,
         means_lexicon().gate, places.feature_gate],
    )
    return Resources(
        lexicon=lexicon,
        actors=registry,
        gazetteer=gazetteer,
        places=places,
        geocoder=Geocoder(gazetteer),
        index=index,
        warnings=tuple(warnings),
    )


#: the bare word for "the regime" (an alias of the Syrian state's forces) and how a
#: regime is named with its nationality ("النظام الإيراني"), folded
_REGIME = "النظام"
_NAMED_REGIME = _REGIME + " "


def _actor_mentions(make: Callable[..., Mention], matches: list[Match], hedges: list[Match]) -> list[Mention]:
    """The actor mentions of the alias matches (in text order). A bare "النظام" names
    the regime the text last named with its nationality ("النظام الإيراني ... واجهها
    النظام بالقمع"), else the Syrian one (its alias)."""
    hedge_ends = {m.nend for m in hedges}
    out: list[Mention] = []
    named_strong: set[str] = set()
    for m in matches:
        for entry in m.payloads:
            if not entry.context_only:
                named_strong.add(entry.actor_id)
    named_regime: tuple[str, str] | None = None  # (actor id, alias) of the last regime named
    for m in matches:
        entries = [e for e in m.payloads if not e.context_only or e.actor_id in named_strong]
        if not entries:
            continue
        entries.sort(key=lambda e: -e.confidence)
        best = entries[0]
        actor_id, evidence, candidates = best.actor_id, f"actor-alias:{best.alias}", None
        if m.key.startswith(_NAMED_REGIME):
            named_regime = (actor_id, best.alias)
        elif m.key == _REGIME and named_regime is not None and named_regime[0] != actor_id:
            actor_id, candidates = named_regime[0], (named_regime[0], actor_id)
            evidence += f" (the regime named before it: {named_regime[1]})"
        # a hedge right before the alias ("يعتقد أنها روسية") lowers confidence
        hedged = any(0 <= m.wstart - end <= 1 for end in hedge_ends)
        conf = best.confidence * (0.6 if hedged else 1.0)
        out.append(make(MentionKind.ACTOR, m.nstart, m.nend, actor_id,
                        candidates or tuple(dict.fromkeys(e.actor_id for e in entries)),
                        ActorHit(actor_id, best.alias, best.context_only, hedged, m.nstart, m.nend),
                        evidence, conf))
    return out


_WORD_AT = re.compile(r"\s*([^\W_]+)")
_OR_AND = frozenset({"او", "و", "ام"})


def _derived_actor(make: Callable[..., Mention], actor_id: str, word, evidence: str, confidence: float,
                   hedged: bool = False) -> Mention:
    """An actor mention on the word that names it (``word``: a regex match of it)."""
    a, b = word.span(1)
    return make(MentionKind.ACTOR, a, b, actor_id, (actor_id,), ActorHit(actor_id, word.group(1), False, hedged, a, b),
                evidence, confidence)


def _post_words() -> frozenset[str]:
    """The post and unit words (data/extraction_words.yaml ``post_words``), folded."""
    from marsad.extract.lexicon import load_extraction_words

    return load_extraction_words().post_words


#: words between a post word and the adjective of its country: "مواقع عسكرية سورية"
_POST_QUALIFIERS = frozenset({"عسكريه", "العسكريه", "عسكري", "العسكري", "تابعه", "التابعه", "تابع", "التابع"})
_POST_CLITICS = ("وب", "ول", "و", "ب", "ل", "ف")


def _post_word(word: str, posts: frozenset[str]) -> bool:
    if word in posts:
        return True
    for c in _POST_CLITICS:
        if word.startswith(c) and word[len(c):] in posts:
            return True
    return False


def _derived_actor_mentions(res: Resources, norm: NormalizedText, make: Callable[..., Mention],
                            triggers: list[Mention], hedges: list[Match], named: set[int],
                            words=None) -> list[Mention]:
    """Actors the news names by an adjective rather than a name (not on a word where
    an alias is found already: ``named`` holds where those begin).

    - after an event noun: "القصف التركي", "غارة تركية", "الغارات الروسية" → the state
      forces of that country; "القصف الحوثي", "صواريخ حوثية" → the actor whose
      ``adjectives_ar`` it is;
    - after a hedge: "مقاتلات لا يعرف ما إذا كانت تركية أو عراقية", "يعتقد أنها
      روسية" → each one named, at lower confidence (the doubt is kept);
    - after a post or unit word ("مواقع عسكرية سورية", "قاعدة روسية"): the forces of
      that country, whose post it is (the extractor reads them as a target).
    """
    reg = res.actors
    text = norm.text
    out: list[Mention] = []

    def forces_at(pos: int):
        """The actor the adjective at ``pos`` names (:meth:`ActorRegistry.named_by_adjective`),
        its match and which kind of adjective it is."""
        m = _WORD_AT.match(text, pos)
        hit = reg.named_by_adjective(m.group(1)) if m is not None else None
        return (None, m, "") if hit is None else (hit[0], m, hit[1])

    for t in triggers:
        if t.value.form != "noun":
            continue
        forces, m, what = forces_at(t.value.nend)
        if forces is not None and m.start(1) not in named:
            out.append(_derived_actor(make, forces.id, m, f"{what} after event word: {t.text}", 0.9))
    if words is not None:
        posts = _post_words()
        ws, ends = words.words, words.ends
        for i, w in enumerate(ws):
            if not _post_word(w, posts):
                continue
            j = i + 1
            if j < len(ws) and ws[j] in _POST_QUALIFIERS:
                j += 1
            if j >= len(ws) or not text[ends[j - 1]:words.starts[j]].isspace():
                continue
            forces, m, what = forces_at(ends[j - 1])
            if forces is not None and what == "nationality adjective" and m.start(1) not in named:
                out.append(_derived_actor(make, forces.id, m, f"post of a country's forces: {w}", 0.9))
    for h in hedges:
        pos = h.nend
        for _ in range(4):  # "سورية أو روسية"
            forces, m, _ = forces_at(pos)
            if forces is None:
                break
            if m.start(1) not in named:
                out.append(_derived_actor(make, forces.id, m, f"hedged attribution: {h.key}", 0.5, hedged=True))
            nxt = _WORD_AT.match(text, m.end())
            if not nxt or nxt.group(1) not in _OR_AND:
                break
            pos = nxt.end()
    return out


def _demonym_mentions(res: Resources, norm: NormalizedText, make: Callable[..., Mention], numbers) -> list[Mention]:
    """Victims counted by nationality: "100 سوري", "مقتل 12 عراقيا" → Civilians (X)."""
    reg = res.actors
    out: list[Mention] = []
    for n in numbers:
        m = _WORD_AT.match(norm.text, n.nend)
        word = m.group(1) if m else ""
        if word.startswith("ال") and len(word) > 4:
            word = word[2:]  # "مئات العراقيين", "آلاف السوريين"
        country = reg.country_by_demonym(word) if word else None
        civ = reg.by_name(f"Civilians ({country.name})") if country else None
        if civ is not None:
            out.append(_derived_actor(make, civ.id, m,
                                      f"people counted by nationality: {n.text} {m.group(1)}", 0.7))
    return out


def _trigger_mentions(make: Callable[..., Mention], found: list[Match]) -> list[Mention]:

    def reading(m) -> int:
        # a word that is both a noun and a verb (قتل, خطف, قصف): without the article it
        # is read as the verb ("خطف مسلحون ..."), with it as the noun ("القصف")
        verb = m.payloads[0].form != "noun"
        return 0 if verb != m.prefix.endswith(("ال", "لل")) else 1

    # the longest first, then the leftmost, then the reading; each kept unless it
    # overlaps one kept before it (when none overlap, the common case, all are kept)
    found.sort(key=_NSTART)
    if any(map(lt, map(_NSTART, islice(found, 1, None)), map(_NEND, found))):
        found.sort(key=lambda m: (-(m.nend - m.nstart), m.nstart, reading(m)))
        # the kept spans (words: never empty) do not overlap, so sorted by start they
        # are sorted by end too, and only the last one that starts before m ends can
        # overlap m (any() over every kept span was quadratic in a long document)
        starts: list[int] = []
        ends: list[int] = []
        kept = []
        for m in found:
            i = bisect_left(starts, m.nend)
            if i and ends[i - 1] > m.nstart:
                continue
            starts.insert(i, m.nstart)
            ends.insert(i, m.nend)
            kept.append(m)
        found = kept
    out: list[Mention] = []
    for m in found:
        te = m.payloads[0]
        future = te.form != "noun" and "س" in m.prefix
        # written with the article: "الهجوم", "بالهجوم", or an entry that has it (للتنظيم)
        definite = te.form == "noun" and (m.prefix.endswith("ال") or m.key.startswith("ال"))
        out.append(make(MentionKind.TRIGGER, m.nstart, m.nend, te.trigger_id, (),
                        TriggerHit(te.trigger_id, te.event_class, te.form, te.weak, te.needs_object,
                                   te.needs_armed_actor, future, definite, m.nstart, m.nend),
                        f"trigger:{te.trigger_id}:{te.written}", 1.0))
    return out


def _cue_mentions(make: Callable[..., Mention], matches: list[Match]) -> list[Mention]:
    """A CUE mention for each kind and position of cue a match holds (the matches do
    not overlap: two never share a span)."""
    out: list[Mention] = []
    for a, b, _, cues, *_ in matches:
        seen: set[tuple[str, str]] | None = set() if len(cues) > 1 else None
        for cue in cues:
            if seen is not None:
                if (cue.kind, cue.position) in seen:
                    continue
                seen.add((cue.kind, cue.position))
            out.append(make(MentionKind.CUE, a, b, cue.kind, (), CueHit(cue.kind, cue.position, a, b),
                            f"cue:{cue.kind}:{cue.written}", 1.0))
    return out


def _records(make: Callable[..., Mention], kind: MentionKind, records: Iterable[Any], ref: str = "",
             evidence: str = "") -> list[Mention]:
    """A mention of each record of a recogniser (a date, number, casualty or means
    record: its ``span`` is the raw image of its normalised ``[nstart, nend)``, which
    the mention maker computes again); ``ref``: the field naming what it refers to."""
    evidence = evidence or kind.value
    if not ref:
        return [make(kind, r.nstart, r.nend, None, (), r, evidence, 1.0) for r in records]
    return [make(kind, r.nstart, r.nend, str(getattr(r, ref, "")), (), r, evidence, 1.0) for r in records]


def recognize(analysis, res: Resources, *, only_if_triggers: bool = False) -> tuple[Mention, ...]:
    """Every mention of a segmented document, in text order.

    With ``only_if_triggers`` (what extraction needs), a document without any event
    trigger gets no other mentions: it cannot yield an event, and skipping the other
    recognisers makes a run over a general news corpus several times faster.
    """
    from marsad.dates import find_dates
    from marsad.recognize.casualties import find_casualties
    from marsad.recognize.means import find_means
    from marsad.recognize.numbers import find_numbers

    norm: NormalizedText = analysis.norm
    raw = analysis.doc.raw_text
    starts = [s.nstart for s in analysis.sentences]
    # every matcher in one pass over the words; with only_if_triggers the triggers
    # first, and the others only in the windows extraction reads
    if only_if_triggers:
        words = res.index.words(norm.text)
        found = res.index.find(words, _TRIGGER_MATCHERS)
    else:
        words, found = res.index.scan(norm.text)
    # the actor, trigger and cue mentions are made by one maker (the blanked text below
    # keeps the offsets)
    make = mention_maker(norm, raw, starts)
    triggers = _trigger_mentions(make, found["triggers"] + found["past"] + found["present"])
    windows = [(0, len(norm.text))]
    if only_if_triggers:
        if not triggers:
            return ()
        keep = _window_sentences({t.sentence for t in triggers})
        windows = _merge_ranges([(s.nstart, s.nend) for s in analysis.sentences if s.index in keep])
        norm = _blank_outside(norm, windows)
        words = words.within(norm.text, windows)
        found = res.index.find(words, _OTHER_MATCHERS)
    mentions: list[Mention] = list(triggers)
    actors = _actor_mentions(make, found["actors"], found["hedges"])
    mentions += actors
    mentions += _derived_actor_mentions(res, norm, make, triggers, found["hedges"], {a.value.nstart for a in actors},
                                        words)
    mentions += res.places.find(norm, raw, matches=found["places"], words=words, sentence_starts=starts)
    dates, numbers, casualties, means = [], [], [], []
    for a, b in windows:
        # the regex recognisers run on each window (offsets shifted back)
        sub = _slice(norm, a, b)
        sub_words = words if sub is norm else words.slice(a, b, sub.text)
        nums = find_numbers(sub, raw, sub_words)
        numbers += _shift(nums, a)
        dates += _shift(find_dates(sub, raw, sub_words), a)
        casualties += _shift(find_casualties(sub, nums, raw, sub_words), a)
        means += _shift(find_means(sub, raw, sub_words), a)
    mentions += _records(make, MentionKind.DATE, dates, "kind", "date")
    # a number inside a date ("5 أيار", "عام 2009", "منذ 9 سنوات") counts no one; the
    # casualty phrases above have read them already
    numbers = _outside(numbers, dates)
    mentions += _records(make, MentionKind.NUMBER, numbers, "value", "number")
    mentions += _demonym_mentions(res, norm, make, numbers)
    mentions += _records(make, MentionKind.CASUALTY, casualties, "kind", "casualty")
    mentions += _records(make, MentionKind.MEANS, means, "means", "means")
    mentions += _cue_mentions(make, found["cues"])
    mentions.sort(key=_mention_order)
    return tuple(mentions)


def _outside(records: list, spans: list) -> list:
    """The records (with ``nstart``/``nend``) that lie inside none of ``spans`` (records
    in text order, not overlapping one another)."""
    if not spans:
        return records
    ends = [d.nend for d in spans]
    out = []
    for r in records:
        k = bisect_left(ends, r.nend)  # the first span that ends at or after it
        if k < len(spans) and spans[k].nstart <= r.nstart:
            continue
        out.append(r)
    return out


def _mention_order(m: Mention) -> tuple[int, int, str]:
    """Text order; the longer first where two start together; then by kind (a
    MentionKind is a str: it compares as its value)."""
    return (m.span.start, -m.span.end, m.kind)


_TRIGGER_MATCHERS = ("triggers", "past", "present")
_OTHER_MATCHERS = ("actors", "hedges", "cues", "places")


def _window_sentences(trigger_sentences: set[int]) -> set[int]:
    """The sentences extraction reads: those with triggers, the sentence before each
    (context for implicit places and actors) and the lead."""
    keep = {0}
    for i in trigger_sentences:
        keep.add(i)
        keep.add(i - 1)
    return keep


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _blank_outside(norm: NormalizedText, windows: list[tuple[int, int]]) -> NormalizedText:
    """The normalised text with everything outside ``windows`` replaced by spaces (same
    length, same offsets), so matchers see only the sentences extraction reads."""
    parts: list[str] = []
    pos = 0
    text = norm.text
    for a, b in windows:
        parts.append(" " * (a - pos))
        parts.append(text[a:b])
        pos = b
    parts.append(" " * (len(text) - pos))
    return NormalizedText("".join(parts), norm.starts, norm.ends, norm.raw_length)


def _slice(norm: NormalizedText, a: int, b: int) -> NormalizedText:
    """``norm.text[a:b]`` as a NormalizedText whose map still points into the whole raw
    text (so spans stay exact); offsets inside it are relative to ``a``."""
    if a == 0 and b == len(norm.text):
        return norm
    return NormalizedText(norm.text[a:b], norm.starts[a:b], norm.ends[a:b], norm.raw_length)


def _shift(records: list, offset: int) -> list:
    """The records of a window with their offsets in the whole text (and the number a
    casualty record counts with, when it has one)."""
    if not offset:
        return records
    out = []
    for r in records:
        number = getattr(r, "number", None)
        if number is not None:
            r = evolve(r, number=evolve(number, nstart=number.nstart + offset, nend=number.nend + offset))
        out.append(evolve(r, nstart=r.nstart + offset, nend=r.nend + offset))
    return out


@dataclass(frozen=True)
class RecognizeStage:
    """Adds ``mentions``. ``only_if_triggers``: skip documents with no event trigger."""

    resources: Resources
    only_if_triggers: bool = False
    name: str = "recognize"
    needs: frozenset = frozenset({"norm", "sentences"})
    adds: frozenset = frozenset({"mentions"})

    def __call__(self, analysis):
        return analysis.with_layers(
            mentions=recognize(analysis, self.resources, only_if_triggers=self.only_if_triggers)
        )
