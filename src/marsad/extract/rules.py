"""The rule-based extractor: from a document's mentions to ACLED-coded events.

For each sentence with event triggers:

1. triggers that sit inside an actor or place name are dropped (تحرير in هيئة تحرير
   الشام); a "kill" trigger is absorbed by another violent trigger of the sentence
   (مقتل 5 مدنيين بقصف → one shelling event), a weapons seizure by an attack on the
   same post;
2. each trigger gets its modality from cues in its clause (:mod:`.modality`), then the
   triggers of one event type are grouped into one candidate;
3. arguments come from the sentence around the trigger — actors by their position and
   the words around them (agent after a verb or before a noun trigger, target after
   على/ضد/استهدف or a post word, both sides after بين), places (the geocoder resolves
   them, precision per ACLED), the nearest date expression (resolved against the
   publication date), the killed count — and from the preceding context when the text
   leaves them implicit;
4. a list of places struck gives one event per place (fatalities shared out);
5. a candidate that refers back (هذا الهجوم, بين الطرفين) or that has neither actor nor
   place merges into the previous event of the same type; repeated reports of one
   event in an article merge, keeping every evidence span.

Every field's provenance names the spans and the rule that decided it.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from marsad.extract.lexicon import load_extraction_words
from marsad.extract.modality import decide_modality
from marsad.extract.typing import VIOLENT_CLASSES, Typing, classify, main_class
from marsad.model import Event, FieldEvidence, Mention, MentionKind, Modality, NormalizedText, Sentence, Span
from marsad.segment import token_offsets

# the word lists the rules compare tokens with (data/extraction_words.yaml says what each
# is for)
_WORDS = load_extraction_words()
TARGET_CUES = _WORDS.target_cues
POST_WORDS = _WORDS.post_words
SOURCE_AFTER = _WORDS.source_after
SOURCE_BEFORE = _WORDS.source_before
THAT_WORDS = _WORDS.that_words
CLAUSE_START_VERBS = _WORDS.clause_start_verbs
ACCIDENT_WORDS = _WORDS.accident_words
AIRCRAFT = _WORDS.aircraft
CONTINUATION = _WORDS.continuation
VICTIM_COUNTED = _WORDS.victim_counted
VICTIM_PLURALS = _WORDS.victim_plurals
CONTROL_WORDS = _WORDS.control_words
MEMBER_WORDS = _WORDS.member_words
PLUPERFECT = _WORDS.pluperfect
CLASH_CUES = _WORDS.clash_cues
ANAPHORA_BEFORE = _WORDS.anaphora_before
ANAPHORA_AFTER = _WORDS.anaphora_after
AGENT_CUES = _WORDS.agent_cues
LIGHT_VERBS = _WORDS.light_verbs
SPEAKER_VERBS = _WORDS.speaker_verbs
MEMBER_NOUNS = _WORDS.member_nouns
LAM_COMPLEMENT_VERBS = _WORDS.lam_complement_verbs
CONTENT_VERBS = _WORDS.content_verbs
PURPOSE_NOUNS = _WORDS.purpose_nouns
WEAPONS_WORDS = _WORDS.weapons_words
PERSON_NOUNS = _WORDS.person_nouns
OWN_MEMBERS = _WORDS.own_members
NO_OBJECT_WORDS = _WORDS.no_object_words
TIME_WORDS = _WORDS.time_words
PASSIVE_CASUALTY_VERBS = _WORDS.passive_casualty_verbs
# tags that keep an event out of the default output (extract/__init__.py reads them)
TAG_BACKGROUND = "background:"
TAG_DATE_ERROR = "date error:"
CLAUSE_BREAKS = frozenset(",;:()[]")
_BREAK_RE = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAKS))) + "]")
# what ends a list of places (a comma does not: "X، Y وZ")
_LIST_STOPS = frozenset(".;:()[]\n")
_WORD_RE = re.compile(r"[^\W_]+")
# the endings of a relative adjective (nisba) on a noun, folded: صاروخي, صاروخيه, صاروخيا ...
_NISBA_ENDINGS = frozenset({"ي", "يه", "يا", "يين", "يون", "يان"})
# how far after a seizure trigger the weapons seized are named (the subject may stand between)
_SEIZED_REACH = 8


def _add_means(cand: "Candidate", means: list[Mention]) -> None:
    """``cand.means_mentions.extend(m for m in means if m not in cand.means_mentions)``,
    each mention compared only with those of the same kind and span."""
    for m in means:
        same = cand.means_keys.setdefault((m.kind, m.span.start, m.span.end), [])
        if m not in same:
            same.append(m)
            cand.means_mentions.append(m)


def _inside(span, starts: list[int], reach: list[int]) -> bool:
    """Whether ``span`` lies inside one of the spans whose sorted starts are ``starts``
    (``reach[i]``: the furthest end of the first i + 1 of them)."""
    i = bisect_right(starts, span.start)
    return i > 0 and reach[i - 1] >= span.end


@dataclass
class _Sent:
    """Per-sentence view: mentions by kind, and token offsets (computed when first
    needed: only sentences with triggers are read word by word)."""

    sentence: Sentence
    norm: NormalizedText
    by_kind: dict[MentionKind, list[Mention]] = field(default_factory=dict)
    _tokens: tuple[list[int], list[str]] | None = None
    _free: list[Mention] | None = None
    _means_at: tuple | None = None  # (the means list, their word indexes, ascending?)
    _first_break: int | None = None  # -1: none

    def of(self, kind: MentionKind) -> list[Mention]:
        return self.by_kind.get(kind, [])

    def _tokenized(self) -> tuple[list[int], list[str]]:
        if self._tokens is None:
            self._tokens = token_offsets(self.norm, self.sentence.nstart, self.sentence.nend)
        return self._tokens

    @property
    def tok_starts(self) -> list[int]:
        return self._tokenized()[0]

    @property
    def tok_norms(self) -> list[str]:
        return self._tokenized()[1]

    def tok_index(self, nstart: int) -> int:
        return max(0, bisect_right(self.tok_starts, nstart) - 1)

    def free_places(self) -> list[Mention]:
        """The sentence's place phrases then places, less those inside an actor's name
        ("سوريا" in "قوات سوريا الديمقراطية"). Computed once per sentence; a place is
        inside an actor's span when, of the actors that start at or before it, the one
        that ends last ends at or after it (linear, however long the sentence)."""
        if self._free is None:
            spans = sorted((m.span.start, m.span.end) for m in self.of(MentionKind.ACTOR))
            starts = [a for a, _ in spans]
            reach = list(accumulate((b for _, b in spans), max))  # the furthest end so far
            self._free = [p for p in self.of(MentionKind.PLACE_PHRASE) + self.of(MentionKind.PLACE)
                          if not _inside(p.span, starts, reach)]
        return list(self._free)

    def first_break(self) -> int | None:
        """The offset of the sentence's first clause break (, ; : ( ) [ ]), if any."""
        if self._first_break is None:
            m = _BREAK_RE.search(self.norm.text, self.sentence.nstart, self.sentence.nend)
            self._first_break = m.start() if m else -1
        return None if self._first_break < 0 else self._first_break


@dataclass
class Candidate:
    """An event being built (mutable while it is assembled; frozen into an Event)."""

    sent: int
    anchor: Mention
    triggers: list[Mention]
    classes: set[str]
    modality: Modality
    modality_rule: str
    typing: Typing | None = None
    agent: Mention | None = None
    agent_actor: Any = None
    agent_rule: str = ""
    target: Mention | None = None
    target_actor: Any = None
    target_rule: str = ""
    assoc1: list[Any] = field(default_factory=list)
    place_rule: str = ""
    location: Any = None
    date_mention: Mention | None = None
    resolved_date: Any = None
    killed: Mention | None = None
    fatalities: int = 0
    fatalities_rule: str = "no deaths reported"
    fatalities_conf: float = 1.0
    means: set[str] = field(default_factory=set)
    means_mentions: list[Mention] = field(default_factory=list)
    #: means_mentions by (kind, span): an equal mention has the same, so a new one is
    #: compared with these few only (``m not in means_mentions`` was quadratic)
    means_keys: dict = field(default_factory=dict, repr=False, compare=False)
    means_rule: str = ""
    civilian_victims: bool = False
    anaphoric: bool = False
    own_place: bool = False  # a place is named in the trigger's sentence
    sentence_actors: list[Mention] = field(default_factory=list)
    doc_actors: tuple[Mention, ...] = ()  # the document's actors, most named first
    evidence_spans: list[Span] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    confidence: float = 0.8


class RuleExtractor:
    """Deterministic, explainable extraction from recognised mentions."""

    name = "rules"

    def __init__(self, resources) -> None:
        self.res = resources
        self.registry = resources.actors

    # ------------------------------------------------------------------ entry point
    def extract(self, analysis) -> tuple[Event, ...]:
        mentions = analysis.mentions or ()
        if not any(m.kind is MentionKind.TRIGGER for m in mentions):
            return ()
        geo_ctx = self._geo_context(analysis)
        analysis = self._disambiguate_actors(analysis, geo_ctx.focus_country)
        sents = self._sentences(analysis)
        candidates: list[Candidate] = []
        for si, view in enumerate(sents):
            if not view.of(MentionKind.TRIGGER):
                continue
            for cand in self._sentence_candidates(analysis, sents, si):
                candidates.append(cand)
        doc_actors = _by_frequency([m for m in mentions if m.kind is MentionKind.ACTOR])
        doc_means = {m for c in candidates for m in c.means if m in _DISTINCT_MEANS}
        for cand in candidates:
            cand.doc_actors = doc_actors
            if len(doc_means) == 1 and cand.classes <= _REFERENCE_CLASSES and not cand.means:
                # "الهجوم على دوما" in an article about a chemical attack: its means
                cand.means = set(doc_means)
                cand.means_rule = "means named elsewhere in the article"
        candidates = self._merge_anaphora(candidates)
        pairs: list[tuple[Event, Candidate]] = []
        coarse = self._names_no_town(analysis)
        for cand in candidates:
            for ev in self._finish(analysis, sents, cand, geo_ctx, coarse):
                pairs.append((ev, cand))
        pairs = self._decide(analysis, sents, pairs)
        return tuple(self._merge_repeats(pairs))

    def _decide(self, analysis, sents: list[_Sent], pairs: list[tuple[Event, "Candidate"]]):
        """The last word on each event before repeats merge: the rules' own (their
        modality stands). A learned extractor (:mod:`marsad.extract.learned`) decides
        here instead."""
        return pairs

    def _disambiguate_actors(self, analysis, country: str):
        """An alias that names several actors (التحالف: the US-led or the Saudi-led
        coalition) names the one of the article's country."""
        changed = False
        mentions = []
        for m in analysis.mentions:
            if m.kind is MentionKind.ACTOR and len(m.candidates) > 1:
                local = [c for c in m.candidates
                         if country == self.registry.get(c).country or country in self.registry.get(c).theatres]
                if local and local[0] != m.ref:
                    m = replace(m, ref=local[0], evidence=f"{m.evidence} (the {country} one)")
                    changed = True
            mentions.append(m)
        return analysis.with_layers(mentions=tuple(mentions)) if changed else analysis

    def _geo_context(self, analysis):
        """The document's geographic focus: the places of its text, the countries of
        the armed groups it names, and the places of its title counted twice (the title
        names what the article is about)."""
        geocoder = self.res.geocoder
        places = [m for m in analysis.mentions if m.kind in (MentionKind.PLACE, MentionKind.PLACE_PHRASE)]
        ctx = geocoder.context(places)
        # non-state armed groups fight where they are based, so they say which country
        # the article is about (الحوثيون → Yemen); governments and state forces do not
        # (a Turkish ministry condemning a strike in Douma), nor generic actors
        for m in analysis.mentions:
            if m.kind is MentionKind.ACTOR:
                actor = self._actor(m)
                if actor.country and actor.inter in (2, 3, 4) and actor.family not in _COUNTRY_FAMILIES:
                    ctx.countries[actor.country] += 1
        title = analysis.doc.title
        if not title:
            return ctx
        from marsad.normalize import normalize

        title_ctx = geocoder.context(self.res.places.find(normalize(title), title))
        for _ in range(2):
            ctx.admin1.update(title_ctx.admin1)
            ctx.towns.update(title_ctx.towns)
            ctx.countries.update(title_ctx.countries)
        return replace(ctx, points=ctx.points + title_ctx.points)

    # ------------------------------------------------------------------ sentence views
    def _sentences(self, analysis) -> list[_Sent]:
        """A view per sentence, with its mentions by kind."""
        norm = analysis.norm
        views = [_Sent(s, norm) for s in analysis.sentences]
        for m in analysis.mentions:
            if 0 <= m.sentence < len(views):
                views[m.sentence].by_kind.setdefault(m.kind, []).append(m)
        return views

    @staticmethod
    def _n(m: Mention) -> tuple[int, int]:
        v = m.value
        if hasattr(v, "nstart"):
            return v.nstart, v.nend
        return -1, -1

    def _nspan(self, analysis, m: Mention) -> tuple[int, int]:
        a, b = self._n(m)
        if a >= 0:
            return a, b
        return analysis.norm.from_raw(m.span)

    # ------------------------------------------------------------------ candidates
    def _sentence_candidates(self, analysis, sents: list[_Sent], si: int) -> list[Candidate]:
        view = sents[si]
        blockers = [self._nspan(analysis, m) for m in view.of(MentionKind.ACTOR) + view.of(MentionKind.PLACE)]
        triggers = []
        for t in view.of(MentionKind.TRIGGER):
            a, b = t.value.nstart, t.value.nend
            if any(x <= a and b <= y and (y - x) > (b - a) for x, y in blockers):
                continue  # inside a name
            if self._nisba(analysis.norm.text, t):
                continue  # "النظام الصاروخي", "البرنامج الصاروخي": an adjective, not a strike
            triggers.append(t)
        if not triggers:
            return []
        armed = any(self._actor(m).kind in _ARMED_KINDS for m in view.of(MentionKind.ACTOR))
        triggers = [t for t in triggers if not t.value.needs_armed_actor or armed]
        classes = {t.value.event_class for t in triggers}
        strong_violence = classes & (VIOLENT_CLASSES - {"kill"})
        battle = classes & {"attack", "clash"}
        remote = classes & _REMOTE_CLASSES
        # the weapons a seizure names are what was seized ("صادرت صواريخ"), not strikes
        seized = [(view.tok_index(t.value.nend - 1) if t.value.nend > t.value.nstart else view.tok_index(t.value.nstart))
                  for t in triggers if t.value.event_class == "seize_weapons" and self._object_is_weapons(view, t)]
        kept = []
        for t in triggers:
            c = t.value.event_class
            if c == "kill" and strong_violence:
                continue
            if (seized and c in _REMOTE_CLASSES and t.value.form == "noun"
                    and any(0 < view.tok_index(t.value.nstart) - e <= _SEIZED_REACH for e in seized)):
                continue
            if remote and c in _ABSORBED_BY_REMOTE:
                continue  # "استهدفت الضربات ... ما أدى إلى تدمير": one remote-violence event
            if c == "seize_weapons" and battle:
                continue
            if c == "capture" and t.value.needs_object and not self._object_is_place(analysis, view, t):
                continue  # "استولوا على مستودع": things, not territory (seize_weapons covers it)
            if c == "seize_weapons" and t.value.needs_object and not self._object_is_weapons(view, t):
                continue  # "ضبط النفس", "اغتنام الفرصة", "مصادرة الأراضي": no weapons seized
            if "intercept" in classes and c in _INTERCEPTED and t.value.form == "noun":
                continue  # "فككت عبوة ناسفة", "أسقطت طائرة مسيرة": the weapon stopped
            kept.append(t)
        if not kept:
            return []
        # modality per trigger, then group by event type
        groups: dict[str, Candidate] = {}
        means_all = view.of(MentionKind.MEANS)
        civilian_victims = self._civilian_victims(view)
        decided: list[tuple[Mention, Modality, str]] = []
        for t in kept:
            modality, rule = decide_modality(analysis, view, t, self.res.lexicon)
            if modality.emitted_by_default:
                modality, rule = self._purpose_or_count(analysis, view, t, modality, rule)
            host = self._provided_for(view, t, decided)
            if host is not None:
                # "اتفاق يقضي بخروج المسلحين": the exit is what the agreement provides for
                modality, rule = host[1], f"what {host[0].text} provides for ({host[2]})"
            head = self._head_noun(view, t)
            if head is not None and modality.emitted_by_default:
                # "الهجوم الانتحاري": an adjective of the trigger before it shares its modality
                hm, hr = decide_modality(analysis, view, head, self.res.lexicon)
                if not hm.emitted_by_default:
                    modality, rule = hm, f"describes {head.text} ({hr})"
            decided.append((t, modality, rule))
            means = self._means_near(view, t, means_all)
            ty = classify({t.value.event_class}, {m.value.means for m in means},
                          agent_kind=None, target_kind=None,
                          civilian_victims=civilian_victims, killed=False)
            key = ty.event_type
            if classes & {"protest", "protest_repression"} and t.value.event_class in (
                    "kill", "attack", "execution", "riot", "looting"):
                key = "Protests"  # protesters shot, or rioting: part of the protest event
            cand = groups.get(key)
            if cand is None:
                cand = Candidate(si, t, [t], {t.value.event_class}, modality, rule)
                groups[key] = cand
            else:
                cand.triggers.append(t)
                cand.classes.add(t.value.event_class)
                # an event is real when one of its triggers is told as real
                # ("معارك ... في محاولة لاقتحامها": the clashes happened)
                if _severity(modality) < _severity(cand.modality):
                    cand.modality, cand.modality_rule = modality, rule
            _add_means(cand, means)
        words = view.tok_norms
        # soldiers named as persons ("قتل جندي فرنسي في تحطم مروحية") are no armed doer
        armed_doer = any(self._actor(m).kind in _ARMED_KINDS
                         and view.tok_norms[view.tok_index(self._nspan(analysis, m)[0])] not in PERSON_NOUNS
                         for m in view.of(MentionKind.ACTOR))
        accident = not armed_doer and (
            any(w in ACCIDENT_WORDS for w in words)
            or any(a == "سقوط" and b in AIRCRAFT for a, b in zip(words, words[1:]))  # سقوط طائرة
        )
        own_place = bool(view.free_places())
        out: list[Candidate] = []
        for cand in groups.values():
            if accident and cand.modality.emitted_by_default:
                cand.modality, cand.modality_rule = Modality.GENERIC, "an accident, not political violence"
            cand.means = {m.value.means for m in cand.means_mentions}
            cand.sentences.add(si)
            cand.evidence_spans.append(view.sentence.span)
            # weak triggers alone need support
            if all(t.value.weak for t in cand.triggers) and not (view.of(MentionKind.ACTOR) and view.of(MentionKind.PLACE_PHRASE) + view.of(MentionKind.PLACE)):
                continue
            self._assign_actors(analysis, sents, si, cand)
            self._choose_date(analysis, view, cand, sents[si - 1] if si > 0 else None)
            self._choose_fatalities(analysis, view, cand)
            cand.own_place = own_place
            cand.anaphoric = self._is_anaphoric(view, cand) or (
                # "قبيل الهجوم": a definite noun with no place or date of its own
                all(t.value.definite for t in cand.triggers)
                and not cand.own_place
                and not view.of(MentionKind.DATE)
            )
            out.append(cand)
        self._one_toll_per_sentence(out)
        return out

    @staticmethod
    def _nisba(text: str, t: Mention) -> bool:
        """A noun trigger written as its relative adjective (صاروخ → الصاروخي,
        الصاروخية): it describes another noun ("النظام الصاروخي", "الترسانة
        الصاروخية"); when that noun is an event ("هجوم صاروخي") the noun is the trigger."""
        if t.value.form != "noun":
            return False
        rest = _WORD_RE.match(text, t.value.nend)
        return rest is not None and rest.start() == t.value.nend and rest.group() in _NISBA_ENDINGS

    @staticmethod
    def _one_toll_per_sentence(cands: list[Candidate]) -> None:
        """A death toll told once counts once: when one sentence gives several events,
        the killed count goes to the event whose trigger is nearest to it."""
        by_toll: dict[int, list[Candidate]] = {}
        for c in cands:
            if c.killed is not None:
                by_toll.setdefault(id(c.killed), []).append(c)
        for group in by_toll.values():
            if len(group) < 2:
                continue
            pos = group[0].killed.value.nstart
            keep = min(group, key=lambda c: min(abs(t.value.nstart - pos) for t in c.triggers))
            for c in group:
                if c is not keep:
                    c.killed, c.fatalities = None, 0
                    c.fatalities_rule = "the sentence's toll went to its nearest event"

    def _purpose_or_count(self, analysis, view: _Sent, t: Mention, modality: Modality, rule: str):
        """Readings that make a trigger not an event of its own:

        - the pluperfect with no date ("كان قد فجر نفسه"): background;
        - the lam of purpose on a capture word ("لاستعادة السيطرة", "لاقتحامها"): an aim;
        - a count of 100 or more right before the trigger ("29 ألفا و358 ضربة"): a tally.
        """
        text = analysis.norm.text
        a = t.value.nstart
        ti = view.tok_index(a)
        before = view.tok_norms[max(0, ti - 4):ti]
        word = view.tok_norms[ti] if ti < len(view.tok_norms) else ""
        if (t.value.form == "noun" and word.endswith(("اته", "اتها", "اتهم")) and not view.of(MentionKind.DATE)):
            return Modality.GENERIC, f"its attacks/strikes with no date: a pattern, not an event ({t.text})"
        if "قد" in before and any(w in PLUPERFECT for w in before) and not view.of(MentionKind.DATE):
            return Modality.GENERIC, f"pluperfect with no date (background): {t.text}"
        if t.value.event_class in _PURPOSE_CLASSES or t.value.trigger_id == "attack" and text[a:a + 5] == "اقتحا":
            ti = view.tok_index(a)
            word = view.tok_norms[ti] if ti < len(view.tok_norms) else ""
            if word.startswith(("ل", "ول", "فل")) and not text[a:a + 1] == "ل" and word != text[a:t.value.nend]:
                return Modality.FUTURE, f"purpose (ل + masdar): {t.text}"
        purpose = self._purpose_before(view.tok_norms[max(0, ti - 3):ti])
        if purpose:
            return Modality.FUTURE, f"purpose ({purpose}): {t.text}"
        if t.value.event_class in _PURPOSE_CLASSES and _PERCENT_RE.search(text, t.value.nend, t.value.nend + 40):
            return Modality.GENERIC, f"a share of territory, not one place: {t.text}"
        for m in view.of(MentionKind.NUMBER):
            v = m.value
            if v.nend <= a and a - v.nend <= 2 and isinstance(v.value, int) and v.value >= 100 \
                    and not view.of(MentionKind.DATE):
                # (with a day named, "260 صاروخا مساء الأحد" is one bombardment)
                return Modality.GENERIC, f"a tally, not one event: {m.text} {t.text}"
        return modality, rule

    @staticmethod
    def _provided_for(view: _Sent, t: Mention, decided: list[tuple[Mention, Modality, str]]):
        """The earlier trigger of the sentence whose content ``t`` is ("اتفاق يفضي إلى
        تسلم": a verb of ``content_verbs`` within the three words before ``t``)."""
        if not decided:
            return None
        ti = view.tok_index(t.value.nstart)
        if not any(w.lstrip("و") in CONTENT_VERBS or w in CONTENT_VERBS for w in view.tok_norms[max(0, ti - 3):ti]):
            return None
        earlier = [d for d in decided if d[0].value.nend <= t.value.nstart]
        return max(earlier, key=lambda d: d[0].value.nstart) if earlier else None

    @staticmethod
    def _head_noun(view: _Sent, t: Mention) -> Mention | None:
        """The noun trigger right before ``t`` when ``t`` is a noun that follows it
        word for word (its adjective: "الهجوم الانتحاري", "غارة جوية")."""
        if t.value.form != "noun":
            return None
        ti = view.tok_index(t.value.nstart)
        for prev in view.of(MentionKind.TRIGGER):
            if (prev is not t and prev.value.form == "noun" and prev.value.nend <= t.value.nstart
                    and view.tok_index(max(prev.value.nstart, prev.value.nend - 1)) == ti - 1):
                return prev
        return None

    @staticmethod
    def _purpose_before(before: list[str]) -> str:
        """The words of an aim just before a trigger ("للتوصل إلى اتفاق", "لشن هجوم",
        "بهدف تنفيذ هجوم"): the lam of purpose or بهدف on a verbal noun of
        ``purpose_nouns``, إلى allowed between it and the trigger; else ""."""
        words = before[:-1] if before and before[-1] in ("الي", "لي") else before
        if not words:
            return ""
        w = words[-1]
        if len(words) >= 2 and words[-2] in LAM_COMPLEMENT_VERBS:
            return ""  # "تعرضت لإطلاق صاروخ": the lam of the verb's complement
        for lam in ("ل", "لل", "ول", "ولل", "فل"):
            if w.startswith(lam) and w[len(lam):] in PURPOSE_NOUNS:
                return f"{w} + trigger"
        if len(words) >= 2 and words[-2] in ("بهدف", "وبهدف", "لاجل", "اجل") and w.removeprefix("ال") in PURPOSE_NOUNS:
            return f"{words[-2]} {w} + trigger"
        return ""

    def _object_is_place(self, analysis, view: _Sent, t: Mention) -> bool:
        end = t.value.nend
        ti = view.tok_index(end)
        for m in view.of(MentionKind.PLACE) + view.of(MentionKind.PLACE_PHRASE):
            a, _ = self._nspan(analysis, m)
            # "سيطر تنظيم داعش على قرية الصالحية": the subject may stand in between
            if a >= end and view.tok_index(a) - ti <= 7 and "علي" in view.tok_norms[ti:view.tok_index(a) + 1]:
                return True
            if a >= end and view.tok_index(a) - ti <= 3:
                return True
        return False

    def _object_is_weapons(self, view: _Sent, t: Mention, reach: int = _SEIZED_REACH) -> bool:
        """Weapons are named in the trigger or within ``reach`` words after it, the subject between ("ضبط
        كميات كبيرة من الأسلحة", "صادروا ذخائر")."""
        ti = view.tok_index(t.value.nstart)
        te = view.tok_index(max(t.value.nstart, t.value.nend - 1))
        return any(_bare(w) in WEAPONS_WORDS for w in view.tok_norms[ti:te + 1 + reach])

    def _means_near(self, view: _Sent, t: Mention, means: list[Mention]) -> list[Mention]:
        """The means within 8 words of the trigger, in their order. Their word indexes
        are found once per sentence; as they ascend (means in text order), the ones
        near are a slice, found by bisection (a loop over every means for every
        trigger was quadratic in a long sentence)."""
        ti = view.tok_index(t.value.nstart)
        if view._means_at is None or view._means_at[0] is not means:
            at = [view.tok_index(m.value.nstart) for m in means]
            view._means_at = (means, at, all(a <= b for a, b in zip(at, at[1:])))
        _, at, ascending = view._means_at
        if ascending:
            return means[bisect_left(at, ti - 8):bisect_right(at, ti + 8)]
        return [m for m, mi in zip(means, at) if abs(mi - ti) <= 8]

    def _civilian_victims(self, view: _Sent) -> bool:
        for c in view.of(MentionKind.CASUALTY):
            if c.value.kind == "killed" and getattr(c.value, "group", None) in ("civilians", "children", "women", "people"):
                return True
        for m in view.of(MentionKind.ACTOR):
            actor = self.registry.get(m.ref)
            if actor.kind == "civilians":
                return True
        return False

    def _is_anaphoric(self, view: _Sent, cand: Candidate) -> bool:
        """Every trigger of the candidate refers back (هذا الهجوم, اشتباكات بين الطرفين)."""
        return all(self._refers_back(view, t) for t in cand.triggers)

    def _refers_back(self, view: _Sent, t: Mention) -> bool:
        ti = view.tok_index(t.value.nstart)
        before = view.tok_norms[max(0, ti - 2):ti]
        if any(w in ANAPHORA_BEFORE for w in before):
            return True
        end_i = view.tok_index(t.value.nend - 1)
        after = view.tok_norms[end_i + 1:end_i + 4]
        if any(w.lstrip("و").lstrip("ب") in ANAPHORA_AFTER or w in ANAPHORA_AFTER for w in after):
            return True
        return False

    # ------------------------------------------------------------------ actors
    def _actor(self, m: Mention):
        return self.registry.get(m.ref)

    def _assign_actors(self, analysis, sents: list[_Sent], si: int, cand: Candidate) -> None:
        """Decide who did it (agent → actor1) and to whom (target → actor2).

        Each actor of the sentence gets a role and a priority from the words around it;
        the best agent and the best target win:

        - "بين X و Y": both sides;
        - "من قبل X", "نفذه X", "قصف ... من الطائرات X": agent (priority 3);
        - right after a verb trigger of the sentence (VSO): agent (2);
        - right after a noun trigger (genitive, "قصف للجيش التركي"): agent (2);
        - after على/ضد/بحق/استهداف, or after a post word ("موقعا لـ", "مستودعات
          للجيش"), or after مع for clashes and deals: target (2);
        - civilians: target (1); an actor before the trigger: agent (1);
        - "X من Y" (members of Y): Y takes X's role; the source of a report
          ("قال سكان", "بحسب ناشطين") is no side.
        """
        view = sents[si]
        text = analysis.norm.text
        actors = self._members_resolved(analysis, view, list(view.of(MentionKind.ACTOR)))
        cand.sentence_actors = actors
        t = cand.anchor
        t_start, t_end = t.value.nstart, t.value.nend
        ti = view.tok_index(t_start)
        te = view.tok_index(max(t_start, t_end - 1))
        verb_ends = [view.tok_index(max(m.value.nstart, m.value.nend - 1))
                     for m in view.of(MentionKind.TRIGGER) if m.value.form != "noun"]
        kill_verbs = [(view.tok_index(m.value.nstart), view.tok_index(max(m.value.nstart, m.value.nend - 1)))
                      for m in view.of(MentionKind.TRIGGER) if m.value.form != "noun" and m.value.event_class == "kill"]
        kill_verb_ends = [ve for _, ve in kill_verbs]
        agents: list[tuple[int, Mention, str]] = []
        targets: list[tuple[int, Mention, str]] = []
        trigger_ends = [view.tok_index(max(x.value.nstart, x.value.nend - 1)) for x in cand.triggers]
        for i, m in enumerate(actors):
            a, _ = self._nspan(analysis, m)
            mi = view.tok_index(a)
            # "اشتباكات بين X و Y": بين right after one of this event's triggers
            if (mi > 0 and view.tok_norms[mi - 1] == "بين" and i + 1 < len(actors)
                    and any(0 <= mi - 1 - e <= 2 for e in trigger_ends)):
                agents.append((4, m, "between X and Y"))
                targets.append((4, actors[i + 1], "between X and Y"))
                break
        if not agents:
            spans = [(view.tok_index(x.value.nstart), view.tok_index(max(x.value.nstart, x.value.nend - 1)), x)
                     for x in cand.triggers]
            # the groups that a casualty count names ("وقتل 5 مسلحين"): the number's noun
            counted = [(c.value.number.nend, c.value.nend) for c in view.of(MentionKind.CASUALTY)
                       if c.value.number is not None]
            numbers = {view.tok_index(n.value.nstart) for n in view.of(MentionKind.NUMBER)}
            for m in actors:
                a, b = self._nspan(analysis, m)
                mi = view.tok_index(a)
                # positions are taken from the event's nearest trigger
                ti, te, near = min(spans, key=lambda p: min(abs(mi - p[0]), abs(mi - p[1])))
                before = mi < ti
                dist = ti - mi if before else mi - te
                # the words that can mark this actor's role: up to 4 before it, and for an
                # actor after the trigger only those between the trigger and it
                window = view.tok_norms[max(0, mi - 4) if before else max(te + 1, mi - 4):mi]
                window = [w for i, w in enumerate(window)
                          if not (w == "علي" and window[i + 1:i + 2] == ["الاقل"]) and w != "الاقل"]
                with_cue = mi > 0 and view.tok_norms[mi - 1] in CLASH_CUES and bool(cand.classes & _WITH_CLASSES)
                if dist > 12 and not with_cue:
                    continue  # too far from the trigger to be one of its sides
                last_i = view.tok_index(max(a, b - 1))
                if (
                    any(w in SOURCE_AFTER for w in view.tok_norms[last_i + 1:last_i + 3])
                    or any(w in SOURCE_BEFORE for w in window[-2:])
                    or (before and self._reporter(view, mi, ti))
                ):
                    continue  # "قال سكان محليون", "بحسب ناشطين", "نقلت مجموعات ...": who reports
                if any(w in CONTROL_WORDS for w in window[-2:]):
                    continue  # "الخاضعة لسيطرة المعارضة": who holds the place, not a side
                actor = self._actor(m)
                cue_target = any(w in TARGET_CUES for w in window) or any(w in POST_WORDS for w in window[-3:])
                explicit_agent = any(w in AGENT_CUES for w in window[-2:]) or (
                    window[-1:] == ["من"] and not before and dist <= 4 and t.value.form == "noun"
                    and bool(cand.classes & (_REMOTE_CLASSES | {"attack"}))
                )
                after_verb = any(
                    0 < mi - ve <= 3 or (0 < mi - ve <= 5 and all(w in MEMBER_WORDS for w in view.tok_norms[ve + 1:mi]))
                    for ve in verb_ends
                )
                prev_word = view.tok_norms[mi - 1] if mi > 0 else ""
                light_verb = prev_word in LIGHT_VERBS or (len(prev_word) > 2 and prev_word[0] in "وف"
                                                          and prev_word[1:] in LIGHT_VERBS)
                derived_agent = m.evidence.startswith(("nationality adjective", "hedged attribution"))
                post_of = m.evidence.startswith("post of a country's forces")
                victims_of = self._victims_of(view, mi, numbers)
                if actor.kind == "civilians" and before and _said_by(view.tok_norms, mi, ti):
                    continue  # "وقال سكان إن ...": residents who tell of it, not its victims
                if actor.kind == "civilians" and cand.classes & _CROWD_CLASSES and (
                        after_verb or (before and dist <= 3)):
                    # "اقتحم مئات العراقيين مطار ... موسعين نطاق احتجاجات": the crowd did it
                    agents.append((2, m, "the crowd of a demonstration"))
                elif actor.kind == "civilians":
                    targets.append((1, m, "civilians named"))
                elif victims_of:
                    targets.append((3, m, "the group the victims belong to (N عنصرا من X)"))
                elif _after_passive_casualty_verb(view.tok_norms, mi, numbers):
                    targets.append((2, m, _HIT_AFTER))
                elif view.tok_norms[mi] in PERSON_NOUNS and any(0 < mi - ve <= 2 for ve in kill_verb_ends):
                    # "قتل شرطيان", "قتل جندي تركي": a person noun after a kill verb is who was
                    # killed (passive); "قتلت الشرطة ..." names the institution that killed
                    targets.append((2, m, _KILLED_AFTER))
                elif view.tok_norms[mi] in PERSON_NOUNS and any(
                        0 < vs - mi <= 3 and not self._object_follows(view, ve)
                        for vs, ve in kill_verbs):
                    # "أن جنديا أميركيا قتل في هجوم": a person noun before a kill verb that
                    # has no object is who was killed ("جنود قتلوا خمسة مسلحين" killed)
                    targets.append((2, m, _KILLED_BEFORE))
                elif post_of:
                    targets.append((2, m, m.evidence))
                elif any(ne <= a < ce for ne, ce in counted):
                    # the counted noun starts the actor ("قتل 7 جنود أتراك": أتراك is past the count)
                    targets.append((1, m, _COUNTED_VICTIMS))
                elif derived_agent:
                    agents.append((3, m, m.evidence))
                elif explicit_agent:
                    agents.append((3, m, "من قبل/نفذه/من X"))
                elif with_cue or (cue_target and (not before or any(w in POST_WORDS for w in window[-3:]))):
                    targets.append((2, m, "target cue before actor"))
                elif after_verb and not cue_target:
                    agents.append((2, m, "subject after verb (VSO)"))
                elif (not before and dist <= 2 and near.value.form == "noun" and near.value.event_class == "kill"
                      and window[-1:] != ["من"]):
                    # "مصرع عشرات الحوثيين", "مقتل جنود": who died, not who killed
                    targets.append((2, m, "the killed, named after a death noun (مصرع X)"))
                elif light_verb and before:
                    agents.append((2, m, "subject of a light verb (شنت X قصفا)"))
                elif t.value.form == "noun" and not before and dist <= 2:
                    agents.append((2, m, "genitive/ل after noun trigger"))
                elif before and dist <= 8 and (dist <= 3 or not self._clause_break(text, b, t_start)):
                    agents.append((1, m, "actor before trigger"))
                elif cue_target:
                    targets.append((1, m, "target cue before actor"))
                elif not before and dist <= 8:
                    targets.append((0, m, "other actor after the trigger"))
        agent = max(agents, key=lambda x: x[0], default=None)
        target = max((x for x in targets if agent is None or x[1] is not agent[1]), key=lambda x: x[0], default=None)
        if (agent is not None and target is not None and target[0] > agent[0]
                and target[2] in (_KILLED_AFTER, _KILLED_BEFORE, _HIT_AFTER)
                and self._actor(agent[1]).id == self._actor(target[1]).id):
            # one side named twice, as the victims more surely than as the doer ("أعلن
            # الجيش الأميركي أن جنديا أميركيا قتل"): it is the victims' side
            agent = max((x for x in agents if self._actor(x[1]).id != self._actor(target[1]).id),
                        key=lambda x: x[0], default=None)
        if agent is None and target is not None:
            # "قتل 30 عنصرا من داعش في اشتباكات مع قسد": two sides named, neither as doer
            others = [x for x in targets if self._actor(x[1]).id != self._actor(target[1]).id
                      and self._actor(x[1]).kind != "civilians" and x[2] != _COUNTED_VICTIMS]
            if others:
                best = max(others, key=lambda x: x[0])
                agent = (best[0], best[1], f"the other side ({best[2]})")
        if agent is None and cand.agent_actor is None:
            country_agent = self._country_agent(analysis, view, t, ti, te)
            if country_agent is not None:
                cand.agent_actor, cand.agent_rule, allies = country_agent
                cand.assoc1.extend(a for a in allies if a not in cand.assoc1)
                cand.confidence -= 0.1
        if agent is not None:
            cand.agent, cand.agent_actor, cand.agent_rule = agent[1], self._actor(agent[1]), agent[2]
        if target is not None:
            cand.target, cand.target_actor, cand.target_rule = target[1], self._actor(target[1]), target[2]
        elif cand.classes & VIOLENT_CLASSES:
            own = self._own_members_of(analysis, view, actors)
            same = own is not None and cand.agent_actor is not None and cand.agent_actor.id == self._actor(own).id
            speaker = same and _after_saying_verb(view.tok_norms, view.tok_index(self._nspan(analysis, cand.agent)[0]))
            if own is not None and (not same or speaker):
                # "أعلن الجيش الأميركي مقتل اثنين من جنوده": the victims are the speaker's
                # own, and the speaker is not the doer ("أقدم X على قتل أحد عناصره": X is)
                cand.target, cand.target_actor = own, self._actor(own)
                cand.target_rule = "the victims are its own members (مقتل اثنين من جنوده)"
                if speaker:
                    cand.agent, cand.agent_actor, cand.agent_rule = None, None, ""
        # "القوات التركية والفصائل الموالية لها": allies of the agent; for a deal,
        # "توصلت قوات النظام وجيش الإسلام إلى اتفاق": the two sides
        if cand.agent is not None:
            _, ab = self._nspan(analysis, cand.agent)
            for m in actors:
                a, _ = self._nspan(analysis, m)
                if a > ab and a - ab <= 3 and text[ab:a].strip() in ("و", "") and m is not cand.target:
                    other = self._actor(m)
                    if other.id == cand.agent_actor.id or other.kind == "civilians":
                        continue
                    if cand.classes & {"agreement", "evacuation", "release"} and cand.target_actor is None:
                        cand.target, cand.target_actor, cand.target_rule = m, other, "the other party of the deal (X و Y)"
                    else:
                        cand.assoc1.append(other)
        if main_class(cand.classes) == "intercept":
            self._intercept_sides(analysis, view, cand, actors)
        if cand.agent_actor is not None and cand.target_actor is not None and cand.agent_actor.id == cand.target_actor.id:
            cand.target, cand.target_actor, cand.target_rule = None, None, ""
        if cand.classes & {"agreement", "evacuation"} and cand.agent is not None and cand.target_actor is None:
            # "توصلت روسيا وفصائل المعارضة إلى اتفاق": a country party of the deal
            party = self._country_party(analysis, view, cand.agent)
            if party is not None and party.id != cand.agent_actor.id:
                cand.target, cand.target_actor, cand.target_rule = None, party, "the other party of the deal (a country, X و Y)"
        # context: an actor of the previous sentence
        if cand.agent_actor is None and si > 0:
            prev = [m for m in sents[si - 1].of(MentionKind.ACTOR) if self._actor(m).kind != "civilians"]
            if prev:
                m = prev[0]
                if cand.target_actor is None or self._actor(m).id != cand.target_actor.id:
                    cand.agent, cand.agent_actor = m, self._actor(m)
                    cand.agent_rule = f"actor of sentence {si} (context)"
                    cand.confidence -= 0.15

    def _intercept_sides(self, analysis, view: _Sent, cand: Candidate, actors: list[Mention]) -> None:
        """An interception (ACLED's Disrupted weapons use): the force that stopped the
        weapon is actor1, the side that fired it actor2 ("تصدت الدفاعات الجوية السورية
        لصواريخ إسرائيلية", "أسقطت ... صواريخ أطلقتها طائرات إسرائيلية"). The
        interceptor is named before the trigger, in it or right after it; the side that
        fired is the first other actor after that, or the adjective on the weapon."""
        t = next(x for x in cand.triggers if x.value.event_class == "intercept")
        ti = view.tok_index(t.value.nstart)
        te = view.tok_index(max(t.value.nstart, t.value.nend - 1))
        interceptor = fired = None
        for m in actors:
            a, _ = self._nspan(analysis, m)
            mi = view.tok_index(a)
            if interceptor is None and fired is None and (
                (mi < ti and ti - mi <= 6) or (ti <= mi <= te + 1 and not m.evidence.startswith("nationality adjective"))
            ):
                interceptor = m
            elif mi > te and fired is None and (interceptor is None or self._actor(m).id != self._actor(interceptor).id):
                fired = m
        cand.agent, cand.agent_actor, cand.agent_rule = (
            (interceptor, self._actor(interceptor), "the force that intercepted") if interceptor is not None
            else (None, None, ""))
        if fired is not None:
            cand.target, cand.target_actor, cand.target_rule = fired, self._actor(fired), "the side whose weapon was intercepted"
        elif cand.target is not None and cand.target is interceptor:
            cand.target, cand.target_actor, cand.target_rule = None, None, ""

    @staticmethod
    def _object_follows(view: _Sent, te: int) -> bool:
        """The verb ending at token ``te`` has an object: a word follows it that is
        neither a preposition, a time word nor a conjoined verb ("جندي قتل في هجوم",
        "قتل برصاص", "قتل وأصيب آخر" have none; "شرطي قتل شابا" has one)."""
        words = view.tok_norms
        k = te + 1
        while k < len(words) and k <= te + 2 and words[k] in TIME_WORDS:
            k += 1
        if k >= len(words):
            return False
        a, b = view.tok_starts[te], view.tok_starts[k]
        if any(ch in CLAUSE_BREAKS or ch in ".،" for ch in view.norm.text[a:b]):
            return False
        w = words[k]
        return not (w in NO_OBJECT_WORDS or w[:1] in ("ب", "و", "ل", "ف"))

    def _own_members_of(self, analysis, view: _Sent, actors: list[Mention]) -> Mention | None:
        """The actor whose own members the sentence counts among the victims with a
        pronoun ("مقتل اثنين من جنوده", "مقتل أحد عناصرها"): the nearest one named before."""
        words = view.tok_norms
        for k, w in enumerate(words):
            if w not in OWN_MEMBERS or k < 2:
                continue
            if words[k - 1] not in ("من", "احد", "احدي") and not words[k - 1].startswith("لاحد"):
                continue  # "من جنوده", "أحد عناصرها", "لأحد عناصره"
            before = [m for m in actors if view.tok_index(self._nspan(analysis, m)[0]) < k
                      and self._actor(m).kind != "civilians"]
            if before:
                return before[-1]
        return None

    @staticmethod
    def _victims_of(view: _Sent, mi: int, numbers: set[int]) -> bool:
        """The actor at token ``mi`` is the group counted victims belong to: "30 عنصرا
        من X", "عشرة عناصر من X", "ثلاثة من مقاتلي X", "خمسة من عناصر الشرطة" (a count,
        then من, with a member noun before or after it)."""
        words = view.tok_norms
        k = mi - 1
        own = words[mi] if mi < len(words) else ""
        if k >= 0 and words[k] in MEMBER_NOUNS:
            k -= 1  # "من مقاتلي X"
        elif own in MEMBER_NOUNS:
            pass  # the mention begins with the member noun ("عناصر الشرطة")
        if k < 0 or words[k] != "من":
            return False
        k -= 1
        if k >= 0 and (words[k] in VICTIM_COUNTED):
            return True
        bare = words[k].removeprefix("ال") if k >= 0 else ""
        if k >= 0 and (bare in VICTIM_PLURALS or bare in MEMBER_NOUNS):
            k -= 1  # "عشرات المسلحين من X"
            return k >= 0 and (k in numbers or words[k].isdigit())
        return k >= 0 and (k in numbers or words[k].isdigit())

    @staticmethod
    def _reporter(view: _Sent, mi: int, ti: int) -> bool:
        """The actor at token ``mi`` is the subject of a reporting verb ("نقلت مجموعات
        معارضة أخبارا عن هجوم"), not of the event: a reporting verb stands just before it
        and no "أن/إن" opens a reported clause, neither between the verb and the actor
        ("قالت مصادر إن داعش هاجم") nor between the actor and the trigger ("أعلنت قسد
        أنها اعتقلت")."""
        words = view.tok_norms
        for k in range(max(0, mi - 4), mi):
            if words[k] in SOURCE_AFTER:
                between = words[k + 1:mi] + words[mi + 1:ti]
                return not any(w in THAT_WORDS for w in between)
        return False

    def _members_resolved(self, analysis, view: _Sent, actors: list[Mention]) -> list[Mention]:
        """"مسلحون من تنظيم داعش", "عناصر من قوات النظام": the members belong to the
        group named after من, which stands for them."""
        text = analysis.norm.text
        out: list[Mention] = []
        skip: set[int] = set()
        for i, m in enumerate(actors):
            if i in skip:
                continue
            if i + 1 < len(actors):
                _, b = self._nspan(analysis, m)
                a2, _ = self._nspan(analysis, actors[i + 1])
                if text[b:a2].strip() == "من" and self._actor(actors[i + 1]).kind != "civilians":
                    continue  # the next actor (the group) takes this one's place
            out.append(m)
        return out

    def _country_agent(self, analysis, view: _Sent, t: Mention, ti: int, te: int):
        """A foreign country named as the doer ("بدأت تركيا هجوما", "قالت إسرائيل إنها
        أجلت"): its state forces, when the name stands right before the trigger or right
        after a verb trigger."""
        gaz = self.res.gazetteer
        text = analysis.norm.text
        countries = []
        for m in view.of(MentionKind.PLACE):
            place = gaz.get(m.ref) if m.ref else None
            if place is not None and place.kind == "country" and place.country_iso3 != "SYR":
                countries.append((m, place))
        for k, (m, place) in enumerate(countries):
            a, _ = self._nspan(analysis, m)
            mi = view.tok_index(a)
            if (mi < ti and ti - mi <= 4) or (t.value.form != "noun" and 0 < mi - te <= 2):
                # "وجهت فرنسا وبريطانيا والولايات المتحدة ضربات": the first of a list of
                # countries is the doer, the others its allies
                run = [(m, place)]
                j = k
                while j > 0 and self._joined_by_and(text, self._nspan(analysis, countries[j - 1][0])[1],
                                                    self._nspan(analysis, countries[j][0])[0]):
                    j -= 1
                    run.insert(0, countries[j])
                j = k
                while j + 1 < len(countries) and self._joined_by_and(
                        text, self._nspan(analysis, countries[j][0])[1], self._nspan(analysis, countries[j + 1][0])[0]):
                    j += 1
                    run.append(countries[j])
                forces = [self.registry.state_forces(p.country_iso3) for _, p in run]
                forces = [f for f in forces if f is not None]
                if forces:
                    allies = [f for f in forces[1:] if f.id != forces[0].id]
                    return forces[0], f"country named as the doer ({run[0][0].text})", allies
        return None

    def _country_party(self, analysis, view: _Sent, agent: Mention):
        """The state forces of a country named right before or after ``agent`` and
        joined to it by و ("روسيا وفصائل المعارضة", "فصائل المعارضة وروسيا")."""
        text = analysis.norm.text
        a, b = self._nspan(analysis, agent)
        for m in view.of(MentionKind.PLACE):
            place = self.res.gazetteer.get(m.ref) if m.ref else None
            if place is None or place.kind != "country":
                continue
            pa, pb = self._nspan(analysis, m)
            if self._joined_by_and(text, pb, a) or self._joined_by_and(text, b, pa):
                return self.registry.state_forces(place.country_iso3)
        return None

    @staticmethod
    def _joined_by_and(text: str, a: int, b: int) -> bool:
        return 0 <= b - a <= 4 and text[a:b].strip(" ,") in ("و", "")

    def _armed_opponent(self, cand: Candidate, agent, country: str | None = None):
        """Another armed actor of the candidate's sentence, not the agent's side; else the
        armed actor the document names most often besides the agent's side (as the
        event's country reads it: generic gunmen abroad are that country's armed group)."""
        # the agent's own mention counts as the agent even where its country was
        # resolved since (security forces read as the event country's police)
        own = cand.agent_actor.id if cand.agent_actor is not None else None
        for m in list(cand.sentence_actors) + list(cand.doc_actors):
            actor = self._actor(m)
            if actor.kind == "civilians" or agent is None or actor.id in (agent.id, own):
                continue
            if agent is not None and (actor.affiliation == agent.id or agent.affiliation == actor.id):
                continue
            if country:
                if actor.family in _COUNTRY_FAMILIES:
                    actor = self.registry.for_country(actor.id, country) or actor
                actor = self._police_of(self._gunmen_abroad(actor, m, country), m, country)
                if actor.id == agent.id:
                    continue
            return actor
        return None

    @staticmethod
    def _clause_break(text: str, a: int, b: int) -> bool:
        return any(ch in CLAUSE_BREAKS for ch in text[a:b])

    # ------------------------------------------------------------------ merge
    def _merge_anaphora(self, cands: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        for c in cands:
            lacks = c.agent_actor is None and not c.own_place
            if c.anaphoric or lacks:
                host = None
                for prev in reversed(out):
                    if c.sent - max(prev.sentences) > 2:
                        break
                    if _type_of(prev) == _type_of(c) or (c.classes & {"kill", "seize_weapons", "capture"}):
                        host = prev
                        break
                if host is not None:
                    _absorb(host, c)
                    continue
                if c.anaphoric:
                    continue  # refers back to something that is not an event here
            out.append(c)
        return out

    def _merge_repeats(self, pairs: list[tuple[Event, Candidate]]) -> list[Event]:
        """Reports of one event repeated in an article merge into one event.

        Two events at the same place merge when they have the same type and date (one
        article rarely tells two events of one type in one place on one day); or when one of them is a bare reference — a generic attack or killing
        word with no means of its own ("دانت الخارجية الهجوم على دوما"), or no date
        of its own — to the other. The more specific one is kept, with both evidence
        spans and the larger death toll (later reports in an article update it).
        """
        out: list[tuple[Event, Candidate]] = []
        accs: list[dict | None] = []  # the provenance of each merged event (see _merge_events)
        for ev, cand in pairs:
            for i, (prev, pcand) in enumerate(out):
                if prev.modality.emitted_by_default != ev.modality.emitted_by_default:
                    continue
                if (TAG_BACKGROUND in prev.tags) != (TAG_BACKGROUND in ev.tags):
                    continue  # an old event of the same place is another event
                if not prev.geo_id or prev.geo_id != ev.geo_id:
                    # a headline or summary ("قصف على ريف إدلب") with no date of its own,
                    # coded coarser than a same-type event in the same governorate, is that event
                    coarse = self._summary_of(ev, cand, prev) or self._summary_of(prev, pcand, ev)
                    if coarse is None:
                        continue
                    if coarse is ev:
                        merged, accs[i] = _merge_events(prev, ev, accs[i], None)
                        out[i] = (merged, pcand)
                    else:
                        merged, accs[i] = _merge_events(ev, prev, None, accs[i])
                        out[i] = (merged, cand)
                    break
                same = prev.event_type == ev.event_type and prev.event_date == ev.event_date
                same_type = prev.event_type == ev.event_type
                violent = {prev.event_type, ev.event_type} <= _VIOLENT_TYPES
                if not same_type and not violent:
                    continue  # a bare attack word never merges into a deal or a protest
                weak_new = _is_reference(cand, same_type)
                weak_old = _is_reference(pcand, same_type)
                if same or weak_new or (weak_old and not weak_new):
                    if weak_old and not weak_new:
                        merged, accs[i] = _merge_events(ev, prev, None, accs[i])
                        out[i] = (merged, cand)
                    else:
                        merged, accs[i] = _merge_events(prev, ev, accs[i], None)
                        out[i] = (merged, pcand)
                    break
            else:
                out.append((ev, cand))
                accs.append(None)
        return [_with_provenance(ev, acc) for (ev, _), acc in zip(out, accs)]

    @staticmethod
    def _summary_of(ev: Event, cand: Candidate, other: Event) -> Event | None:
        """``ev`` when it is a dateless, coarser report of ``other`` (same type, same
        governorate), else None."""
        if (
            cand.date_mention is None
            and ev.event_type == other.event_type
            and ev.admin1 and ev.admin1 == other.admin1
            and (ev.geo_precision or 3) > (other.geo_precision or 3)
        ):
            return ev
        return None

    # ------------------------------------------------------------------ finish
    def _names_no_town(self, analysis) -> bool:
        """A text of one sentence (a wire sentence, a snippet: no article around it to
        give the place) that names no place finer than a country. Its events are coded
        to the country it names (at the capital, ACLED's precision 3), or, naming none,
        come out without a place, rather than being lost. (An article that names only
        countries is mostly statements and policy: its events need a place.)"""
        if len(analysis.sentences or ()) != 1:
            return False
        gaz = self.res.gazetteer
        for m in analysis.mentions or ():
            if m.kind is MentionKind.PLACE_PHRASE:
                return False
            if m.kind is MentionKind.PLACE:
                cands = [gaz.get(c) for c in (m.candidates or (m.ref,)) if c]
                if any(p is not None and p.kind != "country" for p in cands):
                    return False
        title = analysis.doc.title
        if title:
            from marsad.normalize import normalize

            for m in self.res.places.find(normalize(title), title):
                if m.kind is MentionKind.PLACE_PHRASE or not (m.ref or "").startswith("country:"):
                    return False
        return True

    def _finish(self, analysis, sents: list[_Sent], cand: Candidate, geo_ctx, coarse: bool = False) -> list[Event]:
        view = sents[cand.sent]
        places = self._place_candidates(analysis, sents, cand)
        split = self._place_list(analysis, view, cand, places)
        locations: list[tuple[Any, list[Mention]]] = []
        tolls: list[int | None] = []
        if split:
            for m, toll in split:
                loc = self.res.geocoder.locate([m], geo_ctx)
                if loc is not None:
                    locations.append((loc, [m]))
                    tolls.append(toll)
        if not locations:
            # a country named near the trigger ("قوات تدعمها تركيا") does not place it
            # when a town or region of the sentence does
            places = sorted(places, key=lambda m: (m.ref or "").startswith("country:"))
            loc = self.res.geocoder.locate(places, geo_ctx) if places else None
            if loc is None and (cand.date_mention is not None or cand.sent <= 1):
                # the document's focus, only for a dated report or the lead
                loc = self.res.geocoder.fallback(geo_ctx)
                if loc is not None:
                    cand.place_rule = "document focus (no place in or before the sentence)"
                    cand.confidence -= 0.2
            if loc is None:
                if coarse and not places and not geo_ctx.countries:
                    cand.place_rule = "the text names no place"
                    return [self._event(analysis, cand, None, [], cand.fatalities, 1)]
                return []
            locations.append((loc, places[:1]))
        # an event needs a place: a town, or at least a governorate; a country alone is
        # not one (GUIDELINES). Towns outside Syria (GeoNames) have coordinates but no
        # admin names, and count.
        tolls += [None] * (len(locations) - len(tolls))
        if coarse:
            # a country is all the text gives: coded at its capital, precision 3
            locations = [(self._at_capital(loc) if (loc.geo_id or "").startswith("country:") else loc, pm)
                         for loc, pm in locations]
        kept = [
            (loc, pm, toll) for (loc, pm), toll in zip(locations, tolls)
            if loc.latitude is not None and not (loc.geo_id or "").startswith("country:")
        ]
        if not kept:
            return []
        n = len(kept)
        tied = n > 1 and any(toll is not None for _, _, toll in kept)
        base, extra = divmod(cand.fatalities, n) if n > 1 else (cand.fatalities, 0)
        events = []
        for i, (loc, pm, toll) in enumerate(kept):
            fat = (toll or 0) if tied else base + (1 if i < extra else 0)
            events.append(self._event(analysis, cand, loc, pm, fat, n, tied))
        return events

    def _place_candidates(self, analysis, sents: list[_Sent], cand: Candidate) -> list[Mention]:
        view = sents[cand.sent]
        t0 = cand.anchor.value.nstart
        phrases = view.of(MentionKind.PLACE_PHRASE)
        # a place inside a phrase is represented by the phrase; a place that speaks
        # ("أعلنت دمشق", "بدأت أنقرة") is a government, not where the event happened
        items = [p for p in view.free_places()
                 if (p.kind is MentionKind.PLACE_PHRASE or not any(ph.span.contains(p.span) for ph in phrases))
                 and not self._speaking_place(analysis, view, p)]

        def rank(m: Mention):
            a, _ = self._nspan(analysis, m)
            after = a >= t0
            return (0 if after else 1, abs(a - t0))

        ordered = sorted(items, key=rank)
        if ordered:
            cand.place_rule = "place in the trigger's sentence (after it first, then nearest)"
            return ordered
        for back in (cand.sent - 1,):
            if back < 0 or (cand.agent is None and cand.date_mention is None):
                break
            prev = sents[back].free_places()
            if prev:
                cand.place_rule = f"place of sentence {back + 1} (context)"
                cand.confidence -= 0.1
                return prev
        return []

    def _speaking_place(self, analysis, view: _Sent, m: Mention) -> bool:
        """A place name right after a verb of saying or deciding: the government of
        that place speaking or acting ("أعلنت دمشق", "بدأت أنقرة تسيير دوريات")."""
        if m.kind is not MentionKind.PLACE:
            return False
        a, _ = self._nspan(analysis, m)
        i = view.tok_index(a)
        if i == 0 or view.tok_starts[i] != a:
            return False
        w = view.tok_norms[i - 1]
        return w in SPEAKER_VERBS or (len(w) > 3 and w[0] in "وف" and w[1:] in SPEAKER_VERBS)

    def _place_list(self, analysis, view: _Sent, cand: Candidate,
                    places: list[Mention]) -> list[tuple[Mention, int | None]]:
        """Coordinated places of the trigger's sentence, one event each: the longest
        list after the trigger ("في بلدات سقبا وحمورية وعربين", "هي مسرابا وجسرين
        وسقبا"); when no place follows the trigger, a list before it in its clause
        ("قتل أربعة مدنيين في X واثنان في Y جراء غارات"). Each place comes with the
        toll the text ties to it (a count right before it), else None."""
        text = analysis.norm.text
        t0 = cand.anchor.value.nstart
        mine = sorted((p for p in places if p.sentence == cand.sent), key=lambda p: self._nspan(analysis, p)[0])
        if len(mine) < 2:
            return []
        chains: list[list[tuple[Mention, int | None]]] = []
        prev_end = view.sentence.nstart
        for p in mine:
            a, b = self._nspan(analysis, p)
            joined, count = self._list_gap(view, prev_end, a)
            if chains and joined and prev_end > view.sentence.nstart:
                chains[-1].append((p, count))
            else:
                chains.append([(p, self._toll_before(view, a, prev_end))])
            prev_end = b
        lists = [c for c in chains if len(c) >= 2]
        after = [c for c in lists if self._nspan(analysis, c[0][0])[0] >= t0]
        if after:
            return max(after, key=len)  # the first of the longest
        if any(self._nspan(analysis, p)[0] >= t0 for p in mine):
            return []
        before = [c for c in lists if not self._clause_break(text, self._nspan(analysis, c[-1][0])[1], t0)]
        return max(before, key=len) if before else []

    _LIST_WORDS = frozenset({"و", "في", "ب", "علي"})
    _COUNTED_AFTER = frozenset({"اخرون", "اخرين", "اخر", "اخريات"})

    def _list_gap(self, view: _Sent, a: int, b: int) -> tuple[bool, int | None]:
        """Whether the normalised text ``[a, b)`` between two places joins them in a
        list (و, a comma, في / ب, and a count tied to the next place: "واثنان في"),
        and that count. The و may begin the next place's phrase ("وقرية كفر سلام")."""
        text = view.norm.text
        rest = text[a:b]
        count = None
        for m in view.of(MentionKind.NUMBER) + view.of(MentionKind.CASUALTY):
            v = m.value
            if a <= v.nstart and v.nend <= b:
                rest = rest.replace(text[v.nstart:v.nend], " ")
                c = v.count if m.kind is MentionKind.CASUALTY else v.value
                if count is None and isinstance(c, int):
                    count = c
        if any(ch in _LIST_STOPS for ch in rest):
            return False, None
        words = _WORD_RE.findall(rest)
        linked = "," in rest or "و" in words or any(w.startswith("و") for w in words) or text[b:b + 1] == "و"
        if not linked:
            return False, None
        for w in words:
            w = w[1:] if len(w) > 1 and w.startswith("و") else w
            if w not in self._LIST_WORDS and w not in self._COUNTED_AFTER:
                return False, None
        return True, count

    def _toll_before(self, view: _Sent, a: int, since: int) -> int | None:
        """A count that stands right before the place at ``a`` (only في / ب between):
        "قتل أربعة مدنيين في عين الورد"."""
        text = view.norm.text
        for m in view.of(MentionKind.CASUALTY) + view.of(MentionKind.NUMBER):
            v = m.value
            if since <= v.nstart and v.nend <= a and text[v.nend:a].strip() in ("في", "ب", ""):
                c = getattr(v, "count", None) if m.kind is MentionKind.CASUALTY else v.value
                if isinstance(c, int) and (m.kind is MentionKind.NUMBER or v.kind == "killed"):
                    return c
        return None

    def _choose_date(self, analysis, view: _Sent, cand: Candidate, prev: _Sent | None = None) -> None:
        """The date expression nearest the trigger; in a sentence that continues the
        previous one ("كما قصفت ...", "وفي سياق متصل ...") and has none of its own, the
        previous sentence's; else the publication date (lower confidence)."""
        from marsad.dates import resolve, resolve_default

        published = analysis.doc.published_date
        t0 = cand.anchor.value.nstart
        dates = sorted((m for m in view.of(MentionKind.DATE) if not self._clause_date(view, m)),
                       key=lambda m: abs(m.value.nstart - t0))
        inherited = False
        if not dates and prev is not None and view.tok_norms and view.tok_norms[0] in CONTINUATION:
            dates = list(prev.of(MentionKind.DATE))
            inherited = True
        for m in dates:
            r = resolve(m.value, published, tense="past")
            if r is None:
                continue
            if inherited:
                if getattr(r, "aggregate", False):
                    continue  # a period ("حتى حزيران") dates the sentence that gives it, not the next one
                r = replace(r, rule=f"date of the previous sentence (continuation): {r.rule}",
                            confidence=r.confidence * 0.8)
            cand.date_mention, cand.resolved_date = m, r
            if _long_range(m.value) and cand.modality in (Modality.ASSERTED, Modality.REPORTED):
                cand.modality, cand.modality_rule = Modality.GENERIC, f"a period, not a day: {m.text}"
            if getattr(r, "aggregate", False) and cand.modality in (Modality.ASSERTED, Modality.REPORTED):
                cand.modality, cand.modality_rule = Modality.GENERIC, f"aggregate period: {m.text}"
            return
        text = view.sentence.span.of(analysis.doc.raw_text)
        cand.resolved_date = resolve_default(published, today_cue="اليوم" in text)

    @staticmethod
    def _clause_date(view: _Sent, m: Mention) -> bool:
        """A date in a relative clause dates its noun, not the event: "المسيرة التي
        انطلقت في 12 أيار"."""
        i = view.tok_index(m.value.nstart)
        before = view.tok_norms[max(0, i - 3):i]
        return any(w in ("التي", "الذي") for w in before) and any(w in CLAUSE_START_VERBS for w in before)

    def _choose_fatalities(self, analysis, view: _Sent, cand: Candidate) -> None:
        t0 = cand.anchor.value.nstart
        killed = [
            c for c in view.of(MentionKind.CASUALTY)
            if c.value.kind == "killed" and not getattr(c.value, "aggregate", False)
            and not getattr(c.value, "subset", False)
        ]
        if not killed:
            return
        killed.sort(key=lambda c: abs(c.value.nstart - t0))
        best = killed[0]
        cand.killed = best
        if best.value.count is not None and best.value.count > _AGGREGATE_DEATHS and (
            cand.date_mention is None
            or getattr(cand.resolved_date, "time_precision", 1) != 1
            or best.value.count > 20 * _AGGREGATE_DEATHS
        ):
            if cand.modality in (Modality.ASSERTED, Modality.REPORTED):
                cand.modality, cand.modality_rule = Modality.GENERIC, f"aggregate toll: {best.text}"
        if best.value.count is None:
            cand.fatalities, cand.fatalities_conf = 1, 0.5
            cand.fatalities_rule = "deaths reported without a number: at least 1"
        else:
            cand.fatalities = int(best.value.count)
            cand.fatalities_rule = f"killed count nearest the trigger: {best.text}"
        group = getattr(best.value, "group", None)
        if group in ("civilians", "children", "women", "people"):
            cand.civilian_victims = True

    # ------------------------------------------------------------------ event
    def _gunmen_abroad(self, actor, mention: Mention | None, country: str | None):
        """A Syrian armed group named only by a weak, generic word (المسلحون, الثوار,
        الجماعات المسلحة) in an event outside Syria: the unidentified armed group of the
        event's country. Those words are read as Syria's rebels only in a Syrian war
        report. (Groups of a family across countries, such as the Islamic State, follow
        the event's country by their family instead.)"""
        if (actor is None or mention is None or not country or country == "SYR"
                or actor.country != "SYR" or actor.inter not in (2, 3, 4) or actor.family is not None
                or mention.confidence >= 1.0):
            return actor
        return self.registry.by_name(f"Unidentified Armed Group ({_country_name(self.registry, country)})") or actor

    def _at_capital(self, loc):
        """A country's location coded at its capital (geo_precision 3, as ACLED codes
        an event that the source places in a country only)."""
        from marsad.geocode import _data

        iso3 = loc.geo_id.split(":", 1)[1]
        c = next((c for c in _data.countries() if c.iso3 == iso3), None)
        if c is None:
            return loc
        return replace(loc, location=c.capital, geo_id=f"capital:{iso3}", geo_precision=3, latitude=c.lat,
                       longitude=c.lon, rule=f"{loc.rule}; the text names only the country: its capital")

    def _police_of(self, actor, mention: Mention | None, country: str | None):
        """Police or government forces named without a country ("عناصر الشرطة",
        "شرطي", "القوات الحكومية", "الجيش النظامي": weak aliases) are the police or the
        army of the event's country."""
        if (actor is None or mention is None or not country or actor.family not in _NAMELESS_STATE_FAMILIES
                or mention.confidence >= 1.0 or actor.country == country
                or (actor.family == "military-forces" and actor.country != "SYR")):
            # (a weak mention of another country's army was read from the context:
            # الطائرات الحربية after التركية was named)
            return actor
        return self.registry.for_country(actor.id, country) or actor

    def _event(self, analysis, cand: Candidate, loc, place_mentions: list[Mention], fatalities: int, n_split: int,
               tied: bool = False) -> Event:
        doc = analysis.doc
        reg = self.registry
        country = _iso3_of(loc, reg) if loc is not None else ""
        agent = cand.agent_actor
        target = cand.target_actor
        remote = cand.classes & _REMOTE_CLASSES or cand.means
        if target is None and remote and (fatalities > 0 or cand.killed is not None) and not _combatant_victims(cand):
            # deaths from strikes or shelling with no side named: civilians (ACLED)
            cand.civilian_victims = True
        if target is None and cand.civilian_victims:
            civ = reg.by_name(f"Civilians ({_country_name(reg, country)})")
            if civ is not None:
                target = civ
                cand.target_rule = "civilian casualties"
        # generic actors shared across countries (civilians, IS...) follow the event's
        # country; state forces keep their own (Turkey's army in Syria stays Turkish)
        if agent is not None and country and agent.family in _COUNTRY_FAMILIES:
            agent = reg.for_country(agent.id, country) or agent
        if target is not None and country and target.family in _COUNTRY_FAMILIES:
            target = reg.for_country(target.id, country) or target
        if not country:
            # no place, no country: a generic actor (civilians, gunmen) has no country to name
            agent = None if agent is not None and agent.family in _COUNTRY_FAMILIES else agent
            target = None if target is not None and target.family in _COUNTRY_FAMILIES else target
        agent = self._gunmen_abroad(agent, cand.agent, country)
        target = self._gunmen_abroad(target, cand.target, country)
        agent = self._police_of(agent, cand.agent, country)
        target = self._police_of(target, cand.target, country)
        typing = classify(
            cand.classes, cand.means,
            agent_kind=agent.kind if agent else None,
            target_kind=target.kind if target else None,
            civilian_victims=cand.civilian_victims,
            killed=fatalities > 0,
            agent_is_domestic_state=bool(agent and agent.inter == 1 and agent.country == country),
        )
        if typing.event_type == "Battles" and target is not None and target.kind == "civilians":
            # civilians harmed in a battle are not a side (ACLED): their deaths count only
            target = self._armed_opponent(cand, agent, country)
            cand.target_rule = "other armed actor of the sentence (civilians are not a side)"
        if typing.event_type == "Battles" and target is None:
            target = self._armed_opponent(cand, agent, country)
            if target is not None:
                cand.target_rule = "other armed actor of the sentence"
        actor_conf = 1.0
        if agent is None and typing.sub_event_type == "Disrupted weapons use" and main_class(cand.classes) == "intercept":
            # an interceptor not named: the air defences of the country struck, unless
            # that is the side that fired
            own = reg.state_forces(country)
            agent = own if own is not None and (target is None or own.id != target.id) else (
                reg.by_name(f"Unidentified Military Forces ({_country_name(reg, country)})")
                or reg.by_name("Unidentified Military Forces"))
            cand.agent_rule = "interceptor not named: the forces of the country where it happened"
            actor_conf = 0.5
        if agent is None and typing.event_type == "Explosions/Remote violence" and typing.sub_event_type in (
            "Air/drone strike", "Chemical weapon", "Shelling/artillery/missile attack"
        ):
            # strikes with no perpetrator in the sentence: the state forces the article
            # names most (the side that has aircraft and artillery)
            for m in cand.doc_actors:
                actor = self._actor(m)
                if actor.kind == "state" and (target is None or actor.id != target.id):
                    agent = actor
                    cand.agent_rule = f"state forces the article names most ({m.text})"
                    actor_conf = 0.6
                    break
        if agent is None and typing.event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
            if typing.sub_event_type == "Air/drone strike":
                agent = reg.by_name(f"Unidentified Military Forces ({_country_name(reg, country)})") or reg.by_name("Unidentified Military Forces")
            agent = agent or reg.by_name(f"Unidentified Armed Group ({_country_name(reg, country)})")
            cand.agent_rule = "no perpetrator named: unidentified"
            actor_conf = 0.5
        if target is None and typing.sub_event_type == "Arrests" and agent is not None and agent.kind != "civilians":
            # people arrested, none of them named as a group: civilians (ACLED)
            target = reg.by_name(f"Civilians ({_country_name(reg, country)})")
            cand.target_rule = "people arrested, no group named: civilians"
        if typing.event_type == "Riots":
            rioters = reg.by_name(f"Rioters ({_country_name(reg, country)})")
            force = next((a for a in (agent, target) if a is not None and a.kind not in (
                "civilians", "protesters", "rioters")), None)
            agent, target = rioters, force
            cand.agent_rule = "rioters"
            if force is not None:
                cand.target_rule = "the force the rioters faced"
        if typing.event_type == "Protests":
            protesters = reg.by_name(f"Protesters ({_country_name(reg, country)})")
            force = agent if agent is not None and agent.kind not in ("civilians", "protesters") else None
            if force is not None and typing.sub_event_type != "Peaceful protest":
                agent, target = protesters, force  # the force that dispersed them is the other side
                cand.target_rule = f"force that intervened ({cand.agent_rule})"
            elif agent is None or agent.kind in ("civilians", "protesters"):
                agent, target = protesters, None
            cand.agent_rule = "protesters"
        inter1 = _inter(agent, country)
        inter2 = _inter(target, country)
        rd = cand.resolved_date
        ev_date = getattr(rd, "date", None)
        prov: dict[str, FieldEvidence] = {}
        trig_spans = tuple(t.span for t in cand.triggers)
        rule = f"trigger {'+'.join(sorted(cand.classes))}: {typing.rule}" + (f" ({cand.means_rule})" if cand.means_rule else "")
        prov["event_type"] = FieldEvidence(trig_spans + tuple(m.span for m in cand.means_mentions), rule, 0.8)
        prov["sub_event_type"] = prov["event_type"]
        if cand.agent is not None or agent is not None:
            prov["actor1"] = FieldEvidence((cand.agent.span,) if cand.agent else trig_spans, cand.agent_rule, cand.agent.confidence if cand.agent else actor_conf)
        if target is not None:
            spans = (cand.target.span,) if cand.target else ((cand.killed.span,) if cand.killed else ())
            prov["actor2"] = FieldEvidence(spans, cand.target_rule, 0.8)
        prov["location"] = FieldEvidence(tuple(m.span for m in place_mentions) or tuple(getattr(loc, "spans", ())), f"{cand.place_rule}; {getattr(loc, 'rule', '')}".strip("; "), getattr(loc, "confidence", 0.5))
        for f in ("latitude", "longitude", "geo_precision", "admin1", "admin2", "admin3", "country"):
            prov[f] = prov["location"]
        if cand.date_mention is not None:
            prov["event_date"] = FieldEvidence((cand.date_mention.span,), getattr(rd, "rule", ""), getattr(rd, "confidence", 0.8))
        else:
            prov["event_date"] = FieldEvidence((), getattr(rd, "rule", "publication date"), getattr(rd, "confidence", 0.5))
        prov["time_precision"] = prov["event_date"]
        rule = cand.fatalities_rule + (
            "; the count the text ties to this place" if tied else (f"; shared over {n_split} places" if n_split > 1 else ""))
        prov["fatalities"] = FieldEvidence((cand.killed.span,) if cand.killed else (), rule, cand.fatalities_conf)
        prov["modality"] = FieldEvidence((cand.anchor.span,), cand.modality_rule, 0.8)
        conf = max(0.05, min(1.0, cand.confidence * (0.9 if cand.modality is Modality.REPORTED else 1.0) * (getattr(loc, "confidence", 0.7) ** 0.5) * actor_conf ** 0.5))
        evidence_span = cand.evidence_spans[0]
        iso = getattr(loc, "iso", None)
        tags = []
        if cand.killed is not None and cand.killed.value.count is None:
            tags.append("fatalities: unknown number")
        if loc is None:
            tags.append("location unknown: the text names no place")
        if getattr(rd, "background", False):
            tags.append(f"{TAG_BACKGROUND} dated by a past year only")
        elif _long_before(ev_date, getattr(rd, "time_precision", None), doc.published_date):
            tags.append(f"{TAG_BACKGROUND} more than {_RECENT_DAYS} days before publication")
        if getattr(rd, "error", None):
            if ev_date is None:
                # no date can be given (no publication date for "أمس"): the event still
                # comes out, its date empty, the reason in provenance and tags
                tags.append(f"date unknown: {rd.error}")
            else:
                tags.append(f"{TAG_DATE_ERROR} {rd.error}")
        ev = Event(
            doc_id=doc.doc_id,
            event_type=typing.event_type,
            sub_event_type=typing.sub_event_type,
            evidence=evidence_span.of(doc.raw_text),
            evidence_span=evidence_span,
            modality=cand.modality,
            confidence=round(conf, 3),
            event_date=ev_date,
            time_precision=getattr(rd, "time_precision", None),
            disorder_type=typing.disorder_type,
            actor1=agent.name if agent else "",
            assoc_actor_1="; ".join(a.name for a in cand.assoc1),
            inter1=inter1,
            actor2=target.name if target else "",
            inter2=inter2,
            interaction=_interaction(inter1, inter2),
            civilian_targeting="Civilian targeting" if (target is not None and target.kind == "civilians") else "",
            iso=iso,
            region=getattr(loc, "region", "") or "",
            country=getattr(loc, "country", "") or "",
            admin1=getattr(loc, "admin1", "") or "",
            admin2=getattr(loc, "admin2", "") or "",
            admin3=getattr(loc, "admin3", "") or "",
            location=getattr(loc, "location", "") or "",
            latitude=getattr(loc, "latitude", None),
            longitude=getattr(loc, "longitude", None),
            geo_precision=getattr(loc, "geo_precision", None),
            source=_outlet(doc.source),
            source_scale=_source_scale(doc.source),
            fatalities=fatalities,
            tags="; ".join(tags),
            timestamp=_timestamp(doc.published),
            pcode=getattr(loc, "pcode", "") or "",
            geo_id=getattr(loc, "geo_id", "") or "",
            plover=typing.plover,
            actor1_id=agent.id if agent else "",
            actor2_id=target.id if target else "",
            sources=(doc.doc_id,),
            provenance=prov,
        )
        ev = replace(ev, notes=notes_for(ev), event_id_cnty=_event_id(country or "XXX", doc.doc_id, evidence_span, ev))
        return ev


# ---------------------------------------------------------------------- helpers

_ARMED_KINDS = frozenset(
    {"state", "rebel", "political_militia", "identity_militia", "external", "coalition", "unidentified"}
)
_REMOTE_CLASSES = frozenset({"airstrike", "shelling", "explosion", "suicide", "chemical"})
_PURPOSE_CLASSES = frozenset({"capture", "regain", "advance"})
_PERCENT_RE = re.compile(r"(?:في|ب)\s?ال(?:مئه|مائه)|%")
_INTERCEPTED = frozenset({"explosion", "airstrike", "shelling"})
# a date range longer than this is a period, not one event's day
_AGGREGATE_RANGE_DAYS = 7
_ABSORBED_BY_REMOTE = frozenset({"attack", "kill", "looting", "siege", "execution"})
# above this many deaths in one sentence, a toll is an aggregate, not one event's
_AGGREGATE_DEATHS = 500

# classes whose counterpart is introduced by مع / بين (clashes, deals)
#: the rules that read an actor as the people killed or hit (never the doer)
_KILLED_AFTER = "the killed, named after a kill verb (passive)"
_KILLED_BEFORE = "the killed, named before a kill verb without object (جندي قتل)"
_HIT_AFTER = "the hit, named after a passive casualty verb (أصيب X)"

#: the rule of an actor that a casualty count names ("وقتل 5 مسلحين"): a victim, never
#: the doer, nor "the other side" of a target
_COUNTED_VICTIMS = "the victims a casualty count names (قتل 5 مسلحين)"
_WITH_CLASSES = frozenset({"clash", "agreement", "evacuation", "release", "withdraw"})

#: the classes of a demonstration: people named in it are its crowd, not victims
_CROWD_CLASSES = frozenset({"protest", "protest_repression", "riot"})

_COUNTRY_FAMILIES = frozenset(
    {"civilians", "protesters", "rioters", "unidentified-armed-group", "islamic-state"}
)

_SEVERITY = {
    Modality.ASSERTED: 0,
    Modality.REPORTED: 1,
    Modality.QUESTION: 2,
    Modality.REFERENCE: 3,
    Modality.GENERIC: 3,
    Modality.FUTURE: 4,
    Modality.HYPOTHETICAL: 5,
    Modality.NEGATED: 6,
}


def _severity(m: Modality) -> int:
    return _SEVERITY[m]


def _type_of(c: Candidate) -> str:
    from marsad.extract.typing import main_class

    mc = main_class(c.classes)
    if mc in ("airstrike", "shelling", "explosion", "suicide", "chemical"):
        return "remote"
    if mc in ("clash", "attack", "capture", "regain", "advance", "kill", "assassination", "execution", "seize_weapons"):
        return "fight"
    return mc


_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_REFERENCE_CLASSES = frozenset({"attack", "kill", "execution", "looting", "siege"})
# means specific enough to carry over to bare "attack" words of the same article
_DISTINCT_MEANS = frozenset({"chemical", "suicide", "car_bomb", "barrel_bomb"})


def _is_reference(c: Candidate, same_type: bool) -> bool:
    """A bare reference to an event told elsewhere in the article: a generic attack or
    killing word with no means (whatever the other's type), or, for an event of the
    same type, one with no date expression of its own."""
    generic = c.classes <= _REFERENCE_CLASSES and not c.means
    return generic or (same_type and c.date_mention is None)


# an event told as having happened more than this many days before publication is
# background to the report (GUIDELINES: events of about the last month are coded)
_RECENT_DAYS = 31


def _long_before(day: date | None, precision: int | None, published: date | None) -> bool:
    """``day`` (with its precision: the last day of its week or month counts) lies more
    than :data:`_RECENT_DAYS` before ``published``."""
    if day is None or published is None:
        return False
    last = day
    if precision == 2:
        last = day + timedelta(days=6)
    elif precision == 3:
        last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return (published - last).days > _RECENT_DAYS


def _long_range(expr) -> bool:
    if getattr(expr, "kind", "") != "range" or expr.end_year is None and expr.end_month is None:
        return False
    try:
        start = date(expr.year or expr.end_year or 2000, expr.month or 1, expr.day or 1)
        end = date(expr.end_year or expr.year or 2000, expr.end_month or expr.month or 12, expr.end_day or 28)
    except (TypeError, ValueError):
        return False
    return (end - start).days > _AGGREGATE_RANGE_DAYS


def _after_saying_verb(words: list[str], mi: int) -> bool:
    """The word before token ``mi`` is a verb of saying (قال, وأعلن, أفادت ...)."""
    if mi == 0:
        return False
    w = words[mi - 1]
    return w in SOURCE_AFTER or (len(w) > 3 and w[0] in "وف" and w[1:] in SOURCE_AFTER)


def _said_by(words: list[str], mi: int, ti: int) -> bool:
    """The people at token ``mi`` are the subject of a verb of saying that reports the
    trigger at ``ti`` in a clause of its own ("وقال سكان إن", "أفاد شهود عيان بأن")."""
    return _after_saying_verb(words, mi) and any(x in THAT_WORDS for x in words[mi + 1:ti])


def _after_passive_casualty_verb(words: list[str], mi: int, numbers: set[int]) -> bool:
    """The word at ``mi`` follows a casualty verb that is only passive, right after it or
    after a count ("أصيب شرطيان", "وأصيب ثلاثة جنود", "لقي 5 عناصر حتفهم")."""
    k = mi - 1
    if k in numbers:
        k -= 1
    if k < 0:
        return False
    w = words[k]
    return w in PASSIVE_CASUALTY_VERBS or (len(w) > 3 and w[0] in "وف" and w[1:] in PASSIVE_CASUALTY_VERBS)


def _combatant_victims(c: Candidate) -> bool:
    return c.killed is not None and getattr(c.killed.value, "group", None) in ("fighters", "soldiers")


def _by_frequency(actors: list[Mention]) -> tuple[Mention, ...]:
    """One mention per actor, the most often named actors first."""
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for m in actors:
        counts[m.ref] = counts.get(m.ref, 0) + 1
        first.setdefault(m.ref, m)
    order = sorted(counts, key=lambda k: -counts[k])
    return tuple(first[k] for k in order if counts[k] >= 2)


def _absorb(host: Candidate, c: Candidate) -> None:
    host.triggers.extend(c.triggers)
    host.sentences |= c.sentences
    host.evidence_spans.extend(s for s in c.evidence_spans if s not in host.evidence_spans)
    if c.killed is not None and (host.killed is None or (c.killed.value.count or 0) > (host.killed.value.count or 0) or host.fatalities == 0):
        host.killed = c.killed
        host.fatalities = max(host.fatalities, c.fatalities)
        host.fatalities_rule = c.fatalities_rule + " (later sentence about the same event)"
        host.fatalities_conf = c.fatalities_conf
    if host.agent_actor is None and c.agent_actor is not None:
        host.agent, host.agent_actor, host.agent_rule = c.agent, c.agent_actor, c.agent_rule
    if host.target_actor is None and c.target_actor is not None and (
        host.agent_actor is None or c.target_actor.id != host.agent_actor.id
    ):
        host.target, host.target_actor, host.target_rule = c.target, c.target_actor, c.target_rule
    host.civilian_victims = host.civilian_victims or c.civilian_victims


def _merge_events(a: Event, b: Event, acc_a: dict | None = None, acc_b: dict | None = None) -> tuple[Event, dict]:
    """``a`` with the larger death toll and confidence of the two, and the provenance of
    both: ``a``'s fields, ``b``'s evidence spans added to them (in order, each once),
    ``b``'s other fields, and the two evidence spans. The provenance is accumulated in
    ``acc`` (field -> FieldEvidence, or [spans, their set, rule, confidence] once
    merged) and written into the event by :func:`_with_provenance`: an event merged
    again and again (a long document repeating a report) adds its new spans to a list
    instead of copying and hashing all the old ones each time (that was quadratic).
    ``acc_a``/``acc_b``: the accumulators of events merged before (None: fresh)."""
    prov = acc_a if acc_a is not None else dict(a.provenance)
    for k, v in (acc_b if acc_b is not None else b.provenance).items():
        if k in prov:
            prov[k] = _union_spans(prov[k], v)
        else:
            prov[k] = v
    prov["evidence"] = FieldEvidence(tuple(dict.fromkeys((a.evidence_span, b.evidence_span))),
                                     "repeated report in the article", 1.0)
    return replace(a, fatalities=max(a.fatalities, b.fatalities), confidence=max(a.confidence, b.confidence)), prov


def _union_spans(fa, fb) -> list:
    """``fa``'s spans, then those of ``fb`` it lacks: ``dict.fromkeys(fa.spans + fb.spans)``,
    kept as a mutable [spans, set, rule, confidence] (``fa``'s rule and confidence)."""
    if isinstance(fa, FieldEvidence):
        spans = list(dict.fromkeys(fa.spans))
        fa = [spans, set(spans), fa.rule, fa.confidence]
    have = fa[1]
    for x in (fb.spans if isinstance(fb, FieldEvidence) else fb[0]):
        if x not in have:
            have.add(x)
            fa[0].append(x)
    return fa


def _with_provenance(ev: Event, acc: dict | None) -> Event:
    if acc is None:
        return ev
    prov = {k: v if isinstance(v, FieldEvidence) else FieldEvidence(tuple(v[0]), v[2], v[3])
            for k, v in acc.items()}
    return replace(ev, provenance=prov)


#: state forces a weak alias names without a country (the police, government forces)
_NAMELESS_STATE_FAMILIES = frozenset({"police-forces", "military-forces"})


def _bare(word: str) -> str:
    """A folded word without the conjunction و/ف, a preposition ب/ل/ك and the article
    (والأسلحة, بالذخائر → اسلحه, ذخائر)."""
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    if len(word) > 4 and word.startswith("لل"):
        return word[2:]
    if len(word) > 4 and word[0] in "بلك" and word[1:3] == "ال":
        word = word[1:]
    if len(word) > 4 and word.startswith("ال"):
        word = word[2:]
    return word


def _iso3_of(loc, reg) -> str:
    iso = getattr(loc, "iso", None)
    if iso is not None:
        for c in reg.countries():
            if c.iso_numeric == iso:
                return c.iso3
    return "SYR"


def _country_name(reg, iso3: str) -> str:
    """The country's name; "" when no country is known (an event without a place:
    no country's generic actor fits it)."""
    if not iso3:
        return ""
    c = reg.country(iso3)
    return c.name if c else "Syria"


def _inter(actor, country: str | None) -> int | None:
    if actor is None:
        return None
    from marsad.recognize.actors import inter_for

    return inter_for(actor, country)


def _interaction(i1: int | None, i2: int | None) -> int | None:
    from marsad.recognize.actors import interaction_code

    return interaction_code(i1, i2)


_OUTLETS = {
    "alarabia": ("Al Arabiya", "Regional"),
    "alarabiya": ("Al Arabiya", "Regional"),
    "bbc": ("BBC Arabic", "International"),
    "cnn": ("CNN Arabic", "International"),
    "france24": ("France 24 Arabic", "International"),
    "skynews": ("Sky News Arabia", "Regional"),
    "alaraby": ("Al-Araby Al-Jadeed", "Regional"),
}


def _outlet(source: str | None) -> str:
    if not source:
        return ""
    return _OUTLETS.get(source.lower(), (source, ""))[0]


def _source_scale(source: str | None) -> str:
    if not source:
        return ""
    return _OUTLETS.get(source.lower(), ("", ""))[1]


def _timestamp(published: datetime | None) -> int:
    """ACLED's timestamp is when a row was last changed; for a deterministic
    extraction it is the article's publication time (0 when unknown)."""
    if published is None:
        return 0
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return int(published.timestamp())


def _event_id(iso3: str, doc_id: str, span: Span, ev: Event) -> str:
    """A deterministic per-article id (the store gives stable dataset ids)."""
    h = hashlib.sha1(  # nosec B324  # an id derived from the fields, not a security hash (the output keeps it)
        f"{doc_id}|{span.start}|{ev.event_type}|{ev.geo_id}|{ev.event_date}".encode()).hexdigest()
    return f"{iso3}{int(h[:10], 16) % 10**8:08d}"


_VERBS = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Air/drone strike": "carried out air/drone strikes on",
    "Shelling/artillery/missile attack": "shelled",
    "Chemical weapon": "used chemical weapons against",
    "Suicide bomb": "carried out a suicide bombing against",
    "Remote explosive/landmine/IED": "attacked with explosives",
    "Grenade": "threw a grenade at",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Sexual violence": "committed sexual violence against",
    "Arrests": "arrested",
    "Disrupted weapons use": "disrupted weapons use of",
    "Agreement": "reached an agreement with",
    "Non-violent transfer of territory": "handed over territory to",
    "Headquarters or base established": "established a base",
    "Looting/property destruction": "looted or destroyed property of",
    "Change to group/activity": "changed group or activity",
    "Peaceful protest": "protested",
    "Protest with intervention": "protested and were dispersed by",
    "Excessive force against protesters": "used force against protesters",
    "Violent demonstration": "rioted",
    "Mob violence": "carried out mob violence against",
    "Other": "were involved in an event with",
}


_ALONE = {
    "Armed clash": "were involved in armed clashes",
    "Government regains territory": "regained territory",
    "Non-state actor overtakes territory": "took territory",
    "Air/drone strike": "carried out air/drone strikes",
    "Shelling/artillery/missile attack": "carried out shelling",
    "Chemical weapon": "used chemical weapons",
    "Suicide bomb": "carried out a suicide bombing",
    "Grenade": "threw a grenade",
    "Attack": "carried out an attack",
    "Abduction/forced disappearance": "abducted people",
    "Sexual violence": "committed sexual violence",
    "Arrests": "made arrests",
    "Disrupted weapons use": "disrupted weapons use",
    "Agreement": "reached an agreement",
    "Non-violent transfer of territory": "handed over territory",
    "Looting/property destruction": "looted or destroyed property",
    "Protest with intervention": "protested and were dispersed",
    "Mob violence": "carried out mob violence",
    "Other": "were involved in an event",
}


def notes_for(ev: Event) -> str:
    """A short English summary built from the fields."""
    when = f"On {ev.event_date.day} {ev.event_date:%B %Y}, " if ev.event_date else ""
    a1 = ev.actor1 or "Unidentified actors"
    verb = _VERBS.get(ev.sub_event_type, "were involved with")
    if ev.actor2 and not verb.endswith(("base", "activity", "protested", "rioted")):
        a2 = f" {ev.actor2}"
    else:
        a2 = ""
        verb = _ALONE.get(ev.sub_event_type, verb)
    near = {1: "in", 2: "near", 3: "in the area of"}.get(ev.geo_precision or 3, "in")
    where = f" {near} {ev.location}" if ev.location else ""
    adm = f" ({ev.admin1})" if ev.admin1 and ev.admin1 != ev.location else ""
    fat = f" {ev.fatalities} reported killed." if ev.fatalities else ""
    s = f"{when}{a1} {verb}{a2}{where}{adm}.{fat}"
    return s[0].upper() + s[1:]
