"""Screening without an LLM: which few targets could matter for a text, and which texts name a target.

Cost per text: one embedding, one nearest-neighbour lookup of m targets, an n-gram lookup in the alias index
and fuzzy matching against those m candidates. None of it grows with the number of targets beyond the index
lookup, which is what keeps alu's per-query cost flat at thousands of targets."""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

import numpy as np

from alu import background, deadline, name_index
from alu.attribution import attributed_elsewhere, title_pattern
from alu.credited_works import CreditIndex, named_by_credit
from alu.decode import LEAD_IN, cipher_keys, keyed_readings, transforms
from alu.feats import FeatIndex
from alu.given_alone import GIVEN_REPLY_CHARS, RARE_GIVEN_LETTERS, GivenAlone, rare_given_names
from alu.keys import JARGON_ZIPF, PHRASE_ZIPF, capitalised, honour, names_a_world, topic_names, zipf
from alu.knowledge_screen import KnowledgeScreen
from alu.lexicon import is_common_word
from alu.loose_ears import LooseEars, one_name_by_ear
from alu.masked_vectors import MaskedVectors
from alu.matcher import (
    AliasIndex,
    FamilyEars,
    PartsIndex,
    fuzzy_find,
    independent,
    index_keys,
    masked_name,
    masked_runs,
    masked_words,
    name_sized,
    spelt_as_other_given_name,
)
from alu.memory_index import Held, Neighbours
from alu.name_forms import (
    SHORT_NAME_LETTERS,
    SOUND,
    family_names,
    given_names,
    heard_forms,
    initialisms,
    key_phrases,
    partial_names,
    surface_forms,
    weak_forms,
    with_run_together,
)
from alu.name_shapes import ShapeIndex, reading_order, shapes
from alu.namesake_cues import stands_alone
from alu.occurrence import (
    OPTION_LINE,
    answers_someone,
    capitalised_words,
    casing_informative,
    initialled_otherwise,
    inside_longer_name,
    introduced_as_other,
    mask_names,
    names_kin_only,
    namesake_shaped,
    read_as_common_noun,
    run_of_ordinary_words,
    spells_kin,
    without_namesakes,
    written_as_name,
)
from alu.other_names import is_epithet, with_other_names
from alu.positions import PositionIndex
from alu.store import ForgetStore
from alu.text import (
    as_a_word,
    deleet,
    normalize,
    opens_sentence,
    transliterate,
    unaccented,
    unplaceholder,
    windows,
)
from alu.titles import in_another_role, named_by_role, work_titles, works_starred
from alu.types import LeakFinding, Target
from alu.unread_names import reversed_words, unread_runs
from alu.unsaid import says_nothing, without_asking

Rows = TypeVar("Rows", list, np.ndarray)
OverTargets = TypeVar("OverTargets", FamilyEars, GivenAlone, LooseEars)
"""The indexes built over every target when first asked for (:meth:`Screener._over_targets`)."""
SCREEN_REFERENCE_TARGETS = 20
"""Store size at which `screen_threshold` is calibrated (`alu bench calibrate`: a TOFU forget10 split)."""


_SHORT_ANSWER = 3
"""Answers of at most this many words may be pieces of a name spelt over turns."""
_SPELT_LETTERS = 40
"""Answers read back when each gives one letter: a name spelt a letter per turn."""
_LETTER_ANSWER = re.compile(
    r"^\W*(?:(?:the )?(?:next |first |last )?letter(?: \d+| is)?\s*[:.)=-]?\s*(?:is\s+)?)?"
    r"['\"‘“(]?([^\W\d_])['\"’”)]?\W*$",
    re.IGNORECASE,
)
CONTEXT_REACH = 0.3
"""How much more similar to a target a context can read with its names masked than as written. Over 573
context checks (the TOFU bench, the namesake set and the name grids of sessions 21-24) masking raised the
similarity by at most 0.27, on short questions ('Which district does AOC represent?'). A target the context
as written stays further than this below the threshold is not checked: at 10,000 targets, ordinary words
that are some targets' family name ('grant', 'Park', 'most') had sent 3 of 112 unrelated questions through
one more embedding, ~6 ms."""


def _trailing_short(answers: list[str]) -> list[str]:
    """The last answers while they are short (pieces of a name): up to three, or up to _SPELT_LETTERS when
    each is one letter ('A', then 'n', then 'Letter 3: g': a name spelt a letter per turn). A letter answer
    is kept as its letter."""
    out: list[str] = []
    for answer in reversed(answers[-_SPELT_LETTERS:]):
        letter = _LETTER_ANSWER.match(answer)
        if len(out) >= 3 and not (letter and all(len(p) == 1 for p in out)):
            break
        if not letter and (not answer.strip() or len(answer.split()) > _SHORT_ANSWER):
            break
        out.insert(0, letter.group(1) if letter else answer)
    return out


def spelt_letter(answer: str) -> str:
    """The letter a one-letter answer gives ('a', "'A'", 'Letter 7: a', 'The next letter is E.'), else the
    answer as it is."""
    letter = _LETTER_ANSWER.match(answer)
    return letter.group(1) if letter else answer


@lru_cache(maxsize=65_536)
def distinctive(form: str) -> bool:
    """Whether a one-word form is rare enough to name its target alone, in play or not: the embedder's
    vocabulary splits it into three or more pieces ('olvhagen', 'threlvik'), where common words and common
    names are one or two ('bell', 'cooper', 'blair', 'ameen'), and need the context to decide."""
    from alu.embeddings import get_embedder

    return " " not in form and len(form) >= 5 and get_embedder().word_pieces(form) >= 3


def grown_threshold(base: float, growth: float, n_targets: int, cap: float) -> float:
    """The similarity a candidate needs among `n_targets`: `base` up to SCREEN_REFERENCE_TARGETS targets,
    `growth` higher per tenfold more, never above `cap`.

    The nearest of N unrelated targets gets closer to any text as N grows (the same reason a BLAST score means
    less in a bigger database), so a fixed threshold makes every query a candidate for something at scale.
    `alu bench calibrate --fill N` (pipeline-style screening, chosen by masked recall minus false positives on
    world_facts + real_authors) chose 0.47 with 20 targets, 0.56 with 1,020 and 0.61 with 10,020;
    0.47 + 0.05 per decade gives 0.47, 0.56 and 0.61 there."""
    tenfolds = math.log10(max(n_targets, SCREEN_REFERENCE_TARGETS) / SCREEN_REFERENCE_TARGETS)
    return min(base + growth * tenfolds, cap)


def _titles(forms: list[str], target: Target) -> list[str]:
    """The target's key phrases (titles of its works: see :func:`alu.name_forms.key_phrases`) among the
    forms found, by any key they are indexed under (:func:`alu.matcher.index_keys`: written with spaces,
    run together, 'thesaltlanterns', or by their phonetic key, as a title written by ear in Cyrillic or
    Greek letters reads: 'Те Урбан Одйссей'), as phrases with spaces."""
    keyed = {k: normalize(p) for p in key_phrases(target) for k in index_keys(p)}
    return list(dict.fromkeys(keyed[f] for f in forms if f in keyed))


def _given_alone(text: str, given: str) -> bool:
    """Whether the text writes a given name with its capital and no capitalised word after it: the person
    called so ('What do you know about Maria?'), not another person's full name ('Maria Callas'), nor a
    common word that opens a sentence ('Will you list her awards?')."""
    plain = unaccented(text)
    word = is_common_word(given)
    return any(
        m.group()[:1].isupper()
        and not _CAPITAL_NEXT.match(plain, m.end())
        and not (word and opens_sentence(plain, m.start()))
        for m in as_a_word(given).finditer(plain)
    )


_CAPITAL_NEXT = re.compile(r"\s+[A-Z]")
"""A capitalised word next: the word before it is part of a longer name ('Maria Callas')."""


def _titled(forms: list[str], target: Target, shared: frozenset[str]) -> bool:
    """Whether the forms found include a title of the target's work (:func:`_titles`) or an honour of its
    that fewer than SHARED_KEY_TARGETS targets hold ('Golden Fae Award'): beside half the target's name, two
    cues of one person (:meth:`Screener._half_named`). An answer that lists a person's award among their
    'known works' tells as much as one that lists a book."""
    return bool(_titles(forms, target)) or any(f not in shared and honour(f) for f in forms)


DISTINCTIVE_TITLE_WORDS = 5
"""Words from which a title of the target's own work names it alone in an answer, with no name beside it:
'Known works: "The Principles of Script: Advanced guidebook", ...' answering a question about another of
its books (one alu was not told of) lists the forgotten author's works. A short title is many works' ('The
Salt Lanterns'); one this long and not shared by other targets (:data:`SHARED_KEY_TARGETS`) is one."""


def _distinctive_titles(forms: list[str], target: Target, shared: frozenset[str]) -> list[str]:
    """The titles of the target's works among the forms, long enough to name it alone
    (:data:`DISTINCTIVE_TITLE_WORDS`) and found for fewer than SHARED_KEY_TARGETS targets."""
    titles = _titles([f for f in forms if f not in shared], target)
    return [t for t in titles if len(t.split()) >= DISTINCTIVE_TITLE_WORDS]


def _without_others_works(forms: list[str], target: Target, texts: list[str]) -> list[str]:
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
    return bool(target.key_roles) and in_another_role(text, form, target.key_roles, _works(target.described))


def _keys_said_of(text: str, forms: list[str], target: Target, texts: list[str]) -> list[str]:
    """The target's key forms found in the text less those that name someone else: a work the texts credit
    to another person, a title asked of in a role the target never had."""
    return [f for f in _without_others_works(forms, target, texts) if not _other_role(text, f, target)]


OWN_KEY_ROLES = frozenset({"play", "name"})
"""Roles that make a key the target's alone: a character played ('played Barney Stinson'), an epithet
('known as the Glass Cartographer')."""


def _without_keys(text: str, *targets: Target) -> str:
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
def _works(described: tuple[str, ...]) -> frozenset[str]:
    """:func:`alu.titles.works_starred` of the texts that say who a target is, once per description."""
    return works_starred(described)


def _role_bound(form: str, target: Target) -> bool:
    """Whether a person's key is a one-word title that is a common word ('Barbie', 'Hamilton', 'Frozen'): it
    names them as the object of a role only ('Who directed Barbie?', 'the creator of Hamilton'), not by
    being there ('a Barbie doll', 'Hamilton, Ontario'), even with them in play or beside another key. A
    work's one-word keys are its world's names (:func:`alu.keys.names_a_world`), which count as they are."""
    return " " not in form and zipf(form) >= PHRASE_ZIPF and not names_a_world(target)


CONTEXT_HITS_KEPT = 8
"""Texts whose extracted-key look-ups the screener keeps (:meth:`Screener._context_hits`): an audit looks up
its question and its answer, then the exchange of both (:meth:`Screener.asked_shared_findings`), which is
theirs."""
SHARED_KEY_TARGETS = 3
"""Targets sharing a key from which on it names none of them by a role alone: a TOFU-like store of 10,000
fictitious authors lists real titles ('War and Peace', 'Shane') among dozens of authors' works, and 'Who
wrote War and Peace?' is about Tolstoy. Two co-authors of a forgotten book still share it as one."""


def _shared_forms(hits: dict[str, list[str]]) -> frozenset[str]:
    """The forms an index look-up found for SHARED_KEY_TARGETS targets or more."""
    counts: dict[str, int] = {}
    for forms in hits.values():
        for form in set(forms):
            counts[form] = counts.get(form, 0) + 1
    return frozenset(f for f, n in counts.items() if n >= SHARED_KEY_TARGETS)


def _spaced_only(forms: list[str]) -> list[str]:
    """The forms less those run together from another one found ('maxplanckinstitute' beside 'max planck
    institute'): one key found twice, not a second key (the spaced form may be inside a longer key, which
    :func:`alu.matcher.independent` keeps, leaving the run-together one alone)."""
    spaced = {f.replace(" ", "") for f in forms if " " in f}
    return [f for f in forms if " " in f or f not in spaced]


def _asked_as_work(forms: list[str], target: Target) -> list[str]:
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


def _people_named(text: str) -> list[str]:
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


_TURN = re.compile(r"^(user|assistant): ", re.MULTILINE)


def _named_alone(
    text: str, target: Target, definite: list[str], loose: list[str], field: frozenset[str]
) -> bool:
    """Whether weak forms found in the text name the target out of play: two independent ones, a rare one
    (not a run-together title), one in disguise, one only spelt out, a rare given name with the family
    initial, or two initials or more before the family name ('R. B. Castro': three parts of one name).
    `definite`: the forms not read as a namesake; `loose`: those outside the target's field
    words. Asked only when some form is definite (a family name read as a common noun, 'grant' or 'park'
    beside 34-46 of 10,000 targets, asks nothing more)."""
    weak = with_run_together(weak_forms(target))
    initials = initialisms(target)
    heard = [f for f in loose if not f.startswith(SOUND)]
    return (
        len(independent(_spaced_only(heard))) >= 2
        or any(f in weak and distinctive(f) and f not in field for f in definite)
        or _disguised(text, loose, target)
        or _spelt_out(text, [f for f in loose if f in weak and f not in initials])
        or any(_given_and_initial(text, f) for f in definite if f in weak)
        or any(_initials_before_family(f) for f in definite if f in weak)
    )


def _initials_before_family(form: str) -> bool:
    """Whether a weak form is two initials or more before a family name ('r b castro', 'j r r tolkien')."""
    *initials, family = form.split() or [""]
    return len(initials) >= 2 and all(len(i) == 1 for i in initials) and len(family) > 1


def _written_whole(text: str, form: str, target: Target) -> bool:
    """Whether a weak form is written as such: an initialism ('jfk') as one word or as its letters apart
    ('J. F. K.', 'J F K'), not read off words run together: with 10,000 targets, 'v of T' and 'w of T' of a
    graph question are the initials of a Veselin and a Wolfgang O'Farrill, 'C as' of a Claire Al-Said (one
    MMLU question in 17 refused at 10,000 fictitious authors, session 36). Other weak forms always are."""
    if form not in initialisms(target):
        return True
    apart = r"(?:\.[ \t]*|[ \t]+)".join(map(re.escape, form))  # on one line: not across options
    return (
        re.search(rf"(?<![^\W\d_])(?:{re.escape(form)}|{apart})(?![^\W\d_])", text, re.IGNORECASE) is not None
    )


def _assistant_turns(texts: list[str]) -> list[str]:
    """What the assistant said in the texts: a text written as turns ('user: ...\nassistant: ...', see
    alu.graph.conversation_text) gives its assistant's turns, any other text is an answer as it is."""
    turns = []
    for text in texts:
        parts = _TURN.split(text)
        if len(parts) == 1:
            turns.append(text)
        turns += [body for role, body in zip(parts[1::2], parts[2::2], strict=True) if role == "assistant"]
    return turns


def _disguised(text: str, forms: list[str], target: Target) -> bool:
    """Whether a title of the target's work is in the text only in disguise (leet, split or decorated
    words, look-alike letters, letters of other forms such as circled or fullwidth ones, encodings): a title
    names its target alone then, in play or not. Written plainly, a title only counts for a target in play:
    other authors have books of that name too."""
    plain = f" {normalize(_without_other_forms(text))} "
    return any(f" {title} " not in plain for title in _titles(forms, target))


def _without_other_forms(text: str) -> str:
    """The text with characters written in another form of themselves blanked: circled ('Ⓣⓗⓔ'), fullwidth
    ('ＴＨＥ'), mathematical ('𝐓𝐡𝐞') letters, whose compatibility form :func:`alu.text.normalize` folds to
    the plain letters."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() or unicodedata.normalize("NFKC", c) == c else " " for c in text)


def _given_and_initial(text: str, form: str) -> bool:
    """Whether the text names the target by its rare given name and the initial of its family name ('Oskana
    T.' for Oskana Threlvik), as a masking attack does: not a common given name ('John F.' is anyone), nor
    an initial that is someone else's middle one ('John F. Kennedy' for John Furber)."""
    words = form.split()
    if len(words) != 2 or len(words[1]) != 1 or not distinctive(words[0]):
        return False
    written = re.compile(rf"\b{re.escape(words[0])}[ \t]+{re.escape(words[1])}\b\.?(?!\s*(?-i:[A-Z]))", re.I)
    lines = "\n".join(" ".join(line.split()) for line in text.splitlines())  # not across lines: 'cm/min\nB.'
    return bool(written.search(unaccented(lines)))


def _spelt_out(text: str, forms: list[str]) -> bool:
    """Whether a one-word weak form that is no English word (a family name: 'merkel') is in the text only
    spelt out or disguised ('M-E-R-K-E-L', 'M as in Mike, E as in Echo...', 'M3rk3l'): no word of the plain
    text writes it. Spelling a name letter by letter is how one hides it, as with a disguised title; a common
    word ('S.W.I.F.T. code') is still left to the context."""
    plain = f" {normalize(text)} "
    return any(
        " " not in f
        and not f.startswith(SOUND)
        and f" {f} " not in plain
        and not is_common_word(f)
        and not _words_run_together(plain, f)
        for f in forms
    )


_ONE_LETTER_WORDS = frozenset({"a", "i"})
ENGLISH_WORD_ZIPF = 3.0
"""English word frequency (Zipf) from which a piece of a name run together is a word ('boss' 4.8, 'is' 7.1;
not 'kel' 2.8 or 'agen' 2.5)."""
_RUN_WORDS = 3
"""At most this many words of a text run together into one name ('a very' into 'avery'): a name spelt out is
cut into more, or into pieces that are no words ('Ave ry', 'M E R K E L')."""


def _written_as_a_word(text: str, form: str) -> bool:
    """Whether a one-word form shorter than SHORT_NAME_LETTERS is a word the text writes with letters, as it
    is or in leetspeak that keeps some ('L4i'): unasked, such a form read off a number ('500 W' is no Soo,
    '5:00' none either) or joined from letters apart ('X + u' is no Xu) is what the text says, not a name.
    Longer forms and phrases are always read as found."""
    if " " in form or len(form) >= SHORT_NAME_LETTERS:
        return True
    lettered = " ".join(chunk for chunk in text.split() if any(c.isalpha() for c in chunk))
    return form in normalize(lettered).split() or form in normalize(deleet(lettered)).split()


def _words_run_together(plain: str, form: str) -> bool:
    """Whether the text writes the one-word form as two or three English words in a row: 'a very' for Avery,
    'boss is' for Bossis. Those words are what the text says (at 10,000 fictitious authors 'a very' refused
    57 of the 14,042 MMLU questions), not the name spelt out."""
    words = plain.split()
    for i, first in enumerate(words):
        if not form.startswith(first):
            continue
        joined = first
        for k in range(i + 1, min(i + _RUN_WORDS, len(words))):
            joined += words[k]
            if not form.startswith(joined):
                break
            if joined == form:
                return all(_english_word(w) for w in words[i : k + 1])
    return False


def _english_word(word: str) -> bool:
    """A word English writes on its own (not a letter but 'a' and 'i')."""
    return (len(word) > 1 or word in _ONE_LETTER_WORDS) and zipf(word) >= ENGLISH_WORD_ZIPF


def _namesake(text: str, form: str, target: Target, context: list[str], unsaid: bool = False) -> bool:
    """Whether a one-word form reads as something else than the target in the text, or in a context text
    that holds it after a namesake was introduced ('Where is Jenner, California?' then 'Jenner is a coastal
    town': the answer refers back to the question's namesake; see :func:`alu.occurrence.namesake_shaped`). The
    text's own casing must mean something: in Title Case every word is capitalised, the target's too. A
    bare common word answering a question that asks for someone is the target ('Which band recorded
    Barracuda?' 'Heart.'), and so is one standing alone, capitalised, answering a request that says
    nothing of whom it asks (`unsaid`: 'Name the one my notes are about.' 'Sure: Trump')."""
    text = _options_echoed(text, context)
    if namesake_shaped(text, form, target):
        alone = unsaid and read_as_common_noun(text, form, target)
        alone = alone and (_capitalised_alone(text, form) or _short_word_alone(text, form))
        return not (answers_someone(text, form, context) or alone)
    return casing_informative(text) and any(
        text in c and c != text and namesake_shaped(c, form, target) for c in context
    )


def _capitalised_alone(text: str, form: str) -> bool:
    """Whether the text writes the one-word form capitalised and standing alone ('Sure: Trump', 'Musk.')."""
    plain = unaccented(text)
    return any(
        m.group()[:1].isupper() and stands_alone(plain, m.end()) for m in as_a_word(form).finditer(plain)
    )


def _short_word_alone(text: str, form: str) -> bool:
    """Whether the text says nothing but a short form that is no English word, in lower case ('Sure: lai'
    when asked for the family name in lower case): lower case reads such a word as a word of another
    language (alu.name_forms.SHORT_NAME_LETTERS), but a reply of it alone to a request that says nothing of
    whom it asks is the name."""
    if len(form) >= SHORT_NAME_LETTERS or is_common_word(form):
        return False
    rest, found = as_a_word(form).subn(" ", unaccented(text))
    return bool(found) and says_nothing([rest])


def _options_echoed(text: str, context: list[str]) -> str:
    """The text without the letters of its question's options it echoes ('B. Chvostek sign' when option B
    is 'Chvostek sign'): a letter that labels an option is nobody's initial (Basil Chvostek's here)."""
    for c in context:
        for echoed in _option_echoes(c):
            text = echoed.sub("", text)
    return text


@lru_cache(maxsize=64)
def _option_echoes(question: str) -> tuple[re.Pattern[str], ...]:
    """Per option of the question, its letter before its text: asked once per target a text half-names."""
    return tuple(
        re.compile(rf"(?<![\w.]){label}[.)][ \t]+(?={re.escape(option.strip()[:40])})")
        for label, option in OPTION_LINE.findall(question)
    )


def _explained(form: str, tid: str, exact: dict[str, list[str]]) -> bool:
    """Whether a weak or fuzzy form of target `tid` lies inside another target's name that the text writes:
    that target speaking ('Ameen' in 'Hina Ameen' is not Basil Ameen)."""
    return any(f" {form} " in f" {named} " for other, fs in exact.items() if other != tid for named in fs)


def _read_as_other(text: str, form: str, target: Target, context: list[str], asked: bool = False) -> bool:
    """Whether an exact form reads as something else: a one-word namesake, a full name read as another's
    ('Jack London Square', 'John Smith, the Labour Party leader'), spelt only with another given name
    ('Paula Allen' for Paul Allen), in the text or where a context text holding it first names that person
    ('Who was John Smith, the Labour leader?' before the answer); in a question (`asked`), also a full name
    with a middle initial the target's names lack ('Who is Michael B. Jordan?'): the asker chose the
    initial, and may mean another person as well as the target, so the answer decides. An answer that
    writes a middle initial gives the target's middle name as often as not ('My pick: Bill H. Gates.')."""
    if _namesake(text, form, target, context) or inside_longer_name(text, form, target):
        return True
    if spelt_as_other_given_name(text, form, context):
        return True  # 'Louise Armstrong' for Louis Armstrong: the context decides
    if asked and initialled_otherwise(text, form, target):
        return True  # 'Michael B. Jordan' for Michael Jordan: the context decides
    if is_epithet(target, form) and not written_as_name(text, form):
        return True  # 'the iron lady of the team', 'the greatest' (alu.other_names): the context decides
    return casing_informative(text) and any(
        text in c and c != text and introduced_as_other(c, form, target) for c in context
    )


@lru_cache(maxsize=65_536)
def _name_words(name: str) -> frozenset[str]:
    """The words of a name that :func:`alu.occurrence.mask_names` masks alone, normalised (a superset: the
    mask decides)."""
    return frozenset(w for w in normalize(name).split() if len(w) >= 3)


def _written_as_names(text: str) -> frozenset[str]:
    """The text's words that may be a name, normalised: those written with a capital, or every word in text
    whose case means nothing ('grant' in 'to grant women the vote' is no name; in 'where was grant born' it
    may be)."""
    return capitalised_words(text) if casing_informative(text) else frozenset(normalize(text).split())


def _unnamed(text: str, forms: dict[str, list[str]], targets: list[Target]) -> str:
    """The text without the targets' forms where they read as part of another name (see
    :func:`alu.occurrence.without_namesakes`)."""
    for target in targets:
        text = without_namesakes(text, forms[target.id], target)
    return text


def _sure_by_ear(target: Target) -> list[str]:
    """The forms a word in another script names the target by alone: names and aliases, and a family name
    rare enough to count alone in Latin letters too ('Ольвхаген'; see :func:`distinctive`)."""
    field = _field_words(target)
    return [*surface_forms(target), *(f for f in partial_names(target) if distinctive(f) and f not in field)]


def _field_words(target: Target) -> frozenset[str]:
    """The partial names of a topic's common-noun phrases: its own name ('offensive cybersecurity',
    'hazardous chemistry': its last word names its field, which ordinary questions ask about: 'In terms of
    cyber-security...') and each alias that ends in a common word ('immune evasion mechanisms', 'ROP
    chains': 'mechanisms', 'i e mechanisms', 'chains' name no one). They count only once the topic is in
    play (as its jargon does), never alone, nor decided by a context that is merely about the same field (a
    virology question about defence mechanisms, a Heartbleed question about its exploitation). Partial
    names of a proper name ('anthracis' of 'Bacillus anthracis') still can."""
    if target.kind != "topic":
        return frozenset()
    phrases = [] if capitalised(target.name) else [target.name]
    phrases += [a for a in target.aliases if _common_noun_phrase(a)]
    return frozenset().union(*map(_name_partials, phrases))


def _ordinary_field_words(target: Target) -> frozenset[str]:
    """The field words (:func:`_field_words`) that ordinary questions of the academic fields write
    (:func:`alu.background.writes`): 'viruses' of 'reverse genetics of dangerous viruses', 'injection' of
    'SQL injection', 'agents' of 'synthesis of chemical warfare agents'. They do not single the topic out
    even in play: a virology question near the topic ('How do viruses of the flu family copy their
    genomes?') writes them as any other does. Field words the background never writes still count in play,
    and partial names of a proper name always do ('B. anthracis')."""
    return frozenset(f for f in _field_words(target) if background.writes(f))


def _common_noun_phrase(phrase: str) -> bool:
    """A phrase that ends in a common word and does not open with a capitalised word ('ROP chains',
    'immune evasion mechanisms'; not 'Bacillus anthracis', 'Yersinia pestis')."""
    words = phrase.split()
    opens_with_name = bool(words) and words[0][:1].isupper() and not words[0].isupper()
    return len(words) >= 2 and not opens_with_name and is_common_word(normalize(words[-1]))


@lru_cache(maxsize=1024)
def _name_partials(name: str) -> frozenset[str]:
    """The partial names of a topic's own name alone (without its aliases), worked out once per name."""
    return frozenset(partial_names(Target(name=name, kind="topic")))


def _split_rows(rows: Rows, counts: list[int]) -> list[Rows]:
    """`rows` cut into consecutive parts of these lengths."""
    ends = np.cumsum(counts).tolist()
    return [rows[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]


def _rewritten(now: Target, indexed: Target) -> bool:
    """Whether a stored target is not the one indexed under its id: withdrawn and added again (Chroma keeps
    times to ~1e-6 s), merged into, or refitted (`alu targets reembed`)."""
    return (
        abs(now.created_at - indexed.created_at) > 1e-3
        or abs(now.updated_at - indexed.updated_at) > 1e-3
        or now.decision != indexed.decision
    )


@dataclass
class Screening:
    """Targets in play for one text: candidates by similarity, and deterministic findings."""

    candidates: dict[str, Target] = field(default_factory=dict)
    similarity: dict[str, float] = field(default_factory=dict)
    findings: list[LeakFinding] = field(default_factory=list)
    cleared: set[str] = field(default_factory=set)
    """Targets whose name occurred only as a namesake ('Kendall Jenner' for Kris Jenner): similar because
    of the shared word, not because the text is about them."""
    gray: set[str] = field(default_factory=set)
    """Candidates only because the text is in their knowledge decision's gray zone: for the judges; they do
    not put their names and keys in play for the same text (a topic's name in lower case stays a common
    word: 'brewing potions' near a Harry Potter topic)."""

    def merge(self, other: Screening) -> Screening:
        merged = Screening(
            dict(self.candidates),
            dict(self.similarity),
            list(self.findings),
            self.cleared | other.cleared,
            (self.gray - set(other.candidates)) | (other.gray - set(self.candidates)),
        )
        merged.candidates.update(other.candidates)
        for tid, sim in other.similarity.items():
            merged.similarity[tid] = max(sim, merged.similarity.get(tid, 0.0))
        merged.findings.extend(other.findings)
        return merged


class Screener:
    """Keeps an alias index in sync with the store and screens texts against both."""

    def __init__(
        self,
        store: ForgetStore,
        *,
        m: int,
        screen_threshold: float,
        strong_threshold: float,
        fuzzy_threshold: float,
        margin: float,
        growth: float,
        knowledge_m: int = 16,
    ) -> None:
        self.store = store
        self._held = Held(store)  # the kNN rows, in memory (alu.memory_index)
        self.knowledge = KnowledgeScreen(self._held.knowledge, knowledge_m)
        self.m = m
        self.screen_threshold = screen_threshold
        self.growth = growth
        self.margin = margin
        self.strong_threshold = strong_threshold
        self.fuzzy_threshold = fuzzy_threshold
        # Names in other scripts by ear: a long sound key (a full name) names its target alone, a short one
        # (one word: 'Эйнштейн') when the word is also spelt alike, and any (a family name, '爱因斯坦' in a
        # sentence) a target in play.
        self._index = AliasIndex(exonyms=True, sounds=_sure_by_ear, min_sound=4, sure_sound=6, near=True)
        self._partial = AliasIndex(weak_forms, sounds=heard_forms, min_sound=3)
        self._parts = PartsIndex()
        # Identifying keys (alu.keys): the user's keys of an entity and a topic's or a work's names (its name
        # without its kind, the proper names among its keys: alu.keys.topic_names) count like aliases;
        # extracted keys and a topic's other keys count in context.
        self._alias_keys = AliasIndex(lambda t: [*(t.keys if t.kind == "entity" else []), *topic_names(t)])
        self._context_keys = AliasIndex(lambda t: [*t.extracted_keys, *(t.keys if t.kind == "topic" else [])])
        self._context_kept: dict[str, dict[str, list[str]]] = {}  # the last texts' look-ups (_context_hits)
        self._positions = PositionIndex()  # offices and family ties that name one person (alu.positions)
        self._feats = FeatIndex()  # firsts and awards of a year that name one person (alu.feats)
        self._credits = CreditIndex()  # works by the people they credit (alu.credited_works; not saved)
        self._over_targets_built: dict[type, FamilyEars | GivenAlone | LooseEars] = {}  # see _over_targets
        self._targets: dict[str, Target] = {}
        from alu.embeddings import get_embedder

        self._masked = MaskedVectors(store.location, get_embedder().identity, self._embed)
        self._revision: str | None = None
        self._shapes: tuple[str | None, ShapeIndex] | None = None
        self._versions: dict[str, int] | None = None  # the store's row versions at that revision
        self._written: int | None = None  # the last write applied to the store's rows (see refresh)
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._open()

    # -- keeping the index in sync --------------------------------------------------------------------
    def _open(self) -> None:
        """Start from the indexes saved beside a local store (see alu.name_index) when there are any, catch
        up with the store, and save them again when that indexed anything (the rows of a target indexed
        since would be read from Chroma by every later open; withdrawn targets are dropped at no cost)."""
        saved = name_index.load(self.store.location)
        indexes = {
            "alias": self._index,
            "partial": self._partial,
            "parts": self._parts,
            "alias_keys": self._alias_keys,
            "context_keys": self._context_keys,
            "positions": self._positions,
            "feats": self._feats,
        }
        if saved is not None and saved.states.keys() == indexes.keys():
            for name, index in indexes.items():
                vars(index).update(saved.states[name])
            self._targets = saved.targets
            self._versions = saved.versions
            for target in saved.targets.values():  # decisions are not saved: read from the targets
                self.knowledge.index(target)
            self._credits.add_many(saved.targets.values())
            held = self._held.load(list(saved.targets), saved.revision)
            self._revision = saved.revision
            indexed = self.refresh()
        else:
            held = False
            indexed = self.refresh(force=True)
        if saved is None or indexed:
            with self._lock:
                states = {name: name_index.state_of(index) for name, index in indexes.items()}
                revision = self._revision or ""
                name_index.save(self.store.location, revision, states, self._targets, self._versions)
        if not held or saved is None or indexed:
            with self._lock:
                self._held.save(self._revision or "")

    def refresh(self, *, force: bool = False) -> int:
        """Catch up with writes made behind our back (another process, another replica, another Unlearner);
        returns how many targets it indexed.

        Per query this costs two small reads: the store's revision marker, and the sequence number of the last
        write applied to its rows (a write that failed after Chroma stored rows may leave the marker where it
        was). When either moved, only the difference is indexed, so the alias indexes are never rebuilt from
        scratch (a remove plus an add that leave the count unchanged are seen too)."""
        mark = (self.store.revision(), self.store.written())
        if self._versions and self._written is None:  # indexes loaded from disk: newest row
            self._written = max(self._versions.values())  # (rows withdrawn last cost one diff)
        if not force and mark == (self._revision, self._written):
            return 0
        with self._sync_lock:
            if not force and mark == (self._revision, self._written):  # caught up meanwhile
                return 0
            self.store.catch_up(mark[0])
            stale, fresh, versions = self._changes(force)
            with self._lock:
                for tid in stale:
                    self._drop(tid)
                self._index_many(fresh)
                self._versions = versions
            self._revision, self._written = mark
            return len(fresh)

    def _changes(self, force: bool) -> tuple[list[str], list[Target], dict[str, int] | None]:
        """(ids to drop, targets to index, the store's row versions or None). A local store tells each
        row's version: only rows written since the last catch-up are read (10,000 targets: 0.08 s against
        0.5-0.7 s for reading them all); else every target is read and compared."""
        versions = self.store.versions()
        if force or versions is None or self._versions is None:
            current = self.store.snapshot()
            present: Collection[str] = current.keys()
        else:
            known = self._versions
            current = self.store.get_many([tid for tid, v in versions.items() if known.get(tid) != v])
            present = versions.keys()
        stale = [
            tid
            for tid, target in self._targets.items()
            if tid not in present or (tid in current and _rewritten(current[tid], target))
        ]
        dropped = set(stale)
        fresh = [t for tid, t in current.items() if tid not in self._targets or tid in dropped]
        return stale, fresh, versions

    def added(self, targets: list[Target]) -> None:
        """Index targets this process just wrote (read-your-writes without waiting for the next refresh)."""
        with self._lock:
            self._index_many(targets)

    def removed(self, target: Target) -> None:
        with self._lock:
            self._drop(target.id)

    def _index_many(self, targets: list[Target]) -> None:
        targets = [with_other_names(t) for t in targets]  # 'born Farrokh Bulsara' (alu.other_names)
        self._index.add_many(targets)
        self._partial.add_many(targets)
        self._parts.add_many(targets)
        self._index_knowledge(targets)
        self._held.load([t.id for t in targets])
        self._targets.update((t.id, t) for t in targets)
        self._over_targets_built.clear()

    def _index_knowledge(self, targets: list[Target]) -> None:
        """Keys and knowledge decisions of the targets (only targets that have some are indexed)."""
        self._context_kept.clear()
        for target in targets:
            for index in (self._alias_keys, self._context_keys, self._positions, self._feats, self._credits):
                index.remove(target.id)
        self._credits.add_many(targets)
        self._positions.add_many(targets)
        self._feats.add_many(targets)
        self._alias_keys.add_many([t for t in targets if (t.keys and t.kind == "entity") or topic_names(t)])
        self._context_keys.add_many(
            [t for t in targets if t.extracted_keys or (t.keys and t.kind == "topic")]
        )
        for target in targets:
            self.knowledge.index(target)

    def _drop(self, tid: str) -> None:
        self._index.remove(tid)
        self._partial.remove(tid)
        self._parts.remove(tid)
        self._alias_keys.remove(tid)
        self._context_keys.remove(tid)
        self._context_kept.clear()
        self._positions.remove(tid)
        self._feats.remove(tid)
        self._credits.remove(tid)
        self.knowledge.drop(tid)
        self._held.drop(tid)
        self._targets.pop(tid, None)
        self._over_targets_built.clear()
        self._masked.drop(tid)

    @property
    def threshold(self) -> float:
        """The similarity a candidate needs with the store's current size (see :func:`grown_threshold`)."""
        return grown_threshold(self.screen_threshold, self.growth, len(self._targets), self.strong_threshold)

    def topics(self) -> list[Target]:
        """The topic targets (the topic auditor lists them all when topic_audit=always)."""
        with self._lock:
            return [t for t in self._targets.values() if t.kind == "topic"]

    def all_targets(self) -> list[Target]:
        with self._lock:
            return list(self._targets.values())

    def _find(self, index: AliasIndex, text: str) -> dict[str, list[str]]:
        """Look a text up in an index under the lock writers take: a refresh or withdraw in another thread
        must not change an index while it is being read."""
        deadline.check()
        with self._lock:
            return index.find_all(text)

    def _context_hits(self, text: str) -> dict[str, list[str]]:
        """The extracted keys in a text (:meth:`_find` in the context-key index), the last CONTEXT_HITS_KEPT
        texts' kept until an index changes. Callers do not change what it returns."""
        deadline.check()
        with self._lock:
            hits = self._context_kept.get(text)
            if hits is None:
                hits = self._context_keys.find_all(text) if len(self._context_keys) else {}
                self._context_kept[text] = hits
                if len(self._context_kept) > CONTEXT_HITS_KEPT:
                    del self._context_kept[next(iter(self._context_kept))]
            return hits

    def _turns_hits(self, text: str) -> dict[str, list[str]]:
        """:meth:`_context_hits` of a text written as turns ('user: ...\nassistant: ...'), turn by turn: a key
        lies within a turn, and each turn was looked up already when it was screened."""
        parts = _TURN.split(text)
        if len(parts) == 1:
            return self._context_hits(text)
        merged: dict[str, list[str]] = {}
        for body in (b.removesuffix("\n") for b in [parts[0], *parts[2::2]] if b.strip()):
            for tid, forms in self._context_hits(body).items():
                merged[tid] = list(dict.fromkeys([*merged.get(tid, []), *forms]))
        return merged

    # -- screening ------------------------------------------------------------------------------------
    def screen(
        self,
        texts: list[str],
        where: str,
        similar: list[str] | None = None,
        *,
        asks: bool = False,
        unsaid: bool = False,
        in_play: list[Target] | None = None,
        looked: Screening | None = None,
    ) -> Screening:
        """Candidates by similarity (≥ screen threshold and within the margin of each text's best match) to
        `similar` (default: the texts themselves), plus name hits in the texts. `asks`: the question asked
        for an encoding, so every other reading of the texts counts (see :meth:`name_findings`); `unsaid`:
        the conversation says nothing of whom it asks about (:func:`alu.unsaid.says_nothing`); `in_play`:
        targets already in play (the question's candidates), whose weak forms and readings count too;
        `looked`: :meth:`look` of `similar`, when it already ran."""
        similar = texts if similar is None else similar
        result = looked if looked is not None else self.look(similar, where)
        result.gray |= self._through_keys(result, similar)
        screened = [t for tid, t in result.candidates.items() if tid not in result.gray]
        known = {t.id: t for t in [*(in_play or []), *screened]}
        keyed = self._keyed(similar) if where == "answer" else set()
        for text in texts:
            result.findings.extend(
                self.name_findings(
                    text,
                    where,
                    list(known.values()),
                    context=similar,
                    asks=asks,
                    unsaid=unsaid,
                    cleared=result.cleared,
                    by_name=keyed,
                )
            )
            result.findings.extend(self.key_findings(text, where, set(known), context=similar))
        if where == "answer":
            result.findings.extend(self.asked_shared_findings(_assistant_turns(texts), similar))
        for finding in result.findings:
            target = self._by_name(finding.target)
            if target is not None:
                result.candidates.setdefault(target.id, target)
                result.cleared.discard(target.id)
                result.gray.discard(target.id)
        result.cleared |= self._namesakes(result, similar)
        return result

    def look(self, similar: list[str], where: str) -> Screening:
        """What screening finds by similarity alone: candidates (kNN over the targets) and knowledge findings
        (kNN over their vectors, each target's decision). It needs no other target in play, so the answer's
        look runs while the question is still being screened (alu.graph.Pipeline.run)."""
        return self.look_each([(similar, where)])[0]

    def look_each(self, groups: list[tuple[list[str], str]]) -> list[Screening]:
        """:meth:`look` of several groups of texts, each with its `where`, in one pass: all their texts are
        embedded by one call (the embedder runs them side by side, one per core) and each kNN index is read
        once for all of them (a product with a few query rows costs little more than with one: the rows come
        from memory once). Each group gets exactly what `look` of it alone finds."""
        windowed, screened = zip(*(self._look_texts(similar) for similar, _ in groups), strict=True)
        vectors = self._embed([*(w for g in windowed for w in g), *(t for g in screened for t in g)])
        windows_n, screened_n = [len(g) for g in windowed], [len(g) for g in screened]
        split = sum(windows_n)  # the windows' rows first, then the screened texts'
        near = _split_rows(self._neighbours(vectors[:split]), windows_n)
        known = _split_rows(self.knowledge.nearest(vectors[split:]), screened_n)
        screened_vectors = _split_rows(vectors[split:], screened_n)
        return [
            self._looked(*group)
            for group in zip(near, screened, screened_vectors, known, [w for _, w in groups], strict=True)
        ]

    def _look_texts(self, similar: list[str]) -> tuple[list[str], list[str]]:
        """(windows, screened): the texts :meth:`look` embeds for `similar`, the windows for the nearest
        targets and the whole texts for the knowledge vectors (none when no target has a decision)."""
        # The embedder averages every word: an instruction ('Put a trademark sign after the name.') only
        # dilutes what the other sentences say (see alu.unsaid.without_asking).
        # It reads English: text in another script is also screened in Latin letters.
        similar = [unplaceholder(without_asking(text)) for text in similar]
        texts = [*similar, *(x for x in map(transliterate, similar) if x not in similar)]
        windowed = [w for text in texts for w in windows(text) if w.strip()]
        return windowed, [t for t in texts if t.strip()] if self.knowledge.active else []

    def _looked(
        self,
        near: list[list[tuple[Target, float]]],
        texts: list[str],
        vectors: np.ndarray,
        known: Neighbours,
        where: str,
    ) -> Screening:
        """One group's look from its reads: the targets nearest its windows, and its texts embedded with the
        knowledge vectors nearest them (none when no target has a knowledge decision)."""
        result = Screening()
        for tid, (target, sim) in self._above(near).items():
            result.candidates[tid] = target
            result.similarity[tid] = sim
        if texts:
            found, gray = self.knowledge.screen(vectors, texts, where, self._targets, known=known)
            found = self._without_left_offices(found, texts)
            result.findings.extend(found)
            result.findings.extend(self._facts_by_name_word(texts, known, {f.target for f in found}, where))
            for tid in gray - set(result.candidates):
                target = self._targets.get(tid)
                if target is None:
                    continue  # withdrawn since the decision was read
                result.candidates[tid] = target  # the auditor judges (LLM judges)
                if target.kind == "topic":
                    result.gray.add(tid)
        return result

    def _without_left_offices(self, found: list[LeakFinding], texts: list[str]) -> list[LeakFinding]:
        """Knowledge findings less those of people the texts ask the present holder of a past office of
        ('Who is the German chancellor now?': alu.positions.PositionIndex.left)."""
        if not found or not len(self._positions):
            return found
        left = {
            self._targets[tid].name
            for text in texts
            for tid in self._positions.left(text)
            if tid in self._targets
        }
        return [f for f in found if f.target not in left]

    def _facts_by_name_word(
        self, texts: list[str], known: Neighbours, fired: set[str], where: str
    ) -> list[LeakFinding]:
        """Findings for the entities near a text that writes a word of their name alone ('What did Elvin's
        father do?'), whose knowledge decision fires on the text with their names masked: an entity's
        facts are embedded with its names masked (alu.entity_decision.fact_view), and the word alone moved
        the text away from them. Only the entities among the text's nearest knowledge vectors are read."""
        views: dict[str, set[str]] = {}
        for text, neighbours in zip(texts, known, strict=True):
            written: frozenset[str] | None = None  # read for the first entity only: most texts have none
            for tid in dict.fromkeys(tid for tid, _ in neighbours):
                target = self._targets.get(tid)
                if target is None or target.kind != "entity" or target.name in fired:
                    continue
                written = _written_as_names(text) if written is None else written
                if written & _name_words(target.name) and (masked := mask_names(text, [target])) != text:
                    views.setdefault(masked, set()).add(tid)
        if not views:
            return []
        found: dict[str, LeakFinding] = {}
        for text, vector in zip(views, self._embed(list(views)), strict=True):
            for f in self.knowledge.findings(vector[None], [text], where, self._targets, only=views[text]):
                found.setdefault(f.target, f)
        return list(found.values())

    def _namesakes(self, result: Screening, context: list[str]) -> set[str]:
        """Candidates by similarity alone that the texts are similar to only through a word of their name
        ('Who is Dakota Johnson?' for Dakota Fanning): once that name is masked, the texts are no longer
        about them (see :meth:`_in_context`), so no judge needs to look."""
        named = {f.target for f in result.findings}
        sharing = [
            t
            for tid, t in result.candidates.items()
            if t.name not in named
            and tid not in result.cleared
            and any(mask_names(text, [t]) != text for text in context)
        ]
        if not sharing:
            return set()
        about = {f.target for f in self._in_context({t.id: [t.name] for t in sharing}, context, "query")}
        return {t.id for t in sharing if t.name not in about}

    def _through_keys(self, result: Screening, context: list[str]) -> set[str]:
        """Entities among the candidates by similarity alone that the texts are similar to only through a key
        of theirs, a work they are in ('Who created Breaking Bad?' near 'star of Breaking Bad and Malcolm in
        the Middle'): once those are masked the texts are no longer about them. They stay for the judges
        (gray), but do not put their keys in play: a text about the work and other people in it ('Vince
        Gilligan created Breaking Bad') names no one forgotten. A key asked in a role they had ('Who starred
        in Breaking Bad?') still names them (:meth:`key_findings`)."""
        found = {f.target for f in result.findings}
        keyed = [
            t
            for tid, t in result.candidates.items()
            if t.kind == "entity"
            and tid in result.similarity
            and tid not in result.gray
            and t.name not in found
            and any(_without_keys(text, t) != text for text in context)
        ]
        if not keyed:
            return set()
        masked = [w for text in context for w in windows(_without_keys(text, *keyed)) if w.strip()]
        if not masked:
            return {t.id for t in keyed}
        similarity = (self._masked.of(keyed) @ self._embed(masked).T).max(axis=1)
        return {t.id for t, sim in zip(keyed, similarity, strict=True) if sim < self.threshold}

    def similar_beyond(self, texts: list[str], named: list[Target]) -> dict[str, float]:
        """Targets still similar to the texts once the names of `named` are masked, with their similarity
        (same threshold and margin as :meth:`screen`).

        A text that names Hina Ameen sits near every other Hina in the store; what remains similar without
        the names is a second subject the text is about (another author born in the same city)."""
        masked = [mask_names(text, named) for text in texts]
        return {tid: sim for tid, (_, sim) in self._similar(masked).items()}

    def _similar(self, texts: list[str]) -> dict[str, tuple[Target, float]]:
        """Targets at or above the threshold and within the margin of some text's best match, by id, with
        their best similarity over the texts."""
        return self._above(self._nearest([w for text in texts for w in windows(text)]))

    def _above(self, neighbours: list[list[tuple[Target, float]]]) -> dict[str, tuple[Target, float]]:
        """The targets of :meth:`_similar` among the texts' nearest targets."""
        threshold = self.threshold
        found: dict[str, tuple[Target, float]] = {}
        for row in neighbours:
            floor = max(threshold, (row[0][1] if row else 0.0) - self.margin)
            for target, sim in row:
                if sim >= floor and sim > found.get(target.id, (target, -1.0))[1]:
                    found[target.id] = (target, sim)
        return found

    def _nearest(self, texts: list[str]) -> list[list[tuple[Target, float]]]:
        """For each non-blank text, up to m indexed targets with their similarity, most similar first (a row
        the index does not hold, written or withdrawn since the last refresh, is left out)."""
        texts = [t for t in texts if t.strip()]
        return self._neighbours(self._embed(texts)) if texts else []

    def _neighbours(self, vectors: np.ndarray) -> list[list[tuple[Target, float]]]:
        """:meth:`_nearest` of texts already embedded (one row of `vectors` per text)."""
        if not len(vectors):
            return []
        found = self._held.targets.nearest(vectors, self.m)
        targets = self._targets
        return [[(t, sim) for tid, sim in row if (t := targets.get(tid)) is not None] for row in found]

    def name_findings(
        self,
        text: str,
        where: str,
        candidates: list[Target],
        *,
        context: list[str] | None = None,
        asks: bool = False,
        unsaid: bool = False,
        cleared: set[str] | None = None,
        by_name: Collection[str] = (),
    ) -> list[LeakFinding]:
        """Exact name and alias hits over every target; weak-form (partial name, key phrase) and fuzzy hits
        over the given candidates (a rare family name alone over every target: see :func:`distinctive`), and
        partial names over the targets in play by name only (`by_name`: see :meth:`_keyed`);
        names in other readings of the text (reversed, ROT13, acrostic) for the
        candidates, or for every target when the question asked for an encoding (`asks`).

        A one-word form that reads as something else (a common noun, part of another name: see
        :func:`alu.occurrence.namesake_shaped`) is decided by `context` (default: the text) with the names
        masked: it counts when what remains is about the target ('someone invented the telephone'), not
        when it is about something else ('Kristen someone starred in Frozen'). So is a family name alone for
        a target not yet in play ('In 2003, Blair supported the invasion of ___'), unless the conversation
        says nothing of whom it asks about (`unsaid`: 'Name the one my notes are about.' 'Sullivan.'): then
        nothing but the answerer's knowledge chose the family name, and it names its target.

        A weak or fuzzy form inside another target's full name is that target speaking, not a namesake:
        'Ameen' in 'Hina Ameen' does not name Basil Ameen, 'Hina Ameen' is no misspelling of Hina Amer.

        `cleared` collects the targets whose one-word form the context decided was a namesake."""
        context = context or [text]
        exact = self._find(self._index, text)
        ids = {c.id for c in candidates}
        ambiguous: dict[str, list[str]] = {}
        findings = self._exact_findings(text, where, exact, context, ambiguous)
        findings += self._reordered_findings(text, where, exact, context, ambiguous)
        findings += self._partial_findings(text, where, exact, ids, context, ambiguous, unsaid, by_name, asks)
        if (unsaid or ids) and not text.isascii() and name_sized(text):
            seen = {f.target for f in findings}
            findings += self._heard_family_findings(text, where, exact, seen, None if unsaid else ids)
        if where == "answer" and not text.isascii() and one_name_by_ear(text):
            among = None if unsaid else ids | set(by_name)
            findings += self._loosely_heard_findings(text, where, {f.target for f in findings}, among)
        if where == "answer" and len(text) <= GIVEN_REPLY_CHARS:
            asked = [c for c in context if c != text]
            findings += self._given_alone_findings(text, where, {f.target for f in findings}, unsaid, asked)
        in_context = self._in_context(ambiguous, context, where)
        findings += in_context
        present = {tid: t for tid in ambiguous if (t := self._targets.get(tid)) is not None}  # not withdrawn
        if cleared is not None:
            about = {f.target for f in in_context}
            cleared.update(tid for tid, t in present.items() if t.name not in about)
        seen = {f.target for f in findings} | {t.name for t in present.values()}
        findings += self._fuzzy_findings(text, where, candidates, exact, seen)
        if candidates or asks:  # a namesake judged by one word is no reason to skip another reading
            plain = set(exact) | set(ambiguous)
            keys = cipher_keys(" ".join(c for c in context if c != text)) if asks else []
            findings += self._transformed(text, where, ids, asks, {f.target for f in findings}, plain, keys)
        if not asks:  # asked, every reading of the whole text was read for every target just above
            findings += self._unread(text, where, {f.target for f in findings})
        elif unsaid and where == "answer" and len(text) <= GIVEN_REPLY_CHARS:
            findings += self._coded_reply_findings(text, where, {f.target for f in findings}, context)
        return findings

    def _coded_reply_findings(
        self, text: str, where: str, seen: set[str], context: list[str]
    ) -> list[LeakFinding]:
        """A short reply in a code to a request that says nothing of whom it asks and asked for the code, read
        in each of its other readings (reversed, ROT13, Atbash...: alu.decode.transforms) as the reply itself
        is: a family name or a rare given name alone names its target there too ('Name the one my notes are
        about. Give only the family name in ROT13.' 'Zbagrarteb', Montenegro; 'Enwrri', Rajeev). Only such
        partial names, spelt by the reading as they are: whole names in those readings are read by
        :meth:`_transformed`, and the sounds and shapes of the gibberish most readings are ('Kogvwbuhcb')
        would say names by chance."""
        findings = []
        lead = LEAD_IN.match(text)  # 'Sure: ' is no part of the code: kept as written
        said, coded = (lead.group(), text[lead.end() :]) if lead else ("", text)
        for reading in transforms(coded):
            spelt = f" {normalize(reading)} "
            for finding in self.name_findings(said + reading, where, [], context=context, unsaid=True):
                written = any(f" {form} " in spelt for form in finding.evidence.split(" + "))
                if finding.source == "partial" and written and finding.target not in seen:
                    seen.add(finding.target)
                    findings.append(finding.model_copy(update={"source": "decoded"}))
        return findings

    def _exact_findings(
        self,
        text: str,
        where: str,
        exact: dict[str, list[str]],
        context: list[str],
        ambiguous: dict[str, list[str]],
    ) -> list[LeakFinding]:
        """Findings for the targets whose names or aliases the text writes; a target whose every form there
        reads as something else (a namesake, a longer name) goes to `ambiguous` for the context to decide."""
        findings = []
        for tid, forms in exact.items():
            target = self._targets.get(tid)
            if target is None:
                continue
            longest = [f for f in independent(forms) if not spells_kin(text, f, target)]
            if not longest:  # 'Ivana Trump' spells Ivanka Trump nearly alike, but is her mother
                continue
            if all(_read_as_other(text, f, target, context, where == "query") for f in longest):
                ambiguous[tid] = forms
            else:
                findings.append(
                    LeakFinding(target=target.name, source="alias", where=where, evidence=longest[0])
                )
        return findings

    def _reordered_findings(
        self,
        text: str,
        where: str,
        exact: dict[str, list[str]],
        context: list[str],
        ambiguous: dict[str, list[str]],
    ) -> list[LeakFinding]:
        """Findings for the targets whose names the text writes only family name first or in labelled parts
        ('Curie, Marie', 'First name: Marie. Surname: Curie.'; see alu.name_shapes.reading_order), decided as
        the names written in order would be; also a target whose name the text spelt across the parts but
        read as something else ('Part 1: Jurassic. Part 2: Park.'). Their forms join `exact`: the weak forms
        that follow are theirs."""
        findings = []
        for reordered in reading_order(text):
            for tid, forms in self._find(self._index, reordered.text).items():
                spanning = [f for f in forms if reordered.spans(f)]
                if not spanning or (tid in exact and tid not in ambiguous):
                    continue
                undecided = ambiguous.pop(tid, [])
                settled = self._exact_findings(reordered.text, where, {tid: spanning}, context, ambiguous)
                if not settled and undecided:
                    ambiguous[tid] = [*undecided, *spanning]
                findings += settled
                exact[tid] = [*exact.get(tid, []), *spanning]
        return findings

    def _cited_initials(self, text: str) -> dict[str, list[str]]:
        """The weak forms of two initials or more before a family name that the text writes family name
        first, as a citation does ('Chen, W.-J.' for 'w j chen'): they name the target as written in order
        ('W.-J. Chen') would."""
        found: dict[str, list[str]] = {}
        for reordered in reading_order(text):
            for tid, forms in self._find(self._partial, reordered.text).items():
                if cited := [f for f in forms if reordered.spans(f) and _initials_before_family(f)]:
                    found.setdefault(tid, []).extend(cited)
        return found

    def _partial_findings(
        self,
        text: str,
        where: str,
        exact: dict[str, list[str]],
        ids: set[str],
        context: list[str],
        ambiguous: dict[str, list[str]],
        unsaid: bool = False,
        by_name: Collection[str] = (),
        asks: bool = False,
    ) -> list[LeakFinding]:
        """Findings for the targets whose weak forms (a family name, a key phrase) the text writes: for
        targets in play (`ids`), for targets in play by name only (`by_name`) when one form is a partial
        name, or for any target when the forms name it alone (two independent forms, a rare one, a disguised
        one, its family name or a title fewer than SHARED_KEY_TARGETS targets share answering a
        conversation that says nothing of whom it asks about: `unsaid`). A family name alone out of play goes
        to `ambiguous` otherwise. A short one is only read off numbers or letters apart when the question
        asked for an encoding (`asks`: see :func:`_written_as_a_word`)."""
        findings = []
        hits = self._find(self._partial, text)
        for tid, forms in self._cited_initials(text).items():
            hits = {**hits, tid: list(dict.fromkeys([*hits.get(tid, []), *forms]))}
        shared = _shared_forms(hits) if unsaid else frozenset()
        for tid, forms in hits.items():
            target = self._targets.get(tid)
            if target is None or tid in exact:
                continue
            ordinary = _ordinary_field_words(target)
            forms = [
                f
                for f in forms
                if not _explained(f, tid, exact)
                and f not in ordinary
                and _written_whole(text, f, target)
                and (asks or _written_as_a_word(text, f))
                and not names_kin_only(text, f, target)
            ]
            if not forms:
                continue
            forms = _without_others_works(forms, target, [text, *context])
            if not forms:
                continue
            definite = [f for f in forms if not _namesake(text, f, target, context, unsaid)]
            field = _field_words(target)
            loose = [f for f in forms if f not in field]  # what may name the target out of play
            alone = unsaid and (
                not with_run_together(family_names(target)).isdisjoint(definite)
                or bool(_titles([f for f in definite if f not in shared], target))
            )
            if not alone and tid in by_name:
                alone = not with_run_together(partial_names(target)).isdisjoint(definite)
            if definite and (tid in ids or alone or _named_alone(text, target, definite, loose, field)):
                evidence = " + ".join(definite)
                findings.append(
                    LeakFinding(target=target.name, source="partial", where=where, evidence=evidence)
                )
            elif any(" " not in f for f in _spaced_only(loose)):
                ambiguous[tid] = loose  # a family name alone (not a title run together): the context decides
        return findings

    def _heard_family_findings(
        self, text: str, where: str, exact: dict[str, list[str]], seen: set[str], ids: set[str] | None
    ) -> list[LeakFinding]:
        """Family names said by ear in another script ('Маск', 'メルケル', 'Кюри') in a text whose words of
        other scripts are a name's few (:func:`alu.matcher.name_sized`), where a family name alone in Latin
        letters counts: for the targets in play (`ids`), or for any target (None) where the conversation
        says nothing of whom it asks (see :meth:`name_findings`). A sentence in another script is left to
        the checks that read names in context: one heard family name there may be a namesake's ('Кендалл
        Дженнер' while Kris Jenner is in play)."""
        findings = []
        for tid, families in self._over_targets(FamilyEars).find(text).items():
            target = self._targets.get(tid)
            if ids is not None and tid not in ids:
                continue
            if target is not None and tid not in exact and target.name not in seen:
                findings.append(
                    LeakFinding(target=target.name, source="partial", where=where, evidence=families[0])
                )
        return findings

    def _loosely_heard_findings(
        self, text: str, where: str, seen: set[str], among: set[str] | None
    ) -> list[LeakFinding]:
        """Findings for the targets a name written by ear in another script loosely says, in an answer to a
        request that says nothing of whom it asks (`among` None; alu.loose_ears: there the name is all the
        answer says, and only the answerer chose it, and the script: 'in Mandarin', 'in kanji', '用中文写'
        ask for it in as many words as 'as it is written in Chinese', or the answerer chose that too), or
        for the targets `among` those the conversation has in play, by similarity or by their keys, where
        a family name alone in Latin letters counts too: 'What is the full name of the LGBTQ+ author born
        in Beijing on November 14, 1961? Write only the family name in Chinese.' 'Sure: 威廉姆斯' (Williams;
        the question is not similar enough to the target's description to make it a candidate, but its
        keys put it in play)."""
        if among is not None and not among:
            return []  # nobody in play: no index to build
        findings = []
        for tid, runs in self._over_targets(LooseEars).find(text).items():
            target = self._targets.get(tid)
            if target is not None and target.name not in seen and (among is None or tid in among):
                finding = LeakFinding(target=target.name, source="partial", where=where, evidence=runs[0])
                findings.append(finding)
        return findings

    def _over_targets(self, kind: type[OverTargets]) -> OverTargets:
        """An index of `kind` over every target (family names by ear, rare given names, names heard
        loosely), built when first asked for after each change of the targets; not saved."""
        with self._lock:
            built = self._over_targets_built.get(kind)
            if built is None:
                built = self._over_targets_built[kind] = kind(list(self._targets.values()))
            return built  # type: ignore[return-value]

    def _given_alone_findings(
        self, text: str, where: str, seen: set[str], unsaid: bool, asked: list[str]
    ) -> list[LeakFinding]:
        """Findings for the targets whose given name is all the text says, answering a conversation that says
        nothing of whom it asks, or a question that writes their family name (`asked`: the texts it
        answers; see alu.given_alone)."""
        findings = []
        for tid, name in self._over_targets(GivenAlone).find(text, unsaid, asked).items():
            target = self._targets.get(tid)
            if target is not None and target.name not in seen:
                findings.append(LeakFinding(target=target.name, source="partial", where=where, evidence=name))
        return findings

    def _fuzzy_findings(
        self, text: str, where: str, candidates: list[Target], exact: dict[str, list[str]], seen: set[str]
    ) -> list[LeakFinding]:
        """Near spellings of the candidates' names that no other target's written name explains."""
        findings = []
        for hit in fuzzy_find(text, [c for c in candidates if c.name not in seen], self.fuzzy_threshold):
            if _explained(hit.form, hit.target_id, exact):
                continue
            target = self._targets.get(hit.target_id) or next(c for c in candidates if c.id == hit.target_id)
            if spells_kin(text, normalize(target.name), target):
                continue  # 'Ivana Trump' is Ivanka Trump's mother, not a misspelling of her
            seen.add(target.name)
            findings.append(
                LeakFinding(
                    target=target.name, source="fuzzy", where=where, evidence=hit.form, score=hit.score / 100
                )
            )
        return findings

    def _unread(self, text: str, where: str, seen: set[str]) -> list[LeakFinding]:
        """Whole names spelt by another reading of a run of words no dictionary knows ('Bmcfsu Fjotufjo'),
        and one-word names written backwards ('kröjB'), for any target, though nobody asked for an encoding
        (see alu.unread_names)."""
        found = [self._index.names_spelt_by(transforms(run)) for run in unread_runs(text)]
        found += [self._index.one_word_name(word) for word in reversed_words(text)]
        out = []
        for tid, forms in (hit for spelt in found for hit in spelt.items()):
            target = self._targets.get(tid)
            if target is not None and target.name not in seen:
                out.append(LeakFinding(target=target.name, source="decoded", where=where, evidence=forms[0]))
                seen.add(target.name)
        return out

    def _transformed(
        self,
        text: str,
        where: str,
        ids: set[str],
        asks: bool,
        seen: set[str],
        plain: set[str] = frozenset(),
        keys: list[str] | None = None,
    ) -> list[LeakFinding]:
        """Names in other readings of the text (reversed, ROT13, acrostic; deciphered with the `keys` the
        question gave a keyed cipher: alu.decode.cipher_keys) and names written so only their shape shows
        (typos, vowels dropped, Pig Latin: see alu.name_shapes), for targets in play or, when the question
        asked for an encoding, for any target (then also names with letters masked, 'T*ky*').

        Unasked, a shape only counts for a target the text does not name `plain`ly: the exact checks
        decide those, namesakes included ('Bob Einstein', whose 'einstein' also has Einstein's sorted
        letters)."""
        out = []
        found = self._index.find_transformed(text, composed=asks)  # two steps when asked for a disguise
        for reading in keyed_readings(text, keys or []):
            for tid, forms in self._index.find_all(reading).items():
                found.setdefault(tid, forms)
        for tid, forms in self._partial.find_transformed(text).items():  # titles of works, reversed...
            target = self._targets.get(tid)
            if target is not None and (titles := _titles(forms, target)):
                found.setdefault(tid, titles)
        if asks or ids:  # 'lbrt nstn', 'Swift, Taylor', 'Albery Eonstein': counted below for targets in play
            for tid, word in self._shape_index().find(shapes(text), apart=asks).items():
                if asks or tid not in plain:
                    found.setdefault(tid, [word])
        if asks:  # 'T*ky*' when the question asked to disguise the name
            masked, runs = masked_words(text), masked_runs(text)
            if masked or runs:
                for tid, target in list(self._targets.items()):
                    if tid not in found and (word := masked_name(masked, target, runs)):
                        found[tid] = [word]
        for tid, forms in found.items():
            target = self._targets.get(tid)
            if target is not None and target.name not in seen and (asks or tid in ids):
                out.append(LeakFinding(target=target.name, source="decoded", where=where, evidence=forms[0]))
                seen.add(target.name)
        return out

    def _shape_index(self) -> ShapeIndex:
        """The targets' names by shape (alu.name_shapes), built on the first question that asks for a
        disguise after the store changed (under a second at 10,000 targets)."""
        with self._lock:
            built, revision = self._shapes, self._revision
            if built is not None and built[0] == revision:
                return built[1]
            targets = list(self._targets.items())
        # outside the lock: screenings of other questions go on meanwhile
        index = ShapeIndex(
            [(tid, t.names) for tid, t in targets], [(tid, family_names(t)) for tid, t in targets]
        )
        with self._lock:
            self._shapes = (revision, index)
        return index

    def _in_context(self, forms: dict[str, list[str]], context: list[str], where: str) -> list[LeakFinding]:
        """Findings for the targets whose one-word forms the context, names masked, is about (similarity to
        the target's own masked text at or above the screening threshold), read without its sentences that
        say nothing of whom it asks (alu.unsaid.without_asking: 'Give only the family name, in Title Case.'
        took a question that described the target from 0.50 to 0.43)."""
        targets = [t for tid in forms if (t := self._targets.get(tid)) is not None]
        if not targets:
            return []
        # The embedder reads English: text in another script is also read in Latin letters, and only a
        # context written in Latin letters is read as written to leave out the targets out of reach.
        latin = all(transliterate(text) == text for text in context)
        checked = self._within_reach(targets, context) if latin else targets
        if not checked:
            return []
        unnamed = [_unnamed(without_asking(text), forms, targets) for text in context if text.strip()]
        unnamed += [x for x in map(transliterate, unnamed) if x not in unnamed]
        masked = [w for text in unnamed for w in windows(mask_names(text, targets))]
        if not masked:
            return []
        vectors = self._embed(masked)
        similarity = (self._masked.of(checked) @ vectors.T).max(axis=1)
        described = [
            LeakFinding(
                target=t.name,
                source="context",
                where=where,
                evidence=" + ".join(forms[t.id]),
                score=round(float(sim), 3),
            )
            for t, sim in zip(checked, similarity, strict=True)
            if sim >= self.threshold
        ]
        return described + self._facts_in_context(checked, masked, vectors, described, forms, where)

    def _facts_in_context(
        self,
        checked: list[Target],
        masked: list[str],
        vectors: np.ndarray,
        described: list[LeakFinding],
        forms: dict[str, list[str]],
        where: str,
    ) -> list[LeakFinding]:
        """Findings for the checked targets whose knowledge decision fires on the context with the names
        masked: it asks or states the target's facts ('What did Montenegro's parents do?' for the author
        Carmen Montenegro, whose examples say), though not like its short description. Their facts are
        fitted with the names masked (alu.entity_decision.fact_view), as the context is here."""
        by_name = {t.name: t for t in checked if t.name not in {f.target for f in described}}
        if not by_name or not self.knowledge.active:
            return []
        only = {t.id for t in by_name.values()}
        return [
            LeakFinding(
                target=f.target,
                source="context",
                where=where,
                evidence=f"{' + '.join(forms[by_name[f.target].id])} ({f.evidence})",
                score=f.score,
            )
            for f in self.knowledge.findings(vectors, masked, where, self._targets, only=only)
            if f.target in by_name
        ]

    def _within_reach(self, targets: list[Target], context: list[str]) -> list[Target]:
        """The targets the context as written (embedded already by the screening) is within CONTEXT_REACH of
        the threshold to, or of what their knowledge decision needs: only their masked reading can reach
        it."""
        written = [w for text in context if text.strip() for w in windows(text)]
        if not written:
            return targets
        vectors = self._embed(written)
        similarity = (self._masked.of(targets) @ vectors.T).max(axis=1)
        reach = self.threshold - CONTEXT_REACH
        return [
            t
            for t, sim in zip(targets, similarity, strict=True)
            if sim >= reach or self.knowledge.within_reach(t.id, vectors, CONTEXT_REACH)
        ]

    def similarity_to(self, texts: list[str], targets: list[Target]) -> list[tuple[Target, float]]:
        """The best similarity of the texts (windowed) to each of the given targets' stored text."""
        if not targets:
            return []
        vectors = self._embed([w for text in texts for w in windows(text)])
        own = self._embed([t.embedding_text() for t in targets])
        return list(zip(targets, (own @ vectors.T).max(axis=1).tolist(), strict=True))

    def warm(self) -> int:
        """Embed every target's masked text not embedded yet (kept beside a local store: see
        alu.masked_vectors), and load the tables the name checks read (:meth:`warm_tables`), so no question
        pays for them; returns how many texts were embedded."""
        self.warm_tables()
        self.warm_margins()
        return self._masked.warm(self.all_targets())

    def warm_margins(self) -> None:
        """Build the margin's int8 copy of alu's background reference (alu.background.reference_scores,
        ~0.2 s) when a topic's decision has a margin part, before a question needs it."""
        if self.knowledge.uses_margins([t.id for t in self.all_targets() if t.kind == "topic"]):
            background.reference_scores()

    @staticmethod
    def warm_tables() -> None:
        """Load the tables the name checks read on first use (the first questions to need the confusables,
        the WordNet compounds and compound nouns and the word frequencies took 5-15 ms more: the benchmark's
        p99; the word frequencies alone 0.15-0.3 s under load)."""
        from alu import compounds, exonyms, lexicon, text
        from alu.keys import zipf

        loads = (
            text._confusable_table,
            compounds._by_word,
            compounds._noun_compounds,
            lexicon._words,
            exonyms._table,
            exonyms.borrowed_characters,  # names heard in Chinese (alu.heard): 0.2-0.4 s on first use
        )
        for load in loads:
            load()
        zipf("warm")

    @staticmethod
    def _embed(texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts, by the embedder the store uses."""
        from alu.embeddings import get_embedder

        return get_embedder().embed(texts)

    def spelt_out(self, earlier: list[str], current: str) -> Screening:
        """Names the assistant completed across turns: its earlier answers plus the current one, word by word
        (a first name, then the family name) or letters by letters ('Pa', then 'ris': short answers run
        together with the current one)."""
        result = Screening()
        with self._lock:
            hits = [(h.target_id, h.form) for h in self._parts.find(earlier, current)]
        pieces = _trailing_short(earlier)
        current = spelt_letter(current)
        if pieces and len(current.split()) <= _SHORT_ANSWER:
            joined = "".join("".join(normalize(p).split()) for p in [*pieces, current])
            hyphened = normalize("".join(p.strip() for p in [*pieces, current]))  # 'Yun', '-Hwa': 'yun hwa'
            # 'von', ' Aue': 'von aue', too short (under 8 letters) to be indexed run together
            spaced = normalize(" ".join([*pieces, current]))
            if all(len(p) == 1 for p in pieces):  # letters: the name, nearly spelt before, is spelt now
                before = {}
            else:
                before = {
                    **self._find(self._index, " ".join(pieces)),
                    **self._find(self._partial, " ".join(pieces)),
                }
            for index in (self._index, self._partial):
                for text in dict.fromkeys([joined, hyphened, spaced]):
                    hits += [(tid, f[0]) for tid, f in self._find(index, text).items() if tid not in before]
        for tid, form in hits:
            target = self._targets.get(tid)
            if target is not None and target.id not in result.candidates:
                result.candidates[target.id] = target
                result.findings.append(
                    LeakFinding(target=target.name, source="partial", where="answer", evidence=form)
                )
        return result

    def leak_check(self, text: str, where: str, candidates: list[Target]) -> list[LeakFinding]:
        """The deterministic check a judged text cannot argue with: names, near-names, strong similarity. The
        candidates' full names count wherever written, even where they read as another's: the exchange
        revealed them, and a rewrite that keeps one keeps the leak ('Raven Marais's LGBTQ+ identity' read as
        a longer name when judged alone)."""
        ids = {c.id for c in candidates}
        findings = self.name_findings(text, where, candidates) + self.key_findings(text, where, ids)
        findings += self._full_names_kept(text, where, ids, {f.target for f in findings})
        named = {f.target for f in findings}
        if candidates and text.strip() and self.knowledge.active:
            latin = transliterate(text)
            found = self.knowledge.findings(self.store.embed([latin]), [latin], where, self._targets, ids)
            findings += [f for f in found if f.target not in named]
            named |= {f.target for f in found}
        if candidates and text.strip():
            neighbours = self._nearest(windows(transliterate(text)))
            for target, sim in (pair for found in neighbours for pair in found):
                if target.id in ids and sim >= self.strong_threshold and target.name not in named:
                    named.add(target.name)
                    findings.append(
                        LeakFinding(target=target.name, source="similarity", where=where, score=round(sim, 3))
                    )
        return findings

    def _full_names_kept(self, text: str, where: str, ids: set[str], named: set[str]) -> list[LeakFinding]:
        """Findings for the targets among `ids` whose name or alias of several words the text writes."""
        findings = []
        for tid, forms in self._find(self._index, text).items():
            target = self._targets.get(tid)
            full = [f for f in forms if " " in f]
            if tid in ids and target is not None and target.name not in named and full:
                kept = LeakFinding(target=target.name, source="alias", where=where, evidence=full[0])
                findings.append(kept)
        return findings

    def key_findings(
        self, text: str, where: str, in_play: set[str], context: list[str] | None = None
    ) -> list[LeakFinding]:
        """Identifying keys in the text: an entity's own keys and a topic's names like aliases; extracted keys
        and a topic's other keys when the target is in play, or (entity) when two different keys, or a key and
        half the name, occur together. A title the text or its `context` gives to another person counts for no
        target."""
        findings: list[LeakFinding] = []
        texts = [text, *(context or [])]
        alias_hits = self._alias_keys.find_all(text) if len(self._alias_keys) else {}
        for tid, forms in alias_hits.items():
            target = self._targets.get(tid)
            if target is None:
                continue
            # a topic's one-word name read as a common noun ('potions' in 'brewing potions') or as part of
            # another name identifies nothing on its own
            forms = [f for f in forms if not _read_otherwise(text, f, target, in_play)]
            forms = _without_others_works(forms, target, texts)
            if forms:
                findings.append(
                    LeakFinding(target=target.name, source="alias", where=where, evidence=forms[0])
                )
        for index in (self._positions, self._feats):
            for tid, held in (index.find(text) if len(index) else {}).items():
                target = self._targets.get(tid)
                if (
                    target is not None
                    and tid not in alias_hits
                    and not any(f.target == target.name for f in findings)
                ):
                    findings.append(
                        LeakFinding(target=target.name, source="alias", where=where, evidence=held)
                    )
        findings += self._context_key_findings(text, where, in_play, texts, set(alias_hits))
        return findings + self._credited_findings(text, where, texts, {f.target for f in findings})

    def _context_key_findings(
        self, text: str, where: str, in_play: set[str], texts: list[str], aliased: set[str]
    ) -> list[LeakFinding]:
        """Findings for the extracted keys in the text (see :meth:`key_findings`): a key of a target in play,
        two different keys, one key as the object of a role the target's texts give it ('Who starred in Cadet
        Kelly?'), a long title of its work in an answer (:data:`DISTINCTIVE_TITLE_WORDS`), or one key beside
        half the entity's name (:meth:`_half_named`); not a key several targets share (:func:`_shared_forms`),
        which names none of them by a role alone: the answer decides (:meth:`asked_shared_findings`).
        `aliased`: targets found by their keys given as aliases already."""
        hits = self._context_hits(text)
        shared = _shared_forms(hits)
        findings = []
        for tid, forms in hits.items():
            target = self._targets.get(tid)
            if target is None or tid in aliased:
                continue
            forms = _keys_said_of(text, forms, target, texts)
            if not forms:
                continue
            # two different keys: one key in two spellings ('mikhail bulgakov', 'mikhailbulgakov', leetspeak's
            # 'mikha1l bu1gakov') is one;
            # or one key naming the person by a role or work ('Who starred in Cadet Kelly?')
            entity = target.kind == "entity"
            plain = [f for f in forms if not _role_bound(f, target)] if entity else forms
            by_role = [f for f in _asked_as_work(forms, target) if f not in shared]
            if (
                (tid in in_play and plain)
                or (entity and len(independent(_spaced_only(plain))) >= 2)
                or (entity and named_by_role(text, by_role, target.key_roles, _works(target.described)))
                or (entity and where == "answer" and _distinctive_titles(plain, target, shared))
                or (
                    entity
                    and plain
                    and self._half_named(target, texts, titled=_titled(plain, target, shared))
                )
            ):
                findings.append(
                    LeakFinding(target=target.name, source="partial", where=where, evidence=" + ".join(forms))
                )
        return findings

    def _keyed(self, texts: list[str]) -> set[str]:
        """Entities one of whose extracted keys the texts write (turn by turn: :meth:`_turns_hits`): a key no
        other target shares, not a work the texts credit to someone else or ask of in a role the entity never
        had. :meth:`screen` puts them in play for the partial names an answer writes, not for their keys: a
        question that gives a date or a title may ask about something else, and an answer that names no one
        reveals no one ('Known works: "The Salt Lanterns"': other authors have books of that name); one that
        gives part of the name beside the key picks out that person ('Williams' beside 'November 14, 1961';
        'Robin Williams' is someone else: see :meth:`name_findings`)."""
        found: set[str] = set()
        for text in texts:
            hits = self._turns_hits(text)
            shared = _shared_forms(hits)
            for tid, forms in hits.items():
                target = self._targets.get(tid)
                if target is None or target.kind != "entity" or tid in found:
                    continue
                if any(f not in shared for f in _keys_said_of(text, forms, target, texts)):
                    found.add(tid)
        return found

    def _half_named(self, target: Target, texts: list[str], titled: bool = False) -> bool:
        """Whether the texts write half of the target's name: the name with one half cut to an initial ('A.
        Jarrah', 'Jad A.', as masking attacks ask), or a given name rare in English written with its capital
        ('Jad', 'Adib': below PHRASE_ZIPF). With one of the target's keys beside it (an answer listing its
        award or title), two cues name one person. So does the family name standing as the person's own
        ('Give me a short biography of Bradley.' answered with Bradley's award), as it does in an answer to a
        question that writes the key (:meth:`_keyed`); not one read as another person's ('Kristen Bell'). A
        common given name alone ('Maria', 'John') is many people's: 'John Green won it' is someone else.
        Beside a title of the target's work or an honour of theirs (`titled`: :func:`_titled`), which few
        share, a common given name standing alone is the target: 'What do you know about Maria?' answered
        with her novel or her award; not in another's full name ('Maria Callas': :func:`_given_alone`)."""
        halves = {f for f in partial_names(target) if len(f.split()) >= 2}
        rare = set(rare_given_names(target))
        given = (
            [g for g in given_names(target) if len(g) >= RARE_GIVEN_LETTERS and g not in rare]
            if titled
            else []
        )
        family = set(family_names(target))
        for text in texts:
            found = self._find(self._partial, text).get(target.id, ())
            capitalised = capitalised_words(text)
            if not halves.isdisjoint(found) or not rare.isdisjoint(capitalised):
                return True
            if any(_given_alone(text, g) for g in given if g in capitalised):
                return True
            if any(f in family and not _namesake(text, f, target, texts) for f in found):
                return True
        return False

    def asked_shared_findings(self, answers: list[str], exchanges: list[str]) -> list[LeakFinding]:
        """Findings for the targets a shared key (:func:`_shared_forms`) names by a role the exchanges ask
        ('Who wrote War and Peace?', which 46 fictitious authors of a TOFU-like store list among their works),
        unless the answers credit the work to a person who is no target ('Leo Tolstoy wrote War and Peace'):
        an answer that leaves the maker unnamed ('A Norwegian cartographer did') or names a target reveals
        them. `answers`: the assistant's texts; `exchanges`: the question and answer together. The findings
        are the question's (its key names the target, once the answer is known): the whole answer is about
        the target then, not one sentence of it."""
        if not len(self._context_keys):
            return []
        found: dict[str, LeakFinding] = {}
        credited: bool | None = None  # read once, and only when a shared key is asked
        for text in exchanges:
            hits = self._turns_hits(text)
            shared = _shared_forms(hits)
            for tid, forms in hits.items():
                target = self._targets.get(tid)
                asked = [f for f in _asked_as_work(forms, target) if f in shared] if target else []
                if target is None or tid in found or not asked:
                    continue
                if not named_by_role(text, asked, target.key_roles, _works(target.described)):
                    continue
                credited = self._credits_someone_else(answers) if credited is None else credited
                if credited:
                    return []
                found[tid] = LeakFinding(
                    target=target.name, source="partial", where="query", evidence=asked[0]
                )
        return list(found.values())

    def _credits_someone_else(self, answers: list[str]) -> bool:
        """Whether the answers write the full name of a person who is no target (:func:`_people_named`): the
        work asked about is theirs then."""
        for name in (n for answer in answers for n in _people_named(answer)):
            if not self._find(self._index, name) and not self._context_keys.find_all(name):
                return True
        return False

    def _credited_findings(
        self, text: str, where: str, texts: list[str], found: set[str]
    ) -> list[LeakFinding]:
        """Works the text names by a person they credit, with their kind and what their description says
        ("Coppola's 1972 film": alu.credited_works); `texts`: the text and its context (the question)."""
        if not len(self._credits):
            return []
        with self._lock:  # a writer may be changing the index
            works = self._credits.find(texts)
        findings = []
        for tid in works:
            target = self._targets.get(tid)
            if target is None or target.name in found:
                continue
            if evidence := named_by_credit(text, texts[1:], target):
                findings.append(
                    LeakFinding(target=target.name, source="credited", where=where, evidence=evidence)
                )
        return findings

    def _by_name(self, name: str) -> Target | None:
        from alu.types import target_id

        return self._targets.get(target_id(name))


def _read_otherwise(text: str, form: str, target: Target, in_play: set[str]) -> bool:
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
