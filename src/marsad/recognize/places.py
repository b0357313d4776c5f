"""Place names and the spatial phrases around them.

:class:`PlaceRecognizer` finds gazetteer names (PLACE mentions, every candidate kept)
and builds PLACE_PHRASE mentions whose value is a :class:`PlacePhrase`: the relation
("in", "near", "outskirts", "direction", "countryside", "region"), compass direction,
feature word (قرية, ريف, منطقة ...), the anchor PLACE mention, an unknown name after a
feature word ("قرية البواردي": anchor None, name "البواردي"), and the further elements
that locate it ("شرقي منطقة الهول", "في ريف الحسكة الشمالي") in ``refs``.

Names that are also common words need a place cue; the words are data
(data/places/phrases.yaml, data/places/stoplist.yaml).
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from marsad.model import Mention, MentionKind, NormalizedText, Span, evolve, mention_maker, record, sentence_index
from marsad.normalize import ends_with_tanween
from marsad.segment import NOUN_PROCLITICS
from marsad.recognize.lexicon import first_word_gate
from marsad.recognize.matcher import Matcher, Words, remember, words_after, words_before

if TYPE_CHECKING:
    from marsad.geocode.gazetteer import Gazetteer

__all__ = ["PlacePhrase", "PlaceRecognizer"]

_WORD = re.compile(r"[^\W_]+")
_STOP_CHARS = frozenset(".!?\n;:")
_CLITICS = ("وب", "فب", "ول", "فل", "و", "ف", "ب", "ل")
_CLITIC_FIRST = frozenset(c for c in _CLITICS if len(c) == 1)
_TWO_LETTER_CLITICS = frozenset(c for c in _CLITICS if len(c) == 2)
_STRONG_KINDS = frozenset({"country", "admin1", "region", "facility"})
_PROMINENT_POP = 20000
_ADMIN_KINDS = frozenset({"admin1", "admin2", "admin3"})
_KIND_ORDER = {"community": 0, "town": 1, "facility": 2, "region": 3, "admin3": 4, "admin2": 5,
               "admin1": 6, "country": 7}


#: proclitics allowed before a place name: those of any noun but the comparative ك
PLACE_PROCLITICS = frozenset(p for p in NOUN_PROCLITICS if "ك" not in p)


@record
class PlacePhrase:
    """One spatial phrase element, with the elements that locate it in ``refs``."""

    relation: str  # in | near | outskirts | direction | countryside | region
    anchor: Mention | None = None
    direction: str | None = None  # N S E W NE NW SE SW
    feature: str | None = None  # folded feature word: قريه بلده مدينه منطقه محافظه ريف ...
    name: str | None = None  # raw text of an unknown name after a feature word
    name_span: Span | None = None
    country: str | None = None  # ISO3 from an adjective after the name ("العراقية")
    span: Span | None = None  # this element's raw span
    anaphoric: bool = False  # "أطراف المدينة الشمالية": the feature refers back
    refs: tuple["PlacePhrase", ...] = ()

    @property
    def admin_context(self) -> "PlacePhrase | None":
        """The first following element that is a countryside / governorate context."""
        for r in self.refs:
            if r.relation == "countryside" or r.feature in ("محافظه", "ريف", "ناحيه"):
                return r
        return None


_NS = itemgetter(0)  # an element's ns
_SPECIFIC_KINDS = frozenset({"community", "town", "facility"})


def _is_country(gazetteer: Gazetteer, pid: str) -> bool:
    p = gazetteer.get(pid)
    return p is not None and p.kind == "country"


class _NameInfo(NamedTuple):
    """What a gazetteer name tells before its context is read (cached per name)."""

    short: bool  # two letters or fewer
    stop: bool  # a common word: needs a feature word before it
    adjective: bool  # an adjective after a feature word ("مدينة صغيرة", "مدن سورية"): never named by one
    country: bool  # a country's name: after the article it is the adjective ("الحدود السورية")
    strong: bool  # prominent: needs no cue
    foreign_minor: bool  # only small towns outside Syria
    ids: tuple[str, ...]  # its gazetteer candidates
    ref: str  # the candidate a bare name means
    evidence: str
    kinds: frozenset[str]  # the kinds of its candidates
    specific_alone: bool  # a town, village or facility: specific when it stands alone


class _El(NamedTuple):
    """One element of a spatial phrase, before grouping. The phrase of a name's element
    is built only if its group becomes a PLACE_PHRASE (most names stand alone)."""

    ns: int  # normalised start of the element
    ne: int
    specific: bool
    coordinated: bool  # "وسقبا": a new place in a list, not a locating element
    phrase: PlacePhrase | None  # built already (unknown names), else from ``name``
    # a name's element: (relation, anchor, direction, feature, country)
    name: tuple[str, Mention, str | None, str | None, str | None] | None = None

    @property
    def bare(self) -> bool:
        """A name alone: no feature word, relation, direction or country around it."""
        return self.name is not None and self.name[0] == "in" and self.name[2:] == (None, None, None)

    def built(self, norm: NormalizedText) -> PlacePhrase:
        if self.phrase is not None:
            return self.phrase
        relation, anchor, direction, feature, country = self.name  # type: ignore[misc]
        return PlacePhrase(relation, anchor, direction, feature, country=country,
                           span=norm.to_raw(self.ns, self.ne))


def _forms(word: str) -> tuple[str, ...]:
    """The word and its forms without a proclitic (بريف → ريف, والمدينة → المدينة):
    without a two-letter one (``_CLITICS``' order: وب, فب, ول, فل), then without the
    first letter, each leaving at least two letters. (Only the first two letters are
    read: no cache needed.)"""
    if len(word) < 3 or word[0] not in _CLITIC_FIRST:
        return (word,)
    if len(word) > 3 and word[:2] in _TWO_LETTER_CLITICS:
        return (word, word[2:], word[1:])
    return (word, word[1:])


class PlaceRecognizer:
    """Find PLACE and PLACE_PHRASE mentions. Build once; ``find`` is thread-safe."""

    def __init__(self, gazetteer: "Gazetteer") -> None:
        from marsad.geocode import _data

        self.gazetteer = gazetteer
        self.words = _data.phrase_words()
        self.stop = _data.stoplist()
        self.needs_cue = _data.needs_cue()
        self.prominent_abroad = _data.prominent_abroad()
        self.not_names = _data.not_names()
        self._prominent = _data.prominent_population()  # by town source: from this population
        w = self.words
        vocab = (set(w.directions) | set(w.direction_adjectives) | set(w.linked_relations)
                 | set(w.links) | set(w.place_prepositions) | set(w.with_countryside)
                 | set(w.country_adjectives))
        for f in w.features:
            vocab |= {f, "ال" + f}
        self.matcher: Matcher[str] = Matcher(
            # two-letter names (ري, ني, دو) are almost never a place in running text
            # and make a third of all automaton hits: they are left out
            # a country's name stays even when it is also a phrase word ("سورية", the
            # feminine of Syrian: it then needs a place cue, see the stoplist)
            ((k, pid) for k, pid in gazetteer.name_entries()
             if len(k) > 2 and ((k not in vocab and "ال" + k not in vocab) or _is_country(gazetteer, pid))),
            min_prefixed=3,
            # no ك (as, like) before a place name: "وكسرت" is not "و+ك+سرت"
            prefixes=PLACE_PROCLITICS,
        )
        self._strong: dict[str, bool] = {}
        for key in self.matcher.keys():
            self._strong[key] = self._is_prominent(key)
        w = self.words
        feats = sorted(w.features, key=len, reverse=True)
        self._feature_re = re.compile(
            r"(?<![^\W_])(?:و|ف)?(?:ب|ل)?(?:ال)?(" + "|".join(map(re.escape, feats)) + r")(?![^\W_])"
        )
        self.feature_gate = first_word_gate(feats, article=True)
        self._cue_word: dict[str, int] = {}  # a cache of _word_cue
        self._names: dict[str, _NameInfo] = {}  # a cache of _name_info

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_cue_word"], state["_names"] = {}, {}
        return state

    def _name_info(self, key: str, payloads) -> "_NameInfo":
        """What a matched name's key says about it, whatever the text around it."""
        ids = tuple(dict.fromkeys(payloads))
        ref = self.default_ref(ids)
        src = self.gazetteer.get(ref)
        evidence = (
            f"alias:{src.source[6:]}" if src is not None and src.source.startswith("alias:")
            else f"gazetteer:{src.source if src else '?'}"
        )
        kinds = frozenset(p.kind for p in (self.gazetteer.get(c) for c in ids) if p)
        return _NameInfo(
            short=len(key.replace(" ", "")) <= 2,
            stop=key in self.stop,
            adjective=key in self.not_names,
            country=kinds == {"country"},
            # a prominent place is found without a cue, unless its name is also a verb
            # or a frequent word: then any cue will do (a preposition: "في سرت")
            strong=self._strong.get(key, False) and key not in self.needs_cue,
            foreign_minor=(self._foreign_minor(payloads) and key not in self.needs_cue
                           and key not in self.prominent_abroad),
            ids=ids, ref=ref, evidence=evidence, kinds=kinds,
            specific_alone=bool(kinds & _SPECIFIC_KINDS),
        )

    def _is_prominent(self, key: str) -> bool:
        if self.gazetteer.is_weak(key):
            return False
        for pid in self.matcher.payloads(key):
            p = self.gazetteer.get(pid)
            if p is None:
                continue
            if p.kind in _STRONG_KINDS or p.capital:
                return True
            if p.population >= (_PROMINENT_POP if p.country_iso3 == "SYR" else self._prominent.get(p.source, 100_000)):
                return True
            if p.kind == "community" and p.source.startswith("alias:"):
                return True
        return False

    def default_ref(self, ids) -> str:
        """The candidate a bare name means without context, as the geocoder picks it:
        a Syrian place first; then a governorate / district / sub-district capital
        (OCHA CAPIT_LVL 1 < 2 < 3); then a town or village over an admin unit of the
        same name (OCHA has no population for most communities, so population only
        ranks places of one level); then the largest population; on a tie, the
        community that lies in the admin unit named like it, then gazetteer order."""
        places = [p for p in (self.gazetteer.get(i) for i in ids) if p is not None]
        if len(places) < 2:
            return places[0].id if places else ids[0]
        admin_codes = {c for p in places if p.kind in _ADMIN_KINDS for c in (p.id, p.pcode) if c}
        order = {p.id: k for k, p in enumerate(places)}

        def rank(p) -> tuple:
            return (
                p.country_iso3 != "SYR",
                p.capital if p.capital > 0 else 9,
                p.kind in _ADMIN_KINDS or p.kind == "country",
                -(p.population or 0),
                not ({p.admin2_pcode, p.admin3_pcode} & admin_codes),
                _KIND_ORDER.get(p.kind, 9),
                order[p.id],
            )

        return min(places, key=rank).id

    def _foreign_minor(self, ids) -> bool:
        """Only small towns outside Syria: a preposition is not cue enough. (A town of
        a source with its own ``prominent_population`` is small below 100,000: from
        there "في X" names it.)"""
        for pid in ids:
            p = self.gazetteer.get(pid)
            if p is not None and p.country_iso3 == "SYR":
                return False
            if p is not None and p.source in self._prominent and p.population >= 100_000:
                return False
        return True

    # -- cues ------------------------------------------------------------------------
    def _cue_of(self, word: str) -> int:
        cue = self._cue_word.get(word)
        if cue is None:
            cue = remember(self._cue_word, word, self._word_cue(word))  # the words before names
        return cue

    def _word_cue(self, word: str) -> int:
        """The cue a word gives the place name after it: 3: a feature word; 2: a
        compass or relation word; 1: weak (a preposition); 0: none. (A name without
        one has the weak cue of its own proclitic ب or ل, see :meth:`find`.)"""
        w = self.words
        forms = _forms(word)
        if any(f in w.features for f in forms):
            return 3
        if any(f in w.directions or f in w.relations for f in forms):
            return 2
        if any(f in w.place_prepositions for f in forms):
            return 1
        return 0

    # -- the main entry ------------------------------------------------------------
    def find(self, norm: NormalizedText, raw: str | None = None, *, matches=None,
             words: Words | None = None, sentence_starts: list[int] | None = None) -> list[Mention]:
        """PLACE and PLACE_PHRASE mentions of ``norm``. Pass the ``raw`` text so that
        each mention's ``text`` is exactly ``raw[span]`` (without it, ``text`` is the
        normalised form). ``matches``: this recognizer's matcher's matches in ``norm``
        when they are already known (found with other matchers in one pass); ``words``:
        the words of ``norm.text`` when already split; ``sentence_starts``: where the
        sentences begin in ``norm`` (each mention's ``sentence`` is then its index;
        else -1)."""
        text = norm.text
        words = words or Words(text)

        def sentence(ns: int) -> int:
            return -1 if sentence_starts is None else sentence_index(sentence_starts, ns)

        def text_of(ns: int, ne: int, span: Span) -> str:
            return span.of(raw) if raw is not None else text[ns:ne]

        # the mentions of a text with its raw text and sentences (the common case), made in C when built
        make = mention_maker(norm, raw, sentence_starts) if raw is not None and sentence_starts is not None else None
        accepted: list[tuple[Any, Mention, list[tuple[str, int, int]]]] = []
        pending: list[tuple[Any, _NameInfo, list[tuple[str, int, int]]]] = []
        last_end = -10
        last_was_place = False
        names, cue_words = self._names, self._cue_word
        for m in (self.matcher.find(text) if matches is None else matches):
            key = m.key
            info = names.get(key)
            if info is None:
                info = names[key] = self._name_info(key, m.payloads)
            prefix = m.prefix
            if info.country and prefix.endswith(("ال", "لل")):
                continue  # "الحدود السورية": the Syrian border, an adjective
            before = words_before(words, m.wstart, 1, _STOP_CHARS)
            # its cue (see _word_cue): the word before it, else its own proclitic ب or ل
            own = 0
            if before:
                own = cue_words.get(before[0][0])
                if own is None:
                    own = self._cue_of(before[0][0])
            if not own and prefix and ("ب" in prefix or prefix.startswith("ل")):
                own = 1
            if info.adjective and own == 3:
                continue  # "مدينة صغيرة", "مدن سورية": the word describes the feature
            coordinated = last_was_place and prefix.startswith("و") and text[last_end : m.wstart].strip(" ,") == ""
            cue = 3 if coordinated else own
            if info.short:
                if m.prefix or cue == 0:
                    continue
            if info.stop:
                # a common word needs its own feature word: after "X و" it is more
                # often the word ("روسيا والاتحاد الأوروبي") than another place
                if own < 3:
                    continue
            elif not info.strong:
                if cue == 0 or (cue == 1 and info.foreign_minor):
                    if cue == 0 and info.specific_alone and not info.foreign_minor and not info.adjective:
                        # a village of a list ("هي مسرابا وجسرين وسقبا"): taken if a
                        # place of the same list is (see _list_members)
                        pending.append((m, info, before))
                    continue
            confidence = 1.0 if cue or info.strong else 0.6
            if make is not None:
                mention = make(MentionKind.PLACE, m.nstart, m.nend, info.ref, info.ids, None, info.evidence,
                               confidence)
            else:
                span = norm.to_raw(m.nstart, m.nend)
                mention = Mention(MentionKind.PLACE, span, text_of(m.nstart, m.nend, span), ref=info.ref,
                                  candidates=info.ids, evidence=info.evidence, confidence=confidence,
                                  sentence=sentence(m.nstart))
            if raw is not None and ends_with_tanween(mention.text):
                continue  # "دوماً" (always), "مرفوضاً روسياً": a name takes no tanween
            accepted.append((m, mention, before))
            last_end = m.nend
            last_was_place = True
        if pending and accepted:
            for m, info in self._list_members(text, accepted, pending):
                if make is not None:
                    mention = make(MentionKind.PLACE, m.nstart, m.nend, info.ref, info.ids, None,
                                   f"{info.evidence}; listed with a place", 1.0)
                else:
                    span = norm.to_raw(m.nstart, m.nend)
                    mention = Mention(MentionKind.PLACE, span, text_of(m.nstart, m.nend, span), ref=info.ref,
                                      candidates=info.ids, evidence=f"{info.evidence}; listed with a place",
                                      sentence=sentence(m.nstart))
                if raw is None or not ends_with_tanween(mention.text):
                    accepted.append((m, mention, words_before(words, m.wstart, 1, _STOP_CHARS)))
            accepted.sort(key=lambda x: x[0].nstart)
        places = accepted
        # Build elements for every place, and for unknown names after feature words.
        elements: list[_El] = []
        place_starts = {}
        for m, mention, _ in places:
            place_starts[m.wstart] = (m, mention)
        for m, mention, before in places:
            el = self._bare_element(words, m, mention, before)
            if el is None:
                el = self._element(norm, words, m, mention, words_before(words, m.wstart, 4, _STOP_CHARS))
            elements.append(el)
        elements += self._unknown_elements(norm, place_starts, words)
        elements.sort(key=_NS)
        out = [mention for _, mention, _ in places]
        out += self._group(norm, elements, text_of, sentence)
        return out

    @staticmethod
    def _list_members(text: str, accepted, pending) -> list:
        """The names of ``pending`` (villages found without a cue) that stand in one
        coordinated list with an accepted town or village: "هي مسرابا وجسرين وسقبا
        ودوما", "عين الورد وكفر سلام" after a cue. Names follow each other joined by و
        (on the later name) and nothing else but a comma."""
        items = sorted([(m.nstart, m.wstart, m.nend, m.prefix, True, None)
                        for m, mention, _ in accepted if mention.kind is MentionKind.PLACE]
                       + [(m.nstart, m.wstart, m.nend, m.prefix, False, (m, info)) for m, info, _ in pending])
        chains: list[list[tuple]] = []
        for it in items:
            if chains:
                prev = chains[-1][-1]
                if it[3].startswith("و") and text[prev[2]:it[1]].strip(" ,،") == "":
                    chains[-1].append(it)
                    continue
            chains.append([it])
        out = []
        for chain in chains:
            if len(chain) > 1 and any(it[4] for it in chain):
                out.extend(it[5] for it in chain if not it[4])
        return out

    # -- elements -----------------------------------------------------------------------
    def _bare_element(self, words: Words, m, mention: Mention, before: list[tuple[str, int, int]]) -> _El | None:
        """The element of a name that stands alone, found without reading four words
        back (what :meth:`_element` makes of it); None when a word around it may
        locate it (a feature, compass, relation or link word before it; a direction,
        countryside or country adjective after it). ``before``: the word before it."""
        w = self.words
        if before and (self._cue_of(before[0][0]) >= 2 or before[0][0] in w.links):
            return None
        if not m.suffix:
            after = words_after(words, m.nend, 1, _STOP_CHARS)
            if after and (after[0][0] in w.direction_adjectives or after[0][0] in w.with_countryside
                          or after[0][0] in w.country_adjectives):
                return None
        return _El(m.wstart, m.nend, self._names[m.key].specific_alone, m.prefix.startswith("و"), None,
                   ("in", mention, None, None, None))

    def _element(self, norm: NormalizedText, words: Words, m, mention: Mention,
                 prev: list[tuple[str, int, int]]) -> _El:
        """The element of an accepted name ``m`` (``prev``: up to four words before it)."""
        w = self.words
        ns, ne = m.wstart, m.nend
        feature = direction = None
        relation = "in"
        i = 0
        # the feature word is on the match itself when the prefix carries it? no: a word.
        coord_feature = False
        if i < len(prev):
            for f in _forms(prev[i][0]):
                if f in w.features:
                    feature = w.features[f][0]
                    ns = prev[i][1]
                    # "وقرية كفر سلام": a new place of a list, not one that locates the last
                    coord_feature = prev[i][0].startswith("و") and f != prev[i][0]
                    i += 1
                    break
        if i < len(prev):
            d = self._direction_before(prev, i)
            if d is not None:
                direction, used = d
                relation = "direction"
                ns = prev[i + used - 1][1]
                i += used
            else:
                for f in _forms(prev[i][0]):
                    if f in w.relations:
                        relation = w.relations[f]
                        ns = prev[i][1]
                        i += 1
                        break
                else:
                    if i + 1 < len(prev) and prev[i][0] in w.links:
                        for f in _forms(prev[i + 1][0]):
                            if f in w.linked_relations:
                                relation = w.linked_relations[f]
                                ns = prev[i + 1][1]
                                i += 2
                                break
        if feature in ("ريف", "باديه") and relation == "in":
            relation = "countryside"  # "بادية تدمر": the desert around the town
        country = None
        nxt = words_after(words, m.nend, 2, _STOP_CHARS) if not m.suffix else []
        j = 0
        if j < len(nxt) and nxt[j][0] in w.direction_adjectives:
            d1 = w.direction_adjectives[nxt[j][0]]
            ne = nxt[j][2]
            j += 1
            if j < len(nxt) and nxt[j][0] in w.direction_adjectives:
                d2 = w.direction_adjectives[nxt[j][0]]
                if d1 in "NS" and d2 in "EW":
                    d1 = d1 + d2
                    ne = nxt[j][2]
                    j += 1
            direction = direction or d1
            if relation == "in" and feature not in ("منطقه", "باديه"):
                relation = "direction"
        if j < len(nxt) and nxt[j][0] in w.with_countryside:
            relation = "countryside"
            ne = nxt[j][2]
            j += 1
        if j < len(nxt) and nxt[j][0] in w.country_adjectives:
            country = w.country_adjectives[nxt[j][0]]
            ne = nxt[j][2]
        kinds = self._names[m.key].kinds
        specific = bool(kinds & _SPECIFIC_KINDS) and feature not in (
            "محافظه", "ريف", "ناحيه") and relation != "countryside"
        if feature == "منطقه" and "admin2" in kinds:
            specific = False
        coord = (ns == m.wstart and m.prefix.startswith("و")) or (coord_feature and ns == prev[i - 1][1])
        return _El(ns, ne, specific, coord, None, (relation, mention, direction, feature, country))

    def _direction_before(self, prev, i) -> tuple[str, int] | None:
        w = self.words
        d = None
        for f in _forms(prev[i][0]):
            if f in w.directions:
                d = w.directions[f]
                break
        if d is None:
            return None
        # "شمال غرب X": the nearer word is the E/W part
        if i + 1 < len(prev):
            for f in _forms(prev[i + 1][0]):
                d0 = w.directions.get(f)
                if d0 and d0 in "NS" and d in "EW":
                    return d0 + d, 2
        return d, 1

    def _unknown_elements(self, norm: NormalizedText, place_starts, words: Words) -> list[_El]:
        text = norm.text
        w = self.words
        out: list[_El] = []
        for fm in self.feature_gate.finditer(self._feature_re, words):
            fw = fm.group(1)
            feature, names_follow = w.features[fw]
            has_article = text[fm.start(1) - 2 : fm.start(1)] == "ال" and fm.start(1) - 2 >= fm.start()
            nxt = words_after(words, fm.end(), 2, _STOP_CHARS)
            if nxt and nxt[0][1] in place_starts:
                continue
            if has_article:
                # anaphoric: "أطراف المدينة الشمالية"
                if feature not in ("مدينه", "بلده", "قريه"):
                    continue
                direction = None
                ne = fm.end()
                if nxt and nxt[0][0] in w.direction_adjectives:
                    direction = w.direction_adjectives[nxt[0][0]]
                    ne = nxt[0][2]
                prev = words_before(words, fm.start(), 2, _STOP_CHARS)
                relation = None
                ns = fm.start()
                for k, (pw, ps, _pe) in enumerate(prev):
                    rels = w.relations if k == 0 else w.linked_relations  # "قريبا من": after a link
                    for f in _forms(pw):
                        if f in rels:
                            relation = rels[f]
                            ns = ps
                            break
                    if relation or pw not in w.links:
                        break
                if relation is None and direction is None:
                    continue
                if relation is None:
                    relation = "direction"
                out.append(_El(ns, ne, True, False, PlacePhrase(relation, None, direction, feature,
                                                                span=norm.to_raw(ns, ne), anaphoric=True)))
                continue
            if not names_follow or not nxt:
                continue
            word, a, b = nxt[0]
            if (
                (len(word) < 3 and word not in w.name_prefixes)  # but "تل", "أم" begin names
                or not word.isalpha()
                or word in self.not_names
                or word in w.direction_adjectives
                or word in w.features
                or any(f in w.features or f in w.place_prepositions for f in _forms(word))
            ):
                continue
            if word.startswith(w.name_prefixes) and len(word) <= 4 and len(nxt) > 1:
                b = nxt[1][2]
            ns = fm.start()
            prev = words_before(words, fm.start(), 3, _STOP_CHARS)
            relation = "in"
            direction = None
            if prev:
                d = self._direction_before(prev, 0)
                if d:
                    direction, used = d
                    relation = "direction"
                    ns = prev[used - 1][1]
                else:
                    for f in _forms(prev[0][0]):
                        if f in w.relations:
                            relation = w.relations[f]
                            ns = prev[0][1]
                            break
            span = norm.to_raw(a, b)
            out.append(_El(ns, b, True, False, PlacePhrase(relation, None, direction, feature,
                                                           name=None, name_span=span,
                                                           span=norm.to_raw(ns, b))))
        return out

    # -- grouping into phrases ---------------------------------------------------------
    def _group(self, norm: NormalizedText, elements: list[_El], text_of, sentence) -> list[Mention]:
        text = norm.text
        groups: list[list[_El]] = []
        for el in elements:
            if groups:
                prev = groups[-1][-1]
                if 0 <= el.ns - prev.ne <= 12 and not el.coordinated:
                    gap = text[prev.ne : el.ns]
                    if _STOP_CHARS.isdisjoint(gap) and all(g in self.words.links for g in _WORD.findall(gap)):
                        groups[-1].append(el)
                        continue
                if el.ns < prev.ne:  # overlapping: keep the longer
                    if el.ne - el.ns > prev.ne - prev.ns:
                        groups[-1][-1] = el
                    continue
            groups.append([el])
        out: list[Mention] = []
        for g in groups:
            if len(g) == 1 and g[0].bare:
                continue  # a name alone is a PLACE mention only
            head_i = next((k for k, e in enumerate(g) if e.specific), 0)
            refs = tuple(e.built(norm) for k, e in enumerate(g) if k != head_i)
            ph = g[head_i].built(norm)
            name = ph.name
            if ph.name_span is not None and name is None:
                a, b = norm.from_raw(ph.name_span) if hasattr(norm, "from_raw") else (0, 0)
                name = text_of(a, b, ph.name_span)
            ph = evolve(ph, name=name, refs=refs)
            span = norm.to_raw(g[0].ns, g[-1].ne)
            ref = ph.anchor.ref if ph.anchor is not None else None
            cands = ph.anchor.candidates if ph.anchor is not None else ()
            out.append(Mention(MentionKind.PLACE_PHRASE, span, text_of(g[0].ns, g[-1].ne, span),
                               ref=ref, candidates=cands,
                               value=ph, evidence="place-phrase", sentence=sentence(g[0].ns)))
        return out
