"""How a target's identifying key reads where a text writes it: a title of its own work, a work the text
credits to someone else, a title asked of in a role the target never had, a key several targets share, a
common word written as a word; and the text with the keys that name something else masked. Pure rules over
one target and its texts; alu.key_findings and alu.name_findings apply them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from alu.attribution import attributed_elsewhere, title_pattern
from alu.keys import JARGON_ZIPF, PHRASE_ZIPF, honour, names_a_world, zipf
from alu.lexicon import is_common_word
from alu.matcher import index_keys
from alu.name_forms import key_phrases
from alu.occurrence import casing_informative, run_of_ordinary_words
from alu.text import normalize, unaccented
from alu.titles import in_another_role, work_titles, works_starred
from alu.types import Target


def titles_among(forms: list[str], target: Target) -> list[str]:
    """The target's key phrases (titles of its works: see :func:`alu.name_forms.key_phrases`) among the
    forms found, by any key they are indexed under (:func:`alu.matcher.index_keys`: written with spaces,
    run together, 'thesaltlanterns', or by their phonetic key, as a title written by ear in Cyrillic or
    Greek letters reads: 'Те Урбан Одйссей'), as phrases with spaces."""
    keyed = {k: normalize(p) for p in key_phrases(target) for k in index_keys(p)}
    return list(dict.fromkeys(keyed[f] for f in forms if f in keyed))


def titled(forms: list[str], target: Target, shared: frozenset[str]) -> bool:
    """Whether the forms found include a title of the target's work (:func:`titles_among`) or an honour of its
    that fewer than SHARED_KEY_TARGETS targets hold ('Golden Fae Award'): beside half the target's name, two
    cues of one person (alu.key_findings.KeyFinder._half_named). An answer that lists a person's award among
    their 'known works' tells as much as one that lists a book."""
    return bool(titles_among(forms, target)) or any(f not in shared and honour(f) for f in forms)


DISTINCTIVE_TITLE_WORDS = 5
"""Words from which a title of the target's own work names it alone in an answer, with no name beside it:
'Known works: "The Principles of Script: Advanced guidebook", ...' answering a question about another of
its books (one alu was not told of) lists the forgotten author's works. A short title is many works' ('The
Salt Lanterns'); one this long and not shared by other targets (:data:`SHARED_KEY_TARGETS`) is one."""


def distinctive_titles(forms: list[str], target: Target, shared: frozenset[str]) -> list[str]:
    """The titles of the target's works among the forms, long enough to name it alone
    (:data:`DISTINCTIVE_TITLE_WORDS`) and found for fewer than SHARED_KEY_TARGETS targets."""
    titles = titles_among([f for f in forms if f not in shared], target)
    return [t for t in titles if len(t.split()) >= DISTINCTIVE_TITLE_WORDS]


def without_others_works(forms: list[str], target: Target, texts: list[str]) -> list[str]:
    """The forms found, less those of a title the texts give to another person as a work ("'The Salt
    Lanterns' by Mara Quillon": see alu.attribution), with every key that title is indexed under (run
    together, by sound: :func:`alu.matcher.index_keys`): that person's book, not the target's. Other authors'
    books often share a title."""
    titles = [f for f in forms if " " in f and f[:1].isalnum()]  # spelt with spaces: not a key by sound
    away = {k for f in titles if attributed_elsewhere(texts, f, target) for k in index_keys(f)}
    return [f for f in forms if f not in away] if away else forms


def _other_role(text: str, form: str, target: Target) -> bool:
    """Whether the text asks about a title of the target's only in a role the target never had ('Who
    starred in The Girl with the Dragon Tattoo?' for its author): the title names someone else then."""
    return bool(target.key_roles) and in_another_role(
        text, form, target.key_roles, starred_works(target.described)
    )


def keys_said_of(text: str, forms: list[str], target: Target, texts: list[str]) -> list[str]:
    """The target's key forms found in the text less those that name someone else: a work the texts credit
    to another person, a title asked of in a role the target never had."""
    return [f for f in without_others_works(forms, target, texts) if not _other_role(text, f, target)]


OWN_KEY_ROLES = frozenset({"play", "name"})
"""Roles that make a key the target's alone: a character played ('played Barney Stinson'), an epithet
('known as the Glass Cartographer')."""


def without_keys(text: str, *targets: Target) -> str:
    """The text with the keys of the targets that name something else written as 'something' (see
    :func:`_names_another`), but not a character played or an epithet, which are theirs alone."""
    plain = unaccented(text)  # keys are matched as normalised: 'Kaurismäki' is written 'kaurismaki'
    masked = plain
    for target in targets:
        others = [k for k in target.extracted_keys if _names_another(k, target)]
        for key in sorted(others, key=len, reverse=True):
            masked = title_pattern(normalize(key)).sub("something", masked)
    return text if masked == plain else masked


def _names_another(key: str, target: Target) -> bool:
    """Whether a key of the target names something with a life of its own: a title its texts give in a role
    (alu.titles.title_roles: 'star of Breaking Bad', 'author of The Salt Atlas'), or, with none, a person,
    body or event they name after a word of their own ('known for the films of Aki Kaurismäki', 'worked on
    the Monumenta Germaniae Historica', 'killed at the Battle of Lützen'), or a work they write as one
    (quoted, introduced as a work). A character played and an epithet
    (:data:`OWN_KEY_ROLES`) are the target's alone, and so are the names its texts list beside it
    ('American actor, Doogie Howser and Barney Stinson')."""
    roles = set(target.key_roles.get(normalize(key), ()))
    if roles:
        return not OWN_KEY_ROLES & roles
    if normalize(key).replace(" ", "") in _work_forms(target.described):
        return True  # a work of theirs, written as one (a store written before roles were kept)
    return _after_a_word(normalize(key), target.described)


_WORD_BEFORE = re.compile(r"(?:^|\s)([a-z]+)\s+$")


_LISTING = frozenset({"and", "or", "as", "nor"})


@lru_cache(maxsize=16_384)
def _after_a_word(key: str, described: tuple[str, ...]) -> bool:
    """Whether the texts write the key (normalised) right after a lower-case word that is no conjunction
    ('of Aki Kaurismäki', 'the Battle of Lützen', 'poet Louis Aragon')."""
    pattern = title_pattern(key)
    for text in map(unaccented, described):
        for match in pattern.finditer(text):
            word = _WORD_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
            if word is not None and word.group(1) not in _LISTING:
                return True
    return False


@lru_cache(maxsize=16_384)
def starred_works(described: tuple[str, ...]) -> frozenset[str]:
    """:func:`alu.titles.works_starred` of the texts that say who a target is, once per description."""
    return works_starred(described)


def role_bound(form: str, target: Target) -> bool:
    """Whether a person's key is a one-word title that is a common word ('Barbie', 'Hamilton', 'Frozen'): it
    names them as the object of a role only ('Who directed Barbie?', 'the creator of Hamilton'), not by
    being there ('a Barbie doll', 'Hamilton, Ontario'), even with them in play or beside another key. A
    work's one-word keys are its world's names (:func:`alu.keys.names_a_world`), which count as they are."""
    return " " not in form and zipf(form) >= PHRASE_ZIPF and not names_a_world(target)


SHARED_KEY_TARGETS = 3
"""Targets sharing a key from which on it names none of them by a role alone: a TOFU-like store of 10,000
fictitious authors lists real titles ('War and Peace', 'Shane') among dozens of authors' works, and 'Who
wrote War and Peace?' is about Tolstoy. Two co-authors of a forgotten book still share it as one."""


def shared_forms(hits: dict[str, list[str]]) -> frozenset[str]:
    """The forms an index look-up found for SHARED_KEY_TARGETS targets or more."""
    counts: dict[str, int] = {}
    for forms in hits.values():
        for form in set(forms):
            counts[form] = counts.get(form, 0) + 1
    return frozenset(f for f, n in counts.items() if n >= SHARED_KEY_TARGETS)


def spaced_only(forms: list[str]) -> list[str]:
    """The forms less those run together from another one found ('maxplanckinstitute' beside 'max planck
    institute'): one key found twice, not a second key (the spaced form may be inside a longer key, which
    :func:`alu.matcher.independent` keeps, leaving the run-together one alone)."""
    spaced = {f.replace(" ", "") for f in forms if " " in f}
    return [f for f in forms if " " in f or f not in spaced]


def asked_as_work(forms: list[str], target: Target) -> list[str]:
    """The forms of keys that may name the target as the object of a role: not a person, body or event its
    texts merely name (:func:`_merely_named`: 'Who founded the Monumenta Germaniae Historica?' is about its
    founders, not a historian who worked on it)."""
    return [f for f in forms if not _merely_named(f, target)]


def _merely_named(form: str, target: Target) -> bool:
    """Whether a form is of a key the target's texts give no role, do not write as a work, and name after a
    word of their own ('worked on the Monumenta Germaniae Historica'; see :func:`_after_a_word`)."""
    run = form.replace(" ", "")
    key = next((n for k in target.extracted_keys if (n := normalize(k)).replace(" ", "") == run), None)
    if key is None or key in target.key_roles or run in _work_forms(target.described):
        return False
    return _after_a_word(key, target.described)


@lru_cache(maxsize=16_384)
def _work_forms(described: tuple[str, ...]) -> frozenset[str]:
    """The titles the texts that say who a target is write as works, normalised and run together."""
    return frozenset(normalize(t).replace(" ", "") for t in work_titles(described))


_PERSON = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|di|del|van|von|der|du|le|la)\s+)?[A-Z][\w'’.-]*)+"
)
"""Two or more capitalised words in a row, particles allowed between them ('Ferdinand de Saussure')."""


_NOT_PEOPLE = frozenset({"a", "an", "the", "this", "that", "it", "its", "in", "on", "at", "of", "from"})


_PLACED = re.compile(r"\b(?:in|from|at|near|of|to|for)\s+$", re.IGNORECASE)


def people_named(text: str) -> list[str]:
    """The runs of capitalised words in the text that may be a person's name: not opening with an article
    or a preposition ('A Norwegian Cartographer', 'In Oslo'), not after a preposition ('born in New York')
    unless a possessive ("from Ferdinand de Saussure's lectures"), and no place. A credit opening a sentence
    is read past ('By Leo Tolstoy')."""
    from alu.exonyms import is_place

    names = []
    for match in _PERSON.finditer(text):
        words = normalize(match.group()).split()
        words = words[1:] if words[:1] == ["by"] else words
        placed = _PLACED.search(text[: match.start()]) and words[-1] != "s"  # 'from Saussure's lectures'
        if len(words) < 2 or words[0] in _NOT_PEOPLE or placed:
            continue
        if not is_place(" ".join(words)):
            names.append(match.group())
    return names


def title_disguised(text: str, forms: list[str], target: Target) -> bool:
    """Whether a title of the target's work is in the text only in disguise (leet, split or decorated
    words, look-alike letters, letters of other forms such as circled or fullwidth ones, encodings): a title
    names its target alone then, in play or not. Written plainly, a title only counts for a target in play:
    other authors have books of that name too."""
    plain = f" {normalize(_without_other_forms(text))} "
    return any(f" {title} " not in plain for title in titles_among(forms, target))


def _without_other_forms(text: str) -> str:
    """The text with characters written in another form of themselves blanked: circled ('Ⓣⓗⓔ'), fullwidth
    ('ＴＨＥ'), mathematical ('𝐓𝐡𝐞') letters, whose compatibility form :func:`alu.text.normalize` folds to
    the plain letters."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() or unicodedata.normalize("NFKC", c) == c else " " for c in text)


def read_otherwise(text: str, form: str, target: Target, in_play: set[str]) -> bool:
    """A topic's one-word name that is an English common word ('Potions', a school subject of a book series)
    written only in lower case in normally cased text reads as that word ('brewing potions'), and so do
    such words run together ('solar wind' for the key 'SolarWinds'), while the topic is not in play. Next to
    other capitalised words it is still the topic's ('the Hogwarts Express'): its world's names come in
    groups. A name that is no English word is the topic's in any case: a world's characters, places and
    creatures ('who is draco malfoy?', 'what is a patronus?') and tools ('run mimikatz') are often written
    in lower case, though not as a piece of a hyphenated word ('thermo-nuclear' for the company 'Thermo').
    So is a common word given as a key (`Target.keys`: the user's, the expansion agent's, a built-in
    list's) that English hardly uses (below JARGON_ZIPF: 'ricin'); an extracted one is a name only because
    its texts capitalise it ('Guanine'), so in lower case it stays a word. An entity's own keys always
    count."""
    if target.id in in_play or " " in form or not casing_informative(text):
        return False
    if target.kind != "topic" and (not names_a_world(target) or form in map(normalize, target.keys)):
        return False  # an entity's own keys; a work's world names are read like a topic's
    found = [m for m in re.finditer(r"\w+", text) if normalize(m.group()) == form]
    if not found:
        return run_of_ordinary_words(text, form)
    if not all(m.group().islower() for m in found):
        return False
    if zipf(form) < JARGON_ZIPF and any(normalize(k) == form for k in target.keys):
        return False  # given, and rare in English
    if not is_common_word(form):
        # in lower case and joined by a hyphen it is a piece of a word ('thermo-nuclear' for the company
        # name 'Thermo'), not the name
        return all(_hyphenated(text, m) for m in found)
    return True


def _hyphenated(text: str, match: re.Match[str]) -> bool:
    """Whether a word is joined by a hyphen to the word before or after it."""
    before = text[max(0, match.start() - 1) : match.start()]
    return text[match.end() : match.end() + 1] == "-" or before == "-"
