"""``marsad train``: learn the extraction model from gold articles and GSR sentences.

Examples are the rules' candidate events, every modality included, each with the
features of :mod:`marsad.extract.features` and a label:

- in a gold article, a candidate is a real event (1) when its sentence is the
  evidence of a required gold event, or when it has a required gold event's type,
  place (within 25 km) and date (a repeated report); it is not (0) when it matches
  no gold event; a candidate that matches only an optional gold event (``required:
  false``) teaches nothing and is left out;
- in a GSR sentence, a candidate of the sentence's category (:data:`CATEGORY_TYPES`)
  is 1 in a ``yes`` sentence, every candidate is 0 in a "no" sentence, and
  ``ambiguous`` sentences are left out.

The model is an L2-regularised logistic regression (scikit-learn, in the ``[train]``
extra), fitted on one thread in a fixed order, so that the same data give the same
file. GSR examples weigh less than gold ones (another kind of text, another coder).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from marsad.errors import ConfigError
from marsad.evaluate import GoldDoc, distance_km, evidence_span, date_match
from marsad.evaluate.gsr import CATEGORY_TYPES, GsrSentence
from marsad.extract.features import SCOPES, TYPE_GROUPS
from marsad.extract.learned import ExtractionModel, LinearHead
from marsad.extract.rules import RuleExtractor
from marsad.model import Document
from marsad.normalize import normalize

MODEL_NAME = "marsad-events"
#: regularisation (inverse strength) and the weight of a GSR example against a gold one
DEFAULT_C = 0.3
DEFAULT_GSR_WEIGHT = 0.5
REPEAT_KM = 25.0


@dataclass(frozen=True)
class Example:
    """One candidate event: where it comes from, its features, its label."""

    source: str  # "gold:<doc_id>" or "gsr:<sentence id>"
    doc_id: str  # the gold article or GSR sentence (for splits and folds)
    features: dict[str, float]
    label: int
    weight: float = 1.0
    evidence: str = ""


class _Recorder(RuleExtractor):
    """The rule extractor, keeping each candidate's features and event as it decides
    nothing (the rules' modality stands)."""

    name = "recorder"

    def __init__(self, resources) -> None:
        super().__init__(resources)
        self.recorded: list[tuple] = []

    def _decide(self, analysis, sents, pairs):
        from marsad.extract.features import pair_features

        for (ev, _), feats in zip(pairs, pair_features(analysis, sents, pairs)):
            self.recorded.append((ev, feats))
        return pairs


def _candidates(doc: Document, resources) -> list[tuple]:
    """Every candidate event of ``doc`` with its features: ``[(event, features)]``."""
    from marsad.pipeline import NORMALIZE, SEGMENT, Analysis
    from marsad.recognize import RecognizeStage

    rec = _Recorder(resources)
    a = SEGMENT(NORMALIZE(Analysis(doc)))
    a = RecognizeStage(resources, only_if_triggers=True)(a)
    rec.extract(a)
    return rec.recorded


def label_gold(ev, gold: GoldDoc, spans: list, non_spans: list) -> int | None:
    """1, 0 or None (teaches nothing) for a candidate of a gold article."""
    required = optional = False
    for g, span in zip(gold.events, spans):
        overlap = span is not None and ev.evidence_span.overlaps(span)
        km = distance_km(ev, g)
        repeat = ev.event_type == g.event_type and km is not None and km <= REPEAT_KM and date_match(ev, g)
        if overlap or repeat:
            if g.required:
                required = True
            else:
                optional = True
    if required:
        return 1
    if optional:
        return None
    return 0


def gold_examples(golds: Sequence[GoldDoc], docs: dict[str, Document], resources) -> list[Example]:
    out = []
    for g in golds:
        doc = docs.get(g.doc_id)
        if doc is None:
            continue
        norm = normalize(doc.raw_text)
        spans = [evidence_span(doc.raw_text, e.evidence, norm) for e in g.events]
        for ev, feats in _candidates(doc, resources):
            label = label_gold(ev, g, spans, [])
            if label is not None:
                out.append(Example(f"gold:{g.doc_id}", g.doc_id, feats, label, 1.0, ev.evidence))
    return out


def gsr_examples(sentences: Iterable[GsrSentence], resources, weight: float = DEFAULT_GSR_WEIGHT) -> list[Example]:
    out = []
    for s in sentences:
        if s.positive is None:
            continue
        types = CATEGORY_TYPES[s.event_type]
        for ev, feats in _candidates(s.document(), resources):
            if s.positive and ev.event_type not in types:
                continue  # another kind of event in a sentence labelled for this one
            out.append(Example(f"gsr:{s.id}", s.id, feats, int(s.positive and ev.event_type in types),
                               weight, ev.evidence))
    return out


def fit_head(examples: Sequence[Example], C: float = DEFAULT_C) -> LinearHead:
    """An L2 logistic regression over the examples' named features."""
    try:
        import numpy as np
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # the [train] extra
        raise ConfigError(f"training needs the [train] extra: pip install 'marsad[train]' ({exc})") from exc
    labels = {e.label for e in examples}
    if labels != {0, 1}:
        raise ConfigError(f"cannot train on examples that are all {labels or 'absent'}: "
                          "the gold needs both events and candidates that are not events")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    vec = DictVectorizer(sort=True)
    X = vec.fit_transform([e.features for e in examples])
    y = np.array([e.label for e in examples])
    w = np.array([e.weight for e in examples])
    clf = LogisticRegression(C=C, solver="lbfgs", max_iter=5000, tol=1e-8)
    clf.fit(X, y, sample_weight=w)
    names = vec.get_feature_names_out()
    weights = {str(n): float(c) for n, c in zip(names, clf.coef_[0])}
    return LinearHead(float(clf.intercept_[0]), weights, 0.5)


def train_model(examples: Sequence[Example], *, C: float = DEFAULT_C, version: str = "",
                scopes: Sequence[str] | None = None, thresholds: dict[str, float] | None = None) -> ExtractionModel:
    """The model of ``examples``, deciding in ``scopes`` (default: everywhere), with
    ``thresholds`` of their own for some scopes."""
    ordered = sorted(examples, key=lambda e: (e.source, e.evidence, sorted(e.features.items()), e.label))
    head = LinearHead.from_json(fit_head(ordered, C).to_json())  # as its file gives it back
    version = version or _data_hash(ordered)[:12]
    return ExtractionModel(MODEL_NAME, version, {"event": head}, tuple(SCOPES if scopes is None else scopes),
                           dict(thresholds or {}))


#: how much better (F1) the model must do in cross-validation to decide in a scope,
#: and on how many gold events at least (fewer say nothing)
SCOPE_MARGIN = 0.02
SCOPE_MIN_GOLD = 20


def _group_f1(report, group: str) -> tuple[float | None, int]:
    """Detection F1 of a report's events of one type group, and the gold events."""
    tp = sum(1 for p in report.pairs if TYPE_GROUPS.get(p.gold.event_type) == group)
    missed = sum(1 for _, g in report.missed if TYPE_GROUPS.get(g.event_type) == group)
    spurious = sum(1 for _, e in report.spurious if TYPE_GROUPS.get(e.event_type) == group)
    total = 2 * tp + missed + spurious
    return (round(2 * tp / total, 4) if total else None), tp + missed


#: the GSR category of each sentence scope
SENTENCE_CATEGORIES = {"sentence:violence": "ASSAULT", "sentence:demonstrations": "PROTEST"}


def scope_comparison(cv) -> dict[str, dict]:
    """For each decision scope, the cross-validated F1 of the rules and of the model:
    articles by the type group of their gold events, single sentences by the GSR
    category (ASSAULT: violence, PROTEST: demonstrations), the model's at the threshold
    that does best over the folds (recorded as ``threshold``)."""
    out: dict[str, dict] = {}
    rules, learned = cv.pooled("rules"), cv.pooled("learned")
    for group in ("violence", "demonstrations", "strategic"):
        r, n = _group_f1(rules, group)
        lf, _ = _group_f1(learned, group)
        out[f"article:{group}"] = {"rules": r, "learned": lf, "gold": n}
    g_rules, g_learned = cv.pooled_gsr("rules"), cv.pooled_gsr("learned")
    from marsad.evaluate.crossval import best_threshold

    for scope, cat in SENTENCE_CATEGORIES.items():
        if cat in g_rules.counts:
            sr, sl = g_rules.scores(cat), g_learned.scores(cat)
            row = {"rules": sr["f1"], "learned": sl["f1"], "gold": sr["tp"] + sr["fn"]}
            tuned = best_threshold(cv.sentence_probabilities, cat)
            if tuned is not None and tuned[1] > sl["f1"]:
                row.update(learned=tuned[1], threshold=tuned[0])
            out[scope] = row
    return out


def chosen_scopes(comparison: dict[str, dict], margin: float = SCOPE_MARGIN,
                  min_gold: int = SCOPE_MIN_GOLD) -> tuple[str, ...]:
    """The scopes where the model beat the rules by ``margin`` (F1) on at least
    ``min_gold`` gold events."""
    out = []
    for s in SCOPES:
        c = comparison.get(s)
        if c is None or c["learned"] is None or c["rules"] is None or c["gold"] < min_gold:
            continue
        if c["learned"] >= c["rules"] + margin:
            out.append(s)
    return tuple(out)


def _data_hash(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.source}\t{e.label}\t{e.weight}\t{sorted(e.features.items())}\n".encode())
    return h.hexdigest()


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def report_scores(report) -> dict:
    """The headline figures of an article report (for manifests and notes)."""
    fa = {k: (None if t.accuracy is None else round(t.accuracy, 4)) for k, t in sorted(report.fields.items())}
    return {
        "articles": report.docs,
        "gold_required": report.gold_required,
        "predicted": report.predicted,
        "detection": report.detection(),
        "full_match": report.full(),
        "non_events_coded": report.non_events_coded,
        "field_accuracy": fa,
    }


@dataclass
class TrainResult:
    model: ExtractionModel
    manifest: dict
    cv: object | None  # marsad.evaluate.crossval.CrossValidation


def train_from_files(
    gold_paths: Sequence[str | Path],
    gsr_paths: Sequence[str | Path],
    corpus: Sequence[str],
    *,
    part,
    folds: int = 5,
    thresholds: dict[str, float] | None = None,
    C: float = DEFAULT_C,
    gsr_weight: float = DEFAULT_GSR_WEIGHT,
    resources=None,
    built_on: str | None = None,
    on_step=None,
    scopes: Sequence[str] | None = None,
) -> TrainResult:
    """Train on the ``part`` of the split of these gold files and GSR files, with a
    manifest: what it was trained on (file hashes), its options, K-fold
    cross-validated scores of rules and model on the training part, and, when the
    training part is the studied one, both extractors' scores on the held-out part.
    With cross-validation the model decides only in the scopes where it beat the
    rules there (:func:`chosen_scopes`); without, in ``scopes`` (default: all)."""
    from datetime import date

    from marsad import __version__
    from marsad.evaluate.crossval import cross_validate, extraction_pipeline, score_articles
    from marsad.evaluate.gsr import load_gsr, score_gsr
    from marsad.evaluate.runner import gold_documents, load_golds
    from marsad.evaluate.split import Part, make_split, sentence_split
    from marsad.evaluate import load_gold
    from marsad.recognize import Resources

    say = on_step or (lambda msg: None)
    res = resources or Resources.load()
    golds_all, docs = gold_documents(list(gold_paths), corpus) if gold_paths else ([], {})
    split = make_split([(p, load_gold(p)) for p in gold_paths]) if gold_paths else None
    sentences = [s for p in gsr_paths for s in load_gsr(p)]
    ssplit = sentence_split(sentences) if sentences else None
    among = split.part(part) if split else set()
    among_s = ssplit.part(part) if ssplit else set()
    say(f"examples from {len(among)} articles and {len(among_s)} sentences")
    ex = gold_examples([g for g in golds_all if g.doc_id in among], docs, res)
    ex += gsr_examples([s for s in sentences if s.id in among_s], res, gsr_weight)
    cv_block = None
    cv = None
    comparison: dict[str, dict] = {}
    if folds and folds > 1:
        say(f"{folds}-fold cross-validation")
        cv = cross_validate(golds_all, docs, split, sentences, ssplit, res, folds, among, among_s,
                            {"C": C, "gsr_weight": gsr_weight})
        comparison = scope_comparison(cv)
        cv_block = {
            "folds": folds,
            "per_fold": [
                {"fold": f.fold, "articles": f.articles, "sentences": f.sentences,
                 "rules": report_scores(f.rules), "learned": report_scores(f.learned),
                 "gsr_rules": f.gsr_rules.to_json(), "gsr_learned": f.gsr_learned.to_json()}
                for f in cv.folds
            ],
            "pooled": {
                "rules": report_scores(cv.pooled("rules")), "learned": report_scores(cv.pooled("learned")),
                "gsr_rules": cv.pooled_gsr("rules").to_json(), "gsr_learned": cv.pooled_gsr("learned").to_json(),
            },
        }
    chosen = chosen_scopes(comparison) if comparison else scopes
    if comparison:
        thresholds = {s: comparison[s]["threshold"] for s in (chosen or ()) if "threshold" in comparison.get(s, {})}
    model = train_model(ex, C=C, scopes=chosen, thresholds=thresholds)
    heldout_block = None
    if part is Part.studied and split is not None:
        say("scores on the held-out part")
        from marsad.extract.learned import LearnedExtractor

        held = split.part(Part.heldout)
        held_s = [s for s in sentences if s.id in ssplit.part(Part.heldout)] if ssplit else []
        rules_pipe = extraction_pipeline(res, RuleExtractor(res))
        learned_pipe = extraction_pipeline(res, LearnedExtractor(res, model))
        heldout_block = {
            "rules": report_scores(score_articles(golds_all, docs, rules_pipe, held)),
            "learned": report_scores(score_articles(golds_all, docs, learned_pipe, held)),
            "gsr_rules": score_gsr(held_s, rules_pipe).to_json(),
            "gsr_learned": score_gsr(held_s, learned_pipe).to_json(),
        }
    n_gold = [e for e in ex if e.source.startswith("gold:")]
    n_gsr = [e for e in ex if e.source.startswith("gsr:")]
    manifest = {
        "model": MODEL_FILE,
        "model_sha256": hashlib.sha256(model.dumps().encode("utf-8")).hexdigest(),
        "name": model.name,
        "version": model.version,
        "built_on": built_on or date.today().isoformat(),
        "marsad_version": __version__,
        "trained_on": {
            "part": part.value,
            "gold": [{"file": Path(p).name, "sha256": file_sha256(p),
                      "articles": sum(1 for g in load_golds(p, part))} for p in gold_paths],
            "gsr": [{"file": Path(p).name, "sha256": file_sha256(p),
                     "sentences": sum(1 for s in load_gsr(p) if s.id in among_s)} for p in gsr_paths],
            "corpus": [{"file": Path(c).name, "sha256": file_sha256(c)} for c in corpus if Path(c).is_file()],
        },
        "examples": {"gold": len(n_gold), "gold_events": sum(e.label for e in n_gold),
                     "gsr": len(n_gsr), "gsr_events": sum(e.label for e in n_gsr)},
        "options": {"C": C, "gsr_weight": gsr_weight, "solver": "scikit-learn LogisticRegression lbfgs, L2",
                    "scope_margin": SCOPE_MARGIN, "scope_min_gold": SCOPE_MIN_GOLD},
        "scopes": {"decided_by_the_model": list(model.scopes), "thresholds": dict(model.thresholds),
                   "cross_validated": comparison},
        "cross_validation": cv_block,
        "heldout": heldout_block,
    }
    return TrainResult(model, manifest, cv)


MODEL_FILE = "extraction.json"
MANIFEST_FILE = "manifest.json"


def write_model(result: TrainResult, out_dir: str | Path) -> tuple[Path, Path]:
    """Write the model and its manifest into ``out_dir`` (each to a temporary name,
    then renamed)."""
    import json

    d = Path(out_dir)
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ((MODEL_FILE, result.model.dumps()),
                       (MANIFEST_FILE, json.dumps(result.manifest, ensure_ascii=False, indent=1) + "\n")):
        tmp = d / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(d / name)
        paths.append(d / name)
    return paths[0], paths[1]
