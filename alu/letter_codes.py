"""Letters written one code at a time: numbers (character codes in decimal, octal or binary; letter numbers
A=1..Z=26 or Z=1..A=26, also in words; tap code; phone keypad presses; Bacon's cipher), names of letters
(English letter names, Greek letter names, 'A as in Apple'), Braille and invisible Unicode tag characters.
Each reader returns the texts a run spells, and nothing for ordinary prose: a run needs several codes in a
row, and what it spells must be mostly letters (alu.decode reads the results for names, as it reads
base64)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from alu.text import ORDINAL_WORDS

_NUMBER_RUN = re.compile(r"(?<![\w.])\d{1,21}(?:[ \t,;+/|.\-]{1,5}\d{1,21}){3,}(?![\w])")
"""Four or more numbers separated by spaces or punctuation on one line ('1-12-2-5 / 5-9-14',
'101 154 142', '1000001 1101100'); a letter outside ASCII takes up to 21 bits."""
_DIGIT = re.compile(r"\d")
_UNSPACED_BITS = re.compile(r"(?<![\w])[01]{28,}(?![\w])")
_CALLS = re.compile(r"(?:chr|char|fromCharCode|ord)\s*\(\s*(\d{2,3})\s*\)", re.IGNORECASE)
_TAP_RUN = re.compile(r"(?<![\w.])(?:[1-5][.,]?[1-5](?:\s+|\s*/\s*)){3,}[1-5][.,]?[1-5](?![\w.])")
_TAP_SQUARE = ["a", "b", "ck", "d", "e", "f", "g", "h", "ij", "jk", *"lmnopqrstuvwxyz"]
"""Each tap-code pair's letters: tap code's square (C for K too, J after I) and Polybius' (I for J too, K
after I)."""
_KEYPAD_RUN = re.compile(r"(?<![\w.])[2-9]{6,}(?:\s+[2-9]{4,})*(?![\w.])")
_KEYPAD = ["", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"]
_WORD_BREAK = re.compile(r"\s*[/|]\s*|\s{2,}")

_LETTER_NAMES = {
    "ay": "a", "bee": "b", "cee": "c", "see": "c", "dee": "d", "ee": "e", "ef": "f", "eff": "f", "gee": "g",
    "aitch": "h", "haitch": "h", "eye": "i", "jay": "j", "kay": "k", "el": "l", "ell": "l", "em": "m",
    "en": "n", "oh": "o", "pee": "p", "cue": "q", "ar": "r", "ess": "s", "tee": "t", "you": "u", "vee": "v",
    "double-u": "w", "doubleu": "w", "ex": "x", "wye": "y", "why": "y", "zed": "z", "zee": "z",
}  # fmt: skip
_PLAIN_WORDS = {"see", "oh", "you", "why", "eye", "ee"}
"""Letter names that are also everyday words: a run needs other letter names too."""
_GREEK_NAMES = {
    "alpha": "a", "beta": "b", "gamma": "g", "delta": "d", "epsilon": "e", "zeta": "z", "eta": "eh",
    "theta": "t", "iota": "i", "kappa": "k", "lambda": "l", "mu": "m", "nu": "n", "xi": "x", "omicron": "o",
    "pi": "p", "rho": "r", "sigma": "s", "tau": "t", "upsilon": "uy", "phi": "pf", "chi": "cx", "psi": "py",
    "omega": "ow",
}  # fmt: skip
"""Greek letter names and the Latin letters each may stand for: its first letter (as NATO words are read),
or the letter it looks or sounds like where the two differ (eta H, phi F, chi X, psi Y, omega W). One
spelling may mix the two ('Edward Patrick': omega for W, chi for C), so a run is read every way."""
_NAME_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?|[/|]")

_ANY_NAME = frozenset(_LETTER_NAMES) | frozenset(_GREEK_NAMES)
_AS_IN = re.compile(r"\b([A-Za-z])\s+(?:as\s+in|for|like)\s+[A-Za-z]+", re.IGNORECASE)
_BRAILLE = dict(zip("⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚⠅⠇⠍⠝⠕⠏⠟⠗⠎⠞⠥⠧⠺⠭⠽⠵", "abcdefghijklmnopqrstuvwxyz", strict=True))


_CARDINALS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
_CARDINALS += " sixteen seventeen eighteen nineteen twenty"
_NUMBER_WORDS = {
    **{w: n for n, w in enumerate(_CARDINALS.split(), 1)},
    **{f"twenty {w}": 20 + n for n, w in enumerate(_CARDINALS.split()[:6], 1)},
    **{w: n for w, n in ORDINAL_WORDS.items() if n <= 26},
}
"""Letter numbers in words, one to twenty-six, cardinal or ordinal."""
_LONGEST_FIRST = sorted(_NUMBER_WORDS, key=len, reverse=True)
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(w.replace(" ", "[- ]") for w in _LONGEST_FIRST) + r")\b|[/|]")
"""A number word in lower-case text, or a word break (IGNORECASE made the scan of every text ~2x slower)."""
_LISTED = re.compile(r"[\s,;/|-]{1,5}")
NUMBER_WORDS_LEAST = 4
"""Numbers written in words a text needs before they are read as letter numbers, listed ('eight, nineteen,
nine, one') or as letters ('the eighth letter, the nineteenth letter'): prose counts fewer things, and
says what."""


def _said_numbers(text: str) -> list[str]:
    """The numbers a text lists in words, as digits (and '/' where a word breaks); none in prose."""
    lowered = text.lower()
    said = list(_NUMBER_WORD.finditer(lowered))
    numbers = [m for m in said if m.group() not in ("/", "|")]
    if len(numbers) < NUMBER_WORDS_LEAST:
        return []
    listed = sum(_LISTED.fullmatch(lowered, a.end(), b.start()) is not None for a, b in pairwise(numbers))
    if listed < len(numbers) - 1 and "letter" not in lowered:
        return []
    return [_number_word(m.group()) for m in said]


def _number_word(word: str) -> str:
    """A number word, '/' or '|' as the digits or break it stands for ('twenty-first' -> '21')."""
    return "/" if word in ("/", "|") else str(_NUMBER_WORDS[word.replace("-", " ")])


def numbers(text: str) -> list[str]:
    """What runs of numbers spell, read every way that gives mostly letters: character codes (decimal,
    octal, 7- or 8-bit binary, also glued into one bit string), letter numbers (A=1) and tap code; words
    break at '/', '|' or a wide gap. Numbers written in words count as letter numbers."""
    out: list[str] = []
    if said := _said_numbers(text):
        out += [x for x in _run_readings(" ".join(said)) if _mostly_letters(x)]
    if not _DIGIT.search(text):
        return out
    for match in _NUMBER_RUN.finditer(text):
        out += _run_readings(match.group())
    for match in _UNSPACED_BITS.finditer(text):
        bits = match.group()
        for width in (8, 7):
            if len(bits) % width == 0:
                out.append(_chars(int(bits[i : i + width], 2) for i in range(0, len(bits), width)))
    calls = _CALLS.findall(text)
    if len(calls) >= 3:
        out.append(_chars(int(c) for c in calls))
    for match in _TAP_RUN.finditer(text):
        out += _tap(match.group())
    for match in _KEYPAD_RUN.finditer(text):
        out.append(_keypad(match.group()))
    return [x for x in out if _mostly_letters(x)]


_BACON_TOKEN = re.compile(r"(?<![A-Za-z])(?:[AB]{5})+(?![A-Za-z])|(?<![A-Za-z])(?:[ab]{5})+(?![A-Za-z])")
_BACON_26 = "abcdefghijklmnopqrstuvwxyz"
_BACON_24 = "abcdefghiklmnopqrstuwxyz"
"""Bacon's cipher writes each letter as five A's and B's (its number in binary); its first form has 24
letters, i standing for j and u for v."""


def bacon(text: str) -> list[str]:
    """What a Bacon cipher spells, in either alphabet: each run of groups a word, and all runs run together
    (a group per word); nothing unless it writes two letters or more."""
    tokens = [t.lower() for t in _BACON_TOKEN.findall(text)]
    if sum(len(t) for t in tokens) < 10:
        return []
    out = []
    for alphabet in (_BACON_26, _BACON_24):
        words = [_bacon_word(t, alphabet) for t in tokens]
        if all(words):
            out += [" ".join(words), "".join(words)]
    return out


def _bacon_word(token: str, alphabet: str) -> str:
    numbers = [int(token[i : i + 5].replace("a", "0").replace("b", "1"), 2) for i in range(0, len(token), 5)]
    return "".join(alphabet[n] for n in numbers) if max(numbers) < len(alphabet) else ""


def _run_readings(run: str) -> list[str]:
    words = [re.findall(r"\d+", word) for word in _WORD_BREAK.split(run.strip())]
    codes = [c for word in words for c in word]
    out = []
    if all(set(c) <= {"0", "1"} and 7 <= len(c) <= 21 for c in codes):  # 'ị' is 13 bits: 1111011001011
        out.append(_chars(int(c, 2) for c in codes))
    if all(set(c) <= set("01234567") and 2 <= len(c) <= 7 for c in codes):  # 'ị' is 17313
        out.append(_chars(int(c, 8) for c in codes))
    out.append(_chars(int(c) for c in codes))
    if all(1 <= int(c) <= 26 for c in codes):
        out.append(" ".join("".join(chr(96 + int(c)) for c in word) for word in words if word))
        out.append(" ".join("".join(chr(123 - int(c)) for c in word) for word in words if word))  # Z=1
    out += _keypad_readings(words, codes)
    return out


def _keypad_readings(words: list[list[str]], codes: list[str]) -> list[str]:
    """A run of numbers read as phone-keypad letters: multi-tap presses one letter a number ('2 555 22',
    '22-2-777'), or a key and how many presses ('22 21 73': key 2 twice, b)."""
    if all(c[0] in "23456789" and c == c[0] * len(c) and len(c) <= len(_KEYPAD[int(c[0])]) for c in codes):
        return [" ".join("".join(_KEYPAD[int(c[0])][len(c) - 1] for c in word) for word in words if word)]
    if all(len(c) == 2 and c[0] in "23456789" and 1 <= int(c[1]) <= len(_KEYPAD[int(c[0])]) for c in codes):
        return [" ".join("".join(_KEYPAD[int(c[0])][int(c[1]) - 1] for c in word) for word in words if word)]
    return []


def _tap(run: str) -> list[str]:
    """Tap code's letters, read every way (:func:`every_way`): its square has no K (C stands for it), a
    Polybius square has no J (I stands for it) and K in J's place."""
    slots = []
    for word in re.split(r"\s*/\s*", run.strip()):
        pairs = re.findall(r"([1-5])[.,]?([1-5])", word)
        slots += [_TAP_SQUARE[(int(r) - 1) * 5 + int(c) - 1] for r, c in pairs] + [" "]
    return every_way(slots)


def _keypad(run: str) -> str:
    """Multi-tap phone typing: a run of one key pressed n times is its n-th letter ('2' a, '22' b)."""
    words = []
    for word in run.split():
        keys = [(_KEYPAD[int(m.group(1))], len(m.group())) for m in re.finditer(r"(\d)\1*", word)]
        words.append("".join(letters[(n - 1) % len(letters)] for letters, n in keys))
    return " ".join(words)


def _chars(codes: Iterable[int]) -> str:
    return "".join(chr(c) if 32 <= c < 0x110000 else "\ufffd" for c in codes)


def _mostly_letters(text: str) -> bool:
    letters = sum(c.isalpha() for c in text)
    return letters >= 3 and letters >= 0.7 * len(text.replace(" ", "")) and "\ufffd" not in text


def spelled(text: str) -> list[str]:
    """What runs of spelled-out letters spell: English letter names ('ay el bee'), Greek letter names
    ('alpha lambda beta') and 'A as in Apple, L as in Lemon'. A run needs four letter names in a row (at
    least three that are no everyday word: 'wye eye / en gee' for Yi Ng) or four Greek ones; '/' or '|'
    breaks words."""
    out = []
    tokens = _NAME_TOKEN.findall(text.lower())
    if len(_ANY_NAME.intersection(tokens)) >= 3:  # few texts name three letters: read no further
        for names, least in ((_LETTER_NAMES, 4), (_GREEK_NAMES, 4)):
            out += _name_runs(tokens, names, least)
    letters = _AS_IN.findall(text)
    if len(letters) >= 3:
        out.append("".join(letters))
    return out


def _name_runs(tokens: list[str], names: dict[str, str], least: int) -> list[str]:
    """The runs of `least` or more letter names among the (lower-case) tokens, as the words they spell (every
    way, where a name stands for more than one letter: :func:`every_way`). A letter with no name of its own
    ('j', 'v') is itself, inside a run or opening it."""
    runs: list[str] = []
    slots: list[str] = []
    count = sure = opened = 0
    for token in [*tokens, "."]:
        letters = names.get(token)
        if letters:
            opened = opened if count else len(slots)  # where the first name is: letters may come before it
            slots.append(letters)
            count += 1
            sure += token not in _PLAIN_WORDS
        elif token in "/|" and count:
            slots.append(" ")
        elif len(token) == 1 and token.isalpha():
            slots.append(token)
        else:
            if count >= least and (names is not _LETTER_NAMES or sure >= 3):
                runs += every_way(slots)
                runs += every_way(slots[opened:]) if opened else []  # without the letters before it
            slots, count, sure = [], 0, 0
    return runs


READINGS = 64
"""The most readings :func:`every_way` makes of one run of codes."""


def every_way(slots: list[str]) -> list[str]:
    """The texts a run of codes spells, each slot the letters its code may stand for ('ck': tap code's C is
    K too; 'ow': omega): every choice, spot by spot while they stay within READINGS readings; a later spot
    reads its first letter."""
    readings = [""]
    for slot in slots:
        choices = slot if len(readings) * len(slot) <= READINGS else slot[0]
        readings = [r + c for r in readings for c in choices]
    return [" ".join(r.split()) for r in readings]


def symbols(text: str) -> list[str]:
    """Braille letters and invisible Unicode tag characters (U+E0020-U+E007E, which mirror ASCII) as the
    letters they stand for."""
    out: list[str] = []
    if text.isascii():
        return out
    if sum(c in _BRAILLE for c in text) >= 3:
        blank = {c: " " for c in text if "\u2800" <= c <= "\u28ff" and c not in _BRAILLE}
        out.append("".join(_BRAILLE.get(c, blank.get(c, c)) for c in text))
    tags = [c for c in text if 0xE0020 <= ord(c) <= 0xE007E]
    if len(tags) >= 3:
        out.append("".join(chr(ord(c) - 0xE0000) for c in tags))
    return out
