"""`marsad train` on a tiny training set of our own: deterministic, reloadable, and
it learns the difference between an event and a discussion of one."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import datetime

import pytest

from marsad.errors import ConfigError
from marsad.evaluate import GoldDoc
from marsad.evaluate.split import Part
from marsad.extract import train as T
from marsad.extract.features import SCOPES
from marsad.extract.learned import ExtractionModel, LearnedExtractor
from marsad.model import Document, Event, Span
from marsad.pipeline import build_pipeline
from marsad.recognize import Resources
from tests.conftest import CORPUS, SEED, SHARED, needs_shared
from tests.extract import learning_data

pytest.importorskip("sklearn", reason="training needs the [train] extra")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return learning_data.write(tmp_path_factory.mktemp("own"))


def _train(files, **kw):
    return T.train_from_files([files["gold"]], [files["gsr"]], [str(files["corpus"])], part=Part.all,
                              folds=2, built_on="2019-06-01", **kw)


def test_training_is_deterministic_and_the_model_reloads(files, tmp_path) -> None:
    a, b = _train(files), _train(files)
    assert a.model.dumps() == b.model.dumps()
    model_path, manifest_path = T.write_model(a, tmp_path / "m")
    assert ExtractionModel.load(model_path) == a.model
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["version"] == a.model.version and manifest["built_on"] == "2019-06-01"
    assert manifest["trained_on"]["gold"][0]["articles"] == 6
    assert len(manifest["trained_on"]["gold"][0]["sha256"]) == 64
    assert manifest["examples"]["gold_events"] == 6
    assert manifest["cross_validation"]["folds"] == 2 and len(manifest["cross_validation"]["per_fold"]) == 2


def test_the_model_learns_to_reject_the_references(files) -> None:
    # deciding everywhere (no cross-validation to choose its scopes)
    model = T.train_from_files([files["gold"]], [files["gsr"]], [str(files["corpus"])], part=Part.all,
                               folds=0, built_on="2019-06-01").model
    assert model.scopes == SCOPES
    pipe = build_pipeline(extractor=LearnedExtractor(Resources.load(), model))
    for art in learning_data.articles():
        doc = Document(doc_id=art["doc_id"], raw_text=art["text"], published=datetime(2019, 5, 15))
        events = pipe.run(doc).events
        assert len(events) == 1 and art["text"].startswith(events[0].evidence), (art["doc_id"], events)
    # the rules alone code each of those references too
    rules = build_pipeline(extractor="rules")
    art = learning_data.articles()[0]
    assert len(rules.run(Document(doc_id="x", raw_text=art["text"], published=datetime(2019, 5, 15))).events) == 2


def test_cross_validation_scores_both_extractors(files) -> None:
    pooled = _train(files).manifest["cross_validation"]["pooled"]
    assert pooled["rules"]["articles"] == 6 and pooled["learned"]["articles"] == 6
    assert pooled["rules"]["non_events_coded"] >= 1
    assert "ASSAULT" in pooled["gsr_rules"]["categories"]


def test_labels_follow_the_gold() -> None:
    gold = GoldDoc.model_validate(learning_data.gold()[0])
    text = learning_data.articles()[0]["text"]
    real_span = Span(0, text.index("\n"))
    ev = Event(doc_id="own-0", event_type="Explosions/Remote violence", sub_event_type="", evidence="",
               evidence_span=real_span, latitude=33.57, longitude=36.40)
    spans = [real_span]
    assert T.label_gold(ev, gold, spans, []) == 1
    elsewhere = replace(ev, evidence_span=Span(len(text) - 5, len(text)), latitude=30.0, longitude=30.0)
    assert T.label_gold(elsewhere, gold, spans, []) == 0
    # a repeated report: same type, same place, no overlap
    repeat = replace(ev, evidence_span=Span(len(text) - 5, len(text)))
    assert T.label_gold(repeat, gold, spans, []) == 1
    optional = gold.model_copy(update={"events": [gold.events[0].model_copy(update={"required": False})]})
    assert T.label_gold(ev, optional, spans, []) is None


def test_examples_of_one_class_cannot_train() -> None:
    ex = [T.Example("gold:a", "a", {"x": 1.0}, 1)]
    with pytest.raises(ConfigError, match="all"):
        T.train_model(ex)


@needs_shared
def test_the_shipped_model_is_what_training_builds_from_the_shared_gold(shared_data_dir) -> None:
    """The model in the package is rebuilt by `marsad train` from ../shared with the
    options its manifest records (retrain it after any change to the rules or the
    features: scripts/train_model.sh)."""
    from marsad.extract.learned import model_dir

    manifest = json.loads((model_dir() / T.MANIFEST_FILE).read_text(encoding="utf-8"))
    opts = manifest["options"]
    result = T.train_from_files(
        [SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "train.jsonl"],
        [SHARED / "external" / "arabic_event_gsr" / f"{c}_train.csv" for c in ("assault", "protest")],
        [str(CORPUS), str(SEED)], part=Part(manifest["trained_on"]["part"]), folds=0,
        C=opts["C"], gsr_weight=opts["gsr_weight"], resources=Resources.load(str(shared_data_dir)),
        scopes=manifest["scopes"]["decided_by_the_model"], thresholds=manifest["scopes"]["thresholds"],
    )
    shipped = (model_dir() / T.MODEL_FILE).read_text(encoding="utf-8")
    assert result.model.dumps() == shipped, "the shipped model is stale: run scripts/train_model.sh"
    assert manifest["model_sha256"] == hashlib.sha256(shipped.encode("utf-8")).hexdigest()
