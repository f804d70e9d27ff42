"""A name written so that only its shape shows, when the question asked to disguise it: without its vowels
('lbrt nstn'), with letters masked ('A****t E******n', '_lb_rt __nst__n'), with the letters of each word in
another order (sorted, 'abelrt eeiinnst'; swapped, 'lAbert iEnstein'; all jumbled into one word), its
words in another order or apart ('Swift, Taylor', '{"first": "Taylor", "last": "Swift"}'), or each word in
a code that loses letters or adds some (typos, filler, Pig Latin, keypad digits: alu.coded_words).

No decoding gives the name back from such a text, so it is compared with the targets' names (the screener
does so only when the question asked for a disguise: a short skeleton or a scrambled word can spell a name
by chance in ordinary text). :func:`shapes` reads a text once; a :class:`ShapeIndex` holds every target's
names by shape, so the comparison costs a few lookups however many targets there are."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from alu.coded_words import WordCodeIndex, text_words
from alu.text import fold, normalize

_WORD = re.compile(r"[\w*•#?]+")
_MASK = "*•#_?"
_VOWELS = set("aeiou")
_NEAR = 240
"""Characters within which all the words of a name count as written together in another order or apart (a
given name in one sentence, the family name two sentences on: the question asked for a disguise)."""


@dataclass(frozen=True)
class Shapes:
    """What a text can spell a name with: runs of vowel-less words, of masked words and of its words'
    letters sorted, and its plain words (with their positions)."""

    skeletons: frozenset[str]
    sorted_runs: frozenset[str]
    masked: tuple[tuple[str, ...], ...]
    words: dict[str, list[int]]
    """Each plain word of the text, with the positions it is written at."""
    coded: tuple[tuple[str, bool], ...] = ()
    """The text's words as :class:`alu.coded_words.WordCodeIndex` reads them (typos, Pig Latin, keypad)."""


def shapes(text: str) -> Shapes:
    folded = fold(text).lower()
    words = _WORD.findall(folded)
    bare = [w for w in words if any(c.isalpha() for c in w)]
    skeletons = _runs([_skeleton(w) for w in bare])
    sorted_runs = _runs(["".join(sorted(w)) if len(w) >= 3 and w.isalpha() else "" for w in bare])
    masked = tuple(
        tuple(run) for run in _masked_runs([w if any(c in _MASK for c in w) else "" for w in bare])
    )
    plain: dict[str, list[int]] = {}
    for match in re.finditer(r"[a-z]+", folded):
        plain.setdefault(match.group(), []).append(match.start())
    return Shapes(skeletons, sorted_runs, masked, plain, tuple(text_words(text)))


def _skeleton(word: str) -> str:
    """A word written without its vowels, or with them masked: its letters (mask signs dropped), less an
    opening vowel kept as its initial ('Albrt Enstn'); '' for a word that shows a vowel further in."""
    letters = "".join(c for c in word if c.isalpha())
    if letters[:1] in _VOWELS and word[:1] == letters[:1]:
        letters = letters[1:]
    if not letters or _VOWELS & set(letters) or not (word.isalpha() or any(c in _MASK for c in word)):
        return ""
    return letters


def _runs(items: list[str], longest: int = 4) -> frozenset[str]:
    """Every run of up to `longest` consecutive non-empty items, joined by spaces."""
    out = set()
    for i in range(len(items)):
        for j in range(i + 1, min(i + longest, len(items)) + 1):
            if not items[j - 1]:
                break
            out.add(" ".join(items[i:j]))
    return frozenset(out)


def _masked_runs(items: list[str]) -> list[list[str]]:
    runs, run = [], []
    for item in [*items, ""]:
        if item:
            run.append(item)
        elif run:
            runs.append(run)
            run = []
    return runs


@lru_cache(maxsize=65536)
def _name_shapes(surface: str) -> tuple[str, tuple[str, str, tuple[str, ...]]]:
    """(normalised name, (consonant skeleton, sorted letters, words)) of a name as written."""
    name = normalize(surface)
    words = tuple(name.split())
    skeleton = " ".join("".join(c for c in w if c not in _VOWELS) for w in words)
    ordered = " ".join("".join(sorted(w)) for w in words)
    return name, (skeleton, ordered, words)


_Name = tuple[str, str, tuple[str, ...]]
"""(target id, normalised name, its words)."""


class ShapeIndex:
    """The targets' names by shape: consonant skeleton, sorted letters, the lengths of their words (for
    masks) and their first word (for names written apart). A name needs two words of three letters or more,
    or six letters, for its skeleton or sorted letters to count (fewer spell ordinary words); masks and
    words apart need two such words."""

    def __init__(self, targets: Iterable[tuple[str, list[str]]]) -> None:
        self._skeletons: dict[str, list[_Name]] = {}
        self._sorted: dict[str, list[_Name]] = {}
        self._lengths: dict[tuple[int, ...], list[_Name]] = {}
        self._first: dict[str, list[_Name]] = {}
        self._coded = WordCodeIndex()
        for tid, names in targets:
            for surface in names:
                self._add(tid, surface)

    def _add(self, tid: str, surface: str) -> None:
        name, (skeleton, ordered, words) = _name_shapes(surface)
        entry = (tid, name, words)
        letters = sum(map(len, words))
        several = len(words) >= 2 and all(len(w) >= 3 for w in words)
        if (several or letters >= 6) and len(skeleton.replace(" ", "")) >= 4:
            self._skeletons.setdefault(skeleton, []).append(entry)
        if (several or letters >= 6) and letters >= 8:
            self._sorted.setdefault(ordered, []).append(entry)
            if len(words) >= 2:  # all its letters jumbled into one word ('tbnaeiteslienr')
                self._sorted.setdefault("".join(sorted(ordered.replace(" ", ""))), []).append(entry)
        if several:
            self._lengths.setdefault(tuple(map(len, words)), []).append(entry)
            self._first.setdefault(words[0], []).append(entry)
        self._coded.add(tid, name)

    def find(self, seen: Shapes, apart: bool = True) -> dict[str, str]:
        """Target id -> the name the text's shapes spell; with `apart`, also the names whose words the text
        writes apart (only meant when the question asked for it: 'Taylor Lautner's swift rise')."""
        found: dict[str, str] = {}
        for keys, table in ((seen.skeletons, self._skeletons), (seen.sorted_runs, self._sorted)):
            for key in keys:
                for tid, name, _ in table.get(key, ()):
                    found.setdefault(tid, name)
        for run in seen.masked:
            for width in range(2, len(run) + 1):
                for i in range(len(run) - width + 1):
                    window = run[i : i + width]
                    for tid, name, words in self._lengths.get(tuple(map(len, window)), ()):
                        if all(_mask_fits(m, w) for m, w in zip(window, words, strict=True)):
                            found.setdefault(tid, name)
        for word in seen.words if apart else ():
            for tid, name, words in self._first.get(word, ()):
                if _apart(seen.words, words):
                    found.setdefault(tid, name)
        for tid, name in self._coded.find(list(seen.coded)).items():
            found.setdefault(tid, name)
        return found


def _mask_fits(masked: str, word: str) -> bool:
    """Whether a masked word ('a****t') spells the word, showing two letters or more."""
    shown = sum(c.isalpha() for c in masked)
    if len(masked) != len(word) or shown < 2:
        return False
    return all(m in _MASK or m == c for m, c in zip(masked, word, strict=True))


def _apart(plain: dict[str, list[int]], words: tuple[str, ...]) -> bool:
    """Whether every word of the name is written, in any order, within _NEAR characters."""
    where = [plain.get(word, []) for word in words]
    if not all(where):
        return False
    return any(all(any(abs(b - a) <= _NEAR for b in others) for others in where) for a in where[0])
