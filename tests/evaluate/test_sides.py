"""GSR sides: actor1 and actor2 against the annotators' source and target words."""

from __future__ import annotations

import json

import pytest

from marsad.errors import GoldError
from marsad.evaluate.sides import format_sides, load_sides, score_sides
from tests.extract.test_table import pipe, resources  # noqa: F401  (fixtures)


def _entry(sid: str, text: str, readings: list[tuple[list[str], list[str], list[str]]]) -> dict:
    return {"source": sid, "text": text, "event_type": "ASSAULT",
            "spans": [{"source_actor": s, "verb": v, "target_actor": t} for s, v, t in readings]}


def test_sides_are_scored_on_the_words_most_readings_agree_on(tmp_path, pipe) -> None:
    rows = [
        # the doer and the struck, read the same way by two of three annotators
        _entry("X_20180322.0001-1", "قصفت القوات التركية اليوم مواقع لقوات النظام في مدينة عفرين.",
               [(["القوات", "التركية"], ["قصفت"], ["لقوات", "النظام"]),
                (["القوات", "التركية"], ["قصفت"], ["مواقع", "لقوات", "النظام"]),
                (["لقوات", "النظام"], ["قصفت"], ["القوات", "التركية"])]),
        # the victims are the soldiers counted after a passive verb; no doer named
        _entry("X_20180322.0002-1", "قتل ثلاثة جنود أتراك اليوم في هجوم على مدينة عفرين.",
               [([], ["قتل"], ["جنود", "أتراك"]), ([], ["قتل", "هجوم"], ["ثلاثة", "جنود", "أتراك"])]),
        _entry("X_20180322.0003-1", "وأعلنت وزارة الخارجية رفضها للقرار.",  # no event: not found
               [(["الخارجية"], ["رفضها"], ["للقرار"])]),
        {**_entry("X_20180322.0004-1", "خرج المتظاهرون اليوم في مدينة حمص.", []), "event_type": "PROTEST"},
    ]
    path = tmp_path / "spans.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    sentences = load_sides(path)
    assert sentences[0].agreed("source_actor") == {"القوات", "التركية"}
    assert sentences[0].agreed("target_actor") == {"لقوات", "النظام"}
    report = score_sides(sentences, pipe)
    j = report.to_json()
    assert (j["sentences"], j["found"]) == (3, 2)  # the protest is not scored, the statement has no event
    assert j["actor1"] == {"right": 1, "of": 1, "share": 1.0}
    assert j["actor2"] == {"right": 2, "of": 2, "share": 1.0}
    assert j["swapped"] == 0
    assert "actor2 on the target's words  1.000  (2/2)" in format_sides(report)


def test_a_swapped_reading_is_counted(tmp_path, pipe) -> None:
    rows = [_entry("X_20180322.0005-1", "قصفت القوات التركية اليوم مواقع لقوات النظام في مدينة عفرين.",
                   [(["لقوات", "النظام"], ["قصفت"], ["القوات", "التركية"])])]
    path = tmp_path / "spans.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    report = score_sides(load_sides(path), pipe)
    assert report.swapped == 1 and report.actor1_right == 0
    assert any("is not the source" in what for _, what, _ in report.errors)


def test_a_bad_spans_file_names_the_entry(tmp_path) -> None:
    path = tmp_path / "spans.json"
    path.write_text(json.dumps([{"source": "x"}]), encoding="utf-8")
    with pytest.raises(GoldError, match="entry 0"):
        load_sides(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(GoldError, match="JSON list"):
        load_sides(path)
