"""Other names a person goes by, read from their description: a birth or former name ('born Stefani Joanne
Angelina Germanotta', 'formerly Cassius Marcellus Clay Jr.', 'née Bouvier'), the real name behind a pen or
stage name ('pen name of Samuel Langhorne Clemens', 'Irish singer Paul David Hewson, lead vocalist of U2'),
and an epithet ('nicknamed the Iron Lady', 'known as the King of Pop').

Each names the person as surely as an alias: the screener indexes them so ('What band did Farrokh Bulsara
front?', 'Where was Samuel Clemens born?', 'How did the Iron Lady deal with the miners?'). A full name of
three words or more is also written as its first and last ('Cassius Clay', 'Stefani Germanotta'), as texts
usually do. Like alu.positions, this reads the user's description only, once per target, and
`alu targets show` lists what it found."""

from __future__ import annotations

import re
from functools import lru_cache

from alu.lexicon import is_common_word
from alu.text import MONTHS, NAME_SUFFIXES, TITLES_OF_ADDRESS, normalize
from alu.types import Target

_ABBREVIATION = r"(?:[A-Z]\.){2,}|(?:St|Dr|Mr|Mrs|Ms|Mt)\.|[A-Z]\.(?=\s|$)"
_WORD = rf"(?:{_ABBREVIATION}|[A-Z](?:[\w'’-]|\.(?=\w))*(?:\.(?=[ \t]+[a-z]|[ \t]*$))?)"
"""A capitalised word, with the full stop of an initial or abbreviation ('J. K. Rowling', 'Jr.'), or one
inside it ('U.S.'); a full stop before a space and another capitalised word ends a sentence ('nicknamed
Mutti. She was...'), so the name ends before it."""
_LINK = r"(?:de|da|del|della|der|van|von|di|du|la|le|bin|ibn|al|of|the)"
_NAME = rf"{_WORD}(?:[ \t]+(?:{_LINK}[ \t]+)*{_WORD}){{0,6}}"
"""A run of capitalised words, with the particles and function words names and epithets hold ('Ludwig van
Beethoven', 'King of Pop')."""
_ANOTHER = re.compile(
    r"(?:\bborn|(?:^|[.!?][ \t]+)Born|\b(?i:n[ée]e|formerly(?:[ \t]+known[ \t]+as)?"
    r"|(?:birth|real|legal)[ \t]+name(?:[ \t]+(?:is|was))?"
    r"|(?:pen|stage|ring|professional)[ \t]+name[ \t]+of|pseudonym[ \t]+of))"
    rf"[ \t]+({_NAME})"
)
"""A name the person had or has besides the one they are forgotten under."""
_EPITHET = re.compile(
    r"(?:^|[,;(]|\b(?:also|often|widely|popularly|commonly|affectionately|sometimes|later|professionally"
    r"|best|famously|and))[ \t]*(?:known(?:[ \t]+(?:professionally|mononymously|popularly))?[ \t]+as"
    r"|nicknamed|dubbed|called|a\.k\.a\.|aka)[ \t]+"
    rf"((?:the[ \t]+)?{_NAME})"
)
"""A name the person is known by, when the naming verb is about them (after a comma, or an adverb): 'a
genre called New Wave' names the genre."""
_APPOSITION = re.compile(
    r"^(?:(?:[Aa]n?|[Tt]he)[ \t]+)?(?:([A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \t]+)?((?:[a-z][\w-]*[ \t]+){1,3})"
    rf"({_NAME})"
    r"(?=[ \t]*(?:,|\(|\bwho\b|\.?$))"
)
"""The name the description opens with after what the person is ('Irish singer Paul David Hewson, lead
vocalist of U2', 'English novelist Mary Ann Evans, who wrote Middlemarch'): the description is of the
target, so that is their name too. What they are is a few words that are no function words ('Growing up
in Sao Paulo, ...', 'The author is Jaime Vasquez', 'She was born in New York City')."""
_NOT_WHAT = frozenset(
    """a an the in on at of to for from by with as into near up out about after before beyond besides despite
    during since until through among against between over under without within like unlike than is was are
    were be been has had have named called known who which that this his her their its our and or but not
    also once born raised grew based living lives lived""".split()
)
_LEAD = re.compile(
    rf"^({_NAME})[ \t]*(?:(?P<dates>\((?:born|b\.|n[ée]e|c\.|\d|[A-Z][a-z]+ \d))|,?[ \t]+(?:is|was)\b)"
)
"""The full name a description opens with, as an encyclopedia's lead does ('William Jefferson Clinton (born
August 19, 1946) is...', 'Stefani Joanne Angelina Germanotta (born March 28, 1986)'): with its dates, or
sharing a word with the target's name ('Alfred Bertram Guthrie Jr. was...' for A. B. Guthrie Jr.)."""
_OPENERS = frozenset("while when as after before if although though since because unlike like with".split())


def other_names(target: Target) -> list[str]:
    """The other names a person's (or a work's) description and lead give them (none for a topic), each as
    written, followed by the first-and-last form of each full name of three words or more."""
    if target.kind == "topic":
        return []
    return list(dict.fromkeys(n for text in target.described for n in _other_names(text, target.name)))


@lru_cache(maxsize=4096)
def _other_names(description: str, name: str) -> tuple[str, ...]:
    found = [_trimmed(match.group(1)) for match in _ANOTHER.finditer(description)]
    epithets = [_trimmed(match.group(1)) for match in _EPITHET.finditer(description)]
    found += epithets
    if (opening := _APPOSITION.match(description)) and _what_one_is(*opening.group(1, 2)):
        found.append(_trimmed(opening.group(3)))
    if (lead := _LEAD.match(description)) and _leads_with_a_name(lead, name):
        found.append(_trimmed(lead.group(1)))
    own = normalize(name)
    given = name.split()[0] if " " in name else ""
    names: list[str] = []
    for form in found:
        words = form.split()
        if len(words) == 1 and given and _maiden(description, form):
            form, words = f"{given} {form}", [given, form]  # 'née Bouvier' -> 'Jacqueline Bouvier'
        one_word = form in epithets and _a_name_of_its_own(form, own)
        if not (_acceptable(words) or one_word) or normalize(form) == own or form in names:
            continue
        names.append(form)
    short = [s for n in names if (s := _first_and_last(n)) and s not in names and normalize(s) != own]
    return tuple(names + list(dict.fromkeys(short)))


def _leads_with_a_name(lead: re.Match[str], name: str) -> bool:
    """Whether the description's opening capitalised words are a name of the target's: no article or
    conjunction first ('The Beatles', 'While Evelyn Desmet'), and either dates after them or a word of the
    target's name among them ('Microsoft Research (MSR) is...' is an organisation)."""
    words = normalize(lead.group(1)).split()
    if not words or words[0] in _OPENERS | {"the", "a", "an"}:
        return False
    return lead.group("dates") is not None or bool(set(words) & set(normalize(name).split()))


def _what_one_is(adjective: str | None, words: str) -> bool:
    """Whether the words before an opening name say what someone is ('Irish singer', 'former boxer'), not
    where or how ('Growing up in', 'The author is')."""
    if adjective is not None and adjective.endswith("ing"):
        return False
    return not any(w in _NOT_WHAT or w.endswith("ing") for w in words.split())


def _maiden(description: str, word: str) -> bool:
    """Whether a one-word name follows 'née' (a family name before marriage, given with no given name)."""
    return re.search(rf"\b[Nn][ée]e[ \t]+{re.escape(word)}\b", description) is not None


def _trimmed(form: str) -> str:
    """The name without a trailing particle or function word the run picked up, a full stop, an article
    ('the Iron Lady' -> 'Iron Lady') or an honorific before two names or more ('Sir Richard Starkey')."""
    words = form.rstrip(".").split()
    while words and re.fullmatch(_LINK, words[-1]):
        words.pop()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) >= 3 and normalize(words[0]) in TITLES_OF_ADDRESS:
        words = words[1:]
    return " ".join(words)


def _acceptable(words: list[str]) -> bool:
    """A name of two words or more (one word names too many people and things), not a date ('born March
    1950')."""
    return len(words) >= 2 and normalize(words[0]) not in MONTHS


def _a_name_of_its_own(form: str, own: str) -> bool:
    """Whether a one-word epithet names the person alone ('nicknamed Mutti', 'known as Satchmo'): no
    English word ('known as Boss' is anyone's boss), nor a word of their own name (a family name alone
    counts only in context, as alu.matcher reads it)."""
    word = normalize(form)
    return " " not in word and len(word) >= 3 and not is_common_word(word) and word not in own.split()


def _first_and_last(name: str) -> str | None:
    """'Cassius Marcellus Clay Jr.' -> 'Cassius Clay': a person's full name of three words or more as
    texts usually write it; none for an epithet (it holds function words) or a shorter name."""
    words = [w for w in name.split() if normalize(w) not in NAME_SUFFIXES]
    if len(words) < 3 or any(re.fullmatch(_LINK, w) for w in words) or len(words[0].rstrip(".")) < 2:
        return None
    return f"{words[0]} {words[-1]}"


def is_epithet(target: Target, form: str) -> bool:
    """Whether a normalised form is one of the target's other names made of ordinary words ('iron lady',
    'king of pop', 'the greatest'): written in lower case it is that phrase, not the person."""
    return any(
        normalize(name) == form and all(is_common_word(w) or re.fullmatch(_LINK, w) for w in form.split())
        for name in other_names(target)
    )


def with_other_names(target: Target) -> Target:
    """The target with its other names among its aliases, for the screener's indexes (the stored target is
    left as the user wrote it)."""
    extra = [n for n in other_names(target) if n not in target.aliases]
    return target.model_copy(update={"aliases": [*target.aliases, *extra]}) if extra else target


def as_given(target: Target) -> Target:
    """The target as the user gave it: without the other names :func:`with_other_names` added. What a
    target's own text says with its names masked (alu.masked_vectors) is measured on that text, so that
    reading other names does not make every namesake's context look more like it."""
    other = set(other_names(target))
    kept = [a for a in target.aliases if a not in other]
    return target if len(kept) == len(target.aliases) else target.model_copy(update={"aliases": kept})
