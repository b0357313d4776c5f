"""Words written in code are matched against folded text, so they must be folded too.

The recognisers and the extractor read :func:`marsad.normalize.fold`-ed text (ى → ي,
أ/إ/آ → ا, ة → ه). A word written unfolded in a regex or a word list ("حتى", "الى")
never matches there, silently. This test reads every module-level word list, table and
compiled regex of the packages that work on folded text, and the regexes the lexicons
compile, and lists the Arabic words in them that folding would change.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import marsad
from marsad.normalize import fold

# these hold character tables of the raw text on purpose (what folding maps, what a raw
# text's letters are), or read raw text
_RAW_TEXT_MODULES = ("marsad.normalize", "marsad.ingest", "marsad.geocode.install", "marsad.serve", "marsad.scale")
_ARABIC = re.compile(r"[\u0600-\u06ff]+")


def _words(value, depth: int = 0):
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield from _ARABIC.findall(value.pattern)
    elif isinstance(value, (str, bytes)) or depth > 2:
        return
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield from _ARABIC.findall(k)
            if isinstance(v, (set, frozenset, tuple, list, dict)):
                yield from _words(v, depth + 1)
    elif isinstance(value, (set, frozenset, tuple, list)):
        for v in value:
            if isinstance(v, str):
                yield from _ARABIC.findall(v)
            else:
                yield from _words(v, depth + 1)


def _unfolded(value) -> list[str]:
    return sorted({w for w in _words(value) if fold(w) != w})


def test_module_word_lists_and_regexes_are_folded() -> None:
    bad = {}
    for info in pkgutil.walk_packages(marsad.__path__, "marsad."):
        if info.name.startswith(_RAW_TEXT_MODULES):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not name.startswith("__") and _unfolded(value):
                bad[f"{info.name}.{name}"] = _unfolded(value)
    assert bad == {}


def test_lexicon_regexes_are_folded() -> None:
    from marsad.dates.parse import date_lexicon
    from marsad.recognize.casualties import casualty_lexicon
    from marsad.recognize.means import means_lexicon
    from marsad.recognize.numbers import number_lexicon

    dl, nl, cl, ml = date_lexicon(), number_lexicon(), casualty_lexicon(), means_lexicon()
    regexes = {"dates": dl.regex, "months": dl.month_re, "numbers": nl.seq_re, "casualties": cl.trigger_re,
               "means": ml.regex}
    assert {name: _unfolded(r) for name, r in regexes.items() if _unfolded(r)} == {}


def test_the_check_sees_an_unfolded_word() -> None:
    assert _unfolded({"حتى": 1, "قبل": 2}) == ["حتى"]
    assert _unfolded(re.compile(r"(?:الى|حتي)")) == ["الى"]
    assert _unfolded(frozenset({("إدلب", "x")})) == ["إدلب"]
