"""Grammar and description cues that a name in a text belongs to someone or something else than a target.

alu decides a namesake by its context (:mod:`alu.matcher`, :mod:`alu.screen`); these cues only say when an
occurrence is shaped like a namesake, so that the context decides it instead of the name alone:

- a common word opening a sentence as a common noun ('Jobs growth slowed', 'Gates open at nine'), which
  English grammar tells from a person's name opening a sentence ('Jobs founded', 'Bell invented'): a
  singular name is followed by a finite verb, a bare plural or a noun used as a modifier is not;
- a title before a family name that the target cannot bear ('Mrs. Gates' for Bill Gates, 'Dr. Cooper' for
  an actor): by the target's own description, not by the name;
- a possessive naming a law, disease or theorem after someone ("Bell's palsy", "Drake's equation");
- a full name described as someone the target is not ('John Smith, the Labour Party leader who died in
  1994' when the explorer is forgotten): an apposition or predicate giving an occupation of another field
  than every one the target's description gives, or a year a lifetime away from the description's years."""

from __future__ import annotations

import re
from functools import lru_cache

from alu.compounds import noun_compound
from alu.lexicon import is_common_word
from alu.text import normalize
from alu.types import Target

# -- a common word opening a sentence --------------------------------------------------------------------

_PLURAL_AUX = {"are", "were", "have", "do", "don't", "aren't", "weren't", "haven't", "don’t", "aren’t"}
"""Verbs that agree with a plural subject only: after them the opening word is a plural noun."""
_MODALS = {
    "will", "would", "can", "could", "may", "might", "must", "should", "shall", "cannot", "is", "was", "has",
    "had", "does", "did", "isn't", "wasn't", "hasn't", "hadn't", "doesn't", "didn't", "won't", "wouldn't",
    "can't", "couldn't", "shouldn't", "mustn't", "isn’t", "wasn’t", "hasn’t", "doesn’t", "didn’t", "won’t",
}  # fmt: skip
_IRREGULAR_PAST = set(
    """arose awoke bore beat became began bent bet bid bit bled blew broke bred brought built burnt burst
    bought cast caught chose clung came cost crept cut dealt dug dove drew dreamt drank drove ate fell fed
    felt fought found fled flung flew forbade forecast foresaw foretold forgot forgave froze got gave went
    ground grew hung heard hid hit held hurt kept knelt knew laid led leant leapt learnt left lent let lay
    lit lost made meant met mislaid misled mistook overcame overran oversaw overtook outgrew outran outsold
    paid put quit read rebuilt redid remade rewrote rode rang rose ran sawed said saw sought sold sent set
    sewed shook shed shone shot showed shrank shut sang sank sat slept slid slung slit smelt spoke sped
    spelt spent spilt spun spat split spoilt spread sprang stood stole stuck stung stank strode struck
    strung strove swore swept swam swung took taught tore told thought threw thrust trod understood
    undertook underwent undid upset woke wore wove wed wept won wound withdrew withheld withstood wrung
    wrote""".split()
)
"""Past tenses of irregular verbs: after a name opening a sentence they make it the subject ('Swift sang',
'Woods won'); without them 'won' would read like a noun a common word modifies."""
_NOT_NOUNS = set(
    """and or but nor yet so who whom whose which that what where when while whereas although though if
    unless because as than then also later once never ever soon still often always again already just even
    only too first finally now himself herself itself themselves alone together instead meanwhile however
    therefore thus hence here there he she it they we you i me him her his hers its their our my your this
    these those the a an some any no not every each both either neither all much many more most less least
    very quite rather almost nearly really personally reportedly allegedly famously initially originally
    subsequently eventually recently long twice thrice ago herein""".split()
)
"""Words after an opening name that leave it a person's ('Jobs himself', 'Gates also', 'Bell and Watson')."""
_NOUN_PREPOSITIONS = {"of", "in", "for", "across", "at", "on"}
_COORDINATORS = {"and", "or"}
_PERSONAL = set("his her their its my our your him them me us he she they".split())
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")


def opens_as_common_noun(text: str, start: int, end: int) -> bool:
    """Whether a common word opening a sentence (text[start:end]) is used as a common noun there, by the
    word after it. A singular name opening a sentence is followed by its verb ('Jobs founded', 'Bell
    invented', 'Swift sang', 'Gates gives', 'Woods has won'), an adverb, a pronoun or a conjunction, which
    keep it the name; so does nothing at all ('Sure: Jobs.').

    A plural ('Jobs', 'Gates', 'Woods') is a common noun when followed by a word that cannot be the finite
    verb of a singular subject ('Jobs growth slowed', 'Gates open at nine'), by a verb that agrees with a
    plural only ('Jobs were lost'), by a preposition and a common noun phrase ('Woods of oak', 'Jobs in
    nursing'), by 'and' and a common noun ('Brooks and streams'), or by a plural noun and a verb agreeing
    with it ('Jobs reports are due'). A singular common noun cannot open a sentence bare ('The bell rang'),
    so one opening a sentence is a modifier only before a singular noun ('Swift action', 'Bush league',
    'Bell metal'); before a plural ('Swift fans are...'), a preposition or 'and' it may still be the name
    ('Swift in concert', 'Swift and her band')."""
    first = _WORD_AFTER.match(text, end)
    if first is None:
        return False
    word = first.group(1)
    key = word.lower()
    plural = _plural_noun(text[start:end].lower())
    if key in _COORDINATORS:
        return plural and _common_noun_phrase_at(text, first.end())
    if not word.islower() or key in _NOT_NOUNS or key in _MODALS:
        return False
    if noun_compound(text[start:end], key) and _heads_compound(text, first.end(), key):
        return True
    if key in _PLURAL_AUX:
        return plural
    if key in _NOUN_PREPOSITIONS:
        return plural and _common_noun_phrase_at(text, first.end())
    if _finite_singular(key):
        second = _WORD_AFTER.match(text, first.end())
        return (
            plural
            and _plural_noun(key)
            and second is not None
            and second.group(1).lower() in _PLURAL_AUX | _MODALS
        )
    return is_common_word(key.replace("’", "'").split("'")[0].split("-")[-1])


_ALONE = re.compile(r"[*_]*[ \t]*(?:[.!?…]*[ \t]*(?:\n|$)|[.!?…]+[ \t]|:|\(|[-–—][ \t])")
"""What follows a word standing alone in its sentence ('Pink.', 'Drake'), or heading a gloss ('Jewel (n.):
a precious stone', '**Usher** (noun)', 'Flea - a small insect', 'Seal: a marine mammal')."""


def stands_alone(text: str, end: int) -> bool:
    """Whether a word opening a sentence (ending at `end`) is the whole sentence or a headword: a common word
    there is a bare answer or a dictionary entry as often as a name ('What colour is a flamingo?' 'Pink.';
    'Who sang Hotline Bling?' 'Drake.'), which only the question and answer together tell apart."""
    return _ALONE.match(text, end) is not None


def _heads_compound(text: str, end: int, key: str) -> bool:
    """Whether a compound noun's second word (`key`, ending at text[end]) is its head there: a word that
    cannot be a singular subject's verb ('Bell tower', 'Bush bean'), or one followed by a verb agreeing with
    a plural ('Bell peppers are sweet'; not 'Brown studies economics', 'White leads the team')."""
    if not _finite_singular(key):
        return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and after.group(1).lower() in _PLURAL_AUX | _MODALS


def _finite_singular(word: str) -> bool:
    """Whether a lower-case word may be the finite verb of a singular subject: a past tense ('founded',
    'co-founded', 'sang') or a third person present ('gives', 'has'); '-ss' ('class') and '-us' are no
    verb endings."""
    last = word.split("-")[-1]
    if last in _IRREGULAR_PAST or last.endswith("ed"):
        return True
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _plural_noun(word: str) -> bool:
    """A word in -s that may be the plural of a common noun ('jobs', 'gates', 'reports'; not 'class')."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and is_common_word(word)


_DETERMINERS = {"a", "an", "the"}


def _common_noun_phrase_at(text: str, end: int) -> bool:
    """Whether a common noun phrase follows (a determiner allowed): 'of oak', 'in nursing', 'of a bee';
    not a pronoun ('in his lab'), a number ('in 1985') or a name ('at Apple')."""
    after = _WORD_AFTER.match(text, end)
    if after is not None and after.group(1).lower() in _DETERMINERS:
        after = _WORD_AFTER.match(text, after.end())
    if after is None:
        return False
    word = after.group(1)
    return word.islower() and word not in _PERSONAL and is_common_word(word.split("-")[-1])


# -- a title the target cannot bear ------------------------------------------------------------------------

_MALE_TITLES = {
    "mr", "sir", "lord", "king", "prince", "duke", "emperor", "brother", "uncle", "father", "mister", "herr",
    "monsieur", "senor", "signor",
}  # fmt: skip
_FEMALE_TITLES = set(
    """mrs ms miss dame lady queen princess duchess empress sister aunt madam frau fraulein madame mme mlle
    mademoiselle senora senorita signora""".split()
)
_MALE = set(
    """he him his himself man businessman actor king prince son father husband brother boy gentleman
    nephew uncle grandson monk sir lord duke emperor chairman sportsman statesman congressman""".split()
)
_FEMALE = set(
    """she her hers herself woman businesswoman actress queen princess daughter mother wife sister girl
    lady niece aunt granddaughter nun dame duchess empress chairwoman sportswoman congresswoman
    heroine""".split()
)
_ACADEMIC = set(
    """doctor physician surgeon phd doctorate dr medical medicine dentist psychiatrist psychologist
    scientist physicist chemist biologist astronomer mathematician economist researcher professor
    academic scholar philosopher theologian historian linguist geneticist virologist epidemiologist
    neurologist cardiologist pediatrician veterinarian""".split()
)
_TEACHING = set(
    """teacher teaches taught teaching lecturer lecturers tutor instructor educator school schoolteacher
    university college faculty headmaster headmistress""".split()
)
_POLITICS = set(
    """politician politics party government minister ministry parliament senator senate congress
    congressman congresswoman governor mayor statesman president chancellor premier elected diplomat
    ambassador secretary councillor council representative commissioner speaker cabinet""".split()
)
_MILITARY = set(
    """general army military commander soldier officer war marshal navy naval admiral colonel lieutenant
    sergeant major corporal brigadier commodore""".split()
)
_POLICE = set(
    "sheriff police policeman policewoman detective constable inspector officer investigator".split()
)
_CLERGY = set(
    """priest church clergyman clergy religious bishop archbishop cardinal reverend pastor vicar imam
    mosque deacon minister monk friar""".split()
)
_OCCUPATION_TITLES: dict[str, set[str]] = {
    "dr": _ACADEMIC,
    "prof": _ACADEMIC | _TEACHING,
    "judge": {"judge", "justice", "court", "jurist", "magistrate", "lawyer"},
    "senator": {"senator", "senate", "politician", "congressman", "congresswoman", "statesman"},
    "captain": set("captain navy naval ship sea sailor explorer soldier army military pilot team".split()),
    "president": {"president", "presidency", "chairman", "chairwoman"},
    "pope": {"pope", "papacy", "pontiff", "cardinal", "bishop", "church"},
    "rabbi": {"rabbi", "judaism", "jewish", "synagogue", "religious"},
    "father": {"priest", "father", "church", "clergyman", "religious", "monk", "friar"},
    "chancellor": _POLITICS | {"university"},
    "general": _MILITARY,
    "detective": _POLICE,
    "bishop": _CLERGY,
    "coach": {"coach", "team", "football", "basketball", "baseball", "soccer", "athlete", "player", "sport"},
}
_ALSO = {
    "prof": "professor",
    "senator": "sen",
    "president": "pres",
    "judge": "justice",
    "chancellor": """minister premier pm governor gov mayor secretary ambassador representative rep
        congressman congresswoman councillor commissioner speaker""",
    "general": """gen colonel col lieutenant lt sergeant sgt major maj admiral adm commander cmdr marshal
        corporal cpl brigadier commodore capt""",
    "detective": "det inspector sheriff constable officer",
    "bishop": "archbishop cardinal reverend rev pastor imam deacon fr",
}
"""Titles whose field is that of another ('Gen.', 'Colonel' and 'Admiral' are the general's)."""
_OCCUPATION_TITLES.update({t: _OCCUPATION_TITLES[field] for field, ts in _ALSO.items() for t in ts.split()})
OFFICE_TITLES = frozenset(_OCCUPATION_TITLES) | {"chief"}
"""Ranks, offices and professions written before a family name ('Chancellor Merkel', 'Gen. Patton',
'Professor Snape'): the name stays its bearer's, and the target's description says which it can bear."""
_NOT_OCCUPATIONS = set(
    """party politics government ministry parliament senate congress council cabinet elected presidency
    papacy court army navy naval military war sea ship team church religious judaism jewish synagogue
    mosque medical medicine phd doctorate dr school university college faculty football basketball
    baseball soccer sport teaches taught teaching labour conservative republican democrat democratic
    cricket golf tennis rugby hockey band pop rock album albums television tv media reality novels novel
    books company""".split()
)
"""Words of the fields below that name an institution, a field or a work, not a person's occupation."""


def titles_unlike(target: Target) -> frozenset[str]:
    """The titles before a family name that cannot be the target's, by its description: the other gender's
    ('Mrs. Gates' for a businessman, 'Mr. Jenner' for a woman managing her family), and a rank or
    profession its description does not give ('Dr. Cooper' for an actor, 'Judge Bell' for an inventor).
    A description that says nothing (no gendered word, no occupation) rules nothing out; topics bear none."""
    if target.kind == "topic":
        return frozenset()
    return _titles_unlike(target.name, target.description)


@lru_cache(maxsize=4096)
def _titles_unlike(name: str, description: str) -> frozenset[str]:
    if not description.strip():
        return frozenset()
    words = set(re.findall(r"[a-z]+", description.lower())) | set(normalize(name).split())
    male, female = bool(words & _MALE), bool(words & _FEMALE)
    out: set[str] = set()
    if male and not female:
        out |= _FEMALE_TITLES
    if female and not male:
        out |= _MALE_TITLES
    if words & _OCCUPATIONS:  # a description naming no occupation rules none out
        out |= {title for title, field in _OCCUPATION_TITLES.items() if not words & field}
    return frozenset(out)


# -- a possessive naming a law, disease or theorem --------------------------------------------------------

EPONYM_HEADS = set(
    """law laws theorem equation equations constant principle paradox rule conjecture lemma hypothesis
    inequality formula disease syndrome palsy sign reflex test method algorithm number numbers problem
    effect ratio scale limit razor puzzle riddle cloud comet triangle circle knot function distribution
    criterion ulcer tumour tumor lymphoma fracture phenomenon postulate axiom identity series sequence
    transform operator coefficient""".split()
)
"""Nouns that a possessive names after someone ('Bell's palsy', 'Drake's equation', 'Occam's razor'): the
person it is named after may be anyone of that name, so the context decides."""
_EPONYM = re.compile(r"['’]s[ \t]+([a-z]+)\b")


_BARE_EPONYM_HEADS = set(
    """cell cells corpuscle corpuscles gland glands duct ducts disease syndrome reflex palsy lymphoma tumour
    tumor ulcer fracture constant constants equation equations theorem lemma conjecture inequality
    transform operator coefficient distribution algorithm criterion paradox sign signs ataxia dystrophy
    sarcoma maneuver manoeuvre triad node nodes aneurysm hernia""".split()
)
"""Nouns that name a cell, disease, clinical sign or theorem after someone without a possessive ('Merkel
cells', 'Hodgkin lymphoma', 'Chvostek sign', 'Friedreich ataxia', 'Planck constant'). Not 'effect', 'law'
or 'number': 'the Merkel effect' is about her."""
_VERB_HEADS = {"sign", "signs"}
"""Heads that are verbs too: 'Did Merkel sign the treaty?' is about her (a determiner or pronoun follows)."""
_OBJECT_WORDS = set(
    "the a an this that these those it them his her their its our my your any every each into off up".split()
)
_COORDINATED = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+(?:and|or|&)[ \t]+)(?:non-)?[A-Z][\w'’-]*")
"""Another name sharing the head: 'Chvostek and Trousseau signs', 'Hodgkin and non-Hodgkin lymphoma'."""
_BARE_EPONYM = re.compile(r"[ \t]+([a-z]+)\b(?:[ \t]+([a-z]+)\b)?")


def names_an_eponym(text: str, end: int) -> bool:
    """Whether the word ending at `end` names a law, disease, cell or theorem after someone: a possessive
    ('Bell's palsy'), or a name before a scientific noun ('Merkel cells', 'Planck constant')."""
    match = _EPONYM.match(text, end)
    if match is not None:
        return match.group(1) in EPONYM_HEADS
    coordinated = _COORDINATED.match(text, end)  # 'Chvostek and Trousseau signs'
    bare = _BARE_EPONYM.match(text, coordinated.end() if coordinated else end)
    if bare is None or bare.group(1) not in _BARE_EPONYM_HEADS:
        return False
    return bare.group(1) not in _VERB_HEADS or bare.group(2) not in _OBJECT_WORDS


# -- a full name described as someone else ----------------------------------------------------------------

_FIELDS: dict[str, set[str]] = {
    "politics": set(
        """politician party labour conservative republican democrat democratic minister mp senator
        congressman congresswoman governor mayor councillor supervisor parliament statesman
        diplomat""".split()
    ),
    "sport": set(
        """footballer cricketer golfer athlete player basketball football baseball soccer cricket golf
        tennis rugby hockey boxer runner coach sprinter cyclist swimmer jockey olympian""".split()
    ),
    "music": set(
        """singer songwriter musician rapper composer pianist guitarist drummer band pop rock album
        albums vocalist""".split()
    ),
    "screen": set("actor actress director filmmaker comedian presenter television tv media reality".split()),
    "writing": set("writer novelist author poet playwright journalist essayist novels novel books".split()),
    "science": set(
        """scientist physicist chemist biologist mathematician statistician professor researcher academic
        engineer inventor astronomer economist""".split()
    ),
    "business": set(
        """businessman businesswoman entrepreneur billionaire founder ceo executive investor manager
        company philanthropist""".split()
    ),
    "medicine": set("doctor physician surgeon nurse dentist".split()),
    "military": set("soldier general army officer commander admiral explorer captain navy".split()),
    "cooking": set("chef cook baker restaurateur".split()),
    "place": set(
        """city town village hamlet county river lake island country province capital region district
        borough port mountain valley suburb state""".split()
    ),
    "law": set("lawyer judge barrister attorney solicitor".split()),
    "police": set("sheriff police policeman policewoman detective constable".split()),
    "religion": set("priest bishop vicar pastor rabbi imam minister".split()),
}
_OCCUPATIONS = frozenset(
    set().union(*_OCCUPATION_TITLES.values(), *(v for field, v in _FIELDS.items() if field != "place"))
    - _NOT_OCCUPATIONS
)
"""The words of the titles' and apposition fields that name a person's occupation ('physicist', 'mayor',
'actor', 'novelist'), not an institution, a field or a work ('university', 'church', 'novels'): for
:func:`titles_unlike`."""
_APPOSITION = re.compile(
    r"(?:[ \t]*,[ \t]*|[ \t]+(?:is|was)[ \t]+|[ \t]+(?=the[ \t]))"
    r"(?:(?:the|a|an|former|then|late|retired|local)[ \t]+)+"
    r"([^,.;:!?()\n]{3,140})"
    r"|[ \t]+of[ \t]+(?:the[ \t]+)?([A-Z][^,.;:!?()\n]{2,80})"
)
"""What follows a name to say who it is: an apposition ('John Smith, the Labour Party leader'), a predicate
('Jack London is a former footballer'), or an organisation ('John Smith of the Labour Party')."""
_OBJECT_OF = re.compile(
    r"\b(?:of|to|for|with|by|from|about|like|than|beside|behind|against|toward|towards|without)[ \t]+$",
    re.IGNORECASE,
)
"""A preposition right before a name: the name is its object, not the subject of what follows."""
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b|\b([0-9]{1,2})(?:st|nd|rd|th)[ -]century\b", re.IGNORECASE)
_LIFETIME = 100
"""Years apart beyond which a date in a description of the name cannot be the target's."""


def described_as_other(text: str, start: int, end: int, description: str, *, predicate: bool = True) -> bool:
    """Whether the name from `start` to `end` is described right after as someone the target is not: an
    apposition or predicate ('John Smith, the Labour Party leader...', 'Jack London is a former
    footballer') whose occupation is of no field the target's description is in (when it is in some), or
    that gives a year a lifetime away from every year of the description. Said of the target in words of
    its own fields ('Tiger Woods, the golfer', 'Taylor Swift, the pop star'), it is still the target.

    `predicate`: whether 'is a' or 'was a' describe the name too. A family name alone said to be of
    another field ('Swift is an actress too') is as likely the target's lesser known career as another
    person, so only an apposition describes it ('Dr. Einstein, a dentist in Leeds'). A predicate describes
    only a name that is its clause's subject: after a preposition the name is in the subject ('The mother
    of Elvin Mammadov was a lawyer' says what his mother was)."""
    described = _APPOSITION.match(text, end)
    if described is not None and described.group(0).lstrip()[:1] not in {",", "o"}:
        if not predicate or _OBJECT_OF.search(text, 0, start):
            return False
    phrase = described and (described.group(1) or described.group(2))
    return bool(phrase) and _unlike(phrase.lower(), description)


def described_before_as_other(text: str, start: int, description: str) -> bool:
    """Whether the name starting at `start` follows an occupation of someone the target is not ('the
    Berkeley professor Michael Jordan', 'the Glasgow chef Tony Blair'), or is said to be another of that
    name ('the other Kris Jenner', 'a different John Smith'): see :func:`described_as_other`."""
    clause = _CLAUSE_BREAK.split(text[max(0, start - 80) : start])[-1]
    if not clause.endswith((" ", "\t")):
        return False
    words = clause.split()
    if words and words[-1].lower() in _ANOTHER:
        return True
    if not words or not words[-1].islower() or not _fields(words[-1]):
        return False  # an occupation right before the name, not 'the mayor of Paris'
    return _unlike(" ".join(words[-6:]).lower(), description)


_CLAUSE_BREAK = re.compile(r"[.,;:!?()\n\"“”]")
_ANOTHER = {"another", "other", "different"}


def _unlike(phrase: str, description: str) -> bool:
    """Whether a phrase describing someone cannot describe the target: a year a lifetime away from every
    year of its description, or occupations of fields the description is in none of (when it is in some)."""
    years, own_years = _years(phrase), _years(description)
    if years and own_years and all(abs(y - o) > _LIFETIME for y in years for o in own_years):
        return True
    said = _fields(phrase)
    own = _fields(description.lower())
    return bool(said) and bool(own) and not said & own


def _years(text: str) -> list[int]:
    """The years a text gives, a century as its middle year ('17th-century' -> 1650)."""
    return [int(year) if year else int(century) * 100 - 50 for year, century in _YEAR.findall(text)]


def _fields(text: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", text))
    return {field for field, vocabulary in _FIELDS.items() if words & vocabulary}


_SOMEONE = _OCCUPATIONS | {"band", "group", "duo", "trio", "artist", "person", "celebrity", "star", "rapper"}
"""What a question may ask for that is someone: the occupations, and people and groups they leave out."""
_ASKS_WHO = re.compile(r"(?:^|[.!?:;\n])[ \t]*(?:(?:and|but|so|then)[ \t]+)?who(?:m|se)?\b", re.IGNORECASE)
"""'Who' opening a question ('Who sang Roxanne?'), not a relative clause ('a person who shows guests...')."""
_ASKS_WHICH = re.compile(r"\b(?:which|what|name (?:a|an|one|the))((?:[ \t]+[\w-]+){1,3})", re.IGNORECASE)


def asks_for_someone(question: str) -> bool:
    """Whether a question asks for a person or a group ('Who sang Roxanne?', 'Which British band...', 'What
    rapper...', 'Name a female rapper'): a bare common word answering it names them ('Sting.', 'Queen.'), as
    a bare answer to any other question is the word ('What colour is a flamingo?' 'Pink.')."""
    if _ASKS_WHO.search(question.strip()):
        return True
    for match in _ASKS_WHICH.finditer(question):
        for word in re.split(r"[\s-]+", match.group(1).lower()):
            if word in _SOMEONE or word.removesuffix("s") in _SOMEONE:
                return True
    return False
