"""De-duplication rules, merging, clustering and the gold measure (events built by hand)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.dedup import (
    Deduplicator,
    cluster_events,
    compatible,
    evaluate_clusters,
    merge_reports,
)
from marsad.errors import GoldError
from marsad.model import Event, Span

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold" / "dev.jsonl"


def ev(doc_id="AL-1", **kw) -> Event:
    base = dict(
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        evidence="غارة على عفرين",
        evidence_span=Span(0, 14),
        event_date=date(2018, 3, 16),
        time_precision=1,
        actor1="Military Forces of Turkey",
        actor2="Civilians (Syria)",
        country="Syria",
        location="Afrin",
        latitude=36.5133,
        longitude=36.8637,
        geo_precision=1,
        fatalities=43,
        source=doc_id.split("-")[0].lower(),
    )
    base.update(kw)
    return Event(doc_id=doc_id, **base)


# -- rules ----------------------------------------------------------------------------------


def test_same_event_from_two_outlets_is_one_event_with_two_sources():
    a = ev("AL-1", fatalities=11, geo_precision=2, location="Afrin countryside", latitude=36.55, longitude=36.85)
    b = ev("BB-2", sub_event_type="Shelling/artillery/missile attack", fatalities=43)
    assert compatible(a, b) and compatible(b, a)
    (members,) = cluster_events([a, b])
    merged = merge_reports([a, b], event_id_cnty="SYR7")
    assert members == [0, 1]
    assert merged.sources == ("AL-1", "BB-2")
    assert merged.source == "al; bb"
    assert merged.location == "Afrin" and merged.geo_precision == 1  # the most precise location
    assert merged.fatalities == 11  # the most conservative figure
    assert merged.event_id_cnty == "SYR7"


def test_two_events_same_day_same_town_with_other_type_or_actors_stay_two():
    strike = ev("AL-1")
    clash = ev("BB-2", event_type="Battles", sub_event_type="Armed clash", actor2="YPG")
    other_actors = ev("CN-3", actor1="Military Forces of Russia")
    assert not compatible(strike, clash)
    assert not compatible(strike, other_actors)
    assert len(cluster_events([strike, clash, other_actors])) == 3


def test_a_missing_or_unidentified_side_is_compatible():
    assert compatible(ev("AL-1"), ev("BB-2", actor2=""))
    assert compatible(ev("AL-1"), ev("BB-2", actor1="", actor2="Civilians (Syria)"))
    assert compatible(ev("AL-1"), ev("BB-2", actor2="Unidentified Armed Group (Syria)"))
    assert not compatible(ev("AL-1", actor2=""), ev("BB-2", actor1="Military Forces of Russia"))
    # ids win over names when both reports have them
    assert compatible(ev("AL-1", actor1_id="TUR-MIL", actor1="الجيش التركي"), ev("BB-2", actor1_id="TUR-MIL"))


@pytest.mark.parametrize(
    "precision, days, same",
    [(1, 1, True), (1, 2, False), (2, 7, True), (2, 8, False), (3, 14, True)],
)
def test_date_window_follows_time_precision(precision, days, same):
    a = ev("AL-1", event_date=date(2018, 3, 10), time_precision=1)
    b = ev("BB-2", event_date=date(2018, 3, 10) + timedelta(days=days), time_precision=precision)
    assert compatible(a, b) is same


def test_month_precision_needs_the_same_month():
    a = ev("AL-1", event_date=date(2018, 3, 30), time_precision=3)
    assert not compatible(a, ev("BB-2", event_date=date(2018, 4, 1)))
    assert not compatible(ev("AL-1", event_date=None), ev("BB-2", event_date=None))


def test_place_distance_admin2_and_two_named_towns():
    far = ev("BB-2", latitude=36.80, longitude=36.86, location="Rajo")  # ~32 km north
    assert not compatible(ev("AL-1"), far)
    near_coarse = ev("BB-2", latitude=36.70, longitude=36.86, location="Afrin district", geo_precision=2)
    assert compatible(ev("AL-1"), near_coarse)  # ~21 km, coded near the town
    same_admin2 = dict(admin2="Afrin", geo_precision=2)
    assert compatible(ev("AL-1", **same_admin2), dataclasses.replace(far, **same_admin2))
    # two named villages 4 km apart: two attacks in two villages are two events
    kafr_batna = ev("AL-1", location="Kafr Batna", latitude=33.5139, longitude=36.3770)
    saqba = ev("BB-2", location="Saqba", latitude=33.5211, longitude=36.3868)
    assert not compatible(kafr_batna, saqba)
    # but two spellings of one town at the same coordinates are one
    assert compatible(ev("AL-1", location="Douma"), ev("BB-2", location="Duma"))
    # no coordinates: the same gazetteer id or name
    assert compatible(ev("AL-1", latitude=None, longitude=None, pcode="C1"), ev("BB-2", latitude=None, longitude=None, pcode="C1"))
    assert not compatible(ev("AL-1", country="Iraq"), ev("BB-2"))


def test_sub_event_type_compatibility_within_a_type():
    assert compatible(ev("AL-1"), ev("BB-2", sub_event_type="Shelling/artillery/missile attack"))
    assert not compatible(ev("AL-1"), ev("BB-2", sub_event_type="Remote explosive/landmine/IED"))
    assert compatible(ev("AL-1"), ev("BB-2", sub_event_type=""))
    # a chemical attack and the air strikes of the same day and town are two events
    assert not compatible(ev("AL-1"), ev("BB-2", sub_event_type="Chemical weapon"))


def test_daily_shelling_over_a_week_does_not_chain_into_one_event():
    days = [ev(f"AL-{i}", event_date=date(2018, 3, 1) + timedelta(days=i)) for i in range(7)]
    clusters = cluster_events(days)
    assert all(len(c) <= 2 for c in clusters)
    assert len(clusters) >= 4


def test_merge_picks_the_most_precise_date_and_counts_each_outlet_once():
    a = ev("AL-1", event_date=date(2018, 4, 1), time_precision=3, fatalities=0)
    b = ev("BB-2", event_date=date(2018, 4, 7), time_precision=1, fatalities=150)
    c = ev("BB-3", event_date=date(2018, 4, 7), time_precision=2, fatalities=40, source="bb")
    m = merge_reports([a, b, c])
    assert (m.event_date, m.time_precision) == (date(2018, 4, 7), 1)
    assert m.fatalities == 40  # the smallest positive figure; a report without a toll does not count
    assert m.source == "al; bb" and m.sources == ("AL-1", "BB-2", "BB-3")
    assert merge_reports([ev(fatalities=0)]).fatalities == 0
    with pytest.raises(ValueError):
        merge_reports([])


def test_withdrawn_report_leaves_an_anchor_that_a_matching_report_takes_back():
    dd = Deduplicator()
    cl, created = dd.assign(ev("AL-1"))
    assert created
    dd.rekey(cl, 5)
    assert dd.assign(ev("BB-2"))[0] is cl
    assert dd.withdraw("AL-1") == [cl] and cl.members[0].doc_id == "BB-2"
    assert dd.withdraw("BB-2") == [cl] and cl.members == [] and cl.anchor is not None
    back, created = dd.assign(ev("BB-2", fatalities=12))
    assert back is cl and not created and cl.canonical.fatalities == 12
    unrelated, created = dd.assign(ev("CN-3", event_type="Protests", sub_event_type="Peaceful protest"))
    assert created and unrelated is not cl


def test_strategic_developments_of_one_article_never_merge():
    sd = dict(event_type="Strategic developments", sub_event_type="Agreement", fatalities=0)
    assert not compatible(ev("BB-1", **sd), ev("BB-1", **sd))
    assert compatible(ev("BB-1", **sd), ev("AL-2", **sd))


# -- properties --------------------------------------------------------------------------------

reports = st.builds(
    ev,
    doc_id=st.sampled_from(["AL-1", "BB-2", "CN-3", "FR-4"]),
    event_type=st.sampled_from(["Battles", "Explosions/Remote violence"]),
    sub_event_type=st.sampled_from(["Armed clash", "Air/drone strike", "Shelling/artillery/missile attack", ""]),
    event_date=st.dates(date(2018, 1, 1), date(2018, 3, 1)),
    time_precision=st.sampled_from([1, 2, 3]),
    latitude=st.floats(35.0, 36.0),
    longitude=st.floats(36.0, 37.0),
    geo_precision=st.sampled_from([1, 2, 3]),
    actor2=st.sampled_from(["", "Civilians (Syria)", "YPG"]),
    fatalities=st.integers(0, 200),
)


@settings(max_examples=200, deadline=None)
@given(reports, reports)
def test_compatibility_is_symmetric(a, b):
    assert compatible(a, b) == compatible(b, a)


@settings(max_examples=60, deadline=None)
@given(st.lists(reports, max_size=12))
def test_every_cluster_is_pairwise_compatible_and_covers_every_report(events):
    clusters = cluster_events(events)
    assert sorted(i for c in clusters for i in c) == list(range(len(events)))
    for c in clusters:
        for i in c:
            for j in c:
                if i < j:
                    assert compatible(events[i], events[j])


# -- measuring against gold cluster keys --------------------------------------------------------


def _gold_line(doc_id, *events):
    return orjson.dumps({"doc_id": doc_id, "published": "2018-03-17", "events": list(events)}).decode()


def _gold_event(cluster, **kw):
    e = {
        "id": "e1", "required": True, "event_type": "Battles", "sub_event_type": ["Armed clash"],
        "actor1": ["Military Forces of Turkey"], "actor2": ["YPG"],
        "location": {"name_en": "Afrin", "lat": 36.5133, "lon": 36.8637, "geo_precision": 1},
        "event_date": "2018-03-16", "time_precision": 1, "fatalities": 0, "evidence": "...",
    }
    if cluster:
        e["cluster"] = cluster
    e.update(kw)
    return e


def test_evaluate_clusters_scores_cross_document_pairs(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join([
            _gold_line("AL-1", _gold_event("k1"), _gold_event("k2", event_type="Protests", sub_event_type=["Peaceful protest"])),
            _gold_line("BB-2", _gold_event("k1", event_date="2018-03-17")),
            # same key, but coded by its outlet 60 km away: a miss
            _gold_line("CN-3", _gold_event("k1", location={"lat": 36.0, "lon": 36.8, "geo_precision": 1})),
            _gold_line("FR-4", _gold_event("k2", event_type="Protests", sub_event_type=["Peaceful protest"]),
                       _gold_event(None)),
        ]) + "\n",
        encoding="utf-8",
    )
    r = evaluate_clusters(gold)
    assert r["events"] == 5 and r["gold_pairs"] == 4  # k1: 3 cross-document pairs, k2: 1
    assert r["true_pairs"] == 2 and r["predicted_pairs"] == 2
    assert r["precision"] == 1.0 and r["recall"] == 0.5 and r["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert r["precision_all_events"] < 1.0  # the unkeyed FR-4 battle merges with k1


def test_evaluate_clusters_reports_bad_gold(tmp_path):
    with pytest.raises(GoldError, match="not found"):
        evaluate_clusters(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x", "events": [{"cluster": "k", "event_date": "16/03/2018"}]}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="YYYY-MM-DD"):
        evaluate_clusters(bad)


@pytest.mark.corpus
@pytest.mark.skipif(not GOLD.is_file(), reason=f"gold file {GOLD} absent (../shared is not checked out)")
def test_dedup_f1_on_dev_gold_clusters_reaches_the_floor():
    r = evaluate_clusters(GOLD)
    assert r["gold_pairs"] >= 30
    assert r["precision"] >= 1.0
    assert r["f1"] >= 0.94  # measured 0.9444 (P 1.0, R 0.895); floors may only go up
