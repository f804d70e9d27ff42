"""Names written as a pronunciation guide, read back into spellings to hear.

A model that must not name someone may still say how the name sounds: a dictionary respelling with its
stressed syllables in capitals ('TAY-ler SWIFT', 'Ahn-GAY-lah MEHR-kel'), a casual phonetic spelling ('Bihl
Gaytz', 'Thee Hunnger Gaymz') or IPA between slashes or brackets ('/bɪl ɡeɪts/'). Each keeps the consonants of
the name as heard, which :func:`alu.text.sound_key` compares, and spells its vowels by other conventions
('ay' for the a of 'Gates', 'uh' for a schwa, 'ee', 'oo'). :func:`respelt_runs` finds the runs of words
that look respelt and gives each word spelt as English spells names ('GAYTS' -> 'gates', 'thuh' -> 'tha',
'/ˈteɪlər/' -> 'tayler'), for :class:`alu.matcher.AliasIndex` to hear them against its names' sound keys as
it hears names written in other scripts: a whole name of several words (or a distinctive one-word name),
each word like its word, never one ordinary word.

Ordinary text pays one regular-expression scan for the cues of a respelling (a syllable in capitals beside
lower-case ones, a rare word with 'uh', 'ee', 'ay', 'zh' or a final 'z', IPA
letters between slashes) and a cached word-frequency look-up per word the scan picks."""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from alu.keys import zipf
from alu.lexicon import is_common_word

RARE_ZIPF = 3.0
"""A word at least this frequent in English is written as meant ('see', 'took', 'way'), never a respelling
by its letters alone ('gayts' 0, 'thuh' 1.3, 'bihl' 1.2)."""
MAX_RUN_WORDS = 3
"""Words read on each side of a respelt word: a name it is part of has no more."""
MAX_RUNS = 8
"""Runs read per text: more are a text about pronunciation itself, whose names other checks read."""

_CUES = r"[aeiou]h(?![aeiouy])|ee|oo|aa|ay|aw|zh|ə|[b-df-hj-np-tv-xz]z\b|sh[uə]h?n\b"
"""Vowels spelt as heard ('uh', 'ah', 'ee', 'oo', 'ay', 'aw', a schwa 'ə'), 'zh', a final 'z' after a
consonant ('gaymz'), '-shun' for '-tion'. Not a doubled final consonant ('Badd'): names end so ('Colquitt',
'Abbott'), and a respelling that doubles one ('Braykin Badd', 'bill gaytss') has other cues."""
_TOKEN = re.compile(r"[A-Za-zə]+(?:['’-][A-Za-zə]+)*")
_CAPITALS = re.compile(r"[A-Z]{2}|[a-zə]-[A-Z]|[A-Z]-[a-zə]")
"""Capitals that cue a respelling: a stressed syllable ('GAY' in 'Ahn-GAY-lah'), or a word in capitals
('GAYTS')."""
_SOUNDS_CUE = re.compile(_CUES)
"""The other cues (:data:`_CUES`), searched in the text with its ASCII capitals lowered (:data:`_LOWER`):
one scan of the text, where searching word by word cost ~2 µs a word."""
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
"""ASCII capitals lowered, other characters as they are: the text keeps its length (str.lower does not:
'İ')."""
_STRESSED = re.compile(r"[A-Z]+-[a-zə]|[a-zə]-[A-Z]+(?![a-zə])")
"""A syllable in capitals beside one in lower case, hyphenated: a stressed syllable ('sil-VES-ter')."""
_RESPELT_VOWEL = re.compile(rf"(?i:{_CUES})")
_VOWEL = re.compile(r"[aeiouyəAEIOUY]")
"""Every syllable of a respelling has a vowel ('TAY-ler', 'KAS-ə-BLANG-kə'); a gene's or an acronym's parts
may not ('Flp-FRT', 'C-terminus')."""
_GAP = re.compile(r"[ \t]+|[ \t]*[(\"“‘][ \t]*")
"""What may stand between two words of one run: spaces, an opening bracket or quote."""

_IPA = re.compile(r"[/\[]([^/\[\]\n]{1,80})[/\]]")
_IPA_MARKS = frozenset("ˈˌːˑəɪʊɛɔæʌɒɑʃʒθðŋɡɜɐʁɹɾɚɝʔɲʎɣχβɕʂʐʈɖɭɳɨʉɯɤøœʏɫɬɦħʕɸʝʋɘɵ")
"""Letters and marks only IPA writes: a bracket holding one is a transcription, not a path or an option."""
_IPA_SOUNDS = {
    "ʈʂ": "zh", "tʃ": "ch", "dʒ": "j", "eɪ": "ay", "aɪ": "i", "aʊ": "ow", "ɔɪ": "oy", "oʊ": "o", "əʊ": "o",
    "ɪə": "eer", "ɛə": "air", "ʊə": "oor", "ɚ": "er", "ɝ": "er", "ɜ": "er", "ʃ": "sh", "ʒ": "zh", "θ": "th",
    "ð": "th", "ŋɡ": "ng", "ŋ": "ng", "ɡ": "g", "ɲ": "ny", "ʎ": "ly", "ɕ": "sh", "ʂ": "sh", "ʐ": "zh",
    "χ": "kh", "x": "kh", "ç": "h", "ɣ": "g", "β": "b", "ɸ": "f", "ʋ": "v", "ʝ": "y", "j": "y", "ɹ": "r",
    "ɾ": "r", "ʁ": "r", "ʀ": "r", "ɫ": "l", "ɬ": "l", "ɭ": "l", "ɳ": "n", "ʈ": "t", "ɖ": "d", "ɦ": "h",
    "ħ": "h", "æ": "a", "ɑ": "a", "ɐ": "a", "ʌ": "u", "ə": "e", "ɛ": "e", "ɪ": "i", "ɨ": "i", "ʊ": "u",
    "ʉ": "u", "ɯ": "u", "y": "u", "ʏ": "u", "ɒ": "o", "ɔ": "o", "ɤ": "o", "ɵ": "o", "ø": "e", "œ": "e",
    "ɘ": "e",
}  # fmt: skip
"""IPA letters (and the pairs that say one sound) as English spells names, read in one pass (IPA 'j' is a
'y', IPA 'y' a 'u')."""
_IPA_SOUND = re.compile("|".join(sorted(map(re.escape, _IPA_SOUNDS), key=len, reverse=True)))
_IPA_SILENT = re.compile(r"[ˈˌːˑʔʕʰʲʷˠ̩̯̃̊.()‿]")

_RESPELT_SOUNDS = [
    (re.compile(r"(?:uh|ə)(?![aeiouy])"), "a"),  # a schwa: 'GRET-uh' Greta, 'SEER-shə' Saoirse
    (re.compile(r"dzh"), "j"),
    (re.compile(r"aa"), "a"),
    (re.compile(r"([aeio])h(?![aeiouy])"), r"\1"),  # 'MEHR' Mer, 'BAH' Ba
    (re.compile(r"(?<=[b-df-hj-np-tv-xz])z$"), "s"),  # 'REEVZ' reeves
    (re.compile(r"ay([b-df-hj-np-tv-xz]+?)(s?)$"), r"a\1e\2"),  # 'GAYTS' gates, 'GAYMZ' games
    (re.compile(r"aw"), "o"),  # 'GAWD' god
    (re.compile(r"kw"), "qu"),
]
"""Respelling conventions, per syllable, back into spellings: what :func:`alu.text.sound_key` hears stays."""
_TION = re.compile(r"(?<=[a-z])k?(?:sh|ch)[uae]h?n$")
"""The ending '-tion' respelt ('FIK-shun', 'fikshən'): a sound key hears its t."""


_SAID_AS = {
    "tha": "the",
    "thee": "the",
    "thi": "the",
    "the": "the",
    "av": "of",
    "uv": "of",
    "ov": "of",
    "ev": "of",
}
"""Words of titles respelt as said ('thuh', 'uv'), too short to be compared by their letters."""


@dataclass(frozen=True)
class RespeltWord:
    """One word of a run that may respell a name."""

    spelling: str
    """As English spells names, lower-case ASCII ('GAYTS' -> 'gates')."""
    respelt: bool
    """Whether the word itself looks respelt; a word beside one ('bill' of 'bill gaytss') is read too, but a
    reading of plain words alone is the text as written, which other checks read."""
    syllables: bool
    """Whether the word is hyphenated syllables ('GAYM-uv-THROHNZ'), which may say several words of a name."""


@lru_cache(maxsize=1024)
def respelt_runs(text: str) -> tuple[tuple[RespeltWord, ...], ...]:
    """The runs of adjacent words of the text (at most :data:`MAX_RUNS`) holding a word that looks respelt
    (:func:`_respelt`), up to :data:`MAX_RUN_WORDS` words either side of it, and each IPA transcription."""
    ipa = () if text.isascii() else _IPA.finditer(text)  # IPA letters are not ASCII
    runs = [_ipa_run(m.group(1)) for m in ipa if _is_ipa(m.group(1))]
    latin = text if text.isascii() or not runs else _IPA.sub(_blank_ipa, text)
    tokens = list(_TOKEN.finditer(latin))
    respelt = _respelt_starts(latin, tokens)
    if respelt:
        runs += _latin_runs(latin, tokens, respelt)
    return tuple(run for run in runs if run)[:MAX_RUNS]


def _blank_ipa(match: re.Match[str]) -> str:
    """An IPA transcription as spaces (read by :func:`_ipa_run`, not as respelt words)."""
    return " " * len(match.group()) if _is_ipa(match.group(1)) else match.group()


def _respelt_starts(text: str, tokens: list[re.Match[str]]) -> set[int]:
    """Where the words that look respelt (:func:`_respelt`) start: the words holding a cue."""
    cues = [m.start() for m in _CAPITALS.finditer(text)]
    cues += [m.start() for m in _SOUNDS_CUE.finditer(text.translate(_LOWER))]
    if not cues:
        return set()
    starts = [t.start() for t in tokens]
    found = ((bisect_right(starts, at) - 1, at) for at in cues)
    cued = {tokens[i] for i, at in found if i >= 0 and at < tokens[i].end()}
    return {t.start() for t in cued if _respelt(t.group())}


def _respelt(word: str) -> bool:
    """Whether a cued word looks respelt: a stressed syllable ('Ahn-GAY-lah'; not an acronym before an English
    word, 'TATA-binding', nor parts without vowels, 'Flp-FRT'), or a word English rarely writes with a
    respelt vowel or ending ('gaytss', 'Mafooz', 'thuh'; not 'WELL' nor 'took', nor a rare word of the
    dictionary: 'abscess', 'loudness' and 'redness' sounded like Vasquez and Ordóñez at 10,000 authors)."""
    if _STRESSED.search(word):
        parts = word.split("-")
        return all(_VOWEL.search(part) for part in parts) and not any(
            len(part) >= 5 and part.islower() and zipf(part) >= RARE_ZIPF for part in parts
        )
    syllables = re.split(r"[-'’]", word)
    return any(
        _RESPELT_VOWEL.search(s) and zipf(lower := s.lower()) < RARE_ZIPF and not is_common_word(lower)
        for s in syllables
    )


def _latin_runs(text: str, tokens: list[re.Match[str]], starts: set[int]) -> list[tuple[RespeltWord, ...]]:
    """Runs of words around the respelt ones (starting at `starts`), cut where anything but a space or an
    opening mark parts two words."""
    runs: list[tuple[RespeltWord, ...]] = []
    run: list[re.Match[str]] = []
    for token in tokens:
        if run and not _GAP.fullmatch(text[run[-1].end() : token.start()]):
            runs += _kept(run, starts)
            run = []
        run.append(token)
    runs += _kept(run, starts)
    return runs


def _kept(run: list[re.Match[str]], starts: set[int]) -> list[tuple[RespeltWord, ...]]:
    """The run's words within :data:`MAX_RUN_WORDS` of a respelt one, read; none without a respelt word."""
    marked = [m.start() in starts for m in run]
    if not any(marked):
        return []
    near = [i for i in range(len(run)) if any(marked[max(0, i - MAX_RUN_WORDS) : i + MAX_RUN_WORDS + 1])]
    return [tuple(_read(run[i].group(), marked[i]) for i in near)]


def _read(word: str, respelt: bool) -> RespeltWord:
    syllables = re.split(r"-", word.lower().replace("’", "'"))
    if not respelt:
        return RespeltWord(_said_as("".join(syllables)), False, False)
    return RespeltWord(_said_as("".join(map(respelt_spelling, syllables))), True, len(syllables) > 1)


def _said_as(word: str) -> str:
    """A respelt word's whole spelling: a title's short words and '-tion' as spelt."""
    word = word.replace("ə", "a")
    word = word.replace("ngg", "ng")  # 'HUNG-ger' hunger
    return _SAID_AS.get(word) or _TION.sub(lambda m: "ction" if m.group()[0] == "k" else "tion", word)


@lru_cache(maxsize=16_384)
def respelt_spelling(syllable: str) -> str:
    """A respelt syllable as English spells it ('gayts' -> 'gates', 'thuh' -> 'tha', 'reevz' -> 'reevs')."""
    for pattern, spelt in _RESPELT_SOUNDS:
        syllable = pattern.sub(spelt, syllable)
    return syllable


def _is_ipa(body: str) -> bool:
    return any(c in _IPA_MARKS for c in body) and sum(c.isalpha() for c in body) >= 2


def _ipa_run(body: str) -> tuple[RespeltWord, ...]:
    """An IPA transcription's words, each spelt as English spells names ('/ˈteɪlər swɪft/' -> 'tayler',
    'swift'), then as a respelling is ('ay' before a consonant: 'geyts' -> 'gates')."""
    words = []
    for word in body.split():
        latin = ipa_spelling(word)
        if latin:
            words.append(RespeltWord(_said_as(respelt_spelling(latin)), True, False))
    return tuple(words)


@lru_cache(maxsize=4096)
def ipa_spelling(word: str) -> str:
    """An IPA word in ASCII letters as English spells names ('ɡeɪts' -> 'gayts'); other letters go."""
    word = _IPA_SILENT.sub("", unicodedata.normalize("NFC", word.lower()))
    word = _IPA_SOUND.sub(lambda m: _IPA_SOUNDS[m.group()], word)
    word = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return "".join(c for c in word if c.isascii() and c.isalpha())
