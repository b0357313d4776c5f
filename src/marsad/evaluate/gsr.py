"""Sentence-level scoring on the Arabic event GSR (openeventdata/arabic_event_gsr).

Each line of a GSR file is one sentence of Arabic newswire, labelled for one event
category: ``ASSAULT`` or ``PROTEST``, with ``label`` one of ``yes``, ``easy no``,
``difficult no`` (the "no" sentences hold event words, so they are hard) and
``ambiguous``. The files are CSV with the columns ``accept, event_type, id, label,
reject, text, total`` (a first unnamed index column is allowed).

A sentence is predicted positive for a category when marsad, reading the sentence as
a document (published on the date its id carries), emits an event of one of the
category's ACLED types (:data:`CATEGORY_TYPES`). ``yes`` is positive, both kinds of
"no" are negative, and ``ambiguous`` sentences are not scored.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marsad.errors import GoldError
from marsad.model import Document

#: the ACLED event types that count as each GSR category
CATEGORY_TYPES: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"}),
    "PROTEST": frozenset({"Protests", "Riots"}),
}
LABELS = ("yes", "easy no", "difficult no", "ambiguous")
_DATE_IN_ID = re.compile(r"_(\d{4})(\d{2})(\d{2})")


class GsrSentence(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    event_type: str
    label: str
    text: str = Field(min_length=1)

    @property
    def article(self) -> str:
        """The article the sentence comes from (its id without the sentence number)."""
        return self.id.rsplit("-", 1)[0]

    @property
    def positive(self) -> bool | None:
        """True for yes, False for no, None for ambiguous (not scored)."""
        if self.label == "ambiguous":
            return None
        return self.label == "yes"

    def document(self) -> Document:
        m = _DATE_IN_ID.search(self.id)
        published = None
        if m:
            try:
                published = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                published = None
        return Document(doc_id=self.id, raw_text=self.text, published=published, origin=f"gsr:{self.id}")


def is_gsr_file(path: str | Path) -> bool:
    return str(path).lower().endswith(".csv")


def load_gsr(path: str | Path) -> list[GsrSentence]:
    """The sentences of a GSR CSV file; a bad row raises :class:`GoldError` naming it."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GoldError(f"cannot read GSR file {p}: {exc}") from exc
    out = []
    for i, row in enumerate(rows, 2):
        try:
            s = GsrSentence.model_validate(row)
        except ValidationError as exc:
            raise GoldError(f"{p}:{i}: not a GSR row (needs id, event_type, label, text): {exc}") from exc
        if s.event_type not in CATEGORY_TYPES:
            raise GoldError(f"{p}:{i}: event_type {s.event_type!r} is not one of {sorted(CATEGORY_TYPES)}")
        if s.label not in LABELS:
            raise GoldError(f"{p}:{i}: label {s.label!r} is not one of {LABELS}")
        out.append(s)
    return out


def predicted_positive(category: str, events: Iterable[Any]) -> bool:
    types = CATEGORY_TYPES[category]
    return any(e.event_type in types for e in events)


@dataclass
class GsrReport:
    """Sentence-level precision, recall and F1 per category."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[tuple[str, str, bool, str]] = field(default_factory=list)  # category, id, gold, text

    def add(self, s: GsrSentence, predicted: bool) -> None:
        gold = s.positive
        if gold is None:
            return
        c = self.counts.setdefault(s.event_type, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        key = ("tp" if gold else "fp") if predicted else ("fn" if gold else "tn")
        c[key] += 1
        if key in ("fp", "fn"):
            self.errors.append((s.event_type, s.id, gold, s.text))

    def merge(self, other: "GsrReport") -> None:
        for cat, c in other.counts.items():
            mine = self.counts.setdefault(cat, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
            for k, v in c.items():
                mine[k] += v
        self.errors.extend(other.errors)

    def scores(self, category: str) -> dict[str, float]:
        c = self.counts.get(category, {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), **c}

    def mean_f1(self) -> float:
        cats = sorted(self.counts)
        return round(sum(self.scores(c)["f1"] for c in cats) / len(cats), 4) if cats else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"categories": {c: self.scores(c) for c in sorted(self.counts)}, "mean_f1": self.mean_f1()}


def score_gsr(sentences: Sequence[GsrSentence], pipeline) -> GsrReport:
    """Run ``pipeline`` on each sentence and score it for its category."""
    report = GsrReport()
    for s in sentences:
        if s.positive is None:
            continue
        analysis = pipeline.run(s.document())
        report.add(s, predicted_positive(s.event_type, analysis.events or ()))
    return report


def format_gsr(report: GsrReport, *, verbose: bool = False) -> str:
    lines = []
    for cat in sorted(report.counts):
        s = report.scores(cat)
        lines.append(f"GSR {cat:<8} P={s['precision']:.3f}  R={s['recall']:.3f}  F1={s['f1']:.3f}  "
                     f"(tp={s['tp']} fp={s['fp']} fn={s['fn']} tn={s['tn']})")
    if report.counts:
        lines.append(f"GSR mean F1 {report.mean_f1():.3f}")
    if verbose:
        for cat, sid, gold, text in report.errors:
            lines.append(f"{'MISSED  ' if gold else 'SPURIOUS'} {cat} {sid}: {text[:100]}")
    return "\n".join(lines)
