"""The forms a target's names take, worked out once per naming: surface forms (titled names in parts), partial
names, family names and words, initialisms, spellings run together or without hyphens, the title parts many
have held; and how alike another spelling must be to count as one of them. Below alu.occurrence (how one
occurrence reads in its text) and alu.matcher (the indexes that find them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps

from anyascii import anyascii

from alu.keys import zipf
from alu.lexicon import FUNCTION_WORDS, is_common_word
from alu.namesake_cues import OFFICE_TITLES
from alu.text import NAME_SUFFIXES, TITLES_OF_ADDRESS, deleet, normalize, phonetic
from alu.types import Target

MISSPELT_ZIPF = 2.5
"""English word frequency (Zipf) under which a word of a text is neither a word nor a common given name, so
may be a given name misspelt ('Angla' 0, 'Talor' 1.2, 'Tylor' 2.0); 'Marvin' (3.7), 'Karin' (3.0) and
'Kristin' (3.3) are other people's names."""
SOUND = "≈"
"""Prefix of sound keys (:func:`alu.text.sound_key`) in the index."""
HEARD = SOUND * 2
"""Prefix of a one-word name found by ear (:meth:`alu.matcher.AliasIndex._by_ear`), before its loose
spelling."""

_QUOTED = re.compile(r"[\"“«„]([^\"“”«»„]{3,90}?)[,.]?[\"”»“]")
PARTICLES = {"al", "el", "de", "da", "di", "van", "von", "der", "ben", "bin", "ibn", "le", "la"}
_ARTICLES = {"the"}  # "a" and "an" open names too ("A. B. Guthrie Jr.", "An Wang")


NAMINGS_KEPT = 65_536
"""Targets' namings whose derived forms :func:`per_naming` keeps, per kind of form (oldest dropped first)."""


def per_naming(derive: Callable[[Target], list[str]]) -> Callable[[Target], list[str]]:
    """`derive` worked out once per target naming (name, aliases, description, kind: the forms derived from
    a target depend on nothing else), where a screening derived them again for every target a text
    half-names (a family name like 'Grant' or 'Park' that 34-46 of 10,000 targets bear). Keys and values
    are tuples of strings, which the garbage collector stops tracking; each call gets a list of its own."""
    kept: dict[tuple[str, tuple[str, ...], str, str | None], tuple[str, ...]] = {}

    @wraps(derive)
    def forms(target: Target) -> list[str]:
        key = (target.name, tuple(target.aliases), target.description, target.kind)
        found = kept.get(key)
        if found is None:
            found = kept[key] = tuple(derive(target))
            if len(kept) > NAMINGS_KEPT:
                kept.pop(next(iter(kept)), None)
        return list(found)

    return forms


@per_naming
def key_phrases(target: Target) -> list[str]:
    """Quoted phrases of the description ('Works include "The Salt Atlas"'): titles of works and epithets
    that identify the target as surely as its name. Short or one-word phrases are left out (too common)."""
    out = []
    for phrase in _QUOTED.findall(target.description):
        form = normalize(phrase)
        if len(form.split()) >= 2 and len(form) >= 8 and phrase not in out:
            out.append(phrase.strip())
    return out


@per_naming
def partial_names(target: Target) -> list[str]:
    """Weaker forms of a multi-word name: family name alone, initials with family name ('N. Abilov',
    'B. M. Al-Kuwaiti', 'B. Al-Kuwaiti'; a particle written apart as an initial too, 'L. v. Beethoven', and
    a middle name that reads as one, Vietnamese 'Văn': 'L. V. Thịnh') and first name with family initial
    ('Nikolai A.'), and the parts of a title many have held ('Duke of Lorraine', 'Frederick I': see
    :func:`shared_title_parts`). Each also names other people, so they only count for a target that
    screening already put in play. A name after 'of' is a place ('Catherine of Bohemia'), no family name."""
    out = [normalize(p) for p in shared_title_parts(tuple(target.names), target.description)]
    for surface in surface_forms(target):
        if "," in surface:  # 'Prince Harry, Duke of Sussex': its parts are forms of their own
            continue
        words = _bare_name_words(surface)
        if len(words) == 1 and len(words[0]) >= 4 and normalize(surface) != words[0]:
            out.append(words[0])  # 'Prince Harry' -> 'harry'
        split = _given_and_family(surface, words)
        if split is None:
            continue
        given, family = split
        barrels = _barrels(surface)
        if len(barrels) >= 2 and family == " ".join(barrels):
            out += [b for b in barrels if len(b) >= 4]  # each barrel alone names her too
            out.append(f"{words[0]} {barrels[0]}")  # 'Maria Skłodowska'
        out += [family] if _names_alone(family) else []
        out += [rest] if target.kind != "topic" and (rest := _after_particles(family)) else []  # 'Beethoven'
        out += [" ".join([*(w[0] for w in given), family]), f"{given[0][0]} {family}"]
        if " " in family and len(surface.split()) == len(words):  # a particle apart: 'L. v. Beethoven'
            out.append(" ".join([*(w[0] for w in words[:-1]), words[-1]]))
        if len(given[0]) >= 3:
            out.append(f"{given[0]} {family[0]}")
        if len(first := normalize(surface.split()[0]).split()) > 1 and first == words[: len(first)]:
            out.append(f"{' '.join(first)} {family[0]}")  # a hyphenated given name whole: 'Jean-Pierre V.'
            whole = surface.split()[: len(surface.split()) - len(family.split())]
            if normalize(" ".join(whole)).split() == given:  # its one initial: 'J. L. Vidal', 'R. B. Castro'
                out.append(" ".join([*(normalize(w)[0] for w in whole), family]))
    names = {normalize(n) for n in surface_forms(target)}
    return list(dict.fromkeys(f for f in out if f not in names))


@per_naming
def family_names(target: Target) -> list[str]:
    """The family names of the target's multi-word names, as :func:`partial_names` gives them ('sullivan',
    'ben david' for Moshe Ben-David, 'sklodowska curie')."""
    return [family for family in family_words(target) if _names_alone(family)]


@per_naming
def family_words(target: Target) -> list[str]:
    """Every family name of the target's multi-word names, one spelt as a function word too ('an' of Jina
    An), which :func:`family_names` leaves out."""
    surfaces = [s for s in surface_forms(target) if "," not in s]
    families = [split[1] for s in surfaces if (split := _given_and_family(s, _bare_name_words(s)))]
    if target.kind == "topic":  # a topic's name is a phrase ('General Relativity'), no person's
        return list(dict.fromkeys(families))
    after = [*map(_after_particles, families), *map(_family_after_title, surfaces)]
    return list(dict.fromkeys([*families, *filter(None, after)]))


_DROPPED_PARTICLES = PARTICLES - {"al", "el", "ben", "bin", "ibn"}
"""Particles a family name is also said without ('Beethoven' of van Beethoven, 'Vega' of de la Vega); not the
Arabic article, which stays with the name ('Al-Kuwaiti': 'Kuwaiti' alone is a nationality), nor 'bin' or
'ben', which say whose son ('bin Salman' is no Salman)."""


def _after_particles(family: str) -> str | None:
    """The family name without its leading particles, when it has any and what is left is a word of three
    letters or more ('van beethoven' -> 'beethoven', 'le goff' -> 'goff')."""
    words = family.split()
    i = 0
    while i < len(words) - 1 and words[i] in _DROPPED_PARTICLES:
        i += 1
    rest = " ".join(words[i:])
    return rest if i and len(rest) >= 3 and _names_alone(rest) else None


_BEFORE_FAMILY = (TITLES_OF_ADDRESS - {"sir", "dame", "lady", "lord"}) | (OFFICE_TITLES - {"pope", "father"})
"""Titles written before a family name ('Mr Bean', 'Chancellor Merkel', 'Major Wood'), not a given name as a
knight's, a lord's or a pope's are ('Sir Elton', 'Pope Francis')."""


def _family_after_title(surface: str) -> str | None:
    """The one word a title stands before in a name of two ('wood' of Major Wood, 'merkel' of
    Chancellor Merkel): a family name, said alone as one ('Wood did it')."""
    words = normalize(surface).split()
    while words and words[-1] in NAME_SUFFIXES:
        words.pop()
    if len(words) == 2 and words[0] in _BEFORE_FAMILY and len(words[1]) > 1:
        return words[1]
    return None


SHORT_NAME_LETTERS = 4
"""A one-word form shorter than this written in lower case in normally cased text is a word (a syllable of
pinyin, an abbreviation: 'wei', 'li', 'yu'), not a family name: 'tokyo' is still the city, 'wei' is not
Zhang Wei."""


def _names_alone(family: str) -> bool:
    """Whether a family name alone is a form of its own: not one spelt as an English function word ('He',
    'Do', 'An'), which every sentence writes ('He said...'); those name their bearer with the rest of the
    name only."""
    return family not in FUNCTION_WORDS


def _bare_name_words(surface: str) -> list[str]:
    """A name's normalised words without honorifics and suffixes ('Dr. Martin Luther King Jr.' -> martin,
    luther, king)."""
    words = _without_honorifics(normalize(surface).split())
    while words and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words


def _given_and_family(surface: str, words: list[str]) -> tuple[list[str], str] | None:
    """A name's given names and its family name (particles and both barrels of a hyphenated one included:
    'van der Berg', 'Skłodowska-Curie'), from its normalised `words` without honorifics and suffixes; None
    for a title, an epithet or a place ('Duke of Sussex', 'Joan of Arc'), or a family name of one letter."""
    if len(words) < 2 or words[0] in HONORIFICS | _ARTICLES or "of" in words:
        return None
    i = len(words) - 1
    while i > 1 and words[i - 1] in PARTICLES:
        i -= 1
    barrels = _barrels(surface)
    if len(barrels) >= 2 and words[-len(barrels) :] == barrels and len(words) > len(barrels):
        i = len(words) - len(barrels)  # 'Skłodowska-Curie' is one family name
    family = " ".join(words[i:])
    return (words[:i], family) if len(family.replace(" ", "")) >= 2 else None


def _barrels(surface: str) -> list[str]:
    """The parts of a double-barrelled family name written with a hyphen ('Skłodowska-Curie' -> sklodowska,
    curie); none for one family name, or one behind a particle ('Al-Kuwaiti')."""
    last = surface.split()[-1] if surface.split() else ""
    parts = normalize(last).split() if "-" in last else []
    return parts if len(parts) >= 2 and parts[0] not in PARTICLES else []


def with_run_together(forms: Iterable[str]) -> frozenset[str]:
    """The forms, those of several words also run together, as the index finds them in a text that writes
    them so ('Alshamary' for the family name 'al shamary', 'Bendavid' for 'ben david'): found so, a weak
    form counts as the form written apart. Not a form with an initial: 'A. Tarrow' read as 'atarrow' is
    no word anyone writes for Tarrow, and would count as a rare one; nor one that makes an English word
    ('de light')."""
    forms = list(forms)
    joined = [f.replace(" ", "") for f in forms if " " in f and min(map(len, f.split())) >= 2]
    return frozenset([*forms, *(j for j in joined if not is_common_word(j))])


def heard_forms(target: Target) -> list[str]:
    """What a name written by ear in another script may render: the names and aliases, and a family name
    alone ('爱因斯坦' for Albert Einstein)."""
    return [*surface_forms(target), *(f for f in partial_names(target) if " " not in f)]


def weak_forms(target: Target) -> list[str]:
    """Partial names, initialisms and key phrases: identifying once a target is in play, too loose to search
    for alone (TOFU itself gives different authors a book called "A Piece of Me")."""
    return [*partial_names(target), *initialisms(target), *key_phrases(target)]


INITIALISM_MAX_ZIPF = 4.0
"""An initialism this frequent in English is a word or another acronym first ('got', 'who', 'sam', 'usa',
'cia': 4.2-6.3); people's and works' own are rarer ('jfk' 3.4, 'aoc' 3.0, 'lbj' 2.9, 'lotr' 2.6)."""


@per_naming
def initialisms(target: Target) -> list[str]:
    """The initials of a name of three words or more run together, as people and works are called ('JFK'
    for John F. Kennedy, 'RBG', 'AOC' for Alexandria Ocasio-Cortez, 'MLK', 'LOTR' and 'TLOTR' for The Lord of
    the Rings): honorifics and a name's suffix left out. Each also abbreviates other things ('JFK airport',
    'LBJ' for LeBron James), so, like a family name alone, one counts once the target is in play or when the
    context is about it. None for a topic, whose names are common-noun phrases."""
    if target.kind == "topic":
        return []
    surfaces = surface_forms(target)
    out: list[str] = []
    for surface in surfaces:
        words = _without_honorifics(normalize(surface).split())
        while words and words[-1] in NAME_SUFFIXES:
            words.pop()
        runs = [words, words[1:]] if words and words[0] in _ARTICLES else [words]
        for run in runs:
            letters = "".join(w[0] for w in run)
            if len(run) >= 3 and letters.isalpha() and zipf(letters) < INITIALISM_MAX_ZIPF:
                out.append(letters)
    names = {normalize(n) for n in surfaces}
    return [f for f in dict.fromkeys(out) if f not in names]


SKIPPED_LETTERS_KEPT = 6
"""Letters a name must keep without those outside ASCII to be indexed so ('l vn thnh' of 'Lê Văn Thịnh')."""


def spelling_variants(surface: str) -> set[str]:
    """Normalised forms of a name to index: as written, de-leeted, in ASCII letters, and, for a name of two
    or more words, without its letters outside ASCII: a code with no sign for them skips them ('Géza
    Maróczy' in Morse, NATO words or letter numbers spells 'gza marczy'; 'Lê Văn Thịnh' spells 'l vn thnh').
    Each word must keep a letter, one of them three, and the name SKIPPED_LETTERS_KEPT."""
    out = {normalize(surface), normalize(deleet(surface)), normalize(anyascii(surface))}
    out |= {joined for form in list(out) if (joined := _run_together(form)) != form}
    if _HYPHEN_INSIDE.search(surface) and not any(map(is_common_word, _hyphens_dropped(surface))):
        out.add(normalize(anyascii(_HYPHEN_INSIDE.sub("", surface))))
    if not surface.isascii() and len(words := surface.split()) >= 2:
        kept = ["".join(c for c in word if c.isascii()) for word in words]
        letters = [sum(c.isalpha() for c in word) for word in kept]
        if all(letters) and max(letters) >= 3 and sum(letters) >= SKIPPED_LETTERS_KEPT:
            out.add(normalize(" ".join(kept)))
    return out


_CONSONANTS = re.compile(r"[b-df-hj-np-tv-xz]")
"""A consonant of a normalised word (y counts as a vowel, as in 'aue' and 'yeon')."""
_HYPHEN_INSIDE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
"""A hyphen between two letters: a name written with it is also written run together ('Wei-Jun' as
'Weijun', 'Al-Shamary' as 'Alshamary', 'Ben-David' as 'Bendavid')."""


def _hyphens_dropped(surface: str) -> list[str]:
    """The words a surface form's hyphenated words make with their hyphens dropped ('weijun' of 'Wei-Jun')."""
    return [normalize(anyascii(w.replace("-", ""))) for w in surface.split() if _HYPHEN_INSIDE.search(w)]


def _run_together(form: str) -> str:
    """A normalised form with each particle run into the word after it ('jad ambrose al shamary' ->
    'jad ambrose alshamary', 'leonardo di caprio' -> 'leonardo dicaprio', 'de la vega' -> 'delavega'), as
    many write such names; the form itself when it has no particle before a word of three letters or more,
    two of them consonants ('von aue' run together, 'vonaue', has the particle's consonants only: with its
    vowels dropped it reads as any 'vn'). Not where the two make an English word: 'le gal' run together is
    'legal', which any text writes."""
    out: list[str] = []
    particles: list[str] = []
    for word in form.split():
        if word in PARTICLES:
            particles.append(word)
            continue
        joined = "".join([*particles, word])
        runs = len(word) >= 3 and len(_CONSONANTS.findall(word)) >= 2 and not is_common_word(joined)
        out += [joined] if runs else [*particles, word]
        particles = []
    return " ".join([*out, *particles])


NEAR_LETTERS = 6
"""Letters a name needs for its near spellings to count: shorter ones are too close to ordinary words."""
NEAR_SPELLING = 87
"""rapidfuzz ratio at which a word spells a name nearly alike ('aristotele' 95, 'aristoteles' 90 for
'aristotle'; 'einsteinium' 84 for 'einstein', 'parisian' 77 for 'paris')."""


EAR_ALIKE = 85
"""rapidfuzz ratio of loose spellings at which a word of another script writes a one-word name by ear
('vakanda' for Wakanda, 'riana' for Rihanna: 100; 'sandaia' for 'sindaia', Zendaya in Chinese: 86)."""


def given_names(target: Target) -> list[str]:
    """The given names of the target's multi-word names (:func:`family_names`'s other words)."""
    splits = (_given_and_family(s, _bare_name_words(s)) for s in surface_forms(target) if "," not in s)
    return list(dict.fromkeys(word for split in splits if split is not None for word in split[0]))


SPELT_ALIKE = 60
"""How alike (rapidfuzz ratio of phonetic spellings) a word must be to a name for a short sound key."""


@lru_cache(maxsize=16_384)
def phonetic_spelling(latin: str) -> str:
    return phonetic(latin).replace(" ", "")


MAX_PIECES = 16
"""Pieces a split name or title may be in ('On the Ele ctro dyna mics of Mov ing Bod ies')."""


HONORIFICS = TITLES_OF_ADDRESS | OFFICE_TITLES | {
    "prince", "princess", "king", "queen", "duke", "duchess", "saint", "st", "emperor", "empress", "sheikh",
    "sister", "brother", "uncle", "aunt",
}  # fmt: skip
"""Titles of address, ranks, offices and kin words that stand before a name ('Prince Harry', 'Uncle Sam',
'Chancellor Merkel'): a title before a family name makes it no other person's given name."""


@per_naming
def surface_forms(target: Target) -> list[str]:
    """Name and aliases, plus the parts of a titled name that identify as surely as the whole ('Prince
    Harry, Duke of Sussex' -> 'Prince Harry', 'Duke of Sussex') and a name without its leading honorific
    ('Sir Ian McKellen' -> 'Ian McKellen'). One-word remainders ('Harry') are weak forms, not names; so are
    the parts of a title many have held ('Frederick I, Duke of Lorraine': see :func:`shared_title_parts`)."""
    out = list(target.names)
    shared = shared_title_parts(tuple(target.names), target.description)
    for name in target.names:
        parts = [p.strip() for p in name.split(",")] if "," in name else [name]
        for part in parts:
            words = part.split()
            if part in shared:
                continue
            if len(words) >= 2 and part not in out and normalize(words[-1]) not in NAME_SUFFIXES:
                out.append(part)
            stripped = _without_honorifics(words)
            if len(stripped) >= 2 and " ".join(stripped) not in out:
                out.append(" ".join(stripped))
    return out


_RANKS = frozenset(
    "king queen duke duchess count countess earl prince princess emperor empress margrave margravine "
    "landgrave landgravine burgrave elector electress archduke archduchess grand marquess marquis "
    "marchioness baron baroness viscount viscountess tsar tsarina sultan khan".split()
)
"""Ranks a title opens with ('Duke of Lorraine', 'Grand Duke of Tuscany')."""
_FORMER_RANKS = frozenset(
    "margrave margravine landgrave landgravine burgrave elector electress palatine voivode doge".split()
)
"""Ranks no longer held (the Holy Roman Empire's, Venice's): a title with one had a line of holders."""
REGNAL = re.compile(r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
"""A regnal number ('I', 'IV', 'XIV'), as written after a given name: one of a line of holders."""
_TITLE_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)\b")
"""A title's own ordinal ('5th Earl Stanhope', '1st Duke of Wellington'): it names one holder."""
_YEAR = re.compile(r"\b[1-9]\d{2,3}\b")
MODERN_YEAR = 1900
"""A description dating a titled person only before this year dates a title held by others since."""


@lru_cache(maxsize=16_384)
def shared_title_parts(names: tuple[str, ...], description: str) -> frozenset[str]:
    """The parts of comma-titled names that many have held, as written: the title ('Duke of Lorraine' of
    'Frederick I, Duke of Lorraine') and the given name with its regnal number ('Frederick I', of Frederick
    I of Prussia too), when the name has a regnal number, the title a rank no longer held ('Count Palatine
    of Zweibrücken'), or the title opens with a rank and the description dates the person only before
    :data:`MODERN_YEAR`. Each is a weak form (:func:`partial_names`), and a text that gives it to another
    holder does not name the target with it (:func:`alu.occurrence.namesake_shaped`). A title with its own
    ordinal ('5th Earl Stanhope') names one holder; a living title without a regnal number ('Prince Harry,
    Duke of Sussex') one at a time: both stay whole names."""
    out: set[str] = set()
    for name in names:
        given, *titles = [p.strip() for p in name.split(",")]
        regnal = len(given.split()) >= 2 and REGNAL.fullmatch(given.split()[-1]) is not None
        for title in titles:
            words = normalize(title).split()
            if len(words) < 2 or _TITLE_ORDINAL.match(title):
                continue
            former = bool(_FORMER_RANKS.intersection(words))
            if regnal or former or (words[0] in _RANKS and _dated_before(description, MODERN_YEAR)):
                out.add(title)
                if regnal:
                    out.add(given)
    return frozenset(out)


def _dated_before(description: str, year: int) -> bool:
    """Whether the description writes years, all before `year` ('from 959 until his death in 978')."""
    years = [int(y) for y in _YEAR.findall(description)]
    return bool(years) and max(years) < year


def _without_honorifics(words: list[str]) -> list[str]:
    """Words after leading honorifics, unless what follows is a title ('Duke of Sussex' stays whole)."""
    i = 0
    while i < len(words) - 1 and normalize(words[i]) in HONORIFICS:
        i += 1
    if i and normalize(words[i]) in {"of", "the"}:
        return words
    return words[i:]


def shared_run_together(target: Target) -> frozenset[str]:
    """The shared title parts (:func:`shared_title_parts`) run together. The index leaves these keys out: a
    form without spaces reads as a family name, which the context decides even where the text gives the
    title to another holder ('Constance, Duchess of Brittany')."""
    shared = shared_title_parts(tuple(target.names), target.description)
    return frozenset(normalize(p).replace(" ", "") for p in shared)


@lru_cache(maxsize=16_384)
def latin_letters(word: str) -> str:
    """A word normalised, in ASCII letters."""
    key = normalize(word)
    return key if key.isascii() else normalize(anyascii(word))


def given_before(surfaces: list[str], form: str) -> frozenset[str]:
    """The given names of the target's two-word names whose family name is the form ('angela' for 'merkel'
    of Angela Merkel): middle names between them are the target's own. A name that writes its middle names
    ('George W. Bush') gives none: another middle name there is another person ('George H. W. Bush')."""
    out = set()
    for surface in surfaces:
        words = _without_honorifics(normalize(surface).split())
        while words and words[-1] in NAME_SUFFIXES:
            words.pop()
        if len(words) == 2 and words[1] == form:
            out.add(words[0])
    return frozenset(out)
