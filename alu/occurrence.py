"""How one occurrence of a target's name reads in its text: the target, or a namesake, a common noun, part of
another name or title, a relative (:func:`namesake_shaped`, :func:`without_namesakes` and the readings they
rest on), and the text with the targets' names masked (:func:`mask_names`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from alu.compounds import inside_compound, noun_compound
from alu.exonyms import place_alias
from alu.heard import heard_latin, loose_spelling
from alu.keys import PROPER_ZIPF, is_work, zipf
from alu.lexicon import foreign_common_word, is_common_word
from alu.name_forms import (
    EAR_ALIKE,
    HEARD,
    HONORIFICS,
    MAX_PIECES,
    NEAR_LETTERS,
    NEAR_SPELLING,
    PARTICLES,
    SHORT_NAME_LETTERS,
    SOUND,
    SPELT_ALIKE,
    given_before,
    initialisms,
    latin_letters,
    phonetic_spelling,
    shared_run_together,
    shared_title_parts,
    spelling_variants,
    surface_forms,
)
from alu.namesake_cues import (
    OFFICE_TITLES,
    asks_for_someone,
    described_as_other,
    described_before_as_other,
    names_an_eponym,
    opens_as_common_noun,
    stands_alone,
    titles_unlike,
)
from alu.text import (
    ABBREVIATIONS,
    ONE,
    fold,
    normalize,
    opens_sentence,
    sound_key,
    transliterate,
)
from alu.types import Target

_WORD = re.compile(r"\w+")
_PREV_WORD = re.compile(r"(\w+)\.?(?:[ \t]+&)?[ \t]+$")  # 'Kristen Bell', 'Marks & Spencer'
_NEXT_WORD = re.compile(r"(?:,|[ \t]+&)?[ \t]+(\w+)")  # 'Paris Hilton', 'Paris, Texas'
_TITLE_BEFORE = re.compile(
    r"(\w+)[ \t]+(?:(?:of|in|the|on|at|for|and|de|du|la|le)[ \t]+)+$"
)  # 'Treaty of Paris'
_TITLE_AFTER = re.compile(r"(?:[ \t]+of[ \t]+(?:the[ \t]+)?|['’]s[ \t]+)(\w+)")  # 'Gates of Hell'
_TITLE_BY = re.compile(r"(\w+)[ \t]+(?:by|with|to|from)[ \t]+(?:the[ \t]+)?$")
"""'Saved by the Bell', 'Gone with the Wind': a title when its first word is capitalised inside a sentence
(at a sentence's start, 'Invented by Bell' is a sentence about him)."""
_COMPOUND = re.compile(r"-(\w+)")
MASK = "someone"
"""What a masked name reads as (:func:`mask_names`)."""
_STOPWORDS = {"the", "of", "and", "for", "with", "from", "who", "what", "that", "this", "was", "not"}


# Capitalised words that open sentences or stand before a place or person without being part of a name.
_STARTERS = {
    "a", "an", "the", "in", "at", "on", "of", "to", "from", "for", "by", "with", "about", "near", "like",
    "as", "and", "but", "or", "so", "if", "when", "where", "while", "after", "before", "since", "then",
    "yes", "no",
    "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "my", "your", "its", "is", "was", "visit", "visiting", "only", "even", "also", "today", "ask",
    "meet", "dear", "hello", "hi", "thanks", "what", "who", "which", "why", "how", "did", "does", "do",
    "has", "had", "have", "are", "were", "be", "not", "all", "any", "some", "up", "out", "into", "over",
}  # fmt: skip


@lru_cache(maxsize=1024)
def casing_informative(text: str) -> bool:
    """Whether capitals in the text carry meaning: not all lower case, not Title Case Every Word, not upper
    case. Only then can a lower-case word be a common noun ('bell pepper') and a capitalised pair be someone
    else's name ('Kristen Bell'); otherwise the case is the writer's whim, or an attacker's. Title Case is
    text whose words inside sentences are all capitalised, function words included ('Olvhagen Did, Working
    From Home'); names alone do not make it ('The Leon River runs through Bell County', 'Where is Bell Rock
    Lighthouse?')."""
    words = [m for m in _WORD.finditer(text) if m.group()[:1].isalpha()]
    if not any(m.group()[:1].isupper() for m in words):
        return False
    if len(words) >= 3 and sum(m.group().isupper() for m in words) >= 0.7 * len(words):
        return False
    inner = [m.group() for m in words if not opens_sentence(text, m.start())]
    capitalised = [w for w in inner if w[:1].isupper()]
    long = [w for w in inner if len(w) >= 4]
    title_case = (
        len(long) >= 3
        and all(w[:1].isupper() for w in long)
        and any(w.lower() in _STARTERS for w in capitalised if w != "I")
    )
    return not title_case


def namesake_shaped(text: str, form: str, target: Target) -> bool:
    """True when every occurrence of a one-word form in the text reads as something else than the target
    as such: a common noun (lower case in normally cased text: 'bell pepper', 'plaster of paris'), part of
    a compound ('bell-bottoms'), one of several ('a Paris in Tennessee'), or part of another name or title
    (next to a capitalised word that is not the target's own: 'Kristen Bell', 'Paris Hilton', 'Taco Bell',
    'Kendall Jenner', 'Paris, Texas', 'Treaty of Paris'). Such occurrences are decided by what the text
    says about the target with the name masked (see ``Screener``), not by the word alone. An occurrence
    that is none of these (a capitalised word standing alone, or any word in text whose case means nothing)
    is the target; so is a form found only through a disguise (leet, look-alike letters, encodings): no
    plain occurrence, nothing to go by.

    A capitalised word standing alone after the text introduced a namesake refers back to it ('Kristen
    Bell voiced Anna. Bell also starred in The Good Place'; 'Bell Textron makes the Bell 206'), so it is
    decided by the context too.

    A part of a title many have held (:func:`shared_title_parts`) reads as another holder's where the text
    gives it to one (:func:`_held_by_another`)."""
    if " " in form or form in shared_run_together(target):
        return _held_by_another(text, form, target)
    pairs = _readings(text, form, target)
    return bool(pairs) and all(r in ("noun", "name", "kin") for _, r in pairs)


_HOLDER_BEFORE = re.compile(r"(?:\b([A-Z][\w'’-]*)[ \t]+)?\b([A-Z][\w'’-]*),[ \t]+(?:the[ \t]+)?$")
"""A holder written before a title: 'René II, ', 'Constance, ', 'Philip the Good, '."""
_HOLDER_AFTER = re.compile(r",?[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?([A-Z][\w'’-]*)")
"""What a given name with its regnal number is of: 'Frederick I, Elector', 'Frederick I of Prussia'."""


def _held_by_another(text: str, form: str, target: Target) -> bool:
    """Whether every plain occurrence of a part of a title many have held (:func:`shared_title_parts`) is
    given to another holder: the title after another given name or regnal number and a comma ('René II,
    Duke of Lorraine', 'Constance, Duchess of Brittany' for Frederick I and Anne), the given name with its
    regnal number before another title or place ('Frederick I, Elector of Brandenburg', 'Frederick I of
    Prussia'). An occurrence standing alone after one given to another holder refers back to that holder
    ('Who was René II, Duke of Lorraine?' 'Duke of Lorraine from 1473...'). In text whose case means
    nothing, nothing tells."""
    shared = {normalize(p) for p in shared_title_parts(tuple(target.names), target.description)}
    form = next((p for p in shared if form in (p, p.replace(" ", ""))), "")
    folded = fold(text)
    if not form or len(folded) != len(text) or not casing_informative(text):
        return False
    own = frozenset(w for surface in surface_forms(target) for w in normalize(surface).split())
    pattern = r"\b" + r"[\W_]+".join(map(re.escape, form.split())) + r"\b"
    given = form in {normalize(name.split(",")[0]) for name in target.names}
    introduced = False
    for hit in re.finditer(pattern, folded):
        holder = _holder_words(text, hit, given)
        if any(normalize(w) not in own | _STARTERS for w in holder):
            introduced = True
        elif holder or not introduced:
            return False  # given to the target, or standing alone before any other holder
    return introduced


def _holder_words(text: str, hit: re.Match[str], given: bool) -> list[str]:
    """The capitalised words that say whose a shared title part is at one occurrence (see
    :func:`_held_by_another`): after a `given` name with its regnal number, the title or place it goes
    with; before a title, the holder's name and a comma."""
    if given:
        after = _HOLDER_AFTER.match(text, hit.end())
        return [after.group(1)] if after else []
    before = _HOLDER_BEFORE.search(text, max(0, hit.start() - 60), hit.start())
    return [w for w in before.groups() if w] if before else []


def answers_someone(text: str, form: str, context: Iterable[str]) -> bool:
    """Whether the text opens with a one-word form standing alone or as a headword ('Drake.', 'Sting: the
    singer'; see :func:`alu.namesake_cues.stands_alone`) and a context text asks for someone ('Which band
    recorded Barracuda?' 'Heart.'; see :func:`alu.namesake_cues.asks_for_someone`): a bare answer naming
    them, though the word is a common one."""
    first = _WORD.search(text)
    if first is None or latin_letters(first.group()) != form or not stands_alone(text, first.end()):
        return False
    return any(asks_for_someone(c.replace(text, " ")) for c in context if c != text)  # the question's words


def spells_kin(text: str, form: str, target: Target) -> bool:
    """True when a full name found only spelt nearly alike ('Ivana Trump' for Ivanka Trump: see
    :meth:`alu.matcher.AliasIndex._spelt_near`) is written in the text as a relative the target's
    description names ('daughter of Donald Trump and Ivana Trump'): that relative, not the name in another
    language."""
    words = form.split()
    plain = f" {normalize(text)} "
    if len(words) < 2 or f" {form} " in plain or target.kind == "topic":
        return False
    own = frozenset(w for surface in surface_forms(target) for w in normalize(surface).split())
    return any(f" {given} {words[-1]} " in plain for given in _relatives(target, words[-1], own))


def names_kin_only(text: str, form: str, target: Target) -> bool:
    """True when a one-word form names, in the text, only relatives of the target's that its description
    names ('Who is Joe Biden's wife?' for Hunter Biden, 'son of Joe Biden'), common nouns aside: nothing
    there is the target, and what the text says is about the relative, not for the context to decide."""
    readings = [r for _, r in _readings(text, form, target)]
    return "kin" in readings and all(r in ("noun", "kin") for r in readings)


def read_as_common_noun(text: str, form: str, target: Target) -> bool:
    """True when every occurrence of a one-word form in the text reads as a common noun ('Sure: Trump',
    'Marsh.': see :func:`namesake_shaped`), none as part of another's name ('John Smith')."""
    readings = [r for _, r in _readings(text, form, target)]
    return bool(readings) and all(r == "noun" for r in readings)


def written_as_name(text: str, form: str) -> bool:
    """Whether a multi-word form occurs in the text with its words capitalised ('the Iron Lady'), the
    function words aside, in text whose case means something; in text whose case means nothing, any
    occurrence is (fail closed)."""
    words = form.split()
    pattern = r"\b" + r"[\W_]+".join(map(re.escape, words)) + r"\b"
    folded = fold(text)
    if len(folded) != len(text):
        return True
    hits = list(re.finditer(pattern, folded))
    if not casing_informative(text):
        return bool(hits)
    return any(
        all(w[:1].isupper() for w in text[h.start() : h.end()].split() if normalize(w) not in _STOPWORDS)
        for h in hits
    )


def inside_longer_name(text: str, form: str, target: Target) -> bool:
    """True when every plain occurrence of a multi-word name (or of its words run together) reads as
    another's name, in text whose case means something: part of a longer one, followed or preceded by
    another capitalised word ('Jack London Square', 'George Washington Bridge', 'George Washington Carver',
    'Hans Albert Einstein'), or described as someone the target is not ('John Smith, the Labour Party
    leader who died in 1994', 'the other Kris Jenner': see :mod:`alu.namesake_cues`). The context decides
    it as it decides a one-word namesake. No plain occurrence (a disguise) is the target."""
    hits = _full_name_hits(text, form, target)
    own = {w for n in map(normalize, surface_forms(target)) for w in n.split()}
    return bool(hits) and all(
        _other_middle_names(hit, target) or _another_at(text, hit, own, target) for hit in hits
    )


def initialled_otherwise(text: str, form: str, target: Target) -> bool:
    """Whether every plain occurrence of a multi-word name is written with middle initials that none of the
    target's names write ('Michael B. Jordan', 'Michael I. Jordan' for Michael Jordan; see
    :func:`_with_middle_names`): a middle initial is another person's as often as the target's own. A
    target whose names write middle names of its own is decided by :func:`inside_longer_name`."""
    hits = _full_name_hits(text, form, target)
    names = [normalize(s).split() for s in surface_forms(target)]
    return bool(hits) and all(_initialled(normalize(hit.group()).split(), names) for hit in hits)


def _initialled(words: list[str], names: list[list[str]]) -> bool:
    middle = words[1:-1]
    return bool(middle) and all(len(w) == 1 for w in middle) and words not in names


def introduced_as_other(text: str, form: str, target: Target) -> bool:
    """Whether the first plain occurrence of a multi-word name in the text reads as another's (see
    :func:`inside_longer_name`): a later text that holds it refers back to that person ('Who was John
    Smith, the Labour leader?' then 'John Smith led the party until 1994')."""
    hits = _full_name_hits(text, form, target)
    own = {w for n in map(normalize, surface_forms(target)) for w in n.split()}
    return bool(hits) and _another_at(text, hits[0], own, target)


def _full_name_hits(text: str, form: str, target: Target) -> list[re.Match[str]]:
    """The plain occurrences of the target's multi-word name that `form` is (spaced, run together or in
    leetspeak's ones), in text whose case means something; none otherwise."""
    spaced = next(
        (
            n
            for n in map(normalize, surface_forms(target))
            if " " in n and form in (n, n.replace(" ", ""), n.translate(ONE))
        ),
        "",
    )
    if not spaced or not casing_informative(text):
        return []
    folded = fold(text)
    if len(folded) != len(text):
        return []
    pattern = r"\b" + r"[\W_]+".join(map(re.escape, spaced.split())) + r"\b"
    hits = list(re.finditer(pattern, folded))
    words = spaced.split()
    if len(words) == 2:  # 'Angela Dorothea Merkel': with its middle names (see _without_middle_names)
        hits += _with_middle_names(text, folded, words)
    return hits


def _with_middle_names(text: str, folded: str, words: list[str]) -> list[re.Match[str]]:
    """The places the two-word name `words` is written with one or two capitalised middle names or
    initials between its words ('Angela Dorothea Merkel', 'Bill H. Gates'), over the whole name."""
    given, family = map(re.escape, words)
    pattern = rf"\b{given}((?:[ \t]+\w+\.?){{1,{_MIDDLE_NAMES}}})[ \t]+{family}\b"
    return [
        hit
        for hit in re.finditer(pattern, folded)
        if all(w[:1].isupper() for w in text[hit.start(1) : hit.end(1)].split())
    ]


def _other_middle_names(hit: re.Match[str], target: Target) -> bool:
    """Whether a full name found with middle names (:func:`_with_middle_names`) is the given and family name
    of a target whose own names write its middle names ('George H. W. Bush' for George W. Bush, known also
    as George Bush): its middle names are other than the target's, so another person's."""
    words = normalize(hit.group()).split()
    names = [normalize(s).split() for s in surface_forms(target)]
    if len(words) <= 2 or words in names:
        return False
    return any(len(n) > 2 and n[0] == words[0] and n[-1] == words[-1] for n in names)


def _another_at(text: str, hit: re.Match[str], own: set[str], target: Target) -> bool:
    """Whether one occurrence of a full name reads as another's: see :func:`inside_longer_name`."""
    if _capitalised_next(text, hit.end(), own) or _given_name_before(text, hit.start(), own):
        return True
    description = target.description if target.kind != "topic" else ""
    return bool(description) and (
        described_as_other(text, hit.start(), hit.end(), description)
        or described_before_as_other(text, hit.start(), description)
    )


def _given_name_before(text: str, start: int, own: set[str]) -> bool:
    """Whether another given name or initial stands right before a full name ('Hans Albert Einstein',
    'George H. W. Bush'): capitalised, none of the target's words, no title, and no word that opens
    sentences; a common word opening the sentence describes the name ('Physicist Albert Einstein')."""
    before = _previous_word(text, start)
    if before is None or not before.group(1)[:1].isupper():
        return False
    key = normalize(before.group(1))
    if key in own | _STARTERS | HONORIFICS:
        return False
    return not (opens_sentence(text, before.start(1)) and is_common_word(key))


_NAME_HEAD = re.compile(r"(?:['’]s)?[ \t]+(\w+)")  # 'Jack London Square', "John Smith's Bitter"


def _capitalised_next(text: str, end: int, own: set[str]) -> bool:
    """Whether the word right after `end` (a space between, no comma) is capitalised, none of the target's
    own words, no word that opens sentences ('Albert Einstein I think...' is not a longer name) and no
    acronym ('Raven Marais's LGBTQ+ identity', 'Jane Doe MP': an acronym after a name is about the person,
    never the rest of another name)."""
    after = _NAME_HEAD.match(text, end)
    if after is None or not after.group(1)[:1].isupper():
        return False
    word = after.group(1)
    if len(word) >= 2 and word.isupper():
        return False
    return normalize(word) not in _STARTERS | own


def without_namesakes(text: str, forms: Iterable[str], target: Target) -> str:
    """The text without the one-word forms where they read as part of another name, the rest of that name
    kept ('Cherie Blair is a barrister' -> 'Cherie is a barrister', 'Paris Baguette' -> 'Baguette'): what
    the text says about the namesake. Masking the word instead ('Cherie someone') leaves a mask that reads
    like the target's own masked text, so a namesake would look like the target by that alone."""
    spans = [
        hit.span()
        for form in dict.fromkeys(forms)
        if " " not in form
        for hit, reading in _readings(text, form, target)
        if reading in ("name", "kin")
    ]
    for start, end in sorted(spans, reverse=True):
        text = (
            text[:start].rstrip(" \t") + (" " if start and end < len(text) else "") + text[end:].lstrip(" \t")
        )
    return text


def _spells(word: str, form: str) -> bool:
    """Whether a word of the text is the form: normalised, spelt nearly alike ('Аристотель', 'Aristotele'
    for 'aristotle'), or by ear ('Аристотель' for a sound key or a one-word name by ear)."""
    if form.startswith(HEARD):
        return not word.isascii() and fuzz.ratio(form[len(HEARD) :], _ear_spelling(word)) >= EAR_ALIKE
    if form.startswith(SOUND):
        return not word.isascii() and SOUND + _heard_key(word) == form
    latin = latin_letters(word)
    if latin == form:
        return True
    return (
        len(form) >= NEAR_LETTERS
        and abs(len(latin) - len(form)) <= 3
        and latin[:1] == form[:1]
        and fuzz.ratio(latin, form) >= NEAR_SPELLING
    )


@lru_cache(maxsize=16_384)
def _heard_latin(word: str) -> str:
    return heard_latin(word)


@lru_cache(maxsize=16_384)
def _ear_spelling(word: str) -> str:
    return loose_spelling(heard_latin(word))


def _heard_key(word: str) -> str:
    return sound_key(_heard_latin(word))


def _is_own(word: str, own: frozenset[str]) -> bool:
    """Whether a neighbouring word is one of the target's own words: normalised, or spelt alike by ear in
    another script ('Άλμπερτ' beside 'Αϊνστάιν' is Albert)."""
    if transliterate(word) == word:
        return normalize(word) in own
    heard = phonetic_spelling(_heard_latin(word))
    return any(fuzz.ratio(heard, phonetic_spelling(w)) >= SPELT_ALIKE for w in own)


def _readings(text: str, form: str, target: Target) -> list[tuple[re.Match[str], str]]:
    """Each plain occurrence of a one-word form (or of its sound key, in another script) with how it
    reads (see :func:`_reading`), a capitalised word standing alone that refers back to a namesake the text
    introduced read as 'name'; none for a form with spaces or found only through a disguise."""
    if " " in form:
        return []
    surfaces = surface_forms(target)
    own = frozenset(w for surface in surfaces for w in normalize(surface).split())
    acronym = any(_is_acronym(s) and normalize(s) == form for s in surfaces)
    thing = not acronym and _names_a_thing(form, target)
    description = target.description if target.kind != "topic" else ""
    place = place_alias(form, target)
    unlike = titles_unlike(target)
    if zipf(form) < RARE_NAME_ZIPF:
        unlike -= OFFICE_TITLES
    who = _Who(unlike, description, is_work(target), given=given_before(surfaces, form))
    pairs = _readings_of(text, form, own, acronym, thing, place, who)
    if not _may_follow_kin(text, pairs, target):
        return pairs
    who = replace(who, kin=_relatives(target, form, own))
    return _readings_of(text, form, own, acronym, thing, place, who)


def _may_follow_kin(text: str, pairs: list[tuple[re.Match[str], str]], target: Target) -> bool:
    """Whether a 'name' reading follows a word the target's descriptions write capitalised: only then can it
    follow a relative's given name (:func:`_after_kin`: the relatives are such words). Reading the
    descriptions for relatives is what a common family name ('Park', 'Grant') cost on every target bearing
    it (5-9 ms for 34-46 targets of 10,000: the slowest unrelated questions)."""
    for hit, reading in pairs:
        before = _previous_word(text, hit.start()) if reading == "name" else None
        parts = set(normalize(before.group(1)).split()) if before is not None else None
        if parts is not None and any(parts <= capitalised_words(d) for d in target.described):
            return True
    return False


@lru_cache(maxsize=16_384)
def capitalised_words(text: str) -> frozenset[str]:
    """The words the text writes with a capital, normalised."""
    return frozenset(normalize(" ".join(w for w in _WORD.findall(text) if w[:1].isupper())).split())


def _relatives(target: Target, form: str, own: frozenset[str]) -> frozenset[str]:
    """:func:`_kin` of each text that says who a person is (none for a topic)."""
    if target.kind == "topic":
        return frozenset()
    return frozenset().union(*(_kin(text, form, own) for text in target.described))


@lru_cache(maxsize=4096)
def _kin(description: str, form: str, own: frozenset[str]) -> frozenset[str]:
    """The given names the description writes before a target's one-word form for someone else: its
    relatives ('second son of Joe Biden' for Hunter Biden; 'daughter of Barack and Michelle Obama' for
    Malia Obama, both given names). 'Joe Biden' in a text is then that relative, not the target."""
    kin = set()
    for hit, reading in _readings_of(description, form, own):
        before = _previous_word(description, hit.start())
        if reading != "name" or before is None or not before.group(1)[:1].isupper():
            continue
        kin.add(normalize(before.group(1)))
        pair = _KIN_PAIR.search(description, max(0, before.start(1) - 40), before.start(1))
        if pair is not None and not opens_sentence(description, pair.start(1)):
            kin.add(normalize(pair.group(1)))
    return frozenset(kin - own)


_KIN_PAIR = re.compile(r"\b([A-Z][\w'’-]*)[ \t]+(?:and|&)[ \t]+$")
"""The first of two given names that share a family name ('Barack and Michelle Obama')."""


RARE_NAME_ZIPF = 3.0
"""A one-word name rarer than this in English (wordfreq: 'Abilov' 0, 'Majumdar' 2.1, 'Curie' 2.9; not
'Nakamura' 3.05, 'Cooper' 4.3) is borne by few: a rank or profession written before it that the target's
description does not give ('Dr. Abilov' for an author) tells no other bearer apart, since a description
seldom lists every degree and office. A title of the other gender still does ('Mrs. Abilov': his wife)."""


@dataclass(frozen=True)
class _Who:
    """What a target's description tells about who it can be, for reading its names in a text."""

    unlike: frozenset[str] = frozenset()
    """Titles it cannot bear (:func:`alu.namesake_cues.titles_unlike`)."""
    description: str = ""
    """Its description, to tell a namesake described otherwise (none for a topic)."""
    work: bool = False
    """Whether it is a work (:func:`alu.keys.is_work`): 'Rachel in Friends' is a character in it."""
    kin: frozenset[str] = frozenset()
    """Given names its description writes before its one-word form for a relative (see :func:`_kin`)."""
    given: frozenset[str] = frozenset()
    """Its given names that its names write right before the one-word form (:func:`given_before`)."""


def _names_a_thing(form: str, target: Target) -> bool:
    """A topic's form that is a rare word ('sarin', 'ricin', 'anthracis'): in lower case it is the thing
    itself, not a common noun that happens to spell a name ('bell pepper'); 'a sarin attack' is sarin."""
    return target.kind == "topic" and not form.startswith(SOUND) and zipf(form) < PROPER_ZIPF


def _is_acronym(surface: str) -> bool:
    """A two-letter form written in capitals ('VX', 'C2'): its case is part of it, since two letters in
    other cases are mostly symbols and abbreviations ('Vx', 'Dx', 'vx')."""
    return len(surface) == 2 and surface.isupper() and surface.isalnum()


@lru_cache(maxsize=4096)
def _readings_of(
    text: str,
    form: str,
    own: frozenset[str],
    acronym: bool = False,
    thing: bool = False,
    place: bool = False,
    who: _Who = _Who(),
) -> list[tuple[re.Match[str], str]]:
    """:func:`_readings`, once per text, form and target's own words (a screening asks several times).

    Two cases read as ordinary words in text whose case means something, so the context decides them: an
    acronym written otherwise than in capitals ('Vx: x is a victim' in predicate logic is not the nerve
    agent VX), and a one-word form found only as ordinary words in lower case run together ('solar wind'
    is not SolarWinds; 'Solar Winds' or 'Ein stein' still is the name). A rare word a topic is named by
    (`thing`) reads as the topic wherever it stands. A person's alias that names a place (`place`) reads as
    the place after a word that locates ('the largest city in Washington'). A name after a title the
    target cannot bear ('Mrs. Gates' for Bill Gates), or described as someone it is not ('Dr. Einstein, a
    dentist in Leeds'), reads as another person's (`who`)."""
    informative = casing_informative(text)
    hits = [m for m in _WORD.finditer(text) if _spells(m.group(), form)]
    if not hits:
        return [
            (run, "noun" if informative and _ordinary_words(text, run) else "target")
            for run in _runs(text, form)
        ]
    if thing:
        return [(hit, "target") for hit in hits]
    pairs = [
        (hit, _as_who(text, hit, _reading(text, hit, own, informative, who.work, who.given), who))
        for hit in hits
    ]
    if acronym and informative:
        pairs = [(hit, "noun" if r == "alone" and not hit.group().isupper() else r) for hit, r in pairs]
    if place:
        pairs = [(hit, "name" if r == "alone" and _located(text, hit) else r) for hit, r in pairs]
    introduced = next((hit.end() for hit, r in pairs if r == "name"), len(text))
    pairs = [(hit, "name" if r == "alone" and _refers_back(text, introduced, hit) else r) for hit, r in pairs]
    return [(hit, "kin" if r == "name" and _after_kin(text, hit, who.kin) else r) for hit, r in pairs]


def _after_kin(text: str, hit: re.Match[str], kin: frozenset[str]) -> bool:
    """Whether the occurrence follows a relative's given name (see :func:`_kin`): 'Joe Biden', 'Michelle
    Obama'."""
    before = _previous_word(text, hit.start())
    return before is not None and normalize(before.group(1)) in kin


def _as_who(text: str, hit: re.Match[str], reading: str, who: _Who) -> str:
    """A 'titled' reading (a title before the name) is another person's when the target cannot bear the
    title, else the target's; one standing alone is another person's when the text describes it as someone
    the target is not (see :mod:`alu.namesake_cues`)."""
    if reading == "titled":
        title = _previous_word(text, hit.start())
        unlike = title is not None and normalize(title.group(1)) in who.unlike
        return "name" if unlike or _described_otherwise(text, hit, who) else "target"
    return "name" if reading == "alone" and _described_otherwise(text, hit, who) else reading


def _described_otherwise(text: str, hit: re.Match[str], who: _Who) -> bool:
    """Whether an apposition after a one-word name, or an occupation right before it, describes someone
    the target's description rules out ('Dr. Einstein, a dentist in Leeds')."""
    return bool(who.description) and (
        described_as_other(text, hit.start(), hit.end(), who.description, predicate=False)
        or described_before_as_other(text, hit.start(), who.description)
    )


_LOCATED = re.compile(
    r"\b(?:in|to|from|near|across|around|outside|inside|throughout|within|into|visit|visiting|state of)"
    r"(?:[ \t]+(?:the[ \t]+)?(?:state|city|area|region|capital)[ \t]+of)?(?:[ \t]+the)?[ \t]+$",
    re.IGNORECASE,
)


def _located(text: str, hit: re.Match[str]) -> bool:
    """Whether a word locates the occurrence ('in', 'to', 'from', 'the state of'): then it names a place."""
    return _LOCATED.search(text, max(0, hit.start() - 30), hit.start()) is not None


_SPAN = re.compile(r".+", re.DOTALL)


def _runs(text: str, form: str) -> list[re.Match[str]]:
    """The places where consecutive words of the text, run together, spell the form exactly ('solar wind'
    for 'solarwind'), each as one match over those words."""
    words = list(_WORD.finditer(text))
    runs = []
    for i, first in enumerate(words):
        joined = latin_letters(first.group())
        for last in words[i + 1 : i + MAX_PIECES]:
            if not form.startswith(joined):
                break
            joined += latin_letters(last.group())
            if joined == form:
                runs.append(_SPAN.match(text, first.start(), last.end()))
                break
    return [run for run in runs if run is not None]


def run_of_ordinary_words(text: str, form: str) -> bool:
    """Whether a one-word form occurs in the text only as common words in lower case run together ('solar
    wind' for 'solarwind')."""
    runs = _runs(text, form)
    return bool(runs) and all(_ordinary_words(text, run) for run in runs)


def _ordinary_words(text: str, run: re.Match[str]) -> bool:
    """Whether a run of words is common words in lower case (the first may open a sentence)."""
    words = list(_WORD.finditer(run.group()))
    lower = all(w.group()[:1].islower() for w in words[1:]) and (
        words[0].group()[:1].islower() or opens_sentence(text, run.start())
    )
    return lower and all(is_common_word(normalize(w.group())) for w in words)


_SENTENCE_END = re.compile(r"[.!?]\s")


def _refers_back(text: str, introduced: int, hit: re.Match[str]) -> bool:
    """Whether a capitalised word standing alone refers back to a namesake introduced before it: in a later
    sentence ('Kristen Bell voiced Anna. Bell also starred...'), or named as a thing ('the Bell 206'). In
    the same sentence, it is someone else ('Paul Marston met Paul')."""
    if hit.start() < introduced:
        return False
    before = _PREV_WORD.search(text, max(0, hit.start() - 40), hit.start())
    return bool(_SENTENCE_END.search(text, introduced, hit.start())) or (
        before is not None and before.group(1).lower() == "the"
    )


_INDEFINITE = {"a", "an", "another", "ein", "eine", "einen", "einem", "einer", "une", "uno", "una", "een"}
"""Indefinite articles of English and of languages that capitalise nouns or may write one like a name
('Ein Bach ist ein kleines Gewässer', German's stream): one of several of that name, or a common noun."""


def _reading(
    text: str,
    hit: re.Match[str],
    own: frozenset[str],
    informative: bool,
    work: bool = False,
    given: frozenset[str] = frozenset(),
) -> str:
    """How one occurrence reads: 'target' (beside the target's own name, or in text whose case means
    nothing), 'titled' (after a title: see :func:`_as_who`), 'noun' (a common word in lower case, or
    opening a sentence as a common noun; compound or fixed expression, one of several), 'name' (part of
    another name or title, or a possessive naming a law or disease after someone) or 'alone' (a capitalised
    word standing alone, or a name that is no common word written in lower case: 'tokyo').

    A work's name right after a capitalised word and 'in' is the work a character is in ('Who played Rachel
    in Friends?', 'the spice Paul finds in Dune'), not the end of a title like 'Emily in Paris'.

    The initial of one of the target's other words beside it is its own ('A. Merkel', 'Merkel, A.'), and so
    are middle names between one of `given` (the given names its names write right before this word) and
    it ('Angela Dorothea Merkel'): another initial or given name is another person's ('U. Merkel')."""
    before = _previous_word(text, hit.start())
    after = _NEXT_WORD.match(text, hit.end())
    initials = _own_initials(own, latin_letters(hit.group()))
    own_before = before is not None and (
        _is_own(before.group(1), own) or _own_initial(text, before, initials)
    )
    if (
        own_before
        and informative
        and (_capitalised_next(text, hit.end(), set(own)) or _other_in_name(text, before, own, initials))
    ):
        return "name"  # 'George Bush Intercontinental Airport', 'George H. W. Bush': another's name
    own_after = after is not None and (_is_own(after.group(1), own) or _own_initial(text, after, initials))
    if own_before or own_after:
        return "target"  # 'Abilov Nikolai', 'A. Merkel', 'Merkel, A.': the target's own name beside
    if before is not None and informative and _middle_of_own(text, before, own, given):
        return "name" if _capitalised_next(text, hit.end(), set(own)) else "target"  # 'Bill H. Gates'
    if before and normalize(before.group(1)) in HONORIFICS:
        return "titled" if informative else "target"  # 'Mr Jenner'
    if not informative:
        return "target"
    word = normalize(hit.group())
    compound = _COMPOUND.match(text, hit.end())
    if (compound and _other_compound(text, hit, word, compound.group(1))) or (
        hit.group()[:1].islower()
        and (
            is_common_word(word)
            or len(word) < SHORT_NAME_LETTERS
            or foreign_common_word(text, hit.start(), hit.end())
        )
    ):
        return "noun"  # 'bell pepper', 'Bell-bottoms', 'le foglie sono verdi'; 'tokyo' is still the city
    if inside_compound(text, hit.start(), hit.end(), word):
        return "noun"  # 'plaster of Paris', 'Paris green', "Cooper's hawk"
    if before and before.group(1).lower() in _INDEFINITE and not compound:
        return "noun"  # 'a Paris in Tennessee', 'ein Bach': one of several ('a Rihanna-era song' is hers)
    if _opens_as_noun(text, hit, word):
        return "noun"  # 'Jobs growth slowed', 'Gates open at nine'

    def other_name(match: re.Match[str] | None) -> bool:
        """A capitalised word that is not the target's: part of another name, unless it is a word that
        opens sentences doing so ('In Paris', a Greek article read in Latin letters: 'O Kempton' of 'Ο
        Κεμπτον'); inside a sentence even those are a title's ('Down and Out in Paris and London'). An
        initial ('Michael I. Jordan') is part of a name."""
        if match is None or not match.group(1)[:1].isupper():
            return False
        key = normalize(match.group(1))
        initial = len(key) == 1 and text[match.end(1) : match.end(1) + 1] == "."
        opener = key in _STARTERS or len(key) == 1
        starter = not initial and opener and (key == "i" or opens_sentence(text, match.start(1)))
        return not (_is_own(match.group(1), own) or _own_initial(text, match, initials)) and not starter

    title = _TITLE_BEFORE.search(text, max(0, hit.start() - 60), hit.start())
    if work and title is not None and title.group(0).split()[1:] == ["in"]:
        title = None
    if title is not None and _asked_of(text, title):
        title = None
    by = _TITLE_BY.search(text, max(0, hit.start() - 60), hit.start())
    inner_title = by is not None and not opens_sentence(text, by.start(1)) and other_name(by)
    heads = other_name(_TITLE_AFTER.match(text, hit.end()))  # 'Gates of Hell', "Prince's Trust"
    named = other_name(before) or other_name(after) or other_name(title) or inner_title or heads
    return "name" if named or names_an_eponym(text, hit.end()) else "alone"


def _asked_of(text: str, title: re.Match[str]) -> bool:
    """Whether the word and 'de' before a name open the sentence as a request in another language does
    ('Háblame de Teopompo', 'Cuéntame de...', 'Parle de...': tell me about), not as the head of another name
    or title ('Treaty of Paris', 'Duke of Lorraine' are English words): the head is no English word, and it
    is a word of the text's language or carries that language's marks (an accent, as 'Háblame' does: too
    short a question tells no language). A given name of that language opening the sentence reads so too
    ('José de San Martín', 'Pierre de Fermat est né...'): the one-word name after it then counts as the
    target's, which over-blocks only a one-word target that is another person's family name."""
    head = title.group(1)
    if title.group(0).split()[1:] != ["de"] or not opens_sentence(text, title.start(1)):
        return False
    if is_common_word(head) or head.isupper():  # is_common_word lowers the word itself
        return False
    return foreign_common_word(text, title.start(1), title.end(1)) or any(c in _ACCENTED for c in head[1:])


_ACCENTED = frozenset("áéíóúàèìòùâêîôûãõ")
"""Accented vowels inside a word, as Spanish, Portuguese, French and Italian verbs with pronouns write
them."""


def _other_compound(text: str, hit: re.Match[str], word: str, part: str) -> bool:
    """Whether the occurrence opens a hyphenated compound (its next part `part`) that is something else than
    the name: one whose next part is capitalised or a number, another name or a model ('Paris-Brest',
    'Jean-Paul', 'Bell-206'), a common compound ('Bell-bottoms', 'Sting-ray'), or a common word capitalised
    only because it opens the sentence ('Bell-shaped curves'). A name heading a compound with a lower-case
    part is still the name: 'Wakanda-style', 'Rihanna-era songs', 'a Zendaya-inspired look'."""
    if not part[:1].islower():
        return True
    return is_common_word(word) and (noun_compound(word, part) or opens_sentence(text, hit.start()))


def _other_in_name(
    text: str, before: re.Match[str], own: frozenset[str], initials: frozenset[str] = frozenset()
) -> bool:
    """Whether the capitalised words and initials running up to a word of the target's own ('George H.
    W.' before 'Bush') hold one that is not the target's (nor one of its `initials`: 'Dr. A. Merkel'): the
    whole is another person's name."""
    word: re.Match[str] | None = before
    for _ in range(4):
        if word is None or not word.group(1)[:1].isupper():
            return False
        key = normalize(word.group(1))
        if key in _STARTERS | HONORIFICS:
            return False
        if not (_is_own(word.group(1), own) or _own_initial(text, word, initials)):
            return True
        word = _previous_word(text, word.start(1))
    return False


def _own_initials(own: frozenset[str], form: str) -> frozenset[str]:
    """The first letters of the target's words other than the form read ('a' of 'angela' for 'merkel')."""
    return frozenset(w[0] for w in own if len(w) > 1 and w != form)


def _own_initial(text: str, word: re.Match[str], initials: frozenset[str]) -> bool:
    """Whether a word beside a name is one of the target's `initials` ('A. Merkel', 'Merkel, A.'): one
    capital letter, with a full stop or inside a sentence; a capital 'A' opening a sentence is the article
    ('A Merkel ally said'), which reads as one of several."""
    letter = word.group(1)
    if len(letter) != 1 or not letter.isupper() or normalize(letter) not in initials:
        return False
    if _option_label(text, word.start(1)):
        return False
    return text[word.end(1) : word.end(1) + 1] == "." or not opens_sentence(text, word.start(1))


OPTION_LINE = re.compile(r"^[ \t]*([A-Ha-h])[.)][ \t]+(\S[^\n]*)", re.MULTILINE)
"""A line of a multiple-choice list: its letter and the option's text ('B. Chvostek sign')."""


def _option_label(text: str, start: int) -> bool:
    """Whether the letter at `start` labels an option of a list ('B. Chvostek sign' among 'A. ...' and
    'C. ...'): it opens its line before a full stop or a bracket, and another line opens with another letter
    so. Read as an initial, option B made 'B. Chvostek' a Basil Chvostek (MMLU at 10,000 authors)."""
    line = text.rfind("\n", 0, start) + 1
    if text[line:start].strip() or text[start + 1 : start + 2] not in (".", ")"):
        return False
    return len({m.group(1).upper() for m in OPTION_LINE.finditer(text)}) >= 2


_MIDDLE_NAMES = 2
"""Middle names or initials a text may write between a target's given name and family name."""


def _middle_of_own(text: str, before: re.Match[str], own: frozenset[str], given: frozenset[str]) -> bool:
    """Whether the capitalised words or initials right before a family name (at most :data:`_MIDDLE_NAMES`,
    none the target's own) follow one of the target's `given` names, with no other capitalised word or
    initial before that ('Angela Dorothea Merkel', 'Bill H. Gates'; not 'Hans Angela Dorothea Merkel'):
    the target with its middle names, which its name leaves out. A given name the target's names do not
    write with its family name is another person's ('Hans Albert Einstein' is decided as before)."""
    word: re.Match[str] | None = before
    for _ in range(_MIDDLE_NAMES):
        if word is None or not word.group(1)[:1].isupper():
            return False
        if normalize(word.group(1)) in own | _STARTERS | HONORIFICS:
            return False
        word = _previous_word(text, word.start(1))
        if word is not None and normalize(word.group(1)) in given and word.group(1)[:1].isupper():
            ahead = _previous_word(text, word.start(1))
            return ahead is None or not _other_in_name(text, ahead, own)
    return False


def _opens_as_noun(text: str, hit: re.Match[str], word: str) -> bool:
    """Whether a common word capitalised only because it opens a sentence is a common noun there ('Jobs
    growth slowed'; not 'Jobs founded Apple', 'Bell invented the telephone': see
    :func:`alu.namesake_cues.opens_as_common_noun`), or may be one: alone in its sentence or heading a
    gloss ('Pink.', '**Jewel** (n.): a precious stone'; see :func:`alu.namesake_cues.stands_alone`), which
    the context decides."""
    if not (hit.group()[1:].islower() and is_common_word(word)):
        return False
    if opens_sentence(text, hit.start()) and opens_as_common_noun(text, hit.start(), hit.end()):
        return True
    return opens_sentence(text, len(text[: hit.start()].rstrip("*_"))) and stands_alone(text, hit.end())


_ABBREVIATED = frozenset(normalize(word) for word in ABBREVIATIONS)
"""Words written with a full stop inside a sentence ('Dr. Cooper'), as :func:`normalize` writes them; any
other word before a full stop ends its sentence ('...an English sea captain. Drake sailed'), so it says
nothing about the word after."""


def _previous_word(text: str, start: int) -> re.Match[str] | None:
    """The word before `start` in the same sentence (a title's full stop allowed: 'Mr. Bell'), if any."""
    before = _PREV_WORD.search(text, max(0, start - 40), start)
    if before is None or text[before.end(1) : before.end(1) + 1] != ".":
        return before
    key = normalize(before.group(1))
    return before if len(key) == 1 or key in _ABBREVIATED else None


def mask_names(text: str, targets: Iterable[Target]) -> str:
    """The text with the targets' names replaced ('In which genre does Hina Ameen write?' -> 'In which
    genre does someone write?'): what the text says once the names are out of the way, so a namesake
    ('Hina Soo') is no longer similar to it only because it shares a first name.

    Every name and alias is masked where it occurs whole, and so is an initialism of one ('JFK'); the words
    of the main name (capitalised, three letters or more, not particles or stop words) also alone ('Ameen
    said'). Words are compared normalised and in ASCII spelling; consecutive masked words, with particles
    and punctuation between them ('Al-Kuwaiti'), become one mask, and so does an initial of the main name's
    words beside them ('A. Merkel', 'Merkel, A.' read as 'Merkel' does)."""
    forms: set[tuple[str, ...]] = set()
    initials: set[str] = set()
    for target in targets:
        initials.update(w[0] for w in normalize(target.name).split() if len(w) > 1 and w not in PARTICLES)
        for surface in target.names:
            forms.update(tuple(form.split()) for form in spelling_variants(surface) if form)
        forms.update((letters,) for letters in initialisms(target))
        for word in _WORD.findall(target.name):
            key = normalize(anyascii(word))
            if word[:1].isupper() and len(key) >= 3 and key not in PARTICLES | _STOPWORDS:
                forms.update({(key,), (normalize(word),)})
    if not forms:
        return text
    words = list(_WORD.finditer(text))
    keys = [normalize(m.group()) for m in words]
    ascii_keys = [normalize(anyascii(m.group())) for m in words]
    hidden = [False] * len(words)
    longest = max(len(f) for f in forms)
    for i in range(len(words)):
        for n in range(1, min(longest, len(words) - i) + 1):
            if tuple(keys[i : i + n]) in forms or tuple(ascii_keys[i : i + n]) in forms:
                hidden[i : i + n] = [True] * n
    out, last, i = [], 0, 0
    while i < len(words):
        if not hidden[i]:
            i += 1
            continue
        j = i  # extend over further masked words, letting particles between them ride along
        while j + 1 < len(words) and (
            hidden[j + 1] or (keys[j + 1] in PARTICLES and j + 2 < len(words) and hidden[j + 2])
        ):
            j += 1
        trailing = j + 1 < len(words) and _initial_beside(
            text, words[j + 1], words[j].end(), initials, _INITIAL_AFTER
        )
        j += trailing  # 'Merkel, A.'
        start = i - 1 if i > 0 and keys[i - 1] in PARTICLES and words[i - 1].start() >= last else i
        if start > 0 and words[start - 1].start() >= last:
            start -= _initial_beside(text, words[start - 1], words[start].start(), initials, _INITIAL_BEFORE)
        out += [text[last : words[start].start()], MASK]
        last = words[j].end()
        if trailing and _INITIAL_STOP.match(text, last):
            last += 1  # 'Merkel, A. said' -> 'someone said'
        i = j + 1
    return "".join(out) + text[last:]


_INITIAL_BEFORE = re.compile(r"\.?[ \t]*")
_INITIAL_AFTER = re.compile(r",?[ \t]+")
_INITIAL_STOP = re.compile(r"\.(?=[ \t]*[a-z,;])")
"""An initial's full stop inside a sentence (the next word in lower case, or a comma)."""


def _initial_beside(
    text: str, initial: re.Match[str], name: int, initials: set[str], between: re.Pattern[str]
) -> bool:
    """Whether a word is the initial of a masked name beside it, the name's edge at `name` ('A. Merkel',
    'Merkel, A.'): one capital letter among the `initials`, and only what `between` allows between them."""
    letter = initial.group()
    if len(letter) != 1 or not letter.isupper() or letter.lower() not in initials:
        return False
    start, end = (initial.end(), name) if initial.end() <= name else (name, initial.start())
    return between.fullmatch(text, start, end) is not None
