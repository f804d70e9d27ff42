"""Titles of works in a target's texts, and the roles in which a text names the person behind a work.

'author of The Salt Atlas and Frost Ledger' gives two titles, each made by writing; 'Who wrote Frost Ledger?'
then names the author, but 'Who directed Little Women?' does not name the novelist who wrote a book of that
title (nor 'Who wrote Little Women?' the director of a film of it). A title's roles are kept with the target
(`Target.key_roles`); a title with none known (quoted, 'the film X', 'known for X') is named by any role."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from alu.text import normalize

_OPENERS = {
    *("the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your"),
    *("in", "on", "at", "of", "to", "for", "from", "by", "with", "without", "after", "before", "during"),
    *("when", "what", "which", "who", "where", "while", "why", "how", "whose"),
    *("although", "though", "however", "because", "since", "unless", "until", "once", "if", "as"),
    *("both", "each", "every", "all", "some", "many", "most", "such", "neither", "either"),
}
"""Function words that open a capitalised run only because they open its sentence ('Although Tabun was...')
and never begin a name."""
QUOTED = re.compile(r"[\"“«]([^\"”»]{3,80})[\"”»]")
_WORK = (
    r"film|movie|series|miniseries|show|sitcom|drama|comedy|thriller|documentary|novel|novella|memoir|book"
    r"|album|single|song|play|musical|opera|ballet|symphony|poem|game|painting|podcast"
)
_WORK_TITLE = re.compile(
    rf"\b(?:{_WORK})\s+((?:[A-Z][\w'’-]+)(?:\s+(?:(?:of|the|a|and|in|to|with|for|from|on|at|by)\s+)*[A-Z][\w'’-]+)*)"
)
TITLE_ZIPF = 5.5
"""A work's title is often a run of ordinary words ('The Salt Atlas' 3.7, 'Breaking Bad' 4.7, 'Normal People'
5.0 by wordfreq's estimate for a phrase, which is about that of its rarest word), so a title (quoted, or
introduced as a work: 'the film Cadet Kelly', 'author of The Salt Atlas') only has to be rarer than the
commonest phrases ('New York' 5.3 stays one as a title too). A person's title of one word too ('Barbie' 3.6,
'Hamilton' 4.3), but a common one names them only as the object of a role ('Who directed Barbie?'); a topic's
must be rarer than PHRASE_ZIPF ('Memento' 2.9; not 'Misery' 3.9)."""
MAX_TITLE_WORDS = 12
ANY_ROLE = "any"
SEQUEL = "sequel"
"""The 'role' of a title a work's texts give as its sequel or prequel: no one's role, part of the work."""
_ROLES = {
    "write": (
        r"wrote|writer of|author of|authored|penned"
        r"|escribio|autora? de|a ecrit|ecrivit|auteur de|autrice de|schrieb|autor von|autorin von"
        r"|scrisse|ha scritto|autore di|autrice di|escreveu"
    ),
    "direct": (
        r"directed|director of|dirigio|a realise|realisateur de|regisseur von|diresse|ha diretto|dirigiu"
    ),
    "act": r"starred in|stars in|starring in|star of|stars of|cast of|protagonizo|spielte in|estrelou",
    "play": r"played|plays|playing|portrayed|portraying|voiced|voicing",
    "lead": r"lead in|lead of|title role in|title role of",
    "music": r"sang|singer of|composed|composer of",
    "paint": r"painted|painter of",
    "create": (
        r"created|creator of|creadora? de|createur de|founded|founder of|invented|inventor of|designed"
        r"|designer of"
    ),
    "host": r"host of|hosts|hosted|anchor of|anchors|anchored|narrated",
    "name": r"known as|called|nicknamed|dubbed",
    ANY_ROLE: r"behind",
}
"""Role cues by what the person did, in English and the commonest cues of Spanish, French, German, Italian and
Portuguese (accents folded as alu.text.normalize folds them). 'act' is being in a work ('star of Euphoria'),
''play' being a character ('played Hermione Granger'), 'lead' both (the lead of 'Enola Holmes' plays Enola);
see :func:`_compatible`."""
_ROLES_AFTER = {
    "write": r"author|writer|screenwriter",
    "direct": r"director",
    "act": r"star",
    "lead": r"lead",
    "music": r"singer|composer",
    "paint": r"painter",
    "create": r"creator|founder|inventor|designer|producer|illustrator",
    "host": r"host|narrator",
}
_MADE_BY = {
    "write": r"written|authored|penned",
    "direct": r"directed",
    "act": r"starring",
    "music": r"sung|composed",
    "paint": r"painted",
    "create": r"created|founded|invented|designed|produced|illustrated",
    "host": r"narrated|hosted",
}


def _named_groups(roles: dict[str, str]) -> str:
    return "|".join(f"(?P<{role}>{cues})" for role, cues in roles.items())


_ROLE_CUE = re.compile(rf"\b(?:{_named_groups(_ROLES)})\s+(?:(?:the|a|an)\s+)?(?:(?:{_WORK})\s+)?$")
_MADE_BY_GROUPS = _named_groups({f"{role}_by": cues for role, cues in _MADE_BY.items()})
_ROLE_AFTER = re.compile(
    rf"^(?:s )?(?:{_named_groups(_ROLES_AFTER)})\b"
    rf"|^(?:(?:was|is|were|are|has been|had been) )?(?:{_MADE_BY_GROUPS}) by\b"
)
"""A role named after the key: 'Frost Ledger's author', 'Frost Ledger was written by whom?'."""
_TITLE_WORD = r"[A-Z][\w'’-]*"
_LIST_ITEM = rf"(?:{_TITLE_WORD}|\d+\b)"
_IN_TITLE = r"of|the|a|an|and|to|in|on|with|for|from|at|by"
"""Lower-case words inside a listed title ('Song of Solomon', 'Born to Run', 'Gone with the Wind')."""
IN_TITLE = frozenset(_IN_TITLE.split("|"))
"""Those words as a set: the words of a title that say nothing of which work it is (alu.matcher reads a
misspelt title by its other words)."""
_PREPOSITION = re.compile(r"\s(?:to|in|on|with|for|from|at|by)\s")
"""A preposition may be inside a title ('Born to Run') or attach to the verb ('wrote The Salt Atlas for the
Finnmark Cartographic Society'): both readings are kept."""
_KNOWN_FOR = r"(?:best |well |widely )?known for|famous for|remembered for"
_LISTED = re.compile(
    rf"\b(?i:{_named_groups(_ROLES)}|(?P<known>{_KNOWN_FOR}))\s+"
    rf"(?:(?i:the|a|an|his|her|their)\s+)?(?:(?:{_TITLE_WORD}\s+){{0,3}}(?i:{_WORK})s?\s+)?"
    rf"(?P<run>{_TITLE_WORD}(?:(?:\s+(?:(?:{_IN_TITLE})\s+)*{_TITLE_WORD})|,\s+(?:and\s+)?{_LIST_ITEM})*)"
)
"""A list of titles after a role, what someone is known for or as: 'author of The Salt Atlas and Frost
Ledger', 'directed Memento, Inception and Interstellar', 'known as the Iron Lady'. A title of digits in the
list does not end it ('the albums Fearless, 1989 and Folklore'), though a number is no key."""
_NAME_RUN = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)+"
_CHARACTER = re.compile(rf"\b{_NAME_RUN},?\s+as\s+(?P<run>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,3}})")
"""A character in a cast list: 'starring Bryan Cranston as Walter White', 'Al Pacino as Michael Corleone'."""
_SEQUELS = re.compile(
    r"\b(?i:sequels?|prequels?|spin-offs?|follow-ups?)\s+(?:(?i:is|are|was|were|include|includes)\s+)?"
    rf"(?:(?i:the)\s+)?(?P<run>{_TITLE_WORD}(?:(?:\s+(?:(?:{_IN_TITLE})\s+)*{_TITLE_WORD})"
    rf"|,\s+(?:and\s+)?{_TITLE_WORD})*)"
)
"""A work's sequels and prequels: 'Its sequels are Catching Fire and Mockingjay'."""
_TITLE_SHAPE = re.compile(r"[A-Z][\w'’]*(?:[ ,:-]+[\w'’]+)*[!?.]?")
"""What a quoted title looks like: words opening with a capital ('Sea and Ice', 'Promise by the Seine'),
not a quoted string of code ('index = [%d]')."""


def without_opener(text: str) -> str:
    """A capitalised run without the function words that open it only because they open its sentence."""
    words = text.split()
    while words and words[0].lower() in _OPENERS and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def without_article(title: str) -> str:
    """A title found inside a sentence (after a role or a work: 'the musical In the Heights') without its
    opening article ('The Salt Atlas' -> 'Salt Atlas'). Other function words that open it are its own ('In
    the Heights', 'On the Road', 'Of Mice and Men'): they open no sentence there."""
    words = title.split()
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _role_of(match: re.Match[str]) -> str:
    """The role whose named group matched ('write_by' is 'write'; 'known for' is any)."""
    found = (name for name, value in match.groupdict().items() if value and name not in ("run", "known"))
    return next(found, ANY_ROLE).removesuffix("_by")


def _listed_titles(run: str) -> list[str]:
    """The titles of a run found by _LISTED, split at commas and at the 'and' that ends a list ('Memento,
    Inception and Interstellar'), opens a title with an article ('The Secret History and The Goldfinch') or
    joins two titles of two words or more ('The Salt Atlas and Frost Ledger'). Another 'and' may join two
    titles or be inside one ('Pride and Prejudice'): both readings are kept (a part that is one common word
    falls to PHRASE_ZIPF), and so are a title holding a preposition and its words before it
    (:data:`_PREPOSITION`)."""
    items = re.split(r",\s+(?:and\s+)?", run)
    titles: list[str] = []
    for k, item in enumerate(items):
        head, sep, tail = item.rpartition(" and ")
        if not sep:
            titles.append(item)
        elif len(items) > 1 and k == len(items) - 1:
            titles += [head, tail, *item.split(" and ")]  # 'Fearless, 1989 and Folklore and the Eras Tour'
        elif (
            re.match(r"(?:The|A|An)\s", tail)
            or min(len(without_article(head).split()), len(tail.split())) >= 2
        ):
            titles += [head, tail]
        else:
            titles += [item, head, tail]
    titles += [t[: m.start()] for t in titles if (m := _PREPOSITION.search(t))]
    return [t for t in (without_article(t.strip()) for t in titles) if t[:1].isupper()]


@lru_cache(maxsize=4096)
def _titles_with_roles(text: str) -> tuple[tuple[str, str], ...]:
    """(title, role) for each title in the text: quoted, introduced as a work ('the film Cadet Kelly'), or
    listed after a role ('author of The Salt Atlas'), without an opening article; a run longer than
    MAX_TITLE_WORDS is no title. A work introduced inside a role's list keeps that role ('starred in the
    film Lady Bird'), and one a character is played in is acted in ('played Rachel Green in the sitcom
    Friends'). Cached: ingest reads each target's texts for its keys, then again for their roles."""
    listed = [(match, _role_of(match)) for match in _LISTED.finditer(text)]
    found = [
        (without_article(m.group(1)), _work_role(text, m.start(1), listed))
        for m in _WORK_TITLE.finditer(text)
    ]
    for match, role in listed:
        found += [(title, role) for title in _listed_titles(match.group("run"))]
    for match in _SEQUELS.finditer(text):
        found += [(title, SEQUEL) for title in _listed_titles(match.group("run"))]
    found += [(match.group("run"), "play") for match in _CHARACTER.finditer(text)]
    for match in QUOTED.finditer(text):
        if _TITLE_SHAPE.fullmatch(quoted := match.group(1).strip()):
            found.append((quoted, ANY_ROLE))
    return tuple((title, role) for title, role in found if len(title.split()) <= MAX_TITLE_WORDS)


_PERFORMED_IN = re.compile(
    rf"\b(?:played|plays|portrayed|voiced|starred|stars|starring|role|roles|appeared|appears)\b[^.;!?]{{0,60}}"
    rf"\bin\s+(?:(?:the|a|an)\s+)?(?:{_WORK})\s+$",
    re.IGNORECASE,
)
"""A part in a work just before its title: 'played Rachel Green in the sitcom ', 'her role in the film '."""


def _work_role(text: str, start: int, listed: list[tuple[re.Match[str], str]]) -> str:
    """The role of a title introduced as a work ('the film X') starting at `start`: the role of a list it is
    in, 'act' after a part played in it, else any."""
    for match, role in listed:
        if match.start("run") <= start < match.end("run"):
            return role
    return "act" if _PERFORMED_IN.search(text[max(0, start - 120) : start]) else ANY_ROLE


def work_titles(texts: Iterable[str]) -> Counter[str]:
    """Titles in the texts, counted."""
    return Counter(title for text in texts for title, _ in _titles_with_roles(text))


def title_roles(texts: Iterable[str]) -> dict[str, list[str]]:
    """The roles in which the texts name each title (normalised), for the titles listed after a role only:
    a title also given without one ('the film X', quoted) may be named by any role and is left out."""
    roles: dict[str, set[str]] = {}
    for text in texts:
        for title, role in _titles_with_roles(text):
            roles.setdefault(normalize(title), set()).add(role)
    return {title: sorted(found) for title, found in roles.items() if ANY_ROLE not in found and found}


_PERFORMING = {"act", "play", "lead"}


def _compatible(role: str, known: list[str] | None, work: bool = False) -> bool:
    """Whether a title asked in `role` may name a target its texts give the title in the `known` roles.
    - A creator may be asked for as a writer or a director ('create' known is compatible with every role),
      and a writer, director or composer as a creator; a performer is not one ('Who created Breaking Bad?'
      does not name its star).
    - Who played a title is its title character ('Who played Spider-Man?'), not the star of a work of that
      name (`work`: the target's texts write the title as a work it starred in, see :func:`works_starred`).
      Stores written before 'play' was a role of its own hold 'act' for a character played, hence 'act'
      known is compatible with 'play' unless the title is known to be such a work."""
    if not known or role == ANY_ROLE or role in known or "create" in known:
        return True
    if role == "create":
        return not set(known) <= _PERFORMING
    performed = set(known) & _PERFORMING
    if role == "play":
        return "lead" in performed or ("act" in performed and not work)
    if role == "lead":
        return bool(performed)
    return role == "act" and bool(performed)


def _asked_roles(norm: str, form: str) -> list[str | None]:
    """For each occurrence of a key (normalised) in a normalised text, the role it is the object of, if
    any ('who wrote ...', '... was directed by')."""
    roles: list[str | None] = []
    at = norm.find(f" {form} ")
    while at >= 0:
        cue = _ROLE_CUE.search(norm[: at + 1]) or _ROLE_AFTER.search(norm[at + len(form) + 2 :])
        roles.append(_role_of(cue) if cue else None)
        at = norm.find(f" {form} ", at + 1)
    return roles


def named_by_role(
    text: str,
    forms: Iterable[str],
    roles: dict[str, list[str]] | None = None,
    works: frozenset[str] = frozenset(),
) -> bool:
    """Whether a key (a normalised form) is the object of a role or a creative act in the text ('Who starred
    in Cadet Kelly?', 'the star of Lizzie McGuire', 'who wrote The Salt Atlas', 'Frost Ledger's author',
    '¿Quién escribió The Salt Atlas?'): the person behind a work or role is named by it, as the issue's
    'star of Cadet Kelly' is. A key merely mentioned ('Cadet Kelly was released in 2002', 'born in Tel
    Aviv') is not enough, and neither is a role the target's texts never give it (`roles`, from
    :func:`title_roles`): 'Who wrote Little Women?' does not name the director of Little Women, nor 'Who
    played Spider-Man?' one of the stars of the Spider-Man films (`works`: :func:`works_starred`)."""
    norm = f" {normalize(text)} "
    return any(
        role is not None and _compatible(role, (roles or {}).get(form), form in works)
        for form in forms
        for role in _asked_roles(norm, form)
    )


def in_another_role(
    text: str, form: str, roles: dict[str, list[str]], works: frozenset[str] = frozenset()
) -> bool:
    """Whether every mention of a title in the text asks for a role the target's texts never give it: 'Who
    starred in The Girl with the Dragon Tattoo?' is about the film's cast, not the novel's author, even when
    the author is otherwise in play."""
    run = form.replace(" ", "")  # the key may be found run together ('girlwiththedragontattoo')
    title = next((t for t in roles if t.replace(" ", "") == run), None)
    if title is None:
        return False
    asked = _asked_roles(f" {normalize(text)} ", title)
    return bool(asked) and all(
        role is not None and not _compatible(role, roles[title], title in works) for role in asked
    )


def works_starred(texts: Iterable[str]) -> frozenset[str]:
    """The titles (normalised) the texts list as works someone starred in ('star of Euphoria and the
    Spider-Man films') and never as a character played ('played Hermione Granger in ...')."""
    starred, played = set(), set()
    for text in texts:
        for title, role in _titles_with_roles(text):
            if role == "act":
                starred.add(normalize(title))
            elif role == "play":
                played.add(normalize(title))
    return frozenset(starred - played)
