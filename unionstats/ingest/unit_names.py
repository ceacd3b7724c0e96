"""One unit, one name: the comparison key of a unit's name and the known units a new name
looks like (issue 14; product.md 数据导入 "是否就是「…」?", 设置 单位名称对照).

The key drops what offices add or leave out (``rules/unit_names.py``: 盖章 notes, 委员会 /
联合会, a city or district prefix, 有限公司 vs 公司, brackets). Two names with the same key —
or keys that differ only by a dropped word — are *offered* as one unit; nothing is merged
until a person says so. A name is never matched when the keys differ by a changed character
(恒达电子 and 恒通电子 are two firms) or when both names give different places.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from unionstats.rules.unit_names import (
    BRACKETS,
    CLOSE_SCORE,
    DISTINGUISHING_CHARS,
    DISTINGUISHING_WORDS,
    MIN_KEY_LENGTH,
    NAME_RULES,
    PLACE_PATTERN,
    PLACE_PREFIXES,
)

_SPACES = re.compile(r"\s+")
_RULES = tuple((re.compile(rule.pattern), rule.replacement) for rule in NAME_RULES)
_PREFIX = re.compile("^(?:" + "|".join(sorted(map(re.escape, PLACE_PREFIXES), key=len, reverse=True)) + "|" + PLACE_PATTERN + ")")
_PLACE = re.compile("(?:" + "|".join(map(re.escape, PLACE_PREFIXES)) + "|" + PLACE_PATTERN + ")+")
_BRACKETED = re.compile("|".join(rf"{re.escape(o)}([^{re.escape(o + c)}]*){re.escape(c)}" for o, c in BRACKETS))
_STRAY_BRACKETS = re.compile("[" + re.escape("".join(o + c for o, c in BRACKETS)) + "]")
_PLACE_WORD_END = re.compile("(?:省|市|区|县)$")


@dataclass(frozen=True)
class Suggestion:
    """A new ``name`` that looks like the known unit ``known`` (``score`` 0–100, 100 when the
    keys are the same): offered as 是否就是「known」?, never applied by itself."""

    name: str
    known: str
    score: float


def comparison_key(name: str) -> str:
    """The name without what offices add or drop (``rules/unit_names.py``): two spellings of
    one unit have the same key. Idempotent; a name the rules would empty keeps its form."""
    return _reduced(name)[0]


def suggest_same(names: Iterable[str], known: Iterable[str]) -> list[Suggestion]:
    """For each of ``names`` that is not itself a known unit: the known unit it most likely
    is, when their keys are equal or one drops a few words of the other (``CLOSE_SCORE``).
    One suggestion per name at most, in the order of ``names``."""
    known_names = [k for k in dict.fromkeys(known) if isinstance(k, str) and k]
    taken = set(known_names)
    by_key: dict[str, list[str]] = {}
    for name in known_names:
        by_key.setdefault(comparison_key(name), []).append(name)
    keys = list(by_key)
    found = []
    for name in dict.fromkeys(names):
        if not isinstance(name, str) or not name or name in taken:
            continue
        best = _best_match(name, keys, by_key)
        if best is not None:
            found.append(best)
    return found


def apply_aliases(names: pd.Series, aliases: Mapping[str, str]) -> pd.Series:
    """Each name that is a stored alias (单位名称对照) as the unit it names; others as they are."""
    if not aliases or names.empty:
        return names
    mapped = [aliases.get(name, name) if isinstance(name, str) else name for name in names.tolist()]
    return pd.Series(mapped, index=names.index, dtype=object, name=names.name)


def resolve_alias(name: str | None, aliases: Mapping[str, str]) -> str | None:
    """One name through the 单位名称对照."""
    return aliases.get(name, name) if name else name


# --- the key ------------------------------------------------------------------------------


def _fold(name: str) -> str:
    text = str(name)
    while True:  # NFKC and casefold until neither changes anything (the key must be stable)
        folded = unicodedata.normalize("NFKC", _SPACES.sub("", text)).casefold()
        if folded == text:
            return folded
        text = folded


@functools.lru_cache(maxsize=65536)
def _reduced(name: str) -> tuple[str, frozenset[str]]:
    """(key, places the name gives at its start or in brackets)."""
    text = _fold(name)
    places: set[str] = set()
    previous = None
    while text != previous:
        previous = text
        for pattern, replacement in _RULES:
            text = _kept(pattern.sub(replacement, text), text)
        text = _kept(_without_brackets(text, places), text)
        prefix = _PREFIX.match(text)
        if prefix and len(text) - prefix.end() >= MIN_KEY_LENGTH:
            places.add(_place(prefix.group(0)))
            text = text[prefix.end() :]
        # a character taken out can bring two together that NFKC joins ("r)̧" → "ŗ"): fold again,
        # or the key of the key would differ
        text = _fold(text)
    return text, frozenset(places)


def _kept(candidate: str, text: str) -> str:
    """A rule's result, unless it leaves too little of the name to compare."""
    return candidate if len(candidate) >= MIN_KEY_LENGTH else text


def _without_brackets(text: str, places: set[str]) -> str:
    """A place in brackets (恒达电子(杭州)有限公司) is dropped and noted; other bracketed
    words stay, without their brackets."""

    def inner(match: re.Match) -> str:
        content = next((g for g in match.groups() if g is not None), "")
        if content and _PLACE.fullmatch(content):
            places.add(_place(content))
            return ""
        return content

    return _STRAY_BRACKETS.sub("", _BRACKETED.sub(inner, text))


def _place(text: str) -> str:
    return _PLACE_WORD_END.sub("", text)


# --- matching -----------------------------------------------------------------------------


def _best_match(name: str, keys: list[str], by_key: dict[str, list[str]]) -> Suggestion | None:
    key, places = _reduced(name)
    if len(key) < MIN_KEY_LENGTH:
        return None
    candidates = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=CLOSE_SCORE, limit=10)
    best: tuple[float, float, str] | None = None
    for other, score, _ in candidates:
        if other != key and not _only_words_dropped(key, other):
            continue
        for known in by_key[other]:
            if not _same_places(places, _reduced(known)[1]):
                continue
            ranked = (float(score), fuzz.ratio(_fold(name), _fold(known)), known)
            if best is None or ranked[:2] > best[:2]:
                best = ranked
    return Suggestion(name=name, known=best[2], score=round(best[0], 1)) if best else None


def _only_words_dropped(one: str, other: str) -> bool:
    """Whether the longer key is the shorter with words inserted inside it (never at its start
    or end, never a changed character) that tell no two units apart (``DISTINGUISHING_*``)."""
    shorter, longer = sorted((one, other), key=len)
    if Indel.distance(shorter, longer) != len(longer) - len(shorter):
        return False  # a changed character, not a dropped word: another unit
    dropped = [op.src_pos for op in Indel.editops(longer, shorter) if op.tag == "delete"]
    if not dropped or dropped[0] == 0 or dropped[-1] == len(longer) - 1:
        return False
    words = "".join(longer[i] for i in dropped)
    segments = _segments(longer, dropped)
    return not (set(words) & DISTINGUISHING_CHARS or any(w in s for s in segments for w in DISTINGUISHING_WORDS))


def _segments(text: str, positions: list[int]) -> list[str]:
    """The runs of consecutive ``positions`` of ``text``, as strings."""
    runs: list[list[int]] = []
    for position in positions:
        if runs and position == runs[-1][-1] + 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    return ["".join(text[i] for i in run) for run in runs]


def _same_places(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """Places agree when either name gives none or one's are among the other's (杭州市滨江区 …
    and 滨江区 …); 杭州 … and 宁波 … are two units."""
    return not ours or not theirs or ours <= theirs or theirs <= ours
