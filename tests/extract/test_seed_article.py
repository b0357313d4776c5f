"""The reference article: exactly the two real attacks, and none of its non-events."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.conftest import SEED, needs_shared


@pytest.fixture(scope="module")
def seed_events(shared_pipeline):
    from dataclasses import replace

    from marsad.ingest import read_inputs

    doc = next(iter(read_inputs([str(SEED)])))
    doc = replace(doc, published=datetime(2022, 6, 6))
    analysis = shared_pipeline.run(doc)
    return doc, analysis


@needs_shared
def test_the_two_attacks(seed_events) -> None:
    doc, analysis = seed_events
    battles = [e for e in analysis.events if e.event_type == "Battles"]
    assert len(battles) == 2, [(e.evidence[:60], e.location) for e in battles]
    hol, qaryatayn = sorted(battles, key=lambda e: e.event_date, reverse=True)
    assert (hol.sub_event_type, qaryatayn.sub_event_type) == ("Armed clash", "Armed clash")
    assert hol.event_date == date(2022, 6, 4) and hol.time_precision == 1
    assert qaryatayn.event_date == date(2022, 6, 2) and qaryatayn.time_precision == 1
    assert hol.actor1 == "Islamic State (Syria)" and hol.actor2 == "QSD: Syrian Democratic Forces"
    assert qaryatayn.actor1 == "Islamic State (Syria)" and qaryatayn.actor2.startswith("Liwa al")
    assert hol.pcode == "C4519" and hol.geo_precision == 2 and hol.admin1 == "Al-Hasakeh"
    assert qaryatayn.pcode == "C2663" and qaryatayn.geo_precision == 2 and qaryatayn.admin1 == "Homs"
    assert qaryatayn.fatalities >= 1
    assert "البواردي" in hol.evidence and "القريتين" in qaryatayn.evidence


def _clause(raw: str, phrase: str) -> tuple[int, int]:
    """The clause of ``raw`` that starts at ``phrase`` (up to the next full stop)."""
    start = raw.index(phrase)
    end = min((i for i in (raw.find(".", start), raw.find("\n", start)) if i >= 0), default=len(raw))
    return start, end


NON_EVENTS = (
    "في حال شنت تركيا العملية العسكرية",  # threatened operation
    "إذا دخلت القوات التركية",  # hypothetical
    "ألقت قوات النظام القبض",  # aggregate over years ("وخلال السنوات الأخيرة" before it)
    "ولكن سعدون استبعد",  # opinion, negated
    "والأرجح أن يُسلّموا",  # speculation
    "ويسمح لبعض الشبكات",  # habitual
    "وتسعى “الإدارة الذاتية”",  # intention
    "لردع أي هجوم تركي محتمل",  # possible attack
    "لمنع وقوع الهجوم المرتقب",  # expected attack
)


@needs_shared
def test_no_event_from_the_non_events(seed_events) -> None:
    doc, analysis = seed_events
    for phrase in NON_EVENTS:
        a, b = _clause(doc.raw_text, phrase)
        for e in analysis.events:
            triggers = e.provenance["event_type"].spans
            assert not any(a <= s.start < b for s in triggers), (phrase, e.event_type, e.evidence[:80])
    assert len([e for e in analysis.events if e.event_type == "Battles"]) == 2


@needs_shared
def test_every_field_points_to_its_evidence(seed_events) -> None:
    doc, analysis = seed_events
    for e in analysis.events:
        assert e.evidence_span.of(doc.raw_text) == e.evidence
        for name, ev in e.provenance.items():
            for span in ev.spans:
                assert 0 <= span.start <= span.end <= len(doc.raw_text), name
        for m in analysis.mentions:
            assert m.span.of(doc.raw_text) == m.text
