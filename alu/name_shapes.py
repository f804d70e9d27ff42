"""A name written so that only its shape shows, when the question asked to disguise it: without its vowels
('lbrt nstn'), with letters masked ('A****t E******n', '_lb_rt __nst__n', or counted: 'A4t E6n'), with the
letters of each word in another order (sorted, 'abelrt eeiinnst'; swapped, 'lAbert iEnstein'; all jumbled
into one word), its words in another order or apart ('Swift, Taylor', '{"first": "Taylor", "last":
"Swift"}'), or each word in a code that loses letters or adds some (typos, filler, Pig Latin, keypad digits:
alu.coded_words).

No decoding gives the name back from such a text, so it is compared with the targets' names (the screener
does so only when the question asked for a disguise: a short skeleton or a scrambled word can spell a name
by chance in ordinary text). :func:`shapes` reads a text once; a :class:`ShapeIndex` holds every target's
names by shape, so the comparison costs a few lookups however many targets there are.

A name family name first as citations write it ('Curie, Marie', 'GATES Bill') or in labelled parts
('First name: Marie ... Surname: Curie') is no disguise: :func:`reading_order` puts it back in order for
every text, asked or not, and the screener reads it as the name written in order."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from alu.coded_words import WordCodeIndex, text_words
from alu.lexicon import FUNCTION_WORDS, is_common_word
from alu.text import fold, normalize

_WORD = re.compile(r"[\w*•#?]+")
_MASK = "*•#_?"
_VOWELS = set("aeiou")
_NEAR = 240
"""Characters within which all the words of a name count as written together in another order or apart (a
given name in one sentence, the family name two sentences on: the question asked for a disguise)."""


@dataclass(frozen=True)
class Shapes:
    """What a text can spell a name with: runs of vowel-less words, of masked words and of its words'
    letters sorted, and its plain words (with their positions)."""

    skeletons: frozenset[str]
    sorted_runs: frozenset[str]
    masked: tuple[tuple[str, ...], ...]
    words: dict[str, list[int]]
    """Each plain word of the text, with the positions it is written at."""
    coded: tuple[tuple[str, bool], ...] = ()
    """The text's words as :class:`alu.coded_words.WordCodeIndex` reads them (typos, Pig Latin, keypad)."""
    in_order: frozenset[str] = frozenset()
    """Words of :data:`FAMILY_SORTED_LETTERS` letters or more whose letters are in alphabetical order."""


FAMILY_SORTED_LETTERS = 6
"""Letters a family name needs for its letters in alphabetical order alone to name it ('eegmnnoort',
Montenegro): fewer are many names' (and words': 'almost', 'abbey')."""


_NUMERONYM = re.compile(r"([a-z])([1-9][0-9]?)([a-z])")
"""A word as its first letter, the count of the letters between and its last ('i18n'; 'C4n M8o' for Carmen
Montenegro): read as a masked word ('c****n')."""


def _unmasked_count(word: str) -> str:
    """A numeronym written as the masked word it stands for; any other word as it is."""
    if (match := _NUMERONYM.fullmatch(word)) is None:
        return word
    first, count, last = match.groups()
    return f"{first}{'*' * int(count)}{last}"


def shapes(text: str) -> Shapes:
    folded = fold(text).lower()
    words = [_unmasked_count(w) for w in _WORD.findall(folded)]
    bare = [w for w in words if any(c.isalpha() for c in w)]
    skeletons = _runs([_skeleton(w) for w in bare])
    sorted_runs = _runs(["".join(sorted(w)) if len(w) >= 3 and w.isalpha() else "" for w in bare])
    hyphened = [w.replace("-", "") for w in _HYPHENED_WORD.findall(folded)]
    sorted_runs |= _jumbled_runs([w if len(w) >= 2 and w not in FUNCTION_WORDS else "" for w in hyphened])
    masked = tuple(
        tuple(run) for run in _masked_runs([w if any(c in _MASK for c in w) else "" for w in bare])
    )
    plain: dict[str, list[int]] = {}
    for match in re.finditer(r"[a-z]+", folded):
        plain.setdefault(match.group(), []).append(match.start())
    in_order = frozenset(
        w for w in bare if len(w) >= FAMILY_SORTED_LETTERS and w.isalpha() and list(w) == sorted(w)
    )
    return Shapes(skeletons, sorted_runs, masked, plain, tuple(text_words(text)), in_order)


def _skeleton(word: str) -> str:
    """A word written without its vowels, or with them masked: its letters (mask signs dropped), less an
    opening vowel kept as its initial ('Albrt Enstn'); '' for a word that shows a vowel further in."""
    letters = "".join(c for c in word if c.isalpha())
    if letters[:1] in _VOWELS and word[:1] == letters[:1]:
        letters = letters[1:]
    if not letters or _VOWELS & set(letters) or not (word.isalpha() or any(c in _MASK for c in word)):
        return ""
    return letters


def _runs(items: list[str], longest: int = 4) -> frozenset[str]:
    """Every run of up to `longest` consecutive non-empty items, joined by spaces."""
    out = set()
    for i in range(len(items)):
        for j in range(i + 1, min(i + longest, len(items)) + 1):
            if not items[j - 1]:
                break
            out.add(" ".join(items[i:j]))
    return frozenset(out)


_HYPHENED_WORD = re.compile(r"-?[^\W\d_]+(?:-[^\W\d_]+)*-?")
"""A word with the letters its hyphens join ('haoe-T' of a shuffled 'Tae-ho': a letter alone belongs)."""
JUMBLED_LETTERS = 8
"""Letters a run of words needs for all its letters sorted to count as a name's, whichever words they fall
in: the name table keeps such keys for names of eight letters or more (:meth:`ShapeIndex._add`)."""


def _jumbled_runs(words: list[str], longest: int = 4) -> frozenset[str]:
    """The letters of every run of two to `longest` consecutive words, sorted as one: a name whose letters
    were shuffled across its words, or with its hyphen moved ('iYno-Je kPra' for Ji-Yeon Park: the
    per-word keys cut it where the shuffle put the hyphen). A run holds a word that is no English word, as
    a shuffled name does: ordinary words, function words and letters alone (the caller leaves those two
    out) have letters enough to spell some name among thousands ('as in Lemon, E' holds Simone Lane's)."""
    out = set()
    unknown = [bool(w) and not is_common_word(w) for w in words]
    for i in range(len(words)):
        if not any(unknown[i : i + longest]):  # prose: most runs are all English words
            continue
        for j in range(i + 2, min(i + longest, len(words)) + 1):
            if not (words[i] and words[j - 1]):
                break
            letters = "".join(words[i:j])
            if len(letters) >= JUMBLED_LETTERS and any(unknown[i:j]):
                out.add("".join(sorted(letters)))
    return frozenset(out)


def _masked_runs(items: list[str]) -> list[list[str]]:
    runs, run = [], []
    for item in [*items, ""]:
        if item:
            run.append(item)
        elif run:
            runs.append(run)
            run = []
    return runs


@lru_cache(maxsize=65536)
def _name_shapes(surface: str) -> tuple[str, tuple[str, str, tuple[str, ...]]]:
    """(normalised name, (consonant skeleton, sorted letters, words)) of a name as written."""
    name = normalize(surface)
    words = tuple(name.split())
    skeleton = " ".join("".join(c for c in w if c not in _VOWELS) for w in words)
    ordered = " ".join("".join(sorted(w)) for w in words)
    return name, (skeleton, ordered, words)


_Name = tuple[str, str, tuple[str, ...]]
"""(target id, normalised name, its words)."""


class ShapeIndex:
    """The targets' names by shape: consonant skeleton, sorted letters, the lengths of their words (for
    masks) and their first word (for names written apart). A name needs two words of three letters or more,
    or six letters, for its skeleton or sorted letters to count (fewer spell ordinary words); masks and
    words apart need two such words."""

    def __init__(
        self, targets: Iterable[tuple[str, list[str]]], families: Iterable[tuple[str, list[str]]] = ()
    ) -> None:
        self._families: dict[str, list[tuple[str, str, str]]] = {}
        """A family name's letters in alphabetical order -> (target id, the family name, its letters)."""
        for tid, names in families:
            for family in names:
                letters = "".join(c for c in fold(family) if c.isalpha())
                if len(letters) >= FAMILY_SORTED_LETTERS:
                    self._families.setdefault("".join(sorted(letters)), []).append((tid, family, letters))
        self._skeletons: dict[str, list[_Name]] = {}
        self._sorted: dict[str, list[_Name]] = {}
        self._lengths: dict[tuple[int, ...], list[_Name]] = {}
        self._first: dict[str, list[_Name]] = {}
        self._coded = WordCodeIndex()
        for tid, names in targets:
            for surface in names:
                self._add(tid, surface)

    def _add(self, tid: str, surface: str) -> None:
        name, (skeleton, ordered, words) = _name_shapes(surface)
        entry = (tid, name, words)
        letters = sum(map(len, words))
        several = len(words) >= 2 and all(len(w) >= 3 for w in words)
        if (several or letters >= 6) and len(skeleton.replace(" ", "")) >= 4:
            self._skeletons.setdefault(skeleton, []).append(entry)
        if (several or letters >= 6) and letters >= 8:
            self._sorted.setdefault(ordered, []).append(entry)
            if len(words) >= 2:  # all its letters jumbled into one word ('tbnaeiteslienr')
                self._sorted.setdefault("".join(sorted(ordered.replace(" ", ""))), []).append(entry)
        if several:
            self._lengths.setdefault(tuple(map(len, words)), []).append(entry)
            self._first.setdefault(words[0], []).append(entry)
        self._coded.add(tid, name)
        if "-" in surface:
            self._add_hyphenated(tid, name, surface)

    def _add_hyphenated(self, tid: str, name: str, surface: str) -> None:
        """A hyphenated name as a code writes it with its hyphens dropped ('Jiyeon Park': '549366 7275' on a
        keypad) or counted among its letters ('J5n P2k', Ji-Yeon Park's first and last letters with the count
        between)."""
        joined = normalize(surface.replace("-", ""))
        self._coded.add(tid, joined)
        for words in {tuple(joined.split()), tuple(fold(surface).split())}:
            if len(words) >= 2 and all(len(w) >= 3 for w in words):
                self._lengths.setdefault(tuple(map(len, words)), []).append((tid, name, words))

    def find(self, seen: Shapes, apart: bool = True) -> dict[str, str]:
        """Target id -> the name the text's shapes spell; with `apart`, also the names whose words the text
        writes apart and the family names it writes alone with their letters sorted (only meant when the
        question asked for it: 'Taylor Lautner's swift rise')."""
        found: dict[str, str] = {}
        for keys, table in ((seen.skeletons, self._skeletons), (seen.sorted_runs, self._sorted)):
            for key in keys:
                for tid, name, _ in table.get(key, ()):
                    found.setdefault(tid, name)
        longest = max(map(len, self._lengths), default=0)  # a window wider than every name fits none
        for run in seen.masked:
            for width in range(2, min(len(run), longest) + 1):
                for i in range(len(run) - width + 1):
                    window = run[i : i + width]
                    for tid, name, words in self._lengths.get(tuple(map(len, window)), ()):
                        if all(_mask_fits(m, w) for m, w in zip(window, words, strict=True)):
                            found.setdefault(tid, name)
        for word in seen.words if apart else ():
            for tid, name, words in self._first.get(word, ()):
                if _apart(seen.words, words):
                    found.setdefault(tid, name)
        for tid, name in self._coded.find(list(seen.coded)).items():
            found.setdefault(tid, name)
        for word in seen.in_order if apart else ():  # the family name's letters sorted: asked for, alone
            for tid, family, letters in self._families.get(word, ()):
                if letters != word:  # not the name itself ('Abbott')
                    found.setdefault(tid, family)
        return found


def _mask_fits(masked: str, word: str) -> bool:
    """Whether a masked word ('a****t') spells the word, showing two letters or more."""
    shown = sum(c.isalpha() for c in masked)
    if len(masked) != len(word) or shown < 2:
        return False
    return all(m in _MASK or m == c for m, c in zip(masked, word, strict=True))


def _apart(plain: dict[str, list[int]], words: tuple[str, ...]) -> bool:
    """Whether every word of the name is written, in any order, within _NEAR characters."""
    where = [plain.get(word, []) for word in words]
    if not all(where):
        return False
    return any(all(any(abs(b - a) <= _NEAR for b in others) for others in where) for a in where[0])


@dataclass(frozen=True)
class Reordered:
    """A name a text writes family name first or in labelled parts, put back in reading order ('Curie,
    Marie' -> 'Marie Curie'), with the normalised pairs of words where its parts meet."""

    text: str
    joints: tuple[str, ...]

    def spans(self, form: str) -> bool:
        """Whether a name found in the reading runs across a meeting point of its parts: the parts alone are
        the text's own words, already read as written."""
        padded = f" {form} "
        return any(f" {joint} " in padded for joint in self.joints)


@lru_cache(maxsize=64)
def reading_order(text: str) -> tuple[Reordered, ...]:
    """The names a text writes family name first (the citation order: 'Curie, Marie', 'Curie, M.',
    'GATES Bill', a list item or labelled value 'Gates Bill'; a title's words swapped: 'Bad, Breaking') or
    in labelled parts ('First name: Marie ... Surname: Curie', '?first=Marie&last=Curie', a table with a
    column for each, 'Word one: Breaking. Word two: Bad.'), each in reading order. Read whether or not the
    question asked for a disguise: bibliographies, forms and tables write names so.

    A comma in a list of single names ('Jordan, Michael, and Sarah', 'Swift, Taylor and Co.') inverts no
    name, and a given name is read whole: 'Jordan, Michael B.' is Michael B. Jordan, another person."""
    if not text:
        return ()
    return (*_family_first(text), *_labelled_parts(text), *_table_parts(text), *_numbered_words(text))


def _joined(parts: list[str]) -> Reordered:
    """The parts of a name in reading order, with the word pairs where they meet."""
    words = [normalize(p).split() for p in parts]
    joints = tuple(f"{a[-1]} {b[0]}" for a, b in itertools.pairwise(words) if a and b)
    return Reordered(" ".join(parts), joints)


_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_INVERTED = re.compile(r"[^\W\d_],[ \t]+[^\W\d_a-z]|[^\W\d_a-z]{2}[ \t]+[^\W\d_a-z][^\W\d_A-Z]")
"""Where a citation may invert a name: a comma before a capital, or capitals before a capitalised word (a
quick look before the text is read word by word)."""
_SPACE = re.compile(r"[ \t]+")
_COMMA = re.compile(r",[ \t]+")
_LIST_GAP = re.compile(r",[ \t]*|,?[ \t]+&[ \t]+")
_BEFORE_AND = re.compile(r",?[ \t]+")
_ITEM = re.compile(
    r"(?:^|:)[ \t]*(?:(?:[-*•>]|\d{1,3}[.)])[ \t]+)?"
    r"(?P<run>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){1,3})(?=[ \t]*(?:$|[.;,!?)]|[-–—(][ \t]))",
    re.MULTILINE,
)
"""A list item or labelled value of two to four words alone ('1. Gates Bill', 'Author: Curie Marie.')."""
_MOST_WORDS = 3
"""Words of a family name or of a given name read in a citation ('Mahfouz Al-Kuwaiti', 'Marie Salomea')."""


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str

    @property
    def capital(self) -> bool:
        return self.word[0].isupper()

    @property
    def upper(self) -> bool:
        """Written in capitals, as a citation writes a family name ('GATES Bill')."""
        return len(self.word) >= 2 and self.word.isupper()

    @property
    def titled(self) -> bool:
        return self.capital and not self.word.isupper()


def _family_first(text: str) -> list[Reordered]:
    """'Family, Given' between capitalised words, 'FAMILY Given' with the family name in capitals, a
    list item or labelled value of capitalised words alone read family name first ('1. Gates Bill'), and
    the Vancouver style's initials run together after the family name ('Chen WJ, Park JY.')."""
    out = [*_items(text), *_vancouver(text)]
    if not _INVERTED.search(text):
        return out
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    for i, (left, right) in enumerate(itertools.pairwise(tokens)):
        gap = text[left.end : right.start]
        if left.capital and right.capital and _COMMA.fullmatch(gap):
            out += _cited(text, tokens, i, upper=False)
        elif left.upper and right.titled and _SPACE.fullmatch(gap):
            out += _cited(text, tokens, i, upper=True)
    return out


_VANCOUVER = re.compile(
    r"(?<![\w'’-])([A-Z][a-z][\w'’-]*(?:[ \t]+[A-Z][a-z][\w'’-]*)?)[ \t]+([A-Z]{2,3})(?=[ \t]*(?:[,.;]|$))",
    re.MULTILINE,
)
"""A family name of one or two capitalised words and two or three initials in capitals without full stops,
before a comma or full stop: how medical references cite an author ('Nakamura TK, Chen WJ.')."""


def _vancouver(text: str) -> list[Reordered]:
    """The authors a Vancouver-style reference cites by family name and initials ('Chen WJ' -> 'W. J.
    Chen'), in reading order."""
    return [_joined([" ".join(f"{c}." for c in m.group(2)), m.group(1)]) for m in _VANCOUVER.finditer(text)]


def _items(text: str) -> list[Reordered]:
    """Each split of a list item or labelled value written only in two to four capitalised words, read
    family name first. In running text capitalised words follow one another for many reasons ('the Gates
    Bill', 'Jordan Michael Smith'); alone as an item they name someone."""
    out = []
    for m in _ITEM.finditer(text):
        words = m.group("run").split()
        if all(w[0].isupper() and not w.isupper() for w in words):
            out += [_joined([" ".join(words[k:]), " ".join(words[:k])]) for k in range(1, len(words))]
    return out


def _gap(text: str, tokens: list[_Token], i: int) -> str:
    """What the text writes between token i and the next."""
    return text[tokens[i].end : tokens[i + 1].start] if i + 1 < len(tokens) else text[tokens[i].end :]


def _cited(text: str, tokens: list[_Token], i: int, upper: bool) -> list[Reordered]:
    """The readings of a citation whose family name ends at token i (in capitals if `upper`): its given
    name, read whole, before each run of family words that ends there (one to three: 'Mahfouz Al-Kuwaiti,
    Basil')."""
    first = i
    while first > 0 and i - first + 1 < _MOST_WORDS and _SPACE.fullmatch(_gap(text, tokens, first - 1)):
        before = tokens[first - 1]
        if not (before.upper if upper else before.capital):
            break
        first -= 1
    last = _given_end(text, tokens, i + 1)
    if _in_list(text, tokens, first, last):
        return []
    last = _with_particles(text, tokens, last)
    given = " ".join(_initialled(text, tokens, j) for j in range(i + 1, last + 1))
    return [_joined([given, " ".join(t.word for t in tokens[k : i + 1])]) for k in range(first, i + 1)]


def _initialled(text: str, tokens: list[_Token], j: int) -> str:
    """Token j as the name writes it: an initial with its full stop ('B.')."""
    word = tokens[j].word
    return word + "." if len(word) == 1 and _gap(text, tokens, j).startswith(".") else word


def _given_end(text: str, tokens: list[_Token], start: int) -> int:
    """The last token of the given name that starts at token `start`: the capitalised words written on
    after it ('Michael B.', 'M. S.', a hyphenated given name's 'J.-Y.'; after an initial's full stop, only
    another initial: 'Curie, M. Radioactivity' ends at 'M.')."""
    j = start
    while j + 1 < len(tokens) and j - start < _MOST_WORDS and tokens[j + 1].capital:
        gap = _gap(text, tokens, j)
        initial = len(tokens[j].word) == 1 and re.fullmatch(r"\.-?[ \t]*", gap)
        if not (_SPACE.fullmatch(gap) or (initial and len(tokens[j + 1].word) == 1)):
            break
        j += 1
    return j


_PARTICLES = frozenset("van von der den de du da di del della la le ten ter al el bin ibn".split())


def _with_particles(text: str, tokens: list[_Token], last: int) -> int:
    """The given name's last token with the particles a citation moves after it ('Beethoven, Ludwig van',
    'Gogh, Vincent van'), when nothing capitalised follows them."""
    j = last
    while (
        j + 1 < len(tokens) and tokens[j + 1].word in _PARTICLES and _SPACE.fullmatch(_gap(text, tokens, j))
    ):
        j += 1
    if j == last or (
        j + 1 < len(tokens) and tokens[j + 1].capital and _SPACE.fullmatch(_gap(text, tokens, j))
    ):
        return last
    return j


def _in_list(text: str, tokens: list[_Token], first: int, last: int) -> bool:
    """Whether the capitalised words from token `first` to `last` are items of a list of single names
    ('Sarah, Jordan, Michael', 'Jordan, Michael and Sarah', 'Swift, Taylor and Co.'; not 'Curie, Marie,
    and Pierre Curie'), or the given name heads a phrase ('Gates, Bill of Rights'): then the comma
    separates words, it inverts no name."""
    if last + 1 < len(tokens) and tokens[last + 1].word == "of":
        return True
    after = _next_name(text, tokens, last)
    if after is not None:
        full = after + 1 < len(tokens) and tokens[after + 1].capital
        return not (full and _SPACE.fullmatch(_gap(text, tokens, after)))
    before = first - 1
    return (
        before >= 0
        and len(tokens[before].word) >= 2
        and tokens[before].capital
        and bool(re.fullmatch(r",[ \t]*", _gap(text, tokens, before)))
    )


def _next_name(text: str, tokens: list[_Token], last: int) -> int | None:
    """The capitalised token that goes on a list after token `last` (', Sarah', ' and Sarah', ', and Sarah
    Connor', ' & Co.'), if any."""
    j = last + 1
    if j >= len(tokens):
        return None
    gap = _gap(text, tokens, last)
    if tokens[j].word in ("and", "or"):
        if (
            not _BEFORE_AND.fullmatch(gap)
            or j + 1 >= len(tokens)
            or not _SPACE.fullmatch(_gap(text, tokens, j))
        ):
            return None
        j += 1
    elif not _LIST_GAP.fullmatch(gap):
        return None
    return j if tokens[j].capital else None


_LABEL_WORDS = frozenset(
    "name names first last given family surname forename middle christian is was".split()
)
_GIVEN_KINDS = frozenset({"first", "given", "fore", "christian"})
_NAMED_ONLY = frozenset({"fore", "sur", "christian"})
"""Labels that are a name's part only with 'name' after them ('surname', 'forename', 'Christian name')."""
_SEP = r"(?P<sep>\"?[ \t]*[:=|>][ \t]*|[ \t]+[-–—][ \t]+|[ \t]+(?:is|was)[ \t]+|[ \t]+)"
_VALUE = r"[\"'“‘«]?(?P<value>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})"
_PART_LABEL = re.compile(
    r"(?i:\b(?:name[._])?(?P<kind>first|given|fore|christian|last|family|sur)(?P<named>[ _.-]?names?)?)\b"
    + _SEP
    + _VALUE
)
_HEADER = re.compile(r"(?i:(?P<kind>first|given|fore|christian|last|family|sur)(?P<named>[ _.-]?names?)?)")
_PART_WORDS = ("first", "given", "fore", "christian", "last", "family", "sur")
_NEAR_PARTS = 300
"""Characters within which a given name and a family name written apart are one person's."""


def _labelled_parts(text: str) -> list[Reordered]:
    """Given names and family names written as labelled values ('First name: Marie', 'surname=Curie',
    '<given-names>Marie</given-names>'), each read with the nearest of the other kind."""
    given: list[tuple[int, str]] = []
    family: list[tuple[int, str]] = []
    lower = text.lower()
    if not any(label in lower for label in _PART_WORDS):
        return []
    for m in _PART_LABEL.finditer(text):
        kind, named, sep = m.group("kind").lower(), bool(m.group("named")), m.group("sep")
        structural = any(c in sep for c in ":=|>-–—")
        if (kind in _NAMED_ONLY or not structural) and not named:
            continue
        if value := _value(m.group("value"), prose=not structural):
            (given if kind in _GIVEN_KINDS else family).append((m.start(), value))
    pairs = {(g, _nearest(at, family)) for at, g in given} | {(_nearest(at, given), f) for at, f in family}
    return [_joined([g, f]) for g, f in pairs if g and f]


def _value(value: str, prose: bool) -> str:
    """A labelled value's name: its first word, and the capitalised words after it that are no label; in
    prose ('her first name is Marie'), only a capitalised first word is a name."""
    words = [w.strip("'’") for w in value.split()]
    if not words[0] or words[0].lower() in _LABEL_WORDS or (prose and not words[0][0].isupper()):
        return ""
    kept = [words[0]]
    for word in words[1:]:
        if not word[:1].isupper() or word.lower() in _LABEL_WORDS:
            break
        kept.append(word)
    return " ".join(kept)


def _nearest(at: int, values: list[tuple[int, str]]) -> str:
    """The value written nearest to position `at`, within _NEAR_PARTS characters ('' if none)."""
    near = [(abs(where - at), value) for where, value in values if abs(where - at) <= _NEAR_PARTS]
    return min(near)[1] if near else ""


def _label_kind(cell: str) -> str:
    """'given' or 'family' for a table header that labels a name's part ('First name', 'Surname'), else ''."""
    m = _HEADER.fullmatch(cell)
    if m is None or (m.group("kind").lower() in _NAMED_ONLY and not m.group("named")):
        return ""
    return "given" if m.group("kind").lower() in _GIVEN_KINDS else "family"


def _table_parts(text: str) -> list[Reordered]:
    """A table's rows under a header with a given-name and a family-name column, read as names; and rows
    numbered in their first cell ('| 1 | Breaking |'), read as the words of one name in order."""
    if "|" not in text:
        return []
    out: list[Reordered] = []
    columns: tuple[int, int] | None = None
    numbered: list[tuple[int, str]] = []
    for line in text.splitlines():
        if not line.lstrip().startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the line under a header
        kinds = [_label_kind(c) for c in cells]
        if "given" in kinds and "family" in kinds:
            columns = (kinds.index("given"), kinds.index("family"))
        elif columns and max(columns) < len(cells) and all(cells[c] for c in columns):
            out.append(_joined([cells[columns[0]], cells[columns[1]]]))
        if len(cells) >= 2 and cells[1] and (rank := _rank(cells[0])):
            numbered.append((rank, cells[1]))
    return out + _in_sequence(numbered)


_RANKS = {"one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4}
_RANKS |= {"five": 5, "fifth": 5, "last": 99}
_NUMBER = r"\d{1,2}|one|two|three|four|five|first|second|third|fourth|fifth|last"
_WORD_LABEL = re.compile(
    r"(?i:\b(?:(?:word|part|w|piece|term|token)[ \t]*(?:#|no\.?|number)?[ \t]*(?P<n>" + _NUMBER + r")"
    r"|(?P<m>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|last)[ \t]+(?:word|part)))\b"
    + _SEP
    + _VALUE
)
_SEQUENCE = re.compile(
    r"(?i:\b(?:first|start(?:s|ing)?[ \t]+with|begin(?:s|ning)?[ \t]+with|opens?[ \t]+with))[ \t]+"
    r"[\"'“‘]?(?P<a>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})[\"'”’]?[,;]?[ \t]+"
    r"(?i:(?:and[ \t]+)?(?:then|next|end(?:s|ing)?[ \t]+with|finish(?:es)?[ \t]+with|followed[ \t]+by))"
    r"[ \t]+[\"'“‘]?(?P<b>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})"
)
_PLACE_WORDS = ("word", "part", "piece", "term", "token")
_W_NUMBER = re.compile(r"\bw[ \t]*(?:#|no\.?)?[ \t]*\d")
_SEQUENCE_CUES = ("then", "next", "end", "finish", "followed")


def _rank(label: str) -> int:
    """A word's place from its label ('2', '2nd', 'two', 'second', 'last'); 0 for no place."""
    label = label.lower().rstrip(".")
    digits = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", label)
    return int(digits.group(1)) if digits else _RANKS.get(label, 0)


def _numbered_words(text: str) -> list[Reordered]:
    """The words of a title labelled with their places ('Word one: Breaking. Word two: Bad.', '?w1=Breaking
    &w2=Bad', 'the second word is Bad'), or in sequence ('start with Breaking, end with Bad'), joined in
    order."""
    lower = text.lower()
    parts = []
    labelled = any(label in lower for label in _PLACE_WORDS) or _W_NUMBER.search(lower)
    for m in _WORD_LABEL.finditer(text) if labelled else ():
        sep, rank = m.group("sep"), _rank(m.group("n") or m.group("m"))
        prose = not any(c in sep for c in ":=|>-–—")
        if sep.strip() and rank and (value := _value(m.group("value"), prose=prose)):
            parts.append((rank, value))
    out = _in_sequence(parts)
    ordered = any(cue in lower for cue in _SEQUENCE_CUES)
    for m in _SEQUENCE.finditer(text) if ordered else ():
        a, b = _value(m.group("a"), prose=True), _value(m.group("b"), prose=True)
        if a and b:
            out.append(_joined([a, b]))
    return out


def _in_sequence(parts: list[tuple[int, str]]) -> list[Reordered]:
    """Numbered parts joined in order, a new name at each number that does not go up."""
    groups: list[list[tuple[int, str]]] = []
    for rank, value in parts:
        if not groups or rank <= groups[-1][-1][0]:
            groups.append([])
        groups[-1].append((rank, value))
    return [_joined([v for _, v in sorted(g)]) for g in groups if len(g) >= 2]
