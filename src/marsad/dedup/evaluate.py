"""Measure de-duplication against the ``cluster`` keys of a gold file.

Every gold event with a ``cluster`` key becomes an :class:`~marsad.model.Event`
(its event type, first sub-event type, location, date and precision, first actor
names, fatalities); the events are clustered with :func:`cluster_events` in file
order, and the "same event" decisions are scored pairwise over pairs of events
from *different* documents.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any, Sequence

import orjson

from marsad.dedup.cluster import cluster_events
from marsad.dedup.rules import DedupConfig
from marsad.errors import GoldError
from marsad.model import Event, Span

__all__ = ["evaluate_clusters", "gold_events"]


def _first(values: Any) -> str:
    if isinstance(values, list):
        return str(values[0]) if values else ""
    return str(values or "")


def _date(value: Any, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise GoldError(f"{where}: event_date {value!r} is not YYYY-MM-DD; fix the gold file") from exc


def gold_events(gold_path: str | Path, *, include_unkeyed: bool = False) -> list[tuple[Event, str]]:
    """(Event, cluster key) for every gold event that has a cluster key, in file order.

    With ``include_unkeyed``, every gold event, an event without a key being its
    own cluster (key ``"doc_id#id"``).
    """
    path = Path(gold_path)
    if not path.is_file():
        raise GoldError(f"gold file {path} not found: pass the path of a gold .jsonl file")
    out: list[tuple[Event, str]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise GoldError(f"{path}:{lineno}: not valid JSON ({exc}); fix the line") from exc
        doc_id = rec.get("doc_id")
        if not doc_id:
            raise GoldError(f"{path}:{lineno}: record without doc_id; add it")
        for ev in rec.get("events", []):
            key = ev.get("cluster")
            if not key:
                if not include_unkeyed:
                    continue
                key = f"{doc_id}#{ev.get('id')}"
            where = f"{path}:{lineno} event {ev.get('id')}"
            loc = ev.get("location") or {}
            evidence = ev.get("evidence") or ""
            out.append(
                (
                    Event(
                        doc_id=doc_id,
                        event_type=ev.get("event_type", ""),
                        sub_event_type=_first(ev.get("sub_event_type")),
                        evidence=evidence,
                        evidence_span=Span(0, len(evidence)),
                        event_date=_date(ev.get("event_date"), where),
                        time_precision=ev.get("time_precision"),
                        actor1=_first(ev.get("actor1")),
                        actor2=_first(ev.get("actor2")),
                        admin1=loc.get("admin1") or "",
                        location=loc.get("name_en") or loc.get("name_ar") or "",
                        latitude=loc.get("lat"),
                        longitude=loc.get("lon"),
                        geo_precision=loc.get("geo_precision"),
                        pcode=loc.get("pcode") or "",
                        fatalities=int(ev.get("fatalities") or 0),
                        source=doc_id.split("-", 1)[0],
                        sources=(doc_id,),
                    ),
                    str(key),
                )
            )
    return out


def _pairs(labels: list, docs: list[str]) -> set[tuple[int, int]]:
    return {
        (i, j)
        for i, j in combinations(range(len(labels)), 2)
        if labels[i] == labels[j] and docs[i] != docs[j]
    }


def evaluate_clusters(gold_path: str | Path | Sequence[str | Path], config: DedupConfig = DedupConfig(),
                      keep: set[str] | None = None) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of the clustering on the gold cluster keys of
    one gold file or several (read in order), on the articles ``keep`` (default: all).

    ``precision_all_events`` is a secondary check: the precision of the cross-document
    merges when every gold event (with or without a key) is clustered.
    """
    paths = [gold_path] if isinstance(gold_path, (str, Path)) else list(gold_path)

    def events(include_unkeyed: bool) -> list[tuple[Event, str]]:
        out = [x for p in paths for x in gold_events(p, include_unkeyed=include_unkeyed)]
        return out if keep is None else [x for x in out if x[0].doc_id in keep]

    out = _score(events(False), config)
    everything = _score(events(True), config)
    out["precision_all_events"] = everything["precision"]
    out["predicted_pairs_all_events"] = everything["predicted_pairs"]
    return out


def _score(items: list[tuple[Event, str]], config: DedupConfig) -> dict[str, Any]:
    events = [e for e, _ in items]
    gold_labels = [k for _, k in items]
    docs = [e.doc_id for e in events]
    predicted = [0] * len(events)
    clusters = cluster_events(events, config)
    for n, members in enumerate(clusters):
        for i in members:
            predicted[i] = n
    gold_pairs = _pairs(gold_labels, docs)
    pred_pairs = _pairs(predicted, docs)
    tp = len(gold_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "events": len(events),
        "documents": len(set(docs)),
        "gold_clusters": len(set(gold_labels)),
        "predicted_clusters": len(clusters),
        "gold_pairs": len(gold_pairs),
        "predicted_pairs": len(pred_pairs),
        "true_pairs": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }
