"""Who did it to whom, on single sentences: the GSR's source and target spans.

The GSR's ``*_spans_train.json`` files give, for each positive sentence, several
annotators' readings of its event: the words of the verb, of the source actor (who
acted) and of the target actor (who was acted on). They measure the sides of an
event independently of any actor registry: marsad's actor1 is right when the words its
provenance points at are among the source's words, actor2 when among the target's.

The annotators disagree (one swaps source and target, one leaves a side empty), so a
word counts as the source's (the target's, the verb's) when at least half of the
readings of the sentence name it there. A sentence whose readings name no source (an
unnamed attacker) is not scored for actor1, likewise for actor2. Only ASSAULT: a
protest's "target" is whom the protest is addressed to, which ACLED does not code as a
side.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError

from marsad.errors import GoldError
from marsad.evaluate.gsr import CATEGORY_TYPES, GsrSentence
from marsad.model import Span

_WORD = re.compile(r"\S+")


class _Reading(BaseModel):
    model_config = ConfigDict(extra="ignore")
    source_actor: list[str] = []
    verb: list[str] = []
    target_actor: list[str] = []


class SidesSentence(BaseModel):
    """A GSR sentence with its annotators' readings (``source`` is the sentence id)."""

    model_config = ConfigDict(extra="ignore")
    source: str
    text: str
    event_type: str
    spans: list[_Reading]

    @property
    def id(self) -> str:
        return self.source

    @property
    def article(self) -> str:
        return self.source.rsplit("-", 1)[0]

    def document(self):
        return GsrSentence(id=self.source, event_type=self.event_type, label="yes", text=self.text).document()

    def agreed(self, role: str) -> set[str]:
        """The words at least half of the readings name in ``role`` (source_actor, verb, target_actor)."""
        counts: dict[str, int] = {}
        for r in self.spans:
            for w in set(getattr(r, role)):
                counts[w] = counts.get(w, 0) + 1
        need = max(1, (len(self.spans) + 1) // 2)
        return {w for w, n in counts.items() if n >= need}

    def word_spans(self, words: set[str]) -> list[Span]:
        return [Span(m.start(), m.end()) for m in _WORD.finditer(self.text) if m.group() in words]


def is_sides_file(path: str | Path) -> bool:
    return str(path).lower().endswith(".json")


def load_sides(path: str | Path) -> list[SidesSentence]:
    """The sentences of a GSR spans file; a bad entry raises :class:`GoldError` naming it."""
    p = Path(path)
    try:
        rows = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"cannot read GSR spans file {p}: {exc}") from exc
    if not isinstance(rows, list):
        raise GoldError(f"{p}: a GSR spans file is a JSON list of sentences")
    out = []
    for i, row in enumerate(rows):
        try:
            out.append(SidesSentence.model_validate(row))
        except ValidationError as exc:
            raise GoldError(f"{p}: entry {i} is not a GSR spans entry (needs source, text, event_type, spans): {exc}") from exc
    return out


def _overlaps(spans: Sequence[Span], targets: Sequence[Span]) -> bool:
    return any(a.start < b.end and b.start < a.end for a in spans for b in targets)


@dataclass
class SidesReport:
    """Counts over the ASSAULT sentences with an agreed reading."""

    sentences: int = 0  # scored sentences (an agreed verb)
    found: int = 0  # ... on which marsad emits a violence event
    with_source: int = 0  # found, and the readings agree on a source
    actor1_right: int = 0
    with_target: int = 0
    actor2_right: int = 0
    swapped: int = 0  # actor1 on the target's words and actor2 on the source's
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # id, what, text

    def to_json(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences, "found": self.found,
            "actor1": {"right": self.actor1_right, "of": self.with_source,
                       "share": round(self.actor1_right / self.with_source, 4) if self.with_source else 0.0},
            "actor2": {"right": self.actor2_right, "of": self.with_target,
                       "share": round(self.actor2_right / self.with_target, 4) if self.with_target else 0.0},
            "swapped": self.swapped,
        }


def _pick(events, verb: Sequence[Span]):
    """The violence event whose trigger is the agreed verb, else the first violence event."""
    violent = [e for e in events if e.event_type in CATEGORY_TYPES["ASSAULT"]]
    for e in violent:
        ev = e.provenance.get("event_type")
        if ev is not None and _overlaps(ev.spans, verb):
            return e
    return violent[0] if violent else None


def score_sides(sentences: Sequence[SidesSentence], pipeline) -> SidesReport:
    """Run ``pipeline`` on each ASSAULT sentence and compare its event's sides to the readings."""
    report = SidesReport()
    for s in sentences:
        if s.event_type != "ASSAULT":
            continue
        verb = s.word_spans(s.agreed("verb"))
        if not verb:
            continue
        report.sentences += 1
        event = _pick(pipeline.run(s.document()).events or (), verb)
        if event is None:
            continue
        report.found += 1
        src = s.word_spans(s.agreed("source_actor"))
        tgt = s.word_spans(s.agreed("target_actor"))
        spans = {k: (ev.spans if (ev := event.provenance.get(k)) else ()) for k in ("actor1", "actor2")}
        for side, gold, role in (("actor1", src, "source"), ("actor2", tgt, "target")):
            if not gold:
                continue
            setattr(report, f"with_{role}", getattr(report, f"with_{role}") + 1)
            if _overlaps(spans[side], gold):
                setattr(report, f"{side}_right", getattr(report, f"{side}_right") + 1)
            else:
                report.errors.append((s.id, f"{side} {getattr(event, side) or '(none)'!r} is not the {role}", s.text))
        if src and tgt and _overlaps(spans["actor1"], tgt) and _overlaps(spans["actor2"], src):
            report.swapped += 1
    return report


def format_sides(report: SidesReport, *, verbose: bool = False) -> str:
    j = report.to_json()
    lines = [
        f"GSR sides (ASSAULT sentences with an agreed reading: {j['sentences']}, with a violence event: {j['found']})",
        f"  actor1 on the source's words  {j['actor1']['share']:.3f}  ({j['actor1']['right']}/{j['actor1']['of']})",
        f"  actor2 on the target's words  {j['actor2']['share']:.3f}  ({j['actor2']['right']}/{j['actor2']['of']})",
        f"  swapped: {j['swapped']}",
    ]
    if verbose:
        lines += [f"SIDES    {sid}: {what}: {text[:100]}" for sid, what, text in report.errors]
    return "\n".join(lines)
