"""Text normalisation for matching, and fencing of untrusted text inside prompts."""

from __future__ import annotations

import re
import unicodedata

# Common character substitutions used to dodge filters (leetspeak).
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Émile' -> 'emile'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(text: str) -> str:
    """Case, accents and punctuation folded away; words separated by single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def deleet(text: str) -> str:
    """Undo common digit/symbol substitutions ('Sn4p3' -> 'snape'); only used for matching."""
    return fold(text).translate(_LEET)


_FENCE = "<<<{tag}>>>\n{body}\n<<</{tag}>>>"
_MARKER = re.compile(r"<{2,}\s*/?\s*[A-Za-z_ -]*\s*>{2,}")


def fence(tag: str, body: str) -> str:
    """Wrap untrusted text in markers the text itself cannot forge.

    Any marker-like sequence inside the body is defused first, so a query cannot close the fence early and
    speak to the judge as if it were part of the instructions."""
    clean = _MARKER.sub("[marker removed]", body).replace("<<<", "< < <").replace(">>>", "> > >")
    return _FENCE.format(tag=tag.upper(), body=clean)
