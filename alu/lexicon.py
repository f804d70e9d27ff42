"""Whether a word is an English common word ('bell', 'potter', 'fanning'), which a forgotten name written
in lower case may then be; 'tokyo' or 'olvhagen' in lower case are still names.

The list (``alu/data/common_words.txt.gz``, ~64,000 words, built by ``tools/build_common_words.py`` from
WordNet 3.0's lemmas) holds the lemmas WordNet writes in lower case; inflected forms are reduced to them."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

_DATA = "common_words.txt.gz"


@cache
def _words() -> frozenset[str]:
    """Read once, on the first one-word name met in lower case in normally cased text."""
    text = gzip.decompress((resources.files("alu.data") / _DATA).read_bytes()).decode("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _stems(word: str) -> list[str]:
    """The word and the lemmas its regular inflections may come from ('bells', 'fanning', 'dated')."""
    stems = [word]
    for suffix, replacements in (
        ("ies", ("y",)),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ing", ("", "e")),
        ("ed", ("", "e")),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            stems += [base + r for r in replacements]
            if len(base) >= 2 and base[-1] == base[-2]:
                stems.append(base[:-1])  # 'fanning' -> 'fan'
    return stems


def is_common_word(word: str) -> bool:
    """Whether the lower-case word (or the lemma of a regular inflection of it) is an English common word."""
    words = _words()
    return any(stem in words for stem in _stems(word.lower()))
