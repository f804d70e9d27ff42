"""A forgotten work named by the people it credits: 'Coppola's 1972 film', 'Suzanne Collins' dystopian
trilogy', 'Vince Gilligan's crime drama about a chemistry teacher'.

The people a work's description credits (its director, author, creator, cast: alu.keys.credited_people) are
no keys of the work: they have other works, and naming them names none ('Who directed Apocalypse Now?
Francis Ford Coppola.'). Written as the work's maker or performer together with the work's kind ('film',
'trilogy', 'album' or a synonym) and what its description says that the maker's other works do not share,
they name it as surely as its title: its year (and no other year), or distinctive words of its description
('dystopian', 'crime', 'chemistry teacher'). Common words count less than rare ones and generic ones not at
all (a nationality, the medium: 'American', 'television', 'studio'), and a sentence that gives the kind a
title of its own ("Spielberg's 1993 film Jurassic Park") is about that other work.

A work's credited people are worked out when it is written (`Target.credited`, alu.knowledge_write); what
its description says is read once per description, when a text first writes one of those people's names
(:class:`CreditIndex` finds them by family name). Targets written before there was such a field have none
and are screened as they were."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from alu.keys import credited_people, zipf
from alu.occurrence import casing_informative
from alu.text import NAME_SUFFIXES, normalize
from alu.types import Target

KINDS: dict[str, frozenset[str]] = {
    "film": frozenset({"film", "movie", "picture", "feature", "adaptation", "blockbuster", "flick"}),
    "book": frozenset(
        {"novel", "book", "trilogy", "series", "saga", "novella", "bestseller", "memoir", "tale", "poem"}
    ),
    "show": frozenset({"series", "show", "sitcom", "programme", "program", "miniseries", "serial"}),
    "album": frozenset({"album", "record", "lp", "ep"}),
    "song": frozenset({"song", "single", "track", "ballad", "anthem"}),
    "game": frozenset({"game", "videogame"}),
    "play": frozenset({"play", "musical", "opera", "tragedy"}),
}
"""The nouns a text calls a work of each kind by (singular). A work's kinds are those its description calls
it ('a 1972 American crime film', 'a series of dystopian novels', 'the sixth studio album')."""
GENRES = frozenset(
    {"thriller", "drama", "comedy", "romance", "epic", "western", "horror", "fantasy", "satire", "mystery"}
    | {"documentary", "musical", "noir", "dystopia", "sitcom", "tragedy", "mockumentary"}
)
"""Genre nouns that stand for a film, book, show or play's kind ('his 1972 Mafia epic', 'Spielberg's 1975
thriller'); written by its description, a genre is also one of what it says of the work."""
_STORY_KINDS = ("film", "book", "show", "play")
_KIND_NOUNS = frozenset().union(*KINDS.values())
_ALL_KINDS = _KIND_NOUNS | GENRES
GENERIC = frozenset(
    {"television", "tv", "studio", "directed", "written", "created", "starring", "featuring", "based"}
    | {"released", "published", "produced", "composed", "adapted", "featured", "original", "acclaimed"}
    | {"bestselling", "selling", "award", "winning", "famous", "popular", "classic", "known", "fiction"}
    | {"cast", "sequel", "sequels", "prequel", "director", "author", "writer", "creator", "novelist"}
)
"""Words of a description that say nothing of which work it is: roles, the medium, praise."""
RARE_ZIPF = 4.0
"""A description's word rarer than this in English ('dystopian' 3.2, 'mafia' 3.8, 'psychiatrist' 3.7)
counts twice; one up to COMMON_ZIPF ('crime' 4.9, 'chemistry' 4.4) once; a more frequent one ('death',
'town', 'women') not at all. Two are needed (a year counts two): 'Tarantino's crime film' is any of them."""
COMMON_ZIPF = 5.0
EVIDENCE = 2
"""What a sentence must give besides the maker and the kind: the work's year, or descriptors worth two."""
_YEAR = re.compile(r"(?<![\w-])(1[5-9]\d\d|20\d\d)(?![\w-])")
_DECADE = re.compile(r"(?<![\w-])(1[5-9]\d0s|20\d0s)(?![\w-])")
"""A decade the description sets the work in ('a Madison Avenue agency in the 1960s') counts like its year;
another decade does not rule it out (a work made in one decade may be set in another)."""
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)\s+|\n+")
_BY_PERSON = re.compile(r"\bby\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)")
_HEAD_END = (
    r"(?=\s+(?:by|directed|written|created|composed|produced|developed|released|published|starring|"
    r"featuring|about|in|in which|that|which|who|based|from|for|known)\b|[,;:.()]|$)"
)
_HEAD = re.compile(r"\b(?:is|was|are|were)\s+(?:an?|the|one)\s+(.{0,120}?)" + _HEAD_END)
_OPENING = re.compile(r"^\W*(?:an?\s+|the\s+)?(.{0,120}?)" + _HEAD_END, re.IGNORECASE)
"""The phrase that says what a work is, in the opening sentence of its description ('The Godfather is a
1972 American crime film directed by...': '1972 American crime film'), or the description's opening when it
says no 'is a' ('1972 crime film directed by...')."""
_ROLE_WORDS = re.compile(
    r"\b(?:direct(?:s|ed|ing|or)?|wr(?:ote|ite|ites|iting|itten|iter)|creat(?:e|es|ed|ing|or)|"
    r"star(?:s|red|ring)?|co-?star(?:s|red|ring)?|play(?:s|ed|ing)|made|makes?|making|publish(?:es|ed|ing)?|"
    r"releas(?:e|es|ed|ing)|recorded|produc(?:e|es|ed|ing|er)|sang|sings?|perform(?:s|ed|ing|er)?|"
    r"author(?:ed)?|penned|composed|adapted|film(?:ed|maker)|known for|famous for|debut)\b",
    re.IGNORECASE,
)
"""Words that make a person named beside a work its maker or performer ('Roy Scheider starred in', 'What
show did Vince Gilligan create?', 'best known for')."""


@dataclass(frozen=True)
class WorkProfile:
    """What a work's description says that a text naming it by its maker would repeat."""

    kinds: frozenset[str]
    """Nouns a text calls the work by (its kinds' nouns and, for a story, the genre nouns)."""
    years: frozenset[str]
    decades: frozenset[str]
    words: dict[str, tuple[str, int]]
    """Descriptor forms (each word of the description and its stems) -> (the word, its weight)."""


def work_kinds(described: Iterable[str]) -> frozenset[str]:
    """The kinds ('film', 'book', ...) the texts say the target is, by the noun their opening phrase ends in
    ('a 1972 American crime film', 'a series of dystopian novels'): none for a person ('an American film
    director') or a place."""
    kinds: set[str] = set()
    for text in described:
        head = _HEAD.search(text[:400]) or _OPENING.search(text[:400])
        words = [_singular(w) for w in normalize(head.group(1)).split()] if head else []
        if not words or words[-1] not in _ALL_KINDS:
            continue
        kinds |= {kind for kind, nouns in KINDS.items() if nouns.intersection(words)}
        if not kinds:
            kinds.add("film")  # 'a 2004 thriller directed by...'
    return frozenset(kinds)


def credits_of(target: Target, lead: str = "") -> list[str]:
    """The people a work's description (and the opening sentence of its first document, `lead`) credit
    with it, normalised: none when the target is not a work."""
    described = [text for text in (target.description, lead or target.lead) if text]
    if not work_kinds(described):
        return []
    return sorted(credited_people(described))


@lru_cache(maxsize=4096)
def profile(described: tuple[str, ...], credited: tuple[str, ...], names: tuple[str, ...]) -> WorkProfile:
    """A work's profile from the texts that say what it is, once per description. The words of its names and
    of the people it credits are left out: they are matched as names; so are those of anyone else it says
    the work is by ('produced by Quincy Jones': he produced the maker's other albums too)."""
    kinds = work_kinds(described)
    nouns = set().union(*(KINDS[k] for k in kinds)) if kinds else set()
    if kinds & set(_STORY_KINDS):
        nouns |= GENRES
    makers = [m.group(1) for text in described for m in _BY_PERSON.finditer(text)]
    skip = {w for name in (*credited, *names, *makers) for w in normalize(name).split()}
    words: dict[str, tuple[str, int]] = {}
    for text in described:
        for word in normalize(text).split():
            if len(word) < 3 or not word.isalpha() or word in skip or _generic(word):
                continue
            if weight := _weight(word):
                for form in _forms(word):
                    words.setdefault(form, (word, weight))
    years = frozenset(y for text in described for y in _YEAR.findall(text))
    decades = frozenset(d for text in described for d in _DECADE.findall(text))
    return WorkProfile(frozenset(nouns), years, decades, words)


def _generic(word: str) -> bool:
    """A word of a description that does not tell one of a maker's works from another: a role, the medium,
    praise, a kind noun ('film', 'novel': the kind is matched apart) or a people's adjective."""
    return word in GENERIC or _singular(word) in _KIND_NOUNS or _nationality(word)


def _weight(word: str) -> int:
    frequency = zipf(word)
    return 2 if frequency < RARE_ZIPF else 1 if frequency < COMMON_ZIPF else 0


@lru_cache(maxsize=8192)
def _nationality(word: str) -> bool:
    """A people's adjective ('american', 'polish'): most of a maker's works share it."""
    from alu.exonyms import place_of_adjective

    return bool(place_of_adjective(word, ("ian", "an", "i", "ese", "ish", "ch"), ("", "a", "e", "ce", "y")))


def _singular(word: str) -> str:
    """'novels' -> 'novel', 'stories' -> 'story'; 'series' stays."""
    if word in _ALL_KINDS or word.endswith(("ss", "us", "is")) or len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


def _forms(word: str) -> list[str]:
    """A word, its singular and its stems down to six letters and three letters less: 'dystopian' is also
    'dystopia', 'districts' 'district' (a shorter shared stem would make 'distress' a 'district')."""
    return [word, _singular(word), *(word[:n] for n in range(len(word) - 1, max(5, len(word) - 4), -1))]


class CreditIndex:
    """The works targets by the family names of the people they credit: a text that writes none of those
    words (nearly all) costs one set intersection."""

    def __init__(self) -> None:
        self.by_word: dict[str, set[str]] = {}
        self.words_of: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self.words_of)

    def add_many(self, targets: Iterable[Target]) -> None:
        for target in targets:
            if not target.credited:
                continue
            words = {_family(person) for person in target.credited} - {""}
            self.words_of[target.id] = words
            for word in words:
                self.by_word.setdefault(word, set()).add(target.id)

    def remove(self, tid: str) -> None:
        for word in self.words_of.pop(tid, set()):
            owners = self.by_word.get(word, set())
            owners.discard(tid)
            if not owners:
                self.by_word.pop(word, None)

    def find(self, texts: list[str]) -> set[str]:
        """Ids of the works whose credited people's family names the texts write."""
        if not self.by_word:
            return set()
        written = set(normalize(" ".join(texts)).split()) & self.by_word.keys()
        return set().union(*(self.by_word[w] for w in written)) if written else set()


def _family(person: str) -> str:
    words = [w for w in person.split() if w not in NAME_SUFFIXES]
    return words[-1] if words else ""


def named_by_credit(text: str, context: list[str], target: Target) -> str:
    """Evidence that the text names the work `target` by a person it credits ('coppola + film + 1972'), or
    ''. A sentence of the text counts with the sentences of the text and its `context` (the question before
    an answer) that write the person as a maker or performer: 'What is Coppola's best film? - His 1972
    Mafia epic.'"""
    if not target.credited:
        return ""
    work = profile(target.described, tuple(target.credited), tuple([*target.names, *target.keys]))
    written = normalize(" ".join([text, *context])).split()
    if not work.kinds or not work.kinds.intersection(map(_singular, written)):
        return ""  # no kind noun anywhere (most texts that write a maker's family name): nothing to read
    own = _sentences(text)
    others = [s for c in context if c != text for s in _sentences(c.replace(text, " ") if text in c else c)]
    makers = [(s, person) for s in [*own, *others] if (person := _credited_in(s, target))]
    if not makers:
        return ""
    for sentence in own:
        person = _credited_in(sentence, target)
        unit = [sentence] if person else [sentence, *(s for s, _ in makers)]
        person = person or makers[0][1]
        if evidence := _evidence(sentence, unit, work, target):
            return f"{person} + {evidence}"
    return ""


def _evidence(sentence: str, unit: list[str], work: WorkProfile, target: Target) -> str:
    """'film + 1972 + crime' when the unit (a sentence with the maker's sentences) calls the work by its
    kind and says enough of what its description says, the sentence itself some of it; '' otherwise. A year
    the sentence writes decides ('Coppola directed Apocalypse Now in 1979. His 1972 film starred Brando.'),
    and so does a title it gives the kind."""
    joined = " ".join(unit)
    written = list(dict.fromkeys(normalize(joined).split()))
    kinds = [w for w in written if _singular(w) in work.kinds]
    if not kinds or not _role_given(joined, target) or _titles_another(sentence, target):
        return ""
    years = set(_YEAR.findall(sentence) or _YEAR.findall(joined))  # the sentence's own, else the maker's
    if work.years and years - work.years:
        return ""  # another year: another work of the same maker
    naming = kinds[0] if all(_singular(k) in GENRES for k in kinds) else ""  # 'his Mafia epic'
    said: dict[str, tuple[str, int]] = {}  # the description's word -> (the text's word, its weight)
    for word in written:
        found = next((work.words[f] for f in _forms(word) if f in work.words), None)
        if found is not None and word != naming:
            said.setdefault(found[0], (word, found[1]))
    year = sorted(years & work.years | set(_DECADE.findall(joined)) & work.decades)
    score = sum(weight for _, weight in said.values()) + EVIDENCE * len(year)
    given = {*kinds, *year, *(word for word, _ in said.values())}
    if score < EVIDENCE or not given & set(normalize(sentence).split()):
        return ""
    return " + ".join([kinds[0], *year, *(word for word, _ in said.values())])


def _credited_in(sentence: str, target: Target) -> str:
    """The person of the target's credits the sentence writes, normalised: their full name, or their family
    name alone when written as a name (capitalised, in text whose case means something); '' when none."""
    plain = f" {normalize(sentence)} "
    informative = casing_informative(sentence)
    for person in target.credited:
        if f" {person} " in plain:
            return person
        family = _family(person)
        if f" {family} " not in plain:
            continue
        for match in _family_pattern(family).finditer(sentence):
            if not informative or match.group()[:1].isupper():
                return family
    return ""


def _role_given(text: str, target: Target) -> bool:
    """Whether the text writes a credited person as a maker or performer: possessive ("Coppola's",
    "Collins'"), after 'by', 'from', 'with' or 'starring', before the kind ('a Spielberg film'), or beside a
    word of a role ('directed', 'starred in', 'best known for')."""
    if _ROLE_WORDS.search(text):
        return True
    for person in target.credited:
        pattern = _role_pattern(_family(person))
        if pattern.search(text):
            return True
    return False


@lru_cache(maxsize=4096)
def _family_pattern(family: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’])" + r"\W+".join(map(re.escape, family.split())) + r"(?![\w])", re.I)


@lru_cache(maxsize=4096)
def _role_pattern(family: str) -> re.Pattern[str]:
    name = re.escape(family)
    kinds = "|".join(sorted(set().union(*KINDS.values(), GENRES)))
    return re.compile(
        rf"\b{name}(?:['’]s?\b|['’])|\b(?:by|from|with|starring|featuring)\s+(?:[\w.'’-]+\s+){{0,3}}?{name}\b"
        rf"|\b{name}\s+(?:[\w-]+\s+){{0,2}}?(?:{kinds})s?\b",
        re.IGNORECASE,
    )


_ARTICLES = frozenset({"the", "a", "an", "of", "and"})
_TITLED = re.compile(
    r"(?:,\s*|\s+)[\"“‘']?((?:The |A |An )?[A-Z][\w'’.-]*(?:\s+(?:[a-z]{1,3}\s+)?[A-Z0-9][\w'’.-]*)*)"
)


def _titles_another(sentence: str, target: Target) -> bool:
    """Whether the sentence gives a kind noun a title that is not the target's ('the 1993 film Jurassic
    Park', "his final film, The Drop,"): the sentence is about that work. A name after the kind that is a
    person the target credits or one of its own names or keys is no title ('In Coppola's 1972 film, Marlon
    Brando plays...')."""
    names = (*target.names, *target.keys, *target.extracted_keys, *target.credited)
    own = {w for name in names for w in normalize(name).split()} - _ARTICLES
    for match in _kind_then_capital(sentence):
        run = match.group(1)
        comma = sentence[match.start() : match.start(1)].lstrip().startswith(",")
        if comma and not re.match(r"\s*,", sentence[match.end(1) :]):
            continue  # 'film, Marlon Brando plays': a clause, not a title set off by commas
        if not set(normalize(run).split()) & own:
            return True
    return False


def _kind_then_capital(sentence: str) -> Iterable[re.Match[str]]:
    """Matches of a capitalised run right after a kind noun (group 1: the run)."""
    for kind in re.finditer(r"\b[A-Za-z]+\b", sentence):
        if _singular(kind.group().lower()) in _ALL_KINDS:
            match = _TITLED.match(sentence, kind.end())
            if match is not None:
                yield match


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]
