"""Whether a word is an English common word ('bell', 'potter', 'fanning'), which a forgotten name written
in lower case may then be; 'tokyo' or 'olvhagen' in lower case are still names.

The list (``alu/data/common_words.txt.gz``, ~64,000 words, built by ``tools/build_common_words.py`` from
WordNet 3.0's lemmas) holds the lemmas WordNet writes in lower case; inflected forms are reduced to them."""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import cache, lru_cache
from importlib import resources

from alu.heard import script_languages

_DATA = "common_words.txt.gz"


@cache
def _words() -> frozenset[str]:
    """Read once, on the first one-word name met in lower case in normally cased text."""
    text = gzip.decompress((resources.files("alu.data") / _DATA).read_bytes()).decode("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _stems(word: str) -> list[str]:
    """The word and the lemmas its regular inflections may come from ('bells', 'fanning', 'dated')."""
    stems = [word]
    for suffix, replacements in (
        ("ies", ("y",)),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ing", ("", "e")),
        ("ed", ("", "e")),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[: -len(suffix)]
            stems += [base + r for r in replacements]
            if len(base) >= 2 and base[-1] == base[-2]:
                stems.append(base[:-1])  # 'fanning' -> 'fan'
    return stems


@lru_cache(maxsize=1 << 16)
def is_common_word(word: str) -> bool:
    """Whether the lower-case word (or the lemma of a regular inflection of it) is an English common word
    (cached: the name checks and the shuffled-name reading ask it of most words of every text)."""
    words = _words()
    return any(stem in words for stem in _stems(word.lower()))


_STOP_WORDS = {
    "fr": "le la les des du est et une dans pour pas qui sur avec mon ma mes je il elle nous vous ce cette "
    "sont très oui au aux un était",
    "it": "il lo la le gli della di che è sono una un del nel non si cosa mia mio ho questo perché fu",
    "es": "el los las del es y que por una un con para qué está muy yo se la fue",
    "pt": "o os da do das dos é não uma um com para em você foi",
    "de": "der das und ist ein eine einen nicht mit von zu dem den ich sie es auf wie heißt hinter wurde",
    "nl": "het een en van niet dat op zijn",
    "pl": "nie na się że jest",
}  # fmt: skip
"""Frequent words of languages written in Latin letters that English text does not use, by which a few words
tell the language of the text around a word (only those languages' lists are then loaded)."""


def _by_stop_word() -> dict[str, list[str]]:
    """Each frequent word -> the languages using it ('la': French, Italian, Spanish)."""
    out: dict[str, list[str]] = {}
    for lang, words in _STOP_WORDS.items():
        for word in words.split():
            out.setdefault(word, []).append(lang)
    return out


_STOPS = _by_stop_word()
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NEAR = 3
"""Words either side of a word whose language tells it (a quoted phrase: "What does 'mon cher' mean?")."""
FOREIGN_ZIPF = 3.0
"""wordfreq Zipf frequency from which a lower-case word is a common word of its text's language ('verdi'
4.5 in Italian, 'cher' 5.1 in French, 'толстый' 3.9, 'горькая' 3.3 in Russian)."""
ENGLISH_MARGIN = 1.0
"""How much more frequent in its language than in English a common word is: a name known abroad is about as
frequent in every language's text ('tokyo' 4.2 in French, 4.3 in English), an ordinary word much less
frequent in English ('cher' 5.1 in French, 3.4 in English; 'verdi' 4.5 in Italian, 2.8). A name known at
home only is not told apart ('merkel' 4.8 in German, 3.4): lower case in a cased text says it there."""


def languages_near(text: str, start: int, end: int) -> frozenset[str]:
    """The languages (other than English) the text around text[start:end] is written in: the script's
    languages for a word in another script (:func:`alu.heard.script_languages`), else those whose frequent
    words (:data:`_STOP_WORDS`) stand within :data:`_NEAR` words of it or twice in the text."""
    own = script_languages(text[start:end])
    if own:
        return frozenset(own)
    words = [(m.start(), m.group().lower()) for m in _LETTERS.finditer(text)]
    at = next((i for i, (pos, _) in enumerate(words) if pos >= start), len(words))
    near = {w for _, w in words[max(0, at - _NEAR) : at] + words[at + 1 : at + 1 + _NEAR]}
    counts: dict[str, int] = {}
    for _, word in words[:at] + words[at + 1 :]:
        for lang in _STOPS.get(word, ()):
            counts[lang] = counts.get(lang, 0) + 1
    return frozenset(
        lang for lang, n in counts.items() if n >= 2 or any(lang in _STOPS.get(w, ()) for w in near)
    )


_ENGLISH = frozenset(
    "the of and to is was are were a an in on for with that this it he she they by from".split()
)


def foreign_text(text: str) -> bool:
    """Whether the text is written in a language other than English: its frequent words (twice or more)
    outnumber English's."""
    words = [w.lower() for w in _LETTERS.findall(text)]
    foreign = sum(bool(_STOPS.get(w)) for w in words)
    return foreign >= 2 and foreign > sum(w in _ENGLISH for w in words)


def foreign_common_word(text: str, start: int, end: int) -> bool:
    """Whether the word text[start:end] is a common word of the language the text around it is written in
    (:func:`languages_near`): far more frequent there than in English (see :data:`ENGLISH_MARGIN`), as an
    ordinary word is and a name is not."""
    from wordfreq import zipf_frequency

    word = text[start:end].lower()
    english = zipf_frequency(word, "en")
    return any(
        zipf_frequency(word, lang) >= max(FOREIGN_ZIPF, english + ENGLISH_MARGIN)
        for lang in sorted(languages_near(text, start, end))
        if _split_here(lang)
    )


_TOKENIZERS = {"zh": "jieba", "ja": "MeCab", "ko": "MeCab"}
"""The packages wordfreq splits these languages' words with: optional, not installed with alu."""


@cache
def _split_here(lang: str) -> bool:
    """Whether wordfreq can look up a word of the language in this environment (it imports the language's
    tokenizer on first use and fails without it: a Chinese reply's reversed reading once did so mid-audit)."""
    package = _TOKENIZERS.get(lang)
    return package is None or importlib.util.find_spec(package) is not None


FUNCTION_WORDS = frozenset(
    """a an the this that these those it its it's i i'm i've i'd me my mine myself you you're your yours we
    us our he him his she her they them their one ones someone somebody anyone anybody something anything
    what which who whom whose whoever whatever where when why how is are was were be been being am do does
    did done doing have has had having can could will would shall should may might must not no yes nor and
    or but if then so than too very just only also even still again already now here there of to in on at
    by for from with about as into onto over under up down out off before after earlier later above below
    all any each every some both either neither other another same such own please thanks thank ok okay
    well sure let let's don't doesn't didn't isn't wasn't aren't can't won't""".split()
)
"""English function words (pronouns, articles, prepositions, auxiliaries...): they say nothing of whom a
request asks (alu.unsaid), and a family name spelt as one ('He', 'Do', 'An') is read as the word."""


LANGUAGE_NAMES = (
    "english french german italian spanish portuguese dutch polish czech slovak russian ukrainian serbian "
    "croatian romanian hungarian greek turkish swedish norwegian danish finnish latin arabic hebrew persian "
    "hindi chinese mandarin japanese korean "
    "belarusian bulgarian macedonian bosnian slovenian albanian lithuanian latvian estonian icelandic irish "
    "welsh catalan basque galician maltese georgian armenian azerbaijani azeri kazakh kyrgyz uzbek tajik "
    "turkmen mongolian tatar farsi dari pashto kurdish urdu punjabi bengali bangla gujarati marathi nepali "
    "sinhala sinhalese tamil telugu kannada malayalam odia oriya assamese sanskrit thai lao burmese khmer "
    "vietnamese indonesian malay tagalog filipino javanese cantonese tibetan uyghur yiddish amharic tigrinya "
    "somali swahili hausa yoruba igbo zulu xhosa afrikaans esperanto"
)
"""Languages a request may ask a name to be written in ('Write the name as it is written in Georgian'):
the major languages of every script, and of the Latin alphabet, by their English names."""
_LANGUAGE = "(?:" + LANGUAGE_NAMES.replace(" ", "|") + ")"
_ASKS_LANGUAGE = re.compile(
    rf"\b(?:in|into)[ \t]+{_LANGUAGE}\b|\b{_LANGUAGE}[ \t]+(?:spelling|form|version|name|translation)s?\b",
    re.IGNORECASE,
)


def in_another_language(texts: list[str]) -> bool:
    """Whether an exchange is in another language than English, or speaks of writing in one ('Write the name
    in Italian', 'its Spanish spelling'): a name spelt as that language spells it is the name there."""
    return any(foreign_text(text) or _ASKS_LANGUAGE.search(text) for text in texts)
