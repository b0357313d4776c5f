"""Load the trigger and modality lexicons (``data/triggers.yaml``, ``data/modality.yaml``).

Entries are validated with pydantic (unknown keys and classes are errors naming the
file and entry). Verb stems are expanded into their written forms here: past-tense
stems take the subject suffixes, present-tense stems the imperfect prefixes and
suffixes; in a multi-word verb phrase ("شن هجوما") the first word is conjugated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from marsad.errors import LexiconError
from marsad.recognize.lexicon import safe_yaml
from marsad.recognize.matcher import Matcher, key_of
from marsad.segment import ENCLITICS

EVENT_CLASSES = frozenset(
    {
        "clash", "attack", "airstrike", "shelling", "explosion", "suicide", "chemical",
        "kill", "capture", "regain", "withdraw", "seize_weapons", "intercept", "arrest",
        "abduction", "protest", "protest_repression", "riot", "agreement", "evacuation",
        "base", "looting", "sexual_violence", "release", "group_change", "assassination",
        "execution", "siege", "advance",
    }
)

MODALITY_KINDS = ("negated", "hypothetical", "future", "generic", "reference", "question", "reported")

PAST_SUFFIXES = ("", "ت", "وا", "تا", "ا", "ن", "تم", "نا", "و")
PRESENT_PREFIXES = ("ي", "ت", "ن")
PRESENT_SUFFIXES = ("", "ون", "ان", "ن", "وا", "ين")
NOUN_SUFFIXES = tuple(ENCLITICS) + ("ا",)
# cue words take a conjunction or preposition in front, or a verb's future/purpose
# prefix, but not the article (so "حال" does not match "الحال")
CUE_PREFIXES = ("و", "ف", "ل", "ب", "ول", "وب", "فل", "فب", "س", "وس", "فس")


class _Verbs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    past: list[str] = Field(default_factory=list)
    # past stems whose bare form is also a common word (صادر "issued", فرق "teams"):
    # only their inflected forms (صادرت, فرقوا) are triggers
    past_inflected: list[str] = Field(default_factory=list)
    present: list[str] = Field(default_factory=list)


class _Trigger(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    event_class: str = Field(alias="class")
    nouns: list[str] = Field(default_factory=list)
    verbs: _Verbs = Field(default_factory=_Verbs)
    weak: bool = False
    needs_object: bool = False
    needs_armed_actor: bool = False

    @field_validator("event_class")
    @classmethod
    def _known_class(cls, v: str) -> str:
        if v not in EVENT_CLASSES:
            raise ValueError(f"unknown class {v!r} (known: {sorted(EVENT_CLASSES)})")
        return v


class _CueSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)


class _Modality(BaseModel):
    model_config = ConfigDict(extra="forbid")
    window: int = 10
    reference_reach: int = 3
    reference_construct: list[str] = []
    links: list[str] = []
    short_reach: list[str]
    responsibility_words: list[str]
    hypothetical: _CueSet
    future: _CueSet
    negated: _CueSet
    generic: _CueSet
    reference: _CueSet
    question: _CueSet
    reported: _CueSet


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """What a trigger form means: its lexicon entry, class and grammatical form."""

    trigger_id: str
    event_class: str
    form: str  # "noun" | "past" | "present"
    written: str  # the form as written in the lexicon (before folding)
    weak: bool = False
    needs_object: bool = False
    needs_armed_actor: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # one of MODALITY_KINDS
    position: str  # "before" | "after"
    written: str


def _conjugate_past(stem: str) -> Iterator[str]:
    head, _, rest = stem.partition(" ")
    for suf in PAST_SUFFIXES:
        # a stem already ending in ت (انفجرت) is a written form: only add the others
        yield (head + suf + (" " + rest if rest else "")).strip()


def _conjugate_present(stem: str) -> Iterator[str]:
    head, _, rest = stem.partition(" ")
    for pre in PRESENT_PREFIXES:
        for suf in PRESENT_SUFFIXES:
            yield (pre + head + suf + (" " + rest if rest else "")).strip()


def _data_path(name: str) -> Path:
    return Path(str(resources.files("marsad") / "data" / name))


def _load_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as fh:
            return safe_yaml(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(str(path), "-", f"cannot read: {exc}") from exc


PAST_PREFIXES = ("و", "ف")


@dataclass(frozen=True)
class _VerbMatchers:
    """Past and present verb forms: different proclitics are valid before each."""

    past: Matcher
    present: Matcher

    def find(self, text):
        return self.past.find(text) + self.present.find(text)


@dataclass(frozen=True)
class Lexicon:
    """Trigger and cue matchers, built once and shared (read-only)."""

    triggers: Matcher[TriggerEntry]
    verb_triggers: _VerbMatchers  # past and present forms, each with its prefixes
    cues: Matcher[Cue]
    window: int
    entries: tuple[_Trigger, ...]
    short_reach: frozenset[str]  # cues that reach 2 words only (folded)
    responsibility_re: re.Pattern[str]  # a word that makes a denial one of responsibility
    reference_reach: int = 3  # how many words a reference cue reaches
    construct_only: frozenset[str] = frozenset()  # reference cues that reach the next word only
    links: tuple[tuple[str, ...], ...] = ()  # sentence openings that link to another article (folded words)


def load_trigger_entries(path: Path | None = None) -> tuple[_Trigger, ...]:
    path = path or _data_path("triggers.yaml")
    raw = _load_yaml(path)
    if not isinstance(raw, list):
        raise LexiconError(str(path), "-", "expected a list of trigger entries")
    out: list[_Trigger] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        ident = item.get("id", f"#{i}") if isinstance(item, dict) else f"#{i}"
        try:
            entry = _Trigger.model_validate(item)
        except ValidationError as exc:
            raise LexiconError(str(path), str(ident), str(exc)) from exc
        if entry.id in seen:
            raise LexiconError(str(path), entry.id, "duplicate id")
        seen.add(entry.id)
        for form in entry.nouns + entry.verbs.past + entry.verbs.past_inflected + entry.verbs.present:
            if len(key_of(form)) < 2:
                raise LexiconError(str(path), entry.id, f"form {form!r} is too short")
        out.append(entry)
    return tuple(out)


class _ExtractionWordsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_cues: list[str]
    post_words: list[str]
    source_after: list[str]
    source_before: list[str]
    that_words: list[str]
    clause_start_verbs: list[str]
    accident_words: list[str]
    aircraft: list[str]
    continuation: list[str]
    victim_counted: list[str]
    victim_plurals: list[str]
    control_words: list[str]
    member_words: list[str]
    pluperfect: list[str]
    clash_cues: list[str]
    anaphora_before: list[str]
    anaphora_after: list[str]
    agent_cues: list[str]
    light_verbs: list[str]
    speaker_verbs: list[str]
    member_nouns: list[str]
    lam_complement_verbs: list[str]
    content_verbs: list[str]
    purpose_nouns: list[str]
    weapons_words: list[str]
    person_nouns: list[str]
    own_members: list[str]
    no_object_words: list[str]
    time_words: list[str]
    passive_casualty_verbs: list[str]


@dataclass(frozen=True)
class ExtractionWords:
    """The word lists of ``data/extraction_words.yaml``, folded: what the extraction
    rules compare the tokens around a trigger with (the file says what each is for)."""

    target_cues: frozenset[str]
    post_words: frozenset[str]
    source_after: frozenset[str]
    source_before: frozenset[str]
    that_words: frozenset[str]
    clause_start_verbs: frozenset[str]
    accident_words: frozenset[str]
    aircraft: frozenset[str]
    continuation: frozenset[str]
    victim_counted: frozenset[str]
    victim_plurals: frozenset[str]
    control_words: frozenset[str]
    member_words: frozenset[str]
    pluperfect: frozenset[str]
    clash_cues: frozenset[str]
    anaphora_before: frozenset[str]
    anaphora_after: frozenset[str]
    agent_cues: frozenset[str]
    light_verbs: frozenset[str]
    speaker_verbs: frozenset[str]
    member_nouns: frozenset[str]
    lam_complement_verbs: frozenset[str]
    content_verbs: frozenset[str]
    purpose_nouns: frozenset[str]
    weapons_words: frozenset[str]
    person_nouns: frozenset[str]
    own_members: frozenset[str]
    no_object_words: frozenset[str]
    time_words: frozenset[str]
    passive_casualty_verbs: frozenset[str]


@lru_cache(maxsize=4)
def load_extraction_words(path: str | None = None) -> ExtractionWords:
    """Load and check ``data/extraction_words.yaml`` (or ``path``): every entry one
    Arabic word, none listed twice in its list."""
    from marsad.recognize.lexicon import key

    file = Path(path) if path else _data_path("extraction_words.yaml")
    where = str(file)
    try:
        raw = _ExtractionWordsFile.model_validate(_load_yaml(file))
    except ValidationError as exc:
        err = exc.errors()[0]
        raise LexiconError(where, ".".join(str(p) for p in err["loc"]), err["msg"]) from exc
    lists: dict[str, frozenset[str]] = {}
    for name, words in raw.model_dump().items():
        keys: set[str] = set()
        written: set[str] = set()
        for w in words:
            k = key(w, path=where, entry=f"{name}: {w}")
            if " " in k:
                raise LexiconError(where, f"{name}: {w}", "one word per entry (the rules compare word by word)")
            if w.strip() in written:
                raise LexiconError(where, f"{name}: {w}", "listed twice")
            written.add(w.strip())
            keys.add(k)
        if not keys:
            raise LexiconError(where, name, "empty list")
        lists[name] = frozenset(keys)
    return ExtractionWords(**lists)


def load_modality(path: Path | None = None) -> _Modality:
    path = path or _data_path("modality.yaml")
    try:
        return _Modality.model_validate(_load_yaml(path))
    except ValidationError as exc:
        raise LexiconError(str(path), "-", str(exc)) from exc


def trigger_forms(entry: _Trigger) -> Iterator[tuple[str, TriggerEntry]]:
    """Every written form of a trigger entry with what it means."""
    for noun in entry.nouns:
        yield noun, TriggerEntry(entry.id, entry.event_class, "noun", noun, entry.weak, entry.needs_object, entry.needs_armed_actor)
    for stem in entry.verbs.past:
        for form in _conjugate_past(stem):
            yield form, TriggerEntry(entry.id, entry.event_class, "past", stem, entry.weak, entry.needs_object, entry.needs_armed_actor)
    for stem in entry.verbs.past_inflected:
        for form in _conjugate_past(stem):
            if form != stem:
                yield form, TriggerEntry(entry.id, entry.event_class, "past", stem, entry.weak, entry.needs_object, entry.needs_armed_actor)
    for stem in entry.verbs.present:
        for form in _conjugate_present(stem):
            yield form, TriggerEntry(entry.id, entry.event_class, "present", stem, entry.weak, entry.needs_object, entry.needs_armed_actor)


@lru_cache(maxsize=4)
def load_lexicon(triggers_path: str | None = None, modality_path: str | None = None) -> Lexicon:
    entries = load_trigger_entries(Path(triggers_path) if triggers_path else None)
    modality = load_modality(Path(modality_path) if modality_path else None)
    nouns: list[tuple[str, TriggerEntry]] = []
    past: list[tuple[str, TriggerEntry]] = []
    present: list[tuple[str, TriggerEntry]] = []
    for entry in entries:
        for form, te in trigger_forms(entry):
            {"noun": nouns, "past": past, "present": present}[te.form].append((form, te))
    cues: list[tuple[str, Cue]] = []
    for kind in MODALITY_KINDS:
        cue_set: _CueSet = getattr(modality, kind)
        for position in ("before", "after"):
            for written in getattr(cue_set, position):
                cues.append((written, Cue(kind, position, written)))
    return Lexicon(
        triggers=Matcher(nouns, suffixes=NOUN_SUFFIXES),
        verb_triggers=_VerbMatchers(
            # a past-tense verb takes only a conjunction (و ف): "لسيطرة" is a noun
            Matcher(past, verb=True, suffixes=ENCLITICS, prefixes=PAST_PREFIXES),
            Matcher(present, verb=True, suffixes=ENCLITICS),
        ),
        cues=Matcher(cues, min_prefixed=2, prefixes=CUE_PREFIXES),
        window=modality.window,
        entries=entries,
        short_reach=frozenset(key_of(w) for w in modality.short_reach),
        responsibility_re=re.compile("|".join(re.escape(key_of(w)) for w in modality.responsibility_words)),
        reference_reach=modality.reference_reach,
        construct_only=frozenset(key_of(w) for w in modality.reference_construct),
        links=tuple(tuple(key_of(w).split()) for w in modality.links),
    )
