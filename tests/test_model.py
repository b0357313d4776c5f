"""The core records: ``@record`` builds the same frozen dataclass as
``@dataclass(frozen=True, slots=True)``, only with a faster ``__init__``."""

from __future__ import annotations

import dataclasses
import inspect
import os
import pickle
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from marsad.model import Mention, MentionKind, NormalizedText, PyMentionMaker, Span, mention_maker, record


@record
class _Fast:
    a: int
    b: str = "x"
    c: tuple = ()


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str = "x"
    c: tuple = ()


def test_record_builds_what_a_frozen_slotted_dataclass_builds() -> None:
    fast, plain = _Fast(1, c=(2,)), _Plain(1, c=(2,))
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain) == (1, "x", (2,))
    assert [f.name for f in dataclasses.fields(_Fast)] == [f.name for f in dataclasses.fields(_Plain)]
    assert str(inspect.signature(_Fast)) == str(inspect.signature(_Plain))
    assert fast == _Fast(1, "x", (2,)) and hash(fast) == hash(_Fast(1, "x", (2,)))
    assert fast != _Fast(2)
    assert not hasattr(fast, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.a = 3  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(fast)) == fast
    assert dataclasses.replace(fast, b="y") == _Fast(1, "y", (2,))
    with pytest.raises(TypeError):
        _Fast()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Fast(1, d=2)  # type: ignore[call-arg]


def test_record_runs_post_init_and_keeps_order() -> None:
    with pytest.raises(ValueError):
        Span(3, 1)
    assert sorted([Span(2, 3), Span(1, 5), Span(1, 2)]) == [Span(1, 2), Span(1, 5), Span(2, 3)]
    m = Mention(MentionKind.PLACE, Span(0, 3), "حلب", sentence=2)
    assert (m.ref, m.candidates, m.confidence, m.sentence) == (None, (), 1.0, 2)


def test_record_refuses_fields_it_cannot_build() -> None:
    with pytest.raises(TypeError):

        @record
        class _Bad:
            a: list = dataclasses.field(default_factory=list)


def test_evolve_is_dataclasses_replace_for_records() -> None:
    from marsad.model import evolve

    fast = _Fast(1, "x", (2,))
    assert evolve(fast, b="y") == dataclasses.replace(fast, b="y") == _Fast(1, "y", (2,))
    assert evolve(fast) == fast
    with pytest.raises(TypeError):
        evolve(fast, d=1)
    with pytest.raises(ValueError):
        evolve(Span(1, 2), end=0)  # __post_init__ still checks


try:
    from marsad import _records
except ImportError:  # pragma: no cover - depends on the install
    _records = None

needs_c = pytest.mark.skipif(_records is None or bool(os.environ.get("MARSAD_PURE_PYTHON")),
                             reason="the C record __init__ is not built (pip install builds it when a C compiler "
                             "is there) or MARSAD_PURE_PYTHON is set; the Python one runs instead")


@record
class _Checked:
    a: int
    b: int = 0
    c: str = ""

    def __post_init__(self) -> None:
        if self.a > self.b + 100:
            raise ValueError("a is far above b")


def _outcome(build):
    try:
        return "ok", dataclasses.astuple(build())
    except (TypeError, ValueError) as e:
        return type(e).__name__, None


@needs_c
def test_records_use_the_c_init_when_it_is_built() -> None:
    for cls in (Span, Mention, _Fast, _Checked):
        assert type(cls.__init__).__name__ == "RecordInit"
        assert str(inspect.signature(cls)) == str(inspect.signature(cls.__init__.__wrapped__)).replace("self, ", "")
    code = "from marsad.model import Span; print(type(Span.__init__).__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MARSAD_PURE_PYTHON": "1"}).stdout.strip()
    assert out == "function"

_VALUES = st.one_of(st.integers(-200, 200), st.text(max_size=3), st.none())
_NAMES = st.sampled_from(["a", "b", "c", "d"])


@needs_c
@settings(max_examples=500, deadline=None)
@given(st.lists(_VALUES, max_size=4), st.dictionaries(_NAMES, _VALUES, max_size=3))
def test_the_c_init_does_what_the_python_init_does(args, kwargs) -> None:
    """Positional and keyword arguments, defaults, missing, unknown, repeated and extra
    arguments, and __post_init__ (which raises for some values)."""
    for cls in (_Fast, _Checked):
        c_init, py_init = cls.__init__, cls.__init__.__wrapped__

        def build_with(init):
            def build():
                obj = object.__new__(cls)
                init(obj, *args, **kwargs)
                return obj
            return build

        want = _outcome(build_with(py_init))
        assert _outcome(build_with(c_init)) == want
        assert _outcome(lambda: cls(*args, **kwargs)) == want


@needs_c
def test_the_c_init_sets_each_field_and_keeps_records_frozen() -> None:
    m = Mention(MentionKind.CUE, Span(2, 4), "قال", ref="said", sentence=1)
    assert (m.kind, m.span, m.text, m.ref, m.candidates, m.value, m.evidence, m.confidence, m.sentence) == (
        MentionKind.CUE, Span(2, 4), "قال", "said", (), None, "", 1.0, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.ref = "x"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Span(-1, 2)
    with pytest.raises(TypeError):
        Span.__init__()  # no instance


def test_a_record_with_more_fields_than_the_c_init_takes_gets_the_python_one() -> None:
    names = [f"f{k}" for k in range(70)]
    wide = record(dataclasses.make_dataclass("Wide", [(n, int, k) for k, n in enumerate(names)], slots=False))
    assert type(wide.__init__).__name__ == "function"
    obj = wide(*range(69), f69=5)
    assert (obj.f0, obj.f68, obj.f69) == (0, 68, 5) and wide(1).f69 == 69


def _maker_outcome(make):
    try:
        return "ok", make()
    except (TypeError, ValueError) as e:
        return type(e).__name__, str(e)


@needs_c
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="قال المرصد،ً", max_size=12), st.data())
def test_the_c_mention_maker_makes_what_the_python_one_makes(raw: str, data) -> None:
    """Every interval of a normalised text (also empty ones, at the end, and out of
    range), over maps that are arrays or lists, valid or not (a map that runs
    backwards makes an invalid span), and any sentence starts."""
    from array import array

    n = data.draw(st.integers(0, len(raw)))
    starts = sorted(data.draw(st.lists(st.integers(0, len(raw)), min_size=n, max_size=n)))
    ends = [min(len(raw), s + data.draw(st.integers(0, 2))) for s in starts]
    if data.draw(st.booleans()):
        ends = [e - 3 for e in ends]  # a broken map
    kind = data.draw(st.sampled_from(["array", "list"]))
    seq = (lambda xs: array("i", xs)) if kind == "array" else list
    norm = NormalizedText("x" * n, seq(starts), seq(ends), len(raw))
    sentence_starts = sorted(data.draw(st.lists(st.integers(0, n + 1), max_size=4)))
    a = data.draw(st.integers(-1, n + 1))
    b = data.draw(st.integers(-1, n + 2))
    args = (MentionKind.PLACE, a, b, "ref", ("c1", "c2"), {"v": 1}, "evidence", 0.5)
    c_make = _records.MentionMaker(Mention, Span, norm, raw, sentence_starts)
    py_make = PyMentionMaker(norm, raw, sentence_starts)
    assert _maker_outcome(lambda: c_make(*args)) == _maker_outcome(lambda: py_make(*args))


@needs_c
def test_mention_maker_is_the_c_one_when_built_and_takes_fixed_arguments() -> None:
    from array import array

    norm = NormalizedText("قال", array("i", [0, 2, 3]), array("i", [2, 3, 4]), 4)
    make = mention_maker(norm, "قاًل", [0])
    assert type(make) is _records.MentionMaker
    m = make(MentionKind.CUE, 0, 3, "said", (), None, "cue", 1.0)
    assert (m.span, m.text, m.sentence) == (Span(0, 4), "قاًل", 0)
    with pytest.raises(TypeError):
        make(MentionKind.CUE, 0, 3)
    with pytest.raises(TypeError):
        make(MentionKind.CUE, 0, 3, "said", (), None, "cue", confidence=1.0)
    with pytest.raises(TypeError):
        _records.MentionMaker(Mention, Span, norm, "raw", (0,))  # sentence starts: a list
    code = ("from marsad.model import mention_maker, NormalizedText; "
            "print(type(mention_maker(NormalizedText('', [], [], 0), '', [])).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MARSAD_PURE_PYTHON": "1"}).stdout.strip()
    assert out == "PyMentionMaker"
