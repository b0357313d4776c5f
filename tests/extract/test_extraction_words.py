"""The extraction rules' word lists (data/extraction_words.yaml): every entry loads, is
one folded word, and is the token the rules see when a sentence writes it."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from marsad.errors import LexiconError
from marsad.extract import rules
from marsad.extract.lexicon import ExtractionWords, _data_path, load_extraction_words
from marsad.normalize import normalize
from marsad.segment import token_offsets

WORDS = load_extraction_words()
RAW = yaml.safe_load(_data_path("extraction_words.yaml").read_text(encoding="utf-8"))
ENTRIES = [(name, w) for name, words in RAW.items() for w in words]


@pytest.mark.parametrize("name, written", ENTRIES, ids=[f"{n}:{w}" for n, w in ENTRIES])
def test_every_entry_is_the_token_a_sentence_gives(name: str, written: str) -> None:
    sentence = f"وقال مصدر إن {written} هنا."
    norm = normalize(sentence)
    _, tokens = token_offsets(norm, 0, len(norm.text))
    assert tokens[3] in getattr(WORDS, name), (name, written, tokens)


def test_the_rules_read_the_loaded_lists() -> None:
    for f in fields(ExtractionWords):
        assert getattr(rules, f.name.upper()) is getattr(WORDS, f.name)
        assert getattr(WORDS, f.name)  # none empty


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["aircraft"].append("طائرة ركاب"), "one word per entry"),
        (lambda d: d["target_cues"].append("ضد"), "listed twice"),
        (lambda d: d["clash_cues"].append("with"), "no Arabic letter"),
        (lambda d: d.update(clash_cues=[]), "empty list"),
        (lambda d: d.update(unknown=["على"]), "unknown"),
        (lambda d: d.pop("agent_cues"), "agent_cues"),
    ],
    ids=["two words", "twice", "not Arabic", "empty", "unknown key", "missing key"],
)
def test_a_bad_file_is_an_error_naming_the_entry(tmp_path: Path, change, message: str) -> None:
    data = yaml.safe_load(_data_path("extraction_words.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "words.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_extraction_words(str(path))
    assert str(path) in str(err.value)
    assert message in str(err.value) or message in repr(err.value.__cause__)
