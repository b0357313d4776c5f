"""Every trigger and modality cue loads, validates, and matches itself in a sentence."""

from __future__ import annotations

import pytest

from marsad.errors import LexiconError
from marsad.extract.lexicon import (
    EVENT_CLASSES,
    load_lexicon,
    load_modality,
    load_trigger_entries,
    trigger_forms,
)
from marsad.extract.typing import CLASS_PRECEDENCE
from marsad.normalize import normalize
from marsad.recognize.matcher import key_of

ENTRIES = load_trigger_entries()
FORMS = [(e.id, form, te) for e in ENTRIES for form, te in trigger_forms(e)]


def test_every_class_has_a_precedence() -> None:
    assert set(CLASS_PRECEDENCE) == EVENT_CLASSES


@pytest.mark.parametrize("entry_id, form, te", FORMS, ids=[f"{i}:{f}" for i, f, _ in FORMS])
def test_trigger_form_matches_inside_a_sentence_with_a_clitic(entry_id, form, te) -> None:
    lex = load_lexicon()
    matcher = lex.triggers if te.form == "noun" else lex.verb_triggers
    sentence = f"وقالت مصادر محلية إن و{form} وقع في المنطقة"
    norm = normalize(sentence)
    found = [m for m in matcher.find(norm.text) if m.nstart <= norm.text.index(key_of(form)) < m.nend]
    assert found, f"{entry_id}: {form!r} not found in {sentence!r}"
    # the form itself (or a longer entry containing it) was matched
    assert any(key_of(form) in m.key or m.key in key_of(form) for m in found)


def test_modality_cues_all_match() -> None:
    lex = load_lexicon()
    modality = load_modality()
    for kind in ("hypothetical", "future", "negated", "generic", "question", "reported"):
        for position in ("before", "after"):
            for cue in getattr(getattr(modality, kind), position):
                text = normalize(f"قال مصدر و{cue} شيئا").text
                hits = [m for m in lex.cues.find(text) if any(c.kind == kind for c in m.payloads)]
                assert hits, f"{kind}/{position} cue {cue!r} not matched"


@pytest.mark.parametrize("yaml_text, message", [
    ("- id: x\n  class: nonsense\n  nouns: [هجوم]\n", "x"),
    ("- id: x\n  class: attack\n  nouns: [هجوم]\n- id: x\n  class: attack\n", "duplicate"),
    ("- id: y\n  class: attack\n  nouns: [ه]\n", "too short"),
    ("- id: z\n  class: attack\n  colour: red\n", "z"),
], ids=["bad-class", "duplicate-id", "too-short", "unknown-field"])
def test_bad_trigger_file_names_the_entry(tmp_path, yaml_text: str, message: str) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_trigger_entries(p)


def test_inflected_only_stems_do_not_match_their_bare_form() -> None:
    lex = load_lexicon()
    text = normalize("وجاء في بيان صادر عن الوزارة").text
    assert not [m for m in lex.verb_triggers.find(text) if m.key == "صادر"]
    text = normalize("وصادرت قوات الأمن شحنة").text
    assert [m for m in lex.verb_triggers.find(text) if m.key == "صادرت"]
