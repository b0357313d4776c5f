"""Issue 3 acceptance: recognition covers the gold actors and locations.

For every gold event of ../shared/gold/dev.jsonl (required and optional), the article
is recognised as a whole (normalise, segment, recognise: every recogniser, not only
the sentences with triggers) and, inside the gold evidence sentence:

- each gold side (actor1, actor2) that is named there by one of its Arabic forms must
  be found: an ACTOR mention in the evidence resolves to an actor whose ACLED name
  (or another spelling, or a member of its generated family: Civilians (Syria) for
  "civilians") matches one of the side's English names, or its text is one of the
  side's Arabic forms;
- each gold location whose Arabic name stands there must be covered by a PLACE or
  PLACE_PHRASE mention.

At least 95% of each must be found. The misses are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from tests.conftest import CORPUS, GOLD, SEED, needs_shared

pytestmark = needs_shared

THRESHOLD = 0.95  # what the recognition issue asks of both
# pinned at what is measured (they may only go up): 63/66 actors, 42/43 locations
ACTORS_FLOOR = 0.954
PLACES_FLOOR = 0.976

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass
class Result:
    found: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 1.0


def _gold() -> list[dict]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _documents(doc_ids: set[str]) -> dict:
    from marsad.ingest import read_inputs
    from marsad.model import Document

    docs = {}
    for item in read_inputs([SEED, CORPUS]):
        if isinstance(item, Document) and item.doc_id in doc_ids:
            docs[item.doc_id] = item
    return docs


def _analyse(doc, res):
    from marsad.pipeline import NORMALIZE, SEGMENT, Analysis
    from marsad.recognize import RecognizeStage

    a = Analysis(doc)
    for stage in (NORMALIZE, SEGMENT, RecognizeStage(res)):
        a = stage(a)
    return a


def _evidence_interval(a, evidence: str) -> tuple[int, int] | None:
    """The normalised interval of the evidence sentence (exact, then folded)."""
    from marsad.model import Span
    from marsad.normalize import fold

    i = a.doc.raw_text.find(evidence)
    if i >= 0:
        return a.norm.from_raw(Span(i, i + len(evidence)))
    key = fold(evidence).strip()
    j = a.norm.text.find(key) if key else -1
    return (j, j + len(key)) if j >= 0 else None


def _occurrences(text: str, key: str, a: int, b: int) -> list[tuple[int, int]]:
    out, i = [], text.find(key, a, b)
    while key and i >= 0:
        out.append((i, i + len(key)))
        i = text.find(key, i + 1, b)
    return out


def _name_keys(actor, registry) -> set[str]:
    """Every English name key an actor answers to: its names, undated, without the
    country of a generated family member, and its family members' names."""
    from marsad.recognize.actors import name_key

    def keys(a) -> set[str]:
        out = set()
        for n in (a.name,) + tuple(a.other_names):
            for form in (n, re.sub(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)", " ", n)):
                out.add(name_key(form))
            if a.generated or a.family in _GENERATED_FAMILIES:
                out.add(name_key(_PAREN.sub("", n)))
        return out

    out = keys(actor)
    if actor.family in _GENERATED_FAMILIES:
        out.add(name_key(actor.family.replace("-", " ")))
        for member in registry.family_members(actor.family):
            out |= keys(member)
    return out


_GENERATED_FAMILIES = frozenset({
    "military-forces", "police-forces", "government", "civilians", "protesters",
    "rioters", "unidentified-armed-group",
})


def _coverage(shared_data_dir):
    from marsad.model import MentionKind
    from marsad.normalize import fold
    from marsad.recognize import Resources
    from marsad.recognize.actors import name_key

    res = Resources.load(str(shared_data_dir))
    gold = _gold()
    docs = _documents({g["doc_id"] for g in gold})
    missing_docs = sorted({g["doc_id"] for g in gold} - set(docs))
    assert not missing_docs, f"gold articles not found in the corpus: {missing_docs}"

    actors, places = Result(), Result()
    misses: list[str] = []
    for g in gold:
        a = _analyse(docs[g["doc_id"]], res)
        text = a.norm.text
        for ev in g["events"]:
            where = _evidence_interval(a, ev["evidence"])
            assert where is not None, f"{g['doc_id']} {ev['id']}: evidence not in the article"
            ns, ne = where
            ev_span = a.norm.to_raw(ns, ne)
            inside = [m for m in a.mentions if ev_span.contains(m.span)]
            excerpt = ev["evidence"][:110]
            tag = f"{g['doc_id']} {ev['id']}{'' if ev.get('required', True) else ' (optional)'}"

            actor_ms = [m for m in inside if m.kind is MentionKind.ACTOR]
            for side in ("actor1", "actor2"):
                names = ev.get(side) or []
                arabic = {fold(n).strip() for n in names if _ARABIC.search(n)}
                if not any(_occurrences(text, k, ns, ne) for k in arabic):
                    continue
                english = {name_key(n) for n in names if not _ARABIC.search(n)}
                actors.total += 1
                ok = False
                for m in actor_ms:
                    alias = getattr(m.value, "alias", "")
                    if fold(m.text).strip() in arabic or (alias and fold(alias) in arabic):
                        ok = True
                    elif m.ref and m.ref in res.actors and _name_keys(res.actors.get(m.ref), res.actors) & english:
                        ok = True
                    if ok:
                        break
                if ok:
                    actors.found += 1
                else:
                    got = ", ".join(f"{m.text}={m.ref}" for m in actor_ms) or "none"
                    misses.append(f"ACTOR {tag} {side} {names} | mentions: {got} | {excerpt}")

            loc = ev.get("location") or {}
            name_ar = (loc.get("name_ar") or "").strip()
            occ = _occurrences(text, fold(name_ar).strip(), ns, ne) if name_ar else []
            if not occ:
                continue
            places.total += 1
            place_ms = [m for m in inside if m.kind in (MentionKind.PLACE, MentionKind.PLACE_PHRASE)]
            if any(m.span.contains(a.norm.to_raw(s, e)) for m in place_ms for s, e in occ):
                places.found += 1
            else:
                got = ", ".join(f"{m.text}={m.ref}" for m in place_ms) or "none"
                misses.append(f"PLACE {tag} {name_ar} ({loc.get('name_en')}) | mentions: {got} | {excerpt}")
    return actors, places, misses


@pytest.fixture(scope="module")
def coverage(shared_data_dir):
    return _coverage(shared_data_dir)


def _report(coverage) -> None:
    actors, places, misses = coverage
    print(f"\nactors: {actors.found}/{actors.total} = {actors.share:.1%}")
    print(f"locations: {places.found}/{places.total} = {places.share:.1%}")
    for line in misses:
        print("MISS", line)


def test_gold_locations_are_recognised(coverage):
    _report(coverage)
    _, places, _ = coverage
    assert places.total >= 20, "too few gold locations checked: is the gold readable?"
    assert places.share >= max(THRESHOLD, PLACES_FLOOR), f"gold locations found: {places.found}/{places.total}"


# Actors the news names by a nationality adjective on the event word (القصف التركي),
# under a hedge ("مقاتلات لا يعرف ما إذا كانت تركية أو عراقية") or as counted victims ("100 سوري")
# are derived mentions (recognize/__init__.py); the remaining misses are a country as
# actor (إسرائيل) and one-off descriptions (a named spy, "الإرهابيين").
def test_gold_actors_are_recognised(coverage):
    _report(coverage)
    actors, _, _ = coverage
    assert actors.total >= 20, "too few gold sides checked: is the gold readable?"
    assert actors.share >= max(THRESHOLD, ACTORS_FLOOR), f"gold actors found: {actors.found}/{actors.total}"
