"""Cross-outlet de-duplication: reports of the same real-world event become one event.

See :mod:`marsad.dedup.rules` for when two reports match and how they merge, and
:mod:`marsad.dedup.cluster` for the incremental clustering used by ``marsad run``.
"""

from __future__ import annotations

from marsad.dedup.cluster import Cluster, Deduplicator, cluster_events
from marsad.dedup.evaluate import evaluate_clusters, gold_events
from marsad.dedup.rules import DedupConfig, compatible, merge_reports, similarity

__all__ = [
    "Cluster",
    "DedupConfig",
    "Deduplicator",
    "cluster_events",
    "compatible",
    "evaluate_clusters",
    "gold_events",
    "merge_reports",
    "similarity",
]
