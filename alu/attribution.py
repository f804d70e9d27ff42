"""Whether a text gives a work's title to someone other than a target: the same title is often another
author's book ('Invisible Man' is Ralph Ellison's and, as 'The Invisible Man', H. G. Wells's; TOFU gives
several of its fictitious authors books of the same title).

A title of a target's work counts for the target once it is in play (alu.screen). A text that writes the
title as a title (in quotes or italics) and names its author as another person, in the same sentence and
in one of the ways a work is attributed, is about that person's book:
- the title followed by 'by' and the name: "'The Salt Lanterns' by Mara Quillon";
- the name in the possessive before the title: "Mara Quillon's 'The Salt Lanterns'", "Mara Quillon's
  best-known books are 'Tidewater' and ...";
- 'by' and the name before the title: "Books by Mara Quillon include 'Tidewater'";
- the title, a comma and the name: "'The Salt Lanterns', Mara Quillon's debut", "In 'The Salt Lanterns',
  Mara Quillon writes ...".
The name is two or more capitalised words none of which is a word of the target's names: the target's own
name (or a part of it) never attributes a title away from it. A person merely mentioned elsewhere in the
text attributes nothing."""

from __future__ import annotations

import re
from functools import lru_cache

from alu.text import normalize
from alu.types import Target

_OPEN = "\"'‘“«*_"
_SHUT = "\"'’”»*_"
"""Marks that open and close a title: quotes, or the asterisks and underscores of italics."""
_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*"
_NAME = rf"{_WORD}(?:\s+{_WORD})+"
_CLOSE = rf"[{_SHUT}]?\s*"
_MORE_TITLES = rf"(?:\s*(?:,|and|&)\s*(?:and\s+)?[{_OPEN}][^\n\"“”]{{1,80}}?[{_SHUT}])*"
"""Further titles listed after this one ("'The Salt Lanterns' and 'Tidewater' by ...")."""
_AFTER = re.compile(
    # "'Title' by Name", "'Title' and 'Other' by Name"
    rf"^{_CLOSE}{_MORE_TITLES}\s*(?:,\s*)?(?:(?:written|penned|authored)\s+)?by\s+({_NAME})"
    # "'Title', Name's novel", "In 'Title', Name writes"
    rf"|^{_CLOSE},\s*({_NAME})"
)
_POSSESSIVE = re.compile(rf"({_NAME})['’]s\b")
_BY = re.compile(rf"\bby\s+({_NAME})\b")
_SENTENCE_END = re.compile(r"[.?!](?:\s|$)")
BETWEEN_WORDS = 12
"""Words at most between a possessive or 'by' name and the title it attributes ('Mara Quillon's most
celebrated books are ...')."""


def attributed_elsewhere(texts: list[str], title: str, target: Target) -> bool:
    """Whether one of the texts attributes the title (a normalised phrase) to a person who is not the
    target, as the module says."""
    pattern = title_pattern(title)
    own = _own_words(target)
    for text in texts:
        for match in pattern.finditer(text):
            if not _marked(text, match.start(), match.end()):
                continue
            names = [*_after(text[match.end() :]), *_before(text[: match.start()])]
            if any(_foreign(name, own, title) for name in names):
                return True
    return False


@lru_cache(maxsize=1024)
def title_pattern(title: str) -> re.Pattern[str]:
    """The title as written in a text: its words in order, any punctuation or spaces between them."""
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(map(re.escape, title.split())) + r"(?!\w)", re.IGNORECASE)


_OPENED = re.compile(rf"[{_OPEN}](?:(?:the|a|an)\s+)?$", re.IGNORECASE)


def _marked(text: str, start: int, end: int) -> bool:
    """Whether the words at text[start:end] are written as a title: in quotes or italics ('"The Salt
    Lanterns"', '*The Salt Lanterns*'; 'Salt Lanterns' inside "'The Salt Lanterns'"); a person's name or a
    place is not."""
    return bool(_OPENED.search(text[max(0, start - 6) : start])) and end < len(text) and text[end] in _SHUT


def _after(rest: str) -> list[str]:
    match = _AFTER.match(rest)
    return [g for g in match.groups() if g] if match else []


def _before(head: str) -> list[str]:
    """Names in the possessive, or after 'by', in the sentence before the title, close enough to it."""
    ends = list(_SENTENCE_END.finditer(head))
    sentence = head[ends[-1].end() :] if ends else head
    out = []
    for pattern in (_POSSESSIVE, _BY):
        for match in pattern.finditer(sentence):
            if len(sentence[match.end() :].split()) <= BETWEEN_WORDS:
                out.append(match.group(1))
    return out


def _own_words(target: Target) -> frozenset[str]:
    return frozenset(w for name in target.names for w in normalize(name).split())


_NOT_NAMES = {
    *("the", "a", "an", "this", "that", "these", "those"),
    *("in", "on", "at", "of", "for", "from", "with"),
}
"""First words that make a capitalised run a phrase, not a person ('The New York Times', 'In Chapter Two')."""


def _foreign(name: str, own: frozenset[str], title: str) -> bool:
    """A person's name that shares no word with the target's names and is no part of the title."""
    words = normalize(name).split()
    if not words or words[0] in _NOT_NAMES:
        return False
    return not own & set(words) and " ".join(words) not in title
