"""A work's title written misspelt ('Breakin Bad', 'The Lord of the Rigns', 'Teh Hunger Games') or with one of
its words swapped for another ('The Hungry Games'): the keys the alias index files a title's words under
(:func:`typo_keys`, :func:`beside_keys`) and whether a run of a text's words writes the title so
(:func:`title_at`). The index that holds the titles is alu.matcher.AliasIndex."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from anyascii import anyascii
from rapidfuzz.distance import OSA, Indel

from alu.keys import is_work, zipf
from alu.lexicon import is_common_word
from alu.name_forms import MISSPELT_ZIPF, NEAR_LETTERS, surface_forms
from alu.occurrence import casing_informative
from alu.text import normalize, opens_sentence
from alu.titles import IN_TITLE
from alu.types import Target

TITLE_TYPO_ZIPF = 3.0
"""English word frequency (Zipf) under which a word one letter off a word of a title of several words is
that word misspelt ('breakin' 2.6 in 'Breakin Bad'); from it on, another word ('hungry' 4.5, 'ring' 4.8),
which counts only as :func:`_misspelt_title` says."""
_TITLE_STEM = 4
"""Letters another word shares with the title's word it replaces ('hungry' for 'hunger', 'ring' for 'rings';
not 'bed' for 'bad': a shorter word is replaced by another word, not misspelt)."""


_TITLE_ARTICLES = frozenset({"the", "a", "an"})


TITLE_TOKEN = re.compile(r"[^\W_]+")


@cache
def function_typos() -> dict[str, str]:
    """Function words with two letters after the first swapped ('teh', 'adn'; not 'form'), to the word. Made
    on first use: it reads the common-word list (~70 ms), which a command writing targets never needs."""
    return {
        typo: w
        for w in sorted(IN_TITLE)
        for i in range(1, len(w) - 1)
        if not is_common_word(typo := w[:i] + w[i + 1] + w[i] + w[i + 2 :])
    }


def titles_of(target: Target) -> list[str]:
    """A work's titles (its name and aliases, normalised in ASCII letters) long enough to be found misspelt
    (:data:`NEAR_LETTERS`); none for a target that is not a work."""
    if not is_work(target):
        return []
    titles = (normalize(anyascii(surface)) for surface in surface_forms(target))
    return list(dict.fromkeys(t for t in titles if len(t.replace(" ", "")) >= NEAR_LETTERS))


def title_anchors(words: tuple[str, ...]) -> list[str]:
    """The words of a title a misspelling is looked up by: its words of three letters or more that are not
    function words ('the', 'of': every text writes them; a swapped one is found beside the others)."""
    return [w for w in dict.fromkeys(words) if len(w) >= 3 and w not in IN_TITLE]


def title_stem(word: str) -> str:
    """What a word of a title is looked up by beside another: a function word itself, another word by its
    first :data:`_TITLE_STEM` letters ('hung' for 'hunger', and 'hungry' in its place); none for a shorter
    word."""
    return word if word in IN_TITLE else word[:_TITLE_STEM] if len(word) >= _TITLE_STEM else ""


def beside_keys(words: tuple[str, ...]) -> set[tuple[str, str, str]]:
    """The keys of :attr:`alu.matcher.AliasIndex._title_beside` for a title's words."""
    keys = set()
    for j, word in enumerate(words):
        stem = title_stem(word)
        if stem and j > 0:
            keys.add(("<", words[j - 1], stem))
        if stem and j + 1 < len(words):
            keys.add((">", words[j + 1], stem))
    return keys


def beside_at(title: tuple[str, ...], side: str, beside: str, stem: str) -> list[int]:
    """The places in a title of a word of that stem with `beside` on that side."""
    step = -1 if side == "<" else 1
    return [
        j
        for j, word in enumerate(title)
        if title_stem(word) == stem and 0 <= j + step < len(title) and title[j + step] == beside
    ]


def drop_title(index: dict[Any, dict[str, tuple[str, ...]]], key: Any, title: str) -> bool:
    """Remove a title under a key of a title index; whether other titles are left under it."""
    titles = index.get(key, {})
    titles.pop(title, None)
    if not titles:
        index.pop(key, None)
    return bool(titles)


@lru_cache(maxsize=16_384)
def typo_keys(word: str) -> frozenset[str]:
    """The word, and the word without one of its letters after the first: two words one letter dropped,
    added, swapped or changed apart (the first kept) share a key; so do some two apart, which
    :func:`_title_typo` rules out."""
    return frozenset({word, *(word[:i] + word[i + 1 :] for i in range(1, len(word)))})


def title_at(text: str, words: list[tuple[re.Match[str], str]], start: int, title: tuple[str, ...]) -> bool:
    """Whether the text's words from `start` write the title misspelt (:func:`_misspelt_title`), or its
    words after a leading article ('Lord of the Rigns' for The Lord of the Rings)."""
    if _misspelt_title(text, words, start, title):
        return True
    return (
        len(title) >= 2 and title[0] in _TITLE_ARTICLES and _misspelt_title(text, words, start + 1, title[1:])
    )


def _misspelt_title(
    text: str, words: list[tuple[re.Match[str], str]], start: int, title: tuple[str, ...]
) -> bool:
    """Whether the text's words from `start` are the title with one or two of its words misspelt (see
    :func:`_title_typo`). A word of the title written as another word ('The Hungry Games') counts only
    alone, in a title of three words or more whose other words hold one of four letters or more, written
    as a title (:func:`_written_as_title`): 'The Officer', 'Strange Things' and 'hunger strike' are
    other things. A title of one word but its function words counts only misspelt into no word at all
    (:data:`MISSPELT_ZIPF`) nor its plural or singular ('The Godfathers' are a band), in letters of its own
    (:func:`_title_alone`), from :data:`NEAR_LETTERS` letters: a letter off a shorter word is another
    word."""
    end = start + len(title)
    pairs = _title_pairs(title, words[start:end]) if start >= 0 and end <= len(words) else None
    if not pairs:
        return False
    if any(kind == "word" for *_, kind in pairs):
        rest = [a for a in title if a not in IN_TITLE and a != pairs[0][0]]
        held = len(pairs) == 1 and len(title) >= 3 and any(len(a) >= _TITLE_STEM for a in rest)
        return held and _written_as_title(text, words[start:end])
    if len({a for a in title if a not in IN_TITLE}) >= 2:
        return True
    misspelt = [p for p in pairs if p[0] not in IN_TITLE]
    if not misspelt:  # 'Teh Godfather': its one word is written as it is, for the exact name to decide
        return False
    a, m, b, _ = misspelt[0]
    inflected = b in (a + "s", a + "es") or a in (b + "s", b + "es")  # 'The Godfathers' are a band
    return (
        len(a) >= NEAR_LETTERS
        and zipf(b) < MISSPELT_ZIPF
        and not inflected
        and _title_alone(text, words, start, end, m)
    )


def _title_pairs(
    title: tuple[str, ...], window: list[tuple[re.Match[str], str]]
) -> list[tuple[str, re.Match[str], str, str]] | None:
    """The title's words the window writes otherwise, with the text's word and how (:func:`_title_typo`):
    (title's word, match, text's word, kind); None unless one or two, each a typo or another word."""
    pairs: list[tuple[str, re.Match[str], str, str]] = []
    for a, (m, b) in zip(title, window, strict=True):
        if a == b:
            continue
        kind = _title_typo(a, b)
        if not kind or len(pairs) == 2:
            return None
        pairs.append((a, m, b, kind))
    return pairs or None


def _title_typo(a: str, b: str) -> str:
    """How a word of a text writes a title's word `a` other than as it is, its first letter kept: 'typo'
    (one letter dropped, added, swapped or changed, into no common word: 'godfahter', 'ficton', 'bda',
    'breakin'; a function word's letters swapped: 'teh'), 'word' (another word with the first four letters
    of the title's and at most a letter dropped and one added after them: 'hungry' for 'hunger', 'ring' for
    'rings') or '' (neither)."""
    if a in IN_TITLE:
        return "typo" if function_typos().get(b) == a else ""
    if a[:1] != b[:1] or len(a) < 3:
        return ""
    if zipf(b) < TITLE_TYPO_ZIPF:
        return "typo" if OSA.distance(a, b) == 1 else ""
    stem = min(len(a), len(b)) >= _TITLE_STEM and a[:_TITLE_STEM] == b[:_TITLE_STEM]
    return "word" if stem and Indel.distance(a, b) <= 2 else ""


def _written_as_title(text: str, window: list[tuple[re.Match[str], str]]) -> bool:
    """Whether the words are written as a title: their words but the function words capitalised, in text
    whose case means something. In text whose case means nothing, ordinary words near a title's are what
    they are ('what are the good places to eat' for The Good Place)."""
    return casing_informative(text) and all(m.group()[:1].isupper() for m, w in window if w not in IN_TITLE)


def _title_alone(
    text: str, words: list[tuple[re.Match[str], str]], start: int, end: int, misspelt: re.Match[str]
) -> bool:
    """Whether a one-word title found misspelt stands as a name of its own: capitalised in text whose case
    means something (not 'the incepton of the project'), and neither followed by a number or a capitalised
    word ('Interstella 5555' is another film) nor after a capitalised word inside a sentence."""
    informative = casing_informative(text)
    if informative and not misspelt.group()[:1].isupper():
        return False
    if end < len(words) and not text[words[end - 1][0].end() : words[end][0].start()].strip():
        following = words[end][0].group()
        if following[:1].isdigit() or (informative and following[:1].isupper()):
            return False
    if start > 0 and informative and not text[words[start - 1][0].end() : words[start][0].start()].strip():
        before = words[start - 1][0]
        return not before.group()[:1].isupper() or opens_sentence(text, before.start())
    return True
