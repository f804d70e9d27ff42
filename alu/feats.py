"""Feats that name the one person who achieved them, read from a person's description: a first, last, only,
youngest or oldest ('the first woman to fly in space', 'the youngest Nobel Peace Prize laureate') and an
award of a given year ('winner of the 2017 Nobel Prize in Literature').

A text names the person when it asks about that feat, however it words the verb: 'the first woman in space',
'the first man on the Moon' (for 'the first person to walk on the Moon'), 'Who won the Nobel Prize in
Literature in 2017?'. What must be there is the rank (or the year and a word of winning), the feat's own
words (its nouns: 'space', 'moon', 'nobel prize literature'), and a compatible person when the feat has few
words of its own ('the first woman ...' is not 'the first man ...'). Like alu.positions, this reads the user's
description only, and counts like an alias."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from alu.described import DescribedIndex
from alu.text import normalize
from alu.types import Target

_RANKS = frozenset({"first", "last", "only", "youngest", "oldest"})
_PEOPLE = frozenset({"person", "human", "individual", "one", "people"})
_GENDERED = frozenset({"man", "woman", "men", "women", "boy", "girl"})
_WINNERS = frozenset({"laureate", "winner", "recipient", "champion", "medalist", "medallist"})
"""People an award makes ('the youngest Nobel Peace Prize laureate')."""
_WON = _WINNERS | {"won", "win", "wins", "winning", "awarded", "received", "receiving", "earned"}
"""Words that say an award was won."""
_PRAISE = frozenset(
    "prestigious coveted highly renowned esteemed acclaimed prominent major famous celebrated".split()
    + "distinguished illustrious honorary annual inaugural".split()
)
_HEADS = (
    _PEOPLE
    | _GENDERED
    | _WINNERS
    | frozenset(
        """climber climbers athlete athletes player players astronaut astronauts cosmonaut pilot pilots
        aviator swimmer swimmers runner runners author writer artist scientist president leader mountaineer
        actor actress director baby""".split()
    )
)
_VERBS = frozenset(
    """win won wins walk walked walks fly flew flown flies run ran runs reach reached climb climbed cross
    crossed sail sailed swim swam travel travelled traveled become became serve served receive received earn
    earned set hold held land landed go went step stepped lead led be being been was were is are do did make
    made score scored break broke visit visited get got take took have has had achieve achieved complete
    completed""".split()
)
_STOP = frozenset(
    """a an the of to in on at for from by with as into onto across over under ever who which that and or
    her his their its this one under below above after before since more than less""".split()
)
_NUMBERS = frozenset("two three four five six seven eight nine ten".split())
_WINDOW = 12
"""Words after the rank in a text that the feat's words must fall within (one clause's worth)."""
_PART = re.compile(r"[^.;:()!?\n]+")
_LIST_GOES_ON = re.compile(r"\s*(?:(?:a|an|the)\s+)?[A-Z][^,]*\b(?:and|or)\b")
"""After a comma, the rest of a list of names ('an Oscar, Grammy and Golden Globe'), not another clause."""
_SENTENCE = re.compile(r"[^.!?\n]+")
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_AWARD = re.compile(r"(?:prize|award|medal|cup|trophy|championship|oscar|grammy|emmy)s?")


@dataclass(frozen=True)
class Feat:
    """A feat as its key: the rank (or '' for an award of a year), the person it says they were (or ''),
    the feat's own words, and the year of an award."""

    rank: str
    head: str
    words: frozenset[str]
    year: int | None = None
    phrase: str = ""
    qualifiers: frozenset[str] = frozenset()
    """Words between the rank and the person ('the first American woman'): a text must give the same ones,
    or it asks about another first ('the first American woman in space' is not 'the first woman in space')."""


def feats(description: str) -> list[Feat]:
    """The feats a description gives its person that name them alone."""
    found: list[Feat] = []
    for clause in _clauses(description):
        words = normalize(clause).split()
        for i, word in enumerate(words):
            if word in _RANKS and (feat := _ranked(words, i)) is not None:
                found.append(feat)
        if (feat := _award(words)) is not None:
            found.append(feat)
    return list(dict.fromkeys(found))


def _clauses(text: str) -> list[str]:
    """The text's clauses: its parts between commas and stops, a list of names kept whole ('the first woman
    to win an Oscar, Grammy and Golden Globe in one year' is one feat, not 'the first woman to win an
    Oscar')."""
    clauses: list[str] = []
    for part in _PART.findall(text):
        pieces = part.split(",")
        clauses.append(pieces[0])
        for piece in pieces[1:]:
            if _LIST_GOES_ON.match(piece):
                clauses[-1] += "," + piece
            else:
                clauses.append(piece)
    return clauses


def _ranked(words: list[str], i: int) -> Feat | None:
    """'first woman to fly in space' -> Feat('first', 'woman', {'space'})."""
    after = words[i + 1 : i + 1 + _WINDOW]
    head, qualifiers = _person(words, i)
    if not head:
        return None  # 'the first book', 'the last refuge': a thing, not a person's feat
    at = i + 1 + words[i + 1 :].index(head)
    if head not in _WINNERS and words[at + 1 : at + 2] not in (["to"], ["who"], ["ever"]):
        return None  # 'the first woman to...', 'the only athlete who...'; not 'the first person narrative'
    own = frozenset(_stem(w) for w in after if w not in _STOP | _VERBS | _HEADS and not w.isdigit())
    if not own:
        return None  # 'the first woman to win': no feat of its own
    return Feat(words[i], head, own, phrase=" ".join(["the", words[i], *after]), qualifiers=qualifiers)


def _person(words: list[str], rank: int) -> tuple[str, frozenset[str]]:
    """The person a rank is of, within its next four words, and the words qualifying it ('american' of 'the
    first american woman'; numbers and function words aside), or ('', {}) when none is said."""
    for j in range(rank + 1, min(rank + 5, len(words))):
        if words[j] in _HEADS:
            between = words[rank + 1 : j]
            if any(w in _STOP for w in between):
                break  # 'the first hand accounts from people': the rank is another noun's
            return words[j], frozenset(w for w in between if w not in _NUMBERS and not w.isdigit())
    return "", frozenset()


def _award(words: list[str]) -> Feat | None:
    """'winner of the 2017 nobel prize in literature' -> Feat('', '', {'nobel', 'prize', 'literature'}, 2017):
    the award's words run from the year or the word of winning to its noun, and a field after 'in'/'for'."""
    year = next((i for i, w in enumerate(words) if _YEAR.fullmatch(w)), None)
    anchor = next((i for i, w in enumerate(words) if _AWARD.fullmatch(w)), None)
    anchor = next((i for i, w in enumerate(words) if w == "laureate"), None) if anchor is None else anchor
    if year is None or anchor is None or not any(w in _WON for w in words):
        return None
    before = [i for i, w in enumerate(words[:anchor]) if i == year or w in _WON - _WINNERS]
    own = words[(before[-1] + 1 if before else max(0, anchor - 2)) : anchor + 1]
    if words[anchor + 1 : anchor + 2] in (["in"], ["for"]):
        own += words[anchor + 2 : anchor + 3]
    kept = [w for w in own if w not in _STOP | _WON | _PRAISE and not w.isdigit()]
    if not any(not _AWARD.fullmatch(w) for w in kept):
        return None  # 'the 2023 award': which one?
    phrase = f"the {words[year]} {' '.join(kept)}"
    return Feat("", "", frozenset(map(_stem, kept)), int(words[year]), phrase=phrase)


def _stem(word: str) -> str:
    """A word without a plural's s ('prizes', 'minutes'): texts count feats both ways."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _compatible(feat_head: str, text_head: str) -> bool:
    """A person of the feat's kind: 'person' covers 'man' and 'woman'; 'woman' is not 'man'."""
    if feat_head in _PEOPLE or text_head in _PEOPLE or feat_head == text_head:
        return True
    return not (feat_head in _GENDERED and text_head in _GENDERED)


def achieved_by(target: Target) -> list[Feat]:
    """The feats that name a person target, read from its description and its first document's opening
    sentence (none for a topic)."""
    if target.kind != "entity":
        return []
    return list(dict.fromkeys(f for text in target.described for f in feats(text)))


class FeatIndex(DescribedIndex[Feat]):
    """The feats of every person target, by each of their words: a text names a target when one of its
    clauses holds a feat's rank (or its year and a word of winning) and every word of the feat."""

    def items_of(self, target: Target) -> list[Feat]:
        return achieved_by(target)

    def keys_of(self, item: Feat) -> Iterable[str]:
        return item.words

    def find(self, text: str) -> dict[str, str]:
        """Target id -> the feat that names it in the text: a rank within one clause, an award's year within
        one sentence ('In 2017, who won the Nobel Prize in Literature?')."""
        if not self._by_key or self._by_key.keys().isdisjoint(map(_stem, normalize(text).split())):
            return {}  # no word of any feat: most texts, at the cost of one look-up per word
        found: dict[str, str] = {}
        for span, ranked in [
            *((c, True) for c in _clauses(text)),
            *((s, False) for s in _SENTENCE.findall(text)),
        ]:
            words = normalize(span).split()
            stems = [_stem(w) for w in words]
            for tid, feat in {(tid, f) for s in set(stems) for tid, f in self._by_key.get(s, ())}:
                if tid not in found and bool(feat.rank) == ranked and _asks(feat, words, stems):
                    found[tid] = feat.phrase
        return found


def _asks(feat: Feat, words: list[str], stems: list[str]) -> bool:
    """Whether a span's words ask about the feat (see :class:`FeatIndex`)."""
    if not feat.rank:
        year = str(feat.year) in words and any(w in _WON for w in words)
        return year and _most(feat.words, set(stems))
    for i, word in enumerate(words):
        if word != feat.rank or not _most(feat.words, set(stems[i + 1 : i + 1 + _WINDOW])):
            continue
        head, qualifiers = _person(words, i)
        if head and feat.head and (not _compatible(feat.head, head) or qualifiers != feat.qualifiers):
            continue
        if head or not feat.head or feat.head in _WINNERS or len(feat.words) >= 3:
            return True  # a feat of few words needs its person: 'the first Nobel Prize in physics' is no one
    return False


def _most(own: frozenset[str], seen: set[str]) -> bool:
    """Whether the text holds the feat's words: all of one or two, two thirds of more ('the first woman to fly
    solo across the Atlantic' for '... across the Atlantic Ocean')."""
    return 3 * len(own & seen) >= 2 * len(own) and len(own & seen) >= min(2, len(own))
