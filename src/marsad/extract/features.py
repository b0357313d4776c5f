"""The features a learned decision reads about one candidate event of the rules.

A candidate is what the rule extractor built for a sentence (its triggers, modality
cues, actors, place, date, toll) and the event it gave. The features describe it in
general terms, never one article's words alone: the rules' own decisions and the
rule that made each (``modality=negated``, ``agent_rule=subject after verb``), the
kinds of trigger and cue, where the sentence stands in the article, how far the date
is from publication, and the words around the trigger (folded, without the
conjunction و/ف, before and after it, with the bigrams before it), which is where
Arabic writes "ردا على الهجوم", "التي استهدفت", "مطالبين بتوجيه ضربة".

Every feature has a readable name, so the provenance of a decision can list the ones
that weighed most.
"""

from __future__ import annotations

from marsad.model import Event, MentionKind

#: how many words before and after the trigger the lexical features read
WINDOW_BEFORE = 6
WINDOW_AFTER = 4


def stem(word: str) -> str:
    """A word without the conjunction و/ف in front, and with the article after a
    preposition written as the article (بالقصف, للقصف → القصف)."""
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    if len(word) > 4 and word.startswith(("بال", "كال")):
        word = word[1:]
    elif len(word) > 3 and word.startswith("لل"):
        word = "ال" + word[2:]
    return word


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _family(rule: str) -> str:
    """The kind of a rule, without the words it quotes ("purpose (ل + masdar): لاقتحام"
    → "purpose (ل + masdar)")."""
    head = rule.split(":", 1)[0].strip()
    head = head.split(" (", 1)[0] if head.startswith("actor of sentence") else head
    if head.startswith(("actor of sentence", "place of sentence")):
        return head.split(" of sentence", 1)[0] + " of an earlier sentence"
    return head[:60]


def candidate_features(analysis, view, cand, ev: Event, *, earlier_same_type: bool) -> dict[str, float]:
    """The features of the event ``ev`` that the rules built from ``cand`` in the
    sentence ``view`` (see :mod:`marsad.extract.rules`)."""
    f: dict[str, float] = {}

    def on(name: str, value: float = 1.0) -> None:
        f[name] = value

    t = cand.anchor.value
    on(f"modality={cand.modality.value}")
    on(f"modality_rule={_family(cand.modality_rule)}")
    on(f"type={ev.event_type}")
    on(f"sub_type={ev.sub_event_type}")
    for c in cand.classes:
        on(f"class={c}")
    on(f"trigger={t.trigger_id}")
    on(f"trigger_form={t.form}")
    if t.definite:
        on("trigger_definite")
    if all(x.value.weak for x in cand.triggers):
        on("triggers_weak")
    if len(cand.triggers) > 1:
        on("several_triggers")
    if cand.means:
        on("means_named")
    if cand.anaphoric:
        on("anaphoric")
    # sides
    on(f"agent_rule={_family(cand.agent_rule) if cand.agent is not None else 'none'}")
    on(f"target_rule={_family(cand.target_rule) if cand.target is not None else 'none'}")
    if cand.agent_actor is not None:
        on(f"agent_kind={cand.agent_actor.kind}")
    if cand.target_actor is not None:
        on(f"target_kind={cand.target_actor.kind}")
    on(f"sentence_actors={_bucket(len(cand.sentence_actors), (0, 1, 2))}")
    # place
    on(f"place_rule={_family(cand.place_rule) or 'none'}")
    on(f"geo_precision={ev.geo_precision}")
    if cand.own_place:
        on("own_place")
    # date
    published = analysis.doc.published_date
    if cand.date_mention is None:
        on("date=none")
    else:
        on(f"date_rule={_family(getattr(cand.resolved_date, 'rule', ''))}")
    if ev.event_date is not None and published is not None:
        days = (published - ev.event_date).days
        on("date_delta=" + ("future" if days < 0 else _bucket(days, (0, 1, 3, 7, 31, 365))))
    if ev.time_precision:
        on(f"time_precision={ev.time_precision}")
    if "background:" in ev.tags:
        on("background")
    if "date error:" in ev.tags:
        on("date_error")
    # toll
    if cand.killed is not None:
        on("killed")
        count = cand.killed.value.count
        on("killed_count=" + ("unknown" if count is None else _bucket(int(count), (1, 9, 99))))
    # where the sentence stands
    on("sentence_index=" + _bucket(cand.sent, (0, 1, 3, 7)))
    n = len(analysis.sentences or ()) or 1
    on("sentence_third=" + str(min(2, 3 * cand.sent // n)))
    if n == 1:
        on("one_sentence_document")  # a wire sentence or a snippet, not an article
    if earlier_same_type:
        on("earlier_event_of_type")
    if len(cand.sentences) > 1:
        on("absorbed_other_sentences")
    # cues of the sentence
    ti = view.tok_index(t.nstart)
    for cue in view.of(MentionKind.CUE):
        c = cue.value
        on(f"cue={c.kind}")
        ci = view.tok_index(c.nstart)
        if c.nend <= t.nstart and ti - ci <= 3:
            on(f"cue_near={c.kind}")
    # the words around the trigger
    words = view.tok_norms
    te = view.tok_index(max(t.nstart, t.nend - 1))
    before = [stem(w) for w in words[max(0, ti - WINDOW_BEFORE):ti]]
    after = [stem(w) for w in words[te + 1:te + 1 + WINDOW_AFTER]]
    for w in before:
        on(f"before:{w}")
    for a, b in zip(before, before[1:]):
        on(f"before:{a} {b}")
    if before:
        on(f"just_before:{before[-1]}")
    for w in after:
        on(f"after:{w}")
    if after:
        on(f"just_after:{after[0]}")
    on(f"word:{stem(words[ti]) if ti < len(words) else ''}")
    raw = view.sentence.span.of(analysis.doc.raw_text)
    if "?" in raw or "؟" in raw:
        on("question_mark")
    if any(q in raw for q in "\"«»“”"):
        on("quotes")
    on("sentence_words=" + _bucket(len(words), (8, 20, 40)))
    return f



def pair_features(analysis, sents, pairs) -> list[dict[str, float]]:
    """The features of each ``(event, candidate)`` pair of a document, in order (the
    rule extractor's pairs, before repeats merge)."""
    out = []
    seen_types: set[str] = set()
    for ev, cand in pairs:
        out.append(candidate_features(analysis, sents[cand.sent], cand, ev,
                                      earlier_same_type=ev.event_type in seen_types))
        seen_types.add(ev.event_type)
    return out


#: the kinds of event a decision scope groups (event type → group)
TYPE_GROUPS = {
    "Battles": "violence", "Explosions/Remote violence": "violence", "Violence against civilians": "violence",
    "Protests": "demonstrations", "Riots": "demonstrations", "Strategic developments": "strategic",
}
#: every decision scope: where the text comes from × what kind of event
SCOPES = tuple(f"{ctx}:{grp}" for ctx in ("article", "sentence") for grp in ("violence", "demonstrations", "strategic"))


def scope_of(event_type: str, one_sentence: bool) -> str:
    """Where a candidate's decision falls: "article:violence", "sentence:demonstrations"
    ... (a single-sentence text has no article around it)."""
    return f"{'sentence' if one_sentence else 'article'}:{TYPE_GROUPS.get(event_type, 'strategic')}"
