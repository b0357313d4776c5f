"""The error classes that unseen articles expose (issue 20), each as a table of
sentences written for these tests, several phrasings per class, with what a careful
ACLED coder codes from them. The sentences use the places of the fixture gazetteer
(tests/gazetteer_fixture.py, with its invented villages); publication is Thursday 22
March 2018. A failure prints every candidate with the rule behind each field."""

from __future__ import annotations

from datetime import date

import pytest

from tests.extract.test_table import (  # noqa: F401  (fixtures)
    BATTLES, CIVILIANS, ERV, SYRIA_ARMY, describe, pipe, pipe_all, resources, run,
)

# --------------------------------------------------------------------------- 1. several places

# one report naming several places: one event per place, same sides, date and type
SEVERAL_PLACES = [
    pytest.param("سيطرت قوات النظام أمس على قرى عين الورد وكفر سلام وتل شيحان.",
                 BATTLES, {"Ein al-Ward", "Kafr Salam", "Tal Shihan"}, id="villages-after-plural-feature"),
    pytest.param("شنت طائرات النظام غارات اليوم على بلدتي عين الورد وكفر سلام.",
                 ERV, {"Ein al-Ward", "Kafr Salam"}, id="dual-feature"),
    pytest.param("قصفت قوات النظام بالمدفعية اليوم مدن حرستا ودوما وعفرين.",
                 ERV, {"Harasta", "Duma", "Afrin"}, id="towns-list"),
    pytest.param("استهدف القصف اليوم بلدات في الغوطة هي بيت ناعم والمشيرفة وحرستا.",
                 ERV, {"Beit Naem", "Mushayrfeh", "Harasta"}, id="list-after-hiya"),
    pytest.param("قصفت قوات النظام اليوم بلدة عين الورد وقرية كفر سلام ومدينة كفر نبل.",
                 ERV, {"Ein al-Ward", "Kafr Salam", "Kafr Nobol"}, id="feature-before-each"),
    pytest.param("شنت الطائرات الحربية اليوم غارات على بيت ناعم والمشيرفة، وفق ناشطين.",
                 ERV, {"Beit Naem", "Mushayrfeh"}, id="bare-names-after-cue"),
]


@pytest.mark.parametrize("text, event_type, places", SEVERAL_PLACES)
def test_one_event_per_place(pipe, text, event_type, places) -> None:
    a = run(pipe, text)
    got = [e for e in a.events if e.event_type == event_type]
    assert {e.location for e in got} == places and len(got) == len(places), describe(a)
    assert len({(e.actor1, e.actor2, e.event_date, e.sub_event_type) for e in got}) == 1, describe(a)


TOLLS = [
    # a toll for the places together is shared out evenly
    pytest.param("قتل ستة مدنيين اليوم في غارات لقوات النظام على بلدتي عين الورد وكفر سلام.",
                 {"Ein al-Ward": 3, "Kafr Salam": 3}, id="shared-evenly"),
    # a toll tied to each place stays with it
    pytest.param("قتل أربعة مدنيين في عين الورد واثنان في كفر سلام اليوم جراء غارات لقوات النظام.",
                 {"Ein al-Ward": 4, "Kafr Salam": 2}, id="tied-to-each-place"),
]


@pytest.mark.parametrize("text, tolls", TOLLS)
def test_tolls_of_several_places(pipe, text, tolls) -> None:
    a = run(pipe, text)
    assert {e.location: e.fatalities for e in a.events} == tolls, describe(a)


# --------------------------------------------------------------------------- 6. modality

NOT_EVENTS = [
    # an aim: the lam of purpose (or بهدف) on a verbal noun right before the trigger
    pytest.param("وتسعى المعارضة من لقاءاتها مع الروس للتوصل إلى اتفاق في مدينة دوما.", id="purpose-reach-deal"),
    pytest.param("وحشدت قوات النظام تعزيزات كبيرة لشن هجوم على مدينة حرستا.", id="purpose-launch-attack"),
    pytest.param("وأرسل التنظيم مقاتلين إلى مدينة تدمر بهدف تنفيذ هجمات.", id="purpose-behadaf"),
    # what a planned agreement provides for is as planned as the agreement
    pytest.param("وتجري مفاوضات للتوصل إلى اتفاق يقضي بخروج المسلحين من مدينة دوما.",
                 id="content-of-a-sought-deal"),
    # events of long before the report are background, whatever their date's form
    pytest.param("وكان التنظيم قد هاجم مدينة تدمر في أيار 2015.", id="old-month-year"),
    pytest.param("وشهدت مدينة حمص تفجيرات انتحارية في نهاية كانون الأول 2016.", id="old-end-of-month"),
    pytest.param("وفي 12 كانون الثاني الماضي قصفت قوات النظام مدينة حرستا.", id="two-months-before"),
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_events(pipe, text) -> None:
    a = run(pipe, text)
    assert not a.events, describe(a)


EVENTS_STILL = [
    # a date within the last month is not background
    pytest.param("وفي 25 شباط الماضي قصفت قوات النظام مدينة حرستا.", ERV, id="last-month"),
    # the lam on the trigger itself is not a purpose ("أدى لمقتل")
    pytest.param("قصفت قوات النظام مدينة دوما اليوم ما أدى لمقتل ثلاثة مدنيين.", ERV, id="lam-on-trigger"),
    # the lam of a verb's complement is no purpose: "تعرضت لإطلاق صاروخ"
    pytest.param("وتعرضت مدينة حرستا اليوم لإطلاق صواريخ من قوات النظام.", ERV, id="lam-of-complement"),
    # an agreement that was reached, and what it provides for
    pytest.param("توصلت قوات النظام وفصائل المعارضة أمس إلى اتفاق يقضي بخروج المسلحين من مدينة حرستا.",
                 "Strategic developments", id="deal-reached"),
]


@pytest.mark.parametrize("text, event_type", EVENTS_STILL)
def test_events_still_coded(pipe, text, event_type) -> None:
    a = run(pipe, text)
    assert any(e.event_type == event_type for e in a.events), describe(a)


def test_an_old_attack_on_the_same_town_does_not_swallow_todays(pipe) -> None:
    text = ("قتل مدني اليوم في هجوم انتحاري على كنيسة في مدينة حمص.\n"
            "وكانت مدينة حمص قد شهدت هجوما انتحاريا مماثلا في أيار 2016.")
    a = run(pipe, text)
    (ev,) = a.events
    assert ev.event_date == date(2018, 3, 22) and "background" not in ev.tags, describe(a)


# --------------------------------------------------------------------------- 2. who did it to whom

US = "Military Forces of the United States"
ISRAEL = "Military Forces of Israel"
RUSSIA = "Military Forces of Russia (2000-)"
TURKEY = "Military Forces of Turkey (2002-)"
POLICE = "Police Forces of Syria (2000-)"
SD = "Strategic developments"

SIDES = [
    # states striking another state's forces or territory: the strikers are actor1, the
    # forces of the country struck actor2
    pytest.param("شنت الولايات المتحدة وبريطانيا وفرنسا فجر اليوم ضربات على مواقع للنظام السوري في مدينة دمشق.",
                 {"actor1": US, "actor2": SYRIA_ARMY}, id="coalition-of-states-on-regime-positions"),
    pytest.param("قصفت إسرائيل فجر اليوم مواقع عسكرية سورية قرب مدينة دمشق.",
                 {"actor1": ISRAEL, "actor2": SYRIA_ARMY}, id="country-strikes-syrian-positions"),
    pytest.param("استهدفت صواريخ أمريكية فجر اليوم مطارا عسكريا لقوات النظام قرب مدينة حمص.",
                 {"actor1": US, "actor2": SYRIA_ARMY}, id="nationality-missiles-on-regime-airbase"),
    # the attacker named in the cause of deaths is actor1, the dead actor2
    pytest.param("قتل خمسة مدنيين اليوم جراء غارات روسية على مدينة كفر نبل.",
                 {"actor1": RUSSIA, "actor2": CIVILIANS}, id="jarraa-russian-raids"),
    pytest.param("قُتل عشرة عناصر من قوات النظام اليوم بقصف للطيران الإسرائيلي قرب مدينة حمص.",
                 {"actor1": ISRAEL, "actor2": SYRIA_ARMY}, id="passive-killed-by-israeli-air"),
    pytest.param("لقي ثلاثة أطفال حتفهم اليوم إثر قصف مدفعي لقوات النظام على مدينة حرستا.",
                 {"actor1": SYRIA_ARMY, "actor2": CIVILIANS}, id="ithr-shelling-of-regime"),
    pytest.param("أصيب سبعة مدنيين اليوم بسبب قصف القوات التركية على مدينة عفرين.",
                 {"actor1": TURKEY, "actor2": CIVILIANS}, id="bisabab-turkish-shelling"),
    # whoever reports the event is not a side
    pytest.param("وقالت وزارة الدفاع الروسية إن مسلحين هاجموا اليوم حاجزا لقوات النظام في مدينة حمص.",
                 {"actor2": SYRIA_ARMY, "not": RUSSIA}, id="ministry-reports"),
    pytest.param("وأعلنت وكالة سانا أن قذائف أطلقها مسلحون سقطت اليوم على حي في مدينة دمشق.",
                 {"not": SYRIA_ARMY}, id="agency-reports"),
    # the victims' affiliation
    pytest.param("قتل خمسة من عناصر الشرطة اليوم في هجوم مسلح على حاجز في مدينة حمص.",
                 {"actor2": POLICE}, id="victims-police"),
    pytest.param("قتل شرطيان اليوم في هجوم مسلح على مركز للشرطة قرب مدينة #الموصل العراقية.",
                 {"actor2": "Police Forces of Iraq"}, id="victims-police-abroad"),
    pytest.param("قتل ثلاثة من مقاتلي هيئة تحرير الشام اليوم في غارة على مدينة إدلب.",
                 {"actor2": "HTS: Hayat Tahrir al Sham"}, id="victims-fighters-of-group"),
]


@pytest.mark.parametrize("text, expected", SIDES)
def test_sides(pipe, text, expected) -> None:
    a = run(pipe, text)
    events = [e for e in a.events if e.event_type != SD or "actor2" in expected]
    assert events, describe(a)
    ev = events[0]
    for k, v in expected.items():
        if k == "not":
            assert v not in (ev.actor1, ev.actor2), describe(a)
        else:
            assert getattr(ev, k) == v, describe(a)


INTERCEPTIONS = [
    pytest.param("تصدت الدفاعات الجوية السورية فجر اليوم لصواريخ إسرائيلية قرب مدينة دمشق.",
                 SYRIA_ARMY, ISRAEL, id="intercepted-israeli-missiles"),
    pytest.param("أسقطت الدفاعات الجوية السورية اليوم صواريخ أطلقتها طائرات إسرائيلية فوق مدينة حمص.",
                 SYRIA_ARMY, ISRAEL, id="shot-down-missiles-fired-by"),
    pytest.param("اعترضت الدفاعات الجوية صواريخ أطلقتها قوات النظام على مدينة إدلب اليوم.",
                 None, SYRIA_ARMY, id="interceptor-unnamed"),
]


@pytest.mark.parametrize("text, interceptor, fired", INTERCEPTIONS)
def test_an_interception_is_disrupted_weapons_use(pipe, text, interceptor, fired) -> None:
    a = run(pipe, text)
    dwu = [e for e in a.events if e.sub_event_type == "Disrupted weapons use"]
    assert len(dwu) == 1, describe(a)
    ev = dwu[0]
    assert ev.event_type == SD and ev.actor1 and ev.actor2 == fired, describe(a)
    if interceptor:
        assert ev.actor1 == interceptor, describe(a)


# --------------------------------------------------------------------------- 5. how events are told

PROTESTS_AND_RIOTS = [
    pytest.param("نزل آلاف المحتجين أمس إلى شوارع مدينة حمص احتجاجا على غلاء الأسعار.",
                 "Protests", "Peaceful protest", id="went-down-to-the-streets"),
    pytest.param("تجمع مئات المتظاهرين اليوم أمام مبنى المحافظة في مدينة حمص.",
                 "Protests", "Peaceful protest", id="gathered"),
    pytest.param("خرج الآلاف اليوم في مسيرة سلمية في مدينة دمشق للمطالبة بالإفراج عن المعتقلين.",
                 "Protests", "Peaceful protest", id="peaceful-march"),
    pytest.param("احتل محتجون اليوم مقر المحافظة في مدينة حمص وأحرق المتظاهرون إطارات أمامه.",
                 "Riots", "Violent demonstration", id="burned-and-occupied"),
    pytest.param("اقتحم المتظاهرون اليوم مطار مدينة دمشق خلال احتجاجات على انقطاع الكهرباء.",
                 "Riots", "Violent demonstration", id="stormed-during-protests"),
    pytest.param("رشق المتظاهرون قوات الأمن بالحجارة خلال مظاهرة اليوم في مدينة حمص.",
                 "Riots", "Violent demonstration", id="stones-at-security-forces"),
]


@pytest.mark.parametrize("text, event_type, sub", PROTESTS_AND_RIOTS)
def test_protests_and_riots(pipe, text, event_type, sub) -> None:
    a = run(pipe, text)
    got = [(e.event_type, e.sub_event_type) for e in a.events]
    assert got == [(event_type, sub)], describe(a)
    if event_type == "Riots":
        assert a.events[0].actor1 == "Rioters (Syria)", describe(a)


def test_a_bombardment_on_a_named_day_is_no_tally(pipe) -> None:
    a = run(pipe, "أطلقت قوات النظام مساء الأحد أكثر من 260 صاروخا على مدينة حرستا.")
    assert len(a.events) == 1 and a.events[0].event_type == ERV, describe(a)
    a = run(pipe, "وأطلقت قوات النظام أكثر من 2600 صاروخ على مدينة حرستا.")
    assert not a.events, describe(a)
