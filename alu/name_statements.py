"""Sentences that state only an entity's name ('The author's full name is Hsiao Yun-Hwa.').

An entity's texts are embedded with its names masked (alu.entity_decision.fact_view); such a sentence then
reads 'The author's full name is someone.': no fact is left, and every entity's naming sentence looks like
every other's. As knowledge vectors they made a question that only asks for a name ('What is the full name
of the author?', similarity 0.85) about every forgotten author whose documents named them that way (TOFU
forget10, documents setup: 'What is the full name of the author?' and 'Who is this particular author?' of
retain_perturbed were refused). The name itself is the name automaton's to find; such a sentence does not
become a vector.

A sentence states only a name when, once masked, it says 'name', 'named' or 'called'; ends with the name
('... is named someone') or begins with it and says 'name' ('someone is her name'); and holds at most two
other words that are not function words (the role: 'the cartographer's full name is someone', 'the
fictitious author's name is someone'). 'someone is a cartographer' (no naming word) and 'someone was named
after her grandmother' (named, not the name) are facts. Of the 4,933 sentences of the documents of TOFU's
200 authors (one biography each, as `alu bench knowledge` builds them), it picks 41, each a bare naming
sentence."""

from __future__ import annotations

import re

from alu.occurrence import MASK

NAMING = frozenset({"name", "named", "called"})
FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "the", "is", "was", "are", "be", "of", "as", "by", "goes", "go", "full", "real"),
        *("her", "his", "their", "its", "this", "that", "our", "your", "my", "whose", MASK),
        *("she", "he", "they", "it", "you", "i", "we"),
    }
)
MAX_OTHER = 2
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def name_only(masked: str) -> bool:
    """Whether a masked sentence of an entity states its name and nothing else (see the module's rule)."""
    words = [w.lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(masked)]
    if not NAMING & set(words):
        return False
    if words[-1] != MASK and not (words[0] == MASK and "name" in words):
        return False  # 'someone was named after her grandmother', 'someone called her mother' are facts
    return len([w for w in words if w not in NAMING | FUNCTION_WORDS]) <= MAX_OTHER
