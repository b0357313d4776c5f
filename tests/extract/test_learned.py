"""The learned extractor: a linear model over named features decides which of the
rules' candidates are events, and says why in provenance."""

from __future__ import annotations

import json
import math
from datetime import datetime

import pytest

from marsad.errors import ConfigError
from marsad.extract.features import stem
from marsad.extract.learned import ExtractionModel, LearnedExtractor, LinearHead
from marsad.model import Document, Modality
from marsad.pipeline import build_pipeline
from marsad.recognize import Resources

REAL = "قتل خمسة مدنيين، أمس الثلاثاء، في غارة جوية لقوات النظام على مدينة دوما."
CONDEMNED = "وأدانت الخارجية الهجوم على مدينة حرستا."


def _model(weights: dict[str, float], bias: float = 0.0) -> ExtractionModel:
    return ExtractionModel("test", "1", {"event": LinearHead(bias, weights)})


def _events(model: ExtractionModel, text: str, **kw):
    pipe = build_pipeline(extractor=LearnedExtractor(Resources.load(), model), **kw)
    return pipe.run(Document(doc_id="d", raw_text=text, published=datetime(2019, 5, 15))).events


def test_a_linear_head_is_a_logistic_regression() -> None:
    head = LinearHead(-1.0, {"a": 2.0, "b": -0.5})
    assert head.logit({"a": 1.0, "c": 1.0}) == 1.0
    assert head.prob({"a": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert head.prob({}) < 0.5 < head.prob({"a": 1.0})
    assert head.explain({"a": 1.0, "b": 1.0, "c": 1.0}) == [("a", 2.0), ("b", -0.5)]


def test_a_model_survives_its_file() -> None:
    m = _model({"modality=asserted": 1.25, "before:ادان": -2.5}, 0.1)
    again = ExtractionModel.from_json(json.loads(m.dumps()))
    assert again == m and again.dumps() == m.dumps()


@pytest.mark.parametrize("data, message", [
    ({"format": 99, "heads": {}}, "format"),
    ({"format": 1, "heads": {"other": {"bias": 0, "weights": {}}}}, "no 'event' head"),
    ({"format": 1, "heads": {"event": {"weights": {}}}}, "not a marsad model"),
])
def test_a_bad_model_file_says_how_to_fix_it(data, message) -> None:
    with pytest.raises(ConfigError, match=message) as exc:
        ExtractionModel.from_json(data, "m.json")
    assert "marsad train" in str(exc.value)


def test_an_unreadable_model_file_is_a_clear_error(tmp_path) -> None:
    p = tmp_path / "m.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read the model"):
        ExtractionModel.load(p)


def test_the_model_keeps_what_it_scores_as_real_and_rejects_the_rest() -> None:
    keep_all = _model({}, 3.0)
    reject_condemned = _model({"before:ادانت": -6.0}, 3.0)
    assert len(_events(keep_all, CONDEMNED)) == 1  # the rules alone take the condemnation for an event
    assert _events(reject_condemned, CONDEMNED) == ()
    assert len(_events(reject_condemned, REAL)) == 1


def test_a_rejected_candidate_is_kept_with_its_reason_among_all_modalities() -> None:
    model = _model({"before:ادانت": -6.0}, 3.0)
    (ev,) = _events(model, CONDEMNED, all_modalities=True)
    assert ev.modality is Modality.GENERIC and ev.confidence < 0.5
    rule = ev.provenance["modality"].rule
    assert rule.startswith("model test 1: not a specific event") and "-before:ادانت" in rule


def test_provenance_names_the_model_and_its_weightiest_features() -> None:
    model = _model({"modality=asserted": 1.0, "type=Explosions/Remote violence": 0.5}, 0.0)
    (ev,) = _events(model, REAL)
    prov = ev.provenance["modality"]
    assert prov.rule.startswith("model test 1: a real event (p=0.82")
    assert "+modality=asserted, +type=Explosions/Remote violence" in prov.rule
    assert ev.confidence == prov.confidence == pytest.approx(1 / (1 + math.exp(-1.5)), abs=1e-3)


def test_a_rejected_candidate_the_rules_had_negated_keeps_its_kind() -> None:
    text = "ونفى الجيش وقوع هجوم على مدينة دوما أمس."
    (ev,) = _events(_model({}, -5.0), text, all_modalities=True)
    assert ev.modality is Modality.NEGATED


@pytest.mark.parametrize("word, stemmed", [
    ("والقصف", "القصف"), ("بالقصف", "القصف"), ("للقصف", "القصف"), ("فقتل", "قتل"), ("وفي", "وفي"),
])
def test_stem_drops_the_conjunction_and_the_preposition_before_the_article(word, stemmed) -> None:
    assert stem(word) == stemmed


def test_the_shipped_model_loads() -> None:
    m = ExtractionModel.load()
    assert m.name == "marsad-events" and m.heads["event"].weights
    manifest = json.loads((__import__("marsad.extract.learned", fromlist=["model_dir"]).model_dir()
                           / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == m.version and manifest["trained_on"]["part"] == "studied"
