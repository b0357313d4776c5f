"""Learned decisions over the rules' candidates (``--extractor learned``, the default).

The rule extractor proposes candidate events with everything it found (triggers,
modality cues, sides, place, date, toll) and the rule behind each field. A small
linear model, trained by ``marsad train`` on the gold articles and the GSR sentences
(:mod:`marsad.extract.train`), then decides whether each candidate is a real, specific
event that the text reports as having happened; the rules' modality is one of its
features, not the verdict. It decides only in the scopes (article or single
sentence, × violence, demonstrations, strategic developments) where it beat the
rules in cross-validation when it was trained; elsewhere the rules decide. The model is a JSON file shipped in the package
(``data/models/``) with a manifest (training data hashes, cross-validated scores); it
needs nothing at run time but this module.

Provenance says which model decided and the features that weighed most, so a
reviewer can see why ("model marsad-events 1: event p=0.91; +modality=asserted,
+date_delta=<=1, -before:منذ").
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Mapping

from marsad.errors import ConfigError
from marsad.extract.features import SCOPES, pair_features, scope_of
from marsad.extract.rules import RuleExtractor
from marsad.model import Event, FieldEvidence, Modality

MODEL_FORMAT = 1
#: the model shipped in the package
DEFAULT_MODEL = "extraction.json"
#: the modality a candidate that the model rejects gets, when the rules had it real
REJECTED = Modality.GENERIC
#: features named in provenance (the largest contributions either way)
EXPLAIN = 4


@dataclass(frozen=True)
class LinearHead:
    """A logistic regression over named features: ``p = σ(bias + Σ w·x)``."""

    bias: float
    weights: Mapping[str, float]
    threshold: float = 0.5

    def logit(self, features: Mapping[str, float]) -> float:
        w = self.weights
        return self.bias + sum(w.get(k, 0.0) * v for k, v in features.items())

    def prob(self, features: Mapping[str, float]) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def explain(self, features: Mapping[str, float], k: int = EXPLAIN) -> list[tuple[str, float]]:
        """The ``k`` features that weighed most on this decision, with their share of
        the logit, largest first."""
        parts = [(n, self.weights[n] * v) for n, v in features.items() if self.weights.get(n)]
        parts.sort(key=lambda p: (-abs(p[1]), p[0]))
        return parts[:k]

    def to_json(self) -> dict:
        return {"bias": round(self.bias, 6), "threshold": round(self.threshold, 4),
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if round(v, 6)}}

    @staticmethod
    def from_json(d: Mapping) -> "LinearHead":
        return LinearHead(float(d["bias"]), {str(k): float(v) for k, v in d["weights"].items()},
                          float(d.get("threshold", 0.5)))


@dataclass(frozen=True)
class ExtractionModel:
    """The learned heads (``event``: is this candidate a real event) and where they
    come from."""

    name: str
    version: str
    heads: Mapping[str, LinearHead]
    #: where the model decides (features.SCOPES): those in which it beat the rules in
    #: cross-validation when it was trained; elsewhere the rules' modality stands
    scopes: tuple[str, ...] = SCOPES
    #: a threshold of its own for a scope (chosen in cross-validation), else the head's
    thresholds: Mapping[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def threshold(self, scope: str) -> float:
        return self.thresholds.get(scope, self.heads["event"].threshold)

    def to_json(self) -> dict:
        return {"format": MODEL_FORMAT, "name": self.name, "version": self.version,
                "heads": {k: h.to_json() for k, h in sorted(self.heads.items())},
                "scopes": list(self.scopes), "thresholds": {k: round(v, 4) for k, v in sorted(self.thresholds.items())}}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @staticmethod
    def from_json(d: Mapping, origin: str = "model") -> "ExtractionModel":
        if d.get("format") != MODEL_FORMAT:
            raise ConfigError(f"{origin}: model format {d.get('format')!r} is not {MODEL_FORMAT}; "
                              "retrain it with `marsad train`")
        try:
            heads = {k: LinearHead.from_json(v) for k, v in d["heads"].items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{origin}: not a marsad model ({exc}); retrain it with `marsad train`") from exc
        if "event" not in heads:
            raise ConfigError(f"{origin}: the model has no 'event' head; retrain it with `marsad train`")
        scopes = tuple(d.get("scopes", SCOPES))
        unknown = [x for x in scopes if x not in SCOPES]
        if unknown:
            raise ConfigError(f"{origin}: unknown decision scopes {unknown}; retrain it with `marsad train`")
        thresholds = {str(k): float(v) for k, v in (d.get("thresholds") or {}).items()}
        if any(k not in SCOPES for k in thresholds):
            raise ConfigError(f"{origin}: a threshold for an unknown scope; retrain it with `marsad train`")
        return ExtractionModel(str(d.get("name", "model")), str(d.get("version", "")), heads, scopes, thresholds)

    @staticmethod
    def load(path: str | Path | None = None) -> "ExtractionModel":
        """The model in ``path``, or the one shipped in the package."""
        if path is None:
            return _shipped_model()
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read the model {p}: {exc}") from exc
        return ExtractionModel.from_json(data, str(p))


def model_dir() -> Path:
    return Path(str(resources.files("marsad") / "data" / "models"))


@lru_cache(maxsize=1)
def _shipped_model() -> ExtractionModel:
    path = model_dir() / DEFAULT_MODEL
    if not path.exists():
        raise ConfigError(f"the package has no model at {path}: reinstall marsad, or use --extractor rules")
    return ExtractionModel.load(path)


class LearnedExtractor(RuleExtractor):
    """The rule extractor's candidates, each kept or rejected by the learned model."""

    name = "learned"

    def __init__(self, resources, model: ExtractionModel | None = None) -> None:
        super().__init__(resources)
        self.model = model or ExtractionModel.load()
        self.event_head = self.model.heads["event"]

    def _decide(self, analysis, sents, pairs):
        head = self.event_head
        out = []
        one_sentence = len(analysis.sentences or ()) == 1
        for (ev, cand), feats in zip(pairs, pair_features(analysis, sents, pairs)):
            scope = scope_of(ev.event_type, one_sentence)
            if scope not in self.model.scopes:
                # the rules decide here: the model did not beat them in cross-validation
                out.append((ev, cand))
                continue
            p = head.prob(feats)
            real = p >= self.model.threshold(scope)
            if real:
                modality = cand.modality if cand.modality.emitted_by_default else (
                    Modality.REPORTED if "cue=reported" in feats else Modality.ASSERTED)
            else:
                modality = cand.modality if not cand.modality.emitted_by_default else REJECTED
            why = ", ".join(f"{'+' if w > 0 else '-'}{n}" for n, w in head.explain(feats))
            verdict = "a real event" if real else "not a specific event that happened"
            rule = (f"model {self.model.label}: {verdict} (p={p:.2f}; the rules said {cand.modality.value}: "
                    f"{cand.modality_rule or 'no cue'}); weighed most: {why}")
            prov = dict(ev.provenance)
            spans = prov["modality"].spans if "modality" in prov else (cand.anchor.span,)
            prov["modality"] = FieldEvidence(spans, rule, round(p, 3))
            out.append((replace(ev, modality=modality, confidence=round(p, 3), provenance=prov), cand))
        return out
