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
    pytest.param("وجهت فرنسا وبريطانيا والولايات المتحدة ضربات صاروخية اليوم إلى مواقع للنظام السوري في مدينة دمشق.",
                 {"actor1": "Military Forces of France", "actor2": SYRIA_ARMY}, id="coalition-of-states-on-regime-positions"),
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
    # the genitive of a death noun is who died: "مصرع X"
    pytest.param("وأفادت مصادر اليوم بمصرع عشرات المسلحين من تنظيم داعش في غارات للتحالف على مدينة الرقة.",
                 {"actor1": "Global Coalition Against Daesh", "actor2": "Islamic State (Syria)"}, id="death-noun-genitive"),
    # a light verb's subject is the doer, however far its noun
    pytest.param("وشنت قوات النظام، المدعومة بمقاتلات روسية، اليوم قصفا مدفعيا عنيفا على مدينة حرستا.",
                 {"actor1": SYRIA_ARMY}, id="light-verb-subject"),
    # arrests: who arrested (security forces named without a country) and whom
    pytest.param("اعتقلت قوات الأمن اليوم خمسة أشخاص في مدينة حمص.",
                 {"actor1": POLICE, "actor2": CIVILIANS}, id="arrest-security-forces"),
    pytest.param("اعتقلت قوات النظام اليوم عشرات الشبان في مدينة حرستا.",
                 {"actor1": SYRIA_ARMY, "actor2": CIVILIANS}, id="arrest-unnamed-people"),
    # a country as a party of a deal
    pytest.param("توصلت روسيا وفصائل المعارضة اليوم إلى اتفاق يقضي بخروج المسلحين من مدينة دوما.",
                 {"actor1": "Opposition Rebels (Syria)", "actor2": RUSSIA}, id="deal-with-a-country"),
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
    # government forces named without a country are the army of the event's country
    pytest.param("اندلعت اشتباكات عنيفة اليوم بين القوات الحكومية ومسلحين في مدينة #الموصل العراقية.",
                 {"actor1": "Military Forces of Iraq", "not": SYRIA_ARMY}, id="government-forces-abroad"),
    pytest.param("اندلعت اشتباكات عنيفة اليوم بين القوات الحكومية ومسلحين في مدينة حمص.",
                 {"actor1": SYRIA_ARMY}, id="government-forces-at-home"),
    # law-and-order forces are the police, not "the regime"
    pytest.param("اعتقلت قوات حفظ النظام اليوم عشرة متظاهرين في مدينة حمص.",
                 {"actor1": POLICE, "actor2": "Protesters (Syria)"}, id="law-and-order-forces"),
    # soldiers counted or named one by one with their nationality are that country's forces
    pytest.param("قتل ثلاثة جنود أتراك اليوم في هجوم بسيارة مفخخة في مدينة عفرين.",
                 {"actor2": TURKEY}, id="counted-soldiers-oblique-plural"),
    pytest.param("قتل جنديان أميركيان اليوم بانفجار عبوة ناسفة قرب مدينة حمص.",
                 {"actor2": US, "not": CIVILIANS}, id="dual-soldiers"),
    pytest.param("قتل جندي روسي اليوم بقذيفة أطلقها مسلحون على مدينة حرستا.",
                 {"actor2": RUSSIA}, id="one-soldier"),
    # a person noun after a kill verb was killed; an institution after it killed
    pytest.param("قتلت الشرطة اليوم ثلاثة مسلحين في اشتباك في مدينة حمص.",
                 {"actor1": POLICE}, id="institution-kills"),
    pytest.param("قتلت قوات الأمن اليوم عنصرين من تنظيم داعش في مدينة حمص.",
                 {"actor1": POLICE, "actor2": "Islamic State (Syria)"}, id="institution-kills-members-of"),
    # a person noun before a kill verb without an object was killed (and with one killed)
    pytest.param("وأعلن الجيش الأميركي أن جنديا أميركيا قتل اليوم في هجوم على قاعدة قرب مدينة حمص.",
                 {"actor2": US, "not": CIVILIANS}, id="soldier-before-passive-verb"),
    pytest.param("وقال سكان إن جنودا أميركيين قتلوا اليوم خمسة مسلحين قرب مدينة حمص.",
                 {"actor1": US, "not": CIVILIANS}, id="soldiers-before-verb-with-object"),
    # the wounded named after a verb that is only passive
    pytest.param("أصيب شرطيان بجروح اليوم في انفجار عبوة ناسفة في مدينة حمص.",
                 {"actor2": POLICE}, id="wounded-after-usiba"),
    pytest.param("وأصيب ثلاثة جنود أتراك بجروح اليوم في قصف على مدينة عفرين.",
                 {"actor2": TURKEY}, id="wounded-counted-soldiers"),
    # "its own" members counted among the victims: the actor named before them
    pytest.param("وأعلن الجيش التركي اليوم مقتل اثنين من جنوده في هجوم قرب مدينة عفرين.",
                 {"actor2": TURKEY, "not": CIVILIANS}, id="two-of-its-soldiers"),
    pytest.param("وأعلنت هيئة تحرير الشام مقتل أحد عناصرها اليوم بغارة على مدينة إدلب.",
                 {"actor2": "HTS: Hayat Tahrir al Sham"}, id="one-of-its-members"),
    # residents who tell of an attack are not its victims
    pytest.param("وقال سكان إن مسلحين هاجموا اليوم حاجزا لقوات النظام في مدينة حمص.",
                 {"actor2": SYRIA_ARMY, "not": CIVILIANS}, id="residents-report"),
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
    # a crowd counted by nationality storming a building during protests
    pytest.param("وضربوا أفراد الشرطة.\nواقتحم مئات السوريين اليوم مبنى المحافظة في مدينة حمص خلال احتجاجات على الغلاء.",
                 "Riots", "Violent demonstration", id="crowd-storms-during-protests"),
]


@pytest.mark.parametrize("text, event_type, sub", PROTESTS_AND_RIOTS)
def test_protests_and_riots(pipe, text, event_type, sub) -> None:
    a = run(pipe, text)
    got = [(e.event_type, e.sub_event_type) for e in a.events]
    assert got == [(event_type, sub)], describe(a)
    if event_type == "Riots":
        assert a.events[0].actor1 == "Rioters (Syria)", describe(a)


def test_a_bombardment_on_a_named_day_is_no_tally(pipe) -> None:
    a = run(pipe, "أطلقت قوات النظام يوم الاثنين نحو 180 قذيفة على مدينة حرستا.")
    assert len(a.events) == 1 and a.events[0].event_type == ERV, describe(a)
    a = run(pipe, "وأطلقت قوات النظام ما يزيد على 1800 قذيفة على مدينة حرستا.")
    assert not a.events, describe(a)


# --------------------------------------------------------------------------- 3. references

REFERENCES = [
    pytest.param("وأدانت الخارجية التركية الهجوم على مدينة عفرين.", id="condemned"),
    pytest.param("ونددت منظمات حقوقية بالقصف على مدينة حرستا.", id="denounced"),
    pytest.param("ومنذ الهجوم على مدينة تدمر تعيش المدينة في خوف.", id="since-the-attack"),
    pytest.param("ووصل مفتشو المنظمة اليوم إلى موقع الهجوم في مدينة دوما.", id="inspectors-at-the-site"),
    pytest.param("وطالبت الأمم المتحدة بفتح تحقيق في الهجوم على مدينة إدلب.", id="inquiry"),
    pytest.param("وقال الوزير إن القواعد التي استهدفت تابعة لقوات النظام في مدينة حمص.", id="relative-clause-recalls"),
    pytest.param("وأحيا السكان ذكرى الهجوم الكيميائي على مدينة دوما.", id="anniversary"),
    pytest.param("وزار الوزير جرحى الهجوم الانتحاري في مدينة حمص، ودعا لضحايا الهجوم.", id="victims-of"),
    pytest.param("اقرأ أيضا: مقتل خمسة مدنيين في قصف على مدينة حرستا", id="read-also-link"),
    pytest.param("إقرأ أيضا| غارات روسية على مدينة إدلب تقتل عشرة أشخاص", id="read-also-link-bar"),
]


@pytest.mark.parametrize("text", REFERENCES)
def test_a_reference_is_not_an_event(pipe, pipe_all, text) -> None:
    a = run(pipe, text)
    assert not a.events, describe(a)
    everything = run(pipe_all, text)
    assert any(e.modality.value in ("reference", "generic", "future") for e in everything.events), describe(everything)


def test_the_response_is_the_event_not_what_it_answers(pipe) -> None:
    a = run(pipe, "وقصفت طائرات التحالف اليوم مواقع لتنظيم داعش في مدينة الرقة ردا على الهجوم على مدينة الحسكة.")
    assert [(e.event_type, e.location) for e in a.events] == [(ERV, "Ar-Raqqa")], describe(a)


# --------------------------------------------------------------------------- 8. places from the wrong word

SPEAKING_PLACES = [
    pytest.param("وبعد الاشتباكات العنيفة اليوم قالت دمشق إن المعارضة انسحبت من بلدة عين الورد.",
                 "Ein al-Ward", id="said"),
    pytest.param("وفي الهجوم الذي شن اليوم على بلدة كفر سلام اتهمت دمشق فصائل المعارضة.",
                 "Kafr Salam", id="accused"),
]


@pytest.mark.parametrize("text, place", SPEAKING_PLACES)
def test_a_capital_that_speaks_is_not_the_place(pipe, text, place) -> None:
    a = run(pipe, text)
    assert a.events and all(e.location == place for e in a.events), describe(a)


# --------------------------------------------------------------------------- 7. events anywhere

WORLD = [
    pytest.param("قتل 12 شخصا اليوم في انفجار سيارة مفخخة في مدينة قندهار جنوب أفغانستان.",
                 "Afghanistan", "South Asia", "Civilians (Afghanistan)", id="kandahar"),
    pytest.param("تظاهر الآلاف اليوم في مدينة لاغوس احتجاجا على ارتفاع الأسعار.",
                 "Nigeria", "Western Africa", "Protesters (Nigeria)", id="lagos-protest"),
    pytest.param("قتل مسلحون اليوم ثلاثة من رجال الشرطة في هجوم على مركز للشرطة في مدينة مانيلا.",
                 "Philippines", "Southeast Asia", "Police Forces of the Philippines", id="manila-police"),
    pytest.param("اندلعت اشتباكات عنيفة اليوم بين الشرطة ومتظاهرين في مدينة كاراكاس.",
                 "Venezuela", "South America", None, id="caracas"),
]


@pytest.mark.parametrize("text, country, region, actor", WORLD)
def test_events_anywhere_are_placed_in_their_country(pipe, text, country, region, actor) -> None:
    a = run(pipe, text)
    assert a.events, describe(a)
    ev = a.events[0]
    assert (ev.country, ev.region) == (country, region) and ev.latitude is not None, describe(a)
    assert ev.event_id_cnty[:3] != "SYR", describe(a)
    if actor:
        assert actor in (ev.actor1, ev.actor2), describe(a)


def test_a_world_town_named_like_a_common_word_is_not_a_place(pipe) -> None:
    # بيان (a statement) is also a town in Kuwait; كالة inside وكالة is Calais
    a = run(pipe, "وقال بيان صادر عن وكالة الأنباء اليوم إن قوات النظام قصفت مدينة حرستا.")
    assert [e.location for e in a.events] == ["Harasta"], describe(a)


# --------------------------------------------------------------------------- event words used otherwise

def test_soldiers_named_in_an_accident_make_no_attack(pipe) -> None:
    a = run(pipe, "قتل جندي روسي وأصيب آخر اليوم في تحطم مروحية عسكرية قرب مدينة حمص.")
    assert not a.events, describe(a)
    a = run(pipe, "قتل جندي روسي اليوم في هجوم على مروحية عسكرية قرب مدينة حمص.")
    assert a.events and a.events[0].actor2 == RUSSIA, describe(a)


NOT_EVENTS_WORDS = [
    pytest.param("وعبرت تركيا اليوم عن رغبتها في إنتاج النظام الصاروخي في مدينة حلب.", id="missile-system"),
    pytest.param("وتحدث الوزير اليوم عن البرنامج الصاروخي في مدينة دمشق.", id="missile-programme"),
    pytest.param("مع اقتراب معركة الانتخابات البلدية في مدينة حمص اليوم.", id="election-battle"),
    pytest.param("وخاض الحزب اليوم معركة قضائية في مدينة دمشق.", id="court-battle"),
    # a seizure needs weapons: restraint, an opportunity, land, drugs, "exactly" are none
    pytest.param("وطالبت الأمم المتحدة اليوم الطرفين بضبط النفس في مدينة حمص.", id="self-restraint"),
    pytest.param("وأكد الوزير اليوم في مدينة دمشق ضرورة اغتنام الفرصة.", id="seize-the-opportunity"),
    pytest.param("وصادرت السلطات اليوم أراضي المزارعين في مدينة حمص.", id="confiscated-land"),
    pytest.param("وضبطت الشرطة اليوم شحنة مخدرات في مدينة حمص.", id="drug-seizure"),
    pytest.param("وانطلقت القافلة اليوم بالضبط من مدينة حمص.", id="exactly"),
]


@pytest.mark.parametrize("text", NOT_EVENTS_WORDS)
def test_event_words_used_otherwise(pipe, text) -> None:
    a = run(pipe, text)
    assert not a.events, describe(a)


def test_a_missile_attack_is_still_one(pipe) -> None:
    for text in ("وشنت قوات النظام اليوم هجوما صاروخيا على مدينة حرستا.", "وتعرضت مدينة حرستا اليوم لقصف صاروخي."):
        a = run(pipe, text)
        assert [e.sub_event_type for e in a.events] == ["Shelling/artillery/missile attack"], describe(a)


def test_a_seizure_of_weapons_names_them(pipe) -> None:
    for text in ("وضبطت قوات الأمن اليوم كميات كبيرة من الأسلحة والذخائر في مدينة حمص.",
                 "وصادرت دورية للشرطة اليوم صواريخ وقذائف في مدينة حمص."):
        a = run(pipe, text)
        assert [e.sub_event_type for e in a.events] == ["Disrupted weapons use"], describe(a)


def test_a_struck_weapons_depot_is_the_strike(pipe) -> None:
    a = run(pipe, "وقصفت طائرات حربية اليوم مستودع أسلحة في مدينة حمص.")
    assert [e.sub_event_type for e in a.events] == ["Air/drone strike"], describe(a)
