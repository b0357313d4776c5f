"""The fixed split of gold articles into a studied part and a held-out part, and
cross-validation folds (``marsad evaluate --split``, ``--folds``).

Rules describe the articles they were written against; a score means something only
on articles nobody read. The split is a function of the gold files alone (doc ids and
cluster keys), defined in ``data/evaluation/split.yaml``:

- articles that report one real event (gold events sharing a ``cluster`` key) form a
  group, and a group is never cut;
- a group is held out when a hash of its smallest doc id falls in the held-out
  buckets; the same hash gives each group its fold for K-fold cross-validation;
- the articles of an ``always_studied`` file (the dev gold, read before the split
  existed), and every group holding one, are studied.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from marsad.errors import ConfigError, GoldError


class Part(str, Enum):
    """Which gold articles a score is computed on."""

    all = "all"
    studied = "studied"
    heldout = "heldout"


class SplitConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    salt: str
    buckets: int = Field(ge=2)
    heldout_buckets: int = Field(ge=1)
    always_studied: list[str] = []


@lru_cache(maxsize=1)
def split_config() -> SplitConfig:
    path = resources.files("marsad") / "data" / "evaluation" / "split.yaml"
    try:
        cfg = SplitConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not a valid split definition: {exc}") from exc
    if cfg.heldout_buckets >= cfg.buckets:
        raise ConfigError(f"{path}: heldout_buckets must be below buckets")
    return cfg


def _bucket(key: str, salt: str) -> int:
    return int(hashlib.sha256((salt + key).encode("utf-8")).hexdigest()[:8], 16)


def article_groups(docs: Iterable) -> dict[str, str]:
    """Each gold article's group: the smallest doc id of the articles it shares a
    cluster key with, directly or through others (union-find over cluster keys).
    ``docs`` are :class:`~marsad.evaluate.GoldDoc` lines."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            parent[hi] = lo

    by_cluster: dict[str, str] = {}
    for d in docs:
        parent.setdefault(d.doc_id, d.doc_id)
        for e in d.events:
            if e.cluster:
                first = by_cluster.setdefault(e.cluster, d.doc_id)
                union(first, d.doc_id)
    return {doc_id: find(doc_id) for doc_id in parent}


@dataclass(frozen=True)
class Split:
    """Where each gold article stands: its group, held out or not, its fold."""

    group: dict[str, str]
    heldout: frozenset[str]
    fold_key: dict[str, int]

    def part(self, part: Part) -> set[str]:
        if part is Part.all:
            return set(self.group)
        if part is Part.heldout:
            return set(self.heldout)
        return set(self.group) - self.heldout

    def folds(self, k: int, among: Iterable[str] | None = None) -> list[set[str]]:
        """K disjoint sets of doc ids (whole groups each) covering ``among`` (default:
        every article)."""
        if k < 2:
            raise ConfigError(f"--folds takes at least 2 folds, not {k}")
        ids = set(self.group) if among is None else set(among)
        out: list[set[str]] = [set() for _ in range(k)]
        for d in ids:
            out[self.fold_key[d] % k].add(d)
        return out


def make_split(gold_files: Sequence[tuple[str | Path, Sequence]]) -> Split:
    """The split of the articles of these gold files, given as ``(path, gold docs)``."""
    cfg = split_config()
    all_docs = [d for _, docs in gold_files for d in docs]
    seen: dict[str, str] = {}
    for path, docs in gold_files:
        for d in docs:
            if d.doc_id in seen and seen[d.doc_id] != str(path):
                raise GoldError(f"article {d.doc_id} is in two gold files: {seen[d.doc_id]} and {path}")
            seen[d.doc_id] = str(path)
    group = article_groups(all_docs)
    pinned = {
        group[d.doc_id]
        for path, docs in gold_files if Path(path).name in cfg.always_studied
        for d in docs
    }
    return _split_of(group, pinned)


def sentence_split(sentences: Iterable) -> Split:
    """The split of GSR sentences (:class:`~marsad.evaluate.gsr.GsrSentence`): the
    sentences of one article form a group, keyed by their ``id``."""
    return _split_of({s.id: "gsr:" + s.article for s in sentences}, set())


def _split_of(group: dict[str, str], pinned: set[str]) -> Split:
    cfg = split_config()
    key = {g: _bucket(g, cfg.salt) for g in set(group.values())}
    heldout = frozenset(
        d for d, g in group.items() if g not in pinned and key[g] % cfg.buckets < cfg.heldout_buckets
    )
    # folds use a second hash so that they do not line up with the held-out buckets
    fold_key = {d: _bucket(g, cfg.salt + "fold:") for d, g in group.items()}
    return Split(group, heldout, fold_key)
