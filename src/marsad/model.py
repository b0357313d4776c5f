"""The typed core records of marsad.

Every record here is a frozen dataclass: immutable, picklable (so it can travel to
worker processes and Spark executors) and cheap to build.

Offsets are sacred: :attr:`Document.raw_text` is never modified, and every span in
every record is a half-open ``[start, end)`` interval into that raw text, so that
``doc.raw_text[span.start:span.end] == mention.text`` always holds.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T] | None = None, /, *, order: bool = False) -> Any:
    """``@dataclass(frozen=True, slots=True)`` for the records a document makes by the
    hundred (spans, mentions and their values), with a faster ``__init__``: it fills
    the slots through their descriptors instead of calling ``object.__setattr__`` for
    each field (about twice as fast in Python; in C, from ``marsad._records`` when it
    is built, several times). Same signature, defaults, ``__post_init__``,
    immutability, equality, hashing and pickling. Fields must have plain defaults (no
    ``default_factory``, no ``init=False``)."""

    def wrap(c: type[T]) -> type[T]:
        return _fast_init(dataclass(frozen=True, slots=True, order=order)(c))

    return wrap(cls) if cls is not None else wrap


def _fast_init(cls: type[T]) -> type[T]:
    ns: dict[str, Any] = {}
    params, body = [], []
    for f in fields(cls):  # type: ignore[arg-type]
        if not f.init or f.default_factory is not MISSING or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: @record takes plain fields with plain defaults")
        ns[f"_set_{f.name}"] = cls.__dict__[f.name].__set__  # the slot's member descriptor
        if f.default is MISSING:
            params.append(f.name)
        else:
            ns[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    # B102: the code is built from the record class's own field names (identifiers), never from input
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"]), ns)  # nosec B102
    init: Callable = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**cls.__init__.__annotations__}  # the dataclass's own (for signatures)
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    c_init = _c_init_of(len(names))
    if c_init is not None:
        # the same __init__ in C (marsad/_records.c): no Python frame per record
        init = c_init(cls, names, tuple(cls.__dict__[n] for n in names),
                      tuple(f.default for f in fields(cls)), MISSING,  # type: ignore[arg-type]
                      hasattr(cls, "__post_init__"), init)
    cls.__init__ = init  # type: ignore[misc]
    cls.__record_fields__ = names  # type: ignore[attr-defined]
    return cls


def _c_records() -> Any:
    """The module ``marsad._records`` (built by ``pip install`` when a C compiler is
    there), unless ``MARSAD_PURE_PYTHON`` is set or it is not built (then None)."""
    if os.environ.get("MARSAD_PURE_PYTHON"):
        return None
    try:
        from marsad import _records
    except ImportError:
        return None
    return _records


def _c_init_of(nfields: int) -> Callable | None:
    """``marsad._records.init_of`` for a record of ``nfields`` fields (None without the
    module, or for a record with more fields than it takes)."""
    c = _c_records()
    return c.init_of if c is not None and nfields <= c.MAX_FIELDS else None


def evolve(obj: T, **changes: Any) -> T:
    """``dataclasses.replace`` for a :func:`record`, about twice as fast: a copy of
    ``obj`` with the fields in ``changes`` replaced."""
    cls = type(obj)
    names = cls.__record_fields__  # type: ignore[attr-defined]
    out = cls(*[changes.pop(n) if n in changes else getattr(obj, n) for n in names])
    if changes:
        raise TypeError(f"{cls.__name__} has no field {', '.join(changes)}")
    return out


@record(order=True)
class Span:
    """A half-open interval ``[start, end)`` of character offsets into a raw text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def of(self, text: str) -> str:
        """The characters of ``text`` this span covers."""
        return text[self.start : self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """One article as it was read. ``raw_text`` is never changed by any stage."""

    doc_id: str
    raw_text: str
    title: str | None = None
    published: datetime | None = None
    source: str | None = None  # the outlet, e.g. "alarabiya"
    url: str | None = None
    language: str = "ar"
    author: str | None = None
    origin: str | None = None  # where it was read from: file path, "path:line", "-"

    @property
    def published_date(self) -> date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Text normalised for matching, with a map back to raw offsets.

    ``starts[i]`` and ``ends[i]`` are the raw offsets of the source of normalised
    character ``i``: the raw character it came from (``ends`` is extended over any
    removed diacritics or tatweel that follow it, so a mapped word keeps its marks).
    Both arrays are non-decreasing.
    """

    text: str
    starts: Sequence[int]  # array('i')
    ends: Sequence[int]
    raw_length: int

    def to_raw(self, start: int, end: int) -> Span:
        """Map a half-open normalised interval to a raw :class:`Span`."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"normalised interval [{start}, {end}) out of range")
        if start == end:
            pos = self.starts[start] if start < len(self.starts) else self.raw_length
            return Span(pos, pos)
        return Span(self.starts[start], self.ends[end - 1])

    def from_raw(self, span: Span) -> tuple[int, int]:
        """The normalised interval covering the raw ``span`` (inverse of :meth:`to_raw`
        for spans that start and end on normalised characters)."""
        return bisect_left(self.starts, span.start), bisect_left(self.starts, span.end)


class Token(NamedTuple):
    """A word or number of the normalised text. Its raw span is
    ``norm.to_raw(token.nstart, token.nend)`` (computed on demand: a document has
    thousands of tokens and few of them are ever shown)."""

    nstart: int
    nend: int
    norm: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    span: Span  # raw
    nstart: int  # normalised
    nend: int


def sentence_index(sentence_starts: list[int], nstart: int) -> int:
    """The index of the sentence holding normalised offset ``nstart``, given where the
    sentences start (0 before the first)."""
    return max(0, bisect_right(sentence_starts, nstart) - 1)


class MentionKind(str, Enum):
    ACTOR = "actor"
    PLACE = "place"
    PLACE_PHRASE = "place_phrase"  # a structured spatial phrase ("شرقي منطقة الهول")
    DATE = "date"
    NUMBER = "number"
    CASUALTY = "casualty"
    MEANS = "means"
    TRIGGER = "trigger"
    CUE = "cue"  # modality and attribution cues


@record
class Mention:
    """Something recognised in the text.

    ``ref`` is the identifier of what it refers to (actor id, gazetteer id, trigger id);
    ``candidates`` keeps every alternative for an ambiguous name; ``value`` holds a
    structured value (a date expression, a number); ``evidence`` says how it was found
    (which lexicon entry or rule), so a reviewer can trace it.
    """

    kind: MentionKind
    span: Span
    text: str
    ref: str | None = None
    candidates: tuple[str, ...] = ()
    value: Any = None
    evidence: str = ""
    confidence: float = 1.0
    sentence: int = -1


class PyMentionMaker:
    """The mentions of one document: ``maker(kind, a, b, ref, candidates, value,
    evidence, confidence)`` is the :class:`Mention` of the normalised interval
    ``[a, b)`` of ``norm``, with its raw span (``norm.to_raw(a, b)``), its text
    (``raw[span]``) and its sentence (the index of the last of ``sentence_starts`` at
    or before ``a``; 0 before the first). :func:`mention_maker` gives this, or its C
    twin (``marsad._records.MentionMaker``), which recognisers call for every mention."""

    __slots__ = ("norm", "raw", "sentence_starts")

    def __init__(self, norm: NormalizedText, raw: str, sentence_starts: list[int]) -> None:
        self.norm, self.raw, self.sentence_starts = norm, raw, sentence_starts

    def __call__(self, kind: MentionKind, a: int, b: int, ref: str | None, candidates: tuple[str, ...],
                 value: Any, evidence: str, confidence: float) -> Mention:
        span = self.norm.to_raw(a, b)
        return Mention(kind, span, self.raw[span.start : span.end], ref, candidates, value, evidence, confidence,
                       sentence_index(self.sentence_starts, a))


def mention_maker(norm: NormalizedText, raw: str, sentence_starts: list[int]) -> Callable[..., Mention]:
    """A :class:`PyMentionMaker` for one document, in C when ``marsad._records`` is
    built and ``MARSAD_PURE_PYTHON`` is not set."""
    if _C_MENTION_MAKER is not None:
        return _C_MENTION_MAKER(Mention, Span, norm, raw, sentence_starts)
    return PyMentionMaker(norm, raw, sentence_starts)


_C_MENTION_MAKER = getattr(_c_records(), "MentionMaker", None)


class Modality(str, Enum):
    ASSERTED = "asserted"
    REPORTED = "reported"
    HYPOTHETICAL = "hypothetical"
    FUTURE = "future"
    NEGATED = "negated"
    GENERIC = "generic"
    REFERENCE = "reference"  # named only as the reason for or object of something else
    QUESTION = "question"

    @property
    def emitted_by_default(self) -> bool:
        return self in (Modality.ASSERTED, Modality.REPORTED)


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """Why a field of an event has its value: the raw spans and the rule that decided."""

    spans: tuple[Span, ...] = ()
    rule: str = ""
    confidence: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "spans": [s.to_list() for s in self.spans],
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
        }


# ACLED's columns, in ACLED's order (the output contract).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

# marsad's columns after ACLED's, in every flat export.
EXTRA_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "evidence",
    "modality",
    "confidence",
    "pcode",
    "geo_id",
    "plover",
)

OUTPUT_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTRA_COLUMNS

#: The fields that describe an event's place: they change together (geocoding, merging).
LOCATION_FIELDS: tuple[str, ...] = (
    "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "pcode", "geo_id",
)
#: The fields that describe an event's sides.
ACTOR_FIELDS: tuple[str, ...] = (
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "actor1_id", "actor2_id",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One political-violence or strategic event, coded as ACLED codes it."""

    doc_id: str
    event_type: str
    sub_event_type: str
    evidence: str  # the source sentence, copied exactly from the raw text
    evidence_span: Span
    modality: Modality = Modality.ASSERTED
    confidence: float = 0.5
    event_id_cnty: str = ""
    event_date: date | None = None
    time_precision: int | None = None
    disorder_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    region: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    timestamp: int = 0
    pcode: str = ""
    geo_id: str = ""
    plover: str = ""
    actor1_id: str = ""
    actor2_id: str = ""
    sources: tuple[str, ...] = ()  # doc_ids of every report merged into this event
    provenance: Mapping[str, FieldEvidence] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.event_date.year if self.event_date else None

    def row(self) -> dict[str, Any]:
        """The flat output row: ACLED's columns then marsad's, JSON-friendly values."""
        out: dict[str, Any] = {}
        for name in OUTPUT_COLUMNS:
            if name == "year":
                value: Any = self.year
            elif name == "event_date":
                value = self.event_date.isoformat() if self.event_date else None
            elif name == "modality":
                value = self.modality.value
            elif name == "confidence":
                value = round(self.confidence, 3)
            else:
                value = getattr(self, name)
            out[name] = value
        return out

    def to_json(self) -> dict[str, Any]:
        out = self.row()
        out["evidence_span"] = self.evidence_span.to_list()
        out["sources"] = list(self.sources)
        out["actor1_id"] = self.actor1_id
        out["actor2_id"] = self.actor2_id
        out["provenance"] = {k: v.to_json() for k, v in sorted(self.provenance.items())}
        return out


def check_mentions(doc: Document, mentions: Iterable[Mention]) -> None:
    """Raise if any mention's text is not exactly ``raw_text[span]``."""
    for m in mentions:
        if m.span.of(doc.raw_text) != m.text:
            raise AssertionError(
                f"mention {m.kind.value} {m.text!r} does not match raw text at "
                f"{m.span.to_list()}: {m.span.of(doc.raw_text)!r}"
            )
