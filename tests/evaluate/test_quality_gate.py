"""The quality gate: extraction scored on gold it was not written against.

The gold of ../shared (dev.jsonl and train.jsonl) is split once
(data/evaluation/split.yaml): the studied part may be read to write rules and
features, the held-out part is only measured. The floors below are pinned on the
held-out part and on cross-validation (a model trained on K-1 folds of the studied
part decides the last), from measured scores, and may only go up: raise them when
extraction improves, never lower them to let a change pass. A change that raises the
studied scores and lowers these is overfitting.

The held-out part's errors are never printed here; the studied part's are (run
`marsad evaluate ... --split studied` to read them).
"""

from __future__ import annotations

import pytest

from tests.conftest import CORPUS, SEED, SHARED, needs_shared

GOLD_FILES = [SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "train.jsonl"]
GSR_FILES = [SHARED / "external" / "arabic_event_gsr" / f"{c}_train.csv" for c in ("assault", "protest")]

# held-out part (40 articles, 77 required events), default extractor
# (measured: detection 0.603, full 0.1096, actors 16 of 44 = 0.364, location 0.682; the
# shares of the fields are of detected events, so one more event detected with its
# sides wrong lowers them with nothing else changed)
HELDOUT_FLOORS = {
    "detection_f1": 0.60,
    "full_f1": 0.105,
    "actors": 0.36,
    "location_25km": 0.66,
}
HELDOUT_MAX_NON_EVENTS = 12
# held-out GSR sentences, mean F1 of ASSAULT and PROTEST. The shipped model measures
# 0.503 (ASSAULT 0.518, PROTEST 0.489); the floor sits two PROTEST sentences below it
# (24 positives: one sentence moves its F1 by 0.01 and the mean by 0.005, as retraining
# after a rule change elsewhere can), and well above the rules alone (0.369)
HELDOUT_GSR_MEAN_F1 = 0.49
# held-out GSR sides: actor2 on the words the annotators read as the target (17 of 34
# with the rules for soldiers and victims named as persons; 12 of 36 before them)
HELDOUT_GSR_ACTOR2 = 0.45
# studied part (64 articles), default extractor: what the rules were read against
STUDIED_FLOORS = {"detection_f1": 0.65, "full_f1": 0.38}


@pytest.fixture(scope="module")
def heldout(shared_pipeline):
    from marsad.evaluate.runner import evaluate_corpus
    from marsad.evaluate.split import Part

    return evaluate_corpus(GOLD_FILES, [str(CORPUS), str(SEED)], shared_pipeline, part=Part.heldout)


def _measured(report) -> dict[str, float]:
    return {
        "detection_f1": report.detection()["f1"],
        "full_f1": report.full()["f1"],
        "actors": report.fields["actors"].accuracy,
        "location_25km": report.fields["location_25km"].accuracy,
    }


@needs_shared
def test_heldout_scores_stay_above_their_floors(heldout) -> None:
    from marsad.evaluate import format_report

    assert heldout.docs == 40 and not heldout.docs_missing
    print(format_report(heldout, verbose=False))  # scores only: held-out errors are not read
    measured = _measured(heldout)
    below = {k: (v, HELDOUT_FLOORS[k]) for k, v in measured.items() if k in HELDOUT_FLOORS and v < HELDOUT_FLOORS[k]}
    assert not below, f"held-out scores below their floors (measured, floor): {below}"
    assert heldout.non_events_coded <= HELDOUT_MAX_NON_EVENTS


@needs_shared
def test_heldout_gsr_sentences(shared_pipeline) -> None:
    from marsad.evaluate.gsr import format_gsr, load_gsr, score_gsr
    from marsad.evaluate.split import Part, sentence_split

    sentences = [s for f in GSR_FILES for s in load_gsr(f)]
    keep = sentence_split(sentences).part(Part.heldout)
    report = score_gsr([s for s in sentences if s.id in keep], shared_pipeline)
    print(format_gsr(report))
    assert report.mean_f1() >= HELDOUT_GSR_MEAN_F1


@needs_shared
def test_heldout_gsr_sides(shared_pipeline) -> None:
    from marsad.evaluate.sides import format_sides, load_sides, score_sides
    from marsad.evaluate.split import Part, sentence_split

    sentences = load_sides(SHARED / "external" / "arabic_event_gsr" / "assault_spans_train.json")
    keep = sentence_split(sentences).part(Part.heldout)
    report = score_sides([s for s in sentences if s.id in keep], shared_pipeline)
    print(format_sides(report))  # scores only
    assert report.with_target >= 30
    assert report.actor2_right / report.with_target >= HELDOUT_GSR_ACTOR2
    assert report.swapped == 0


@needs_shared
def test_studied_scores(shared_pipeline) -> None:
    from marsad.evaluate import format_report
    from marsad.evaluate.runner import evaluate_corpus
    from marsad.evaluate.split import Part

    report = evaluate_corpus(GOLD_FILES, [str(CORPUS), str(SEED)], shared_pipeline, part=Part.studied)
    print(format_report(report))
    measured = _measured(report)
    below = {k: (measured[k], v) for k, v in STUDIED_FLOORS.items() if measured[k] < v}
    assert not below, below


# 5-fold cross-validation on the studied part (the way marsad train chooses where the
# model decides): F1 of the model in the scopes it decides, each at its threshold
CV_SCOPE_FLOORS = {"sentence:violence": 0.55, "sentence:demonstrations": 0.33}


@needs_shared
def test_cross_validated_scores(shared_data_dir) -> None:
    """Cross-validation as `marsad train` runs it: the model's scopes stay above their
    floors and beat the rules there, and the shipped manifest records these figures
    (so it is not stale)."""
    import json

    from marsad.evaluate import load_gold
    from marsad.evaluate.crossval import cross_validate
    from marsad.evaluate.gsr import load_gsr
    from marsad.evaluate.runner import gold_documents
    from marsad.evaluate.split import Part, make_split, sentence_split
    from marsad.extract import train as T
    from marsad.extract.learned import model_dir
    from marsad.recognize import Resources

    manifest = json.loads((model_dir() / T.MANIFEST_FILE).read_text(encoding="utf-8"))
    opts = manifest["options"]
    golds, docs = gold_documents([str(p) for p in GOLD_FILES], [str(CORPUS), str(SEED)])
    split = make_split([(p, load_gold(p)) for p in GOLD_FILES])
    sentences = [s for f in GSR_FILES for s in load_gsr(f)]
    ssplit = sentence_split(sentences)
    cv = cross_validate(golds, docs, split, sentences, ssplit, Resources.load(str(shared_data_dir)), 5,
                        split.part(Part.studied), ssplit.part(Part.studied),
                        {"C": opts["C"], "gsr_weight": opts["gsr_weight"]})
    comparison = T.scope_comparison(cv)
    for scope, floor in CV_SCOPE_FLOORS.items():
        row = comparison[scope]
        print(scope, row)
        assert row["learned"] >= floor, (scope, row)
        assert row["learned"] >= row["rules"] + T.SCOPE_MARGIN, (scope, row)
    assert T.chosen_scopes(comparison) == tuple(manifest["scopes"]["decided_by_the_model"])
    recorded = manifest["scopes"]["cross_validated"]
    for scope, row in comparison.items():
        for k, v in row.items():
            assert recorded[scope][k] == pytest.approx(v, abs=1e-3), (scope, k, recorded[scope], row)
