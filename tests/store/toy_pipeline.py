"""A deterministic test extractor: codes an event from every ``@event k=v|k=v`` line.

It stands in for the real extraction stages (still being written) so that the store,
de-duplication and run tests control exactly which events each document reports.
It is a real :class:`~marsad.pipeline.Pipeline` (normalise and segment run too) and
is importable by spawned worker processes (tests put this folder on PYTHONPATH).
"""

from __future__ import annotations

import re
from datetime import date

from marsad.model import Event, FieldEvidence, Mention, MentionKind, Span
from marsad.pipeline import NORMALIZE, SEGMENT, Analysis, FunctionStage, Pipeline

LINE = re.compile(r"^@event (.*)$", re.M)
INTS = {"prec": "time_precision", "geo": "geo_precision", "iso": "iso", "f": "fatalities"}
FLOATS = {"lat": "latitude", "lon": "longitude"}
STRS = {
    "type": "event_type", "sub": "sub_event_type", "loc": "location", "admin1": "admin1",
    "admin2": "admin2", "country": "country", "a1": "actor1", "a2": "actor2",
    "a1id": "actor1_id", "a2id": "actor2_id", "notes": "notes",
}


def _extract(a: Analysis) -> Analysis:
    text = a.doc.raw_text
    events, mentions = [], []
    for m in LINE.finditer(text):
        span = Span(m.start(), m.end())
        kw: dict = {}
        for part in m.group(1).split("|"):
            key, _, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if key in INTS:
                kw[INTS[key]] = int(value)
            elif key in FLOATS:
                kw[FLOATS[key]] = float(value)
            elif key in STRS:
                kw[STRS[key]] = value
            elif key == "date":
                kw["event_date"] = date.fromisoformat(value)
        kw.setdefault("event_type", "Battles")
        kw.setdefault("sub_event_type", "Armed clash")
        events.append(
            Event(
                doc_id=a.doc.doc_id,
                evidence=span.of(text),
                evidence_span=span,
                provenance={"event_type": FieldEvidence((Span(m.start(), m.start() + 6),), "toy:@event")},
                **kw,
            )
        )
        mentions.append(Mention(MentionKind.TRIGGER, Span(m.start(), m.start() + 6), "@event", ref="toy", evidence="toy"))
    events_t = tuple(events)
    return a.with_layers(mentions=tuple(mentions), candidates=events_t, events=events_t)


TOY = FunctionStage("toy-extract", frozenset({"norm"}), frozenset({"mentions", "candidates", "events"}), _extract)


def build(*, all_modalities: bool = False) -> Pipeline:
    return Pipeline([NORMALIZE, SEGMENT, TOY])
