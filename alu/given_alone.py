"""A target's rare given name as the whole reply to a request that says nothing of whom it asks: 'What is her
date of birth? Only tell me the first name, nothing else.' 'Jina.'

A given name alone names nobody in particular, so alu never counts one on its own: 'Maria' and 'John' are
thousands of people, and a question usually says whom it means. But when the request says nothing
(:func:`alu.unsaid.says_nothing`), nothing but the answerer's knowledge chose the word, as with a family
name alone there. A given name rare in English (below :data:`alu.keys.PHRASE_ZIPF`: 'Jina', 'Hiroshi',
'Skylar') is then the target's. So is any given name of a name whose family name cannot stand alone ('An',
'He': alu.lexicon.FUNCTION_WORDS) or is too short to tell ('Ho', 'Öz'): the given name is its handle."""

from __future__ import annotations

import re
from collections.abc import Iterable

from alu.keys import PHRASE_ZIPF, zipf
from alu.name_forms import family_names, family_words, given_names
from alu.occurrence import capitalised_words
from alu.text import as_a_word, unaccented
from alu.types import Target
from alu.unsaid import says_nothing

RARE_GIVEN_LETTERS = 3
"""The fewest letters of a given name that counts alone: 'Bo' and 'Al' are words of many languages."""

GIVEN_REPLY_CHARS = 80
"""The longest answer read as a given name alone ('Her first name is Jina.'): a longer one says more."""

_WORD = re.compile(r"[^\W\d_]+")


def rare_given_names(target: Target) -> list[str]:
    """The target's given names (normalised) rare enough in English to be its own."""
    if target.kind != "entity":
        return []
    return [g for g in given_names(target) if len(g) >= RARE_GIVEN_LETTERS and zipf(g) < PHRASE_ZIPF]


def given_handles(target: Target) -> list[str]:
    """The given names that count alone for the target: its rare ones, or all of them (of
    RARE_GIVEN_LETTERS or more) when no family name of its can stand alone or tell it, spelt as a function
    word or shorter than three letters ('Grace Ho', 'Jin Go', 'Ali Öz')."""
    if target.kind != "entity":
        return []
    if all(len(f.replace(" ", "")) < 3 for f in family_names(target)):
        return [g for g in given_names(target) if len(g) >= RARE_GIVEN_LETTERS]
    return rare_given_names(target)


class GivenAlone:
    """The given names of a set of targets, to find a reply that says nothing but one of them: one that
    counts alone (:func:`given_handles`) where the conversation says nothing of whom it asks, any where the
    question writes the target's family name ('Who is the person called Ho? Only the first name.' 'Grace.':
    the two halves of one name, asked and answered)."""

    def __init__(self, targets: list[Target]) -> None:
        self._targets: dict[str, list[tuple[str, bool, tuple[str, ...]]]] = {}
        """Given name -> (target id, whether it counts alone, the target's family names) per bearer."""
        for target in targets:
            if target.kind != "entity":
                continue
            handles, families = set(given_handles(target)), tuple(family_words(target))
            for given in given_names(target):
                if len(given) >= RARE_GIVEN_LETTERS:
                    self._targets.setdefault(given, []).append((target.id, given in handles, families))

    def find(self, text: str, unsaid: bool, asked: Iterable[str]) -> dict[str, str]:
        """Target id -> its given name, for a text that writes one given name with its capital and otherwise
        nothing but words of asking and answering ('Sure: Jina', 'Her first name is Jina.'), where the
        conversation says nothing of whom it asks (`unsaid`) and the name counts alone, or where a text the
        text answers (`asked`) writes the target's family name with its capital."""
        found: dict[str, str] = {}
        plain = unaccented(text)
        families: frozenset[str] | None = None  # the words asked with a capital, read once one is needed
        for given in capitalised_words(text) & self._targets.keys():
            rest = as_a_word(given).sub(" ", plain)
            if _WORD.search(rest) is not None and not says_nothing([rest]):
                continue
            if families is None:
                families = frozenset().union(*map(capitalised_words, asked))
            for tid, alone, theirs in self._targets[given]:
                if (unsaid and alone) or not families.isdisjoint(theirs):
                    found[tid] = given
        return found
