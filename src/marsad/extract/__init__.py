"""Event extraction: from recognised mentions to ACLED-coded events.

An :class:`Extractor` turns one recognised :class:`~marsad.pipeline.Analysis` into
candidate events, each with its modality. The rule-based :class:`RuleExtractor` is the
default; a learned or LLM-based extractor can be plugged in behind the same protocol
(``build_pipeline(extractor=...)``) and scored on the same gold with
``marsad evaluate``. :class:`ExtractStage` keeps every candidate in
``analysis.candidates`` and emits in ``analysis.events`` those whose modality is
asserted or reported (all of them with ``all_modalities``), dropping background events
dated only by a year unless ``include_background``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from marsad.extract.rules import TAG_BACKGROUND, TAG_DATE_ERROR, RuleExtractor
from marsad.model import Event

__all__ = ["DEFAULT_EXTRACTOR", "EXTRACTORS", "Extractor", "RuleExtractor", "ExtractStage", "is_emitted",
           "make_extractor"]

#: the extractors by name: the rules alone, or their candidates decided by the model
EXTRACTORS = ("learned", "rules")
#: the one the pipeline uses unless told otherwise
DEFAULT_EXTRACTOR = "learned"


class Extractor(Protocol):
    name: str

    def extract(self, analysis) -> tuple[Event, ...]: ...


def make_extractor(name: str | None, resources, model: str | None = None) -> "Extractor":
    """The extractor called ``name`` (default :data:`DEFAULT_EXTRACTOR`); ``model`` is a
    model file for the learned one (default: the one shipped in the package)."""
    from marsad.errors import ConfigError

    name = name or DEFAULT_EXTRACTOR
    if name == "rules":
        return RuleExtractor(resources)
    if name == "learned":
        from marsad.extract.learned import ExtractionModel, LearnedExtractor

        return LearnedExtractor(resources, ExtractionModel.load(model))
    raise ConfigError(f"no extractor {name!r}: use one of {', '.join(EXTRACTORS)}")


def is_emitted(ev: Event, *, all_modalities: bool = False, include_background: bool = False) -> bool:
    if not all_modalities and not ev.modality.emitted_by_default:
        return False
    if not include_background and TAG_BACKGROUND in ev.tags:
        return False
    if not all_modalities and TAG_DATE_ERROR in ev.tags:
        return False
    return True


@dataclass(frozen=True)
class ExtractStage:
    extractor: Extractor
    all_modalities: bool = False
    include_background: bool = False
    name: str = "extract"
    needs: frozenset = frozenset({"norm", "sentences", "mentions"})
    adds: frozenset = frozenset({"candidates", "events"})

    def __call__(self, analysis):
        candidates = self.extractor.extract(analysis)
        events = tuple(
            e for e in candidates
            if is_emitted(e, all_modalities=self.all_modalities, include_background=self.include_background)
        )
        return analysis.with_layers(candidates=candidates, events=events)
