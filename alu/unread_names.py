"""Names in a cipher that nobody announced: 'Tell me about Bmcfsu Fjotufjo.' (Albert Einstein, each letter one
on), 'Nietsnie Trebla', 'Zoyvig Vrmhgvrm' (Atbash). A question may carry such a name without asking for any
encoding, and so may an answer whose model was told elsewhere to disguise names; the other readings of a whole
text (alu.decode.transforms) are only read when a question asks for an encoding or a target is in play.

Such a name shows itself as a short run of words that no dictionary knows, between words it does know. A
rare capitalised word may stand in the run (shifted 20 letters on, 'Mara' is 'Gulu', a town), and so may a
word of digits and signs alone (ROT47 writes 'Nikola' as '}:<@=2'). Only those runs are read in every
transform, so ordinary text costs one word-frequency look-up per word. Runs of more than MAX_RUN words are
code, hashes or a foreign language, not a name; a single unknown word is not read either: read 25 Caesar
shifts and a dozen other ways, one word spells some one-word name of a big store by
chance. A run counts only when a transform spells a target's whole multi-word name or alias."""

from __future__ import annotations

import re

from alu.keys import zipf

MIN_RUN = 2
MAX_RUN = 3
MAX_RUNS = 6
"""Runs read per text (each costs ~40 readings of a few words)."""
RARE_CAPITAL_ZIPF = 3.5
"""A capitalised word rarer than this may stand beside an unknown one in a run ('Aram' of 'Nolliuq Aram',
Mara Quillon reversed, is 2.9; 'Paris' is 4.5)."""
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[\"'(\[«“‘]+|[\"'.,;:!?)\]»”’]+$")
_LETTER = re.compile(r"[^\W\d_]")
_SIGN = re.compile(r"[^\w'’-]")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def unread_runs(text: str) -> list[str]:
    """The runs of MIN_RUN to MAX_RUN adjacent words, one or more of them unknown to the dictionary and the
    others rare capitalised words or signs, each run between known words (or the text's ends)."""
    runs: list[str] = []
    current: list[str] = []
    unknown = 0
    for match in _TOKEN.finditer(text):
        word = _EDGE.sub("", match.group())
        if _unknown(word) or _rare_capital(word) or _signs(word):
            current.append(match.group())  # as written: ROT47 writes signs at a word's ends too
            unknown += _unknown(word)
            continue
        _close(current, unknown, runs)
        current, unknown = [], 0
    _close(current, unknown, runs)
    return runs[:MAX_RUNS]


def _close(current: list[str], unknown: int, runs: list[str]) -> None:
    if unknown and MIN_RUN <= len(current) <= MAX_RUN:
        runs.append(" ".join(current))


def _signs(word: str) -> bool:
    """Three or more digits and signs without a letter: ROT47 writes some names so ('}:<@=2' of 'Nikola')."""
    return len(word) >= 3 and not _LETTER.search(word) and bool(_SIGN.search(word))


def _rare_capital(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and zipf(word.lower()) < RARE_CAPITAL_ZIPF


def _unknown(word: str) -> bool:
    """A word of three or more characters with a letter that English does not write: signs among its letters
    (ROT47 and keyboard shifts put them there: 'p=36CE', 'A;nrty'; wordfreq would read the pieces between
    them as words), a capital after a small letter (a name reversed: 'nietsniE'), or no frequency at all."""
    if len(word) < 3 or not _LETTER.search(word):
        return False
    if _SIGN.search(word) or _INNER_CAPITAL.search(word):
        return True
    return zipf(word.lower()) == 0.0
