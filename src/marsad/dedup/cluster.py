"""Incremental clustering of event reports into canonical events.

A :class:`Deduplicator` holds the clusters of one run (loaded from the store around
the dates being processed). :meth:`Deduplicator.assign` adds one report: it joins
the best cluster *all* of whose reports it is compatible with (complete linkage, so
daily shelling of one town over a week never chains into one event), or starts a
new cluster. Reports are assigned in input order, so the result does not depend on
the number of worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Hashable, Iterable, Sequence

from marsad.dedup.rules import DedupConfig, compatible, merge_reports, similarity
from marsad.model import Event

__all__ = ["Cluster", "Deduplicator", "cluster_events"]


@dataclass(slots=True, eq=False)
class Cluster:
    """Reports of one real-world event. ``key`` is the store's id (or a local one).

    ``anchor`` is the last canonical event of a cluster whose reports were all
    withdrawn (its article changed): a re-extracted report that matches it takes it
    back, so the event keeps its ``event_id_cnty``.
    """

    key: Hashable
    members: list[Event] = field(default_factory=list)
    canonical: Event | None = None
    anchor: Event | None = None
    event_id_cnty: str = ""

    def accepts(self, report: Event, config: DedupConfig) -> bool:
        if self.members:
            return all(compatible(m, report, config) for m in self.members)
        return self.anchor is not None and compatible(self.anchor, report, config)

    def score(self, report: Event) -> float:
        others = self.members or ([self.anchor] if self.anchor else [])
        return max(similarity(m, report) for m in others)

    def dates(self) -> list[date]:
        evs = list(self.members) + ([self.anchor] if self.anchor else [])
        return [e.event_date for e in evs if e.event_date is not None]


def _months_near(d: date, config: DedupConfig) -> set[tuple[int, int]]:
    w = max(config.week_window, config.day_window)
    return {(x.year, x.month) for x in (d - timedelta(days=w), d, d + timedelta(days=w))}


class Deduplicator:
    """Assigns reports to clusters; see the module docstring."""

    def __init__(self, config: DedupConfig = DedupConfig()) -> None:
        self.config = config
        self.clusters: dict[Hashable, Cluster] = {}
        self._by_month: dict[tuple[int, int], set[Hashable]] = {}
        self._next_local = 0

    # -- building ---------------------------------------------------------------
    def _index(self, c: Cluster) -> None:
        for d in c.dates():
            self._by_month.setdefault((d.year, d.month), set()).add(c.key)

    def add_cluster(self, key: Hashable, members: Sequence[Event], *, canonical: Event | None = None,
                    event_id_cnty: str = "") -> Cluster:
        """Register an existing cluster (loaded from the store)."""
        c = Cluster(key, list(members), canonical, None, event_id_cnty)
        if c.canonical is None and c.members:
            c.canonical = merge_reports(c.members, event_id_cnty=event_id_cnty)
        self.clusters[key] = c
        self._index(c)
        return c

    def new_key(self) -> tuple[str, int]:
        self._next_local += 1
        return ("new", self._next_local)

    # -- assigning ----------------------------------------------------------------
    def candidates(self, report: Event) -> list[Cluster]:
        if report.event_date is None:
            return []
        keys: set[Hashable] = set()
        for m in _months_near(report.event_date, self.config):
            keys |= self._by_month.get(m, set())
        return [self.clusters[k] for k in keys if k in self.clusters]

    def best_cluster(self, report: Event) -> Cluster | None:
        fits = [c for c in self.candidates(report) if c.accepts(report, self.config)]
        if not fits:
            return None
        # highest score; ties go to the cluster with more reports, then the older key
        return max(fits, key=lambda c: (c.score(report), len(c.members), _neg_key(c.key)))

    def assign(self, report: Event) -> tuple[Cluster, bool]:
        """Add ``report``; return its cluster and whether the cluster is new."""
        c = self.best_cluster(report)
        created = c is None
        if c is None:
            c = Cluster(self.new_key())
            self.clusters[c.key] = c
        c.members.append(report)
        c.anchor = None
        c.canonical = merge_reports(c.members, event_id_cnty=c.event_id_cnty)
        self._index(c)
        return c, created

    def withdraw(self, doc_id: str) -> list[Cluster]:
        """Remove every report of ``doc_id``; return the clusters that changed.

        A cluster left empty keeps its last canonical event as ``anchor``.
        """
        changed = []
        for c in self.clusters.values():
            kept = [m for m in c.members if m.doc_id != doc_id]
            if len(kept) != len(c.members):
                if not kept:
                    c.anchor = c.canonical
                c.members = kept
                c.canonical = merge_reports(kept, event_id_cnty=c.event_id_cnty) if kept else None
                changed.append(c)
        return changed

    def rekey(self, c: Cluster, key: Hashable) -> None:
        del self.clusters[c.key]
        for keys in self._by_month.values():
            if c.key in keys:
                keys.discard(c.key)
                keys.add(key)
        c.key = key
        self.clusters[key] = c

    def drop(self, c: Cluster) -> None:
        self.clusters.pop(c.key, None)
        for keys in self._by_month.values():
            keys.discard(c.key)


def _neg_key(key: Hashable) -> tuple:
    # prefer stored clusters (int ids, lowest first) over clusters made in this run
    if isinstance(key, int):
        return (1, -key)
    return (0, -(key[1] if isinstance(key, tuple) else 0))


def cluster_events(events: Iterable[Event], config: DedupConfig = DedupConfig()) -> list[list[int]]:
    """Cluster ``events`` from scratch; return clusters as lists of input indices."""
    dd = Deduplicator(config)
    where: dict[Hashable, list[int]] = {}
    for i, e in enumerate(events):
        c, _ = dd.assign(e)
        where.setdefault(c.key, []).append(i)
    return sorted(where.values())
