"""A name written so that only its shape shows, when the question asked to disguise it: without its vowels
('lbrt nstn'), with letters masked ('A****t E******n', '_lb_rt __nst__n'), with the letters of each word in
alphabetical order ('abelrt eeiinnst'), or its words in another order or apart ('Swift, Taylor',
'{"first": "Taylor", "last": "Swift"}').

No decoding gives the name back from such a text, so it is compared with each target's names (the
screener does so only when the question asked for a disguise: a short skeleton or a scrambled word can
spell a name by chance in ordinary text). :func:`shapes` reads a text once; :func:`shaped_name` compares
it with one target."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from alu.text import fold, normalize

_WORD = re.compile(r"[\w*•#?]+")
_MASK = "*•#_?"
_VOWELS = set("aeiou")
_NEAR = 80
"""Characters within which all the words of a name count as written together in another order."""


@dataclass(frozen=True)
class Shapes:
    """What a text can spell a name with: runs of vowel-less words, of masked words and of words whose
    letters are in alphabetical order, and its plain words (with their positions)."""

    skeletons: frozenset[str]
    sorted_runs: frozenset[str]
    masked: tuple[tuple[str, ...], ...]
    words: dict[str, list[int]]
    """Each plain word of the text, with the positions it is written at."""


def shapes(text: str) -> Shapes:
    words = _WORD.findall(fold(text).lower())
    bare = [w for w in words if any(c.isalpha() for c in w)]
    skeletons = _runs([_skeleton(w) for w in bare])
    sorted_runs = _runs([w if len(w) >= 3 and w.isalpha() and list(w) == sorted(w) else "" for w in bare])
    masked = tuple(
        tuple(run) for run in _masked_runs([w if any(c in _MASK for c in w) else "" for w in bare])
    )
    plain: dict[str, list[int]] = {}
    for match in re.finditer(r"[a-z]+", fold(text).lower()):
        plain.setdefault(match.group(), []).append(match.start())
    return Shapes(skeletons, sorted_runs, masked, plain)


def _skeleton(word: str) -> str:
    """A word written without its vowels, or with them masked: its letters (mask signs dropped); '' for a
    word that shows a vowel."""
    letters = "".join(c for c in word if c.isalpha())
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


def shaped_name(seen: Shapes, names: list[str]) -> str:
    """The name (of `names`) that the text's shapes spell, or ''."""
    for surface in names:
        name, (skeleton, ordered, words) = _name_shapes(surface)
        letters = sum(map(len, words))
        several = len(words) >= 2 and all(len(w) >= 3 for w in words)
        if (several or letters >= 6) and len(skeleton.replace(" ", "")) >= 4 and skeleton in seen.skeletons:
            return name
        if (several or letters >= 6) and letters >= 8 and ordered in seen.sorted_runs:
            return name
        if several and (_masks_spell(seen.masked, words) or _apart(seen.words, words)):
            return name
    return ""


def _masks_spell(runs: tuple[tuple[str, ...], ...], words: tuple[str, ...]) -> bool:
    """Whether consecutive masked words spell the name's words, each showing two letters or more."""
    for run in runs:
        for i in range(len(run) - len(words) + 1):
            window = run[i : i + len(words)]
            if all(_mask_fits(m, w) for m, w in zip(window, words, strict=True)):
                return True
    return False


def _mask_fits(masked: str, word: str) -> bool:
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
