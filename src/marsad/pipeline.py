"""Stages over a document, run in order, each declaring what it needs and what it adds.

An :class:`Analysis` carries a :class:`~marsad.model.Document` and the layers that
stages add to it (``norm``, ``sentences``, ``mentions``, ``candidates``, ``events``). It is frozen: a stage returns a new Analysis with its layers filled.
:class:`Pipeline` checks, when it is built, that every layer a stage needs is added
by an earlier stage, so a mis-assembled pipeline fails before it reads a document.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from marsad.errors import DocumentBudgetError, PipelineError
from marsad.model import Document, Event, Mention, NormalizedText, Sentence

#: The layers of an Analysis, in the order the standard stages add them.
LAYERS: tuple[str, ...] = ("doc", "norm", "sentences", "mentions", "candidates", "events")


@dataclass(frozen=True, slots=True)
class Analysis:
    doc: Document
    norm: NormalizedText | None = None
    sentences: tuple[Sentence, ...] | None = None
    mentions: tuple[Mention, ...] | None = None
    candidates: tuple[Event, ...] | None = None  # every event found, whatever its modality
    events: tuple[Event, ...] | None = None  # the ones emitted
    warnings: tuple[str, ...] = ()

    def with_layers(self, **layers) -> "Analysis":
        """A copy with these layers replaced (``dataclasses.replace``, without its
        per-call reading of the fields)."""
        unknown = layers.keys() - _FIELDS
        if unknown:
            raise TypeError(f"Analysis has no layer {', '.join(sorted(unknown))}")
        return Analysis(*[layers[f] if f in layers else getattr(self, f) for f in _FIELDS])


_FIELDS = tuple(f.name for f in dataclasses.fields(Analysis))


class Stage(Protocol):
    """A step of the pipeline. ``needs`` and ``adds`` name layers of :class:`Analysis`."""

    name: str
    needs: frozenset[str]
    adds: frozenset[str]

    def __call__(self, analysis: Analysis) -> Analysis: ...


@dataclass(frozen=True)
class FunctionStage:
    """A plain function as a stage."""

    name: str
    needs: frozenset[str]
    adds: frozenset[str]
    fn: Callable[[Analysis], Analysis]

    def __call__(self, analysis: Analysis) -> Analysis:
        return self.fn(analysis)


def _normalize(a: Analysis) -> Analysis:
    from marsad.normalize import normalize

    return a.with_layers(norm=normalize(a.doc.raw_text))


def _segment(a: Analysis) -> Analysis:
    from marsad.segment import split_sentences

    assert a.norm is not None  # nosec B101  # narrowing: Pipeline checks the order
    return a.with_layers(sentences=tuple(split_sentences(a.norm)))


NORMALIZE = FunctionStage("normalize", frozenset({"doc"}), frozenset({"norm"}), _normalize)
SEGMENT = FunctionStage("segment", frozenset({"norm"}), frozenset({"sentences"}), _segment)


class Pipeline:
    """Stages in order, checked at construction."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        available = {"doc"}
        for stage in stages:
            missing = set(stage.needs) - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage adds "
                    f"(available: {sorted(available)})"
                )
            unknown = set(stage.adds) - set(LAYERS)
            if unknown:
                raise PipelineError(f"stage {stage.name!r} adds unknown layers {sorted(unknown)}")
            available |= set(stage.adds)
        self.stages = tuple(stages)
        self.provides = frozenset(available)

    def run(self, doc: Document, *, max_seconds: float | None = None) -> Analysis:
        """The analysis of ``doc``. ``max_seconds``: its time budget, checked after each
        stage (every stage is linear in the document's length); over it,
        :class:`~marsad.errors.DocumentBudgetError`."""
        analysis = Analysis(doc)
        if max_seconds is None:
            for stage in self.stages:
                analysis = stage(analysis)
            return analysis
        start = time.monotonic()
        for stage in self.stages:
            analysis = stage(analysis)
            if time.monotonic() - start > max_seconds:
                raise DocumentBudgetError(doc.doc_id, max_seconds, stage.name)
        return analysis

    def __repr__(self) -> str:
        return f"Pipeline({' -> '.join(s.name for s in self.stages)})"


def build_pipeline(
    *,
    all_modalities: bool = False,
    include_background: bool = False,
    data_dir: str | None = None,
    extractor=None,
    model: str | None = None,
    resources=None,
) -> Pipeline:
    """The standard pipeline: normalise, segment, recognise, extract.

    ``all_modalities`` keeps hypothetical, future, negated and generic candidates in
    ``events`` (each with its modality); by default only asserted and reported events
    are emitted. ``include_background`` keeps events dated only by a past year.
    ``data_dir`` points at an installed gazetteer (default: the user data directory or
    $MARSAD_DATA). ``extractor`` is ``"learned"`` (the rules' candidates decided by the
    shipped model, or by ``model``, a file from ``marsad train``), ``"rules"``, or an
    extractor object (same protocol); by default :data:`marsad.extract.DEFAULT_EXTRACTOR`.
    """
    from marsad.extract import ExtractStage, make_extractor
    from marsad.recognize import RecognizeStage, Resources

    res = resources or Resources.load(data_dir)
    if extractor is None or isinstance(extractor, str):
        extractor = make_extractor(extractor, res, model)
    stages: list[Stage] = [
        NORMALIZE,
        SEGMENT,
        RecognizeStage(res, only_if_triggers=True),
        ExtractStage(extractor, all_modalities, include_background),
    ]
    return Pipeline(stages)
