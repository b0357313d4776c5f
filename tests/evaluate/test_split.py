"""The fixed split of the gold into a studied and a held-out part, and the folds."""

from __future__ import annotations

import json

import pytest

from marsad.errors import GoldError
from marsad.evaluate import GoldDoc, load_gold
from marsad.evaluate.gsr import GsrSentence
from marsad.evaluate.split import Part, article_groups, make_split, sentence_split, split_config
from tests.conftest import SHARED, needs_shared


def _doc(doc_id: str, *clusters: str) -> GoldDoc:
    return GoldDoc.model_validate({
        "doc_id": doc_id,
        "events": [{"id": f"e{i}", "event_type": "Battles", "sub_event_type": [], "location": {},
                    "evidence": "x", "cluster": c} for i, c in enumerate(clusters)],
    })


def test_the_definition_loads() -> None:
    cfg = split_config()
    assert 0 < cfg.heldout_buckets < cfg.buckets and cfg.salt and "dev.jsonl" in cfg.always_studied


def test_articles_sharing_a_cluster_form_one_group_even_through_others() -> None:
    docs = [_doc("c", "k1"), _doc("a", "k1", "k2"), _doc("b", "k2"), _doc("z")]
    assert article_groups(docs) == {"a": "a", "b": "a", "c": "a", "z": "z"}


def test_groups_stay_on_one_side_and_folds_cover_every_article() -> None:
    docs = [_doc(f"d{i:03d}", f"k{i // 3}") for i in range(300)]
    split = make_split([("train.jsonl", docs)])
    held = split.part(Part.heldout)
    assert 0 < len(held) < 300 and split.part(Part.studied) | held == split.part(Part.all)
    for i in range(0, 300, 3):
        trio = {f"d{j:03d}" for j in range(i, i + 3)}
        assert trio <= held or not trio & held  # never cut
    folds = split.folds(4)
    assert set().union(*folds) == split.part(Part.all) and sum(map(len, folds)) == 300
    # about the configured share is held out
    cfg = split_config()
    assert abs(len(held) / 300 - cfg.heldout_buckets / cfg.buckets) < 0.15


def test_the_split_is_a_function_of_the_gold_alone() -> None:
    docs = [_doc(f"x{i}") for i in range(50)]
    a = make_split([("g.jsonl", docs)])
    b = make_split([("other-name.jsonl", list(reversed(docs)))])
    assert a.heldout == b.heldout and a.folds(5) == b.folds(5)


def test_an_always_studied_file_pins_its_groups() -> None:
    dev = [_doc(f"dev{i}", f"k{i}") for i in range(40)]
    train = [_doc(f"tr{i}", f"k{i}") for i in range(40)]  # each shares a cluster with a dev article
    split = make_split([("somewhere/dev.jsonl", dev), ("train.jsonl", train)])
    assert not split.part(Part.heldout)


def test_an_article_in_two_gold_files_is_refused() -> None:
    with pytest.raises(GoldError, match="in two gold files"):
        make_split([("a.jsonl", [_doc("same")]), ("b.jsonl", [_doc("same")])])


def test_fewer_than_two_folds_is_refused() -> None:
    from marsad.errors import ConfigError

    with pytest.raises(ConfigError):
        make_split([("g.jsonl", [_doc("a")])]).folds(1)


def test_sentences_of_one_article_stay_together() -> None:
    sents = [GsrSentence(id=f"AAW_ARB_2008010{i % 7}.00{i % 5}-{i}", event_type="ASSAULT", label="yes", text="x")
             for i in range(200)]
    split = sentence_split(sents)
    held = split.part(Part.heldout)
    by_article: dict[str, set[bool]] = {}
    for s in sents:
        by_article.setdefault(s.article, set()).add(s.id in held)
    assert all(len(v) == 1 for v in by_article.values())
    assert 0 < len(held) < 200


@needs_shared
def test_the_shared_gold_split_is_the_documented_one() -> None:
    """dev.jsonl is studied whole; the held-out part is 40 articles of train.jsonl
    (77 required events): measured when the split was made, fixed since."""
    files = [(p, load_gold(p)) for p in (SHARED / "gold" / "dev.jsonl", SHARED / "gold" / "train.jsonl")]
    split = make_split(files)
    held = split.part(Part.heldout)
    dev_ids = {d.doc_id for d in files[0][1]}
    assert not held & dev_ids
    assert len(held) == 40
    golds = {d.doc_id: d for _, ds in files for d in ds}
    assert sum(1 for i in held for e in golds[i].events if e.required) == 77
    assert json.dumps(sorted(held))  # printable, for the closing notes
