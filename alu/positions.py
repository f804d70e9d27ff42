"""Positions that name the one person who holds them, read from a person's description: an office ('the 40th
prime minister of New Zealand') or a family tie ('son of Gloria Vanderbilt').

'the 40th prime minister of New Zealand' names Jacinda Ardern wherever a text says it, in any of its shapes
('New Zealand's 40th prime minister', 'the fortieth prime minister of New Zealand'); 'chief executive officer
of Microsoft since 2014' names Satya Nadella as 'Microsoft's CEO' or 'the Microsoft CEO', but not as 'the
first CEO of Microsoft' or 'Microsoft's former CEO'. An office held in the past without its ordinal ('served
as CEO of Microsoft from 2000 to 2014') names no one today: someone else holds it, so it is no key. A family
tie stays ('Gloria Vanderbilt's son', 'the elder daughter of Barack Obama', 'Biden's second son').

A position is an identifying key of the person (issue 14's 'named by a role'), so it counts like an alias;
the description is the user's word for what the target is, and positions are read from it alone."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from alu.described import DescribedIndex
from alu.text import ORDINAL_WORDS, normalize
from alu.types import Target

_OFFICES: dict[str, tuple[str, ...]] = {
    "prime minister": ("prime minister",),
    "president": ("president",),
    "vice president": ("vice president",),
    "chief executive officer": ("chief executive officer", "chief executive", "ceo", "head", "boss"),
    "chief financial officer": ("chief financial officer", "cfo"),
    "chief operating officer": ("chief operating officer", "coo"),
    "chief technology officer": ("chief technology officer", "cto"),
    "chair": ("chairman", "chairwoman", "chairperson", "chair"),
    "governor": ("governor",),
    "mayor": ("mayor",),
    "chancellor": ("chancellor",),
    "premier": ("premier",),
    "secretary general": ("secretary general",),
    "director general": ("director general",),
    "general secretary": ("general secretary",),
    "first lady": ("first lady",),
    "head coach": ("head coach",),
    "speaker": ("speaker",),
    "monarch": ("king", "queen", "monarch"),
    "editor in chief": ("editor in chief", "editor"),
    "owner": ("owner",),
}
"""Each office, by the words a text may call it (normalised: lower case, hyphens and apostrophes as
spaces)."""
_TIES: dict[str, tuple[str, ...]] = {
    **{tie: (tie,) for tie in "son daughter child wife husband father mother brother sister widow".split()},
    **{tie: (tie,) for tie in "widower grandson granddaughter nephew niece stepson stepdaughter".split()},
}
"""Family ties, which name a person by another ('son of Gloria Vanderbilt')."""
_FOUNDERS: dict[str, tuple[str, ...]] = {"founder": ("founder", "co founder", "cofounder")}
"""Founding an organisation, which stays true of its founders whoever runs it now ('the Amazon founder')."""
_LASTING = {**_TIES, **_FOUNDERS}
"""Positions held for good: no tense, no ordinal of office."""
_CANONICAL = {
    variant: role
    for table in (_OFFICES, _TIES, _FOUNDERS)
    for role, variants in table.items()
    for variant in variants
}


def _variants(between: str) -> str:
    """The words of every position as one alternation, longest first, `between` the words of each."""
    return "|".join(between.join(v.split()) for v in sorted(_CANONICAL, key=len, reverse=True))


_ORG_ALIASES = {
    "us": "united states", "usa": "united states", "u s": "united states", "u s a": "united states",
    "america": "united states", "american": "united states", "uk": "united kingdom",
    "u k": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "british": "united kingdom",
}  # fmt: skip
"""Names a text often gives the two countries whose offices are asked most ('the 46th US president')."""

_RANKS = {"eldest": 1, "elder": 1, "oldest": 1, "older": 1, "youngest": -1, "younger": -1}
"""Ranks that say which one as an ordinal does ('the elder daughter of...', 'Finland's youngest prime
minister'); the youngest is -1, one past any ordinal."""
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)|" + "|".join(sorted([*ORDINAL_WORDS, *_RANKS], key=len, reverse=True))
_QUALIFIER = r"former|ex|past|previous|last|next|founding|interim|acting|deputy|assistant|associate"
"""Words before an office that make it another holder's, or another office ('deputy prime minister')."""
_ADJECTIVES = r"(?:(?:female|male|black|only|longest[\s-]serving|current|incumbent|sitting)\s+)*"

_ROLE_IN_DESCRIPTION = _variants(r"[\s-]+")
_ROLE_IN_TEXT = _variants(" ")
_ROLE_OF = re.compile(rf"(?i)\b(?P<role>{_ROLE_IN_DESCRIPTION})\s+of\s+(?:the\s+)?")
_LISTED = re.compile(rf"(?i)\b(?P<role>{_ROLE_IN_DESCRIPTION})\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")
"""A role listed before another that shares its 'of' ('co-founder, president and CEO of Nvidia')."""
_OF_NAME = re.compile(r"[A-Z][\w.&'’]*(?:\s+(?:of\s+|and\s+|for\s+|de\s+)?[A-Z][\w.&'’]*){0,5}")
"""A position in a description as 'role of Name': 'prime minister of New Zealand', 'son of Gloria
Vanderbilt'."""
_PAST_BEFORE = re.compile(r"\b(?:served|serving|was|were|had been|became)\s+(?:as\s+)?(?:the\s+)?$")
_PAST_AFTER = re.compile(
    r"\s*(?:,\s*)?\(?(?:from\s+\d{4}|between|until|till|in\s+\d{4}|\d{4}\s*(?:[-–]|to|until)\s*\d{2,4})", re.I
)
"""A year range or a past date after an office ('from 2017 to 2023', '1997 to 2007', '(2010–2024)')."""
_NOW = re.compile(r"\b(?:current|incumbent|sitting|is|has been)\b[^,;]*$")
_SINCE = re.compile(r"\s*(?:,\s*)?\(?since\s+(\d{4})", re.I)
"""What says an office with an ordinal is held now ('the current 46th president', 'since 2021')."""
_ANOTHER_AFTER = re.compile(r"\s+s\s+(?:predecessor|successor|deputy|spokes\w*)\b")
"""Words after an office that make it someone else ("the current UK prime minister's predecessor")."""

_ROLE = re.compile(rf"\b(?P<role>{_ROLE_IN_TEXT})\b")
"""A position's role in a normalised text."""
_MODIFIERS = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?(?:\bthe\s+)?(?:\b(?P<ordinal>{_ORDINAL})\s+)?{_ADJECTIVES}$"
)
"""What stands right before a role or whom it is of in normalised text: 'former', 'the 40th', 'first
female', 'elder'."""
_REACH = 60
"""Characters before a role that its modifiers and tense are read from."""
_OF_WORDS = 6


@dataclass(frozen=True)
class Position:
    """A position one person holds, as its key: the role (an office, a family tie), whom it is of (an
    organisation, a country, a person; normalised, without 'the'), its ordinal when the description gives
    one, and whether it is held now."""

    role: str
    of: str
    ordinal: int | None
    current: bool
    since: int | None = None
    """The year a position held now was taken up, when the description says ('since 1988')."""

    @property
    def phrase(self) -> str:
        """'the 40th prime minister of new zealand', 'the son of gloria vanderbilt'."""
        nth = {None: "", 1: "eldest " if self.role in _TIES else "1st ", -1: "youngest "}.get(self.ordinal)
        nth = f"{self.ordinal}{_suffix(self.ordinal)} " if nth is None and self.ordinal else nth or ""
        return f"the {nth}{self.role} of {self.of}"


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinal_value(word: str) -> int | None:
    """'40th' -> 40, 'fortieth' -> 40, 'forty fifth' -> 45, 'elder' -> 1, 'youngest' -> -1."""
    word = normalize(word)
    if word[:1].isdigit():
        return int(re.sub(r"\D", "", word))
    return ORDINAL_WORDS.get(word) or _RANKS.get(word)


def positions(description: str) -> list[Position]:
    """The positions a description gives its person that name them alone: an office with an ordinal or held
    now, a family tie, a founding. Roles listed before one 'of' share it ('co-founder, president and CEO
    of Nvidia'), and so do organisations listed after it ('CEO of Tesla and SpaceX')."""
    found: list[Position] = []
    for match in _ROLE_OF.finditer(description):
        of = _OF_NAME.match(description, match.end())
        if of is None:
            continue
        for role_start, role in [(match.start(), match.group("role")), *_listed_before(description, match)]:
            found += _held(description, role_start, _CANONICAL[normalize(role)], of)
    return list(dict.fromkeys(found))


def _listed_before(description: str, match: re.Match[str]) -> list[tuple[int, str]]:
    """The roles listed right before a role that 'of' follows, with where each starts."""
    listed = []
    end = match.start()
    while (prior := _LISTED.search(description, max(0, end - _REACH), end)) is not None:
        listed.append((prior.start("role"), prior.group("role")))
        end = prior.start("role")
    return listed


def _held(description: str, role_start: int, role: str, of: re.Match[str]) -> list[Position]:
    """The positions one role of `of` gives, read with what stands before the role and after whom."""
    before = normalize(description[max(0, role_start - _REACH) : role_start]) + " "
    qualifier, ordinal, start = _modifiers(before)
    if qualifier in ("deputy", "assistant", "associate", "acting", "interim"):
        return []  # another office, or one held for a time
    whom = normalize(of.group())
    if role in _TIES:  # not 'ex-wife of...': one of several, perhaps
        return [] if qualifier else [Position(role, p, ordinal, current=True) for p in _people(whom)]
    if role in _FOUNDERS:
        return [Position(role, org, None, current=True) for org in _orgs(whom)]
    past = qualifier or _PAST_BEFORE.search(before[:start]) or _PAST_AFTER.match(description, of.end())
    if past and ordinal is None:
        return []
    # an ordinal is mostly a past holder's ('44th president of the United States'): held now only if said
    since = _SINCE.match(description, of.end())
    now = not past and (ordinal is None or bool(_NOW.search(before) or since))
    year = int(since.group(1)) if since and now else None
    return [Position(role, org, ordinal, current=now, since=year) for org in _orgs(whom)]


def held_by(target: Target) -> list[Position]:
    """The positions that name a person target, read from its description and its first document's opening
    sentence (none for a topic)."""
    if target.kind != "entity":
        return []
    return list(dict.fromkeys(p for text in target.described for p in positions(text)))


def _orgs(whom: str) -> list[str]:
    """The organisations a position is of: 'tesla and spacex' -> the whole and each ('Marks and Spencer' is
    one company; 'Tesla and SpaceX' two)."""
    parts = whom.split(" and ")
    orgs = [_org(w) for w in [whom, *(parts if len(parts) > 1 else [])]]
    return list(dict.fromkeys(o for o in orgs if len(o) >= 2))  # not 'X' alone: a letter names too much


def _people(names: str) -> list[str]:
    """The people a tie is to: 'barack and michelle obama' -> 'barack obama', 'michelle obama'."""
    first, sep, rest = names.partition(" and ")
    if not sep:
        return [names]
    surname = rest.split()[-1]
    return [first if " " in first else f"{first} {surname}", rest]


def _modifiers(before: str) -> tuple[str, int | None, int]:
    """The qualifier ('former', or ''), the ordinal (or None) and where they start, at the end of normalised
    text before a role."""
    window = before[-_REACH:]
    head = _MODIFIERS.search(window + " ")
    if head is None:
        return "", None, len(before)
    ordinal = ordinal_value(head.group("ordinal")) if head.group("ordinal") else None
    return head.group("qualifier") or "", ordinal, len(before) - len(window) + min(head.start(), len(window))


_SUFFIXES = {"inc", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "ag", "sa", "nv"}
_DEMONYMS = {
    "french": "france", "dutch": "netherlands", "spanish": "spain", "swiss": "switzerland",
    "greek": "greece", "irish": "ireland", "polish": "poland", "turkish": "turkey", "swedish": "sweden",
    "danish": "denmark", "finnish": "finland", "norwegian": "norway", "welsh": "wales",
    "scottish": "scotland", "english": "england", "filipino": "philippines", "portuguese": "portugal",
    "israeli": "israel", "peruvian": "peru", "argentine": "argentina", "ukrainian": "ukraine",
    "brazilian": "brazil", "egyptian": "egypt", "pakistani": "pakistan", "iranian": "iran", "iraqi": "iraq",
    "german": "germany", "british": "united kingdom",
}  # fmt: skip
"""Country adjectives that no ending rule turns into the country ('the French president')."""


def _org(words: str) -> str:
    """An organisation or country as positions are indexed by: without 'the' or a company's legal suffix
    ('Apple Inc.'), short names and a country's adjective spelt out ('US', 'the French president')."""
    words = words[4:] if words.startswith("the ") else words
    parts = words.split()
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts.pop()
    words = " ".join(parts)
    return _ORG_ALIASES.get(words) or _DEMONYMS.get(words) or _country_of(words) or words


def _country_of(word: str) -> str:
    """The country a regular adjective names ('german' -> 'germany', 'canadian' -> 'canada'), or ''."""
    from alu.exonyms import place_of_adjective

    if " " in word:
        return ""
    return place_of_adjective(word, ("ian", "an", "ese", "i"), ("ia", "a", "y", "o", "e", ""))


def _acronym(org: str) -> str:
    """The initials an organisation of several words goes by ('world trade organization' -> 'wto')."""
    words = [w for w in org.split() if w not in ("of", "the", "and", "for", "de")]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _keys(position: Position) -> set[str]:
    """What a text may call whom a position is of: the name, an organisation's initials ('wto'), a person's
    family name ('Biden's second son')."""
    keys = {position.of}
    if position.role in _TIES:
        keys.add(position.of.split()[-1])
    else:
        keys.add(_acronym(position.of))
    return keys - {""}


class PositionIndex(DescribedIndex[Position]):
    """The positions of every person target, by whom they are of: a text names a target when it calls one of
    its positions by that ('prime minister of New Zealand', 'New Zealand's prime minister', 'the Microsoft
    CEO', 'Gloria Vanderbilt's son') with the same ordinal, or with none and no qualifier for one held now."""

    def items_of(self, target: Target) -> list[Position]:
        return held_by(target)

    def keys_of(self, item: Position) -> Iterable[str]:
        return _keys(item)

    def find(self, text: str) -> dict[str, str]:
        """Target id -> the position that names it in the text."""
        if not self._by_key:
            return {}
        norm = normalize(text)
        found: dict[str, str] = {}
        for match in _ROLE.finditer(norm):
            if _ANOTHER_AFTER.match(norm, match.end()):
                continue
            role = _CANONICAL[match.group("role")]
            period = _PERIOD.search(norm, match.end(), match.end() + _REACH)
            for of, ordinal, qualified in _whom_around(norm, match):
                for tid, held in self._by_key.get(of, []):
                    if held.role == role and _same_holder(held, ordinal, qualified, period):
                        found.setdefault(tid, held.phrase)
            if (ordinal := _bare_ordinal(norm, match)) is not None:
                self._bare(role, ordinal, found)
        return found

    def left(self, text: str) -> set[str]:
        """Target ids whose office the text asks for the holder of now, an office they held but no longer
        hold ('Who is the German chancellor now?' for the eighth Chancellor of Germany from 2005 to 2021): the
        text is about the present holder, however close it is to the target's facts. Only a text that says
        now ('now', 'current', 'today'...), with no time of its own and no ordinal or qualifier."""
        if not self._by_key:
            return set()
        norm = normalize(text)
        if not _NOW.search(norm) or any(p.group("word") != "since" for p in _PERIOD.finditer(norm)):
            return set()  # 'since 2023' is how long the present holder has held it
        out: set[str] = set()
        for match in _ROLE.finditer(norm):
            role = _CANONICAL[match.group("role")]
            for of, ordinal, qualified in _whom_around(norm, match):
                if ordinal is None and not qualified:
                    out |= {
                        tid
                        for tid, held in self._by_key.get(of, [])
                        if held.role == role and not held.current
                    }
        return out

    def _bare(self, role: str, ordinal: int | None, found: dict[str, str]) -> None:
        """'the 43rd president', whose office the text leaves unsaid: the holder of that numbered office in
        any description names them (the number is what makes an office one person's)."""
        for tid, held in self._by_id.items():
            for position in held:
                if position.role == role and position.ordinal == ordinal and role not in _LASTING:
                    found.setdefault(tid, position.phrase)


_NOW = re.compile(
    r"\b(?:now|nowadays|current|currently|today|incumbent|presently|these days|at the moment)\b"
)
"""Words that ask about the present holder of an office."""
_BARE = re.compile(rf"(?:^|\bthe\s+)(?:(?:former|ex|late)\s+)?(?P<ordinal>{_ORDINAL})\s+{_ADJECTIVES}$")
"""An ordinal right before a role with nothing of whose office before it ('the 43rd president', not
"France's 23rd president")."""


def _bare_ordinal(norm: str, match: re.Match[str]) -> int | None:
    """The ordinal of an office the text gives no 'of' nor owner ('the 43rd president'), if so."""
    bare = _BARE.search(norm, max(0, match.start() - _REACH), match.start())
    return None if bare is None or _AFTER.match(norm, match.end()) else ordinal_value(bare.group("ordinal"))


_PERIOD = re.compile(
    r"\b(?P<word>before|until|till|prior to|in|during|from|after|since|between)\s+(?:the\s+)?(?:year\s+)?"
    r"(?P<year>\d{4})(?P<decade>s)?(?:\s+and\s+(?P<end>\d{4}))?\b"
)
"""A time the text asks about an office at ('Vogue's editor before 1988', 'the CEO of Apple in 1995')."""


def _same_holder(held: Position, ordinal: int | None, qualified: bool, period: re.Match[str] | None) -> bool:
    """An ordinal names its holder alone; a position held now is named without ordinal or qualifier, at a
    time the holder held it (when the description says since when: 'before 1988' is not 'since 1988')."""
    if ordinal is not None:
        return ordinal == held.ordinal
    if not held.current or qualified:
        return False
    if period is None or held.since is None or held.role in _LASTING:
        return True
    word, year = period.group("word"), int(period.group("year"))
    if word in ("before", "until", "till", "prior to"):
        return held.since < year
    if word in ("in", "during"):
        return year + (9 if period.group("decade") else 0) >= held.since
    if word == "between":
        return int(period.group("end") or year) >= held.since
    return True  # from, after, since: up to now


_AFTER = re.compile(rf"\s+of\s+(?:the\s+)?((?:\w+\s*){{1,{_OF_WORDS}}})")


def _whom_around(norm: str, match: re.Match[str]) -> list[tuple[str, int | None, bool]]:
    """The word runs that may say whom a role is of, each with the ordinal and whether a qualifier goes with
    the role there: after 'of (the)' ('the 40th prime minister of new zealand'), or before it, possessive
    or not, its ordinal or qualifier before the role or before the run ('new zealand s 40th prime
    minister', 'the former microsoft ceo', 'the 46th us president', 'joe biden s second son', 'the obamas
    elder daughter')."""
    qualifier, ordinal, start = _modifiers(norm[: match.start()])
    found: list[tuple[str, int | None, bool]] = []
    after = _AFTER.match(norm, match.end())
    if after:
        words = after.group(1).split()
        found += [(_org(" ".join(words[:k])), ordinal, bool(qualifier)) for k in range(1, len(words) + 1)]
    before = norm[max(0, start - _REACH) : start].split()
    if before and before[-1] == "s":
        before = before[:-1]
    for k in range(1, min(_OF_WORDS, len(before)) + 1):
        own_qualifier, own_ordinal, _ = _modifiers(" ".join(before[:-k]))
        whom = " ".join(before[-k:])
        found.append((_org(whom), ordinal or own_ordinal, bool(qualifier or own_qualifier)))
        if k == 1 and len(whom) > 4 and whom.endswith("s"):  # a family by its plural: 'the obamas daughter'
            found.append((whom[:-1], ordinal or own_ordinal, bool(qualifier or own_qualifier)))
    return found
