"""The core records: ``@record`` builds the same frozen dataclass as
``@dataclass(frozen=True, slots=True)``, only with a faster ``__init__``."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from marsad.model import Mention, MentionKind, Span, record


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
