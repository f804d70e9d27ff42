"""Offline key extraction: the phrases that identify a target without naming it, found in its own texts.

- Names and titles: runs of two or more capitalised words ('Tromso Maritime Museum') and titles of works
  (alu.titles: quoted, introduced as works, or listed after a role: 'author of The Salt Atlas').
- Full dates (entities only): 'born in Beijing on November 14, 1961'.
- Proper names of a topic's world (topics only): single words its texts always capitalise, also inside
  sentences, and that are uncommon in English ('Hogwarts', 'Quidditch', 'Metasploit').
- Jargon (topics only): words rare in English (Zipf frequency below JARGON_ZIPF in `wordfreq`'s background
  list) that the target's texts use more than once.
Extracted keys count in context only (the target is already a candidate, or, for an entity, two of its keys
occur together, or one beside half its name: 'A. Jarrah', a rare given name; and a key the exchange writes
puts the entity in play for its partial names in the answer: 'Williams'): one phrase found by a rule is no
proof. Keys the user gives count like an alias for an entity. A topic's proper names (see :func:`topic_names`)
count like aliases: the characters, places and brands of a body of knowledge name it as surely as its title
does, and questions about it rarely share words with its description. A name that ordinary questions of the
academic fields also write (alu's background sets: 'Kelvin', 'Zika') is kept as jargon instead (see
:func:`ordinary_as_jargon`).
The target's own names are never keys (they are matched already), nor are words common in English."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from alu.lexicon import is_common_word
from alu.text import DAY_FIRST, DIGIT_DATE, MONTH_FIRST, NAME_SUFFIXES, normalize, opens_sentence
from alu.titles import QUOTED, SEQUEL, TITLE_ZIPF, without_opener, work_titles
from alu.types import Target

JARGON_ZIPF = 2.5
"""wordfreq Zipf frequency below which a word counts as distinctive (2.5: about 1 in 3 million words)."""
PHRASE_ZIPF = 3.0
"""A name or title this frequent in English ('South Asia', 'Contemporary Romance') identifies nothing."""
PROPER_ZIPF = 3.5
"""A proper name of a topic's world must be rarer than this in English: 'Hogwarts' (3.2), 'Hermione' (3.3)
and 'Metasploit' (1.7) are kept; 'Latency' (3.6) or 'Harry' (4.7) would name too much else."""
HONOURS = frozenset({"award", "awards", "prize", "medal", "trophy", "laureate"})
"""Words that make a capitalised run the name of an honour ('Literary Healer Award', 'Booker Prize'). A
person's honour is kept as their titles are (under TITLE_ZIPF): wordfreq reads a phrase about as often as its
rarest word, so 'Literary Healer Award' (3.3) and 'Maple Leaf Literary Award' (3.6) fell to PHRASE_ZIPF, and
an answer that listed a candidate's award among 'known works' passed. Like every extracted key, it counts in
context only."""
MAX_KEYS = 24
MAX_TOPIC_KEYS = 128
"""A topic's world has many more names than a person has (characters, places, creatures, tools): a corpus
of a book series yields hundreds that appear once or twice each."""
GENERIC_HEADS = {
    "series",
    "books",
    "novels",
    "saga",
    "franchise",
    "universe",
    "films",
    "movies",
    "trilogy",
    "fandom",
    "lore",
    "canon",
    "games",
    "comics",
    "world",
}
"""Trailing words of a topic's name that say what kind of body of knowledge it is, not which one
('Harry Potter series' is named by 'Harry Potter')."""
_CAPITAL_WORD = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[A-Z][a-z]+)*(?![\w'’-])")
_FUNCTION = {"of", "the", "de", "van", "von", "la", "le", "du", "da", "di", "and"}
_CAPITALISED = re.compile(
    r"\b(?:[A-Z][\w'’-]+)(?:\s+(?:(?:of|the|de|van|von|la|le|du|da|di)\s+)*[A-Z][\w'’-]+)+"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{4,}")
_OPTION = re.compile(r"[ \t]*(?:[A-Za-z]|\d{1,2})[.)][ \t]*")
"""A list item's marker opening a line, just before a word ('B. Mercator'): an option of a question, often a
distractor from elsewhere, not a sentence of the target's."""
_OPTION_REACH = 16
"""How far before a word its line's option marker may start (the marker, and some indentation)."""


@lru_cache(maxsize=1 << 16)
def zipf(word: str) -> float:
    """English word frequency on the Zipf scale. Screening asks it for every capitalised word of every text,
    once per candidate target: kept for the 65,536 most recent words (~10 MB), so a long-running server's
    cache stays bounded however many distinct words it sees."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


SMALL_LIST_FLOOR = 3.0
"""wordfreq's small English list holds every word from about this Zipf frequency up (3.01), at the large
list's frequencies: reading it takes ~0.02 s instead of the large list's ~0.15 s."""


@lru_cache(maxsize=1 << 12)
def rarer_than(word: str, floor: float) -> bool:
    """Whether the word's Zipf frequency is below `floor`. From the small list when the floor is above
    SMALL_LIST_FLOOR (a word it lacks is rarer than that): writing a target asks it of the description's
    words, and a cold `alu targets add` then need not read the large list."""
    if floor <= SMALL_LIST_FLOOR:
        return zipf(word) < floor
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en", wordlist="small")) < floor


def names_and_titles(texts: Iterable[str]) -> Counter[str]:
    """Capitalised multi-word runs and quoted titles, counted over the texts."""
    found: Counter[str] = Counter()
    for text in texts:
        for match in _CAPITALISED.finditer(text):
            phrase = without_opener(match.group(0))
            if len(phrase.split()) >= 2:
                found[phrase] += 1
        for match in QUOTED.finditer(text):
            found[match.group(1).strip()] += 1
    return found


def honour(phrase: str) -> bool:
    """Whether a capitalised run names an honour (see HONOURS)."""
    return not HONOURS.isdisjoint(normalize(phrase).split())


def proper_words(texts: list[str]) -> Counter[str]:
    """Single words the texts capitalise and never write in lower case, uncommon in English, counted
    ('Hogwarts', 'Gryffindor'; not 'Latency'), but not a piece of one longer name (see
    :func:`_pieces_of_names`). A word that opens a sentence counts only if it is no English word at all
    ('Sauron forged it', 'Frodo Baggins, a hobbit'; not 'Ricin is a toxin': a sentence may open with it),
    and not as an option of a question ('B. Mercator')."""
    lower = {w.lower() for text in texts for w in _WORD.findall(text) if w.islower()}
    found: Counter[str] = Counter()
    neighbours: dict[str, list[tuple[str | None, str | None]]] = {}
    for text in texts:
        runs = [(m.start(), m.end(), m.group(0)) for m in _CAPITALISED.finditer(text)]
        for match in _CAPITAL_WORD.finditer(text):
            word = match.group(0)
            if len(word) < 4 or word.lower() in lower:
                continue
            if opens_sentence(text, match.start()) and (
                is_common_word(word.lower()) or _after_option(text, match.start())
            ):
                continue
            if zipf(word.lower()) < PROPER_ZIPF:
                found[word] += 1
                start, run = _run_at(runs, match.start()) or (match.start(), word)
                neighbours.setdefault(word, []).append(_beside(word, run, opens_sentence(text, start)))
    pieces = _pieces_of_names(neighbours)
    return Counter({w: c for w, c in found.items() if w not in pieces})


def _after_option(text: str, start: int) -> bool:
    """Whether the word at text[start:] follows an option marker that opens its line (:data:`_OPTION`). Only
    the few characters before the word are read, so a long text costs no more per word."""
    end = start - 1 if start and text[start - 1] == "\n" else start  # a marker alone on the line before
    reach = max(0, end - _OPTION_REACH)
    newline = text.rfind("\n", reach, end)
    if newline < 0 and reach > 0:
        return False  # its line opens further back than a marker reaches
    return _OPTION.fullmatch(text, newline + 1, end) is not None


def _run_at(runs: list[tuple[int, int, str]], position: int) -> tuple[int, str] | None:
    """(start, text) of the capitalised run (start, end, text) that covers a position of its text."""
    return next(((start, run) for start, end, run in runs if start <= position < end), None)


def _beside(word: str, run: str, opener: bool) -> tuple[str | None, str | None]:
    """The capitalised words just before and after `word` in its capitalised run (None: none there). The
    run's first word does not count when it opens the sentence and is common ('Use Mimikatz')."""
    words = [re.sub(r"['’]s$", "", w) for w in without_opener(run).split() if w.lower() not in _FUNCTION]
    if opener and words and words[0] != word and zipf(words[0].lower()) >= PROPER_ZIPF:
        words = words[1:]
    if word not in words:
        return None, None
    i = words.index(word)
    return (words[i - 1] if i else None), (words[i + 1] if i + 1 < len(words) else None)


def _pieces_of_names(neighbours: dict[str, list[tuple[str | None, str | None]]]) -> set[str]:
    """The English words ('cobalt', 'forgery') the texts only ever capitalise beside the same capitalised
    word: a piece of one longer name ('Cobalt Strike', 'Cross-Site Request Forgery'). Alone, the word is the
    ordinary thing ('Cobalt-60 is used in radiation therapy'), and the longer name is a key of its own. A
    word written alone, in several names ('Ron Weasley', 'Ginny Weasley') or that is no English word
    ('Citrix' of 'Citrix ADC') is a name."""
    pieces = set()
    for word, seen in neighbours.items():
        before, after = {b for b, _ in seen}, {a for _, a in seen}
        one_name = (len(before) == 1 and None not in before) or (len(after) == 1 and None not in after)
        if one_name and is_common_word(word.lower()):
            pieces.add(word)
    return pieces


WORKS = frozenset(
    {
        "series", "saga", "franchise", "universe", "trilogy", "novel", "novels", "novella", "book", "books",
        "film", "films", "movie", "movies", "show", "sitcom", "serial", "anime", "manga", "comic", "comics",
        "game", "games", "musical", "opera", "play", "epic", "fandom", "cartoon",
    }
)  # fmt: skip
"""Head nouns of a description that make an entity a work, whose characters, places and terms name it."""
_FIRST_PHRASE_END = re.compile(
    r"[,;:(\u2013\u2014]| - |\b(?:by|of|from|at|in|on|for|with|about|set|that|which|who|whose|where|written"
    r"|created|directed|produced|starring|featuring|based|is|was|are|were)\b"
)
_DEFINED_AS = re.compile(r"^(?:\S+\s+){0,8}?(?:is|was|are|were)\s+(?:an?|the|one)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def description_head(description: str) -> str:
    """The head noun of a description's first noun phrase: its last lower-case word before a comma, a
    preposition or a verb ('The Harry Potter fantasy book series by ...' -> 'series'; 'Norwegian
    cartographer and novelist, author of ...' -> 'novelist'; 'Dune is a 1965 science fiction novel by ...'
    -> 'novel'). '' when it has none ('Tokyo, the capital of Japan')."""
    text = _DEFINED_AS.sub("", description.strip(), count=1)
    first = _FIRST_PHRASE_END.split(text, maxsplit=1)[0]
    lower = [w.strip(".'\"") for w in first.split() if w[:1].islower()]
    return lower[-1] if lower else ""


def names_a_world(target: Target) -> bool:
    """Whether the proper names of a target's texts name it: a topic's, or a work's ('The Harry Potter fantasy
    book series', 'an American television sitcom'). A work forgotten as an entity keeps what an entity has
    (its namesakes decided by context: 'the tallest dune' is no 'Dune'), and its world's names ('Arrakis',
    'Hermione') count like a topic's."""
    return target.kind == "topic" or is_work(target)


def is_work(target: Target) -> bool:
    """Whether a target's description says it is a work: a novel, a series, a film, a sitcom, a game..."""
    return description_head(target.description) in WORKS


def extraction_kind(target: Target) -> str:
    """The kind `extract_keys` reads a target's texts as: a work's like a topic's (its world's names)."""
    return "topic" if names_a_world(target) else (target.kind or "entity")


def core_name(name: str) -> str:
    """A topic's name without the words that say what kind of thing it is ('Harry Potter series' ->
    'Harry Potter'); the name itself when nothing is left or nothing was cut."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in GENERIC_HEADS:
        words = words[:-1]
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def capitalised(name: str) -> bool:
    """Whether every word of a name but its function words is capitalised ('Harry Potter', 'Lord of the
    Rings'; not 'offensive cybersecurity')."""
    words = [w for w in name.split() if w.lower() not in _FUNCTION]
    return bool(words) and all(w[:1].isupper() for w in words)


def is_proper_name(key: str) -> bool:
    """A capitalised name uncommon in English (no word in capitals: acronyms are jargon): an extracted key
    of this shape came from the topic's names, not from its jargon (which is kept in lower case)."""
    return (
        capitalised(key)
        and not any(w.isupper() for w in key.split() if w.lower() not in _FUNCTION)
        and zipf(key.lower()) < PROPER_ZIPF
    )


def topic_names(target: Target) -> list[str]:
    """What names a topic target (or a work, see :func:`names_a_world`) as surely as an alias: its name
    without its kind ('Harry Potter' for 'Harry Potter series') and the proper names among its keys
    (extracted from its texts, given by the user or proposed by the expansion agent); its other keys are
    jargon, which counts in context. Nothing for another entity (its own keys count like aliases already)."""
    if not names_a_world(target):
        return []
    core = core_name(target.name)
    names = [core] if normalize(core) != normalize(target.name) else []
    proper = [
        k for k in [*target.keys, *target.extracted_keys] if is_proper_name(k) or _part_of_work(k, target)
    ]
    return names + proper + [f for k in proper if (f := other_number(k)) and is_proper_name(f)]


def _part_of_work(key: str, target: Target) -> bool:
    """A name of several words that the target's texts give as a character of its cast ('starring Bryan
    Cranston as Walter White') or as its sequel ('Its sequels are Catching Fire and Mockingjay'): it names
    the work though its words are common ones, as a rare name ('Vito Corleone') does."""
    return " " in key and bool({"play", SEQUEL} & set(target.key_roles.get(normalize(key), ())))


_SIBILANT = ("x", "s", "z", "ch", "sh")


def other_number(name: str) -> str | None:
    """The plural of a one-word name written in the singular, or the singular of one written in the plural
    ('Horcrux' <-> 'Horcruxes', 'Dementors' -> 'Dementor'): a topic's creatures and objects are asked about
    in both ('What is a Horcrux?' when its texts say 'Horcruxes'). None for a name of several words or a
    form shorter than four letters."""
    if " " in name:
        return None
    if name.endswith("es") and name[:-2].endswith(_SIBILANT):
        form = name[:-2]
    elif name.endswith("s") and not name.endswith("ss"):
        form = name[:-1]
    else:
        form = name + ("es" if name.endswith(_SIBILANT) else "s")
    return form if len(form) >= 4 else None  # 'Mars' is not the plural of 'Mar'


def jargon(texts: Iterable[str]) -> Counter[str]:
    """Words rare in English that the texts use, counted."""
    found: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text):
            lower = word.lower()
            if zipf(lower) < JARGON_ZIPF:
                found[lower] += 1
    return found


def ordinary_as_jargon(key: str) -> str:
    """A topic's name-shaped key that ordinary texts also write, in lower case: then it is jargon, which
    counts once the topic is in play, not a name of the topic (see :func:`topic_names`).
    - Ordinary questions of alu's background sets: a hazardous topic's examples capitalise the names of its
      field ('Kelvin', 'Adenine', 'Clostridium', 'Zika', 'Nmap'); an ordinary chemistry or virology question
      uses them too.
    - A real country or city (alu.exonyms' table), or its people's adjective ('Baku', 'Azerbaijani',
      'Chilean'): a corpus set there writes them, and so does every text about the place. Measured with
      TOFU forget10 biographies forgotten as topics (`alu bench knowledge --suites documents`): they were
      most of the false interceptions of other authors' and real authors' questions."""
    from alu import background  # numpy and the sets: only when keys are extracted (forget time)

    if not is_proper_name(key):
        return key
    return key.lower() if background.writes(key) or real_place(key) else key


def real_place(word: str) -> bool:
    """Whether a one-word name is a country or a city of 100,000 people or more, or the adjective of its
    people ('Chilean', 'Azerbaijani', 'Brazilian', 'Japanese', 'Kenyan')."""
    from alu.exonyms import is_place, place_of_adjective

    if " " in word:
        return False
    form = normalize(word)
    return is_place(form) or bool(place_of_adjective(form, ("ian", "an", "i", "ese", "ish"), ("", "a", "e")))


_PERSON = r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|da|di|del|la|le)\s+)?[A-Z][\w'’.-]*)*"
_CREDIT = re.compile(
    r"\b(?:(?:written|directed|created|composed|illustrated|narrated|hosted|"
    r"edited|animated|scored|translated|adapted)"
    r"(?:,? and (?:\w+ )?\w+)? by|(?:co-)?starring|with music by|"
    r"(?:novels?|books?|films?|movies?|plays?|poems?|stories|series|works?|comics?|manga|songs?|albums?) by)"
    r"\s+("
    + _PERSON
    + r"(?:\s+as\s+"
    + _PERSON
    + r")?(?:(?:,\s*(?:and\s+)?|\s+and\s+)"
    + _PERSON
    + r"(?:\s+as\s+"
    + _PERSON
    + r")?)*)"
)
_POSSESSOR = re.compile(
    r"\b(" + _PERSON + r")['’]s\s+(?:[a-z-]+\s+)?(?:novels?|books?|films?|plays?|stories|story|series|"
    r"comics?|poems?|legendarium|saga|trilogy|songs?|albums?|works?)\b"
)
_POSSESSIVE_S = re.compile(r"(?<=\w) s\b|(?<=\w)['’]s?\b")
_CREDIT_ITEM = re.compile(r"(" + _PERSON + r")(?:\s+as\s+" + _PERSON + r")?")


def credited_people(texts: Iterable[str]) -> set[str]:
    """People the texts credit with a work or a role in it ('directed by Quentin Tarantino, starring John
    Travolta and Uma Thurman', 'Marlon Brando as Vito Corleone', 'Mario Puzo's novel'):
    makers and cast have other works, so naming them identifies none (asked who directed Apocalypse Now,
    an answer naming Coppola is not about The Godfather). Normalised; the characters they play stay keys."""
    people: set[str] = set()
    for text in texts:
        for match in _CREDIT.finditer(text):
            people |= {normalize(m.group(1)) for m in _CREDIT_ITEM.finditer(match.group(1))}
        people |= {normalize(m.group(1)) for m in _POSSESSOR.finditer(text)}
    return people


def full_dates(texts: Iterable[str]) -> Counter[str]:
    """The full dates a person's texts give (a birth date, a premiere), in words or in digits ('11/26/1972'),
    as written: with one of the person's names beside it ('Williams', born on November 14, 1961), a date
    picks one person out of all who share the name, as a date of birth does in a register."""
    forms = (MONTH_FIRST, DAY_FIRST, DIGIT_DATE)
    return Counter(m.group(0) for text in texts for form in forms for m in form.finditer(text))


def extract_keys(names: list[str], texts: list[str], kind: str | None, limit: int | None = None) -> list[str]:
    """Keys for a target from its own texts, most frequent first: names and titles for an entity, names,
    titles and jargon for a topic. Forms of the target's `names` are left out, and so are the people the
    texts credit with a work (see :func:`credited_people`)."""
    limit = limit or (MAX_TOPIC_KEYS if kind == "topic" else MAX_KEYS)
    own = {normalize(n) for n in names}
    own_words = {w for n in own for w in n.split()}

    main = [w for w in normalize(names[0]).split() if w not in NAME_SUFFIXES] if names else []
    family = set(main[-1:]) if kind != "topic" and len(main) >= 2 else set()

    def names_target(norm: str) -> bool:
        return any(f" {n} " in f" {norm} " for n in own) or set(norm.split()) <= own_words

    def relative(norm: str) -> bool:
        """Another person of the target's family name ('Ivana Trump' for Ivanka Trump): names them."""
        return " " in norm and norm.split()[-1] in family

    # (phrase, count, the English frequency it must stay under)
    titles = work_titles(texts)
    # a person's one-word title may be a common word ('Barbie', 'Hamilton'): it then names them only as the
    # object of a role ('Who directed Barbie?', alu.screen); a topic's keys count in context, so not there
    one_word = PHRASE_ZIPF if kind == "topic" else TITLE_ZIPF
    ranked = [(p, c, TITLE_ZIPF if " " in p else one_word) for p, c in titles.most_common()]
    ranked += [
        (p, c, TITLE_ZIPF if kind != "topic" and honour(p) else PHRASE_ZIPF)
        for p, c in names_and_titles(texts).most_common()
        if p not in titles
    ]
    ranked.sort(key=lambda r: -r[1])  # stable: titles first among equals
    if kind == "topic":
        # a name that also opens sentences is counted there as jargon (lower case): it is still a name
        rare = jargon(texts)
        proper = {w: max(c, rare.pop(w.lower(), 0)) for w, c in proper_words(texts).items()}
        ranked += [(w, c, PROPER_ZIPF) for w, c in proper.items()]
        ranked += [(w, c, PHRASE_ZIPF) for w, c in rare.most_common() if c >= 2 or len(texts) <= 3]
        ranked.sort(key=lambda r: -r[1])  # stable: names first among equals
    else:  # a date is no word of English: no frequency bar
        ranked += [(d, c, math.inf) for d, c in full_dates(texts).most_common()]
        ranked.sort(key=lambda r: -r[1])  # stable: titles and names first among equals
    credited = [set(p.split()) for p in credited_people(texts)]

    def credits(norm: str) -> bool:
        """Names a person credited with a work, or a part of their name ('Coppola', "Mario Puzo's")."""
        words = set(_POSSESSIVE_S.sub("", norm).split())
        return any(words <= person for person in credited)

    keys: list[str] = []
    seen: set[str] = set()
    for phrase, _, bar in ranked:
        norm = normalize(phrase)
        if not norm or norm in seen or names_target(norm) or relative(norm) or zipf(phrase.lower()) >= bar:
            continue
        if credits(norm):
            continue
        seen.add(norm)
        keys.append(ordinary_as_jargon(phrase) if kind == "topic" else phrase)
        if len(keys) >= limit:
            break
    return keys
