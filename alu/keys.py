"""Offline key extraction: the phrases that identify a target without naming it, found in its own texts.

- Names and titles: runs of two or more capitalised words ('Salt Atlas', 'Tromso Maritime Museum') and
  quoted titles.
- Jargon (topics only): words rare in English (Zipf frequency below JARGON_ZIPF in `wordfreq`'s background
  list) that the target's texts use more than once.
Extracted keys count in context only (the target is already a candidate, or, for an entity, two of its keys
occur together): one phrase found by a rule is no proof. Keys the user gives count like an alias for an
entity.
The target's own names are never keys (they are matched already), nor are words common in English."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from alu.text import normalize

JARGON_ZIPF = 2.5
"""wordfreq Zipf frequency below which a word counts as distinctive (2.5: about 1 in 3 million words)."""
PHRASE_ZIPF = 3.0
"""A name or title this frequent in English ('South Asia', 'Contemporary Romance') identifies nothing."""
MAX_KEYS = 24
_CAPITALISED = re.compile(
    r"\b(?:[A-Z][\w'’-]+)(?:\s+(?:(?:of|the|de|van|von|la|le|du|da|di)\s+)*[A-Z][\w'’-]+)+"
)
_QUOTED = re.compile(r"[\"“«]([^\"”»]{3,80})[\"”»]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{4,}")
_OPENERS = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "his",
    "her",
    "their",
    "this",
    "that",
    "when",
    "what",
    "which",
}


@cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _phrase(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _OPENERS and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def names_and_titles(texts: Iterable[str]) -> Counter[str]:
    """Capitalised multi-word runs and quoted titles, counted over the texts."""
    found: Counter[str] = Counter()
    for text in texts:
        for match in _CAPITALISED.finditer(text):
            phrase = _phrase(match.group(0))
            if len(phrase.split()) >= 2:
                found[phrase] += 1
        for match in _QUOTED.finditer(text):
            found[match.group(1).strip()] += 1
    return found


def jargon(texts: Iterable[str]) -> Counter[str]:
    """Words rare in English that the texts use, counted."""
    found: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text):
            lower = word.lower()
            if zipf(lower) < JARGON_ZIPF:
                found[lower] += 1
    return found


def extract_keys(names: list[str], texts: list[str], kind: str | None, limit: int = MAX_KEYS) -> list[str]:
    """Keys for a target from its own texts, most frequent first: names and titles for an entity, names,
    titles and jargon for a topic. Forms of the target's `names` are left out."""
    own = {normalize(n) for n in names}
    own_words = {w for n in own for w in n.split()}

    def names_target(norm: str) -> bool:
        return any(f" {n} " in f" {norm} " for n in own) or set(norm.split()) <= own_words

    ranked = names_and_titles(texts).most_common()
    if kind == "topic":
        ranked += [(w, c) for w, c in jargon(texts).most_common() if c >= 2 or len(texts) <= 3]
    keys: list[str] = []
    seen: set[str] = set()
    for phrase, _ in ranked:
        norm = normalize(phrase)
        if not norm or norm in seen or names_target(norm) or zipf(phrase.lower()) >= PHRASE_ZIPF:
            continue
        seen.add(norm)
        keys.append(phrase)
        if len(keys) >= limit:
            break
    return keys
