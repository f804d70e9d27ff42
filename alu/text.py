"""Text normalisation for matching, and fencing of untrusted text inside prompts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Common character substitutions used to dodge filters (leetspeak).
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Émile' -> 'emile'."""
    if text.isascii():  # nothing to decompose (the common case, and ten times faster)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """Case, accents and punctuation folded away; words separated by single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def transliterate(text: str) -> str:
    """Text with letters of other scripts (Cyrillic, Greek, Arabic, CJK...) written in Latin letters;
    Latin-script text comes back unchanged (its accents are folded by :func:`normalize`)."""
    if all(c.isascii() or not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text):
        return text
    return anyascii(text)


# Spelling differences a transliteration round trip introduces (Ameen -> Амин -> Amin, Abilov -> Αμπιλοβ ->
# Ampilov), longest first; both the name and the text are reduced to this key before comparing.
_PHONETIC = [
    ("shch", "s"), ("dzh", "j"), ("tz", "j"), ("zh", "j"), ("kh", "h"), ("ch", "h"), ("sh", "s"), ("th", "t"),
    ("ph", "f"), ("oy", "u"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ck", "k"), ("gk", "g"), ("mp", "b"),
    ("nt", "d"), ("ts", "s"), ("ks", "x"), ("c", "k"), ("q", "k"), ("w", "v"), ("y", "i"), ("z", "s"),
]  # fmt: skip
_DOUBLE = re.compile(r"(\w)\1+")


def phonetic(text: str) -> str:
    """A coarse phonetic key of normalised Latin text: 'Basil Mahfouz Al-Kuwaiti' and its Cyrillic or
    Greek spelling transliterated back ('Mpasil Machfoyz Al-Koyvaiti') both give 'basil mahfus al kuvaiti'."""
    return " ".join(_phonetic_word(word) for word in normalize(text).split())


@lru_cache(maxsize=65_536)
def _phonetic_word(word: str) -> str:
    """Names share their words (given names, family names), so indexing many targets asks for the same
    words again and again."""
    for src, dst in _PHONETIC:
        word = word.replace(src, dst)
    return _DOUBLE.sub(r"\1", word)


def deleet(text: str) -> str:
    """Undo common digit/symbol substitutions ('Sn4p3' -> 'snape'); only used for matching."""
    return fold(text).translate(_LEET)


def shared_words(text: str, source: str, n: int) -> str:
    """The first run of ``n`` words (normalised) that ``text`` repeats from ``source``; '' when none."""
    if n <= 0:
        return ""
    src = normalize(source).split()
    grams = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    words = normalize(text).split()
    return next(
        (" ".join(words[i : i + n]) for i in range(len(words) - n + 1) if tuple(words[i : i + n]) in grams),
        "",
    )


_FENCE = "<<<{tag}>>>\n{body}\n<<</{tag}>>>"
_MARKER = re.compile(r"<{2,}\s*/?\s*[A-Za-z_ -]*\s*>{2,}")


def fence(tag: str, body: str) -> str:
    """Wrap untrusted text in markers the text itself cannot forge.

    Any marker-like sequence inside the body is defused first, so a query cannot close the fence early and
    speak to the judge as if it were part of the instructions."""
    clean = _MARKER.sub("[marker removed]", body).replace("<<<", "< < <").replace(">>>", "> > >")
    return _FENCE.format(tag=tag.upper(), body=clean)
