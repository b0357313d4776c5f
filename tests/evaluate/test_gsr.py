"""Sentence-level scoring on GSR files (read in their published CSV layout)."""

from __future__ import annotations

import csv

import pytest

from marsad.errors import GoldError
from marsad.evaluate.gsr import GsrReport, GsrSentence, load_gsr, predicted_positive, score_gsr
from marsad.model import Event, Span
from tests.extract import learning_data


def test_a_gsr_file_loads_with_its_ids_dates_and_labels(tmp_path) -> None:
    path = learning_data.write(tmp_path)["gsr"]
    sents = load_gsr(path)
    assert len(sents) == len(learning_data.GSR_ROWS)
    s = sents[0]
    assert s.article == "OWN_ARB_20190514.0000" and s.positive is True
    doc = s.document()
    assert doc.published.date().isoformat() == "2019-05-14" and doc.raw_text == s.text
    assert [x.positive for x in sents].count(None) == 1  # the ambiguous one


@pytest.mark.parametrize("row, message", [
    ({"id": "a-1", "event_type": "RIOT", "label": "yes", "text": "x"}, "event_type"),
    ({"id": "a-1", "event_type": "ASSAULT", "label": "maybe", "text": "x"}, "label"),
    ({"id": "a-1", "event_type": "ASSAULT", "label": "yes"}, "not a GSR row"),
])
def test_bad_rows_name_their_line(tmp_path, row, message) -> None:
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "event_type", "label", "text"])
        w.writeheader()
        w.writerow(row)
    with pytest.raises(GoldError, match=message) as exc:
        load_gsr(path)
    assert "bad.csv:2" in str(exc.value)


def _ev(event_type: str) -> Event:
    return Event(doc_id="d", event_type=event_type, sub_event_type="", evidence="", evidence_span=Span(0, 0))


def test_categories_map_to_acled_types() -> None:
    assert predicted_positive("ASSAULT", [_ev("Violence against civilians")])
    assert predicted_positive("ASSAULT", [_ev("Battles"), _ev("Protests")])
    assert not predicted_positive("ASSAULT", [_ev("Protests")])
    assert predicted_positive("PROTEST", [_ev("Riots")])
    assert not predicted_positive("PROTEST", [])


def test_scores_count_ambiguous_sentences_out() -> None:
    r = GsrReport()
    mk = lambda label: GsrSentence(id="a-1", event_type="ASSAULT", label=label, text="t")  # noqa: E731
    r.add(mk("yes"), True)
    r.add(mk("yes"), False)
    r.add(mk("difficult no"), True)
    r.add(mk("easy no"), False)
    r.add(mk("ambiguous"), True)
    s = r.scores("ASSAULT")
    assert (s["tp"], s["fn"], s["fp"], s["tn"]) == (1, 1, 1, 1)
    assert s["precision"] == s["recall"] == s["f1"] == 0.5
    assert r.mean_f1() == 0.5 and len(r.errors) == 2


def test_score_gsr_runs_the_pipeline_on_each_sentence(tmp_path) -> None:
    from marsad.pipeline import build_pipeline

    sents = load_gsr(learning_data.write(tmp_path)["gsr"])
    report = score_gsr(sents, build_pipeline(extractor="rules"))
    a = report.scores("ASSAULT")
    assert a["tp"] + a["fn"] == 2 and a["fp"] + a["tn"] == 2
    assert a["tp"] >= 1  # the shelling of Idlib is found


def test_the_threshold_is_the_middle_of_the_best_range_not_a_lone_peak() -> None:
    from marsad.evaluate.crossval import best_threshold, smoothed_argmax

    # a lone peak (0.9 between 0.5s) loses to the best of a good range
    assert smoothed_argmax([0.5, 0.9, 0.5, 0.8, 0.85, 0.8]) == 4
    assert smoothed_argmax([0.6, 0.6]) == 0  # a tie: the first (the lower threshold)
    probs = [("ASSAULT", True, p) for p in (0.95, 0.9, 0.85, 0.8, 0.75, 0.72, 0.68, 0.65, 0.31, 0.05)]
    probs += [("ASSAULT", False, p) for p in (0.66, 0.5, 0.45, 0.4, 0.35, 0.2, 0.1, 0.1, 0.05, 0.05)]
    # F1 at 0.2 ... 0.8: 0.72, 0.75, 0.727, 0.8, 0.842, 0.75, 0.571; best with its neighbours: 0.6
    assert best_threshold(probs, "ASSAULT", (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)) == (0.6, 0.8421)
    assert best_threshold(probs, "PROTEST") is None
