"""Tests of the actor registry (marsad.recognize.actors) and its YAML data."""

from __future__ import annotations

import json
import pickle
import re
import textwrap
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from marsad.errors import LexiconError
from marsad.normalize import fold, normalize
from marsad.recognize.actors import (
    CONTEXT_CONFIDENCE,
    HEDGED_CONFIDENCE,
    INTER_LABELS,
    KINDS,
    STRONG_CONFIDENCE,
    WEAK_CONFIDENCE,
    Actor,
    AliasEntry,
    inter_for,
    interaction_code,
    is_civilian,
    is_rebel,
    is_state,
    load_countries,
    load_registry,
    name_key,
)
from marsad.segment import proclitic_splits, tokenize

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD_DEV = SHARED / "gold" / "dev.jsonl"

REQUIRED_COUNTRIES = (
    "SYR IRQ TUR LBN JOR ISR PSE YEM LBY EGY SAU ARE QAT KWT BHR OMN IRN USA RUS GBR FRA "
    "DEU CAN AFG PAK AZE ARM CYP GRC SDN TUN DZA MAR SOM CHN UKR KAZ"
).split()
TEMPLATE_FAMILIES = (
    "military-forces",
    "police-forces",
    "government",
    "civilians",
    "protesters",
    "rioters",
    "unidentified-armed-group",
)


@pytest.fixture(scope="module")
def reg():
    return load_registry()


# --------------------------------------------------------------------------- the data


def test_registry_loads_and_every_actor_is_well_formed(reg):
    assert len(reg) > 300
    ids = [a.id for a in reg]
    assert len(ids) == len(set(ids))
    for a in reg:
        assert isinstance(a, Actor)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.id), a.id
        assert a.inter in INTER_LABELS, a.id
        assert a.kind in KINDS, a.id
        assert a.country is None or reg.country(a.country) is not None, a.id
        if a.affiliation is not None:
            assert a.affiliation in reg and a.affiliation != a.id
        if a.family is not None:
            assert a.family in reg.families
        start, end = a.active
        assert start is None or end is None or start <= end
        if not a.generated:
            assert a.aliases_ar or a.weak_aliases_ar, a.id
        assert reg.get(a.id) is a
        assert reg.by_name(a.name) is a


def test_every_alias_entry_is_consistent(reg):
    entries = list(reg.aliases())
    assert len(entries) > 2000
    per_actor: dict[str, set[str]] = {}
    for e in entries:
        assert isinstance(e, AliasEntry)
        assert e.key == fold(e.alias)
        assert e.actor_id in reg
        assert e.lang in ("ar", "en")
        assert e.tier in ("strong", "weak", "context")
        assert e.context_only == (e.tier == "context")
        assert sum(c.isalpha() for c in e.key) >= 2, e.alias
        assert e.key not in per_actor.setdefault(e.actor_id, set()), e
        per_actor[e.actor_id].add(e.key)
        if e.lang == "ar":
            assert re.search("[\u0621-\u064a]", e.key), e.alias
    # a key on two actors is always declared ambiguous
    owners: dict[str, set[str]] = {}
    for e in entries:
        owners.setdefault(e.key, set()).add(e.actor_id)
    ambiguous = reg.ambiguous_keys()
    for key, ids in owners.items():
        if len(ids) > 1:
            assert ambiguous.get(key) == frozenset(ids), key
            assert all(e.ambiguous for e in entries if e.key == key)


def _tokens(text: str) -> list[str]:
    return [t.norm for t in tokenize(normalize(text))]


def _found_after_clitic(sentence: str, alias: str, clitic: str) -> bool:
    """True when the alias's words follow in the sentence's tokens, the first one
    carrying ``clitic`` and recoverable with marsad.segment.proclitic_splits."""
    words = _tokens(sentence)
    target = _tokens(alias)
    for i, w in enumerate(words):
        first_ok = any(p == clitic and stem == target[0] for p, stem in proclitic_splits(w))
        if first_ok and words[i + 1 : i + len(target)] == target[1:]:
            return True
    return False


def test_every_alias_is_found_in_a_sentence_with_a_clitic(reg):
    """Each alias, written as news writes it behind a conjunction (و) or the لل
    contraction, tokenises back to itself: no stray punctuation, no proclitic baked in."""
    missing = []
    for e in reg.aliases():
        if e.lang == "ar":
            sentence = "قال مصدر إن " + "و" + e.alias + " هاجمت موقعا قرب البلدة."
            ok = _found_after_clitic(sentence, e.alias, "و")
            if ok and e.alias.startswith("ال") and len(_tokens(e.alias)[0]) > 3:
                contracted = "وأشار المصدر إلى أن الموقع " + "ل" + e.alias[1:] + " منذ أشهر."
                ok = _found_after_clitic(contracted, e.alias, "ل")
        else:
            sentence = "A source said the " + e.alias + " attacked a post."
            ok = _tokens(e.alias) and " ".join(_tokens(e.alias)) in " ".join(_tokens(sentence))
        if not ok:
            missing.append((e.actor_id, e.alias))
    assert not missing, missing[:20]


def test_confidence_tiers(reg):
    by = {(e.actor_id, e.alias): e for e in reg.aliases()}
    assert by[("military-forces-syria", "قوات النظام")].confidence == STRONG_CONFIDENCE
    weak = by[("military-forces-syria", "النظام")]
    assert weak.tier == "weak" and weak.confidence == WEAK_CONFIDENCE and not weak.context_only
    ctx = by[("isis-syria", "التنظيم")]
    assert ctx.context_only and ctx.confidence == CONTEXT_CONFIDENCE
    assert WEAK_CONFIDENCE < CONTEXT_CONFIDENCE < STRONG_CONFIDENCE
    assert HEDGED_CONFIDENCE < WEAK_CONFIDENCE


def test_key_news_forms_resolve(reg):
    """The Arabic forms news uses for the main actors (with their case variants)."""
    index: dict[str, set[str]] = {}
    for e in reg.aliases():
        index.setdefault(e.key, set()).add(e.actor_id)

    def ids(alias: str) -> set[str]:
        return index.get(fold(alias), set())

    expected = {
        "قوات النظام": "military-forces-syria",
        "قوات الأسد": "military-forces-syria",
        "الجيش العربي السوري": "military-forces-syria",
        "جيش النظام": "military-forces-syria",
        "القوات السورية": "military-forces-syria",  # generated, merged
        "الطيران الحربي السوري": "military-forces-syria",
        "الحرس الجمهوري السوري": "military-forces-syria",
        "قوات سورية الديمقراطية": "qsd",
        "قوات سوريا الديمقراطية": "qsd",
        "قسد": "qsd",
        "وحدات حماية الشعب الكردية": "ypg",
        "الأسايش": "asayish",
        "الإدارة الذاتية": "aanes",
        "داعش": "isis-syria",
        "تنظيم الدولة الإسلامية": "isis-syria",
        "هيئة تحرير الشام": "hts",
        "جبهة النصرة": "jabhat-al-nusra",
        "لواء القدس": "liwa-al-quds",
        "الحرس الثوري": "irgc",
        "فاغنر": "wagner-group",
        "المقاتلات الروسية": "military-forces-russia",
        "الجيش التركي": "military-forces-turkey",
        "الجيش الإسرائيلي": "military-forces-israel",
        "التحالف الدولي": "global-coalition",
        "تحالف دعم الشرعية": "saudi-led-coalition",
        "الحشد الشعبي": "popular-mobilization-forces",
        "البيشمركة": "peshmerga",
        "حزب العمال الكردستاني": "pkk",
        "الحوثيين": "houthi-movement",
        "الحوثيون": "houthi-movement",
        "الجيش الوطني الليبي": "libyan-national-army",
        "مقاتلو المعارضة": "opposition-rebels-syria",
        "مقاتلي المعارضة": "opposition-rebels-syria",
        "مقاتلين معارضين": "opposition-rebels-syria",
        "الفصائل الموالية لتركيا": "syrian-national-army",
        "مدنيون": "civilians-syria",
        "مدنيين": "civilians-syria",
        "مدنياً": "civilians-syria",  # tanwin removed by fold
        "طفلاً": "civilians-syria",
        "أطفال": "civilians-syria",
        "شخصا": "civilians-syria",
        "مسلحون مجهولون": "unidentified-armed-group-syria",
        "مسلحين مجهولين": "unidentified-armed-group-syria",
        "مقاتلون موالون للنظام": "pro-government-militia-syria",
        "القوات الموالية للحكومة السورية": "pro-government-militia-syria",
        "المتظاهرين": "protesters-syria",
        "الخوذ البيضاء": "syria-civil-defence",
        "طائرات حربية مجهولة": "unidentified-military-forces",
    }
    wrong = {a: (want, ids(a)) for a, want in expected.items() if ids(a) != {want}}
    assert not wrong, wrong
    # a deliberately ambiguous alias carries every candidate
    assert ids("الجيش الوطني") == {"syrian-national-army", "military-forces-yemen", "libyan-national-army"}
    # event words are not actor aliases
    assert not ids("الغارات الروسية")
    assert not ids("القاعدة")


def test_hedges_are_folded(reg):
    hedges = reg.hedges()
    assert fold("يعتقد أنها") in hedges
    assert fold("لا يعرف ما إذا كانت") in hedges
    assert all(h == fold(h) for h in hedges)
    assert len(hedges) == len(set(hedges))


def test_hedged_attribution_resolves_through_adjectives(reg):
    # "طائرات حربية يعتقد أنها روسية": the adjective after the hedge names a country
    assert reg.country_by_adjective("روسية").iso3 == "RUS"
    assert reg.country_by_adjective("السورية").iso3 == "SYR"
    assert reg.country_by_adjective("أميركي").iso3 == "USA"
    assert reg.country_by_adjective("مجهولة") is None
    assert reg.state_forces("RUS").id == "military-forces-russia"
    assert reg.state_forces("SYR").id == "military-forces-syria"


# --------------------------------------------------------------------------- countries


def test_country_table():
    countries = load_countries()
    iso = {c.iso3: c for c in countries}
    for code in REQUIRED_COUNTRIES:
        assert code in iso, code
    assert len(iso) == len(countries)
    assert len({c.iso_numeric for c in countries}) == len(countries)
    assert iso["SYR"].iso_numeric == 760 and iso["SYR"].region == "Middle East"
    assert iso["LBY"].region == "Northern Africa"
    assert iso["USA"].name_the == "the United States"
    assert "سورية" in iso["SYR"].names_ar and "سوريا" in iso["SYR"].names_ar
    # the curated countries, then the world's (data/world_countries.yaml), by ACLED region
    assert len(countries) > 200 and iso["NGA"].region == "Western Africa" and iso["PHL"].name_the == "the Philippines"
    acled_regions = {
        "Middle East", "Northern Africa", "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa",
        "Europe", "North America", "Central America", "Caribbean", "South America", "Caucasus and Central Asia",
        "South Asia", "Southeast Asia", "East Asia", "Oceania", "Antarctica",
    }
    for c in countries:
        assert c.region in acled_regions, c.iso3
    # a curated country has its adjectives (the generated aliases need them); the world's need none
    for code in REQUIRED_COUNTRIES:
        c = iso[code]
        assert c.adj_m and c.adj_f and c.adj_pl_nom and c.adj_pl_acc, code


def test_generated_actors_exist_for_every_country(reg):
    for c in reg.countries():
        for fam in TEMPLATE_FAMILIES:
            members = [a for a in reg.family_members(fam) if a.country == c.iso3]
            assert len(members) == 1, (fam, c.iso3)
        mil = reg.state_forces(c.iso3)
        assert mil.inter == 1 and mil.kind == "state"
        assert reg.by_name(f"Military Forces of {c.name_the}") is mil
        assert reg.by_name(f"Police Forces of {c.name_the}").inter == 1
        assert reg.by_name(f"Government of {c.name_the}").kind == "government"
        assert reg.by_name(f"Civilians ({c.name})").inter == 7
        assert reg.by_name(f"Protesters ({c.name})").inter == 6
        assert reg.by_name(f"Rioters ({c.name})").inter == 5
        assert reg.by_name(f"Unidentified Armed Group ({c.name})").inter == 3
        folded = {fold(a) for a in mil.aliases_ar}
        for f in c.adj_f:
            assert fold("القوات ال" + f) in folded
        for m in c.adj_m:
            assert fold("الجيش ال" + m) in folded
    turkey = reg.by_name("Military Forces of Turkey")
    assert {"القوات التركية", "الجيش التركي", "الجنود الأتراك", "القوات المسلحة التركية"} <= set(turkey.aliases_ar)
    assert "الحكومة التركية" in reg.by_name("Government of Turkey").aliases_ar
    assert "قوات الأمن التركية" in reg.by_name("Police Forces of Turkey").aliases_ar
    assert "مدنيين سوريين" in reg.by_name("Civilians (Syria)").aliases_ar


def test_yaml_entry_wins_over_generated_and_merges_aliases(reg):
    syr = reg.get("military-forces-syria")
    assert syr.name == "Military Forces of Syria (2000-)"
    assert not syr.generated
    assert syr.family == "military-forces"
    assert "قوات النظام" in syr.aliases_ar and "الجيش العربي السوري" in syr.aliases_ar
    assert "القوات السورية" in syr.aliases_ar and "قوات الأسد" in syr.aliases_ar
    assert reg.by_name("Military Forces of Syria") is syr
    assert reg.by_name("military forces of syria (2000-2024)") is syr
    assert sum(1 for a in reg if name_key(a.name).startswith("military forces of syria")) == 1


def test_families_and_country_switch(reg):
    assert reg.for_country("civilians-syria", "IRQ").name == "Civilians (Iraq)"
    assert reg.for_country("isis-syria", "IRQ").name == "Islamic State (Iraq)"
    assert reg.for_country("isis-syria", "SYR").id == "isis-syria"
    assert reg.for_country("military-forces-syria", "YEM").name.startswith("Military Forces of Yemen")
    assert reg.for_country("liwa-al-quds", "IRQ") is None
    assert reg.get("isis-syria").family == reg.get("isis-iraq").family == "islamic-state"
    assert reg.get("asayish").affiliation == "aanes"
    assert reg.get("liwa-al-quds").affiliation == "military-forces-syria"


def test_by_name_is_case_hyphen_and_article_insensitive(reg):
    assert reg.by_name("Liwa al-Quds").id == "liwa-al-quds"
    assert reg.by_name("LIWA AL QUDS").id == "liwa-al-quds"
    assert reg.by_name("YPG: Peoples Protection Units").id == "ypg"
    assert reg.by_name("Military Forces of United States").id == "military-forces-united-states"
    assert reg.by_name("hts: hayat tahrir al-sham").id == "hts"
    assert reg.by_name("No Such Actor") is None


def test_actor_records_are_frozen_and_picklable(reg):
    a = reg.get("isis-syria")
    with pytest.raises(FrozenInstanceError):
        a.name = "x"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(a)) == a
    e = next(reg.aliases())
    assert pickle.loads(pickle.dumps(e)) == e
    assert load_registry() is reg  # cached


def test_active_years(reg):
    nusra = reg.get("jabhat-al-nusra")
    assert nusra.active_in(2014) and not nusra.active_in(2019)
    assert reg.get("hts").active_in(2019)


# --------------------------------------------------------------------------- ACLED codes


def test_interaction_code():
    assert interaction_code(1, 2) == 12
    assert interaction_code(2, 1) == 12
    assert interaction_code(1, 7) == 17
    assert interaction_code(8, 8) == 88
    assert interaction_code(3, None) == 30
    assert interaction_code(None, 6) == 60
    assert interaction_code(None, None) is None
    with pytest.raises(ValueError):
        interaction_code(9, 1)
    with pytest.raises(ValueError):
        interaction_code(0, None)


def test_inter_helpers(reg):
    rus = reg.get("military-forces-russia")
    assert inter_for(rus, "SYR") == 8
    assert inter_for(rus, "RUS") == 1
    assert inter_for(rus, None) == 1
    assert inter_for(reg.get("isis-syria"), "IRQ") == 2
    assert is_state(reg.get("military-forces-syria")) and is_state(1)
    assert is_civilian(reg.get("civilians-syria")) and not is_civilian(2)
    assert is_rebel(reg.get("hts")) and not is_rebel(reg.get("liwa-al-quds"))
    assert not is_state(None)


# --------------------------------------------------------------------------- validation

_MINI_COUNTRIES = """
templates:
  - family: military-forces
    id: "military-forces-{slug}"
    name: "Military Forces of {name_the}"
    inter: 1
    kind: state
    aliases_ar: ["القوات {al_f}"]
countries:
  - iso3: SYR
    iso_numeric: 760
    region: Middle East
    name: Syria
    names_ar: [سوريا]
    adj: {en: Syrian, m: [سوري], f: [سورية], pl_nom: [سوريون], pl_acc: [سوريين]}
"""

_GOOD_ACTOR = """
  - id: alpha
    name: Alpha Group
    inter: 2
    country: SYR
    kind: rebel
    aliases_ar: [جماعة ألفا]
"""


def _write(tmp_path: Path, actors_yaml: str, countries_yaml: str = _MINI_COUNTRIES) -> tuple[Path, Path]:
    d = tmp_path / "actors"
    d.mkdir()
    (d / "a.yaml").write_text(textwrap.dedent(actors_yaml), encoding="utf-8")
    c = tmp_path / "countries.yaml"
    c.write_text(countries_yaml, encoding="utf-8")
    return d, c


def test_fixture_registry_loads(tmp_path):
    d, c = _write(tmp_path, "actors:" + _GOOD_ACTOR)
    r = load_registry(d, c)
    assert len(r) == 2  # alpha + generated Military Forces of Syria
    assert r.get("alpha").aliases_ar == ("جماعة ألفا",)
    assert "القوات السورية" in r.get("military-forces-syria").aliases_ar


def test_hedged_entry_lowers_confidence(tmp_path):
    d, c = _write(
        tmp_path,
        "actors:"
        + _GOOD_ACTOR
        + """
  - id: beta
    name: Beta Group
    inter: 2
    kind: rebel
    hedged: true
    aliases_ar: [جماعة بيتا]
    weak_aliases_ar: [بيتا]
""",
    )
    r = load_registry(d, c)
    conf = {e.alias: e.confidence for e in r.aliases() if e.actor_id == "beta"}
    assert conf == {"جماعة بيتا": HEDGED_CONFIDENCE, "بيتا": round(WEAK_CONFIDENCE * HEDGED_CONFIDENCE, 3)}


BAD_CASES = {
    "duplicate-id": (
        "actors:" + _GOOD_ACTOR + _GOOD_ACTOR.replace("Alpha Group", "Other").replace("جماعة ألفا", "جماعة أخرى"),
        "duplicate id",
    ),
    "shared-alias": (
        "actors:" + _GOOD_ACTOR + _GOOD_ACTOR.replace("alpha", "gamma").replace("Alpha", "Gamma"),
        "also belongs to",
    ),
    "generated-alias-clash": (
        "actors:" + _GOOD_ACTOR.replace("جماعة ألفا", "القوات السورية"),
        "also belongs to",
    ),
    "bad-inter": ("actors:" + _GOOD_ACTOR.replace("inter: 2", "inter: 9"), "inter"),
    "bad-kind": ("actors:" + _GOOD_ACTOR.replace("kind: rebel", "kind: bandits"), "kind"),
    "unknown-key": ("actors:" + _GOOD_ACTOR + "    colour: red\n", "colour"),
    "unknown-affiliation": ("actors:" + _GOOD_ACTOR + "    affiliation: nobody\n", "unknown affiliation"),
    "self-affiliation": ("actors:" + _GOOD_ACTOR + "    affiliation: alpha\n", "unknown affiliation"),
    "unknown-family": ("actors:" + _GOOD_ACTOR + "    family: nobody\n", "unknown family"),
    "short-alias": ("actors:" + _GOOD_ACTOR.replace("[جماعة ألفا]", "[جماعة ألفا, أً]"), "shorter than 2"),
    "alias-twice": ("actors:" + _GOOD_ACTOR.replace("[جماعة ألفا]", "[جماعة ألفا, جماعة الفا]"), "listed twice"),
    "alias-space": ("actors:" + _GOOD_ACTOR.replace("[جماعة ألفا]", '["جماعة  ألفا"]'), "white space"),
    "latin-in-ar": ("actors:" + _GOOD_ACTOR.replace("[جماعة ألفا]", "[Alpha]"), "no Arabic letter"),
    "no-alias": ("actors:" + _GOOD_ACTOR.replace("    aliases_ar: [جماعة ألفا]\n", ""), "at least one Arabic alias"),
    "unknown-country": ("actors:" + _GOOD_ACTOR.replace("country: SYR", "country: XXY"), "not in countries.yaml"),
    "bad-id": ("actors:" + _GOOD_ACTOR.replace("id: alpha", "id: Alpha_1"), "id"),
    "active-reversed": ("actors:" + _GOOD_ACTOR + "    active: [2020, 2012]\n", "before it starts"),
    "duplicate-name": (
        "actors:" + _GOOD_ACTOR + _GOOD_ACTOR.replace("id: alpha", "id: delta").replace("جماعة ألفا", "جماعة دلتا"),
        "also names",
    ),
    "ambiguous-stale": (
        "ambiguous:\n  - alias: جماعة ألفا\n    actors: [alpha, military-forces-syria]\nactors:" + _GOOD_ACTOR,
        "carried by",
    ),
    "ambiguous-unknown-id": (
        "ambiguous:\n  - alias: جماعة ألفا\n    actors: [alpha, nobody]\nactors:" + _GOOD_ACTOR,
        "unknown actor id",
    ),
    "bad-hedge": ("hedges_ar: [ي]\nactors:" + _GOOD_ACTOR, "hedge"),
    "adjective-with-article": ("actors:" + _GOOD_ACTOR + "    adjectives_ar: [الباء]\n", "written with ال"),
    "adjective-two-words": ("actors:" + _GOOD_ACTOR + "    adjectives_ar: [ألفي كبير]\n", "not one Arabic word"),
    "adjective-latin": ("actors:" + _GOOD_ACTOR + "    adjectives_ar: [alphan]\n", "not one Arabic word"),
    "adjective-nationality": ("actors:" + _GOOD_ACTOR + "    adjectives_ar: [سورية]\n", "nationality adjective"),
    "adjective-shared": (
        "actors:" + _GOOD_ACTOR + "    adjectives_ar: [ألفي]\n"
        + _GOOD_ACTOR.replace("alpha", "gamma").replace("Alpha", "Gamma").replace("جماعة ألفا", "جماعة غاما")
        + "    adjectives_ar: [ألفي]\n",
        "also names",
    ),
    "unknown-top-level-key": ("colours: []\nactors:" + _GOOD_ACTOR, "colours"),
    "not-yaml": ("actors: [\n", "not valid YAML"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_validation_errors(tmp_path, case):
    text, message = BAD_CASES[case]
    d, c = _write(tmp_path, text)
    with pytest.raises(LexiconError) as info:
        load_registry(d, c)
    assert message in str(info.value), str(info.value)
    assert "a.yaml" in info.value.path or "countries.yaml" in info.value.path


def test_an_actor_is_found_by_its_adjectives(tmp_path, reg):
    d, c = _write(tmp_path, "actors:" + _GOOD_ACTOR + "    adjectives_ar: [ألفي, ألفية]\n")
    r = load_registry(d, c)
    for word in ("ألفي", "الفيه", "الألفية", "ألفية"):
        assert r.named_by_adjective(word) == (r.get("alpha"), "adjective"), word
    # a nationality adjective names its country's state forces, not an actor of its own
    assert r.named_by_adjective("سورية") == (r.state_forces("SYR"), "nationality adjective")
    assert reg.named_by_adjective("حوثية") == (reg.get("houthi-movement"), "adjective")
    assert reg.named_by_adjective("الداعشية") == (reg.get("isis-syria"), "adjective")
    assert reg.named_by_adjective("التركي") == (reg.state_forces("TUR"), "nationality adjective")
    assert reg.named_by_adjective("كبيرة") is None


def test_ambiguous_section_allows_a_shared_alias(tmp_path):
    gamma = _GOOD_ACTOR.replace("alpha", "gamma").replace("Alpha", "Gamma")
    d, c = _write(
        tmp_path,
        "ambiguous:\n  - alias: جماعة ألفا\n    actors: [alpha, gamma]\nactors:" + _GOOD_ACTOR + gamma,
    )
    r = load_registry(d, c)
    shared = [e for e in r.aliases() if e.key == fold("جماعة ألفا")]
    assert {e.actor_id for e in shared} == {"alpha", "gamma"}
    assert all(e.ambiguous for e in shared)
    assert r.ambiguous_keys() == {fold("جماعة ألفا"): frozenset({"alpha", "gamma"})}


@pytest.mark.parametrize(
    "countries_yaml, message",
    [
        (_MINI_COUNTRIES + _MINI_COUNTRIES.split("countries:\n")[1], "duplicate ISO3"),
        (_MINI_COUNTRIES.replace("iso3: SYR", "iso3: syr"), "iso3"),
        (_MINI_COUNTRIES.replace("{al_f}", "{al_x}"), "unknown placeholder"),
        (_MINI_COUNTRIES.replace("    names_ar: [سوريا]\n", ""), "names_ar"),
    ],
)
def test_country_validation_errors(tmp_path, countries_yaml, message):
    d, c = _write(tmp_path, "actors:" + _GOOD_ACTOR, countries_yaml)
    with pytest.raises(LexiconError) as info:
        load_registry(d, c)
    assert message in str(info.value)


# --------------------------------------------------------------------------- the gold

# ACLED-style names: "X of Y", "X (Country)", "ABBR: Name", or the names of named groups
_ACLED_STYLE = re.compile(
    r"^(Military Forces of|Police Forces of|Government of|Civilians \(|Protesters \(|Rioters \(|"
    r"Unidentified Armed Group \(|Islamic State \(|Opposition Rebels \(|Pro-Government Militia \()"
    r"|^[A-Z]{2,6}: "
)
# other named groups the gold lists under their own English names
_GOLD_GROUPS = (
    "Ahrar al Sham",
    "Failaq al Rahman",
    "Liwa al-Quds",
    "Liwa al Quds",
    "Jaish Khalid bin al Walid",
    "Desert Hawks Brigade",
    "Wagner Group",
    "Syria Civil Defence",
    "White Helmets",
    "Syrian National Army",
    "Global Coalition Against Daesh",
    "International Coalition Against Islamic State",
    "Islamic Revolutionary Guard Corps",
    "Autonomous Administration of North and East Syria",
    "Unidentified Military Forces",
)


def _gold_names() -> set[str]:
    names: set[str] = set()
    with open(GOLD_DEV, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for ev in doc.get("events", []):
                for side in ("actor1", "actor2"):
                    names.update(n for n in ev.get(side, []) if isinstance(n, str))
    return names


@pytest.mark.corpus
@pytest.mark.skipif(not GOLD_DEV.exists(), reason=f"gold file {GOLD_DEV} not present (../shared is absent)")
def test_gold_acled_names_resolve(reg):
    names = _gold_names()
    acled = {n for n in names if _ACLED_STYLE.search(n)} | (names & set(_GOLD_GROUPS))
    assert len(acled) > 20
    unresolved = sorted(n for n in acled if reg.by_name(n) is None)
    assert not unresolved, unresolved
    # the gold's spelling variants land on one actor
    assert reg.by_name("Military Forces of Syria") is reg.get("military-forces-syria")
    assert reg.by_name("Liwa al Quds") is reg.by_name("Liwa al-Quds")


@pytest.mark.corpus
@pytest.mark.skipif(not GOLD_DEV.exists(), reason=f"gold file {GOLD_DEV} not present (../shared is absent)")
def test_gold_arabic_forms_are_aliases(reg):
    """Most Arabic forms the gold gives for an actor are aliases of the actor the gold
    names (forms such as descriptions of a hospital or a single person are not)."""
    keys: dict[str, set[str]] = {}
    for e in reg.aliases():
        keys.setdefault(e.key, set()).add(e.actor_id)
    total = hit = 0
    with open(GOLD_DEV, encoding="utf-8") as f:
        for line in f:
            for ev in json.loads(line).get("events", []):
                for side in ("actor1", "actor2"):
                    forms = [n for n in ev.get(side, []) if re.search("[\u0621-\u064a]", n)]
                    for form in forms:
                        total += 1
                        if keys.get(fold(form).strip('"')) or keys.get(fold(form.replace('"', ""))):
                            hit += 1
    assert total > 50
    assert hit / total >= 0.8, (hit, total)
