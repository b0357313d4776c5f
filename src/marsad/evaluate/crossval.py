"""Cross-validation of the learned extractor against the rules (``marsad evaluate
--folds K``), and the scores ``marsad train`` records in a model's manifest.

The articles (whole groups of the split, :mod:`marsad.evaluate.split`) and the GSR
sentences (whole articles) are cut into K folds. For each fold a model is trained on
the other folds and both extractors run on the fold; the reports of the K folds are
pooled. Examples (the rules' candidates and their features) are computed once: they
do not depend on the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from marsad.evaluate import GoldDoc, Report, score_document
from marsad.evaluate.gsr import GsrReport, GsrSentence, score_gsr
from marsad.evaluate.split import Split
from marsad.model import Document


@dataclass
class FoldResult:
    fold: int
    articles: int
    sentences: int
    rules: Report
    learned: Report
    gsr_rules: GsrReport
    gsr_learned: GsrReport


@dataclass
class CrossValidation:
    folds: list[FoldResult] = field(default_factory=list)
    #: for each GSR sentence of the folds: its category, its label, and the highest
    #: probability the fold's model gave an event of the category in it (0: none)
    sentence_probabilities: list[tuple[str, bool, float]] = field(default_factory=list)

    def pooled(self, which: str) -> Report:
        out = Report()
        for f in self.folds:
            _merge_report(out, getattr(f, which))
        return out

    def pooled_gsr(self, which: str) -> GsrReport:
        out = GsrReport()
        for f in self.folds:
            out.merge(getattr(f, f"gsr_{which}"))
        return out


def _merge_report(into: Report, r: Report) -> None:
    into.docs += r.docs
    into.docs_missing += r.docs_missing
    into.predicted += r.predicted
    into.gold_required += r.gold_required
    into.detect_tp += r.detect_tp
    into.full_tp += r.full_tp
    into.optional_matched += r.optional_matched
    into.non_events_coded += r.non_events_coded
    for k, t in r.fields.items():
        mine = into.fields.setdefault(k, type(t)())
        mine.correct += t.correct
        mine.total += t.total
    into.pairs += r.pairs
    into.missed += r.missed
    into.spurious += r.spurious
    into.non_event_hits += r.non_event_hits


def extraction_pipeline(resources, extractor):
    """Normalise, segment, recognise and extract with ``extractor`` (default output)."""
    from marsad.extract import ExtractStage
    from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
    from marsad.recognize import RecognizeStage

    return Pipeline([NORMALIZE, SEGMENT, RecognizeStage(resources, only_if_triggers=True), ExtractStage(extractor)])


def score_articles(golds: Sequence[GoldDoc], docs: dict[str, Document], pipeline, keep: set[str]) -> Report:
    report = Report()
    for g in golds:
        if g.doc_id not in keep:
            continue
        doc = docs.get(g.doc_id)
        if doc is None:
            report.docs_missing.append(g.doc_id)
            continue
        score_document(report, g, doc.raw_text, pipeline.run(doc).events or ())
    return report


def cross_validate(
    golds: Sequence[GoldDoc],
    docs: dict[str, Document],
    split: Split,
    sentences: Sequence[GsrSentence],
    sentence_split: Split | None,
    resources,
    k: int,
    among: set[str],
    among_sentences: set[str],
    train_options: dict | None = None,
    on_fold: Callable[[int], None] | None = None,
) -> CrossValidation:
    """K-fold cross-validation over the articles ``among`` and the sentences
    ``among_sentences``."""
    from marsad.extract.learned import LearnedExtractor
    from marsad.extract.rules import RuleExtractor
    from marsad.extract.train import gold_examples, gsr_examples, train_model

    opts = dict(train_options or {})
    gsr_weight = opts.pop("gsr_weight", None)
    ex_gold = gold_examples([g for g in golds if g.doc_id in among], docs, resources)
    kw = {} if gsr_weight is None else {"weight": gsr_weight}
    ex_gsr = gsr_examples([s for s in sentences if s.id in among_sentences], resources, **kw)
    art_folds = split.folds(k, among)
    sent_folds = sentence_split.folds(k, among_sentences) if sentence_split is not None else [set()] * k
    rules = extraction_pipeline(resources, RuleExtractor(resources))
    cv = CrossValidation()
    for i in range(k):
        train = [e for e in ex_gold if e.doc_id not in art_folds[i]] + [e for e in ex_gsr if e.doc_id not in sent_folds[i]]
        model = train_model(train, **opts)
        cv.sentence_probabilities += sentence_probabilities(
            [s for s in sentences if s.id in sent_folds[i]], resources, model)
        learned = extraction_pipeline(resources, LearnedExtractor(resources, model))
        fold_sents = [s for s in sentences if s.id in sent_folds[i]]
        cv.folds.append(FoldResult(
            i, len(art_folds[i]), len(fold_sents),
            score_articles(golds, docs, rules, art_folds[i]),
            score_articles(golds, docs, learned, art_folds[i]),
            score_gsr(fold_sents, rules),
            score_gsr(fold_sents, learned),
        ))
        if on_fold:
            on_fold(i)
    return cv


def sentence_probabilities(sentences: Sequence[GsrSentence], resources, model) -> list[tuple[str, bool, float]]:
    """Each scored sentence's category, label and the highest probability ``model``
    gives an event of that category in it (0 when it has none), read with the model
    deciding everywhere at threshold 0, so that any threshold can be tried after."""
    from dataclasses import replace

    from marsad.evaluate.gsr import CATEGORY_TYPES
    from marsad.extract.features import SCOPES
    from marsad.extract.learned import LearnedExtractor

    open_model = replace(model, heads={k: replace(h, threshold=0.0) for k, h in model.heads.items()}, scopes=SCOPES)
    pipe = extraction_pipeline(resources, LearnedExtractor(resources, open_model))
    out = []
    for s in sentences:
        if s.positive is None:
            continue
        events = pipe.run(s.document()).events or ()
        types = CATEGORY_TYPES[s.event_type]
        out.append((s.event_type, bool(s.positive), max((e.confidence for e in events if e.event_type in types),
                                                        default=0.0)))
    return out


def best_threshold(probs: Sequence[tuple[str, bool, float]], category: str,
                   grid: Sequence[float] = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)):
    """The threshold of ``grid`` that does best on ``category``'s sentences, and its F1;
    None without sentences of the category.

    "Best" is the F1 averaged with its neighbours on the grid: cross-validated F1 is
    flat over a range of thresholds, and the single highest point of a flat curve moves
    with any small change to the rules (0.15 one day, 0.25 the next), while the middle
    of the best range stays. On a tie, the lower threshold."""
    rows = [(y, p) for c, y, p in probs if c == category]
    if not rows:
        return None
    f1s = []
    for th in grid:
        tp = sum(1 for y, p in rows if y and p >= th)
        fp = sum(1 for y, p in rows if not y and p >= th)
        fn = sum(1 for y, p in rows if y and p < th)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    i = smoothed_argmax(f1s)
    return grid[i], round(f1s[i], 4)


def smoothed_argmax(values: Sequence[float]) -> int:
    """The index whose value, averaged with its two neighbours', is highest (the first
    on a tie); an end of the list counts as its own neighbour."""
    best, best_i = None, 0
    last = len(values) - 1
    for i in range(len(values)):
        smooth = (values[max(0, i - 1)] + values[i] + values[min(last, i + 1)]) / 3
        if best is None or smooth > best + 1e-9:
            best, best_i = smooth, i
    return best_i
