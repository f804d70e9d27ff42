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
from collections.abc import Iterable
from itertools import combinations

from alu.lexicon import is_common_word

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
"""A word of the text; hyphenated and apostrophised ones whole ('arack-bay')."""
_VOWELS = "aeiou"
_VOWEL = re.compile(f"[{_VOWELS}]")
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


def word_codes(word: str, last: bool) -> set[str]:
    """Every code a name word (lower case, letters only) is written in, as text words would show it: Pig
    Latin, T9 and multi-tap keypad digits, vowels changed ('*' for each), and '=' with its initial for a word
    before the last (an initial stands for a given name, not for a family name)."""
    codes = {word, *pig_latin(word), t9(word), multitap(word)}
    if len(word) >= 4 and len(_VOWEL.sub("", word)) >= 2:
        codes.add(_VOWEL.sub("*", word))
    if not last:
        codes.add("=" + word[0])
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
    """The word with up to `most` of its letters deleted (a symmetric-deletion key: two words within `most`
    edits share one)."""
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


def text_words(text: str) -> list[tuple[str, bool]]:
    """The text's words as the index reads them: lower case, hyphens and apostrophes dropped; with whether
    each is a capital letter standing alone (an initial, 'A.')."""
    out = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        out.append((re.sub(r"[-'’]", "", raw).casefold(), len(raw) == 1 and raw.isupper()))
    return out


_Entry = tuple[str, str, int]
"""(target id, normalised name, number of words)."""


class WordCodeIndex:
    """Every word of the targets' multi-word names by its codes (:func:`word_codes`) and by its deletions
    (typos: :func:`deletions` within :func:`typo_budget`)."""

    def __init__(self) -> None:
        self._codes: dict[str, set[tuple[_Entry, int]]] = {}
        self._deleted: dict[str, set[tuple[_Entry, int, str]]] = {}

    def add(self, tid: str, name: str) -> None:
        """Index a normalised name of two words or more, each of two letters or more."""
        words = name.split()
        if len(words) < 2 or min(map(len, words)) < 2 or not all(w.isalpha() and w.isascii() for w in words):
            return
        entry = (tid, name, len(words))
        for i, word in enumerate(words):
            for code in word_codes(word, last=i == len(words) - 1):
                self._codes.setdefault(code, set()).add((entry, i))
            for key in deletions(word, typo_budget(len(word))):
                self._deleted.setdefault(key, set()).add((entry, i, word))

    def find(self, words: list[tuple[str, bool]]) -> dict[str, str]:
        """Target id -> name, for each name whose words the text writes in a row, each in some code."""
        hits = [self._hits(word, initial) for word, initial in words]
        found: dict[str, str] = {}
        for p, here in enumerate(hits):
            for (tid, name, n), i in here:
                if (
                    i == 0
                    and p + n <= len(hits)
                    and all(((tid, name, n), k) in hits[p + k] for k in range(n))
                ):
                    found.setdefault(tid, name)
        return found

    def _hits(self, word: str, initial: bool) -> set[tuple[_Entry, int]]:
        """The (name, word position) pairs one text word can stand for."""
        keys = [word]
        if initial:
            keys.append("=" + word)
        letters = re.sub(r"\d", "", word)
        if letters != word and len(word) - len(letters) >= 2 and len(letters) >= 2:
            keys.append(letters)  # digits put between its letters
            word = letters
        near = word.isalpha() and word.isascii() and not is_common_word(word)
        if near and len(word) >= 4:
            keys.append(_VOWEL.sub("*", word))
        out = {hit for key in keys for hit in self._codes.get(key, ())}
        if near and 2 <= len(word) <= _MAX_TYPO_WORD:
            out |= self._typos(word)
        return out

    def _typos(self, word: str) -> set[tuple[_Entry, int]]:
        out = set()
        for key in deletions(word, 2):
            for entry, i, name_word in self._deleted.get(key, ()):
                if (entry, i) not in out and edits(word, name_word) <= typo_budget(len(name_word)):
                    out.add((entry, i))
        return out


def index_of(names: Iterable[tuple[str, str]]) -> WordCodeIndex:
    """A :class:`WordCodeIndex` of (target id, normalised name) pairs."""
    index = WordCodeIndex()
    for tid, name in names:
        index.add(tid, name)
    return index
