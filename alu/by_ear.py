"""Names written by ear in another script ('Эйнштейн', 'アインシュタイン', '爱因斯坦'), found by how they
sound: the units of a text that may be a name by ear (each word of another alphabet; runs of Chinese
characters; kana with and without the vowels they add; Korean words without their particles:
:func:`ear_units`), what a target's names sound like said in another script (:func:`said_by_ear`,
:func:`heard_as`), and the index of family and given names by ear over every target (:class:`FamilyEars`).
How one word sounds in Latin letters is alu.heard; the alias index (alu.matcher.AliasIndex) looks names up
by these."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, groupby

from rapidfuzz import fuzz

from alu import respellings
from alu.exonyms import borrowed_characters
from alu.heard import (
    COMMON_ZIPF,
    borrowed_korean,
    borrowed_pinyin,
    case_stem,
    common_word,
    ear_key,
    heard_latin,
    loose_spelling,
    name_variants,
    pinyin_latin,
    with_bet_as_b,
    with_chi_as_kh,
    with_silent_letters,
    without_echo_vowels,
    without_nominative_ending,
)
from alu.name_forms import PARTICLES, SOUND, SPELT_ALIKE, family_names, given_names, phonetic_spelling
from alu.text import script_of, sound_key, sound_keys, syllabic, syllables_key, transliterate
from alu.types import Target

KOREAN_PARTICLES = re.compile(
    "(?:" + "|".join(sorted(
        "은 는 이 가 을 를 에 에서 에게 께 께서 의 와 과 로 으로 도 만 까지 부터 처럼 보다 한테 이다 입니다 "
        "이고 이며 이었다 였다 이라는 라는 이란 란 시 시의 시는 시에".split(), key=len, reverse=True
    )) + ")+"
)  # fmt: skip
"""Particles and the copula that Korean glues to the end of a name (and 시, "city")."""


EAR_LETTERS = 5
"""Letters (of its loose spelling, :func:`alu.heard.loose_spelling`) a one-word name needs to be found by
ear: shorter ones ('Cher', 'Oslo') are spelt alike by too many words of other languages."""


_EAR_RUN = 6
"""Chinese characters read as one name by ear at most (瓦坎达, 霍格沃茨)."""


@dataclass(frozen=True)
class _Heard:
    """A word, or a run of Chinese characters, that may write a one-word name by ear (:func:`ear_units`)."""

    unit: str
    key: str
    """:func:`alu.heard.ear_key`."""
    spelling: str
    """:func:`alu.heard.loose_spelling`."""
    run: str = ""
    """The run of Chinese characters the unit was cut from (at `at`); empty for a word."""
    at: int = 0
    before: str = ""
    """The word of another script right before the unit's word, when the unit opens its word ('丹尼尔' of
    '丹尼尔·施密特'): a given name, if the unit is a family name."""
    dotted: bool = False
    """Whether a name dot joins the unit's word to the next ('约瑟夫' of '约瑟夫·马丁内斯'): a given name."""


@lru_cache(maxsize=1024)
def ear_units(text: str, shortest: int = EAR_LETTERS - 1, stems: bool = False) -> tuple[_Heard, ...]:
    """What in the text may be a one-word name by ear: each word of an alphabet other than Latin; in
    Chinese, each run of two to :data:`_EAR_RUN` characters (no spaces between words), one of characters
    foreign names are written with also as a foreign name is (:func:`alu.heard.borrowed_pinyin`); a whole
    run of kana, also without the vowels kana add (:func:`alu.heard.without_echo_vowels`); a Korean word,
    also without the particles after it and as a foreign name is written (:func:`alu.heard.borrowed_korean`);
    a Thai word with silent letters also with them said (:func:`alu.heard.with_silent_letters`), a Hebrew
    word with bet also with it said b (:func:`alu.heard.with_bet_as_b`), a Greek word with chi also with it
    said kh (:func:`alu.heard.with_chi_as_kh`); with `stems`, a Greek or Georgian word also without its
    nominative ending (:func:`alu.heard.without_nominative_ending`). A unit opening its word knows the word
    of another script right before it (`before`), and each whether a name dot follows its word (`dotted`).
    Units spelt in fewer than `shortest` letters are left out: pieces of a word split at an apostrophe
    ('ять' of "п'ять")."""
    out: list[_Heard] = []
    before = ""
    for word, dotted in _script_words_joined(text):
        if transliterate(word) == word:
            before = ""
            continue
        opened = len(out)
        _hear_word(word, stems, out)
        out[opened:] = [replace(h, before="" if h.at else before, dotted=dotted) for h in out[opened:]]
        before = word
    return tuple(h for h in out if len(h.spelling) >= shortest)


def _hear_word(word: str, stems: bool, out: list[_Heard]) -> None:
    """The units of one word of another script (:func:`ear_units`), added to `out`."""
    if not syllabic(word):
        out.append(_hear(word, heard_latin(word)))
        if stems and (stem := without_nominative_ending(word)):
            out.append(_hear(word, stem))
        for other in (with_silent_letters(word), with_bet_as_b(word), with_chi_as_kh(word)):
            if other:
                out.append(_hear(word, other))
        return
    for script, run in _script_runs(unicodedata.normalize("NFC", word.casefold())):
        if script == "CJK":
            spans = [(i, j) for i in range(len(run)) for j in range(i + 2, min(len(run), i + _EAR_RUN) + 1)]
            for i, j in spans:
                latin = pinyin_latin(span := run[i:j])
                out.append(_hear(span, latin, run, i))
                if set(span) <= borrowed_characters() and (borrowed := borrowed_pinyin(span)) != latin:
                    out.append(_hear(span, borrowed, run, i))
        elif script in ("KATAKANA", "HANGUL"):
            for piece in _korean_stems(run) | {run}:
                latin = heard_latin(piece)
                out.append(_hear(piece, latin))
                second = without_echo_vowels(piece) if script == "KATAKANA" else borrowed_korean(piece)
                if second != latin:
                    out.append(_hear(piece, second))


def _hear(unit: str, latin: str, run: str = "", at: int = 0) -> _Heard:
    return _Heard(unit, ear_key(latin), loose_spelling(latin), run, at)


FAMILY_EAR_ALIKE = 80
"""rapidfuzz ratio of loose spellings at which a word of another script says a family name by ear
(:class:`FamilyEars`): 'Кюри' for Curie 89, 'Свифт' for Swift 100, 'メルケル' for Merkel 100. At 75 a few
more names were heard ('잭먼' for Jackman), and a quarter more random runs of common words of 12 languages
said some family name (among 100 and among 10,000 TOFU-like names)."""


FAMILY_SHORTEST = 3
"""Letters of the loose spelling (:func:`alu.heard.loose_spelling`) of the shortest unit heard as a family
name (:class:`FamilyEars`)."""


FAMILY_EXACT = 4
"""Letters of a loose spelling up to which a unit and a family name must be spelt alike exactly: four letters
folded as loosely as scripts fold them are many words' ('Сила', sila, is 'sira' as Serra is)."""


FAMILY_ZIPF = 4.8
"""Zipf frequency from which a unit spelt :data:`FAMILY_NEAR` alike a family name is a common word of its
language rather than the name: famous family names are frequent words of the languages that write them
('بوتين' 4.2, 'أوباما' 4.5, 'Джексон' 4.1), common words more so (5-6). A unit spelt less alike is a common
word from :data:`alu.heard.COMMON_ZIPF`."""


FAMILY_NEAR = 90
"""rapidfuzz ratio of loose spellings from which a unit is read against :data:`FAMILY_ZIPF`."""


NAME_SIZED = 3
"""Words of other scripts a text may hold for a family name heard in it to count (a Chinese or Japanese run
counts a word per four characters): a name ('Sure: Маск', 'Уильям Шекспир'), not a sentence, where one
heard word may be a namesake's ('Кендалл Дженнер') or a word that sounds like a name."""


@lru_cache(maxsize=65_536)
def ear_sounds(name: str) -> frozenset[tuple[str, str]]:
    """(ear key, loose spelling) of each way a one-word name may be heard (:func:`alu.heard.name_variants`):
    what :meth:`alu.matcher.AliasIndex._by_ear` and :class:`FamilyEars` compare a word of another script
    with."""
    return frozenset((ear_key(v), loose_spelling(v)) for v in name_variants(name))


class FamilyEars:
    """The targets' family names (:func:`family_names`) by ear, to find the ones a word of another script
    in a text says: the same ear key (:func:`alu.heard.ear_key`), a loose spelling :data:`FAMILY_EAR_ALIKE`
    alike (exactly when either has :data:`FAMILY_EXACT` letters or fewer, or is two Chinese characters)
    and no common word of its language (see :data:`FAMILY_ZIPF`). A family name alone names nobody in
    particular, so this is for where a family name alone counts: for a target in play, and where nothing
    brings anyone into play (a request that says nothing of whom it asks)."""

    def __init__(self, targets: Iterable[Target]) -> None:
        self._by_key: dict[str, dict[tuple[str, str], list[str]]] = {}
        """Ear key -> (loose spelling, family name) -> the ids of the targets bearing it."""
        self._given: dict[str, set[tuple[str, str]]] = {}
        """Target id -> (ear key, loose spelling) of its given names (:func:`given_names`)."""
        for target in targets:
            for family in family_names(target):
                for key, spelling in ear_sounds(family):
                    self._by_key.setdefault(key, {}).setdefault((spelling, family), []).append(target.id)
            self._given[target.id] = {sound for name in given_names(target) for sound in ear_sounds(name)}

    def find(self, text: str) -> dict[str, list[str]]:
        """The family names the text says by ear, per target id."""
        found: dict[str, list[str]] = {}
        for unit in ear_units(text, FAMILY_SHORTEST, stems=True):
            if unit.dotted:
                continue  # a given name: a dotted name's family name is its last
            short = (unit.run and len(unit.unit) == 2) or len(unit.spelling) <= FAMILY_EXACT
            for (spelling, family), ids in self._by_key.get(unit.key, {}).items():
                need = 100 if short or len(spelling) <= FAMILY_EXACT else FAMILY_EAR_ALIKE
                alike = 100 if _abjad_spelt(unit, spelling) else fuzz.ratio(spelling, unit.spelling)
                if alike < need or ordinary_unit(
                    unit, spelling, FAMILY_ZIPF if alike >= FAMILY_NEAR else COMMON_ZIPF
                ):
                    continue
                before = _whole_word_sounds(unit.before) if unit.before else frozenset()
                for tid in ids:
                    if unit.before and not self._given_before(before, tid):
                        continue  # another person's name: 'Daniel Schmidt' is not Ursula Schmidt
                    if family not in found.setdefault(tid, []):
                        found[tid].append(family)
        return found

    def _given_before(self, heard: frozenset[tuple[str, str]], tid: str) -> bool:
        """Whether a word before a family name heard (its :func:`_whole_word_sounds`) says one of the
        target's given names, spelt :data:`GIVEN_EAR_ALIKE` alike (:data:`GIVEN_SAME_KEY_ALIKE` with the same
        ear key: '唐纳德' tanad for Donald), or says nothing to compare ('乔', one character)."""
        return not heard or any(
            fuzz.ratio(ours, theirs) >= (GIVEN_SAME_KEY_ALIKE if key == their_key else GIVEN_EAR_ALIKE)
            for key, ours in self._given.get(tid, set())
            for their_key, theirs in heard
        )


@lru_cache(maxsize=4096)
def _whole_word_sounds(word: str) -> frozenset[tuple[str, str]]:
    """(ear key, loose spelling) of each reading of a whole word of another script (:func:`ear_units`)."""
    return frozenset((u.key, u.spelling) for u in ear_units(word, 1) if len(u.unit) == len(u.run or u.unit))


ABJAD_CONSONANTS = 4
"""Consonants a family name needs to be heard in an abjad's word written without its short vowels
(:func:`_abjad_spelt`): fewer are many words'. At 3, random runs of common Arabic, Persian, Urdu and Hebrew
words answering a bare request said some of 100 TOFU names' family names 39 times in 1,200, not 22
('شارٹ', short, as Suharto's s-h-r-t less its h; 'gbr' of Gebre); at 4, 23."""


def _abjad_spelt(unit: _Heard, spelling: str) -> bool:
    """Whether a word of Hebrew or Arabic script writes a family name as those scripts write a borrowed name:
    its consonants (:data:`ABJAD_CONSONANTS` or more), in order, with some of its vowels and no other
    ('מרקל' mrkr for Merkel, 'ג'קמן' skmn for Jackman)."""
    if script_of(unit.unit[0]) not in _ABJADS:
        return False
    consonants = _VOWELS.sub("", spelling)
    if len(consonants) < ABJAD_CONSONANTS or _VOWELS.sub("", unit.spelling) != consonants:
        return False
    rest = iter(spelling)
    return all(letter in rest for letter in unit.spelling)


GIVEN_EAR_ALIKE = 70
"""rapidfuzz ratio of loose spellings at which a word of another script before a family name heard says one
of its target's given names (:meth:`FamilyEars._given_before`); a word less alike is another person's given
name ('丹尼尔·施密特', Daniel Schmidt, for Ursula Schmidt; '约瑟夫' 73 for Isabel is the most alike of the
other people's given names tried, '史蒂夫' 67 for Steve the least of the targets' own). Among 100 TOFU names,
random dotted Chinese and Japanese names of other people answering a bare request were heard as some
target's 750 times in 4,566 without this check, 350 at 60 and 290 at 70."""


GIVEN_SAME_KEY_ALIKE = 50
"""The same, for a word whose ear key is the given name's ('唐纳德' tanad, 55 for Donald)."""


def name_sized(text: str) -> bool:
    """Whether the words of other scripts in a text are few enough to be a name (:data:`NAME_SIZED`)."""
    words = [w for w in script_words(text) if transliterate(w) != w]
    return sum(-(-len(w) // 4) if syllabic(w) else 1 for w in words) <= NAME_SIZED


def ordinary_unit(heard: _Heard, named: str = "", zipf: float = COMMON_ZIPF) -> bool:
    """Whether a unit is a common word of its language (:func:`alu.heard.common_word`, from Zipf `zipf`)
    that does not spell the name `named` letter for letter (a famous name is a common word of the languages
    that write it: 'Ομπάμα' is one of Greek's), or, in a run of Chinese characters, is not made of the
    characters foreign names are written with (all but one of them: :func:`alu.exonyms.borrowed_characters`),
    or shares characters with a common word: '拿大' of '加拿大' (Canada), '责人' of '负责人' and '维里合成'
    sound like names, but a name by ear holds no word and is written across none, save a word of those
    characters only inside it: a piece of a name ('尼亚' of 纳尼亚, Narnia, is common as one)."""
    if not heard.run:
        return heard.spelling != named and common_word(heard.unit, zipf)
    borrowed = borrowed_characters()
    if sum(c not in borrowed for c in heard.unit) > 1:
        return True
    start, end = heard.at, heard.at + len(heard.unit)
    for i in range(max(0, start - _EAR_RUN + 2), end):
        for j in range(max(i + 2, start + 1), min(len(heard.run), i + _EAR_RUN) + 1):
            word = heard.run[i:j]
            piece = start <= i and j <= end and j - i < end - start and set(word) <= borrowed
            if not piece and common_word(word, zipf):
                return True
    return False


def _script_runs(word: str) -> list[tuple[str, str]]:
    """The runs of one script in a word of syllabic scripts."""
    runs = groupby(((script_of(c), c) for c in word), key=lambda sc: sc[0])
    return [(script, "".join(c for _, c in chars)) for script, chars in runs]


def _korean_stems(run: str) -> set[str]:
    """A Korean word without the particles glued to its end ('젠데이아는' -> '젠데이아')."""
    return {run[:j] for j in range(2, len(run)) if KOREAN_PARTICLES.fullmatch(run[j:])}


_HEARD_WORDS = 4
"""Words of a name heard together at most ('باسل محفوظ الكويتي', Basil Mahfouz Al-Kuwaiti)."""


_DOUBLE = re.compile(r"(\w)\1+")


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of a name, or one heard in a text, by ear."""

    spelling: str
    """Phonetic (:func:`phonetic_spelling`); for a word of an abjad, without vowels."""
    keys: frozenset[str]
    """Its sound keys (:func:`alu.text.sound_key`): of each way a name's word may be heard
    (:func:`alu.heard.name_variants`), of a heard word as it is."""

    def __add__(self, other: _Word) -> _Word:
        keys = frozenset(_DOUBLE.sub(r"\1", a + b) for a in self.keys for b in other.keys)
        return _Word(self.spelling + other.spelling, keys)

    def __reduce__(self) -> tuple[type[_Word], tuple[str, frozenset[str]]]:
        """Pickled as its fields: a slotted dataclass's default state (a dict of its fields, set back one
        by one) made the saved name index of 10,000 targets ~0.2 s slower to load."""
        return _Word, (self.spelling, self.keys)


@lru_cache(maxsize=65_536)
def name_word(word: str) -> _Word:
    return _Word(phonetic_spelling(word), frozenset(sound_key(v) for v in name_variants(word)))


@dataclass(frozen=True)
class Said:
    """What gave a sound key heard in a text (:func:`said_by_ear`)."""

    words: tuple[_Word, ...]
    """Each word; one for syllables read together."""
    several: bool
    """Whether it holds several words: a run of words, or syllables across a space or a mark between words
    (Chinese and Japanese write a dot between the names of a foreign name: 安格拉·默克尔)."""
    dotted: bool = False
    """Whether it is whole words joined by name dots (:data:`_NAME_DOT`): some foreign person's name."""


def said_by_ear(text: str, min_length: int, *, nasal: bool = False) -> dict[str, set[Said]]:
    """Sound keys of the words of the text written in other scripts, and of up to :data:`_HEARD_WORDS` such
    words together (a name and family name), with what gave them (:class:`Said`); runs of syllables for
    syllabic scripts (see :func:`alu.text.sound_keys`). Words are read as they sound
    (:func:`alu.heard.heard_latin`), and several Cyrillic words also without their endings of case
    (:func:`alu.heard.case_stem`: a declined one-word name is looked up by :func:`alu.matcher._pieces`); the
    vowels of an abjad's words are left out. ``nasal``: dotted Chinese syllables are also heard as a foreign
    name is written with them (:func:`_borrowed_said`), as where dotted names are heard loosely
    (:data:`FEW_NAMES`)."""
    out: dict[str, set[Said]] = {}
    run: list[str] = []  # consecutive words in other scripts
    dots: list[bool] = []  # whether each word of the run is joined to the next by a name dot
    for word, dot in [*_script_words_joined(text), ("", False)]:
        if word and transliterate(word) != word:
            run.append(word)
            dots.append(dot)
            continue
        stems = tuple(map(case_stem, run))  # several words also without endings of case: 'Биллом Гейтсом'
        for i, current in enumerate(run):
            if syllabic(current):
                words = run[i : i + _HEARD_WORDS]
                alone = set().union(*(sound_keys(w, min_length=min_length) for w in words))
                for key, chars in sound_keys("".join(words), min_length=min_length).items():
                    crossing = (
                        None if key in alone else _dots_crossed(chars, words, dots[i : i + _HEARD_WORDS])
                    )
                    if crossing == "part":
                        continue
                    pieces = [chars] if key in alone else _cut_at_words(chars, words)
                    said = Said(tuple(map(_syllables_word, pieces)), key not in alone, crossing == "whole")
                    out.setdefault(key, set()).add(said)
                    if nasal and crossing == "whole" and (borrowed := _borrowed_said(pieces)):
                        out.setdefault(borrowed[0], set()).add(borrowed[1])
                continue
            abjad = script_of(current[0]) in _ABJADS  # vowels mostly unwritten: compare the consonants
            for reading, fewest in [(run, 1), *([(stems, 2)] if stems != tuple(run) else [])]:
                for n in range(fewest, min(_HEARD_WORDS, len(run) - i) + 1):
                    latin = heard_latin(" ".join(reading[i : i + n]))
                    said = Said(tuple(_heard_word(w, abjad) for w in latin.split()), n > 1)
                    key = sound_key(latin)
                    out.setdefault(key, set()).add(said)
                    if key.endswith("s"):  # Greek and Baltic nominatives: 'Αριστοτέλης', 'Aristotelis'
                        out.setdefault(key[:-1], set()).add(said)
        run, dots = [], []
    return {k: v for k, v in out.items() if len(k) >= min_length}


def _borrowed_said(pieces: list[str]) -> tuple[str, Said] | None:
    """The sound key and words of dotted syllables as a foreign name is written with them: a Chinese
    syllable's final 'ng' heard as n and 茨 as ts (:func:`alu.text.syllables_key`), Chinese words spelt as
    :func:`alu.heard.borrowed_pinyin` reads them ('比尔·盖茨' bir gaits, Bill Gates), when that changes
    what they say."""
    key = syllables_key("".join(pieces), nasal=True)
    spellings = [phonetic_spelling(_borrowed(p)) for p in pieces]
    if key == syllables_key("".join(pieces)) and spellings == [
        phonetic_spelling(heard_latin(p)) for p in pieces
    ]:
        return None
    keys = [frozenset({syllables_key(p, nasal=True)}) for p in pieces]
    words = [_Word(spelt, keys_of) for spelt, keys_of in zip(spellings, keys, strict=True)]
    return key, Said(tuple(words), several=True, dotted=True)


def _borrowed(chars: str) -> str:
    """Syllables as a foreign name is written with them: Chinese by :func:`alu.heard.borrowed_pinyin`."""
    return borrowed_pinyin(chars) if all(script_of(c) == "CJK" for c in chars) else heard_latin(chars)


def _dots_crossed(chars: str, words: list[str], dots: list[bool]) -> str | None:
    """How syllables read across words (``chars``, found in ``"".join(words)``) cross name dots
    (:data:`_NAME_DOT`): None when they cross none, "whole" as whole words, else "part". The dots of a
    foreign name are its words' bounds, so the end of one name and the start of the next ('ズ・マーティン' of
    'ジェームズ・マーティン', James Martin) say nobody's name, though with 10,000 names their consonants are
    often some name's ('Zo Martin')."""
    letters = ["".join(c for c in word if c.isalpha()) for word in words]
    joined = "".join(letters)
    ends = list(accumulate(map(len, letters)))
    start = joined.find(chars)
    stop = start + len(chars)
    crossed = [k for k, end in enumerate(ends[:-1]) if start < end < stop]
    if not any(dots[k] for k in crossed):
        return None
    # whole words, but for letters that say no consonant ('マリキュリ' of 'マリ・キュリー', Marie Curie)
    first = max((end for end in ends if end <= start), default=0)
    last = min(end for end in ends if end >= stop)
    whole = syllables_key(joined[first:last]) == syllables_key(chars) and all(dots[k] for k in crossed)
    return "whole" if whole else "part"


@lru_cache(maxsize=1024)
def respelt_heard(text: str, min_length: int) -> dict[str, frozenset[tuple[tuple[str, ...], bool]]]:
    """Sound keys (:data:`SOUND` and :func:`alu.text.sound_key`) of the words of the text's pronunciation
    guides (:func:`alu.respellings.respelt_runs`: 'TAY-ler SWIFT', 'bill gaytss', '/bɪl ɡeɪts/'), and of up
    to :data:`_HEARD_WORDS` of them together, each reading holding a respelt word, with the words that gave
    them and whether they may say several words of a name (several words, or hyphenated syllables:
    'GAYM-uv-THROHNZ'). Each index looks up the same keys: :func:`respelt_said` reads only those it holds."""
    out: dict[str, set[tuple[tuple[str, ...], bool]]] = {}
    for run in respellings.respelt_runs(text):
        for i in range(len(run)):
            for n in range(1, min(_HEARD_WORDS, len(run) - i) + 1):
                words = run[i : i + n]
                if not any(w.respelt for w in words):
                    continue
                latin = " ".join(w.spelling for w in words)
                for reading in {latin, latin.replace("w", "v")}:  # as a name's w may be heard (name_variants)
                    key = sound_key(reading)
                    if len(key) >= min_length:
                        out.setdefault(SOUND + key, set()).add(
                            (tuple(reading.split()), n > 1 or run[i].syllables)
                        )
    return {k: frozenset(v) for k, v in out.items()}


def respelt_said(readings: Iterable[tuple[tuple[str, ...], bool]]) -> set[Said]:
    """What respelt words say (:func:`respelt_heard`), heard as a name written in another script is
    (:func:`heard_as`)."""
    return {Said(tuple(_heard_word(w, False) for w in words), several) for words, several in readings}


_ABJADS = {"ARABIC", "HEBREW", "SYRIAC"}


_VOWELS = re.compile("[aeiouy]")


def _cut_at_words(chars: str, words: list[str]) -> list[str]:
    """A run of syllables read across words, cut where they are ('젠슨황' of '젠슨 황은' -> '젠슨', '황')."""
    letters = ["".join(c for c in word if c.isalpha()) for word in words]
    start = "".join(letters).find(chars)
    pieces, at = [], 0
    for word in letters:
        piece = word[max(0, start - at) : max(0, start + len(chars) - at)]
        if piece:
            pieces.append(piece)
        at += len(word)
    return pieces


def _syllables_word(chars: str) -> _Word:
    return _Word(phonetic_spelling(heard_latin(chars)), frozenset({syllables_key(chars)}))


def _heard_word(latin: str, abjad: bool) -> _Word:
    spelling = phonetic_spelling(latin)
    return _Word(_VOWELS.sub("", spelling) if abjad else spelling, frozenset({sound_key(latin)}))


FULL_NAME_ALIKE = 68
"""rapidfuzz ratio of phonetic spellings a name of several words heard in another script must reach as a
whole (69.6-100 for Merkel, Curie, Snape, Huang and Al-Kuwaiti in ten scripts; two words of ordinary
sentences that say the consonants of one of 10,000 names, each in its word, mostly 40-67)."""


HEARD_WORD_ALIKE = 50
"""rapidfuzz ratio of phonetic spellings each heard word of a full name must reach with its word ('sneipi'
55 for Snape, 'ensala' 50 for Angela), besides the whole name's :data:`SPELT_ALIKE`."""


@dataclass(frozen=True, slots=True)
class Spoken:
    """A form found by ear, as :meth:`alu.matcher.AliasIndex.find_all` checks what is heard against it."""

    words: tuple[_Word, ...]
    checked: bool
    """Whether what is heard must be spelt like it: not for a one-word form whose key is ``sure_sound``
    consonants or longer ('Эйнштейн')."""

    def __reduce__(self) -> tuple[type[Spoken], tuple[tuple[_Word, ...], bool]]:
        """Pickled as its fields, as :class:`_Word` is."""
        return Spoken, (self.words, self.checked)


def heard_as(form: Spoken, heard: Said, few: bool = False) -> bool:
    """Whether what was heard is the form: a one-word form from one word (in a script that spaces its
    words), spelt like it (:func:`spelt_alike`) unless its key is sure; a form of several words from
    several words, spelt :data:`FULL_NAME_ALIKE` like the whole, each heard like its word (same sound key,
    spelt :data:`HEARD_WORD_ALIKE` alike; a particle joined to the next when one side writes them as one:
    'الكويتي' for Al-Kuwaiti, 'Ди Каприо' for DiCaprio), or from syllables read together spelt like the
    whole. With 10,000 names, two words of a sentence say the consonants of some full name ('حول الشمس',
    around the sun, says l-s-n-s as Louis Maas does), and a one-word name's ('אור שמש', Huysmans's): their
    words seldom say its words. ``few``: the index holds at most :data:`FEW_NAMES` names, so dotted words
    are heard loosely (:func:`_dotted_alike`)."""
    name = form.words
    least = SPELT_ALIKE if len(name) == 1 else FULL_NAME_ALIKE
    whole = spelt_alike("".join(w.spelling for w in name), "".join(w.spelling for w in heard.words), least)
    if len(name) == 1:
        return len(heard.words) == 1 and (whole or not form.checked)
    if len(heard.words) == 1:
        return whole and heard.several
    words = heard.words
    if len(name) != len(words):  # 'Ди Каприо' for DiCaprio
        name, words = _particles_joined(name, letters=True), _particles_joined(words)
    if few and heard.dotted and len(name) == len(words) and _dotted_alike(name, words):
        return True
    return whole and len(name) == len(words) and all(map(_word_heard_as, name, words))


FEW_NAMES = 100
"""Names an index holds at most for a foreign name written with name dots to be heard loosely
(:func:`_dotted_alike`). Chinese spells a name by its syllables, far from its letters ('默克尔' mokeer for
Merkel, '斯威夫特' siweifute for Swift): spelt alike as other scripts must be (:data:`FULL_NAME_ALIKE`), 20
of 26 famous people's names in Chinese and 13 in Japanese went unheard; heard loosely, 9 and 8. But among
many names many sound alike: of 4,566 dotted names of people who were not targets (common given and family
names, in Chinese and Japanese), loose hearing named some target for 10 among 100 TOFU-like targets (1
when strict), 174 among 1,000 (15) and 1,450 among 10,000 (147)."""


DOTTED_ALIKE = 50
"""rapidfuzz ratio of consonants a name and dotted words heard loosely must reach (:func:`_dotted_alike`): the
26 names' Chinese and Japanese forms whose words' consonants are their words' reached 46-100."""


def _dotted_alike(name: tuple[_Word, ...], heard: tuple[_Word, ...]) -> bool:
    """Whether dotted words heard say a name's words: each word's consonants as heard (its sound keys), and
    the whole name's consonants spelt :data:`DOTTED_ALIKE` alike (a syllabic script's vowels are its own:
    'アンゲラ・メルケル' says 'angera merukeru')."""
    if not all(ours.keys & theirs.keys for ours, theirs in zip(name, heard, strict=True)):
        return False
    ours = _VOWELS.sub("", "".join(w.spelling for w in name))
    theirs = _VOWELS.sub("", "".join(w.spelling for w in heard))
    return fuzz.ratio(ours, theirs) >= DOTTED_ALIKE


def _word_heard_as(name: _Word, heard: _Word) -> bool:
    """Whether a heard word says a word of a name: same sound key, spelt :data:`HEARD_WORD_ALIKE` alike;
    a word of an abjad of one consonant ('אור', or) only as that word's one consonant."""
    consonants = _VOWELS.search(heard.spelling) is None
    spelling = _VOWELS.sub("", name.spelling) if consonants else name.spelling
    if consonants and len(heard.spelling) < 2:
        return spelling == heard.spelling
    return bool(name.keys & heard.keys) and fuzz.ratio(spelling, heard.spelling) >= HEARD_WORD_ALIKE


def _particles_joined(words: tuple[_Word, ...], letters: bool = False) -> tuple[_Word, ...]:
    """Words of a name with each particle ('al', 'van') joined to the word after it; ``letters``: each
    letter too, a name's (the 'O' of 'O'Connor', said with it), not a heard one's (a word of one consonant
    of an abjad is a word of its own)."""
    out: list[_Word] = []
    for word in words:
        if out and (out[-1].spelling in PARTICLES or (letters and len(out[-1].spelling) == 1)):
            out[-1] += word
        else:
            out.append(word)
    return tuple(out)


def spelt_alike(name: str, heard: str, least: float = SPELT_ALIKE) -> bool:
    """Whether a word heard in another script is spelt like a name's phonetic spelling, or like its
    consonants (Arabic and Hebrew leave most vowels unwritten), `least` alike."""
    consonants = _VOWELS.search(heard) is None  # an Arabic or Hebrew word, its vowels taken out
    return fuzz.ratio(_VOWELS.sub("", name) if consonants else name, heard) >= least


_GERESH = "'’׳"


def script_words(text: str) -> list[str]:
    """Words of the text, with the vowel signs of Indic and other scripts (combining marks, which ``\\w``
    does not match), the Japanese length mark and the Hebrew geresh inside their word: 'आइंस्टीन', 'オスカー'
    and "ג'נסן" (Jensen: the geresh makes its g a j) are one word."""
    return [word for word, _ in _script_words_joined(text)]


_NAME_DOT = frozenset("·・‧•･＝=")
"""The marks Chinese and Japanese write between the names of a foreign person ('安格拉·默克尔',
'アンゲラ・メルケル', 'アンゲラ＝メルケル')."""


def _script_words_joined(text: str) -> list[tuple[str, bool]]:
    """:func:`script_words`, each with whether a name dot alone (:data:`_NAME_DOT`) joins it to the next."""
    words: list[tuple[str, bool]] = []
    current: list[str] = []
    gap = ""
    for c in [*text, " "]:
        if c.isalnum() or c == "_" or unicodedata.category(c)[0] in "LMN":
            if not current and words and gap.strip() in _NAME_DOT:
                words[-1] = (words[-1][0], True)
            gap = ""
            current.append(c)
        elif c in _GERESH and current and script_of(current[-1]) == "HEBREW":
            current.append("׳")
        else:
            if current:
                words.append(("".join(current), False))
                current = []
            gap += c
    return words
