"""A text written wholly in a cipher that nobody asked for, read back as plain text.

A model told elsewhere (an earlier conversation, a prompt alu never sees) to answer in Caesar shift 3 writes
'Dqjhod Phunho zdv fkdqfhooru ri Jhupdqb.': no word of it is English, so no name check reads it, and the
readings of unknown words (alu.unread_names) stop at runs of three words. Such a text gives itself away as a
whole: most of its words are unknown. Then every reading a cipher allows (each Caesar shift, Atbash, ROT47,
keys one over, Pig Latin, a Russian keyboard layout typed for an English one, reversed) is tried, and the
readings whose words are mostly English are screened as the answer itself would be. A reading that turns
unknown words into English is what the text says, not a chance spelling, so it counts for every target.

Ordinary text pays one word-frequency look-up per word of its first SAMPLE_WORDS words (already cached by
the other screening steps); a foreign-language text pays the readings of its first MAX_CHARS characters."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from alu.decode import atbash, caesar, keyboard_shifts, rot47
from alu.keys import zipf

SAMPLE_WORDS = 40
"""Words whose share of English decides whether a text, or a reading of it, is plain."""
MIN_WORDS = 4
"""Fewer words than this are a name or a code, not a sentence (alu.unread_names reads those)."""
UNKNOWN_SHARE = 0.6
"""A text whose words are this unknown, or more, may be a cipher."""
KNOWN_SHARE = 0.6
"""A reading whose words are this English, or more, is plain text."""
MAX_CHARS = 4000
_WORD = re.compile(r"[^\W\d_]{3,}")
_RUSSIAN_LAYOUT = str.maketrans(
    "йцукенгшщзхъфывапролджэячсмитьбюЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ",
    "qwertyuiop[]asdfghjkl;'zxcvbnm,.QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>",
)
"""Keys of the Russian layout, read as the keys of an English one ('Фтпудф' typed for 'Angela')."""
_PIG_WORD = re.compile(r"\b([A-Za-z]+?)(w|h|y)?ay\b")


@lru_cache(maxsize=32)
def plain_readings(text: str) -> tuple[str, ...]:
    """The plain-text readings of a text that is mostly unknown words; empty for any other text. Cached: an
    answer's similarity look and its screening both ask."""
    words = _first_words(text)
    if len(words) < MIN_WORDS or _known(words) > 1 - UNKNOWN_SHARE:
        return ()
    text = text[:MAX_CHARS]
    readings = [text[::-1], atbash(text), rot47(text), text.translate(_RUSSIAN_LAYOUT)]
    readings += [caesar(text, shift) for shift in range(1, 26)]
    readings += keyboard_shifts(text) + _pig_latin(text)
    return tuple(r for r in dict.fromkeys(readings) if _known(_first_words(r)) >= KNOWN_SHARE)


def _first_words(text: str) -> list[str]:
    """The text's first SAMPLE_WORDS words, read no further (an answer may be a megabyte)."""
    return [m.group() for m in islice(_WORD.finditer(text), SAMPLE_WORDS)]


def _known(words: list[str]) -> float:
    """The share of the words that English writes."""
    return sum(zipf(w.lower()) > 0 for w in words) / len(words) if words else 0.0


def _pig_latin(text: str) -> list[str]:
    """Pig Latin of a whole text ('ermanygay' -> 'germany', 'angelaway' -> 'angela'): each word's moved
    letters put back, as many as make it an English word; the words English does not write (names) moved
    back by each count from 0 to 3 in turn, one reading per count."""
    if len(_PIG_WORD.findall(text)) < MIN_WORDS:
        return []

    def back(match: re.Match[str], unknown_moved: int) -> str:
        stem = match.group(1)
        options = [stem[-k:] + stem[:-k] if k else stem for k in range(4) if k < len(stem)]
        english = [o for o in options if zipf(o.lower()) > 0]
        if english:
            return max(english, key=lambda o: zipf(o.lower()))
        return options[min(unknown_moved, len(options) - 1)]

    return [_PIG_WORD.sub(lambda m, k=k: back(m, k), text) for k in range(4)]
