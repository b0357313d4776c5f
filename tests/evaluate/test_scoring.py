"""The scorer's matching rules, on hand-made gold lines and events."""

from __future__ import annotations

import json
from datetime import date

import pytest

from marsad.errors import GoldError
from marsad.evaluate import GoldDoc, Report, load_gold, score_document
from marsad.model import Event, Modality, Span

RAW = "قتل خمسة مدنيين في غارة على بلدة ألف. ونفى الجيش وقوع هجوم على بلدة باء. جملة ثالثة."
S1 = Span(0, RAW.index(".") + 1)
S2 = Span(RAW.index("ونفى"), RAW.index(" جملة"))
S3 = Span(RAW.index("جملة"), len(RAW))


def _gold(**over) -> GoldDoc:
    line = {
        "doc_id": "d1",
        "published": "2020-01-10",
        "events": [
            {"id": "e1", "required": True, "event_type": "Explosions/Remote violence",
             "sub_event_type": ["Air/drone strike"], "actor1": ["Military Forces of Syria", "قوات النظام"],
             "actor2": ["Civilians (Syria)"],
             "location": {"name_ar": "ألف", "lat": 35.0, "lon": 36.0, "geo_precision": 1},
             "event_date": "2020-01-09", "time_precision": 1, "fatalities": 5,
             "evidence": "قتل خمسة مدنيين في غارة على بلدة ألف."},
            {"id": "e2", "required": False, "event_type": "Battles", "sub_event_type": ["Armed clash"],
             "location": {"lat": 34.0, "lon": 37.0}, "event_date": "2019-01-01", "time_precision": 3,
             "evidence": "جملة ثالثة."},
        ],
        "non_events": [{"evidence": "ونفى الجيش وقوع هجوم", "why": "denial"}],
    }
    line.update(over)
    return GoldDoc.model_validate(line)


def _event(**over) -> Event:
    base = dict(
        doc_id="d1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        evidence=S1.of(RAW), evidence_span=S1, modality=Modality.ASSERTED,
        actor1="Military Forces of Syria (2000-)", actor2="Civilians (Syria)",
        latitude=35.05, longitude=36.02, geo_precision=1, event_date=date(2020, 1, 9),
        time_precision=1, fatalities=5,
    )
    base.update(over)
    return Event(**base)


def test_full_match_and_fields() -> None:
    r = Report()
    score_document(r, _gold(), RAW, [_event()])
    assert (r.detect_tp, r.full_tp, r.gold_required, r.predicted) == (1, 1, 1, 1)
    assert r.detection()["f1"] == 1.0 and r.full()["f1"] == 1.0
    assert all(t.correct == t.total == 1 for t in r.fields.values())


@pytest.mark.parametrize(
    "over, field",
    [
        ({"sub_event_type": "Shelling/artillery/missile attack"}, "sub_event_type"),
        ({"latitude": 35.5}, "location_25km"),  # ~55 km away: detected, not full
        ({"event_date": date(2020, 1, 8)}, "date"),
        ({"actor1": "Military Forces of Russia"}, "actors"),
    ],
)
def test_detected_but_not_full(over, field) -> None:
    r = Report()
    score_document(r, _gold(), RAW, [_event(**over)])
    assert r.detect_tp == 1 and r.full_tp == 0
    assert r.pairs[0].fields[field] is False


def test_actor_sides_are_unordered_and_date_precision_widens() -> None:
    r = Report()
    swapped = _event(actor1="Civilians (Syria)", actor2="Military Forces of Syria")
    score_document(r, _gold(), RAW, [swapped])
    assert r.full_tp == 1
    g = _gold()
    g.events[0].time_precision = 2
    r2 = Report()
    score_document(r2, g, RAW, [_event(event_date=date(2020, 1, 4))])
    assert r2.full_tp == 1


def test_type_mismatch_far_away_is_not_detected() -> None:
    r = Report()
    far = _event(event_type="Battles", latitude=30.0, longitude=30.0)  # overlaps e1 but wrong type
    score_document(r, _gold(), RAW, [far])
    assert r.detect_tp == 0 and len(r.missed) == 1 and len(r.spurious) == 1


def test_optional_gold_neither_rewarded_nor_punished() -> None:
    r = Report()
    opt = _event(event_type="Battles", sub_event_type="Armed clash", evidence_span=S3, evidence=S3.of(RAW),
                 latitude=34.0, longitude=37.0)
    score_document(r, _gold(), RAW, [_event(), opt])
    assert r.optional_matched == 1 and r.scored_predictions == 1
    assert r.detection()["precision"] == 1.0


def test_non_event_coded_as_event_is_counted() -> None:
    r = Report()
    bad = _event(event_type="Battles", evidence_span=S2, evidence=S2.of(RAW), latitude=20.0, longitude=20.0)
    score_document(r, _gold(), RAW, [_event(), bad])
    assert r.non_events_coded == 1
    assert r.to_json()["non_event_hits"][0]["non_event"].startswith("ونفى")


def test_unknown_fatalities_accept_any_positive() -> None:
    g = _gold()
    g.events[0].fatalities = None
    r = Report()
    score_document(r, g, RAW, [_event(fatalities=1)])
    assert r.pairs[0].fields["fatalities"] is True


def test_load_gold_errors_name_the_line(tmp_path) -> None:
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps({"doc_id": "x"}) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"g.jsonl:2"):
        load_gold(p)
    with pytest.raises(GoldError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")
