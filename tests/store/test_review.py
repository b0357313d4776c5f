"""Analysts' corrections in the store: kept through re-runs, exported, audited."""

from __future__ import annotations

import pytest
from store_data import TOY_PIPELINE, article, event_line, write_jsonl

from marsad.store import RunOptions, Store, run_inputs
from marsad.store import review as R

TOY = RunOptions(pipeline=TOY_PIPELINE, batch_size=50)
STRIKE = dict(type="Explosions/Remote violence", sub="Air/drone strike", date="2018-03-16", prec=1, lat=36.5133,
              lon=36.8637, geo=1, loc="Afrin", admin1="Aleppo", country="Syria", iso=760,
              a1="Military Forces of Turkey", a2="Civilians (Syria)", f=43)
CLASH = dict(STRIKE, type="Battles", sub="Armed clash", loc="Homs", admin1="Homs", lat=34.73, lon=36.71,
             a2="Islamic State (Syria)", f=5, date="2018-03-20")


def _doc(doc_id: str, outlet: str, **kw) -> dict:
    return {"doc_id": doc_id, "source": outlet, "published": "2018-03-17",
            "text": article("عفرين", event_line(**kw), extra=f"المصدر {outlet}")}


def _run(store, tmp_path, records, name="in.jsonl"):
    return run_inputs([str(write_jsonl(tmp_path / name, records))], store, TOY)


def _only(store, status=None):
    events = list(store.iter_events())
    assert len(events) == 1
    return events[0]


def test_correction_is_kept_through_a_rerun_and_the_machine_proposal_recorded(db_url, tmp_path):
    with Store(db_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        eid = _only(store).event_id_cnty
        out = R.correct(store, eid, {"fatalities": 40, "sub_event_type": "Shelling/artillery/missile attack"},
                        who="rana", why="the article says 40 by shelling")
        assert out.diff["fatalities"] == [43, 40]
        e = _only(store)
        assert (e.fatalities, e.sub_event_type) == (40, "Shelling/artillery/missile attack")
        assert e.provenance["fatalities"].rule == "corrected by rana: the article says 40 by shelling"
        # the article changes: the machine now says 45, the analyst's 40 stays
        _run(store, tmp_path, [_doc("a", "bbc", **dict(STRIKE, f=45))], "in2.jsonl")
        e = _only(store)
        assert e.event_id_cnty == eid and e.fatalities == 40
        assert e.sub_event_type == "Shelling/artillery/missile attack"
        with store.engine.connect() as conn:
            pk = conn.exec_driver_sql("select id from events").scalar()
            done = R.corrections_of(conn, pk)
        assert done["fatalities"]["value"] == 40 and done["fatalities"]["machine"] == 45
        assert done["sub_event_type"]["machine"] == "Air/drone strike"
        actions = [r["action"] for r in store.revisions_of(eid)]
        assert actions[:2] == ["create", "correct"] and "proposal" in actions
        proposal = next(r for r in store.revisions_of(eid) if r["action"] == "proposal")
        assert '"fatalities":[40,45]' in proposal["what"]
        # a second identical run adds nothing
        before = len(store.revisions_of(eid))
        _run(store, tmp_path, [_doc("a", "bbc", **dict(STRIKE, f=45))], "in2.jsonl")
        assert len(store.revisions_of(eid)) == before


def test_corrections_are_validated(sqlite_url, tmp_path):
    with Store(sqlite_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        eid = _only(store).event_id_cnty
        for changes, words in [
            ({"event_type": "Picnic"}, "not an ACLED event type"),
            ({"sub_event_type": "Armed clash"}, "not a sub-type"),
            ({"fatalities": -1}, "whole number"),
            ({"event_date": "16/03/2018"}, "YYYY-MM-DD"),
            ({"geo_id": "nowhere"}, "no place"),
            ({"actor1": "Somebody Unknown"}, "inter code"),
            ({"evidence": "x"}, "cannot correct evidence"),
            ({"fatalities": 43}, "nothing changed"),
        ]:
            with pytest.raises(R.ReviewError, match=words):
                R.correct(store, eid, changes, who="rana", why="test")
        with pytest.raises(R.ReviewError, match="reason"):
            R.correct(store, eid, {"fatalities": 1}, who="rana", why="  ")
        with pytest.raises(R.EventNotFound):
            R.correct(store, "SYR999", {"fatalities": 1}, who="rana", why="x")


def test_type_actor_and_date_corrections_set_their_derived_fields(sqlite_url, tmp_path):
    with Store(sqlite_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        eid = _only(store).event_id_cnty
        R.correct(store, eid, {"event_type": "Battles", "sub_event_type": "Armed clash",
                               "actor1": "Military Forces of Turkey", "actor2": "Islamic State",
                               "event_date": "2018-03-15"}, who="rana", why="clash")
        e = _only(store)
        assert e.disorder_type == "Political violence" and e.event_date.isoformat() == "2018-03-15"
        assert e.actor2.startswith("Islamic State") and e.inter2 == 2
        assert e.inter1 == 8 and e.interaction == 28  # a state's forces abroad are external forces
        R.correct(store, eid, {"actor2": "Local militia of Afrin", "inter2": 4}, who="rana", why="named")
        e = _only(store)
        assert (e.actor2, e.actor2_id, e.inter2, e.interaction) == ("Local militia of Afrin", "", 4, 48)


def test_place_correction_by_gazetteer_id(sqlite_url, tmp_path):
    from marsad.geocode import load_gazetteer

    gaz = load_gazetteer()
    place = next(p for p in gaz.places() if p.kind in ("community", "town") and p.lat is not None)
    with Store(sqlite_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        eid = _only(store).event_id_cnty
        R.correct(store, eid, {"geo_id": place.id}, who="rana", why="the village is named in the title")
        e = _only(store)
        assert (e.geo_id, e.location, e.latitude, e.geo_precision) == (place.id, place.name_en, place.lat, 1)


def test_delete_restore_merge_split(db_url, tmp_path):
    with Store(db_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE), _doc("b", "cnn", **STRIKE), _doc("c", "afp", **CLASH)])
        events = {e.location: e.event_id_cnty for e in store.iter_events()}
        strike, clash = events["Afrin"], events["Homs"]
        R.delete_event(store, clash, who="rana", why="not an event")
        assert [e.event_id_cnty for e in store.iter_events()] == [strike]
        with pytest.raises(R.ReviewError, match="already deleted"):
            R.delete_event(store, clash, who="rana", why="again")
        R.restore_event(store, clash, who="rana", why="it is an event after all")
        assert len(list(store.iter_events())) == 2
        out = R.merge_events(store, strike, [clash], who="rana", why="the same strike")
        assert out.diff["merged"] == [None, [clash]]
        (merged,) = list(store.iter_events())
        assert set(merged.sources) == {"a", "b", "c"}
        assert [r["action"] for r in store.revisions_of(clash)][-1] == "delete"
        with store.engine.connect() as conn:
            reports = conn.exec_driver_sql(
                "select id, doc_id from event_sources where status = 'active' order by id").all()
        c_report = next(r for r in reports if r[1] == "c")[0]
        new = R.split_event(store, strike, [c_report], who="rana", why="c is another event").event
        events = {e.event_id_cnty: e for e in store.iter_events()}
        assert set(events) == {strike, new.event_id_cnty}
        assert events[new.event_id_cnty].sources == ("c",) and set(events[strike].sources) == {"a", "b"}
        with pytest.raises(R.ReviewError, match="at least one report"):
            R.split_event(store, new.event_id_cnty, [c_report], who="rana", why="x")


def test_an_analyst_deleted_event_stays_deleted_when_its_article_changes(sqlite_url, tmp_path):
    with Store(sqlite_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        eid = _only(store).event_id_cnty
        R.delete_event(store, eid, who="rana", why="a threat, not a strike")
        _run(store, tmp_path, [_doc("a", "bbc", **dict(STRIKE, f=44))], "in2.jsonl")
        assert list(store.iter_events()) == []
        assert store.counts()["events_deleted"] == 1


def test_export_gives_reviewed_values(sqlite_url, tmp_path):
    import csv

    from marsad.export import export_events

    with Store(sqlite_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        eid = _only(store).event_id_cnty
        R.correct(store, eid, {"fatalities": 7}, who="rana", why="seven")
        export_events(store.iter_events(), "acled-csv", tmp_path / "out.csv")
    (row,) = list(csv.DictReader(open(tmp_path / "out.csv", encoding="utf-8")))
    assert row["fatalities"] == "7"


def test_search_text_is_indexed_by_run_and_on_demand(sqlite_url, tmp_path):
    with Store(sqlite_url) as store:
        _run(store, tmp_path, [_doc("a", "bbc", **STRIKE)])
        with store.engine.begin() as conn:
            assert "afrin" in conn.exec_driver_sql("select folded from event_search").scalar()
            conn.exec_driver_sql("delete from event_search")
        assert R.ensure_search_index(store) == 1
        assert R.ensure_search_index(store) == 0
