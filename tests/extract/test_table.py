"""A table of short Arabic news sentences, written for these tests, with the events a
careful ACLED coder would code from them.

Per sub-type (positive), per modality (positive and negative), argument assignment
(actors, dates, fatalities, places) and merge/split. Every sentence uses only places of
the fixture gazetteer (tests/gazetteer_fixture.py). The publication date is Thursday
22 March 2018. Where a case fails, the expectation is what ACLED's codebook says, not
what the extractor does today: the failure message lists every candidate with the
provenance rule of each field, to show which lexicon entry or rule is missing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from marsad.model import Document, Modality

PUBLISHED = datetime(2018, 3, 22)  # a Thursday

BATTLES = "Battles"
ERV = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
SD = "Strategic developments"

SYRIA_ARMY = "Military Forces of Syria (2000-)"
RUSSIA = "Military Forces of Russia (2000-)"
TURKEY = "Military Forces of Turkey (2002-)"
IS = "Islamic State (Syria)"
SDF = "QSD: Syrian Democratic Forces"
HTS = "HTS: Hayat Tahrir al Sham"
AHRAR = "Ahrar al Sham"
JAISH_ISLAM = "Jaish al Islam"
CIVILIANS = "Civilians (Syria)"
PROTESTERS = "Protesters (Syria)"
UNIDENTIFIED = "Unidentified Armed Group (Syria)"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def resources(fixture_gazetteer):
    from marsad.recognize import Resources

    return Resources.load(None)  # $MARSAD_DATA: the fixture gazetteer


@pytest.fixture(scope="module")
def pipe(resources):
    """The rule extractor's pipeline (these tables hold the rules; the learned model,
    which decides single sentences by default, has its own tests): ``candidates`` has
    every candidate, ``events`` only the asserted and reported ones."""
    from marsad.pipeline import build_pipeline

    return build_pipeline(resources=resources, extractor="rules")


@pytest.fixture(scope="module")
def pipe_all(resources):
    from marsad.pipeline import build_pipeline

    return build_pipeline(all_modalities=True, resources=resources, extractor="rules")


def run(pipe, text: str, published: datetime = PUBLISHED):
    doc = Document("table", text, published=published)
    analysis = pipe.run(doc)
    for ev in analysis.candidates or ():
        check_spans(doc, ev)
    return analysis


def check_spans(doc: Document, ev) -> None:
    raw = doc.raw_text
    assert ev.evidence == raw[ev.evidence_span.start:ev.evidence_span.end]
    assert ev.evidence.strip(), "empty evidence"
    for name, fe in ev.provenance.items():
        for s in fe.spans:
            assert 0 <= s.start <= s.end <= len(raw), (name, s)


def describe(analysis) -> str:
    """Every candidate with its fields and the rule behind each: the failure message."""
    raw = analysis.doc.raw_text
    lines = [f"text: {raw}"]
    for ev in analysis.candidates or ():
        emitted = "emitted" if ev in (analysis.events or ()) else "not emitted"
        lines.append(
            f"- [{ev.modality.value}, {emitted}] {ev.event_type} / {ev.sub_event_type} | "
            f"actor1={ev.actor1!r} actor2={ev.actor2!r} assoc1={ev.assoc_actor_1!r} | "
            f"{ev.event_date} tp={ev.time_precision} | {ev.location} {ev.pcode} "
            f"gp={ev.geo_precision} | fatalities={ev.fatalities}"
        )
        for k, fe in sorted(ev.provenance.items()):
            if k in ("latitude", "longitude", "admin1", "admin2", "admin3", "country",
                     "sub_event_type", "time_precision", "geo_precision"):
                continue
            lines.append(f"    {k}: {fe.rule} {[s.of(raw) for s in fe.spans]}")
    if not analysis.candidates:
        lines.append("no candidate; mentions:")
        for m in analysis.mentions or ():
            lines.append(f"    {m.kind.value}: {m.text} -> {m.ref} ({m.evidence})")
    return "\n".join(lines)


def one_event(analysis):
    events = list(analysis.events or ())
    assert len(events) == 1, describe(analysis)
    return events[0]


def check_fields(ev, analysis, expected: dict) -> None:
    got = {}
    want = {}
    for k, v in expected.items():
        if k == "sides":  # ACLED's actor order carries no direction: an unordered pair
            got[k] = frozenset({ev.actor1, ev.actor2})
            want[k] = frozenset(v)
        elif k == "actor1_prefix":
            got[k] = ev.actor1.startswith(v)
            want[k] = True
        elif k == "geo_precision_in":
            got[k] = ev.geo_precision in v
            want[k] = True
        else:
            got[k] = getattr(ev, k)
            want[k] = v
    assert got == want, describe(analysis)


# --------------------------------------------------------------------------- 1. sub-types

SUB_TYPES = [
    # Battles / Armed clash
    pytest.param("اندلعت اشتباكات عنيفة بين قوات النظام وتنظيم داعش في محيط مدينة تدمر.",
                 BATTLES, "Armed clash", id="clash-noun-between"),
    pytest.param("اشتبكت قوات سوريا الديمقراطية مع عناصر تنظيم الدولة في بلدة الهول.",
                 BATTLES, "Armed clash", id="clash-verb-with"),
    # an armed group attacking an armed group's post is a battle, not remote violence
    pytest.param("شن تنظيم داعش هجوما على مواقع لقوات سوريا الديمقراطية قرب الهول.",
                 BATTLES, "Armed clash", id="clash-attack-on-post"),
    # Battles / Government regains territory: the recapture is the event; the fighting
    # that led to it is part of it (ACLED codes the territorial outcome)
    pytest.param("استعادت قوات النظام السيطرة على بلدة القريتين بعد معارك مع تنظيم داعش.",
                 BATTLES, "Government regains territory", id="regain-after-battles"),
    pytest.param("استعادت قوات النظام السيطرة على مدينة تدمر.",
                 BATTLES, "Government regains territory", id="regain-verb"),
    pytest.param("حررت قوات النظام مدينة القريتين من تنظيم داعش.",
                 BATTLES, "Government regains territory", id="regain-harrara"),
    # Battles / Non-state actor overtakes territory
    pytest.param("سيطر تنظيم داعش على قرية الصالحية في ريف دير الزور.",
                 BATTLES, "Non-state actor overtakes territory", id="overtake-verb-VSO"),
    pytest.param("سيطرت هيئة تحرير الشام على بلدة تل ريحان.",
                 BATTLES, "Non-state actor overtakes territory", id="overtake-verb-fem"),
    pytest.param("تمكن تنظيم داعش من السيطرة على مدينة القريتين في ريف حمص الشرقي.",
                 BATTLES, "Non-state actor overtakes territory", id="overtake-masdar"),
    # ERV / Air/drone strike
    pytest.param("شنت طائرات حربية روسية غارة جوية على مدينة كفر نبل.",
                 ERV, "Air/drone strike", id="air-raid"),
    # an air strike that kills civilians is still ERV, not Violence against civilians
    pytest.param("قُتل 4 مدنيين في غارة جوية روسية على بلدة تل ريحان.",
                 ERV, "Air/drone strike", id="air-passive-civilians-killed"),
    pytest.param("استهدفت طائرة مسيرة تركية سيارة في مدينة عفرين.",
                 ERV, "Air/drone strike", id="air-drone"),
    # قصف by aircraft is an air strike, not shelling
    pytest.param("قصفت الطائرات الحربية الروسية مدينة كفر نبل.",
                 ERV, "Air/drone strike", id="air-qasf-by-jets"),
    pytest.param("ألقت مروحيات النظام براميل متفجرة على مدينة دوما.",
                 ERV, "Air/drone strike", id="air-barrel-bombs"),
    # the aircraft named as the actor: "قصف الطيران الروسي", "قصفت مقاتلات التحالف"
    pytest.param("قصف الطيران الروسي مدينة كفر نبل.",
                 ERV, "Air/drone strike", id="air-qasf-by-air-force"),
    pytest.param("قصفت مقاتلات التحالف مواقع تنظيم داعش في مدينة دير الزور.",
                 ERV, "Air/drone strike", id="air-qasf-by-coalition-jets"),
    # ERV / Shelling/artillery/missile attack
    pytest.param("قصف مدفعي لقوات النظام على مدينة دوما.",
                 ERV, "Shelling/artillery/missile attack", id="shelling-nominal"),
    pytest.param("قصفت قوات النظام بقذائف الهاون مدينة حرستا.",
                 ERV, "Shelling/artillery/missile attack", id="shelling-mortars"),
    pytest.param("سقطت قذائف هاون على حي في مدينة دمشق.",
                 ERV, "Shelling/artillery/missile attack", id="shelling-no-actor"),
    pytest.param("أطلقت قوات النظام صواريخ على مدينة حرستا.",
                 ERV, "Shelling/artillery/missile attack", id="shelling-rockets"),
    # ERV / Chemical weapon
    pytest.param("هجوم بغاز الكلور على دوما أسفر عن حالات اختناق.",
                 ERV, "Chemical weapon", id="chemical-chlorine"),
    pytest.param("استخدمت قوات النظام غاز الكلور في هجوم على مدينة دوما.",
                 ERV, "Chemical weapon", id="chemical-used"),
    pytest.param("قصف بغاز السارين يستهدف مدينة دوما.",
                 ERV, "Chemical weapon", id="chemical-sarin"),
    # ERV / Suicide bomb
    pytest.param("هجوم انتحاري بسيارة مفخخة يستهدف حاجزا في مدينة القريتين.",
                 ERV, "Suicide bomb", id="suicide-car"),
    pytest.param("فجر انتحاري نفسه بسيارة مفخخة عند حاجز لقوات سوريا الديمقراطية في مدينة الحسكة.",
                 ERV, "Suicide bomb", id="suicide-blew-himself"),
    pytest.param("فجر انتحاري حزاما ناسفا في مدينة عفرين.",
                 ERV, "Suicide bomb", id="suicide-belt"),
    # ERV / Remote explosive/landmine/IED
    pytest.param("انفجار عبوة ناسفة بسيارة عسكرية في مدينة إدلب.",
                 ERV, "Remote explosive/landmine/IED", id="ied-noun"),
    pytest.param("انفجرت عبوة ناسفة بدورية لقوات سوريا الديمقراطية في مدينة الحسكة.",
                 ERV, "Remote explosive/landmine/IED", id="ied-verb"),
    # a car bomb with no suicide bomber is a remote explosive
    pytest.param("انفجرت سيارة مفخخة في مدينة عفرين.",
                 ERV, "Remote explosive/landmine/IED", id="ied-car-bomb"),
    pytest.param("انفجر لغم أرضي بسيارة مدنية في ريف حمص.",
                 ERV, "Remote explosive/landmine/IED", id="ied-landmine"),
    # VAC / Attack: an armed group attacking civilians
    pytest.param("أطلق مسلحون مجهولون النار على مدنيين في بلدة الهول.",
                 VAC, "Attack", id="vac-shooting"),
    pytest.param("أعدم تنظيم داعش 3 مدنيين في مدينة تدمر.",
                 VAC, "Attack", id="vac-execution"),
    pytest.param("اغتال مسلحون مجهولون ناشطا إعلاميا في مدينة إدلب.",
                 VAC, "Attack", id="vac-assassination"),
    pytest.param("قتل مسلحون مجهولون مدنيا بإطلاق النار عليه في مدينة إدلب.",
                 VAC, "Attack", id="vac-killed-by-gunfire"),
    # VAC / Abduction/forced disappearance
    pytest.param("اختطف مسلحون مجهولون طبيبا في مدينة إدلب.",
                 VAC, "Abduction/forced disappearance", id="abduction-ikhtataf"),
    pytest.param("خطف عناصر من تنظيم داعش 5 رعاة في بادية تدمر.",
                 VAC, "Abduction/forced disappearance", id="abduction-khatafa"),
    # SD / Arrests
    pytest.param("اعتقلت قوات الأمن 12 شابا في مدينة حرستا.",
                 SD, "Arrests", id="arrest-verb"),
    pytest.param("شنت قوات النظام حملة اعتقالات في مدينة حرستا.",
                 SD, "Arrests", id="arrest-campaign"),
    pytest.param("ألقت قوات الأسايش القبض على 7 شبان في مدينة الحسكة.",
                 SD, "Arrests", id="arrest-qabd"),
    # Protests
    pytest.param("خرجت مظاهرات في مدينة كفر نبل ضد هيئة تحرير الشام.",
                 PROTESTS, "Peaceful protest", id="protest-kharajat"),
    # "مئات" is the size of the crowd, not a generic statement
    pytest.param("تظاهر مئات من أهالي مدينة كفر نبل ضد قوات النظام.",
                 PROTESTS, "Peaceful protest", id="protest-hundreds"),
    pytest.param("فرقت قوات الأمن المتظاهرين بالقوة في مدينة دوما.",
                 PROTESTS, "Protest with intervention", id="protest-dispersed"),
    pytest.param("أطلقت عناصر هيئة تحرير الشام الغاز المسيل للدموع لتفريق المتظاهرين في مدينة إدلب.",
                 PROTESTS, "Protest with intervention", id="protest-tear-gas"),
    # SD / Disrupted weapons use: seizures, defusing, interceptions
    pytest.param("ضبطت قوات سوريا الديمقراطية شحنة أسلحة في مدينة الحسكة.",
                 SD, "Disrupted weapons use", id="weapons-seized"),
    # a defused IED did not explode: no remote violence
    pytest.param("فككت قوات سوريا الديمقراطية عبوة ناسفة في مدينة الحسكة.",
                 SD, "Disrupted weapons use", id="weapons-ied-defused"),
    # a drone shot down is an interception, not an air strike
    pytest.param("أسقطت الدفاعات الجوية طائرة مسيرة فوق مدينة حلب.",
                 SD, "Disrupted weapons use", id="weapons-drone-downed"),
    # SD / Agreement
    pytest.param("توصلت قوات النظام وجيش الإسلام إلى اتفاق إجلاء في مدينة دوما.",
                 SD, "Agreement", id="agreement-evacuation"),
    pytest.param("وقعت فصائل المعارضة اتفاق تسوية مع قوات النظام في مدينة دوما.",
                 SD, "Agreement", id="agreement-settlement"),
    pytest.param("أبرمت قوات النظام وجيش الإسلام اتفاقا لإجلاء المقاتلين من مدينة دوما.",
                 SD, "Agreement", id="agreement-abramat"),
]


@pytest.mark.parametrize("text, event_type, sub_event_type", SUB_TYPES)
def test_sub_type(pipe, text, event_type, sub_event_type) -> None:
    analysis = run(pipe, text)
    ev = one_event(analysis)
    assert (ev.event_type, ev.sub_event_type) == (event_type, sub_event_type), describe(analysis)


# --------------------------------------------------------------------------- 2. modality

MODALITIES = [
    # asserted
    pytest.param("قصفت قوات النظام مدينة دوما بقذائف المدفعية.", Modality.ASSERTED, id="asserted-verb"),
    pytest.param("مقتل 5 مدنيين بقصف لقوات النظام على مدينة حرستا.", Modality.ASSERTED, id="asserted-nominal"),
    # a negation in a later clause does not negate the event
    pytest.param("قصفت قوات النظام مدينة حرستا، ولم ترد أنباء عن إصابات.", Modality.ASSERTED,
                 id="asserted-later-negation"),
    # reported
    pytest.param("قصفت قوات النظام مدينة دوما بقذائف المدفعية، بحسب المرصد السوري لحقوق الإنسان.",
                 Modality.REPORTED, id="reported-bihasab"),
    pytest.param("وفق مصادر محلية، شنت طائرات حربية روسية غارات على مدينة كفر نبل.",
                 Modality.REPORTED, id="reported-wafq"),
    pytest.param("قال ناشطون إن قوات النظام قصفت مدينة حرستا بالصواريخ.", Modality.REPORTED, id="reported-qala"),
    pytest.param("أعلنت قوات سوريا الديمقراطية أنها اعتقلت 5 عناصر من تنظيم داعش في مدينة الحسكة.",
                 Modality.REPORTED, id="reported-aalanat"),
    # hypothetical
    pytest.param("إذا قصفت قوات النظام مدينة دوما فإن الفصائل سترد.", Modality.HYPOTHETICAL, id="hyp-idha"),
    pytest.param("لو شنت تركيا هجوما على مدينة عفرين لانهارت المفاوضات.", Modality.HYPOTHETICAL, id="hyp-law"),
    pytest.param("في حال هاجمت قوات النظام مدينة إدلب فإن الفصائل سترد بقوة.", Modality.HYPOTHETICAL,
                 id="hyp-fi-hal"),
    # future / threatened
    pytest.param("سوف تشن القوات التركية هجوما على مدينة عفرين.", Modality.FUTURE, id="future-sawfa"),
    pytest.param("ستشن قوات النظام هجوما على مدينة إدلب.", Modality.FUTURE, id="future-sa-prefix"),
    pytest.param("تهدد تركيا بشن هجوم على مدينة عفرين.", Modality.FUTURE, id="future-threat"),
    pytest.param("تعتزم قوات النظام اقتحام مدينة دوما.", Modality.FUTURE, id="future-intends"),
    pytest.param("يستعد الأهالي للهجوم المرتقب لقوات النظام على مدينة إدلب.", Modality.FUTURE,
                 id="future-expected"),
    pytest.param("حذر ناشطون من هجوم وشيك لقوات النظام على مدينة كفر نبل.", Modality.FUTURE,
                 id="future-imminent"),
    # negated
    pytest.param("نفى الجيش التركي وقوع هجوم على مدينة عفرين.", Modality.NEGATED, id="neg-denied"),
    pytest.param("لم تقصف الطائرات الروسية مدينة كفر نبل أمس.", Modality.NEGATED, id="neg-lam"),
    pytest.param("نفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت مدينة إدلب.", Modality.NEGATED,
                 id="neg-denied-clause"),
    # generic / habitual
    pytest.param("عادة ما تقصف قوات النظام مدينة حرستا بقذائف الهاون.", Modality.GENERIC, id="generic-usually"),
    pytest.param("خلال السنوات الأخيرة قصفت قوات النظام مدينة دوما بالبراميل المتفجرة.", Modality.GENERIC,
                 id="generic-recent-years"),
    pytest.param("تتعرض مدينة كفر نبل بين الحين والآخر لقصف مدفعي من قوات النظام.", Modality.GENERIC,
                 id="generic-from-time-to-time"),
    # an escalation of "its attacks" is a trend, not one event
    pytest.param("صعد تنظيم داعش هجماته في ريف الحسكة.", Modality.GENERIC, id="generic-escalated-attacks"),
    # question
    pytest.param("هل قصفت الطائرات الروسية مدينة إدلب؟", Modality.QUESTION, id="question-shelling"),
    pytest.param("هل استخدمت قوات النظام غاز الكلور في دوما؟", Modality.QUESTION, id="question-chemical"),
]


@pytest.mark.parametrize("text, modality", MODALITIES)
def test_modality(pipe, text, modality) -> None:
    analysis = run(pipe, text)
    cands = list(analysis.candidates or ())
    assert cands, describe(analysis)
    assert {c.modality for c in cands} == {modality}, describe(analysis)
    events = list(analysis.events or ())
    if modality.emitted_by_default:
        assert events, describe(analysis)
    else:
        assert events == [], describe(analysis)
    assert all(e.modality in (Modality.ASSERTED, Modality.REPORTED) for e in events)


def test_all_modalities_keeps_non_events_with_their_modality(pipe_all) -> None:
    analysis = run(pipe_all, "تهدد تركيا بشن هجوم على مدينة عفرين.")
    assert [e.modality for e in analysis.events] == [Modality.FUTURE], describe(analysis)


# --------------------------------------------------------------------------- 3. arguments

ACTORS = [
    # VSO, the actor named in the sentence before ("التنظيم")
    pytest.param("ينشط تنظيم داعش في ريف الحسكة الشرقي. وهاجم عناصر التنظيم فجر اليوم موقعا لقوات قسد في بلدة الهول.",
                 {"actor1": IS, "actor2": SDF, "pcode": "C4519"}, id="vso-context-tanzim"),
    # VSO: "عناصر X" right after the verb is its subject, not its target
    pytest.param("هاجم عناصر تنظيم داعش حاجزا لقوات النظام في مدينة تدمر.",
                 {"actor1": IS, "actor2": SYRIA_ARMY}, id="vso-anasir"),
    pytest.param("عناصر تنظيم داعش هاجموا موقعا لقوات سوريا الديمقراطية في بلدة الهول.",
                 {"actor1": IS, "actor2": SDF}, id="svo"),
    # the source of the report is not a side
    pytest.param("قالت مصادر محلية إن تنظيم داعش هاجم موقعا لقوات قسد في بلدة الهول.",
                 {"actor1": IS, "actor2": SDF, "modality": Modality.REPORTED}, id="svo-reported"),
    pytest.param("دارت اشتباكات بين هيئة تحرير الشام وحركة أحرار الشام في مدينة إدلب.",
                 {"sides": {HTS, AHRAR}}, id="between-x-and-y"),
    pytest.param("تعرضت مدينة عفرين لقصف من قبل القوات التركية.",
                 {"actor1": TURKEY}, id="min-qibal"),
    # passive with the target before the trigger and the perpetrator after من قبل
    pytest.param("استهدفت سيارة لقوات النظام بعبوة ناسفة من قبل مسلحين مجهولين في مدينة حمص.",
                 {"actor1": UNIDENTIFIED, "actor2": SYRIA_ARMY, "sub_event_type": "Remote explosive/landmine/IED"},
                 id="passive-min-qibal-target-first"),
    pytest.param("طال القصف التركي مدينة عفرين.",
                 {"actor1": TURKEY}, id="nationality-adjective"),
    # civilians killed by shelling are its actor2 (ERV, civilian targeting)
    pytest.param("قتل 6 مدنيين جراء القصف التركي على مدينة عفرين.",
                 {"event_type": ERV, "actor1": TURKEY, "actor2": CIVILIANS, "fatalities": 6},
                 id="nationality-adjective-civilians-killed"),
    pytest.param("مقتل 5 مدنيين بقصف لقوات النظام على مدينة حرستا.",
                 {"event_type": ERV, "actor1": SYRIA_ARMY, "actor2": CIVILIANS, "fatalities": 5}, id="maqtal-biqasf"),
    pytest.param("قُتل 7 مدنيين في غارة جوية على مدينة كفر نبل.",
                 {"actor2": CIVILIANS, "fatalities": 7}, id="passive-air-civilians"),
    # civilians harmed in a battle are not a side: their deaths count, the sides stay
    pytest.param("قتل 3 مدنيين خلال اشتباكات بين قوات النظام وجيش الإسلام في مدينة دوما.",
                 {"event_type": BATTLES, "sides": {SYRIA_ARMY, JAISH_ISLAM}, "fatalities": 3},
                 id="civilians-in-battle-not-a-side"),
    # clitic و + ب on the means, then VSO: the army is the doer
    pytest.param("وبقصف مدفعي استهدفت قوات النظام مدينة حرستا.",
                 {"actor1": SYRIA_ARMY, "actor2": ""}, id="clitic-means-vso"),
    pytest.param("خطف عناصر من تنظيم داعش 5 رعاة في بادية تدمر.",
                 {"actor1": IS, "actor2": CIVILIANS}, id="abduction-anasir-min"),
    # an armed group attacking shepherds is violence against civilians
    pytest.param("هاجم مسلحون من تنظيم داعش رعاة في بادية تدمر وقتلوا 4 منهم.",
                 {"event_type": VAC, "sub_event_type": "Attack", "actor1": IS, "actor2": CIVILIANS, "fatalities": 4},
                 id="vac-musallahun-min-tanzim"),
    pytest.param("أعدم تنظيم داعش 3 مدنيين في مدينة تدمر.",
                 {"actor1": IS, "actor2": CIVILIANS, "fatalities": 3, "civilian_targeting": "Civilian targeting"},
                 id="execution-actors"),
    # the two parties of an agreement, coordinated before it
    pytest.param("توصلت قوات النظام وجيش الإسلام إلى اتفاق إجلاء في مدينة دوما.",
                 {"sides": {SYRIA_ARMY, JAISH_ISLAM}}, id="agreement-x-and-y"),
    pytest.param("وقعت فصائل المعارضة اتفاق تسوية مع قوات النظام في مدينة دوما.",
                 {"sides": {"Opposition Rebels (Syria)", SYRIA_ARMY}}, id="agreement-with"),
    # a dispersed protest: the protesters and the force that dispersed them
    pytest.param("فرقت هيئة تحرير الشام مظاهرة في مدينة إدلب بالرصاص الحي.",
                 {"sides": {PROTESTERS, HTS}}, id="protest-intervention-sides"),
    pytest.param("أعلنت قوات سوريا الديمقراطية أنها اعتقلت 5 عناصر من تنظيم داعش في مدينة الحسكة.",
                 {"actor1": SDF, "actor2": IS}, id="arrest-actors"),
    # the group a casualty count names is killed, not the striker (no aircraft of its own)
    pytest.param("قصفت الطائرات الحربية بلدة كفر نبل وقتل 5 مسلحين.",
                 {"actor2": "Opposition Rebels (Syria)", "fatalities": 5}, id="counted-victims-are-target"),
    # bare "gunmen" are Syria's rebels only in Syria; elsewhere an unidentified group
    pytest.param("قتل مسلحون 5 مدنيين في بلدة كفر نبل.",
                 {"actor1": "Opposition Rebels (Syria)", "actor2": CIVILIANS}, id="gunmen-in-syria"),
    pytest.param("قتل مسلحون 5 مدنيين قرب مدينة #الموصل العراقية.",
                 {"actor1": "Unidentified Armed Group (Iraq)", "actor2": "Civilians (Iraq)"}, id="gunmen-abroad"),
]


@pytest.mark.parametrize("text, expected", ACTORS)
def test_actors(pipe, text, expected) -> None:
    analysis = run(pipe, text)
    check_fields(one_event(analysis), analysis, expected)


DATES = [
    pytest.param("قصفت قوات النظام أمس مدينة حرستا.", date(2018, 3, 21), 1, "أمس", id="ams"),
    pytest.param("قتل مدنيان بقصف لقوات النظام على مدينة دوما قبل يومين.", date(2018, 3, 20), 1, "قبل يومين",
                 id="qabl-yawmayn"),
    pytest.param("شنت طائرات حربية روسية يوم الخميس الماضي غارات على مدينة كفر نبل.", date(2018, 3, 15), 1,
                 "يوم الخميس الماضي", id="last-thursday"),
    pytest.param("شنت طائرات حربية روسية في 20 آذار/مارس غارات على مدينة كفر نبل.", date(2018, 3, 20), 1,
                 "20 آذار/مارس", id="explicit-day-month"),
    pytest.param("هاجم تنظيم داعش في 12 آذار/مارس 2018 حاجزا لقوات النظام في مدينة تدمر.", date(2018, 3, 12), 1,
                 "12 آذار/مارس 2018", id="explicit-full"),
    pytest.param("وهاجم تنظيم داعش فجر اليوم موقعا لقوات قسد في بلدة الهول.", date(2018, 3, 22), 1, "فجر اليوم",
                 id="fajr-alyawm"),
    pytest.param("قصفت قوات النظام مدينة دوما بقذائف الهاون.", date(2018, 3, 22), 1, None, id="no-date-publication"),
]


@pytest.mark.parametrize("text, day, precision, span_text", DATES)
def test_dates(pipe, text, day, precision, span_text) -> None:
    analysis = run(pipe, text)
    ev = one_event(analysis)
    assert (ev.event_date, ev.time_precision) == (day, precision), describe(analysis)
    spans = ev.provenance["event_date"].spans
    if span_text is None:
        assert spans == ()
    else:
        assert [s.of(text) for s in spans] == [span_text], describe(analysis)


def test_date_last_week_is_week_precision(pipe) -> None:
    analysis = run(pipe, "قصفت قوات النظام مدينة دوما الأسبوع الماضي.")
    ev = one_event(analysis)
    assert ev.time_precision == 2 and date(2018, 3, 12) <= ev.event_date <= date(2018, 3, 18), describe(analysis)


FATALITIES = [
    pytest.param("قتل خمسة مدنيين بقصف لقوات النظام على مدينة حرستا.", 5, id="number-word"),
    pytest.param("قتل مدنيان بقصف لقوات النظام على مدينة دوما قبل يومين.", 2, id="dual-qasf"),
    pytest.param("قتل مدنيان بغارة بطائرة مسيرة على مدينة إدلب.", 2, id="dual-drone"),
    pytest.param("قتل عنصران من قوات النظام بهجوم لتنظيم داعش على حاجز في مدينة تدمر.", 2, id="dual-fighters"),
    pytest.param("قتل عشرات المدنيين بغارات روسية على مدينة كفر نبل.", 10, id="tens"),
    # the wounded are not counted
    pytest.param("قتل ثلاثة عناصر من قوات النظام وجرح عشرة آخرون في هجوم لتنظيم داعش على حاجز في مدينة تدمر.",
                 3, id="wounded-not-counted"),
    pytest.param("أسفر القصف المدفعي لقوات النظام على مدينة حرستا عن مقتل 12 شخصا وإصابة 20 آخرين.", 12,
                 id="killed-and-injured"),
    pytest.param("أصيب 8 مدنيين بجروح بقصف مدفعي لقوات النظام على مدينة حرستا.", 0, id="only-wounded"),
    # deaths without a number: at least one
    pytest.param("سقط قتلى وجرحى بقصف لقوات النظام على مدينة دوما.", 1, id="unknown-number"),
]


@pytest.mark.parametrize("text, fatalities", FATALITIES)
def test_fatalities(pipe, text, fatalities) -> None:
    analysis = run(pipe, text)
    ev = one_event(analysis)
    assert ev.fatalities == fatalities, describe(analysis)
    if fatalities:
        assert ev.provenance["fatalities"].spans, describe(analysis)


LOCATIONS = [
    # the village itself; the homonym resolved by its governorate
    pytest.param("قصفت قوات النظام بلدة الصالحية في ريف دير الزور.",
                 {"pcode": "C9001", "geo_precision": 1, "admin1": "Deir-ez-Zor"}, id="village-deir-ez-zor"),
    pytest.param("قصفت قوات النظام بلدة الصالحية في ريف حلب.",
                 {"pcode": "C9002", "geo_precision": 1, "admin1": "Aleppo"}, id="village-aleppo"),
    pytest.param("اندلعت اشتباكات بين قوات النظام وتنظيم داعش قرب مدينة القريتين.",
                 {"pcode": "C2663", "geo_precision": 2, "admin1": "Homs"}, id="near-town"),
    pytest.param("اندلعت اشتباكات عنيفة بين قوات النظام وتنظيم داعش في محيط مدينة تدمر.",
                 {"pcode": "C2889", "geo_precision": 2}, id="surroundings-of-town"),
    pytest.param("قصفت قوات النظام قرى في ريف حلب.",
                 {"geo_precision": 3, "admin1": "Aleppo"}, id="countryside-governorate"),
    pytest.param("قصفت قوات النظام مواقع في ريف حمص الشرقي.",
                 {"geo_precision": 3, "admin1": "Homs"}, id="eastern-countryside"),
    # "the desert of Palmyra" is not the town itself
    pytest.param("خطف عناصر من تنظيم داعش 5 رعاة في بادية تدمر.",
                 {"admin1": "Homs", "geo_precision_in": (2, 3)}, id="badia"),
]


@pytest.mark.parametrize("text, expected", LOCATIONS)
def test_locations(pipe, text, expected) -> None:
    analysis = run(pipe, text)
    check_fields(one_event(analysis), analysis, expected)


def test_event_id_notes_and_provenance(pipe) -> None:
    text = "قال ناشطون إن 5 مدنيين قتلوا أمس بقصف لقوات النظام قرب مدينة القريتين."
    analysis = run(pipe, text)
    ev = one_event(analysis)
    assert ev.event_id_cnty.startswith("SYR") and len(ev.event_id_cnty) > 3
    assert ev.notes and "Qaryatein" in ev.notes, describe(analysis)
    assert ev.evidence == text[ev.evidence_span.start:ev.evidence_span.end] == text
    for name in ("event_type", "actor1", "location", "event_date", "fatalities", "modality"):
        assert name in ev.provenance, (name, describe(analysis))
    prov = ev.provenance
    assert [s.of(text) for s in prov["event_date"].spans] == ["أمس"], describe(analysis)
    assert [s.of(text) for s in prov["location"].spans] == ["قرب مدينة القريتين"], describe(analysis)
    assert [s.of(text) for s in prov["actor1"].spans] == ["قوات النظام"], describe(analysis)
    assert any("5" in s.of(text) for s in prov["fatalities"].spans), describe(analysis)
    assert any(s.of(text) == "قصف" for s in prov["event_type"].spans), describe(analysis)
    assert (ev.event_date, ev.pcode, ev.geo_precision, ev.fatalities) == (date(2018, 3, 21), "C2663", 2, 5)
    assert ev.modality is Modality.REPORTED
    # every span of every field lies inside the sentence it came from
    for fe in prov.values():
        for s in fe.spans:
            assert ev.evidence_span.contains(s), describe(analysis)


# --------------------------------------------------------------------------- 4. merge / split


def test_list_of_places_splits_with_shared_fatalities(pipe) -> None:
    analysis = run(pipe, "قتل 6 مدنيين في غارات جوية روسية على كفر نبل وتل ريحان.")
    events = list(analysis.events)
    assert sorted(e.pcode for e in events) == ["C4068", "C9004"], describe(analysis)
    assert sum(e.fatalities for e in events) == 6, describe(analysis)
    assert all(e.sub_event_type == "Air/drone strike" and e.actor1 == RUSSIA for e in events), describe(analysis)


def test_list_of_three_places(pipe) -> None:
    analysis = run(pipe, "شنت طائرات حربية روسية غارات على بلدات كفر نبل وتل ريحان وحرستا أسفرت عن مقتل 7 مدنيين.")
    events = list(analysis.events)
    assert sorted(e.pcode for e in events) == ["C2342", "C4068", "C9004"], describe(analysis)
    assert sum(e.fatalities for e in events) == 7, describe(analysis)
    assert {e.location for e in events} == {"Kafr Nobol", "Tal Rihan", "Harasta"}


def test_same_attack_told_twice_is_one_event(pipe) -> None:
    text = ("هاجم تنظيم داعش حاجزا لقوات النظام في مدينة تدمر أمس. "
            "ويعتبر هذا الهجوم الأعنف في المنطقة منذ أشهر.")
    analysis = run(pipe, text)
    ev = one_event(analysis)
    assert (ev.event_type, ev.pcode, ev.event_date) == (BATTLES, "C2889", date(2018, 3, 21)), describe(analysis)


def test_later_sentence_gives_the_toll_of_the_same_attack(pipe) -> None:
    text = ("هاجم تنظيم داعش حاجزا لقوات النظام في مدينة تدمر أمس. "
            "وقالت مصادر محلية إن الهجوم على الحاجز أسفر عن مقتل 4 عناصر.")
    analysis = run(pipe, text)
    ev = one_event(analysis)
    assert (ev.fatalities, ev.actor1, ev.actor2) == (4, IS, SYRIA_ARMY), describe(analysis)


def test_two_different_events_in_one_article(pipe) -> None:
    text = ("قصفت قوات النظام مدينة حرستا أمس. "
            "وفي مدينة إدلب، اندلعت اشتباكات بين هيئة تحرير الشام وحركة أحرار الشام.")
    analysis = run(pipe, text)
    got = sorted((e.event_type, e.pcode) for e in analysis.events)
    assert got == [(BATTLES, "C3871"), (ERV, "C2342")], describe(analysis)


def test_strike_and_clash_in_two_towns(pipe) -> None:
    text = ("شنت طائرات حربية روسية غارات على مدينة كفر نبل. "
            "وفي سياق آخر، اشتبكت قوات سوريا الديمقراطية مع تنظيم داعش في بلدة الهول.")
    analysis = run(pipe, text)
    got = sorted((e.sub_event_type, e.pcode) for e in analysis.events)
    assert got == [("Air/drone strike", "C4068"), ("Armed clash", "C4519")], describe(analysis)


def test_same_type_in_two_towns_is_two_events(pipe) -> None:
    text = "قصفت قوات النظام مدينة حرستا أمس. كما قصفت قوات النظام مدينة دوما بقذائف الهاون."
    analysis = run(pipe, text)
    assert sorted(e.pcode for e in analysis.events) == ["C2338", "C2342"], describe(analysis)


def test_continuation_sentence_takes_the_previous_date(pipe) -> None:
    """"كما قصفت ..." continues the previous report: same day, not the publication day."""
    text = "قصفت قوات النظام مدينة حرستا أمس. كما قصفت قوات النظام مدينة دوما."
    events = run(pipe, text).events
    by_place = {e.location: e for e in events}
    assert by_place["Harasta"].event_date == by_place["Duma"].event_date == PUBLISHED.date() - timedelta(days=1)
    assert "continuation" in by_place["Duma"].provenance["event_date"].rule


def test_bare_attack_word_does_not_merge_into_a_deal(pipe) -> None:
    text = ("توصلت قوات النظام وجيش الإسلام إلى اتفاق إجلاء في مدينة دوما أمس. "
            "وقتل مسلحون مجهولون شخصين في هجوم على حاجز في مدينة دوما أمس.")
    types = sorted(e.event_type for e in run(pipe, text).events)
    assert types == ["Strategic developments", "Violence against civilians"], types


def test_the_article_country_decides_a_shared_place_name(pipe) -> None:
    """الحديدة is a Yemeni city and (in the fixture) a Syrian village: in an article
    about Yemen the city is meant, and "التحالف" is the Saudi-led coalition there."""
    yemen = ("قصفت مقاتلات التحالف مواقع لجماعة الحوثي في مدينة الحديدة أمس، "
             "بحسب مصادر يمنية، وسط استمرار المعارك بين الجيش اليمني والحوثيين في اليمن.")
    events = run(pipe, yemen).events
    assert events, "no event"
    strike = events[0]
    assert (strike.country, strike.location) == ("Yemen", "Al Hudaydah")
    assert strike.actor1 == "Saudi-led Coalition"
    syria = "قصفت قوات النظام قرية الحديدة في ريف حمص أمس."
    village = run(pipe, syria).events[0]
    assert (village.country, village.pcode) == ("Syria", "C9005")


def test_no_publication_date_still_gives_the_event(pipe) -> None:
    """Issue 5: without a publication date "أمس" cannot be resolved; the event comes out
    with its date empty and the reason in provenance. An explicit date still resolves."""
    doc = Document("nodate", "قصفت قوات النظام مدينة حرستا أمس.")
    events = pipe.run(doc).events
    assert len(events) == 1
    ev = events[0]
    assert ev.event_date is None and ev.time_precision is None
    assert "no publication date" in ev.provenance["event_date"].rule + ev.tags
    dated = pipe.run(Document("dated", "قصفت قوات النظام مدينة حرستا في 20 آذار/مارس 2018.")).events
    assert dated[0].event_date == date(2018, 3, 20)


@pytest.mark.parametrize(
    "text, sides",
    [
        # counted fighters "من X" are X's losses: X is a side, not the killer
        ("قتل 30 عنصرا من تنظيم داعش في اشتباكات مع قوات قسد قرب بلدة الهول أمس.", {IS, SDF}),
        # a denial of responsibility does not deny the attack
        ("قصفت قوات النظام مدينة دوما أمس، ونفت دمشق مسؤوليتها عن القصف.", {SYRIA_ARMY}),
    ],
)
def test_victims_group_and_denied_responsibility(pipe, text, sides) -> None:
    events = run(pipe, text).events
    assert events, "no event"
    assert {events[0].actor1, events[0].actor2} - {""} == sides


def test_a_protest_shooting_is_one_excessive_force_event(pipe) -> None:
    text = "قتلت قوات الأمن ثلاثة متظاهرين خلال مظاهرة في مدينة إدلب أمس."
    events = run(pipe, text).events
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Protests", "Excessive force against protesters")]
    assert events[0].fatalities == 3


def test_a_plane_crash_is_not_political_violence(pipe) -> None:
    assert not run(pipe, "قتل 20 شخصا في تحطم طائرة قرب مدينة حمص أمس.").events


def test_one_toll_for_one_sentence_with_two_events(pipe) -> None:
    text = "قتل 12 مدنيا في قصف لقوات النظام على مدينة حرستا واشتباكات مع الفصائل في مدينة دوما أمس."
    events = run(pipe, text).events
    assert sum(e.fatalities for e in events) == 12, [(e.event_type, e.location, e.fatalities) for e in events]


def test_a_falling_airliner_is_an_accident(pipe) -> None:
    assert not run(pipe, "قتل 107 أشخاص إثر سقوط طائرة ركاب قرب مدينة حمص أمس.").events


def test_a_dateless_headline_folds_into_the_precise_report(pipe) -> None:
    text = ("مقتل ثلاثة مدنيين بقصف على ريف إدلب\n"
            "قتل ثلاثة مدنيين أمس جراء قصف مدفعي لقوات النظام على بلدة كفر نبل في ريف إدلب الجنوبي.")
    events = run(pipe, text).events
    assert len(events) == 1, [(e.location, e.geo_precision) for e in events]
    assert events[0].pcode == "C4068" and events[0].fatalities == 3
    assert len(events[0].provenance["evidence"].spans) == 2  # both reports kept as evidence


def test_continuation_does_not_inherit_a_period(pipe) -> None:
    """A count "until June" is a period; the next sentence's arrest is not dated by it
    (and does not become an aggregate with it)."""
    text = ("واعتقلت الشرطة 300 شخص في مدينة دوما حتى حزيران الماضي. "
            "كما اعتقلت قوات النظام شخصين في مدينة حرستا.")
    events = run(pipe, text).events
    assert [e.location for e in events] == ["Harasta"], describe(run(pipe, text))
    assert events[0].event_date == PUBLISHED.date()
    assert "continuation" not in events[0].provenance["event_date"].rule


# -- the modality lists of data/modality.yaml: short-reach cues, denials of responsibility --

def _modality_data() -> dict:
    import yaml

    from marsad.extract.lexicon import _data_path

    return yaml.safe_load(_data_path("modality.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("word", _modality_data()["short_reach"])
def test_a_short_reach_cue_does_not_reach_a_trigger_four_words_on(pipe, word) -> None:
    far = run(pipe, f"{word} ولكن بعد ساعات قصفت قوات النظام مدينة دوما أمس.")
    assert [e.sub_event_type for e in far.events] == ["Shelling/artillery/missile attack"], describe(far)
    near = run(pipe, f"وأكد المصدر أنه {word} تقصف قوات النظام مدينة دوما أمس.")
    assert near.events == (), describe(near)


# every word of responsibility_words, in a denial of who did it
_RESPONSIBILITY_SENTENCES = {
    "مسؤوليت": "نفى الجيش مسؤوليته عن قصف مدينة دوما أمس.",
    "مسؤولية": "نفى الجيش مسؤولية جنوده عن قصف مدينة دوما أمس.",
    "ضلوع": "نفى الجيش ضلوعه في قصف مدينة دوما أمس.",
    "تورط": "نفى الجيش تورطه في قصف مدينة دوما أمس.",
    "علاقت": "نفى الجيش علاقته بقصف مدينة دوما أمس.",
    "صلت": "نفى الجيش صلته بقصف مدينة دوما أمس.",
}


def test_every_responsibility_word_has_a_test_sentence() -> None:
    assert set(_modality_data()["responsibility_words"]) == set(_RESPONSIBILITY_SENTENCES)


@pytest.mark.parametrize("word, text", sorted(_RESPONSIBILITY_SENTENCES.items()))
def test_denying_responsibility_is_not_denying_the_event(pipe, word, text) -> None:
    analysis = run(pipe, text)
    # not negated (مسؤولية is also a cue of generic statements: "تتحمل مسؤولية")
    assert len(analysis.candidates) == 1 and analysis.candidates[0].modality != Modality.NEGATED, describe(analysis)
    denied = run(pipe, "نفى الجيش قصف مدينة دوما أمس.")
    assert [e.modality for e in denied.candidates] == [Modality.NEGATED], describe(denied)
