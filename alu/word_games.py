"""Names written through a word game nobody announced: Pig Latin ('Aylortay Iftsway', 'aylor-Tay ift-Sway',
'Angelayay Erkelmay'), without vowels ('Tylr Swft', 'ngl Mrkl'), typed one key over on a keyboard that leaves
a row's last key as it is ('smhrls Mrtlrl'), leaves signs where a row ends ('No;; Hsyrd', "Vukk F'rwa") or
wraps around it ('Noaa Hsyrd'), or run together in lower case in a hashtag, handle or identifier
('#taylorswiftfan', '@angelamerkelofficial', 'taylorswift_fan_club'; a family name alone, '#teamswift').

No decoding gives one reading of such words: how many letters Pig Latin moved, which vowels went, whether a
shifted 'l' was a 'k' or an 'l' are known only against the names. So this module gives, for each run of two
or more adjacent words that some game may have written, what each word may stand for
(:class:`GameWord`), and :class:`alu.matcher.AliasIndex` keeps the readings whose every word is a word of one
of its multi-word names, in order. A whole multi-word name must come out: one word alone, read in so many
ways, would spell some name of a big store by chance.

Ordinary text pays one cached word-frequency look-up per word (the check for unread names asked most of them
already) and a scan for tags: ~0.05 ms an exchange at 10,000 targets. Pig Latin and shifted keys are read only
in words English rarely uses ('today', 'Norway' are meant), a word without vowels unless it is an honorific
or a known acronym ('Mr', 'BBC'), and a run only when one of its words is unknown or rare and vowelless
('pls thx', 'smh brb' are no run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from alu.keys import zipf
from alu.lexicon import is_common_word

RARE_ZIPF = 3.0
"""A word at least this frequent in English is written as meant ('okay', 'Norway'), never Pig Latin nor
shifted keys."""
MAX_OPTIONS = 32
"""Spellings kept per word (a shifted word with many ambiguous keys has more)."""
MAX_MOVED = 4
"""Letters Pig Latin moves at most: a word's opening consonants ('schw' of 'Schwarzenegger')."""
MAX_RUNS = 6
"""Runs read per text: more are a text wholly in a code or another language, which other checks read."""
MAX_RUN_WORDS = 6
"""Words of a run read (a name has fewer)."""
MIN_TAG_FORM = 7
"""A name run together is indexed from eight characters with its space (:func:`alu.matcher.index_keys`)."""
MAX_TAG = 60
"""Longer tags are read from their start only."""
TAG_WORD_ZIPF = 3.5
"""A tag's segment this frequent in English is a word a name is never cut out of ('australian' in
'australian_tank', 'bottom' in 'bottom_robin'); a word glued to a name inside one segment is this frequent
too ('team', 'love', 'fan')."""
MAX_TAG_WORD = 10
"""Letters of a word glued to a name inside a tag's segment."""
_SHORT_TAG_WORDS = frozenset({"i", "a", "im", "my", "me", "we", "us", "go", "so", "oh", "ok", "no", "the"})
_SEGMENT = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
"""A segment of a tag's body: a word in lower case or with its capital, or a run of capitals ('HTMLParser'
-> HTML, Parser; 'TAYLORSWIFT' is one); digits and underscores part segments."""

_KEY_SIGNS = ";:'\",.<>/?[]{}"
"""The signs a row's end types (';', '[', ',' and their shifted ':', '{', '<'), or a row wrapped around
(']', "'", '/'...): shifted one key over, 'Bill' is 'No;;' and 'Gates' "F'rwa"."""
_SIGN_CLASS = "[" + re.escape(_KEY_SIGNS) + "]"
_TOKEN = re.compile(rf"{_SIGN_CLASS}*[A-Za-z](?:[A-Za-z]|{_SIGN_CLASS}|-(?=[A-Za-z]))*")
"""A word, with the key signs in and around it ('No;;', "'bfwk'", 'Smhr;s')."""
_PLAIN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_INNER = re.compile(_SIGN_CLASS)
_ENGLISH_MARKS = re.compile(r"'(?:[stdmSTDM]|ll|ve|re|LL|VE|RE)$|^[A-Za-z]'[A-Z]|^(?:[A-Za-z]\.)+$")
"""A possessive or contraction ("Metternich's", "they'd"), a name after an apostrophe ("O'Keeffe"), an
abbreviation ('e.g.')."""
_PUNCTUATED = re.compile(r"[\"'(]?[A-Za-z-]+[.,;:?!]?[\"')]?")
"""A word with the punctuation a sentence puts around it: one sign after it, quotes or parentheses (not
'[' or '{', which a shift types for 'p')."""
_SENTENCE_END = re.compile(r"[.?!][\"')\]}]*$")
MIN_GLUED = 4
"""Letters of a word glued to others in a tag that may be a family name alone ('swift' of '#teamswift');
a family name of fewer is no partial name (:func:`alu.name_forms.partial_names`)."""
_GAP = re.compile(r"[\s\"'(“‘]*")
"""What may stand between two words of one name: spaces, an opening quote."""
_VOWELS = re.compile("[aeiou]")
_SKELETON_DROP = str.maketrans("", "", "aeiouy")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "mx", "dr", "st", "jr", "sr", "mt", "ft", "pt", "vs", "hr", "nr"})
_TAG = re.compile(rf"(?<![\w@#])[#@]([A-Za-z0-9_]{{{MIN_TAG_FORM},}})|\b([A-Za-z0-9]+(?:_[A-Za-z0-9]+)+)\b")
_TAG_SIGN = re.compile(r"(?<![\w@#])[#@]\w|[A-Za-z]_[A-Za-z]")
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass(frozen=True)
class GameWord:
    """One word of a run and what it may stand for."""

    spellings: frozenset[str]
    """Lower-case words a game may have made it from: Pig Latin undone, keys shifted back."""
    skeleton: str
    """For a word without vowels, its consonants without 'y' ('tylr' -> 'tlr'), which a name word's
    consonants must equal; else empty."""


def _key_maps() -> tuple[dict[str, str], dict[str, str]]:
    """Per key, the letters typed one key to the right (first map) or left of it that give it, capitals as
    small letters. A keyboard may leave a row's last (first) key as it is (shifted right, 'l' is a 'k' or an
    'l'), wrap around the row ('q' is a 'p'), or type the signs beside the row ('l' is ';', ':' with shift;
    wrapped left, 'a' is "'" or ';', 'q' is ']' or '[', 'z' is '/', '.' or ',')."""
    from_right: dict[str, str] = {}
    from_left: dict[str, str] = {}
    for row in _KEY_ROWS:
        for i, c in enumerate(row):
            from_right[c] = (row[i - 1] if i else row[-1]) + (c if i == len(row) - 1 else "")
            from_left[c] = (row[i + 1] if i < len(row) - 1 else row[0]) + (c if i == 0 else "")
    for signs, letter in (("[{", "p"), (";:", "l"), (",<", "m")):
        for sign in signs:
            from_right[sign] = letter
    for signs, letter in (("[]{}", "q"), (";:'\"", "a"), (",./<>?", "z")):
        for sign in signs:
            from_left[sign] = letter
    return from_right, from_left


_FROM_KEYS = _key_maps()


def _unshifted(word: str) -> set[str]:
    """The words that typed one key over (either way) give `word` (lower case, signs allowed), at most
    MAX_OPTIONS."""
    out: set[str] = set()
    for table in _FROM_KEYS:
        choices = [table.get(c, "") for c in word]
        if not all(choices):
            continue  # a sign no letter types one key over this way ('/' typed one key to the right)
        for letters in product(*choices):
            out.add("".join(letters))
            if len(out) >= MAX_OPTIONS:
                return out
    return out


def _pig_latin_undone(word: str) -> set[str]:
    """The words Pig Latin of any dialect turns into `word` (lower case, ending in 'ay'): one to MAX_MOVED
    letters moved from the front ('aylortay' -> 'taylor', 'iftsway' -> 'swift'), or none and 'way', 'yay',
    'hay' or 'ay' put after a word opening on a vowel ('angelaway' -> 'angela'); a hyphen marks the moved
    letters ('ift-sway')."""
    if "-" in word:
        stem, moved = word.split("-", 1)
        moved = moved[:-2]
        return {moved + stem, stem} if len(moved) <= MAX_MOVED else set()
    stem = word[:-2]
    out = {stem}
    if stem[-1:] in ("w", "y", "h"):
        out.add(stem[:-1])
    for k in range(1, min(MAX_MOVED, len(stem) - 1) + 1):
        out.add(stem[-k:] + stem[:-k])
    return {w for w in out if len(w) >= 2}


def _played(token: str) -> GameWord | None:
    """What a word may stand for, or None for a word that reads as written. Its letters are read as
    :func:`_played_letters` says; signs in or around it as keys typed one over ('No;;' is 'Bill'), unless
    the word with them is an English word ("don't", 'e.g.', "auditor's") or a common word with the
    punctuation a sentence puts around one ('bread.', '"came,"')."""
    core = token.strip(_KEY_SIGNS)
    plain = _PLAIN.fullmatch(core) is not None
    spellings, skeleton = _played_letters(core) if plain else (set(), "")
    punctuated = _PUNCTUATED.fullmatch(token) is not None and zipf(core.lower()) >= RARE_ZIPF
    if (core != token or not plain) and not punctuated and not _written_so(core):
        spellings |= _keyed(token)
    spellings.discard(core.lower())
    if not spellings and not skeleton:
        return None
    return GameWord(frozenset(spellings), skeleton)


def _written_so(core: str) -> bool:
    """Whether a word with signs among its letters is written so in English: with an apostrophe or full
    stops, and not rare ("don't", 'e.g.', 'U.S.'), or a possessive, a contraction or a name after an
    apostrophe ("Metternich's", "O'Keeffe"). wordfreq reads other signs as spaces ('R<<S' would be 'r s'),
    and some apostrophes too ("O'yk" is 'o' and 'yk')."""
    signs = set(_INNER.findall(core))
    if not signs or not signs <= {"'", "."}:
        return False
    return zipf(core.lower()) >= RARE_ZIPF or _ENGLISH_MARKS.search(core) is not None


def _played_letters(word: str) -> tuple[set[str], str]:
    """The spellings and skeleton (see :class:`GameWord`) of a word of letters. Pig Latin and keyboard
    shifts are read only in words English rarely uses; the consonants of a word without vowels whatever its
    frequency ('Th Gdfthr', 'Brck bm'), but not of an honorific or a known acronym ('Mr', 'BBC')."""
    lower = word.lower()
    if lower in _HONORIFICS:
        return set(), ""
    frequency = zipf(lower.replace("-", ""))
    bare = "-" not in lower
    skeleton = ""
    if bare and not _VOWELS.search(lower) and not (word.isupper() and frequency > 0.0):
        skeleton = lower.translate(_SKELETON_DROP)
    spellings: set[str] = set()
    if frequency < RARE_ZIPF:
        if lower.endswith("ay") and len(lower) >= 4:
            spellings |= _pig_latin_undone(lower)
        if bare and len(lower) >= 3:
            spellings |= _unshifted(lower)
    return spellings, skeleton


def _keyed(token: str) -> set[str]:
    """The words a word written with signs may be, typed one key over: the signs at its ends read as keys
    or as punctuation, any number of them ('Hsyrd.' ends a sentence, 'No;;' does not, '<rtlr;.' is
    'merkel' and a full stop), those inside always as keys. A common word reads so too ('No;;' is 'Bill'):
    a sign tells it is no word as written."""
    lower = token.lower()
    start = len(lower) - len(lower.lstrip(_KEY_SIGNS))
    end = len(lower.rstrip(_KEY_SIGNS))
    out: set[str] = set()
    for i in range(start + 1):
        for j in range(end, len(lower) + 1):
            piece = lower[i:j]
            if len(piece) >= 3 and any(c in _KEY_SIGNS for c in piece):
                out |= _unshifted(piece)
    return out


@lru_cache(maxsize=1024)
def game_runs(text: str) -> tuple[tuple[GameWord, ...], ...]:
    """The runs of two to MAX_RUN_WORDS adjacent words that a word game may have written, at most MAX_RUNS;
    a run needs a word no dictionary knows, or a rare one without vowels ('Bll Gts'), and ends with a
    sentence. Callers must not change what they get."""
    runs: list[tuple[GameWord, ...]] = []
    current: list[GameWord] = []
    sure = False
    end, ended = 0, False
    for match in _TOKEN.finditer(text):
        word = _played(match.group())
        adjacent = not ended and _GAP.fullmatch(text, end, match.start()) is not None
        if current and (word is None or not adjacent):
            _close(current, sure, runs)
            current, sure = [], False
        end, ended = match.end(), _SENTENCE_END.search(match.group()) is not None
        if word is not None:
            current.append(word)
            sure = sure or _sure(match.group())
    _close(current, sure, runs)
    return tuple(runs[:MAX_RUNS])


def _sure(token: str) -> bool:
    """A word that is surely no English word as written: unknown, a rare one without vowels ('Bll',
    'gts'), or one with signs among its letters ('Smhr;s', "F'rwa"; not "don't")."""
    core = token.strip(_KEY_SIGNS)
    if _PLAIN.fullmatch(core) is None:
        return not _written_so(core)
    frequency = zipf(core.lower().replace("-", ""))
    return frequency == 0.0 or (frequency < RARE_ZIPF and not _VOWELS.search(core.lower()))


def _close(current: list[GameWord], sure: bool, runs: list[tuple[GameWord, ...]]) -> None:
    if sure and len(current) >= 2:
        runs.append(tuple(current[:MAX_RUN_WORDS]))


@lru_cache(maxsize=1024)
def tag_bodies(text: str) -> tuple[tuple[str, ...], ...]:
    """The bodies of the text's hashtags, handles and snake_case identifiers as their segments, lower case:
    split at underscores, digits and capitals ('#TeamMerkel' -> team, merkel; 'taylor_swift_fan' -> taylor,
    swift, fan; '#taylorswiftfan' is one segment). Where a segment ends is where a word ended: a name run
    together is looked for across whole segments, or inside one (:func:`run_together`)."""
    if not _TAG_SIGN.search(text):
        return ()
    bodies = []
    for match in _TAG.finditer(text):
        body = (match.group(1) or match.group(2))[:MAX_TAG]
        segments = tuple(s.lower() for s in _SEGMENT.findall(body))
        if sum(map(len, segments)) >= MIN_TAG_FORM:
            bodies.append(segments)
    return tuple(dict.fromkeys(bodies))


def run_together(segments: tuple[str, ...]) -> list[str]:
    """The pieces of a tag's body (its segments joined) long enough to be a name run together, that start
    and end where a word does: at a segment's edge, or inside a segment that is no English word itself after
    a word or two ('#ilovetaylorswift', '#taylorswiftfan'). Never through a word ('australian_tank' holds
    no 'Lian Tan', '#chinakimchi' no 'Hina Kim')."""
    body = "".join(segments)
    starts, ends = _cuts(segments, leading=True), _cuts(segments, leading=False)
    return [body[i:j] for i in sorted(starts) for j in sorted(ends) if j - i >= MIN_TAG_FORM]


def glued_words(segments: tuple[str, ...]) -> list[str]:
    """The common English words of MIN_GLUED letters or more that a tag's segment which is no word itself
    writes glued to other words ('swift' of '#teamswift', '#swiftfan', '#goswiftgo'), cut as
    :func:`run_together` cuts: where a family name that is a common word may stand alone, as 'Swift' does
    in '#TeamSwift'. A rarer word glued so is read as a name only with the rest of it ('#merkelcell' is a
    tumour)."""
    out = []
    for segment in segments:
        if zipf(segment) > 0.0:
            continue  # a word ('cookbook', 'heartbreak') or a segment of its own ('Swift' of '#TeamSwift')
        starts, ends = _cuts((segment,), leading=True), _cuts((segment,), leading=False)
        out += [segment[i:j] for i in starts for j in ends if j - i >= MIN_GLUED and j - i < len(segment)]
    return [word for word in out if is_common_word(word)]


def _cuts(segments: tuple[str, ...], leading: bool) -> set[int]:
    """Where in the joined body a piece may start (`leading`) or end: every segment edge, and inside a
    segment that is no English word, right after the one or two words that open it (before those that close
    it: 'ilove' of 'ilovetaylorswift', 'fan' of 'taylorswiftfan')."""
    cuts, at = set(), 0
    for segment in segments:
        cuts.add(at if leading else at + len(segment))
        if zipf(segment) < TAG_WORD_ZIPF:
            glued = (segment[:p] if leading else segment[p:] for p in range(1, len(segment)))
            cuts |= {at + p for p, piece in enumerate(glued, 1) if _one_or_two_words(piece)}
        at += len(segment)
    return cuts


def _one_or_two_words(piece: str) -> bool:
    """Whether a piece of a tag is one or two words glued to a name there (:func:`_tag_word`)."""
    if len(piece) > 2 * MAX_TAG_WORD:
        return False
    return _tag_word(piece) or any(
        _tag_word(piece[:m]) and _tag_word(piece[m:]) for m in range(1, len(piece))
    )


def _tag_word(piece: str) -> bool:
    """A word a tag writes around a name: a common word of three letters or more, or a short one people
    glue to names ('i', 'my', 'we', 'go')."""
    if len(piece) < 3:
        return piece in _SHORT_TAG_WORDS
    return len(piece) <= MAX_TAG_WORD and zipf(piece) >= TAG_WORD_ZIPF


def skeleton(word: str) -> str:
    """A name word's consonants without 'y', as :attr:`GameWord.skeleton` holds a vowelless word's; empty for
    a word without vowels (it reads as written)."""
    return word.translate(_SKELETON_DROP) if _VOWELS.search(word) else ""
