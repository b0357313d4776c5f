"""Score extracted events against gold annotations (``marsad evaluate``).

Matching follows ``gold/GUIDELINES.md`` and the issue's contract:

- **detection**: a predicted event matches a gold event of the same ``event_type``
  whose location is within 100 km of it or whose evidence overlaps it (one-to-one,
  best pairs first);
- **full match**: detection plus sub-event type among the gold's acceptable ones,
  location within 25 km, date within the gold time precision (1: the same day,
  2: within 7 days, 3: the same month), and both sides' actors (an unordered pair;
  an empty gold side accepts anything);
- gold events with ``required: false`` are neither rewarded nor punished: a
  prediction that matches one is left out of precision, and they are not in recall;
- a **non-event coded as an event** is an unmatched prediction whose evidence overlaps
  a gold ``non_events`` sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict, ValidationError

from marsad.errors import GoldError
from marsad.geocode.distance import haversine_km
from marsad.model import Event, NormalizedText, Span
from marsad.normalize import fold, normalize

DETECT_KM = 100.0
FULL_KM = 25.0


class GoldLocation(BaseModel):
    model_config = ConfigDict(extra="allow")
    name_ar: str | None = None
    name_en: str | None = None
    admin1: str | None = None
    pcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None


class GoldEvent(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    required: bool = True
    event_type: str
    sub_event_type: list[str]
    actor1: list[str] = []
    actor2: list[str] = []
    location: GoldLocation
    event_date: date | None = None
    time_precision: int = 1
    fatalities: int | None = None
    evidence: str
    cluster: str | None = None


class GoldNonEvent(BaseModel):
    model_config = ConfigDict(extra="allow")
    evidence: str
    why: str = ""


class GoldDoc(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str
    published: date | None = None
    events: list[GoldEvent] = []
    non_events: list[GoldNonEvent] = []


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold JSONL file; a malformed line raises :class:`GoldError` naming it."""
    docs = []
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read gold file {p}: {exc.strerror or exc}") from exc
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            docs.append(GoldDoc.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise GoldError(f"{p}:{i}: not a valid gold line: {exc}") from exc
    return docs


_NAME_CLEAN = re.compile(r"[\s\-_'’:().,]+")


def _name_key(name: str) -> str:
    return _NAME_CLEAN.sub(" ", fold(name)).strip()


def _actor_names(event: Event, side: int, raw_text: str = "") -> set[str]:
    """The names a predicted side is known by: its ACLED name, associated actors, and
    the words of the article that named it (the gold lists those Arabic forms too)."""
    name = event.actor1 if side == 1 else event.actor2
    if not name:
        return set()
    assoc = event.assoc_actor_1 if side == 1 else event.assoc_actor_2
    names = {name}
    names |= {a.strip() for a in assoc.split(";") if a.strip()}
    prov = event.provenance.get("actor1" if side == 1 else "actor2")
    if prov is not None and raw_text:
        names |= {s.of(raw_text) for s in prov.spans if 0 < len(s) < 60}
    return {_name_key(n) for n in names}


def _gold_keys(names: Sequence[str]) -> set[str]:
    return {_name_key(n) for n in names if n.strip()}


def _side_ok(pred: set[str], gold: set[str]) -> bool:
    """A predicted side matches a gold side when a name is shared; names are compared
    without punctuation, and "Military Forces of Syria (2000-)" matches "Military Forces
    of Syria"."""
    if not gold:
        return True
    if not pred:
        return False
    for p in pred:
        for g in gold:
            if p == g or (len(g) > 6 and (p.startswith(g) or g.startswith(p))):
                return True
    return False


def actors_match(event: Event, gold: GoldEvent, raw_text: str = "") -> bool:
    a1, a2 = _actor_names(event, 1, raw_text), _actor_names(event, 2, raw_text)
    g1, g2 = _gold_keys(gold.actor1), _gold_keys(gold.actor2)
    return (_side_ok(a1, g1) and _side_ok(a2, g2)) or (_side_ok(a2, g1) and _side_ok(a1, g2))


def date_match(event: Event, gold: GoldEvent) -> bool:
    if gold.event_date is None:
        return True
    if event.event_date is None:
        return False
    delta = abs((event.event_date - gold.event_date).days)
    if gold.time_precision <= 1:
        return delta == 0
    if gold.time_precision == 2:
        return delta <= 7
    return (event.event_date.year, event.event_date.month) == (
        gold.event_date.year,
        gold.event_date.month,
    ) or delta <= 31


def fatalities_match(event: Event, gold: GoldEvent) -> bool:
    if gold.fatalities is None:  # deaths reported without a number
        return event.fatalities >= 1
    return event.fatalities == gold.fatalities


def distance_km(event: Event, gold: GoldEvent) -> float | None:
    if event.latitude is None or event.longitude is None:
        return None
    if gold.location.lat is None or gold.location.lon is None:
        return None
    return haversine_km(event.latitude, event.longitude, gold.location.lat, gold.location.lon)


def evidence_span(raw_text: str, evidence: str, norm: NormalizedText | None = None) -> Span | None:
    """Where a gold evidence string stands in the article (exact, then folded; pass the
    article's ``norm`` when locating several strings in one article)."""
    i = raw_text.find(evidence)
    if i >= 0:
        return Span(i, i + len(evidence))
    norm = norm or normalize(raw_text)
    key = fold(evidence).strip()
    j = norm.text.find(key)
    if j >= 0 and key:
        return norm.to_raw(j, j + len(key))
    return None


def _event_spans(event: Event) -> list[Span]:
    spans = [event.evidence_span]
    for ev in event.provenance.values():
        spans.extend(ev.spans)
    return spans


def evidence_overlap(event: Event, gold_span: Span | None) -> bool:
    if gold_span is None:
        return False
    return any(s.overlaps(gold_span) for s in _event_spans(event) if len(s))


@dataclass
class FieldTally:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass
class Pair:
    doc_id: str
    gold: GoldEvent
    event: Event
    full: bool
    fields: dict[str, bool]
    km: float | None


@dataclass
class Report:
    """Scores, and the lists behind them (for error analysis)."""

    docs: int = 0
    docs_missing: list[str] = field(default_factory=list)
    predicted: int = 0
    gold_required: int = 0
    detect_tp: int = 0
    full_tp: int = 0
    optional_matched: int = 0
    non_events_coded: int = 0
    fields: dict[str, FieldTally] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    missed: list[tuple[str, GoldEvent]] = field(default_factory=list)
    spurious: list[tuple[str, Event]] = field(default_factory=list)
    non_event_hits: list[tuple[str, Event, str]] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
        p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
        r = tp / n_gold if n_gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    @property
    def scored_predictions(self) -> int:
        return self.predicted - self.optional_matched

    def detection(self) -> dict[str, float]:
        return self._prf(self.detect_tp, self.scored_predictions, self.gold_required)

    def full(self) -> dict[str, float]:
        return self._prf(self.full_tp, self.scored_predictions, self.gold_required)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.docs,
            "documents_missing": self.docs_missing,
            "predicted_events": self.predicted,
            "gold_required_events": self.gold_required,
            "optional_gold_matched": self.optional_matched,
            "detection": {**self.detection(), "tp": self.detect_tp},
            "full_match": {**self.full(), "tp": self.full_tp},
            "non_events_coded_as_events": self.non_events_coded,
            "field_accuracy": {
                k: {"accuracy": None if v.accuracy is None else round(v.accuracy, 4),
                    "correct": v.correct, "total": v.total}
                for k, v in sorted(self.fields.items())
            },
            "missed": [
                {"doc_id": d, "gold": g.id, "event_type": g.event_type, "evidence": g.evidence}
                for d, g in self.missed
            ],
            "spurious": [
                {"doc_id": d, "event_type": e.event_type, "sub_event_type": e.sub_event_type,
                 "modality": e.modality.value, "evidence": e.evidence}
                for d, e in self.spurious
            ],
            "non_event_hits": [
                {"doc_id": d, "event_type": e.event_type, "evidence": e.evidence, "non_event": n}
                for d, e, n in self.non_event_hits
            ],
        }


FIELDS = ("sub_event_type", "actors", "location_25km", "geo_precision", "date",
          "time_precision", "fatalities")


def _compare(event: Event, gold: GoldEvent, raw_text: str = "") -> tuple[dict[str, bool], float | None]:
    km = distance_km(event, gold)
    fields_ok = {
        "sub_event_type": event.sub_event_type in gold.sub_event_type,
        "actors": actors_match(event, gold, raw_text),
        "location_25km": km is not None and km <= FULL_KM,
        "geo_precision": event.geo_precision == gold.location.geo_precision,
        "date": date_match(event, gold),
        "time_precision": event.time_precision == gold.time_precision,
        "fatalities": fatalities_match(event, gold),
    }
    return fields_ok, km


def _full(fields_ok: dict[str, bool]) -> bool:
    return all(fields_ok[k] for k in ("sub_event_type", "actors", "location_25km", "date"))


def score_document(
    report: Report, gold: GoldDoc, raw_text: str, events: Sequence[Event]
) -> None:
    """Add one document's comparison to ``report``."""
    report.docs += 1
    report.predicted += len(events)
    report.gold_required += sum(1 for g in gold.events if g.required)
    norm = normalize(raw_text)  # once per article, for evidence not found verbatim
    gold_spans = [evidence_span(raw_text, g.evidence, norm) for g in gold.events]
    candidates: list[tuple[tuple, int, int]] = []
    for gi, g in enumerate(gold.events):
        for ei, e in enumerate(events):
            if e.event_type != g.event_type:
                continue
            km = distance_km(e, g)
            overlap = evidence_overlap(e, gold_spans[gi])
            if not overlap and (km is None or km > DETECT_KM):
                continue
            fields_ok, _ = _compare(e, g, raw_text)
            # best pairs first: full matches, evidence overlap, more fields right, closer
            rank = (_full(fields_ok), overlap, sum(fields_ok.values()), -(km or 0.0), g.required)
            candidates.append((rank, gi, ei))
    candidates.sort(key=lambda c: c[0], reverse=True)
    used_g: set[int] = set()
    used_e: set[int] = set()
    for _, gi, ei in candidates:
        if gi in used_g or ei in used_e:
            continue
        used_g.add(gi)
        used_e.add(ei)
        g, e = gold.events[gi], events[ei]
        fields_ok, km = _compare(e, g, raw_text)
        if not g.required:
            report.optional_matched += 1
            continue
        report.detect_tp += 1
        full = _full(fields_ok)
        report.full_tp += int(full)
        for k, ok in fields_ok.items():
            report.fields.setdefault(k, FieldTally()).add(ok)
        report.pairs.append(Pair(gold.doc_id, g, e, full, fields_ok, km))
    for gi, g in enumerate(gold.events):
        if g.required and gi not in used_g:
            report.missed.append((gold.doc_id, g))
    non_spans = [(evidence_span(raw_text, n.evidence, norm), n.evidence) for n in gold.non_events]
    for ei, e in enumerate(events):
        if ei in used_e:
            continue
        report.spurious.append((gold.doc_id, e))
        for span, text in non_spans:
            if span is not None and e.evidence_span.overlaps(span):
                report.non_events_coded += 1
                report.non_event_hits.append((gold.doc_id, e, text))
                break


def format_report(report: Report, *, verbose: bool = True) -> str:
    """A human-readable summary (what `marsad evaluate` prints)."""
    d, f = report.detection(), report.full()
    lines = [
        f"documents scored: {report.docs}"
        + (f" (missing from corpus: {', '.join(report.docs_missing)})" if report.docs_missing else ""),
        f"predicted events: {report.predicted}   gold required: {report.gold_required}   "
        f"optional gold matched (not scored): {report.optional_matched}",
        f"event detection  P={d['precision']:.3f}  R={d['recall']:.3f}  F1={d['f1']:.3f}  "
        f"(tp={report.detect_tp})",
        f"full match       P={f['precision']:.3f}  R={f['recall']:.3f}  F1={f['f1']:.3f}  "
        f"(tp={report.full_tp})",
        f"non-events coded as events: {report.non_events_coded}",
        "field accuracy on detected events:",
    ]
    for k in FIELDS:
        t = report.fields.get(k)
        if t and t.total:
            lines.append(f"  {k:<16} {t.accuracy:.3f}  ({t.correct}/{t.total})")
        else:
            lines.append(f"  {k:<16} n/a")
    if verbose:
        for doc_id, g in report.missed:
            lines.append(f"MISSED   {doc_id} {g.id} {g.event_type}: {g.evidence[:100]}")
        for doc_id, e in report.spurious:
            lines.append(
                f"SPURIOUS {doc_id} {e.event_type}/{e.sub_event_type} "
                f"[{e.modality.value}]: {e.evidence[:100]}"
            )
        for p in report.pairs:
            if not p.full:
                bad = ", ".join(k for k, ok in p.fields.items() if not ok)
                lines.append(f"PARTIAL  {p.doc_id} {p.gold.id}: wrong {bad}")
    return "\n".join(lines)


def headline(report: Report) -> dict[str, float | int | None]:
    """The figures a comparison shows, by name."""
    d, f = report.detection(), report.full()
    out: dict[str, float | int | None] = {
        "detection P": d["precision"], "detection R": d["recall"], "detection F1": d["f1"],
        "full-match F1": f["f1"], "non-events coded": report.non_events_coded,
    }
    for k in ("actors", "location_25km", "date", "fatalities", "sub_event_type"):
        t = report.fields.get(k)
        out[k] = None if t is None or t.accuracy is None else round(t.accuracy, 4)
    return out


def format_side_by_side(reports: dict[str, Report]) -> str:
    """Several reports' headline figures in columns (rules against learned, studied
    against held-out)."""
    names = list(reports)
    rows = {n: headline(r) for n, r in reports.items()}
    width = max(12, *(len(n) for n in names)) + 2
    lines = ["".ljust(22) + "".join(n.rjust(width) for n in names)]
    for key in rows[names[0]]:
        cells = []
        for n in names:
            v = rows[n][key]
            cells.append(("n/a" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))).rjust(width))
        lines.append(key.ljust(22) + "".join(cells))
    lines.append("articles".ljust(22) + "".join(str(reports[n].docs).rjust(width) for n in names))
    lines.append("gold events".ljust(22) + "".join(str(reports[n].gold_required).rjust(width) for n in names))
    return "\n".join(lines)
