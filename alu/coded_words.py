"""A name written word by word in a code that no decoding can undo: with typos (a letter dropped, doubled,
swapped, changed, or filler letters put in: 'Albrt Einstien', 'Nikqola Teszla'), its vowels changed
('Elbirt Ainstoon'), in Pig Latin of any dialect ('aylortay iftsway', 'arack-bay obama-way'), as phone-keypad
digits (T9 '62262', or multi-tap presses run together), by an initial ('A. Einstein') or with digits put
between its letters ('O1s2k3a4r').

Each such code loses or adds information, so the text is not decoded: each word of every multi-word name
is encoded every such way once (:class:`WordCodeIndex`), and the text's words are looked up. A name counts
when all its words are found in a row, each in some code. A word alone never counts (a typo of one word is
often another word), nor does a one-word name, nor an English word read as a typo or with its vowels
changed ('Mark Quinlan' is someone else, not 'Mara Quillon' misspelt). The screener asks only when the
question asked for a disguise (see alu.name_shapes)."""

from __future__ import annotations

import re
from itertools import combinations, product

from alu.lexicon import is_common_word
from alu.text import unaccented

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
"""A word of the text; hyphenated and apostrophised ones whole ('arack-bay')."""
_VOWEL = re.compile("[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")
_LEET_I = str.maketrans("013457", "oieast")
_LEET_L = str.maketrans("013457", "oleast")
ONES_READ = 4
"""The most 1s of a word read each as i or l (16 readings at most)."""
_PAIRS = re.compile("rn|vv")
"""Letter pairs that look like one letter: 'rn' like 'm', 'vv' like 'w' ('Obarna', 'Svvift')."""
_KEYS = {c: (str(k), n + 1) for k, letters in enumerate(("", "", "abc", "def", "ghi", "jkl", "mno", "pqrs",
         "tuv", "wxyz")) for n, c in enumerate(letters)}  # fmt: skip
"""Letter -> (phone key, presses on it)."""
_MAX_TYPO_WORD = 20
"""Longer text words are never typos of a name word (and would cost many lookups)."""


def typo_budget(length: int) -> int:
    """Edits a name word of this length may carry and still be read as itself: none in three letters or
    fewer ('Ann' is a typo of too many words), one up to five ('Curie', 'Swift'), two from six
    ('Einstein')."""
    return 0 if length <= 3 else 1 if length <= 5 else 2


def word_codes(word: str) -> set[str]:
    """Every code a name word (lower case, letters only) is written in, as text words would show it: Pig
    Latin, T9 and multi-tap keypad digits, vowels changed ('*' for each), and its letters said once however
    often they repeat ('Taayylor')."""
    codes = {word, *pig_latin(word), t9(word), multitap(word), _REPEATS.sub(r"\1", word)}
    if len(word) >= 4 and len(_VOWEL.sub("", word)) >= 2:
        codes.add(_VOWEL.sub("*", word))
    return codes


def pig_latin(word: str) -> set[str]:
    """The word in the dialects of Pig Latin: its opening consonants (up to the first vowel, 'qu' and 'y'
    counted as consonants there) or its first letter alone moved to the end with 'ay'; a word opening on a
    vowel takes 'way', 'yay', 'hay' or 'ay'."""
    cluster = re.match(r"(?:qu|[^aeiou])*", word).group() if word else ""
    out = {word[1:] + word[0] + "ay"} if len(word) > 1 else set()
    if cluster and cluster != word:
        out.add(word[len(cluster) :] + cluster + "ay")
    if not cluster:
        out |= {word + end for end in ("way", "yay", "hay", "ay")}
    return out


def t9(word: str) -> str:
    """The digits typed for the word with predictive text (one press a letter)."""
    return "".join(_KEYS[c][0] for c in word if c in _KEYS)


def multitap(word: str) -> str:
    """The digits typed for the word on an old phone keypad, one key pressed n times for its n-th letter, run
    together ('barack' -> '222777222255')."""
    return "".join(_KEYS[c][0] * _KEYS[c][1] for c in word if c in _KEYS)


def deletions(word: str, most: int) -> set[str]:
    """The word with up to `most` of its letters deleted (symmetric-deletion keys: two words share one when
    deleting letters from each makes them equal)."""
    out = {word}
    for k in range(1, min(most, len(word) - 1) + 1):
        out |= {
            "".join(c for i, c in enumerate(word) if i not in drop)
            for drop in combinations(range(len(word)), k)
        }
    return out


def edits(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _readings(word: str) -> set[str]:
    """A text word as it is, with the digits put between its letters dropped ('O1s2k3a4r'), with leetspeak
    digits read as letters ('Tay10r') and look-alike pairs as one letter ('Obarna')."""
    out = {word}
    if any(c.isdigit() for c in word):
        letters = re.sub(r"\d", "", word)
        if len(word) - len(letters) >= 2 and len(letters) >= 2:
            out.add(letters)
        out |= _leet(word)
    if _PAIRS.search(word):
        out |= {_PAIRS.sub(lambda m: "m" if m.group() == "rn" else "w", w) for w in list(out)}
    return out


def _leet(word: str) -> set[str]:
    """The word with leetspeak digits read as letters, its 1s as i or l each ('141' -> 'lai', '11' -> 'li'):
    one word may write both with the same digit. Words with more than ONES_READ 1s are read all i or all l."""
    read = word.translate(_LEET_I)
    ones = [i for i, c in enumerate(word) if c == "1"]
    if len(ones) > ONES_READ:
        return {read, word.translate(_LEET_L)}
    out = set()
    for letters in product("il", repeat=len(ones)):
        chars = list(read)
        for i, letter in zip(ones, letters, strict=True):
            chars[i] = letter
        out.add("".join(chars))
    return out


def text_words(text: str) -> list[tuple[str, bool]]:
    """The text's words as the index reads them: lower case, accents stripped as the names' are ('B317rán'
    in leetspeak is Beltrán), hyphens and apostrophes dropped; with whether each is a capital letter standing
    alone (an initial, 'A.')."""
    out = []
    for match in _TOKEN.finditer(unaccented(text)):
        raw = match.group()
        out.append((re.sub(r"[-'’]", "", raw).casefold(), len(raw) == 1 and raw.isupper()))
    return out


_Entry = tuple[str, str, tuple[str, ...]]
"""(target id, normalised name, its words)."""


class WordCodeIndex:
    """The distinct words of the targets' multi-word names by their codes (:func:`word_codes`) and by their
    one-letter deletions (typos: a text word within :func:`typo_budget` edits of a name word shares a key
    with it after up to two deletions from the text word and one from the name word: every single edit, two
    letters put in, one put in and one dropped or changed). Names share words (given names above all), so
    each word is keyed once: ~160,000 keys at 10,000 two-word names."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._words: list[str] = []
        self._last: list[list[_Entry]] = []
        """Per word: the names it ends."""
        self._codes: dict[str, int | list[int]] = {}
        self._deleted: dict[str, int | list[int]] = {}

    def add(self, tid: str, name: str) -> None:
        """Index a normalised name of two words or more, each of two letters or more."""
        words = tuple(name.split())
        if len(words) < 2 or min(map(len, words)) < 2 or not all(w.isalpha() and w.isascii() for w in words):
            return
        for variant in {words, _particles_glued(words)}:
            for word in variant:
                self._word_id(word)
            self._last[self._ids[variant[-1]]].append((tid, name, variant))

    def _word_id(self, word: str) -> int:
        known = self._ids.get(word)
        if known is not None:
            return known
        wid = self._ids[word] = len(self._words)
        self._words.append(word)
        self._last.append([])
        for code in word_codes(word):
            _put(self._codes, code, wid)
        if typo_budget(len(word)):
            for key in deletions(word, 1):
                _put(self._deleted, key, wid)
        return wid

    def find(self, words: list[tuple[str, bool]]) -> dict[str, str]:
        """Target id -> name, for each name whose words the text writes in a row, each in some code (a word
        before the last also as its initial)."""
        hits = [self._hits(word) for word, _ in words]
        found: dict[str, str] = {}
        for p, here in enumerate(hits):
            for wid in here:
                for tid, name, name_words in self._last[wid]:
                    if tid not in found and self._before(name_words, words, hits, p):
                        found[tid] = name
        return found

    def _before(
        self, name_words: tuple[str, ...], words: list[tuple[str, bool]], hits: list[set[int]], end: int
    ) -> bool:
        """Whether the words before text position `end` write the words of the name before its last."""
        start = end - len(name_words) + 1
        if start < 0:
            return False
        for k, name_word in enumerate(name_words[:-1]):
            word, initial = words[start + k]
            if self._ids[name_word] not in hits[start + k] and not (initial and word == name_word[0]):
                return False
        return True

    def _hits(self, word: str) -> set[int]:
        """The name words one text word can stand for: read as it is, and as :func:`_readings` read it,
        exactly and with typos or its vowels changed."""
        out: set[int] = set()
        for reading in _readings(word):
            out.update(_get(self._codes, reading), _get(self._codes, _REPEATS.sub(r"\1", reading)))
            if not (reading.isalpha() and reading.isascii()) or is_common_word(reading):
                continue  # an English word misspelt is another word
            if len(reading) >= 4:
                out.update(_get(self._codes, _VOWEL.sub("*", reading)))
            if len(reading) <= _MAX_TYPO_WORD:
                out |= self._typos(reading)
        return out

    def _typos(self, word: str) -> set[int]:
        out: set[int] = set()
        for key in deletions(word, 2):
            for wid in _get(self._deleted, key):
                name_word = self._words[wid]
                if wid not in out and edits(word, name_word) <= typo_budget(len(name_word)):
                    out.add(wid)
        return out


def _particles_glued(words: tuple[str, ...]) -> tuple[str, ...]:
    """The name with each short inner word glued to the next ('basil mahfouz al kuwaiti' -> '... alkuwaiti',
    as a hyphen, or a code that drops it, writes it), or as it is."""
    out = list(words[:1])
    glue = False
    for i, word in enumerate(words[1:], 1):
        out[-1:] = [out[-1] + word] if glue else [*out[-1:], word]
        glue = len(word) <= 3 and i < len(words) - 1
    return tuple(out)


def _put(table: dict[str, int | list[int]], key: str, wid: int) -> None:
    """Add a word id under a key: most keys name one word, kept as a bare int (a list each would double the
    index's memory at 10,000 targets)."""
    held = table.get(key)
    if held is None:
        table[key] = wid
    elif isinstance(held, int):
        if held != wid:
            table[key] = [held, wid]
    elif wid not in held:
        held.append(wid)


def _get(table: dict[str, int | list[int]], key: str) -> list[int]:
    held = table.get(key)
    return [] if held is None else [held] if isinstance(held, int) else held
