"""Modality of an event trigger: asserted, reported, or one of the kinds that are not
events (hypothetical, future/threatened, negated, generic/habitual, question).

Cues come from ``data/modality.yaml``. A cue applies to a trigger when it stands:

- before it, within the lexicon's window of tokens and in the same clause (no comma,
  colon, semicolon, bracket or quote between them) — except that a cue in a short
  sentence-initial clause (a fronted adverbial: "وخلال السنوات الأخيرة، ألقت ...")
  covers the whole sentence;
- right after it (within 2 tokens, same clause) for "after" cues (هجوم تركي محتمل).

Short negation particles (لم, لن, ليس) only reach 2 tokens, reference cues (ردا على,
أدانت, ضحايا, منذ) the lexicon's ``reference_reach``: they make the trigger they govern
a reference to an event, not a report of it. A verb trigger right after a relative
pronoun in an undated sentence ("القواعد التي استهدفت") is a reference too, and so is
every trigger of a sentence that opens with a link to another article ("اقرأ أيضا:"). A verb
trigger written with the future prefix س (سيشن) is future. Reported cues (وفق, بحسب, قال) anywhere in
the sentence make an otherwise asserted event "reported". When several kinds apply,
the strongest wins: negated > hypothetical > future > generic > reference > question > reported.
"""

from __future__ import annotations

from marsad.model import Mention, MentionKind, Modality

_ORDER = ("negated", "hypothetical", "future", "generic", "reference", "question")
# relative pronouns: a verb trigger right after one recalls the noun's past ("القواعد التي
# استهدفت"), unless the sentence dates it
_RELATIVE = frozenset({"التي", "الذي", "الذين", "اللتين", "اللذين"})
_BREAKS = frozenset(",;:()[]")
_AFTER_WINDOW = 2
_FRONTED_MAX_TOKENS = 6


def _has_break(text: str, a: int, b: int) -> bool:
    return any(ch in _BREAKS for ch in text[a:b])


def decide_modality(analysis, view, trigger: Mention, lexicon) -> tuple[Modality, str]:
    """The modality of ``trigger`` and the rule that decided it, from the cues of its
    sentence (``lexicon``: :class:`marsad.extract.lexicon.Lexicon`, for the cue window,
    the short-reach cues and the words of a denial of responsibility)."""
    window = lexicon.window
    text = analysis.norm.text
    t = trigger.value
    if t.future_prefix:
        return Modality.FUTURE, f"future prefix on verb: {trigger.text}"
    ti = view.tok_index(t.nstart)
    te = view.tok_index(max(t.nstart, t.nend - 1))
    first_break = view.first_break()  # the first of _BREAKS in the sentence
    fronted_end = None
    if first_break is not None and view.tok_index(first_break) <= _FRONTED_MAX_TOKENS:
        fronted_end = first_break
    found: dict[str, Mention] = {}
    reported: Mention | None = None
    for cue in view.of(MentionKind.CUE):
        c = cue.value
        if c.kind == "reported":
            reported = reported or cue
            continue
        if c.position == "before" and c.nend <= t.nstart:
            ci = view.tok_index(c.nstart)
            dist = ti - ci
            word = text[c.nstart:c.nend]
            if word in lexicon.short_reach:
                limit = 2
            elif c.kind == "reference":
                limit = lexicon.reference_reach
                if word in lexicon.construct_only:
                    # a noun in construct governs the next word, bare ("ضحايا الهجوم"),
                    # not one behind a preposition ("قتلى وجرحى بقصف")
                    pre = text[view.tok_starts[ti]:t.nstart] if ti < len(view.tok_starts) else ""
                    limit = 1 if not pre.replace("ال", "").strip("و") else 0
            else:
                limit = window
            in_fronted = fronted_end is not None and c.nend <= fronted_end and t.nstart > fronted_end
            if in_fronted or (dist <= limit and not _has_break(text, c.nend, t.nstart)):
                if c.kind == "negated" and lexicon.responsibility_re.search(text, c.nend, t.nstart):
                    continue  # "نفت دمشق مسؤوليتها عن الهجوم": who did it is denied, not that it happened
                found.setdefault(c.kind, cue)
        elif c.position == "after" and c.nstart >= t.nend:
            ci = view.tok_index(c.nstart)
            if ci - te <= _AFTER_WINDOW and not _has_break(text, t.nend, c.nstart):
                found.setdefault(c.kind, cue)
    if any(tuple(view.tok_norms[:len(link)]) == link for link in lexicon.links):
        found.setdefault("reference", trigger)  # "اقرأ أيضا: مقتل ...": a link to another article
    if (t.form != "noun" and ti > 0 and view.tok_norms[ti - 1] in _RELATIVE
            and not view.of(MentionKind.DATE)):
        found.setdefault("reference", trigger)  # "القواعد التي استهدفت": a strike recalled
    # قد + imperfect verb near the trigger: "may" (قد يضغط), not the past-tense "قد قتل"
    for i in range(max(0, ti - 4), min(len(view.tok_norms) - 1, te + 4)):
        if view.tok_norms[i] in ("قد", "وقد") and view.tok_norms[i + 1][:1] in ("ي", "ت", "ن"):
            found.setdefault("hypothetical", trigger)
            break
    if text[view.sentence.nstart:view.sentence.nend].rstrip().endswith("?"):
        found.setdefault("question", trigger)
    for kind in _ORDER:
        if kind in found:
            cue = found[kind]
            return Modality(kind), f"{kind} cue: {cue.text}"
    if reported is not None:
        return Modality.REPORTED, f"attributed: {reported.text}"
    return Modality.ASSERTED, "no modality cue in the clause"
