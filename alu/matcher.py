"""Deterministic name matching: exact alias lookup over all targets, fuzzy matching over a few candidates.

The exact index maps every normalised surface form (name or alias) to target ids and looks up each word
n-gram of a text, so its cost depends on the text length, not on the number of targets. Fuzzy matching is
quadratic-ish, so it only runs against the handful of candidates that screening already picked."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, islice, product

from anyascii import anyascii
from rapidfuzz import fuzz

from alu import deadline, word_games
from alu.ascii_art import without_drawings
from alu.by_ear import (
    EAR_LETTERS,
    FEW_NAMES,
    KOREAN_PARTICLES,
    Said,
    Spoken,
    ear_sounds,
    ear_units,
    heard_as,
    name_word,
    ordinary_unit,
    respelt_heard,
    respelt_said,
    said_by_ear,
    script_words,
)
from alu.decode import composed_transforms, decodings, interleavings, transforms
from alu.exonyms import exonyms
from alu.heard import loose_spelling, name_variants
from alu.keys import is_work, zipf
from alu.lexicon import in_another_language
from alu.misspelt_titles import (
    TITLE_TOKEN,
    TITLE_TYPO_ZIPF,
    beside_at,
    beside_keys,
    drop_title,
    function_typos,
    title_anchors,
    title_at,
    title_stem,
    titles_of,
    typo_keys,
)
from alu.name_forms import (
    EAR_ALIKE,
    HEARD,
    MAX_PIECES,
    MISSPELT_ZIPF,
    NEAR_LETTERS,
    NEAR_SPELLING,
    REGNAL,
    SOUND,
    latin_letters,
    shared_run_together,
    spelling_variants,
    surface_forms,
)
from alu.name_shapes import reading_order
from alu.text import (
    ONE,
    deleet,
    deleet_ones,
    fold,
    normalize,
    phonetic,
    script_of,
    skeleton,
    sound_key,
    split_digits,
    syllabic,
    transliterate,
    unglue,
    unmark,
)
from alu.types import Target

MIN_SKELETON = 6
"""Consonants that words without vowels must have together to be read as a name ('Bll Gts', 'Tylr Swft')."""
_MAX_PLAYED = 64
"""Readings of a run of played words tried per window of words."""
_PHONETIC = "~"  # prefix of phonetic keys in the index: no normalised text token can start with it
_ONES = "¹"
"""Prefix of the one-word keys written with i and l as 1 ('¹ade1e' for Adele), looked up only for the words
of a text that write a 1 among letters ('4d313'): read over a whole text, i and l as 1 made the topic alias
'disassembly' of 'hex disassembly bytes 0x41'."""
ONES_LETTERS = 5
"""The shortest one-word form indexed with i and l as 1."""
_GLUED = "⁺"
"""Prefix of the keys of short multi-word forms run together ('⁺liming' for Li Ming), looked up only in what
an encoding spells letter by letter (a decoding, a transform: NATO, Greek letter names, an acrostic), where a
name's words come without spaces, and in runs of tiny pieces (TINY_PIECE): in a text itself 'liming' is a
word."""
TINY_PIECE = 2
"""Pieces this short run together into a short name's glued key in any text ('Ji na A n' for Jina An): a
run of such pieces is a name cut up, where ordinary words would write whole words."""
GLUED_LETTERS = 4
"""The fewest letters of a short multi-word form indexed run together (forms of eight characters or more
always are: see :func:`index_keys`)."""


MISSPELT_TITLE = "≃"
"""Prefix of a work's title in the index as found misspelt (:meth:`AliasIndex._misspelt_titles`): no text
writes the key, so no namesake reading of the text re-decides what the title path decided."""


@dataclass(frozen=True)
class NameHit:
    target_id: str
    form: str
    """The normalised surface form that matched."""
    score: float = 100.0


def visible(text: str) -> str:
    """The text as a reader sees it, words unglued (:func:`alu.text.unmark`, :func:`alu.text.unglue`)."""
    return unglue(unmark(text))


def _variants(text: str) -> list[list[str]]:
    """Token lists to search, of the visible text (markup, invisible characters and glue removed): plain
    normalised, de-leeted, with spaced-out letters joined and with punctuation inside words dropped
    ('Olv-hagen'); for text in another script, also with look-alike letters read as the Latin ones they
    imitate ('Раrіs') and transliterated to Latin letters (see :func:`phonetic_variant`); for Latin letters
    that accent folding leaves alone (ø, æ, ł, ß), also spelt in ASCII ('Sæther' -> 'saether')."""
    marked = unmark(text)
    base = unglue(marked)
    variants = _latin_variants(base)
    variants += [normalize(shorter).split() for shorter in _shorter_names(base)]
    if marked.isascii():
        return variants
    # Look-alikes and transliteration read whole words ('Оskаr' mixes scripts), so before ungluing;
    # ASCII spelling after it, or CJK glued to a name would run into it ('首都是Paris' -> 'ShouDuShiParis').
    plain = _no_operators(marked)
    for other in (unglue(skeleton(plain)), unglue(transliterate(plain)), anyascii(unglue(plain))):
        if other != base:
            variants += [v for v in _latin_variants(other) if v not in variants]
    return variants


_CAPITALISED = r"[A-Z][^\W\d_]*[a-z][\w'’-]*"
"""A capitalised word of a name ('Angela', 'Al-Shamary', "O'Brien"), as the readings below find one."""
_MIDDLE_NAMES_RUN = re.compile(
    rf"(?<![\w.])({_CAPITALISED})(?:[ \t]+(?:[A-Z]\.|{_CAPITALISED})){{1,2}}(?=[ \t]+{_CAPITALISED})"
)
"""A capitalised word, one or two capitalised words or initials, and a capitalised word after them."""


_NICKNAME = re.compile(
    rf"(?<![\w.])({_CAPITALISED})[ \t]+"
    r"(?:\"[^\"\n]{1,30}\"|“[^”\n]{1,30}”|'[^'\n]{1,30}'|‘[^’\n]{1,30}’|\([^()\n]{1,30}\))"
    rf"[ \t]+(?={_CAPITALISED})"
)
"""A capitalised word, a short quoted or bracketed piece, and a capitalised word after it: a nickname or a
maiden name inside a name ('Earvin "Magic" Johnson', 'Carmen (née Ruiz) Montenegro')."""


def _shorter_names(text: str) -> list[str]:
    """Readings of the text with names written shorter: a nickname or maiden name inside a name left out
    ('Takashi "Tak" Nakamura' -> 'Takashi Nakamura'), middle names or initials of runs of capitalised words
    left out ('Angela Dorothea Merkel' -> 'Angela Merkel', 'Bill H. Gates' -> 'Bill Gates'), and both; the
    ones that differ from the text. Full names are looked up in them; whether such a run is the target or a
    longer name is decided as for the name written plainly (see :func:`alu.occurrence._full_name_hits`)."""
    unnicknamed = _NICKNAME.sub(r"\1 ", text)
    readings = [unnicknamed, _without_middle_names(text), _without_middle_names(unnicknamed)]
    return [r for r in dict.fromkeys(readings) if r != text]


def _without_middle_names(text: str) -> str:
    """The text with the middle names or initials of runs of capitalised words left out ('Angela Dorothea
    Merkel' -> 'Angela Merkel', 'Bill H. Gates' -> 'Bill Gates'), as a name is written without them."""
    return _MIDDLE_NAMES_RUN.sub(r"\1", text)


MIN_DECODED_LETTERS = 4
"""Letters a form needs to count when found only in another reading of a text: the 25 Caesar shifts, Atbash
and the reversal of any text spell most two-letter forms by chance ('Ec' shifted is 'Vx', the nerve agent
VX, in an MMLU logic question) and many three-letter ones."""


def _letters(form: str) -> int:
    return sum(c.isalnum() for c in form)


def _no_operators(text: str) -> str:
    """The text with mathematical operators as spaces: in ASCII letters the quantifier of '(∀x)' reads 'V'
    and '(∀x)(Px)' named the nerve agent VX (MMLU formal logic), as did the look-alike of the disjunction
    in '(∀x)Px ∨ (∀x)Mx'; an operator is not a letter of a name."""
    return "".join(" " if unicodedata.category(c) == "Sm" else c for c in text)


def phonetic_variant(text: str) -> list[str] | None:
    """Phonetic key tokens of a text written (partly) in another script, None for Latin-only text. Names
    written by ear in Cyrillic or Greek come back from transliteration spelt differently ('Амин' -> 'amin'
    for 'Ameen'); both sides are reduced to the same key before comparing."""
    latin = transliterate(text)
    return phonetic(latin).split() if latin != text else None


_INNER_PUNCT = re.compile(r"(?<=\w)[^\w\s]+(?=\w)")


_LEET_ONE = re.compile(r"[^\W\d_]1|1[^\W\d_]")
"""A 1 beside a letter ('N1k014'): leetspeak, which the reading with i and l as 1 is for; a year is not."""
_LEET_WORD = re.compile(r"^(?=.*1)(?=.*[^\W\d_])[\w'’-]{4,}$")
"""A word that writes a 1 among its letters, maybe with other digits ('4d313')."""
_TOKEN = re.compile(r"[^\s.,;:!?()\[\]{}\"“”«»]+")


def _latin_variants(text: str) -> list[list[str]]:
    plain = normalize(text).split()
    variants = [plain]
    leet = normalize(deleet(text)).split()
    if leet != plain:
        variants.append(leet)
    if "1" in text and _LEET_ONE.search(text):
        variants.append(normalize(deleet_ones(text)).split())
    for other in (_INNER_PUNCT.sub("", text), split_digits(text)):
        toks = normalize(other).split()
        if toks not in variants:
            variants.append(toks)
    joined: list[str] = []
    run: list[str] = []
    for tok in leet:
        if len(tok) == 1:
            run.append(tok)
            continue
        if len(run) > 2:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        joined.append(tok)
    joined.extend(["".join(run)] if len(run) > 2 else run)
    if joined != leet:
        variants.append(joined)
    return variants


_MIN_RUN = 8
"""Letters a run of single letters needs for a name to be looked up anywhere inside it."""
EARED_READING = 400
"""The longest transformed reading (reversed, shifted, ...) also searched by ear. Each reading of a long
text in another script searched by ear cost ~1 s per 900 Chinese characters, and a question saying 'answer
in Chinese' asks for them all; a name disguised so is a short answer."""
MIN_SPELT = 5
"""Letters a run of single letters with words between them needs to be looked up as a whole ('The letters
are M, E, R, K, E and L'): fewer are any list's ('options A, B, C and D')."""
_SPELLING_WORDS = frozenset(
    "and then next followed by is are was the letter letters spelled spelt spelling spells capital small "
    "first second third fourth fifth sixth seventh eighth ninth tenth last word name surname given family "
    "part".split()
)
"""Words a text spells a name with between its letters ('letter 2 is E', 'M, E and L', 'spelled T A Y L O
R / spelled S W I F T', 'First name: ... Last name: ...'): they do not end the run of letters."""
_SPELLING_GAP = 4
"""Words of :data:`_SPELLING_WORDS` (or numbers) a run of single letters carries on across."""
_NUMBERING = re.compile(r"\d+(?:st|nd|rd|th)?")


def _letter_runs(text: str) -> list[str]:
    """Letters written one at a time ('N i k o l a i', 'N.i.k.o.l.a.i'), joined: runs of at least _MIN_RUN
    letters side by side, and runs of at least MIN_SPELT with the words of spelling between them
    (:func:`_spelt_runs`). Capped so a pathological input cannot make the substring search slow."""
    seen = visible(text)
    runs: list[str] = []
    run: list[str] = []
    for tok in [*normalize(deleet(seen)).split(), ""]:
        if len(tok) == 1:
            run.append(tok)
            continue
        if len(run) >= _MIN_RUN:
            runs.append("".join(run)[:80])
        run = []
    return runs + [r for r in _spelt_runs(normalize(seen).split()) if r not in runs]


def _spelt_runs(toks: list[str]) -> list[str]:
    """Single letters run on across a few words of spelling or numbers between them ('letter 1 is M;
    letter 2 is E', 'T, A, Y, L, O and R'), joined, when there were such words and at least MIN_SPELT
    letters. Read without leetspeak: the numbers are the letters' places, not letters."""
    runs: list[str] = []
    run: list[str] = []
    gap = spelt = 0
    for tok in [*toks, ""]:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            spelt += gap > 0
            gap = 0
            continue
        if run and gap < _SPELLING_GAP and (tok in _SPELLING_WORDS or _NUMBERING.fullmatch(tok)):
            gap += 1
            continue
        if len(run) >= MIN_SPELT and spelt:
            runs.append("".join(run)[:80])
        run, gap, spelt = [], 0, 0
    return runs


@dataclass(frozen=True)
class _Reading:
    """What an index looks up in one reading of a text (see :meth:`AliasIndex._search`): the same for every
    index, so it is worked out once per text (:func:`_lookup_readings`)."""

    variants: tuple[tuple[list[str], str], ...]
    """(tokens, key prefix): the token lists of :func:`_variants`, and the phonetic key of text in another
    script."""
    visible: str
    spaced: str
    """The visible text before ungluing (:func:`alu.text.unmark`): its spaces and marks between words are
    the writer's, which a name of several words by ear is read across (:func:`said_by_ear`)."""
    pieces: frozenset[str] | None
    """:func:`_pieces` of text that is not ASCII; None for ASCII text."""
    runs: tuple[str, ...]
    """:func:`_letter_runs`: each looked up whole, and a long one at every place inside."""


def _words_of(reading: _Reading) -> frozenset[str]:
    """Every token of a reading's variants (plain, not phonetic keys)."""
    return frozenset(t for toks, prefix in reading.variants if not prefix for t in toks)


@lru_cache(maxsize=1024)
def _lookup_readings(text: str) -> tuple[_Reading, ...]:
    """The text and each of its decodings (:func:`alu.decode.decodings`), read for lookup. One text is looked
    up in four or five indexes per screening (names, partial names, keys, other readings): each re-derived
    every variant, ~40% of a lookup. Callers must not change what they get."""
    return tuple(_read(t) for t in [text, *decodings(text)])


def _read(text: str) -> _Reading:
    spaced = unmark(text)
    seen = unglue(spaced)
    key = phonetic_variant(seen)
    variants = [(toks, "") for toks in _variants(text)] + ([(key, _PHONETIC)] if key else [])
    if "1" in text and (ones := _ones_words(text)):
        variants.append((ones, _ONES))
    pieces = None if text.isascii() else frozenset(_pieces(seen))
    return _Reading(tuple(variants), seen, spaced, pieces, tuple(_letter_runs(text)))


def index_keys(surface: str) -> list[str]:
    """The keys a surface form is indexed under (see :class:`AliasIndex`): each of its spellings, and a
    multi-word spelling also run together, by its phonetic key and with i and l written 1."""
    keys: list[str] = []
    for form in sorted(spelling_variants(surface)):
        if not form:
            continue
        keys.append(form)
        if " " in form:
            if len(form) >= 8:
                keys.append(form.replace(" ", ""))
            elif _letters(form) >= GLUED_LETTERS:
                keys.append(_GLUED + form.replace(" ", ""))
            keys.append(_PHONETIC + phonetic(form))
            ones = form.translate(ONE)  # 'n1ko1a tes1a': a full name in leetspeak that writes 1 for i and l
            if ones != form and _ones_spelt(form.split()):
                keys.append(ones)
        elif len(form) >= ONES_LETTERS and (ones := form.translate(ONE)) != form:
            keys.append(_ONES + ones)
    return list(dict.fromkeys(keys))


def _ones_spelt(words: list[str]) -> bool:
    """Whether a multi-word form is also indexed with i and l written 1: when two of its words have three
    letters or more, they carry a word of two beside them ('Jamie-li' as 'J4m13-11', 'Lê' as '1ê'); a name
    of shorter words ('a1 gore', '11 na') would be read in text with numbers."""
    return sum(len(w) >= 3 for w in words) >= 2


def _ones_words(text: str) -> list[str]:
    """The words of the text that write a 1 among letters ('4d313', 'V31m4r0'), read with i, l and 1 as 1
    and de-leeted ('ade1e', 've1maro'), for the keys of :data:`_ONES`."""
    leet = [token for token in _TOKEN.findall(text) if _LEET_WORD.search(token)]
    return [w for token in leet for w in normalize(deleet_ones(token)).split()]


REORDERED_WORDS = 8
"""The longest reading whose words are also read in reverse order (a name's encoding is a few words)."""


def _other_orders(readings: list[str]) -> list[str]:
    """The readings' names in reading order when a disguise wrote them in another: family name first
    ('Zbagrarteb Pnezra', ROT13 of 'Montenegro Carmen') or every word in reverse order ('Jvyyvnzf Yrr Kva',
    'Williams Lee Xin')."""
    out = [r.text for reading in readings for r in reading_order(reading)]
    for reading in readings:
        if 1 < len(words := reading.split()) <= REORDERED_WORDS:
            out.append(" ".join(words[::-1]))
    return out


class AliasIndex:
    """Exact (normalised) name and alias lookup over every target in the store.

    Besides each form as written, a multi-word form is also indexed run together ('nikolaiabilov', for
    'N.i.k.o.l.a.i.A.b.i.l.o.v' or 'NikolaiAbilov'), and by its phonetic key, which only text in another
    script is compared against. ``forms`` picks the surface forms of a target (default:
    :func:`surface_forms`).

    ``exonyms``: a place is also indexed by its names in other languages and scripts (:mod:`alu.exonyms`),
    as written. ``sounds``: the forms whose sound keys (:func:`alu.text.sound_key`, the consonants as heard)
    are indexed when they have at least ``min_sound`` consonants; only words in other scripts are compared
    against them ('爱因斯坦' for Einstein). A key shorter than ``sure_sound`` consonants names many things: it
    only matches a word also spelt like the form (phonetic spelling at least :data:`SPELT_ALIKE` similar:
    'Эйнштейн' is Einstein, 'Маркелов' is not Merkel). ``near``: those forms are also found spelt nearly
    alike in Latin letters ('Aristotele' for Aristotle: see :meth:`_spelt_near`), and a work's titles
    written with a letter or two wrong ('The Godfahter', 'Breaking Bda': see :meth:`_misspelt_titles`)."""

    def __init__(
        self,
        forms: Callable[[Target], Iterable[str]] | None = None,
        *,
        exonyms: bool = False,
        sounds: Callable[[Target], Iterable[str]] | None = None,
        min_sound: int = 4,
        sure_sound: int = 0,
        near: bool = False,
    ) -> None:
        self._surfaces = forms or surface_forms
        self._sounds = sounds
        self._exonyms = exonyms
        self._min_sound = min_sound
        self._sure_sound = sure_sound
        self._near_spelt = near
        self._near: dict[str, dict[str, int]] = {}
        """First letters -> forms (of the sound forms, ASCII-spelt, NEAR_LETTERS letters or more) starting
        with them, with their word counts: names spelt as another language spells them ('Aristotele')."""
        self._near_ends: dict[str, dict[str, int]] = {}
        """First letters of the last word -> those forms of several words, with their word counts: a given
        name misspelt in its first letters ('Angla Merkel', 'Talor Swift') before the family name (see
        :func:`_misspelt`). Not for a form whose first word is shorter than that: a letter more or less of a
        short given name is another name ('Ann', 'Anna'), and an article says nothing ('The Grandfather' is
        no misspelt 'The Godfather')."""
        self._title_keys: dict[str, set[str]] = {}
        """Typo key (:func:`typo_keys`) -> the words of works' titles (:func:`title_anchors`) that have
        it: a rare word of a text one letter off a title's word shares a key with it (see
        :meth:`_misspelt_titles`)."""
        self._title_words: dict[str, dict[str, tuple[str, ...]]] = {}
        """Word of a work's title (:func:`title_anchors`) -> the titles that write it, with their words."""
        self._title_beside: dict[tuple[str, str, str], dict[str, tuple[str, ...]]] = {}
        """(side, word, stem) -> the works' titles with a word of that stem (:func:`title_stem`) after
        ('<') or before ('>') that word, with their words: a common word in the place of a title's word
        ('The Hungry Games') or a function word misspelt ('teh') is looked up by the word beside it."""
        self._declinable: dict[str, dict[str, tuple[str, ...]]] = {}
        """Stem of the first word (:func:`_stems`) -> those forms of several words that name a person or place
        (not a work nor a topic), with their words: names declined as many languages decline them ('S Billem
        Gatesem', 'Billas Gatesas', 'Bill Gatesnek'; see :func:`_declined_name`)."""
        self._spoken: dict[tuple[str, str], Spoken] = {}
        """(sound key, target id) -> the form that gave it, which what is heard must match (see
        :func:`heard_as`)."""
        self._ear: dict[str, dict[str, str]] = {}
        """Ear key (:func:`alu.heard.ear_key`) -> loose spelling of a one-word name as some script may hear
        it -> its form (:data:`HEARD`); only with ``sure_sound`` (see :meth:`_by_ear`)."""
        self._ear_forms: dict[str, list[tuple[str, str]]] = {}
        """Form -> its (ear key, loose spelling) entries of ``_ear``, to remove them."""
        self._forms: dict[str, tuple[str, ...]] = {}
        """Form -> the ids of the targets it names, in the order they were indexed (tuples of strings, which
        the garbage collector stops tracking: a set per form was a quarter of a 10,000-target process's
        tracked objects, each walked by every full collection)."""
        self._by_id: dict[str, tuple[str, ...]] = {}
        self._name_words: dict[str, int] = {}
        """Each word of the multi-word forms, with how many (target, form) pairs write it: a reading that
        writes none of them cannot hold a whole name (see :meth:`names_spelt_by`)."""
        self._max_words = 1
        self._solid: list[str] | None = None
        """The forms without a space, sorted; built by the first search after a change. Words of a text run
        together are looked up only while some form starts with them (see :func:`_joins`)."""
        self._glued: list[str] | None = None
        """The short multi-word forms run together (:data:`_GLUED`), sorted, as `_solid` is."""
        self._skeletons: dict[str, list[str]] | None = None
        """Consonants (:func:`alu.word_games.skeleton`) -> the words of :data:`_name_words` with them: a word
        without vowels ('Swft') may stand for those. Built by the first text with such words after a
        change."""

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, target: Target) -> None:
        tid = target.id  # computed from the name on every access
        self.remove(tid)
        forms: list[str] = []
        names = surface_forms(target)
        spoken: dict[str, list[Spoken]] = {}  # sound key -> the forms that gave it
        shared = shared_run_together(target)
        for surface in self._surfaces(target):
            self._keep(tid, [k for k in index_keys(surface) if k not in shared], forms)
        for other in exonyms(target) if self._exonyms else ():
            self._keep(tid, [normalize(other)], forms)
        declinable = target.kind == "entity" and not is_work(target)
        for surface in self._sounds(target) if self._sounds else ():
            near = normalize(anyascii(surface))
            if self._near_spelt and len(near.replace(" ", "")) >= NEAR_LETTERS:
                self._add_near(near, declinable)
                self._keep(tid, [near], forms)
            words = tuple(map(name_word, normalize(surface).split()))
            for key in sorted({sound_key(variant) for variant in name_variants(surface)}):
                if len(key) >= self._min_sound:
                    self._keep(tid, [SOUND + key], forms)
                    sure = len(words) == 1 and (len(key) >= self._sure_sound or not self._sure_sound)
                    spoken.setdefault(SOUND + key, []).append(Spoken(words, not sure))
            if self._sure_sound and " " not in normalize(surface) and surface in names:
                self._keep(tid, self._hear(surface), forms)
        for title in titles_of(target) if self._near_spelt else ():
            self._add_title(title)
            self._keep(tid, [MISSPELT_TITLE + title], forms)
        for key, said in spoken.items():  # the loosest: a key some form names the target by alone, unchecked
            self._spoken[(key, tid)] = min(said, key=lambda form: (form.checked, len(form.words)))
        self._by_id[tid] = tuple(forms)

    def _add_near(self, form: str, declinable: bool) -> None:
        """Index a form for :meth:`_spelt_near`: by its first letters, a form of several words also by its
        last word's, and a declinable one by its first word's stem (see :data:`_declinable`)."""
        words = form.split()
        self._near.setdefault(form[:_NEAR_PREFIX], {})[form] = len(words)
        if len(words) >= 2 and min(len(words[0]), len(words[-1])) >= _NEAR_PREFIX:
            self._near_ends.setdefault(words[-1][:_NEAR_PREFIX], {})[form] = len(words)
        if declinable and len(words) >= 2 and len(words[0]) >= _STEM_PREFIX:
            for stem in _stems(words[0]):
                self._declinable.setdefault(stem, {})[form] = tuple(words)

    def _remove_near(self, form: str) -> None:
        words = form.split()
        self._near.get(form[:_NEAR_PREFIX], {}).pop(form, None)
        self._near_ends.get(words[-1][:_NEAR_PREFIX] if words else "", {}).pop(form, None)
        for stem in _stems(words[0]) if words else ():
            self._declinable.get(stem, {}).pop(form, None)

    def _add_title(self, title: str) -> None:
        """Index a work's title for :meth:`_misspelt_titles`: its anchors by their typo keys, its words by
        the words beside them."""
        words = tuple(title.split())
        for word in title_anchors(words):
            self._title_words.setdefault(word, {})[title] = words
            for key in typo_keys(word):
                self._title_keys.setdefault(key, set()).add(word)
        for key in beside_keys(words):
            self._title_beside.setdefault(key, {})[title] = words

    def _remove_title(self, title: str) -> None:
        words = tuple(title.split())
        for key in beside_keys(words):
            drop_title(self._title_beside, key, title)
        for word in title_anchors(words):
            if drop_title(self._title_words, word, title):
                continue
            for key in typo_keys(word):
                anchors = self._title_keys.get(key, set())
                anchors.discard(word)
                if not anchors:
                    self._title_keys.pop(key, None)

    def _hear(self, name: str) -> list[str]:
        """Index a one-word name (:data:`EAR_LETTERS` letters or more) for :meth:`_by_ear`: its form, or
        none for a short name."""
        spelling = loose_spelling(name)
        if len(spelling) < EAR_LETTERS:
            return []
        form = HEARD + spelling
        for entry in ear_sounds(name):
            self._ear.setdefault(entry[0], {})[entry[1]] = form
            self._ear_forms.setdefault(form, []).append(entry)
        return [form]

    def _keep(self, tid: str, keys: list[str], forms: list[str]) -> None:
        for key in keys:
            for word in _whole_name_words(key):
                if word not in self._name_words:
                    self._skeletons = None
                self._name_words[word] = self._name_words.get(word, 0) + 1
            ids = self._forms.get(key)
            if ids is None:
                self._solid = None
                self._glued = None
                self._forms[key] = (tid,)
            elif tid not in ids:
                self._forms[key] = (*ids, tid)
            self._max_words = max(self._max_words, len(key.split()))
            forms.append(key)

    def add_many(self, targets: Iterable[Target]) -> None:
        for target in targets:
            self.add(target)

    def remove(self, target_id: str) -> None:
        for form in self._by_id.pop(target_id, ()):
            for word in _whole_name_words(form):
                left = self._name_words.get(word, 0) - 1
                if left > 0:
                    self._name_words[word] = left
                else:
                    self._name_words.pop(word, None)
                    self._skeletons = None
            self._spoken.pop((form, target_id), None)
            ids = self._forms.get(form)
            if ids is not None:
                ids = self._forms[form] = tuple(i for i in ids if i != target_id)
                if not ids:
                    del self._forms[form]
                    self._solid = None
                    self._glued = None
                    self._remove_near(form)
                    if form.startswith(MISSPELT_TITLE):
                        self._remove_title(form[len(MISSPELT_TITLE) :])
                    for key, spelling in self._ear_forms.pop(form, []):
                        self._ear.get(key, {}).pop(spelling, None)

    def clear(self) -> None:
        self._forms.clear()
        self._by_id.clear()
        self._name_words.clear()
        self._spoken.clear()
        self._near.clear()
        self._near_ends.clear()
        self._title_keys.clear()
        self._title_words.clear()
        self._title_beside.clear()
        self._declinable.clear()
        self._ear.clear()
        self._ear_forms.clear()
        self._max_words = 1
        self._solid = None
        self._glued = None
        self._skeletons = None

    def find(self, text: str) -> list[NameHit]:
        """One hit per target found in the text (its first matching form)."""
        return [NameHit(tid, forms[0]) for tid, forms in self.find_all(text).items()]

    def find_all(self, text: str) -> dict[str, list[str]]:
        """Every matching form, per target id; with the multi-word forms a word game writes (Pig Latin, no
        vowels, keys shifted, run together in a tag: :meth:`_played_forms`)."""
        return self._find_all(text, games=True)

    def _find_all(
        self, text: str, games: bool, written: frozenset[str] | None = None, by_ear: bool = True
    ) -> dict[str, list[str]]:
        """:meth:`find_all`; without the word games for a reading of a text (a Caesar shift of ordinary
        prose is full of words no dictionary knows), not the text itself. Short names run together
        (:data:`_GLUED`) are looked up in the text's decodings, and in the text itself when it is a reading
        of another whose words are `written`; never in a word the text read writes as it is. `by_ear`: also
        what a text in another script says by ear (:func:`said_by_ear`, the costliest look-up)."""
        hits: dict[str, list[str]] = {}
        few = len(self._by_id) <= FEW_NAMES

        def hit(key: str, said: Iterable[Said] = ()) -> None:
            for tid in self._forms.get(key, ()):
                spoken = self._spoken.get((key, tid))
                if spoken and not any(heard_as(spoken, heard, few) for heard in said):
                    continue
                forms = hits.setdefault(tid, [])
                if key not in forms:
                    forms.append(key)

        readings = _lookup_readings(text)
        of_another = written is not None
        if written is None and len(readings) > 1:  # most texts decode to nothing: no glued look-up at all
            written = _words_of(readings[0])
        own_words = written or frozenset()
        for n, decoded in enumerate(readings):
            deadline.check()  # a long text's readings take seconds each: stop with the request
            self._search(decoded, hit, few, by_ear)
            if n or of_another:  # what an encoding spells: short names run together count there, not words
                for toks, prefix in decoded.variants:  # the text itself writes ('Liming is...', 'p H')
                    for tok in toks if not prefix else ():
                        if tok not in own_words:
                            hit(_GLUED + tok)
        for key in sorted(self._misspelt_titles(text)) if self._title_words else ():
            hit(key)
        for key in sorted(self._played_forms(text)) if games and self._name_words else ():
            hit(key)
        respelt = respelt_heard(text, self._min_sound) if games and self._sounds else {}
        for key in sorted(respelt.keys() & self._forms.keys()):  # a name as a pronunciation guide says it
            hit(key, respelt_said(respelt[key]))
        return hits

    def find_transformed(self, text: str, composed: bool = False) -> dict[str, list[str]]:
        """Every form of at least MIN_DECODED_LETTERS letters found only in another reading of the text
        (reversed, ROT13, acrostic; see :func:`alu.decode.transforms`), per target id; `composed`: also in
        two of them in a row (:func:`alu.decode.composed_transforms`, twice the readings), and names spelt
        letter for letter with their words in another order or their letters interleaved
        (:func:`alu.decode.interleavings`). For a target the text itself writes a form of, only a name of
        several words counts: 'Emekaway Okafor-Nwosuway' writes the barrel 'Okafor', and its Pig Latin the
        whole name."""
        direct = self.find_all(text)
        found: dict[str, list[str]] = {}
        written = _words_of(_lookup_readings(text)[0])
        plain = without_drawings(text)
        readings = transforms(plain) + (composed_transforms(plain) if composed else [])
        readings = [r for r in dict.fromkeys(readings) if r != text]  # a shift leaves Chinese as it is
        for reading in readings:
            self._add_transformed(reading, direct, written, found)
        for reading in [*_other_orders(readings), *interleavings(text)] if composed else ():  # only names
            self._add_transformed(reading, direct, written, found, literal=True)  # it spells, as written
        return found

    def _add_transformed(
        self,
        reading: str,
        direct: dict[str, list[str]],
        written: frozenset[str],
        found: dict[str, list[str]],
        literal: bool = False,
    ) -> None:
        """Add to `found` the forms one reading writes (see :meth:`find_transformed`); `literal`: only names
        of several words the reading spells letter for letter, not those its words sound or decline like
        (its words alone were read in the order written)."""
        deadline.check()
        spelt = f" {normalize(reading)} " if literal else ""
        heard = len(reading) <= EARED_READING
        for tid, forms in self._find_all(reading, games=False, written=written, by_ear=heard).items():
            seen = direct.get(tid)
            long = [
                f
                for f in forms
                if _letters(f) >= MIN_DECODED_LETTERS
                and (not seen or _more_words(f, seen))
                and (not literal or (" " in f and f" {f} " in spelt))
            ]
            if long:
                found.setdefault(tid, []).extend(f for f in long if f not in found.get(tid, []))

    def names_spelt_by(self, readings: Iterable[str]) -> dict[str, list[str]]:
        """The multi-word forms (of MIN_DECODED_LETTERS letters or more) that the readings write, per target
        id. A reading is searched only when it writes a word of some multi-word form, one set look-up per
        word: of the ~40 readings of a run of unknown words (alu.unread_names) at most one spells anything,
        and searching all of them cost ~1 ms per run at 10,000 targets."""
        found: dict[str, list[str]] = {}
        for reading in readings:
            if not any(word in self._name_words for word in normalize(reading).split()):
                continue
            for tid, forms in self._find_all(reading, games=False).items():
                for form in forms:
                    if _whole_name_words(form) and _letters(form) >= MIN_DECODED_LETTERS:
                        kept = found.setdefault(tid, [])
                        if form not in kept:
                            kept.append(form)
        return found

    def one_word_name(self, word: str) -> dict[str, list[str]]:
        """The targets whose one-word name or alias the word is, whole (of MIN_DECODED_LETTERS letters or
        more), per target id."""
        key = normalize(word)
        if " " in key or _letters(key) < MIN_DECODED_LETTERS:
            return {}
        return {tid: [key] for tid in self._forms.get(key, ()) if not self._spoken.get((key, tid))}

    def _played_forms(self, text: str) -> set[str]:
        """The multi-word forms that the text's runs of played words (:func:`alu.word_games.game_runs`) write,
        each word in some game, the multi-word forms run together inside its tags ('#taylorswiftfan'), and
        the one-word forms that are common words glued to others there ('swift' of '#teamswift', read as
        'Swift' of '#TeamSwift' is: the context decides a family name alone)."""
        found: set[str] = set()
        for run in word_games.game_runs(text):
            found |= self._played_names([self._stands_for(word) for word in run])
        for body in word_games.tag_bodies(text):
            found.update(piece for piece in word_games.run_together(body) if self._run_together_name(piece))
            found.update(word for word in word_games.glued_words(body) if word in self._forms)
        return found

    def _stands_for(self, word: word_games.GameWord) -> list[tuple[str, int]]:
        """The name words a played word may stand for, with how many consonants its skeleton matched them by
        (0 when a game's spelling did)."""
        out = [(w, 0) for w in sorted(word.spellings) if w in self._name_words]
        if word.skeleton:
            out += [(w, len(word.skeleton)) for w in self._skeleton_index().get(word.skeleton, ())]
        return out

    def _played_names(self, options: list[list[tuple[str, int]]]) -> set[str]:
        """The multi-word forms that adjacent words' options write in order. Read by their consonants alone,
        the words must have MIN_SKELETON consonants together: the fewer, the likelier another name has the
        same (of 10,000 names, one in ten of four consonants shares them with another, one in twenty of six,
        one in fifty of nine: 'Frd Khl' is Frida Kahlo and Farid Kohl)."""
        found: set[str] = set()
        for i in range(len(options) - 1):
            for j in range(i + 2, min(len(options), i + self._max_words) + 1):
                if not options[j - 1]:
                    break
                for words in islice(product(*options[i:j]), _MAX_PLAYED):
                    consonants = sum(n for _, n in words)
                    key = " ".join(w for w, _ in words)
                    if key in self._forms and (consonants == 0 or consonants >= MIN_SKELETON):
                        found.add(key)
        return found

    def _run_together_name(self, piece: str) -> bool:
        """Whether a piece of a tag is a multi-word form of some target run together ('taylorswift')."""
        ids = self._forms.get(piece)
        return bool(ids) and any(
            " " in form and form.replace(" ", "") == piece for tid in ids for form in self._by_id.get(tid, ())
        )

    def _skeleton_index(self) -> dict[str, list[str]]:
        index = self._skeletons
        if index is None:
            index = {}
            for word in self._name_words:
                if key := word_games.skeleton(word):
                    index.setdefault(key, []).append(word)
            self._skeletons = index
        return index

    def _search(self, reading: _Reading, hit: Callable[..., None], few: bool, by_ear: bool = True) -> None:
        """Look up every key a reading of a text may hold; ``few``: the index holds at most
        :data:`FEW_NAMES` names (dotted names are heard loosely: :func:`said_by_ear`, :func:`heard_as`);
        ``by_ear``: what a text in another script says by ear too."""
        variants = reading.variants
        solid, glued = self._solid_forms(), self._glued_forms()
        keys: set[str] = set()  # the variants share most of their words: look each key up once
        words = self._name_words  # every word of a form of several words: a run of others names no one
        for toks, prefix in variants:
            for i in range(len(toks)):
                keys.add(prefix + toks[i])
                if prefix + toks[i] in words:
                    for n in range(2, min(self._max_words, len(toks) - i) + 1):
                        if toks[i + n - 1] not in words:
                            break
                        keys.add(prefix + " ".join(toks[i : i + n]))
                if not prefix:
                    keys.update(_joins(toks, i, solid))
                    if len(toks[i]) <= TINY_PIECE:  # 'Ji na A n': a short name cut into tiny pieces
                        keys.update(_GLUED + j for j in _joins(toks, i, glued, tiny=True))
        if self._near:
            keys |= self._spelt_near(variants) | self._declined(variants)
        heard: dict[str, set[Said]] = {}
        if reading.pieces is not None:  # not ASCII
            keys |= reading.pieces
            if self._sounds and by_ear:
                said_by_key = said_by_ear(reading.spaced, self._min_sound, nasal=few)
                heard = {SOUND + k: said for k, said in said_by_key.items()}
            if self._ear and by_ear:
                keys |= self._by_ear(reading.visible)
        for k in sorted(keys & self._forms.keys()):  # sorted: a set's order follows string hashing
            hit(k)
        for k in sorted(heard.keys() & self._forms.keys()):
            hit(k, heard[k])
        for run in reading.runs:  # 'T-a-k-a-s-h-i N-a-k-a-m-u-r-a-s': a name inside spelt-out letters
            hit(run)  # 'The letters are M, E, R, K, E and L': the whole run, from MIN_SPELT letters
            for i in range(len(run)):
                for j in range(i + _MIN_RUN, len(run) + 1):
                    hit(run[i:j])

    def _solid_forms(self) -> list[str]:
        solid = self._solid
        if solid is None:
            solid = self._solid = sorted(
                k for k in self._forms if " " not in k and not k.startswith((_ONES, _GLUED))
            )
        return solid

    def _glued_forms(self) -> list[str]:
        """The short multi-word forms run together (:data:`_GLUED`), without their prefix, sorted; built by
        the first search after a change, as :meth:`_solid_forms` is."""
        glued = self._glued
        if glued is None:
            glued = self._glued = sorted(k[len(_GLUED) :] for k in self._forms if k.startswith(_GLUED))
        return glued

    def _by_ear(self, text: str) -> set[str]:
        """The one-word names that a word of another script in the text writes by ear ('Ваканда', 'ワカンダ',
        'ريهانا'): same ear key, a loose spelling :data:`EAR_ALIKE` alike, and no common word of a language
        the script writes (see :func:`ordinary_unit`): a name of two or three consonants sounds like many
        words, which its spelling and its rarity tell apart. Two Chinese characters must spell the name
        exactly."""
        found: set[str] = set()
        for heard in ear_units(text):
            need = 100 if heard.run and len(heard.unit) == 2 else EAR_ALIKE  # '魔多' Mordor; '商裔' sangi
            for named, form in self._ear.get(heard.key, {}).items():
                alike = fuzz.ratio(named, heard.spelling) >= need
                if alike and abs(len(named) - len(heard.spelling)) <= 2 and not ordinary_unit(heard, named):
                    found.add(form)
        return found

    def _spelt_near(self, variants: tuple[tuple[list[str], str], ...]) -> set[str]:
        """The sound forms that words of the text spell nearly alike (:data:`NEAR_SPELLING`), starting with
        the same letters, or with the same letters as their last word: a name as another language spells
        it ('Aristotele', 'Aristóteles' and 'Alberto Einstein' for Aristotle and Albert Einstein), or its
        given name misspelt ('Talor Swift')."""
        found: set[str] = set()
        for toks, prefix in variants:
            for i, tok in enumerate(toks if not prefix else ()):
                if len(tok) < _NEAR_PREFIX:
                    continue
                for form, width in self._near.get(tok[:_NEAR_PREFIX], {}).items():
                    if _spelt_alike(form, toks[i : i + width]):
                        found.add(form)
                for form, width in self._near_ends.get(tok[:_NEAR_PREFIX], {}).items():
                    window = toks[i + 1 - width : i + 1] if i + 1 >= width else []
                    if window and _spelt_alike(form, window) and _misspelt(form, window):
                        found.add(form)
        return found

    def _misspelt_titles(self, text: str) -> set[str]:
        """The works' titles the text writes misspelt (see :func:`title_at`), as index keys. A few look-ups
        per word of the text, however many titles there are: a rare word by its typo keys (the titles'
        words one letter off it), a common one by its first letters and the word beside it."""
        words = [(m, latin_letters(m.group())) for m in TITLE_TOKEN.finditer(text)]
        found: set[str] = set()
        for start, title in self._title_candidates([tok for _, tok in words]):
            key = MISSPELT_TITLE + " ".join(title)
            if key not in found and title_at(text, words, start, title):
                found.add(key)
        return found

    def _title_candidates(self, toks: list[str]) -> set[tuple[int, tuple[str, ...]]]:
        """(Where it would start, words) of each title a word of the text may write misspelt."""
        out: set[tuple[int, tuple[str, ...]]] = set()
        for i, tok in enumerate(toks):
            if not tok.isalpha():
                continue
            if zipf(tok) < TITLE_TYPO_ZIPF and tok not in function_typos():
                near = {w for key in typo_keys(tok) for w in self._title_keys.get(key, ())} - {tok}
                for word in near:
                    for title in self._title_words[word].values():
                        out.update((i - j, title) for j, w in enumerate(title) if w == word)
                continue
            stem = function_typos().get(tok) or title_stem(tok)
            for side, k in (("<", i - 1), (">", i + 1)) if stem else ():
                beside = toks[k] if 0 <= k < len(toks) else ""
                for title in self._title_beside.get((side, beside, stem), {}).values():
                    out.update((i - j, title) for j in beside_at(title, side, beside, stem))
        return out

    def _declined(self, variants: tuple[tuple[list[str], str], ...]) -> set[str]:
        """The declinable forms (see :data:`_declinable`) whose every word, in order, the text writes with
        an ending of case (:func:`_declined_name`)."""
        found: set[str] = set()
        for toks, prefix in variants:
            for i, tok in enumerate(toks if not prefix else ()):
                for cut in range(max(_STEM_PREFIX, len(tok) - _LONGEST_ENDING), len(tok) + 1):
                    for form, name in self._declinable.get(tok[:cut], {}).items():
                        if _declined_name(name, toks[i : i + len(name)]):
                            found.add(form)
        return found


def _spelt_alike(form: str, words: list[str]) -> bool:
    """Whether words of a text spell a form nearly alike, as a whole (:data:`NEAR_SPELLING`) and word by
    word (:func:`_alike_words`)."""
    return fuzz.ratio(form, " ".join(words)) >= NEAR_SPELLING and _alike_words(form, words)


def spelt_as_other_given_name(text: str, form: str, context: Iterable[str] = ()) -> bool:
    """Whether a name is in an English text only spelt nearly alike (see :meth:`AliasIndex._spelt_near`),
    each word unlike the name's a common word of its own (:data:`MISSPELT_ZIPF` or more): another person's
    given name ('Louise Armstrong', 'Paula Allen', 'Willie Smith' for Louis Armstrong, Paul Allen, Will
    Smith) as often as the name as another language spells it ('Alberto Einstein'), which the context tells
    apart. In an exchange in another language ('Alberto Einstein fu un fisico') or about one ('Write the
    name in Italian') it is the name as written there (see `context`, the exchange's other texts); a rare
    word is a misspelling ('Angla Merkel')."""
    words = form.split()
    toks = normalize(anyascii(text)).split()
    written = [" ".join(toks), *(normalize(anyascii(r)) for r in _shorter_names(text))]  # 'Adib "Adi" Jarrah'
    # what an encoding in the text spells is written too: "CONCAT('Hina', ' Ame', 'en')" is no 'Hina Ame'
    written += [normalize(anyascii(r.spaced)) for r in _lookup_readings(text)[1:]]
    if any(f" {form} " in f" {w} " for w in written) or in_another_language([text, *context]):
        return False
    if not text.isascii() and f" {form} " in f" {normalize(skeleton(text))} ":
        return False  # look-alike letters ('Маrсh' with Cyrillic М, а, с) spell the name itself
    windows = [toks[i : i + len(words)] for i in range(len(toks) - len(words) + 1)]
    near = [w for w in windows if _spelt_alike(form, w)]
    return bool(near) and all(
        zipf(b) >= MISSPELT_ZIPF for w in near for a, b in zip(words, w, strict=True) if a != b
    )


def _misspelt(form: str, words: list[str]) -> bool:
    """Whether each word of a text that is not its word of the form is rarer than :data:`MISSPELT_ZIPF`: a
    name misspelt ('Angla Merkel'), not another given name ('Marvin Williams' for Martin Williams)."""
    return all(a == b or zipf(b) < MISSPELT_ZIPF for a, b in zip(form.split(), words, strict=True))


def _alike_words(form: str, words: list[str]) -> bool:
    """Whether each word is its word of the form spelt nearly alike, with the same first sound
    (:func:`_first_sound`): 'Alberto Einstein' is Albert Einstein in Spanish, 'Wladimir Putin' Vladimir Putin
    in German; 'Stephen Hawking' (88.9 for 'stephen king' as a whole) and 'Bill Bates' are other people, and
    so is another regnal number ('Philip III' for Philip II)."""
    pairs = zip(form.split(), words, strict=False)
    return all(
        _first_sound(a) == _first_sound(b) and fuzz.ratio(a, b) >= NEAR_WORD and not _other_number(a, b)
        for a, b in pairs
    )


_FIRST_SOUNDS = str.maketrans({"w": "v", "k": "c", "y": "j"})
"""First letters the languages of the Latin alphabet write one sound with: German and Polish write v as w
('Wladimir', 'Władimir'), Slavic and Scandinavian languages c as k ('Kristina', 'Karl') and y as j ('Juri',
'Jelena')."""


def _first_sound(word: str) -> str:
    return "f" if word.startswith("ph") else word[:1].translate(_FIRST_SOUNDS)


def _other_number(a: str, b: str) -> bool:
    """Whether two words are different regnal numbers ('ii', 'iii')."""
    return a != b and all(REGNAL.fullmatch(w.upper()) for w in (a, b))


NEAR_WORD = 75
"""rapidfuzz ratio each word of a name spelt nearly alike must reach ('maria' 80 for 'marie', 'neuton' 83
for 'newton'; 'hawking' 73 for 'king')."""


_NEAR_PREFIX = 4
_STEM_PREFIX = 3
"""Letters a name's word keeps in its stems (:func:`_stems`)."""


_CASE_ENDINGS = {
    "Slavic": "a u e i y o ou em om ovi owi emu omu mu ho ego iem ie ze oj ej ju jem ja ji jom ym im "
    "ova ove ovou ovej ovoj ovu",
    "Baltic": "as is ys us o ui iui iu io ai ei es am im s",
    "Hungarian": "t ot et at nak nek val vel szal szel ban ben ba be ra re rol tol hoz hez nal nel on en n "
    "ig ert kent ul ei",
    "Finnic": "n in iin ia ina ille ilta illa issa ista iksi lle lta lla ssa sta ksi na han hin seen le lt l "
    "st sse ga ks ile",
    "Turkish": "in un nin nun da de dan den ta te tan ten la le yla yle ya ye yi yu",
}
"""Endings of case that languages put on a foreign name's words, as :func:`alu.text.normalize` writes
them (accents off): Czech, Slovak, Polish, Croatian and Slovene decline every word ('S Billem Gatesem',
'Billowi Gatesowi', 'Nikolaju Abilovu'), and write a woman's family name with -ová ('Merkelová');
Lithuanian and Latvian give every word an ending ('Billas Gatesas'); Hungarian, Finnish, Estonian and
Turkish put a suffix on the last word only ('Bill Gatesnek', 'Bill Gatesille', 'Bill Gatese')."""
_ENDINGS = frozenset(e for endings in _CASE_ENDINGS.values() for e in endings.split())
_LONGEST_ENDING = max(map(len, _ENDINGS))
_VOWEL_END = re.compile(r"[aeiouy]$")
_MOBILE_E = re.compile(r"(?<=[^aeiouy])e(?=[cklnr]$)")
"""The e that Czech, Slovak and Polish drop before a case ending ('Karel Čapek' -> 'Karla Čapka')."""


@lru_cache(maxsize=16_384)
def _stems(word: str) -> frozenset[str]:
    """What a word of a name is written with before a case ending: itself; without its last vowel
    ('Obama' -> 'Obamovi', 'Pablo' -> 'Pabla'); with a j for a last i or y ('Nikolai' -> 'Nikolajem',
    'Messi' -> 'Messijem'); without a mobile e ('Čapek' -> 'Čapka'). A word shorter than _STEM_PREFIX
    letters (a particle: 'da', 'al') takes no ending."""
    stems = {word}
    if len(word) > _STEM_PREFIX and _VOWEL_END.search(word):
        stems.add(word[:-1])
        if word[-1] in "iy":
            stems |= {word[:-1] + "j", word + "j"}
    if len(word) > _STEM_PREFIX + 1:
        stems.add(_MOBILE_E.sub("", word))
    return frozenset(s for s in stems if len(s) >= _STEM_PREFIX)


@lru_cache(maxsize=16_384)
def _stems_shortest_first(word: str) -> tuple[str, ...]:
    """:func:`_stems` in the order :func:`_stem_of` tries them (read ~170 times per screened question and
    answer at 10,000 targets)."""
    return tuple(sorted(_stems(word), key=lambda s: (len(s), s)))


def _declined_name(name: tuple[str, ...], words: list[str]) -> bool:
    """Whether words of a text are a name's words in order, each on one of its stems (:func:`_stems`) with
    a case ending (:data:`_ENDINGS`) or none, some with one. Every word must be there: one word with an
    ending is an ordinary word as often as a name ('Tomas', 'Paula'). A given name with an ending before a
    family name without one is another given name ('Paula Allen', 'Stephanie Bell'), save a woman's in the
    languages that leave her family name as it is ('S Angelou Merkel', 'Marii Curie'): her given name's
    last vowel gives way to the ending."""
    if len(words) != len(name) or words[-1][:_STEM_PREFIX] != name[-1][:_STEM_PREFIX]:
        return False  # every stem of a word keeps its first letters: most candidates end here, unstemmed
    if all(map(str.__eq__, name, words)):
        return False
    stems = [_stem_of(word, part) for part, word in zip(name, words, strict=True)]
    if None in stems:
        return False
    if stems[-1]:
        return True
    return all(not stem or stem == part[:-1] for part, stem in zip(name, stems, strict=True))


def _stem_of(word: str, name_word: str) -> str | None:
    """The stem of a name's word (:func:`_stems`) that a word of a text writes before a case ending, or
    before Hungarian's -val/-vel with its v turned into the stem's last letter ('Swifttel'); '' for the
    word as it is, None for another word."""
    if word == name_word:
        return ""
    for stem in _stems_shortest_first(name_word):
        rest = word[len(stem) :]
        if (
            rest
            and word.startswith(stem)
            and (rest in _ENDINGS or rest in (stem[-1] + "al", stem[-1] + "el"))
        ):
            return stem
    return None


_CJK_RUN = 16
"""Characters of a syllabic script (Chinese, Japanese, Korean) read as one name at most."""


def _pieces(text: str) -> set[str]:
    """Lookup keys for names in other scripts inside longer words: in a word of a syllabic script, runs of
    two or more Chinese characters (no spaces between words: '首都是巴黎' holds '巴黎'), a whole run of kana
    ('首都はパリです' holds 'パリ'; 'パリパリ', "crispy", holds no name) and the start of a Korean word before
    particles ('파리는', '파리에서'; '파리했다', "was pale", is one word); and a word of another alphabet
    without its last one or two letters (Russian declines names: 'Парижа', 'Парижем')."""
    out: set[str] = set()
    for word in script_words(text):
        if transliterate(word) == word:
            continue
        word = normalize(word)
        if syllabic(word):
            out.update(_syllabic_pieces(word))
        elif len(word) >= 5:
            out.update({word[:-1], word[:-2]})
    return out


def _syllabic_pieces(word: str) -> set[str]:
    out: set[str] = set()
    runs = [(script, "".join(c for _, c in chars)) for script, chars in groupby(
        ((script_of(c), c) for c in word), key=lambda sc: sc[0]
    )]  # fmt: skip
    for script, run in runs:
        if script == "CJK":
            n = len(run)
            out.update(run[i:j] for i in range(n) for j in range(i + 2, min(n, i + _CJK_RUN) + 1))
        elif script == "HANGUL":  # folded text holds letters (jamo): compare syllables
            syllables = unicodedata.normalize("NFC", run)
            out.update(
                normalize(syllables[:j])
                for j in range(2, len(syllables))
                if KOREAN_PARTICLES.fullmatch(syllables[j:])
            )
        out.add(run)
    return out


def _more_words(form: str, seen: list[str]) -> bool:
    """Whether a form is a name of more words than any of the forms already seen."""
    return len(form.split()) > max(len(f.split()) for f in seen)


def _whole_name_words(form: str) -> list[str]:
    """The words of a multi-word form as written (none for a one-word form or a sound key)."""
    return form.split() if " " in form and not form.startswith(SOUND) else []


def _joins(toks: list[str], i: int, solid: list[str], tiny: bool = False) -> list[str]:
    """Words starting at ``toks[i]`` run together, for names split by a space ('Pa ris', 'Ein stein',
    'Olvh agen'), while some form of `solid` (sorted, without spaces) starts with them: only those can
    be looked up. Two ordinary words rarely make a name when run together, but short ones can ('to kyo'
    is harmless, 'an na' is a name), so pieces join only when one of them has at most three letters or
    the result has eight or more. `tiny`: every piece has at most TINY_PIECE letters ('ji na a n')."""
    out: list[str] = []
    joined = toks[i]
    at = bisect_left(solid, joined)
    if at == len(solid) or not solid[at].startswith(joined):
        return out
    shortest = len(joined)
    for tok in toks[i + 1 : i + MAX_PIECES]:
        if tiny and len(tok) > TINY_PIECE:
            break
        joined += tok
        at = bisect_left(solid, joined, at)  # a longer prefix sorts after the shorter one
        if at == len(solid) or not solid[at].startswith(joined):
            break
        shortest = min(shortest, len(tok))
        if shortest <= 3 or len(joined) >= 8:
            out.append(joined)
    return out


def independent(forms: Iterable[str]) -> list[str]:
    """The forms not contained in another one ('williams' goes, 'x williams' stays), nor the same words run
    together ('thecopperorchard' is 'the copper orchard' found once more) or read as leetspeak ('n1ko1a').
    Of such variants the one with its spaces and letters is kept, whatever order the forms come in: the
    run-together 'mustardgas' reads as the ordinary words 'mustard gas' (as 'solar wind' is not SolarWinds),
    while the alias 'mustard gas' is the target's, and which of the two came first followed Python's string
    hashing, so the same text was intercepted in one process and passed in another. A form's phonetic key
    ('~min b') is that form found once more ('min b': 'cm/min' and option 'B.' made two forms of a Min-Jun
    B., at 10,000 authors)."""
    forms = sorted(
        dict.fromkeys(forms),
        key=lambda f: (-f.count(" "), sum(c.isdigit() for c in f), f.startswith(_PHONETIC)),
    )
    out: list[str] = []
    for f in forms:
        if any(f != g and f" {f} " in f" {g} " for g in forms):
            continue
        if _variant(f) not in {_variant(o) for o in out}:
            out.append(f)
    return out


def _variant(form: str) -> str:
    """What :func:`independent` compares: the form without spaces, leetspeak read (a key with digits is also
    found in the text's de-leeted reading: 'november 14 1961' as 'november ia ig6i'), phonetic prefix
    dropped."""
    return deleet_ones(form.removeprefix(_PHONETIC).removeprefix(_ONES).replace(" ", ""))


_MASKED = re.compile(r"(?<![\w*•])(?=[\w*•]*[A-Za-z][\w*•]*[A-Za-z])(?=[\w*•]*[*•])[\w*•]{4,}")


def masked_words(text: str) -> list[re.Pattern[str]]:
    """Words with letters hidden behind '*' or '•' ('T*ky*', 'H*ndr*k'), as patterns in which each hidden
    letter is any letter; at least half of each word's letters must show."""
    patterns = []
    for word in _MASKED.findall(text):
        shown = sum(c.isalpha() for c in word)
        if shown * 2 >= len(word):
            patterns.append(re.compile("".join("[a-z]" if c in "*•" else re.escape(c) for c in fold(word))))
    return patterns


def fuzzy_find(text: str, targets: Iterable[Target], threshold: float) -> list[NameHit]:
    """Near-miss spellings of the given targets' names ('Severus Snap', 'Severous Snape'), and names with
    letters masked ('T*ky*', see :func:`masked_words`); another regnal number is another person."""
    variants = _variants(text)
    key = phonetic_variant(text)
    masked = masked_words(text) if "*" in text or "•" in text else []
    runs = masked_runs(text)
    hits: list[NameHit] = []
    for target in targets:
        word = masked_name(masked, target, runs)
        if word:
            hits.append(NameHit(target.id, word, 100.0))
            continue
        best: tuple[float, str] = (0.0, "")
        person = target.kind == "entity"  # a topic's name is words, not a name to garble ('chemicals')
        for surface in target.names:
            form = normalize(surface)
            width = len(form.split())
            if len(form) < 5:  # short names fuzzy-match too many ordinary words
                continue
            pairs = [(form, toks) for toks in variants] + ([(phonetic(form), key)] if key else [])
            for wanted, toks in pairs:
                words = wanted.split() if person and width >= 2 else None  # a full name may be garbled
                for i in range(max(1, len(toks) - width + 1)):
                    if any(map(_other_number, wanted.split(), toks[i : i + width])):
                        continue  # 'Philip III, Duke of Burgundy' for Philip II: another of the line
                    window = " ".join(toks[i : i + width])
                    score = fuzz.ratio(wanted, window)
                    if score < threshold and words and _one_word_misspelt(words, toks[i : i + width]):
                        score = threshold
                    if score > best[0]:
                        best = (score, window)
        if best[0] >= threshold:
            hits.append(NameHit(target.id, best[1], best[0]))
    return hits


MISSPELT_WORD = 65
"""rapidfuzz ratio at which one word of a full name, beside the others spelt exactly, is that word misspelt
('maren olfagin' for Maren Olvhagen: 'olfagin' 67; 'maren olsen' has 'olsen' 46 and is someone else)."""


def _one_word_misspelt(name: list[str], words: list[str]) -> bool:
    """Whether the words are a name of two or more words with exactly one word misspelt (same first letter,
    at most one letter longer or shorter, MISSPELT_WORD alike) and the others written exactly: what a small
    model writes when it garbles a name it knows. A word shorter or longer by more is another name ('Dakota
    Fanny' is not Dakota Fanning)."""
    if len(name) < 2 or len(words) != len(name):
        return False
    wrong = [(a, b) for a, b in zip(name, words, strict=True) if a != b]
    if len(wrong) != 1 or not any(len(a) >= 4 for a, b in zip(name, words, strict=True) if a == b):
        return False
    a, b = wrong[0]
    return a[:1] == b[:1] and abs(len(a) - len(b)) <= 1 and fuzz.ratio(a, b) >= MISSPELT_WORD


def masked_name(masked: list[re.Pattern[str]], target: Target, runs: Sequence[list[str]] = ()) -> str:
    """A word of the target's names (four letters or more) that one of the masked words spells, or a
    multi-word name that a run of words spells whole (see :func:`masked_runs`)."""
    for surface in target.names:
        words = normalize(surface).split()
        for word in words:
            if len(word) >= 4 and any(p.fullmatch(word) for p in masked):
                return word
        if len(words) >= 2 and any(_masks_name(run, words) for run in runs):
            return " ".join(words)
    return ""


_MASKED_RUN = re.compile(r"[\w*•]+(?:[ \t]+[\w*•]+)+")
MASKED_RUN_SHOWN = 3
"""Letters a name of short words written with letters masked must show at least ('L* M** Y*' for Li Mei Yu,
whose words are too short to be read one by one), and a third of its letters."""


def masked_runs(text: str) -> list[list[str]]:
    """Runs of words on one line with letters masked by '*' or '•' among them, folded ('l*', 'm**', 'y*')."""
    if "*" not in text and "•" not in text:
        return []
    runs = [fold(m.group()).split() for m in _MASKED_RUN.finditer(text.replace("-", " "))]
    return [run for run in runs if any("*" in w or "•" in w for w in run)]


def _masks_name(run: list[str], words: list[str]) -> bool:
    """Whether consecutive words of the run spell the name's words letter for letter, some letters masked:
    enough of them showing (MASKED_RUN_SHOWN, a third) that the name is not merely a pattern of lengths."""
    letters = sum(map(len, words))
    for start in range(len(run) - len(words) + 1):
        window = run[start : start + len(words)]
        if not all(len(a) == len(b) for a, b in zip(window, words, strict=True)):
            continue
        pairs = [(a, b) for w, n in zip(window, words, strict=True) for a, b in zip(w, n, strict=True)]
        if any(a not in "*•" and a != b for a, b in pairs):
            continue
        shown = sum(a not in "*•" for a, _ in pairs)
        if shown < letters and shown >= max(MASKED_RUN_SHOWN, letters / 3):
            return True
    return False


class PartsIndex:
    """Which targets' full names a speaker spelt out piece by piece (first name in one turn, family name in
    the next). Indexes the first and last word (of three letters or more) of each multi-word name."""

    def __init__(self) -> None:
        self._parts: dict[str, set[str]] = {}
        self._by_id: dict[str, list[set[str]]] = {}

    def add(self, target: Target) -> None:
        self.remove(target.id)
        words = [[w for w in normalize(n).split() if len(w) >= 3] for n in target.names]
        names = [{ws[0], ws[-1]} for ws in words if len(ws) >= 2]
        for word in set().union(*names) if names else ():
            self._parts.setdefault(word, set()).add(target.id)
        self._by_id[target.id] = names

    def add_many(self, targets: Iterable[Target]) -> None:
        for target in targets:
            self.add(target)

    def remove(self, target_id: str) -> None:
        for name in self._by_id.pop(target_id, []):
            for word in name:
                ids = self._parts.get(word)
                if ids is not None:
                    ids.discard(target_id)
                    if not ids:
                        del self._parts[word]

    def clear(self) -> None:
        self._parts.clear()
        self._by_id.clear()

    def find(self, earlier: Iterable[str], current: str) -> list[NameHit]:
        """Targets whose name words all occur across ``earlier`` texts and ``current``, some in each: a name
        completed now from pieces said before (a name within one answer is the alias index's business)."""
        now = {w for toks in _variants(current) for w in toks}
        before = {w for text in earlier for toks in _variants(text) for w in toks}
        hits = []
        for tid in {tid for w in now for tid in self._parts.get(w, ())}:
            for name in self._by_id.get(tid, []):
                if name <= now | before and name & now and name & before:
                    hits.append(NameHit(tid, " + ".join(sorted(name))))
                    break
        return hits
