"""A document is 'changed' only when the same source changed: the same id from another
file is refused with both sources named, never taken for a new version."""

from __future__ import annotations

from store_data import TOY, article, event_line

from marsad.store import Store, run_inputs
from marsad.store.run import same_source, stored_origin

STRIKE = dict(type="Explosions/Remote violence", sub="Air/drone strike", date="2018-03-16", prec=1, lat=36.5133,
              lon=36.8637, geo=1, loc="Afrin", admin1="Aleppo", country="Syria", iso=760,
              a1="Military Forces of Turkey", a2="Civilians (Syria)", f=4)
CLASH = dict(STRIKE, type="Battles", sub="Armed clash", lat=32.62, lon=36.10, loc="Daraa", date="2018-03-20")


def test_the_same_file_name_in_another_folder_does_not_replace_the_first(sqlite_url, tmp_path):
    day1, day2 = tmp_path / "day1", tmp_path / "day2"
    day1.mkdir(), day2.mkdir()
    (day1 / "article.txt").write_text(article("عفرين", event_line(**STRIKE)), encoding="utf-8")
    (day2 / "article.txt").write_text(article("درعا", event_line(**CLASH)), encoding="utf-8")
    with Store(sqlite_url) as store:
        run_inputs([str(day1 / "article.txt")], store, TOY)
        rep = run_inputs([str(day2 / "article.txt")], store, TOY)
        counts = store.counts()
    assert rep.documents_changed == 0 and rep.events_deleted == 0 and rep.documents_failed == 1
    assert str(day1 / "article.txt") in rep.failures[0] and str(day2 / "article.txt") in rep.failures[0]
    assert counts["events"] == 1  # the first article's event is still there
    # run on the folder that holds both: each gets its path as id, both are stored
    with Store(sqlite_url) as store:
        rep = run_inputs([str(tmp_path)], store, TOY)
        counts = store.counts()
    assert rep.documents_failed == 0 and counts["events"] == 2


def test_the_same_file_edited_is_a_change(sqlite_url, tmp_path, monkeypatch):
    path = tmp_path / "article.txt"
    path.write_text(article("عفرين", event_line(**STRIKE)), encoding="utf-8")
    with Store(sqlite_url) as store:
        run_inputs([str(path)], store, TOY)
        path.write_text(article("عفرين", event_line(**dict(STRIKE, f=9))), encoding="utf-8")
        monkeypatch.chdir(tmp_path)  # named another way, from another folder: the same file
        rep = run_inputs(["article.txt"], store, TOY)
    assert rep.documents_changed == 1 and rep.documents_failed == 0


def test_same_source_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert stored_origin("a.txt") == str(tmp_path / "a.txt")
    assert stored_origin("x.jsonl:3") == "x.jsonl:3" and stored_origin("-") == "-"
    assert same_source("old.jsonl:3", "new.jsonl.gz:9")  # JSON lines name their own ids
    assert same_source(str(tmp_path / "a.txt"), "a.txt")
    assert not same_source(str(tmp_path / "day1" / "a.txt"), "day2/a.txt")
    assert not same_source("x.jsonl:3", "a.txt")
