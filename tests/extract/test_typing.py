"""Every class, with every means and actor kind, gives one of ACLED's 6 types / 25
sub-types, a disorder type and a PLOVER category."""

from __future__ import annotations

import itertools

import pytest

from marsad.extract.lexicon import EVENT_CLASSES
from marsad.extract.typing import MEANS_PRECEDENCE, SUB_EVENT_TYPES, classify

KINDS = (None, "state", "rebel", "civilians", "external")
DISORDER = {"Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations"}
PLOVER = {"FIGHT", "ASSAULT", "PROTEST", "AGREE", "COERCE", "MOBILIZE", "RETREAT", "OTHER"}


def test_acled_has_6_types_and_25_sub_types() -> None:
    assert len(SUB_EVENT_TYPES) == 6
    assert sum(len(v) for v in SUB_EVENT_TYPES.values()) == 25


@pytest.mark.parametrize("cls", sorted(EVENT_CLASSES))
def test_every_combination_is_a_valid_acled_code(cls) -> None:
    for means, agent, target, civ, killed in itertools.product(
        [(), ("air_strike",), ("chemical",), ("ied",), ("gunfire",)], KINDS, KINDS, (False, True), (False, True)
    ):
        t = classify({cls}, set(means), agent_kind=agent, target_kind=target, civilian_victims=civ, killed=killed)
        assert t.sub_event_type in SUB_EVENT_TYPES[t.event_type], (cls, means, t)
        assert t.disorder_type in DISORDER and t.plover in PLOVER and t.rule


def test_every_means_reaches_a_remote_violence_sub_type() -> None:
    for m in MEANS_PRECEDENCE:
        t = classify({"attack"}, {m}, agent_kind="rebel", target_kind=None, civilian_victims=False, killed=False)
        assert t.event_type == "Explosions/Remote violence", m


@pytest.mark.parametrize(
    "classes, means, agent, target, civ, expected",
    [
        ({"airstrike"}, set(), "state", None, True, ("Explosions/Remote violence", "Air/drone strike")),
        ({"attack"}, set(), "rebel", "civilians", True, ("Violence against civilians", "Attack")),
        ({"attack"}, set(), "rebel", "state", False, ("Battles", "Armed clash")),
        ({"capture"}, set(), "rebel", None, False, ("Battles", "Non-state actor overtakes territory")),
        ({"seize_weapons"}, set(), "state", None, False, ("Strategic developments", "Disrupted weapons use")),
        ({"attack", "seize_weapons"}, set(), "rebel", "state", False, ("Battles", "Armed clash")),
        ({"protest", "protest_repression"}, set(), None, None, False, ("Protests", "Protest with intervention")),
    ],
)
def test_acled_rules(classes, means, agent, target, civ, expected) -> None:
    t = classify(classes, means, agent_kind=agent, target_kind=target, civilian_victims=civ, killed=False)
    assert (t.event_type, t.sub_event_type) == expected
