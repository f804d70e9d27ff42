"""Fixed expressions that hold a proper name but name something else: 'plaster of Paris', 'Paris green',
"Cooper's hawk", 'Bose-Einstein statistics'; and compound nouns whose first word is a name too ('bell
pepper', 'bush bean', 'brown sugar').

The lists (``alu/data/compounds.txt.gz``, ~16,000 expressions, and ``alu/data/noun_compounds.txt.gz``,
~30,000, built by ``tools/build_compounds.py`` from WordNet 3.0's noun lemmas) hold every lemma made of a
capitalised word and a common word, and every lemma of two lower-case words. A one-word target found inside
one is a namesake occurrence, decided by context (see :func:`alu.occurrence.namesake_shaped`)."""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

from alu.lexicon import is_common_word
from alu.text import normalize

_DATA = "compounds.txt.gz"
_WORD = re.compile(r"\w+")


@cache
def _by_word() -> dict[str, list[str]]:
    """Normalised capitalised word -> the expressions holding it. Read once, on the first one-word form met
    in normally cased text."""
    table: dict[str, list[str]] = {}
    text = gzip.decompress((resources.files("alu.data") / _DATA).read_bytes()).decode("utf-8")
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for word in {w for w in _WORD.findall(line) if w[:1].isupper()}:
            table.setdefault(normalize(word), []).append(line)
    return table


@cache
def _pattern(expression: str) -> re.Pattern[str]:
    """The expression's words in order, spaces, hyphens or apostrophes between them ('Cooper's hawk',
    'Bose-Einstein'; not a comma: 'Paris, green and quiet' is no pigment), any case; the last word also
    in the plural ("Cooper's hawks", 'Madonna lilies'): WordNet lists its nouns in the singular."""
    words = list(map(re.escape, _WORD.findall(expression)))
    if re.search(r"[^aeiou]y$", words[-1]):
        words[-1] = words[-1][:-1] + "(?:y|ies)"
    else:
        words[-1] += "(?:e?s)?"
    return re.compile(r"\b" + r"[\s'’-]+".join(words) + r"\b", re.IGNORECASE)


def inside_compound(text: str, start: int, end: int, form: str) -> bool:
    """Whether the word at text[start:end] (the normalised form) is part of a fixed expression there."""
    for expression in _by_word().get(form, ()):
        for match in _pattern(expression).finditer(
            text, max(0, start - len(expression)), end + len(expression)
        ):
            if match.start() <= start and end <= match.end():
                return True
    return False


@cache
def _noun_compounds() -> frozenset[str]:
    """Compound nouns of two lower-case words ('bell pepper'), read once, on the first one asked about."""
    raw = (resources.files("alu.data") / "noun_compounds.txt.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    return frozenset(line for line in text.splitlines() if not line.startswith("#"))


def noun_compound(first: str, second: str) -> bool:
    """Whether two words make a compound noun, the second also in the plural: one written in two words
    ('Bell peppers') or in one ('Sting rays': stingray)."""
    first, second = first.lower(), second.lower()
    singulars = {second}
    for ending, replaced in (("s", ""), ("es", ""), ("ies", "y")):
        if second.endswith(ending):
            singulars.add(second[: -len(ending)] + replaced)
    return any(f"{first} {word}" in _noun_compounds() or is_common_word(first + word) for word in singulars)
