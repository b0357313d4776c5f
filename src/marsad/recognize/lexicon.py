"""Small helpers shared by the date, number, casualty and means recognisers.

- :func:`load_data` reads one YAML file of ``src/marsad/data/`` (cached) and
  :func:`validate` checks it with a pydantic model, raising
  :class:`~marsad.errors.LexiconError` with the file and the bad entry;
- :func:`key` folds a lexicon entry with :func:`marsad.normalize.fold` (so keys are
  written in natural spelling in the YAML and matched over normalised text);
- :func:`trie_regex` turns a list of keys into one prefix-factored regular
  expression (fast to scan: a failing position costs one character test), where a
  space inside a key matches one or more spaces;
- :data:`WORD_START`, :data:`WORD_END`, :data:`PROCLITIC` are the regex pieces that
  anchor a match at a word start, after at most a conjunction (و ف) and a
  preposition (ب ل ك); the article ال (and the ل+ال contraction لل) is handled by
  :func:`article_regex`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from marsad.errors import LexiconError
from marsad.normalize import fold
from marsad.recognize.matcher import WordGate, remember

__all__ = [
    "load_data",
    "validate",
    "key",
    "trie_regex",
    "article_regex",
    "article_span",
    "lookup",
    "WORD_START",
    "WORD_END",
    "PROCLITIC",
    "data_path",
]

#: Not preceded by a letter or digit.
WORD_START = r"(?<![^\W_])"
#: Not followed by a letter or digit.
WORD_END = r"(?![^\W_])"
# the proclitics a lexicon entry may carry: a conjunction, then a preposition
_CONJUNCTIONS, _PREPOSITIONS = "وف", "بلك"
#: Optional conjunction then optional preposition (the article is separate).
PROCLITIC = rf"(?:[{_CONJUNCTIONS}]?[{_PREPOSITIONS}]?)"

_SPACES = re.compile(r"\s+")
_ARABIC = re.compile(r"[\u0621-\u064a]")

M = TypeVar("M", bound=BaseModel)


def data_path(name: str) -> str:
    return str(resources.files("marsad") / "data" / name)


# libyaml's parser when PyYAML was built with it (PyPI's wheels are): the same values
# as yaml.safe_load, several times faster (the lexicons and registries are parsed at
# every start)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(stream) -> Any:
    """``yaml.safe_load(stream)``, with libyaml's parser when there is one."""
    return yaml.load(stream, Loader=_YAML_LOADER)  # nosec B506  # the loader is (C)SafeLoader, as safe_load


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """The parsed YAML file ``marsad/data/<name>``."""
    path = data_path(name)
    try:
        with open(path, encoding="utf-8") as fh:
            return safe_yaml(fh)
    except OSError as exc:
        raise LexiconError(path, "<file>", f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(path, "<file>", f"not valid YAML: {exc}") from exc


def validate(name: str, model: type[M], data: Any = None) -> M:
    """Validate the YAML file ``name`` (or ``data``) against ``model``."""
    path = data_path(name)
    if data is None:
        data = load_data(name)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise LexiconError(path, where, err["msg"]) from exc


def key(text: str, *, path: str = "", entry: str | None = None, arabic: bool = True) -> str:
    """The folded matching key of a lexicon entry; raises LexiconError if unusable."""
    if not isinstance(text, str):
        raise LexiconError(path, str(entry if entry is not None else text), "entry is not a string")
    k = _SPACES.sub(" ", fold(text)).strip()
    if not k:
        raise LexiconError(path, entry or text, "empty entry")
    if arabic and not _ARABIC.search(k):
        raise LexiconError(path, entry or text, "entry has no Arabic letter")
    return k


def _esc(ch: str) -> str:
    return " +" if ch == " " else re.escape(ch)


def trie_regex(words: Iterable[str]) -> str:
    """A non-capturing regex matching any of ``words``, longest alternative first."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [_esc(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        alt = "(?:" + "|".join(branches) + ")"
        return alt + "?" if end else alt

    if not trie:
        raise ValueError("trie_regex needs at least one word")
    return "(?:" + build(trie) + ")"


def article_regex(keys: Iterable[str], group: str, *, optional_article: bool = False) -> str:
    """A regex for ``keys`` after proclitics; keys written with ال also match after لل.

    With ``optional_article`` every key may also carry the article (غارة → الغارات is
    written as its own key, but ال+key is accepted). The named groups ``group`` /
    ``group_l`` cover the entry itself (article included, proclitics excluded; after
    لل the match starts after the two lams). Use :func:`article_span` to read it.
    """
    keys = set(keys)
    if optional_article:
        # one trie over every key with its article stripped, so the longest wins
        stems = sorted({k[2:] if k.startswith("ال") and len(k) > 3 else k for k in keys})
        t = trie_regex(stems)
        parts = [f"(?P<{group}>(?:ال)?{t})", f"(?<=ل)ل(?P<{group}_l>{t})"]
        return WORD_START + PROCLITIC + "(?:" + "|".join(parts) + ")" + WORD_END
    with_art = sorted({k[2:] for k in keys if k.startswith("ال") and len(k) > 3})
    plain = sorted({k for k in keys if not (k.startswith("ال") and len(k) > 3)})
    full = []
    after_lam = []
    if with_art:
        t = trie_regex(with_art)
        full.append("ال" + t)
        after_lam.append(t)
    if plain:
        full.append(trie_regex(plain))
    parts = [f"(?P<{group}>" + "|".join(full) + ")"]
    if after_lam:
        parts.append(f"(?<=ل)ل(?P<{group}_l>" + "|".join(after_lam) + ")")
    return WORD_START + PROCLITIC + "(?:" + "|".join(parts) + ")" + WORD_END


_LEADING_WORD = re.compile(r"[^\W_]+")


def _first_words(entries: Iterable[str]) -> set[str]:
    firsts = set()
    for e in entries:
        m = _LEADING_WORD.match(e)
        if m is None:
            raise ValueError(f"an entry must start with a letter or digit: {e!r}")
        firsts.add(m.group())
    return firsts


def _word_regex(words: set[str], *, article: bool, digits: bool) -> str:
    alts = [("(?:ال|ل)?" if article else "") + trie_regex(words) + "$"] if words else []
    if digits:
        alts.append(r"(?:ال)?\d")
    return PROCLITIC + "(?:" + "|".join(alts) + ")" if alts else r"(?!)"


def first_word_gate(entries: Iterable[str], *, article: bool = False, digits: bool = False,
                    weak: Iterable[str] = (), follow: Iterable[str] = (),
                    multiword_weak: bool = False) -> WordGate:
    """A :class:`~marsad.recognize.matcher.WordGate` for a regex built as
    ``WORD_START + PROCLITIC + (one of entries ...)``: a word can begin a match when it
    is a proclitic, then (with ``article``) ال or the ل of لل, then the first word of an
    entry; or (with ``digits``) a number written in digits.

    ``weak``: first words (among the entries') that begin a match only before one of
    the words of ``follow`` (each word of each of its entries, with the same
    proclitics and article) or a number in digits: "في" begins a date only in "في
    الأسبوع الماضي", "في ثلاثة أيام", "في 3 أيام".

    ``multiword_weak``: besides, every first word that begins only entries of several
    words is weak, before their second words ("في" of "في عداد المفقودين" begins a
    match only before "عداد", not before a number: most of its occurrences are not
    tried)."""
    entries = list(entries)
    firsts = _first_words(entries)
    follow_digits = bool(weak)  # a number after a weak word given by the caller
    weak = set(weak)
    if multiword_weak:
        weak_multi = firsts - {e for e in entries if _LEADING_WORD.fullmatch(e)}
        weak |= weak_multi
        follow = [*follow, *(words[1] for words in map(_LEADING_WORD.findall, entries) if words[0] in weak_multi)]
    if not weak:
        return WordGate(_word_regex(firsts, article=article, digits=digits),
                        forms=_gate_forms({WordGate.START: (firsts, article, digits)}))
    if not weak <= firsts:
        raise ValueError(f"weak words that begin no entry: {sorted(weak - firsts)}")
    follows = {w for e in follow for w in _LEADING_WORD.findall(e)}
    return WordGate(
        _word_regex(firsts - weak, article=article, digits=digits),
        weak=_word_regex(weak, article=article, digits=False),
        follow=_word_regex(follows, article=article, digits=follow_digits),
        forms=_gate_forms({WordGate.START: (firsts - weak, article, digits), WordGate.WEAK: (weak, article, False),
                      WordGate.FOLLOW: (follows, article, follow_digits)}),
    )


def _gate_forms(by_flag: dict[int, tuple[set[str], bool, bool]]):
    """What :func:`_word_regex` accepts for each flag, as a gate's ``forms``: after the
    proclitics of ``PROCLITIC`` (a conjunction, then a preposition)."""
    return (_CONJUNCTIONS, _PREPOSITIONS, {flag: (frozenset(w for w in words if w), article, digits)
                                           for flag, (words, article, digits) in by_flag.items()})


class AlternativesByFirstWord:
    """A regex ``head + (?:(?P<A>...)|(?P<B>...)|...)`` whose alternatives are tried in
    order, and for each alternative the first words it can begin with: :meth:`pick`
    gives, for a word, the same regex with only the alternatives that can begin with it
    (in the same order), so a match attempt there skips the others.

    Where an alternative cannot begin, it cannot match; the first alternative that
    matches is therefore the same in the whole regex and in the picked one, and so is
    the match (its span, its ``lastgroup``, the groups of that alternative).
    ``firsts[name]`` must hold every word alternative ``name`` can begin with (a
    necessary condition, like a :class:`WordGate`'s), after the proclitics of
    ``PROCLITIC``; ``digits`` names the alternatives that can begin with a number in
    digits (or ال and a number). Each distinct word's choice is computed once."""

    def __init__(self, head: str, alternatives: dict[str, str], firsts: dict[str, Iterable[str]],
                 digits: Iterable[str] = ()) -> None:
        if set(firsts) - set(alternatives):
            raise ValueError(f"first words of unknown alternatives: {sorted(set(firsts) - set(alternatives))}")
        self._head = head
        self._alternatives = dict(alternatives)
        digits = set(digits)
        self._gates = {name: re.compile(_word_regex(_first_words(firsts.get(name, ())), article=False,
                                                    digits=name in digits))
                       for name in alternatives}
        #: the whole regex
        self.regex = self._compile(tuple(alternatives))
        self._by_names: dict[tuple[str, ...], re.Pattern[str] | None] = {tuple(alternatives): self.regex, (): None}
        self._by_word: dict[str, re.Pattern[str] | None] = {}

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_by_word"] = {}
        return state

    def _compile(self, names: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(self._head + "(?:" + "|".join(f"(?P<{n}>{self._alternatives[n]})" for n in names) + ")")

    def names(self, word: str) -> tuple[str, ...]:
        """The alternatives that can begin with ``word``, in order."""
        return tuple(n for n, g in self._gates.items() if g.match(word) is not None)

    def pick(self, word: str) -> re.Pattern[str] | None:
        """The regex to try at ``word`` (None: no alternative can begin with it)."""
        r = self._by_word.get(word, _UNSEEN)
        if r is _UNSEEN:
            names = self.names(word)
            r = self._by_names.get(names, _UNSEEN)
            if r is _UNSEEN:
                r = self._by_names[names] = self._compile(names)
            remember(self._by_word, word, r, 50_000)
        return r  # type: ignore[return-value]


_UNSEEN = object()


def stems_and_keys(keys: Iterable[str]) -> set[str]:
    """The keys of an :func:`article_regex` with ``optional_article``, and their stems
    (the article stripped): what a match's first word can hold after the proclitics."""
    keys = set(keys)
    return keys | {k[2:] for k in keys if k.startswith("ال") and len(k) > 3}


def article_span(m: re.Match, group: str) -> tuple[int, int]:
    """(start, end) of the entry matched by :func:`article_regex`."""
    if m.group(group) is not None:
        return m.start(group), m.end(group)
    return m.start(group + "_l"), m.end(group + "_l")


def lookup(table: dict[str, Any], matched: str) -> Any:
    """The entry of ``table`` for a matched string, with or without the article."""
    v = table.get(matched)
    if v is None:
        v = table.get("ال" + matched)
    if v is None and matched.startswith("ال"):
        v = table.get(matched[2:])
    return v
