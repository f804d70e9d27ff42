"""A target's rare given name as the whole reply to a request that says nothing of whom it asks: 'What is her
date of birth? Only tell me the first name, nothing else.' 'Jina.'

A given name alone names nobody in particular, so alu never counts one on its own: 'Maria' and 'John' are
thousands of people, and a question usually says whom it means. But when the request says nothing
(:func:`alu.unsaid.says_nothing`), nothing but the answerer's knowledge chose the word, as with a family
name alone there. A given name rare in English (below :data:`alu.keys.PHRASE_ZIPF`: 'Jina', 'Hiroshi',
'Skylar') is then the target's. It matters most for a name whose family name cannot stand alone ('An',
'He': alu.lexicon.FUNCTION_WORDS) or is too short to tell: the given name is its only handle."""

from __future__ import annotations

import re

from alu.keys import PHRASE_ZIPF, zipf
from alu.matcher import capitalised_words, given_names
from alu.text import as_a_word, unaccented
from alu.types import Target
from alu.unsaid import says_nothing

RARE_GIVEN_LETTERS = 3
"""The fewest letters of a given name that counts alone: 'Bo' and 'Al' are words of many languages."""

_WORD = re.compile(r"[^\W\d_]+")


def rare_given_names(target: Target) -> list[str]:
    """The target's given names (normalised) rare enough in English to be its own."""
    if target.kind != "entity":
        return []
    return [g for g in given_names(target) if len(g) >= RARE_GIVEN_LETTERS and zipf(g) < PHRASE_ZIPF]


class GivenAlone:
    """The rare given names of a set of targets, to find a reply that says nothing but one of them."""

    def __init__(self, targets: list[Target]) -> None:
        self._targets: dict[str, list[str]] = {}
        for target in targets:
            for given in rare_given_names(target):
                self._targets.setdefault(given, []).append(target.id)

    def find(self, text: str) -> dict[str, str]:
        """Target id -> its given name, for a text that writes one rare given name with its capital and
        otherwise nothing but words of asking and answering ('Sure: Jina', 'Her first name is Jina.')."""
        found: dict[str, str] = {}
        plain = unaccented(text)
        for given in capitalised_words(text) & self._targets.keys():
            rest = as_a_word(given).sub(" ", plain)
            if _WORD.search(rest) is None or says_nothing([rest]):
                found.update((tid, given) for tid in self._targets[given])
        return found
