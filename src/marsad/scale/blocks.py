"""De-duplication cut into blocks, components and replays: the pure part of the Spark job.

The local engine (:class:`marsad.dedup.Deduplicator`, driven by ``marsad run``) assigns
reports one by one in input order, each to the best cluster *all* of whose reports it is
compatible with (:func:`marsad.dedup.compatible`). That is greedy and order-dependent, but
it only ever looks at reports compatible with the one being assigned, so:

1. **Blocks.** Two compatible reports have the same ``event_type`` and dates at most
   ``week_window`` days apart or in one calendar month. A report's block is
   ``(event_type, year-month)`` of its date; a report dated in the first
   ``week_window`` days of a month also visits the block of the month before, as a
   guest (compared with that block's own reports only, so each pair is tested once).
   Inside a block, reports are compared by country (a report without a country with
   every report of the block, as :func:`~marsad.dedup.rules.place_compatible` allows it)
   and by date (a pair more than ``week_window`` days apart is compatible only when one
   of them is dated to the month). A report without a date is never merged: it is a
   cluster of its own and never enters a block.
2. **Components.** The compatible pairs are the edges of a graph; its connected
   components (with the reports of one stored event joined, for an incremental run)
   are independent: no assignment in one can see a cluster of another.
3. **Replays.** Each component is replayed with the local engine's own
   :class:`~marsad.dedup.Deduplicator`, its reports in their global input order, after
   the stored events it touches (oldest first), so every decision and tie-break is the
   one the local engine makes.
4. **Ids.** ``marsad run`` gives a new event ``ISO3 + the next number of the country's
   counter`` when the batch (``batch_size`` documents) that created it is written, in
   the order the events were created, with the country of the event as merged at the end
   of that batch. :func:`assign_event_ids` does the same from each new cluster's first
   report and :attr:`ClusterOutcome.id_iso3`.

Everything here is plain Python on :class:`~marsad.model.Event` records; the Spark job
(:mod:`marsad.scale.spark`) only moves them between executors.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from typing import Hashable, Iterable, Iterator, Sequence

from marsad.dedup import Deduplicator, DedupConfig, compatible, merge_reports
from marsad.errors import SparkError
from marsad.model import Document, Event
from marsad.store.codec import iso3_of

__all__ = [
    "ClusterOutcome",
    "Report",
    "StoredCluster",
    "as_report",
    "assign_event_ids",
    "block_entries",
    "components",
    "pairs_in_block",
    "replay_component",
]


@dataclass(frozen=True, slots=True)
class Report:
    """One extracted event of one document, as de-duplication sees it.

    ``seq``: its place in the order the local engine assigns reports (documents in input
    order, each document's events in order; an incremental run continues after the
    stored ones). ``pos``: its document's place among the documents its run read (the
    batch is ``pos // batch_size``); -1 for a report of an earlier run."""

    seq: int
    pos: int
    event: Event


@dataclass(frozen=True, slots=True)
class StoredCluster:
    """An event of an earlier run: its key (creation order), id and reports in order."""

    key: int
    event_id_cnty: str
    members: tuple[Report, ...]
    canonical: Event


@dataclass(frozen=True, slots=True)
class ClusterOutcome:
    """A cluster after a replay.

    ``key``: the stored key, or None for a new event; ``first_seq``: the seq of its first
    report (new events are numbered in this order); ``id_iso3``: for a new event, the
    ISO3 its id takes (its country as merged at the end of the creating batch);
    ``event``: the canonical event (``event_id_cnty`` still empty for a new one);
    ``members``: its reports' seqs in order; ``new_members``: those of this run;
    ``changed``: whether this run added a report to it; ``before``: a stored event as
    it was."""

    key: int | None
    event_id_cnty: str
    first_seq: int
    id_iso3: str
    event: Event
    members: tuple[int, ...]
    new_members: tuple[int, ...]
    changed: bool
    before: Event | None = None  # a stored event as it was before this run


def as_report(event: Event, doc: Document) -> Event:
    """An extracted event as ``marsad run`` stores it as a report of ``doc``."""
    return dataclasses.replace(
        event,
        doc_id=doc.doc_id,
        source=event.source or doc.source or "",
        sources=(doc.doc_id,),
        event_id_cnty="",
    )


# -- 1. blocks ----------------------------------------------------------------------


def _window(config: DedupConfig) -> int:
    return max(config.week_window, config.day_window)


def block_entries(report: Report, config: DedupConfig = DedupConfig()) -> list[tuple[tuple, tuple[bool, Report]]]:
    """``(block key, (is_home, report))`` for every block ``report`` belongs to; none
    for a report without a date (it never merges)."""
    e = report.event
    d = e.event_date
    if d is None:
        return []
    out = [((e.event_type, d.year, d.month), (True, report))]
    if d.day <= _window(config):
        before = d.replace(day=1) - timedelta(days=1)
        out.append(((e.event_type, before.year, before.month), (False, report)))
    return out


def _month_level(e: Event) -> bool:
    return e.time_precision == 3


def pairs_in_block(entries: Iterable[tuple[bool, Report]], config: DedupConfig = DedupConfig()) -> Iterator[tuple[int, int]]:
    """The compatible pairs ``(seq, seq)`` (smaller first) of one block's entries."""
    entries = list(entries)
    home = sorted((r for is_home, r in entries if is_home), key=lambda r: r.seq)
    guests = sorted((r for is_home, r in entries if not is_home), key=lambda r: r.seq)
    window = _window(config)

    by_country: dict[str, list[Report]] = {}
    for r in home + guests:
        by_country.setdefault(r.event.country or "", []).append(r)
    countryless = by_country.pop("", [])
    home_seqs = {r.seq for r in home}

    def test(a: Report, b: Report) -> Iterator[tuple[int, int]]:
        if a.seq not in home_seqs and b.seq not in home_seqs:
            return  # two guests: they meet in their own month's block
        if a.pos < 0 and b.pos < 0:
            return  # two stored reports: their events are settled
        x, y = (a, b) if a.seq < b.seq else (b, a)
        # the local engine tests compatible(member, new report): the earlier one first
        if compatible(x.event, y.event, config):
            yield (x.seq, y.seq)

    def within(group: list[Report]) -> Iterator[tuple[int, int]]:
        # month-level reports meet every report of the block; the others only those
        # at most `window` days away (sorted by date, the scan stops there)
        month = [r for r in group if _month_level(r.event)]
        dated = sorted((r for r in group if not _month_level(r.event)), key=lambda r: (r.event.event_date, r.seq))
        for i, a in enumerate(month):
            for b in month[i + 1:]:
                yield from test(a, b)
            for b in dated:
                yield from test(a, b)
        for i, a in enumerate(dated):
            limit = a.event.event_date + timedelta(days=window)  # type: ignore[operator]
            for b in dated[i + 1:]:
                if b.event.event_date > limit:  # type: ignore[operator]
                    break
                yield from test(a, b)

    for group in by_country.values():
        yield from within(group)
    if countryless:
        yield from within(countryless)
        others = [r for group in by_country.values() for r in group]
        for a in countryless:
            for b in others:
                if abs((a.event.event_date - b.event.event_date).days) <= window or _month_level(a.event) \
                        or _month_level(b.event):  # type: ignore[operator]
                    yield from test(a, b)


# -- 2. components ------------------------------------------------------------------


def components(edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Union-find over ``edges``: every node that has an edge -> the smallest node of
    its connected component."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    return {x: find(x) for x in list(parent)}


# -- 3. replays ---------------------------------------------------------------------


def replay_component(
    reports: Sequence[Report],
    stored: Sequence[StoredCluster] = (),
    *,
    config: DedupConfig = DedupConfig(),
    batch_size: int = 200,
) -> list[ClusterOutcome]:
    """The clusters the local engine makes of one component: ``stored`` events first
    (registered as ``marsad run`` loads them from its store), then ``reports`` assigned
    in ``seq`` order."""
    dd = Deduplicator(config)
    stored_ids: dict[Hashable, StoredCluster] = {}
    seqs: dict[Hashable, list[int]] = {}
    for sc in sorted(stored, key=lambda s: s.key):
        dd.add_cluster(sc.key, [m.event for m in sc.members], canonical=sc.canonical, event_id_cnty=sc.event_id_cnty)
        stored_ids[sc.key] = sc
        seqs[sc.key] = [m.seq for m in sc.members]
    new_of: dict[Hashable, list[Report]] = {}
    for r in sorted(reports, key=lambda r: r.seq):
        cl, _ = dd.assign(r.event)
        seqs.setdefault(cl.key, []).append(r.seq)
        new_of.setdefault(cl.key, []).append(r)
    out = []
    for key, cl in dd.clusters.items():
        added = new_of.get(key, [])
        if cl.canonical is None:  # the de-duplicator makes a cluster from a report: never
            raise SparkError(f"de-duplication made a cluster without an event ({key!r}): please report it")
        if key in stored_ids:
            sc = stored_ids[key]
            out.append(ClusterOutcome(sc.key, sc.event_id_cnty, sc.members[0].seq if sc.members else -1, "",
                                      cl.canonical, tuple(seqs[key]), tuple(r.seq for r in added), bool(added),
                                      sc.canonical))
            continue
        batch = added[0].pos // batch_size
        at_creation = [r.event for r in added if r.pos // batch_size == batch]
        iso3 = iso3_of(merge_reports(at_creation))
        out.append(ClusterOutcome(None, "", added[0].seq, iso3, cl.canonical, tuple(seqs[key]),
                                  tuple(r.seq for r in added), True))
    return out


# -- 4. ids -------------------------------------------------------------------------


def assign_event_ids(new: Iterable[tuple[int, str]], counters: dict[str, int] | None = None) -> tuple[dict[int, str], dict[str, int]]:
    """``(first_seq, iso3)`` of the new events -> ``{first_seq: event_id_cnty}`` and the
    counters after them (``counters``: iso3 -> the next number, as the store keeps them;
    1 for a country not in it)."""
    nxt = dict(counters or {})
    ids: dict[int, str] = {}
    for first_seq, iso3 in sorted(new):
        n = nxt.get(iso3, 1)
        ids[first_seq] = f"{iso3}{n}"
        nxt[iso3] = n + 1
    return ids, nxt

