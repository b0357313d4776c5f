"""ACLED event type and sub-type from the trigger classes, the means and the actors.

The rules follow ACLED's codebook: an air strike on a town is Explosions/Remote
violence whoever dies; an armed group's attack on civilians is Violence against
civilians; seizing a weapons depot is Disrupted weapons use (unless it is part of an
attack on a post, which is a battle); the capture of a village by a non-state group is
Non-state actor overtakes territory; a government retaking ground is Government
regains territory.
"""

from __future__ import annotations

from dataclasses import dataclass

BATTLES = "Battles"
ERV = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
SD = "Strategic developments"

#: ACLED's 6 types and 25 sub-types.
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    ERV: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    VAC: ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    SD: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

#: Classes in order of precedence when several triggers make one event. Territory
#: changing hands outranks the fighting that took it (ACLED codes the recapture), and
#: an interception outranks the weapon it stopped (تفكيك عبوة ناسفة is not an IED).
CLASS_PRECEDENCE: tuple[str, ...] = (
    "intercept", "chemical", "suicide", "explosion", "airstrike", "shelling", "capture",
    "regain", "clash", "attack", "advance", "assassination", "execution", "kill",
    "abduction", "sexual_violence", "riot", "protest_repression", "protest", "arrest",
    "seize_weapons", "agreement", "evacuation", "withdraw", "base", "looting", "release",
    "group_change", "siege",
)

#: Means of violence in order of precedence for remote violence.
MEANS_PRECEDENCE: tuple[str, ...] = (
    "chemical", "suicide", "car_bomb", "ied", "landmine", "air_strike", "drone",
    "barrel_bomb", "cluster", "missile", "artillery", "mortar", "rocket", "grenade",
    "shelling",
)

_MEANS_SUB = {
    "chemical": "Chemical weapon",
    "suicide": "Suicide bomb",
    "car_bomb": "Remote explosive/landmine/IED",
    "ied": "Remote explosive/landmine/IED",
    "landmine": "Remote explosive/landmine/IED",
    "air_strike": "Air/drone strike",
    "drone": "Air/drone strike",
    "barrel_bomb": "Air/drone strike",
    "cluster": "Air/drone strike",
    "missile": "Shelling/artillery/missile attack",
    "artillery": "Shelling/artillery/missile attack",
    "mortar": "Shelling/artillery/missile attack",
    "rocket": "Shelling/artillery/missile attack",
    "shelling": "Shelling/artillery/missile attack",
    "grenade": "Grenade",
}

#: Classes that report violence (used to absorb "kill" triggers and weapon seizures).
VIOLENT_CLASSES = frozenset(
    {"chemical", "suicide", "explosion", "airstrike", "shelling", "clash", "attack",
     "capture", "regain", "advance", "assassination", "execution", "kill", "abduction",
     "sexual_violence"}
)

PLOVER = {
    BATTLES: "FIGHT",
    ERV: "FIGHT",
    VAC: "ASSAULT",
    PROTESTS: "PROTEST",
    RIOTS: "PROTEST",
}
_PLOVER_SD = {
    "Agreement": "AGREE",
    "Arrests": "COERCE",
    "Change to group/activity": "OTHER",
    "Disrupted weapons use": "COERCE",
    "Headquarters or base established": "MOBILIZE",
    "Looting/property destruction": "COERCE",
    "Non-violent transfer of territory": "RETREAT",
    "Other": "OTHER",
}


@dataclass(frozen=True, slots=True)
class Typing:
    event_type: str
    sub_event_type: str
    rule: str
    main_class: str

    @property
    def disorder_type(self) -> str:
        return disorder_type(self.event_type, self.sub_event_type)

    @property
    def plover(self) -> str:
        return plover(self.event_type, self.sub_event_type)


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type in (BATTLES, ERV, VAC):
        return "Political violence"
    if event_type == PROTESTS:
        if sub_event_type == "Excessive force against protesters":
            return "Political violence; Demonstrations"
        return "Demonstrations"
    if event_type == RIOTS:
        return "Political violence; Demonstrations" if sub_event_type == "Mob violence" else "Demonstrations"
    return "Strategic developments"


def plover(event_type: str, sub_event_type: str) -> str:
    if event_type == ERV and sub_event_type in ("Suicide bomb", "Remote explosive/landmine/IED"):
        return "ASSAULT"
    if event_type == SD:
        return _PLOVER_SD.get(sub_event_type, "OTHER")
    return PLOVER.get(event_type, "OTHER")


def main_class(classes: set[str] | frozenset[str]) -> str:
    for c in CLASS_PRECEDENCE:
        if c in classes:
            return c
    raise ValueError(f"no known class in {sorted(classes)}")


def remote_sub(means: set[str] | frozenset[str]) -> str | None:
    for m in MEANS_PRECEDENCE:
        if m in means:
            return _MEANS_SUB[m]
    return None


def classify(
    classes: set[str] | frozenset[str],
    means: set[str] | frozenset[str],
    *,
    agent_kind: str | None,
    target_kind: str | None,
    civilian_victims: bool,
    killed: bool,
    agent_is_domestic_state: bool = False,
) -> Typing:
    """Decide type and sub-type.

    ``agent_kind``/``target_kind`` are actor kinds from the registry ("state",
    "rebel", "civilians", ...); ``civilian_victims`` is true when the casualties or
    the target are civilians; ``agent_is_domestic_state`` when the agent is the state
    forces of the country the event happens in.
    """
    mc = main_class(classes)
    target_civ = target_kind == "civilians" or (target_kind is None and civilian_victims)

    def t(et: str, sub: str, rule: str) -> Typing:
        return Typing(et, sub, rule, mc)

    if classes & {"protest", "protest_repression"} and classes & {"attack", "looting"} and agent_kind in (
            None, "protesters", "rioters", "civilians") and "riot" not in classes and not killed:
        # demonstrators storming, burning or attacking: a violent demonstration (ACLED)
        return Typing(RIOTS, "Violent demonstration", "protest with violence by the demonstrators", "riot")
    if classes & {"protest", "protest_repression"} and classes & {"kill", "attack", "execution"} and not remote_sub(means) \
            and "riot" not in classes:
        # protesters shot: one event, excessive force against protesters (ACLED)
        return t(PROTESTS, "Excessive force against protesters", "protest with a killing or attack")
    if mc == "chemical" or (mc in ("attack", "shelling", "airstrike") and "chemical" in means):
        return t(ERV, "Chemical weapon", f"class {mc} + chemical means")
    if mc == "suicide" or (mc in ("attack", "explosion") and "suicide" in means):
        return t(ERV, "Suicide bomb", f"class {mc} + suicide means")
    if mc == "explosion":
        if "grenade" in means:
            return t(ERV, "Grenade", "explosion + grenade")
        return t(ERV, "Remote explosive/landmine/IED", "class explosion")
    if mc == "airstrike":
        return t(ERV, "Air/drone strike", "class airstrike")
    if mc == "shelling":
        sub = remote_sub(means) or "Shelling/artillery/missile attack"
        if sub == "Suicide bomb":
            sub = "Shelling/artillery/missile attack"
        return t(ERV, sub, "class shelling" + (" + air means" if sub == "Air/drone strike" else ""))
    if mc in ("attack", "clash"):
        sub = remote_sub(means) if mc == "attack" else None
        if sub:
            return t(ERV, sub, f"attack with means ({sub})")
        if mc == "attack" and target_civ and agent_kind != "civilians":
            return t(VAC, "Attack", "attack on civilians")
        return t(BATTLES, "Armed clash", f"class {mc} between armed sides")
    if mc in ("capture", "advance"):
        if agent_is_domestic_state:
            return t(BATTLES, "Government regains territory", f"{mc} by state forces")
        return t(BATTLES, "Non-state actor overtakes territory", f"{mc} by a non-state or foreign actor")
    if mc == "regain":
        if agent_is_domestic_state or agent_kind in (None, "state"):
            return t(BATTLES, "Government regains territory", "regain")
        return t(BATTLES, "Non-state actor overtakes territory", "regain by non-state actor")
    if mc in ("assassination", "execution", "kill"):
        sub = remote_sub(means)
        if sub and mc == "kill":
            return t(ERV, sub, f"killing by {sub}")
        if target_civ or target_kind is None:
            return t(VAC, "Attack", f"{mc} of civilians or unarmed people")
        return t(BATTLES, "Armed clash", f"{mc} of combatants")
    if mc == "abduction":
        return t(VAC, "Abduction/forced disappearance", "abduction")
    if mc == "sexual_violence":
        return t(VAC, "Sexual violence", "sexual violence")
    if mc in ("protest", "protest_repression"):
        if killed:
            return t(PROTESTS, "Excessive force against protesters", "protest with deaths")
        if mc == "protest_repression" or "protest_repression" in classes:
            return t(PROTESTS, "Protest with intervention", "protest dispersed")
        return t(PROTESTS, "Peaceful protest", "protest")
    if mc == "riot":
        return t(RIOTS, "Violent demonstration", "riot")
    if mc == "arrest":
        return t(SD, "Arrests", "arrest")
    if mc in ("seize_weapons", "intercept"):
        return t(SD, "Disrupted weapons use", mc)
    if mc in ("agreement", "evacuation"):
        return t(SD, "Agreement", mc)
    if mc == "withdraw":
        return t(SD, "Non-violent transfer of territory", "withdrawal/handover")
    if mc == "base":
        return t(SD, "Headquarters or base established", "base")
    if mc == "looting":
        return t(SD, "Looting/property destruction", "looting/destruction")
    if mc == "group_change":
        return t(SD, "Change to group/activity", "group change")
    if mc == "siege":
        # encircling a town is a military operation against the side that holds it
        return t(BATTLES, "Armed clash", "siege/encirclement by armed forces")
    return t(SD, "Other", mc)
