from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.normalize import normalize
from marsad.segment import proclitic_splits, split_sentences, strip_enclitic, tokenize


def _sents(raw: str) -> list[str]:
    norm = normalize(raw)
    return [s.span.of(raw) for s in split_sentences(norm)]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("قصفت الطائرات المدينة. وقتل خمسة مدنيين.", ["قصفت الطائرات المدينة.", "وقتل خمسة مدنيين."]),
        ("هل قصفت الطائرات المدينة؟ نعم!", ["هل قصفت الطائرات المدينة؟", "نعم!"]),
        ("عنوان الخبر\nنص الخبر الأول", ["عنوان الخبر", "نص الخبر الأول"]),
        ("قال: “انتهى الهجوم.” ثم غادر.", ["قال: “انتهى الهجوم.”", "ثم غادر."]),
        ("بلغ المعدل 3.5 بالمئة في حلب.", ["بلغ المعدل 3.5 بالمئة في حلب."]),
        ("Shelling hit Idlib. Five died.", ["Shelling hit Idlib.", "Five died."]),
        ("  \n\n  ", []),
    ],
)
def test_sentences(raw: str, expected: list[str]) -> None:
    assert _sents(raw) == expected


def test_tokens_have_exact_raw_spans() -> None:
    raw = "وبقصفٍ على #ريف_حلب قُتل ١٠"
    norm = normalize(raw)
    toks = tokenize(norm)
    assert [t.norm for t in toks] == ["وبقصف", "علي", "ريف", "حلب", "قتل", "10"]
    assert [norm.to_raw(t.nstart, t.nend).of(raw) for t in toks] == ["وبقصفٍ", "على", "ريف", "حلب", "قُتل", "١٠"]


@pytest.mark.parametrize(
    "word, split",
    [
        ("وبقصف", ("وب", "قصف")),
        ("بريف", ("ب", "ريف")),
        ("للتنظيم", ("ل", "التنظيم")),
        ("والتنظيم", ("و", "التنظيم")),
        ("فبالقوات", ("فب", "القوات")),
        ("كالعادة", ("ك", "العادة".replace("ة", "ة"))),
    ],
)
def test_proclitic_splits(word: str, split: tuple[str, str]) -> None:
    assert split in proclitic_splits(word)


def test_proclitic_splits_reject_non_prefixes() -> None:
    assert all(p in ("", ) for p, _ in proclitic_splits("قتل"))
    assert ("س", "يشن") in proclitic_splits("سيشن", verb=True)
    assert ("س", "يشن") not in proclitic_splits("سيشن")


def test_enclitics() -> None:
    assert ("هاجم", "ها") in strip_enclitic("هاجمها")
    assert strip_enclitic("قتل")[0] == ("قتل", "")


def test_token_offsets_agree_with_tokenize() -> None:
    from marsad.segment import token_offsets

    raw = "وقُتل ٣ مدنيين، بينهم طفل، في #ريف_إدلب."
    norm = normalize(raw)
    toks = tokenize(norm, 3, len(norm.text))
    assert token_offsets(norm, 3, len(norm.text)) == ([t.nstart for t in toks], [t.norm for t in toks])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("قتل 35.!?…\n\"')]ab"))))
def test_sentence_end_pattern_equals_its_plain_form(text: str) -> None:
    import re

    from marsad.segment import _SENT_END_RE

    plain = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[!?…])+[\"')\]]*(?=\s|$)|\n+")
    assert [m.span() for m in _SENT_END_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
