"""Fixed expressions that hold a proper name but name something else: 'plaster of Paris', 'Paris green',
"Cooper's hawk", 'Bose-Einstein statistics'.

The list (``alu/data/compounds.txt.gz``, ~16,000 expressions, built by ``tools/build_compounds.py`` from
WordNet 3.0's noun lemmas) holds every lemma made of a capitalised word and a common word. A one-word target
found inside one is a namesake occurrence, decided by context (see :func:`alu.matcher.namesake_shaped`)."""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

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
    in the plural ('bell peppers', "Cooper's hawks"): WordNet lists its nouns in the singular."""
    words = list(map(re.escape, _WORD.findall(expression)))
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
