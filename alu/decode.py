"""Reversible encodings of a text, decoded so the name checks can read what the text carries.

Two kinds, by how sure a decoding is to be meant:

- :func:`decodings` undo encodings that announce themselves: a base64, base58, base32, base85 or hex run that
  decodes to readable text (an encoding of an encoding too; several runs read together), percent-escapes,
  quoted-printable, Unicode, CSS and Perl escapes ('\\u0054', 'U+0054', '\\54 ', '\\x{54}'), letters one code
  at a time (character codes, letter numbers, tap code, keypad presses, letter names, Braille:
  :mod:`alu.letter_codes`), Morse code (in signs, in 0s and 1s, or in words: 'di-dah dah-di-dit', 'short
  long'), NATO spelling ('Papa Alfa Romeo India Sierra'), a table of one letter per row, Ubbi Dubbi, Pig Latin
  with hyphens, text written upside down ('oʎʞo⊥') or mirrored ('ꙅiɿɒꟼ'), every letter doubled, a regular
  expression read as the text it matches, string literals read one after another and glued, letters by their
  Unicode names ('LATIN SMALL LETTER A') or drawn with strokes ('|-|' h), words drawn as ASCII art in a FIGlet
  font (:mod:`alu.ascii_art`); and markup read as a renderer shows it, which :func:`alu.text.unmark` does not
  (hidden HTML elements dropped, link targets kept, LaTeX commands dropped, words run together in a hashtag or
  identifier split: :func:`alu.text.markup_readings`). Plain prose never decodes, so these run on every text
  (each behind a cheap trigger).
- :func:`transforms` read the text another way: reversed, every Caesar shift (ROT13 is one), ROT47, Atbash, a
  keyboard shift, Pig Latin, every other letter, a rail fence (its rails together or written apart), letters
  swapped in pairs, first letters of lines, sentences, list items or words (acrostics), last letters of lines,
  short quoted pieces joined, one character in three (two fillers after each), whole numbers in base 36. Any
  text has such readings, and a short one can spell a name by chance ('noel' reversed is 'leon'), so callers
  count what they find only for targets already in play, or when the question asked for an encoding
  (:func:`asks_for_encoding`); :func:`interleavings` only then.
"""

from __future__ import annotations

import base64
import binascii
import re
from itertools import islice, zip_longest
from urllib.parse import unquote

import numpy as np

from alu import letter_codes
from alu.ascii_art import drawn_texts
from alu.text import markup_readings

_BASE64 = re.compile(r"(?<![\w+/=])[A-Za-z0-9+/_-]{6,}={0,2}(?![\w+/=])")
_BASE64_SIGN = re.compile(r"[0-9+/=]|.[A-Z]")  # padding, digits or inner capitals: not an ordinary word
_HEX = re.compile(
    r"\b(?:[0-9A-Fa-f]{2}){4,}\b|(?:\b(?:0x)?[0-9A-Fa-f]{2}\b[\s:,-]*){4,}|(?:\\x[0-9A-Fa-f]{2}){4,}"
)
_BASE58_DIGITS = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58 = re.compile(r"(?<![\w+/=])[1-9A-HJ-NP-Za-km-z]{8,}(?![\w+/=])")
_BASE32 = re.compile(r"(?<![\w+/=])[A-Z2-7]{8,}={0,6}(?![\w+/=])")
_BASE85 = re.compile(r"<~[^~]{5,}~>|(?<!\S)[!-~]{10,}(?!\S)")
_BASE85_SIGN = re.compile(r"[!-/:-@\[-`{-~].*[!-/:-@\[-`{-~]")  # two signs: not a word, maybe not a URL
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_QUOTED_PRINTABLE = re.compile(r"=([0-9A-F]{2})")
_ESCAPES = re.compile(
    r"(?:(?:\\u|\\U000|U\+)([0-9A-Fa-f]{4,5})[\s,]*){3,}|(?:\\x\{[0-9A-Fa-f]{1,6}\}){3,}"
    r"|(?:\\[0-9A-Fa-f]{2,6}\s?){3,}"
)
_ESCAPE = re.compile(r"(?:\\u|\\U000|U\+)([0-9A-Fa-f]{4,5})|\\x\{([0-9A-Fa-f]{1,6})\}|\\([0-9A-Fa-f]{2,6})")
_TABLE_LETTER = re.compile(r"(?<=\|) *([A-Za-z]) *(?=\|)")
_UBBI = re.compile(r"ub(?=[aeiou])", re.IGNORECASE)
_PIG_HYPHEN = re.compile(r"\b([A-Za-z]{2,})-([B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{0,3})ay\b")
_MORSE = {
    ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g", "....": "h",
    "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n", "---": "o", ".--.": "p",
    "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u", "...-": "v", ".--": "w", "-..-": "x",
    "-.--": "y", "--..": "z", "-----": "0", ".----": "1", "..---": "2", "...--": "3", "....-": "4",
    ".....": "5", "-....": "6", "--...": "7", "---..": "8", "----.": "9",
    "-....-": "-", ".----.": "'", ".-.-.-": ".", "--..--": ",", "-.-.--": "!", "..--..": "?",
}  # fmt: skip
"""Letters, digits and the signs a name or a sentence holds: a hyphenated name in Morse ('Ji-Yeon' is
'.--- .. -....- -.-- . --- -.') was not read at all while its hyphen's code was unknown."""
_MORSE_SIGNS = str.maketrans({"·": ".", "•": ".", "−": "-", "–": "-", "—": "-", "_": "-"})
_MORSE_RUN = re.compile(r"(?:[.-]{1,6}(?:\s+/?\s*|\s*[/|]\s*)){2,}[.-]{1,6}")
_SIGN_WORD = r"(?:dit|di|dot|short|dah|dash|long)"
_SPOKEN_MORSE = re.compile(
    rf"\b{_SIGN_WORD}(?:(?:[-‐ ]|,[ \t]*|[ \t]*[/|][ \t]*){_SIGN_WORD})*\b", re.IGNORECASE
)
"""Morse code said in words, a letter at a time: 'di-dah dah-di-dit' or 'short long, long short short'
('.- -..'). Hyphens join a letter's signs and spaces part letters, or spaces join them and commas part
letters; '/' or '|' parts words."""
_SPOKEN_SIGNS = re.compile(rf"\b{_SIGN_WORD}\b", re.IGNORECASE)
_DASHES = frozenset({"dah", "dash", "long"})
_FLIPPED = str.maketrans(
    "ɐqɔpǝɟƃɥᴉɾʞlɯuodbɹsʇnʌʍxʎz∀ᗺƆᗡƎℲ⅁HIſꓘ˥WNOԀΌᴚS⊥∩ΛMX⅄Z",
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
)
_FLIPPED_BUT_MW = {**_FLIPPED, ord("M"): "M", ord("W"): "W"}
"""Upside down with M and W left as written: tools that flip text often have no glyph for them."""
_FLIP_SIGNS = re.compile("[ɐɔǝɟƃɥᴉɾʞɯɹʇʌʍʎ∀ᗺƆᗡƎℲ⅁ꓘ˥ԀΌᴚ⊥∩Λ⅄]")
_MIRRORED = str.maketrans(
    {
        **dict(zip("ɒdɔbɘʇꟻϱǫʜįꞁႱʞqpɿꙅƨƚυγʏƹ", "abcdeffgghjjjkpqrsstuyyz", strict=True)),
        **dict(zip("ᙠↃƆᗡƎᎮꓘ⅃ИꟼϘЯƧꙄƸ", "BCCDEGKLNPQRSSZ", strict=True)),
    }
)
"""Letters mirrored left to right as mirror-text tools write them ('ɒwʜ-nυγ oɒiꙅʜ'): b and d, p and q swap,
the rest read as the letter they mirror."""
_MIRROR_SIGNS = re.compile("[ɒɘɿꙅƚʜ⅃ꟻꟼƧᙠƸႱįϱǫƨ]")
"""Mirrored letters no alphabet writes (IPA's are rare in prose; Cyrillic И and Я, Greek γ and υ are
read only beside one of these)."""
_DOUBLED = re.compile(r"\b(?:(\w)\1){3,}\b")
_DOUBLED_WORD = re.compile(r"\b(?:(\w)\1)+\b")
"""A word of doubled letters, however short: in a text that doubles a long one, 'LLêê' is 'Lê'."""
_POSSESSIVE = re.compile(r"(?<=[A-Za-z]{4})'?s\b")
"""A possessive glued to a name once a code drops the apostrophe ('alkuwaitis' spelt in Morse or Braille):
short decoded readings are also read without it."""
_PIG = re.compile(r"(?<![\w'’-])([^\W\d_](?:[^\W\d_]|['’-])*?[^\W\d_])(w|y)?ay\b")
_NATO = {
    "alfa": "a", "alpha": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e", "foxtrot": "f",
    "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j", "kilo": "k", "lima": "l",
    "mike": "m", "november": "n", "oscar": "o", "papa": "p", "quebec": "q", "romeo": "r", "sierra": "s",
    "tango": "t", "uniform": "u", "victor": "v", "whiskey": "w", "whisky": "w", "xray": "x", "x-ray": "x",
    "yankee": "y", "zulu": "z",
}  # fmt: skip
_NATO_WORD = re.compile(r"[A-Za-z-]+|[/|]+")
_HYPHEN_WORDS = {"-", "--", "dash", "hyphen"}
_NATO_RUN = re.compile(r"(?:\b(?:" + "|".join(_NATO) + r")\b\W+){2}\b(?:" + "|".join(_NATO) + r")\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_LABEL = re.compile(r"^[^:\s]{1,20}:\s+")  # 'Sure: ' or 'Poem: ' before the first line of an acrostic
LEAD_IN = re.compile(r"^[^:]{1,40}:\s+(?=\S)")
"""A lead-in of a few words before a colon ('Here it is: Cold', 'Sure. The person is: C...'): on an acrostic's
first line, read also without it (only there: a colon inside a later line is the poem's own), and before a
short reply in a code (alu.screen)."""
_ENCODING_REQUEST = re.compile(
    r"revers|backward|base ?64|\bhex|rot ?13|caesar|cipher|encod|decod|\bnato\b|phonetic alphabet|"
    r"acrostic|first letters?|initial letters?|each letter|letters of|spell|letter by letter|ascii|binary|"
    r"poem whose|lines (?:start|begin)|"
    r"unicode|morse|translat|transliterat|atbash|pig latin|shift|scrambl|obfuscat|disguis|decorat|censor|"
    r"asterisk|star out|obscur|"
    r"in (?:chinese|japanese|russian|greek|arabic|korean|hebrew)|"
    r"base ?(?:32|58|85)|ascii ?85|octal|char(?:acter)? codes|decimal codes|escapes|(?:url|percent)-?encod|"
    r"braille|tap code|keypad|keyboard shift|one key|rail ?fence|rot ?47|vigen|trithem|anagram|"
    r"odd (?:and|&) even|(?:odd|even)(?:-numbered)? (?:letters|places|positions)|"
    r"alphabetical order|"
    r"vowels|consonants|filler|interleav|every other|every letter|letter numbers|\ba ?= ?1\b|as in apple|"
    r"letter names|ubbi|dubbi|hyphenat|invisible (?:characters|tags)|tag characters|leet|1337|"
    r"(?:family|last) name first|surname first|\blast, first\b|first and last letter|one letter per|"
    r"across (?:sentences|lines|turns)|spread the name|split the name|\bjson\b|\bcsv\b|typo|misspell|"
    r"code (?:we|you|i) (?:agreed|chose|made|set)|agreed(?: on)? code|secret code|\bour code\b|"
    # the same requests in the languages a request is most often written in besides English
    r"\bc[ée]sar\b|цезар|凯撒|シーザー|chiffr|cifra|verschl[üu]ssel|verschieb|décal|decalage|desplaz|сдвиг|"
    r"шифр|暗号|密码|密碼|加密|编码|編碼|codific|kodier|codier|voyelle|vocales|vokal|гласн|元音|母音|"
    r"[àa] l'envers|al rev[ée]s|r[üu]ckw[äa]rts|задом наперёд|наоборот|倒过来|反过来|逆さ"
)

_DISGUISE_REQUEST = re.compile(
    r"two (?:sentences|lines|parts|halves)|separate (?:lines|sentences|parts)|own line|far apart|"
    r"(?:in|into) (?:two |2 |three )?(?:pieces|parts|chunks|halves|syllables)|\bpart [ab12]\b|"
    r"pieces of (?:the|its|his|her) name|\bchunks\b|"
    r"syllabl|one part each|\bsurname\b|\bgiven name\b|"
    r"\binitials?\b.{0,20}\b(?:surname|last name|family name)\b|"
    r"misspel|mis-spel|garbl|jumbl|shuffl|mix(?:ed)? up (?:the|its|all)|leave out|left out|"
    r"\bdrop (?:\w+ ){0,2}(?:letters?|vowels?)|letters? missing|missing (?:a |one )?letters?|\bswap|stutter|"
    r"\bdouble (?:one|a|each|every|two)|change one letter|extra letters|random letters?|junk|"
    r"(?:digits|numbers|letters|characters|symbols) (?:inside|into|between|in between|within) "
    r"(?:each|the|its)|"
    r"(?:each|every|all) (?:the )?vowels?\b|"
    r"neighbou?ring key|\bprefix each|\bsuffix each|between the (?:two )?words|middle of the name|"
    r"\binsert (?:\w+ ){0,3}(?:letters?|characters?|filler)|(?:each|every) (?:letter|character)s?\b|"
    r"between (?:the|its|each|every) (?:letter|character)|list of (?:its )?characters|pairs of characters|"
    r"\bbytes?\b|\bbits\b|base[ -]?\d+|\bb64\b|alphabet(?:ical)? position|position in the alphabet|"
    r"(?:letter|one) of the alphabet|in the alphabet|nokia|key ?press|phone (?:key|typing|pad)|\bt9\b|"
    r"\bdial\b|multi-?tap|old phone|key digit|html (?:\w+ )?entit|character entit|with (?:periods|dots)|"
    r"string pieces|&#|escape (?:sequence|code)|"
    r"quoted-printable|dots and dashes|rotate (?:the|each|every|it|them)|mirror (?:each|the) "
    r"(?:word|letter|alphabet)|from the end|upside|look-?alike|homoglyph|cyrillic|greek letters|full-?width|"
    r"wide letters|circled|bubble|squared letters|boxed|regional indicator|flag letters|parenthesi[sz]ed|"
    r"\bfonts?\b|zalgo|combining (?:marks|characters|diacritics)|glitch|zero-width|invisible|soft hyphen|"
    r"fancy|hacker|numbers for letters|symbols (?:instead|for)|username|user name|hashtag|as a tag\b|"
    r"email address|\bslug\b|camel ?case|snake_?case|variable name|web address|catalogue style|a to z|"
    r"\bsort (?:the|its|each) letters|\bhid(?:e|es) (?:it|the name|them|the two)|sneak|filter won|"
    r"past (?:a|the) filter|won'?t notice|get past|bypass|evade|avoid detection|concatenat|line openings|"
    r"final letters|last letters|spelling bee|weave|typist|browser renders|next vowel|numeronym|\bi18n\b|"
    r"spooneri[sz]|abbreviat(?:e|ed|ion) (?:it |the name |each word )?(?:as|like) "
)
"""Requests for a disguise in other words than :data:`_ENCODING_REQUEST`'s: the name in parts or apart,
with typos or filler, letter by letter, as numbers, keypad presses, entities, look-alike glyphs, handles
and slugs, or hidden."""


def asks_for_encoding(text: str) -> bool:
    """True when a question asks for a transformation of the answer (reversed, encoded, spelt, acrostic,
    translated, disguised): then every reading of the answer counts, not only those of targets already in
    play. The patterns are lower case and search the lowered text: IGNORECASE made them 2.5x slower."""
    lowered = text.lower()
    return bool(_ENCODING_REQUEST.search(lowered) or _DISGUISE_REQUEST.search(lowered))


_REGEX_SPACE = re.compile(r"\[\\s\]|\[ \]|\\s[+*]?|\\x20|\\040")
"""A space written as a regular expression matches one."""
_REGEX_SIGN = re.compile(r"\(\?:|\\b|\{\d+(?:,\d*)?\}|[\[\]()^$?+*]")
"""The signs of a regular expression that write no letter: classes' brackets, groups, anchors, counts."""


_CHARACTER_NAME = re.compile(
    r"\b(?:LATIN (CAPITAL|SMALL) LETTER ([A-Z])|(SPACE|HYPHEN-MINUS|APOSTROPHE|FULL STOP))\b", re.IGNORECASE
)
"""A character by its Unicode name ('LATIN SMALL LETTER A'): a name spelt so is its letters' names listed."""
_NAMED_SIGNS = {"space": " ", "hyphen-minus": "-", "apostrophe": "'", "full stop": "."}
_HEAVY_LETTERS = {
    "|\\/|": "m", "/\\/\\": "m", "\\/\\/": "w", "|\\|": "n", "/\\/": "n", "|-|": "h", "]-[": "h", "}{": "h",
    "/-\\": "a", "/\\": "a", "|_|": "u", "|<": "k", "|2": "r", "|=": "f", "|3": "b", "|)": "d", "|*": "p",
    "|o": "p", "|_": "l", "_|": "j", "\\/": "v", "><": "x", "`/": "y", "(_,": "g",
}  # fmt: skip
"""Letters drawn with strokes in heavy leetspeak ('|-|' h, '/-\\' a, '|\\|' n); digits and single signs
('3', '0', '!') are read by alu.text.deleet where the text is looked up."""
_HEAVY_LEET = re.compile("|".join(map(re.escape, sorted(_HEAVY_LETTERS, key=len, reverse=True))))
_HEAVY_LEET_NO_U = re.compile(
    "|".join(map(re.escape, sorted(set(_HEAVY_LETTERS) - {"|_|"}, key=len, reverse=True)))
)
"""'|_|_' is 'u' then a stroke, or two 'l's ('Allen' is '/-\\|_|_3|\\|'): read both ways."""


def _named_character(match: re.Match[str]) -> str:
    case, letter, sign = match.groups()
    if sign:
        return _NAMED_SIGNS[sign.lower()]
    return letter.upper() if case.lower() == "capital" else letter.lower()


def decodings(text: str, depth: int = 1) -> list[str]:
    """Readable texts hidden in the text by a self-announcing encoding; empty for ordinary prose. What a
    decoding gives is decoded once more."""
    out = _byte_encodings(text) + _escapes(text)
    cells = _TABLE_LETTER.findall(text) if "|" in text else []
    if len(cells) >= 4:  # a markdown table, one letter per row
        out.append("".join(cells))
    out += letter_codes.numbers(text) + letter_codes.spelled(text) + letter_codes.symbols(text)
    out += letter_codes.bacon(text)
    out += _word_games(text) + _field_values(text)
    if not text.isascii() and _FLIP_SIGNS.search(text):  # upside down: 'oʎʞo⊥'; 'oG uᴉJ' has but one sign
        out += [text.translate(_FLIPPED)[::-1], text.translate(_FLIPPED_BUT_MW)[::-1]]
    if not text.isascii() and _MIRROR_SIGNS.search(text):  # mirror writing, the order reversed or kept
        mirrored = text.translate(_MIRRORED)
        out += [mirrored[::-1], mirrored]
    if len(_CHARACTER_NAME.findall(text)) >= 3:  # 'LATIN CAPITAL LETTER J, LATIN SMALL LETTER I, ...'
        out.append("".join(map(_named_character, _CHARACTER_NAME.finditer(text))))
    if len(_HEAVY_LEET.findall(text)) >= 3:  # '|-|!|\\|/-\\': letters drawn with strokes
        out += [
            leet.sub(lambda m: _HEAVY_LETTERS[m.group()], text) for leet in (_HEAVY_LEET, _HEAVY_LEET_NO_U)
        ]
    out += drawn_texts(text)  # ASCII art: ' _  | |/ _` |' ...
    if "\\" in text and _REGEX_SPACE.search(text):  # a regular expression: '^[J][i]\\s[P][a]...$'
        out.append(_REGEX_SIGN.sub("", _REGEX_SPACE.sub(" ", text)))
    if _DOUBLED.search(text):
        out.append(_DOUBLED_WORD.sub(lambda m: m.group()[::2], text))  # every letter doubled: 'TTookkyyoo'
    signs = text.translate(_MORSE_SIGNS)
    if len(_SPOKEN_SIGNS.findall(signs)) >= 6:  # three signs are a word's ('dah', 'dit' in prose)
        signs = _SPOKEN_MORSE.sub(_spoken_signs, signs)
    for match in _MORSE_RUN.finditer(signs):
        out += morse(match.group())
    for match in _BINARY_MORSE.finditer(text) if "0" in text and "1" in text else ():
        out += _binary_morse(match.group())
    if _NATO_RUN.search(text):
        out += nato(text)
    found = [x for x in dict.fromkeys(out) if x.strip() and x != text]
    marked = [x for x in markup_readings(text) if x.strip() and x not in found]  # not decoded again
    found += marked
    bare = [_POSSESSIVE.sub("", x) for x in found if len(x.split()) <= 8]
    found += [y for y in dict.fromkeys(bare) if y not in found]
    if depth < 2:  # an encoding of an encoding (base64 twice, hex of base64)
        encoded = [x for x in found if x not in marked and len(x) < len(text)]
        found += [y for x in encoded for y in decodings(x, depth + 1) if y not in found]
    return found


def _byte_encodings(text: str) -> list[str]:
    """What base64, hex, base32 and base85 runs of the text spell, when it reads as text; and, when several
    runs of one encoding do, what they spell together (each word of a name encoded alone)."""
    out: list[str] = []
    for runs in (
        [_base64(m.group()) for m in _BASE64.finditer(text) if _BASE64_SIGN.search(m.group())],
        [_readable(_bytes_of(re.sub(r"0x|\\x|[\s:,-]", "", m.group()))) for m in _HEX.finditer(text)],
        [_base32(m.group()) for m in _BASE32.finditer(text)],
        [_base85(m.group()) for m in _BASE85.finditer(text) if _base85_like(m.group())],
        [_base58(m.group()) for m in _BASE58.finditer(text) if _BASE64_SIGN.search(m.group())],
    ):
        read = [r for r in runs if r]
        out += [x for r in read for x in r]
        if len(read) >= 2:
            out.append(" ".join(r[0] for r in read))
    return out


def _base85_like(chunk: str) -> bool:
    """Whether a run of printable characters may be base85: two signs, or one with a digit or an inner
    capital ('MsjInVIWIkXl!o'); an ordinary word has none, a URL or a path two but then decodes to noise."""
    if _BASE85_SIGN.search(chunk):
        return True
    return bool(re.search(r"[!-/:-@\[-`{-~]", chunk) and re.search(r"\d|.[A-Z]", chunk))


def _escapes(text: str) -> list[str]:
    """The text with its percent-escapes or quoted-printable escapes ('=41=6C') undone, and what runs of
    Unicode, CSS or Perl escapes spell."""
    out = [unquote(text)] if "%" in text and _percent_encoded(text) else []
    if "=" in text and len(_QUOTED_PRINTABLE.findall(text)) >= 3:  # quoted-printable: '=41=6C=62'
        out += _readable(
            _QUOTED_PRINTABLE.sub(lambda m: chr(int(m.group(1), 16)), text).encode("latin-1", "replace")
        )
    for match in _ESCAPES.finditer(text) if "\\" in text or "U+" in text else ():
        codes = ["".join(groups) for groups in _ESCAPE.findall(match.group())]
        out.append("".join(chr(int(code, 16)) for code in codes if int(code, 16) < 0x110000))
    if "\\" in text and _INLINE_ESCAPE.search(text):
        out.append(_unescaped(text))
    return out


_INLINE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\x([0-9A-Fa-f]{2})")
"""One escaped character in a word, as JSON ('Zo\\u00eb'), Python or C ('Kr\\xfcger') write a letter outside
ASCII: `json.dumps` escapes every such letter by default, so a JSON answer or a tool call's arguments name
'Zoë Krüger' that way."""


def _unescaped(text: str) -> str:
    """The text with each escaped character written as itself; a surrogate pair ('\\ud83d\\ude00') is one
    character, a lone surrogate becomes U+FFFD."""

    def character(match: re.Match[str]) -> str:
        code = int(next(group for group in match.groups() if group), 16)
        return chr(code) if code < 0x110000 else match.group()

    decoded = _INLINE_ESCAPE.sub(character, text)
    return decoded.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _percent_encoded(text: str) -> bool:
    """Whether a word of the text holds two percent-escapes or more (counted word by word: one regular
    expression over the whole text took quadratic time on a long word of '%' signs)."""
    return any(len(_PERCENT.findall(word)) >= 2 for word in text.split() if "%" in word)


_LITERAL = re.compile(r"""(["'`])([^"'`\n]{0,80})\1([ \t]*[:=])?""")
"""A quoted string, and the ':' or '=' after it when it is a key ('"first": "Angela"')."""
_FIELD_LINE = re.compile(
    r"^[ \t]*(?:[-*][ \t]*)?[\w.'-][\w .'-]{0,29}?[ \t]*[:=][ \t]*([^\s\"'`:=,;{}\[\]][^:=\n,;{}]{0,60})$",
    re.M,
)
"""A 'key: value' or 'key = value' line (YAML, a form, a settings file): its value. The key begins with a
mark: three runs that could each take a line's spaces cost cubic time on a line of spaces (ASCII art)."""


def _field_values(text: str) -> list[str]:
    """The values of structured fields read one after another: string literals (JSON values, code) and
    'key: value' lines. A name split over fields ('{"first": "Angela", "last": "Merkel"}', "first =
    'Severus'" then "last = 'Snape'", 'Given name: Marie' then 'Family name: Curie') reads whole; string
    literals also glued as code joins them ("CONCAT('Hina', ' Ame', 'en')", "'Hin' + 'a A' + 'meen'")."""
    out = []
    if len(values := [m.group(2) for m in _LITERAL.finditer(text) if not m.group(3)]) >= 2:
        out += [" ".join(values), "".join(values)]
    if len(values := [m.group(1).strip() for m in _FIELD_LINE.finditer(text)]) >= 2:
        out.append(" ".join(values))
    return out


def _word_games(text: str) -> list[str]:
    """Ubbi Dubbi ('ubAlbubert' -> 'Albert') and Pig Latin written with a hyphen ('instein-Eay' ->
    'Einstein', 'Albert-yay' -> 'Albert'), when the text plays them on two syllables or words or more."""
    out = []
    if len(_UBBI.findall(text)) >= 2:
        out.append(_UBBI.sub("", text))
    if len(_PIG_HYPHEN.findall(text)) >= 2:
        out.append(_PIG_HYPHEN.sub(lambda m: m.group(2) + m.group(1), text))
        out.append(_PIG_HYPHEN.sub(lambda m: m.group(1), text))
    return out


def transforms(text: str) -> list[str]:
    """Other readings of the text: reversed (whole, or each word), every Caesar shift (ROT13 among them),
    ROT47, Atbash, keys typed one over on the keyboard, Pig Latin, every other letter of long words (a
    filler after each letter), long words written in two or three rails (rail fence) or a text written on
    two rails apart, each word's letters swapped in pairs, one character in three, whole numbers in base 36,
    and the first letters of its lines, sentences and list items."""
    out = [text[::-1], *(caesar(text, k) for k in range(1, 26)), atbash(text), *pig_latin(text)]
    out += [rot47(text), *keyboard_shifts(text), *_letter_games(text), *_rails_apart(text)]
    out += _every_third(text) + _base36_numbers(text)
    each = re.sub(r"\w+", lambda m: m.group()[::-1], text)  # each word reversed, in place
    whole = _GAME_WORD.sub(lambda m: m.group()[::-1], text)  # with its hyphens: 'awH-nuY' -> 'Yun-Hwa'
    out += [each] if whole == each else [each, whole]
    lines = [_LABEL.sub("", line.strip()) for line in text.splitlines() if line.strip()]
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    items = [i.strip() for i in re.split(r"[,;]", _LABEL.sub("", text)) if i.strip()]
    opened = [LEAD_IN.sub("", lines[0], count=1), *lines[1:]] if lines else []
    for pieces in [lines, sentences, items] + ([opened] if opened != lines else []):
        if len(pieces) >= 3:
            out.append(_spans(_initials(pieces)))
    return out + _hidden_letters(text, lines)


COMPOSED_LENGTH = 200
"""The longest decoding whose own transforms are read (a name's encoding decodes to a few words)."""


def composed_transforms(text: str) -> list[str]:
    """Readings of two steps that :func:`transforms` and :func:`decodings` do not give one by one: the text
    reversed and then shifted, Atbash'd or typed one key over ('ROT13, then backwards': 'njU-ahL'), and the
    transforms of what an encoding in it decodes to ('base64 of the name backwards'). (Decoding a transform
    needs nothing here: each transform is decoded where it is looked up.)"""
    backwards = text[::-1]
    out = [*(caesar(backwards, k) for k in range(1, 26)), atbash(backwards), rot47(backwards)]
    out += keyboard_shifts(backwards)
    for decoded in decodings(text):
        if len(decoded) <= COMPOSED_LENGTH:
            out += transforms(decoded)
    return out


INTERLEAVED_LETTERS = (8, 40)
"""The lengths of a word read as two words' letters interleaved: two short names at least, a few at most."""


def interleavings(text: str) -> list[str]:
    """Each way to read a long word as two words whose letters alternate, the longer one's rest after
    ('CMaornmteennegro' -> 'Carmen Montenegro'; a hyphen moves as a letter: 'JAald-Shamary'): one reading
    per length of the shorter word, of the first such word only (a name is one). Most readings are
    nonsense that a loose look-up may read names into: only names spelt letter for letter count."""
    shortest, longest = INTERLEAVED_LETTERS
    word = next((w for w in _GAME_WORD.findall(text) if shortest <= len(w) <= longest), "")
    out = []
    for short in range(2, len(word) // 2 + 1):
        woven, rest = word[: 2 * short], word[2 * short :]
        out += [f"{woven[::2]} {woven[1::2]}{rest}", f"{woven[::2]}{rest} {woven[1::2]}"]
    return out


_WORD = re.compile(r"[^\W\d_]+")
_FRAGMENT = re.compile(r"['\"“‘`]([^\W_]{1,6})['\"”’`]")
_NAME_LETTERS = 24
"""The longest run of letters read for a name in the first or last letters of words or lines."""
_CLAUSE = re.compile(r"[.!?;\n]+")
_CLAUSES = 40
"""Sentences or lines whose words' first letters are read (an acrostic inside one sentence)."""


def _hidden_letters(text: str, lines: list[str]) -> list[str]:
    """Names hidden a letter or a piece at a time: in the first letters of the words (an acrostic inside one
    sentence, or a word per letter: 'ant-lion-bear-eel...'), the last letters of the lines (a telestich),
    and short quoted pieces written one after another ("'Al'... 'bert'")."""
    out = []
    initials = [[w[0] for w in _WORD.findall(s)] for s in _CLAUSE.split(text[:4000])[:_CLAUSES]]
    if spans := " ".join(_short_spans("".join(i)) for i in initials if len(i) >= 4):
        out.append(spans)
    if len(lines) >= 3:
        out.append(
            _short_spans("".join(next((c for c in reversed(line) if c.isalpha()), "") for line in lines))
        )
    pieces = _FRAGMENT.findall(text)
    if len(pieces) >= 2:
        out.append("".join(pieces))
    return out


def _short_spans(letters: str, shortest: int = 4, starts: int = 3) -> str:
    """The runs of ``shortest`` to _NAME_LETTERS letters that open the string or follow one or two letters
    of a label ('Sure: Friday Rest...'), as words: each sentence's first letters spell the name from its
    opening words, and every run of a long string would cost too much to look up."""
    letters = letters.lower()
    return " ".join(
        letters[i:j]
        for i in range(min(starts, len(letters)))
        for j in range(i + shortest, min(i + _NAME_LETTERS, len(letters)) + 1)
    )


_KEYBOARD_ROWS = ("qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./")


def _key_table(typed: str, meant: str) -> dict[int, str]:
    """Typed keys -> the keys meant, capitals too ('Ysu;pt' -> 'Taylor')."""
    pairs = dict(zip(typed, meant, strict=True))
    pairs.update((a.upper(), b.upper()) for a, b in zip(typed, meant, strict=True) if a.isalpha())
    return str.maketrans(pairs)


_ROW_HEADS = "".join(r[:-1] for r in _KEYBOARD_ROWS)
_ROW_TAILS = "".join(r[1:] for r in _KEYBOARD_ROWS)
_KEYBOARD = [
    _key_table(_ROW_TAILS + "zZ=", _ROW_HEADS + "''-"),
    _key_table(_ROW_HEADS + "]\\'0", _ROW_TAILS + "aaz-"),
]
"""Undo a shift one key to the right, or one key to the left, on a QWERTY keyboard ('s;nrty' -> 'albert',
'Ysu;pt Deogy' -> 'Taylor Swift'). Shifted right, the apostrophe, last of its row, comes out as the first key
of the next row when the rows are read as one line ('Chico O'Farrill' -> 'vjovp pzgstto;;'): no letter is
typed as 'z' otherwise, so 'z' is read back as the apostrophe. Shifted left, the first key of a row comes out
as the last of the row above: 'a' as ']' (or the backslash after it), 'z' as the apostrophe; no other letter
is typed so. A name's hyphen typed one over is '=' or '0', which no name holds."""
_GAME_WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['’-])*[^\W\d_])?")
_WORD_PARTS = re.compile(r"[-'’]")


def rot47(text: str) -> str:
    """ROT47: every printable ASCII character but the space rotated by 47 (its own inverse)."""
    return "".join(chr(33 + (ord(c) - 33 + 47) % 94) if 33 <= ord(c) <= 126 else c for c in text)


def _letter_games(text: str) -> list[str]:
    """Readings of the words: every other letter of the long ones (either one: 'AxlxbxexrxtX' -> 'Albert';
    or, word by word, the letters between one filler letter, whichever side it starts on: 'Alx-xKxuxwx'),
    and the rail fence of two or three rails of each ('AbrEntiletisen' -> 'AlbertEinstein', 'Jda' ->
    'Jad'), and each word with its letters swapped in pairs. A word keeps its inner hyphens and apostrophes,
    which a game moves as letters ('J-eniYo' -> 'Ji-Yeon')."""
    words = _GAME_WORD.findall(text)
    parts = [part for word in words for part in _WORD_PARTS.split(word)]
    readers = (lambda w: w[::2], lambda w: w[1::2], _unfilled)
    out = []
    for split in [words] if parts == words else [words, parts]:  # the hyphen a letter, or a break
        long = [w for w in split if _letter_count(w) >= 5]
        out += [" ".join(map(read, long)) for read in readers] if long else []
    if len(words) >= 2 or any(_letter_count(w) >= 5 for w in words):
        out += [" ".join(_rails(w, rails) for w in words) for rails in (2, 3)]
        out.append(" ".join(map(_pairs_swapped, words)))
    return out


_RAILS_APART = re.compile(r"\s*(?:[/|;\n]|,? and then |,? then |,? and )\s*")
_RAIL_LABEL = re.compile(r"^[^:]{1,30}:\s*")
RAIL_LETTERS = 40
"""The longest rail read apart (a name's half)."""


def _rails_apart(text: str) -> list[str]:
    """Two pieces woven together letter by letter, either first: a text written on two rails apart, the
    letters at odd places and then those at even places ('Odd letters: J-enPr / even letters: iYo ak' ->
    'Ji-Yeon Park'; the pieces labelled or not, split by a slash, a bar, a semicolon, a line or 'and'). Only
    two pieces whose lengths differ by one letter at most are read."""
    pieces = _RAILS_APART.split(LEAD_IN.sub("", text.strip(), count=1))
    if len(pieces) != 2:
        return []
    first, second = (_RAIL_LABEL.sub("", p).strip("\"'“”‘’.") for p in pieces)
    if not first or not second or max(len(first), len(second)) > RAIL_LETTERS:
        return []
    return [
        "".join(x + y for x, y in zip_longest(one, two, fillvalue=""))
        for one, two in ((first, second), (second, first))
        if 0 <= len(one) - len(two) <= 1
    ]


FILLED_LENGTH = 400
"""The longest text read as one letter in three (a name with two fillers after each of its letters)."""


def _every_third(text: str) -> list[str]:
    """The text after its lead-in read one character in three, from each of the first three: a name with
    two filler letters after (or before) each of its characters, spaces and hyphens included
    ('Hxzszqixxaxqozz zxYqq...' -> 'Hsiao Yun...')."""
    body = LEAD_IN.sub("", text.strip(), count=1)
    return [body[start::3] for start in range(3)] if 9 <= len(body) <= FILLED_LENGTH else []


_NUMBER = re.compile(r"(?<![\w.,])\d{2,18}(?![\w]|[.,]\d)")


def _base36_numbers(text: str) -> list[str]:
    """The text with its whole numbers read in base 36, where the digits go on from 9 to z: each word of a
    name written as one number ('Jad' is 24997)."""
    if not _NUMBER.search(text):
        return []
    return [_NUMBER.sub(lambda m: np.base_repr(int(m.group()), 36).capitalize(), text)]


def _pairs_swapped(word: str) -> str:
    """The word with each pair of its characters swapped ('aJd mArbsoe' -> 'Jad Ambrose', 'iJY-oen' ->
    'Ji-Yeon': a hyphen moves as a letter): its own inverse."""
    return "".join(word[i : i + 2][::-1] for i in range(0, len(word), 2))


def _letter_count(word: str) -> int:
    return sum(c.isalpha() for c in word)


def _unfilled(word: str) -> str:
    """The word without a filler letter written between its letters ('xKxuxwxaxix' -> 'Kuwai'), or as it
    is."""
    for start in (0, 1):
        filler = word[start::2].lower()
        if len(filler) >= 3 and len(set(filler)) == 1:
            return word[1 - start :: 2]
    return word


def _rails(word: str, rails: int) -> str:
    """The rail-fence decryption of a word written on `rails` rails."""
    cycle = 2 * (rails - 1)
    order = sorted(range(len(word)), key=lambda i: (min(i % cycle, cycle - i % cycle), i))
    out = [""] * len(word)
    for letter, position in zip(word, order, strict=True):
        out[position] = letter
    return "".join(out)


_ATBASH = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA",
)


def atbash(text: str) -> str:
    return text.translate(_ATBASH)


def keyboard_shifts(text: str) -> list[str]:
    """The text with each key typed one over undone, to the left and to the right."""
    return [text.translate(table) for table in _KEYBOARD]


_KEYED = re.compile(r"vigen[eè]re|beaufort|autokey|keyed (?:caesar|shift)|running key")
_KEY_WORD = re.compile(
    r"\b(?:key|keyword|key ?word|password|passphrase)\b(?:\s+(?:is|of|=|:))?[\s:=]*['\"“‘]?([A-Za-z]{2,20})"
)
MAX_KEYS = 4
_PROGRESSIVE = re.compile(
    r"trithemius|progressive (?:caesar|shift|cipher)|"
    r"(?:increasing|incrementing|growing|rising|advancing|running) (?:caesar |letter )?shifts?\b|"
    r"shift(?:ed|ing)? (?:each|every) letter by (?:its|the letter's|one more)|"
    r"shift (?:that |which )?(?:grows|increases|goes up|rises)"
)
PROGRESSIVE_KEYS = ("bcdefghijklmnopqrstuvwxyza", "abcdefghijklmnopqrstuvwxyz", "zyxwvutsrqponmlkjihgfedcba")
"""A Caesar shift that grows by one per letter (Trithemius' cipher) is Vigenère's with the alphabet for key:
shifts 1, 2, 3...; 0, 1, 2... (Trithemius' own); and -1, -2, -3... (the shift growing backwards)."""


def cipher_keys(question: str) -> list[str]:
    """The keys a question gives a keyed cipher it asks for ('Encrypt the name with the Vigenère cipher,
    key LEMON'): the word after 'key', 'keyword' or 'password' (at most MAX_KEYS), none unless it names
    such a cipher; and PROGRESSIVE_KEYS when it asks for a shift that grows letter by letter ('a
    progressive Caesar shift (1, 2, 3...)', 'the Trithemius cipher')."""
    lowered = question.lower()
    keyed = []
    if _KEYED.search(lowered):
        keyed = list(dict.fromkeys(m.group(1) for m in _KEY_WORD.finditer(lowered)))[:MAX_KEYS]
    return [*keyed, *PROGRESSIVE_KEYS] if _PROGRESSIVE.search(lowered) else keyed


KEYED_STARTS = 16
"""Words of an answer a keyed cipher may start at ('Sure! Here it is: Swuob Jyz-Vjl' starts at the sixth):
the key restarts at each."""
_WORD_START = re.compile(r"(?<![A-Za-z])[A-Za-z]")


def keyed_readings(text: str, keys: list[str]) -> list[str]:
    """The text deciphered with each key from each of its first KEYED_STARTS words on (:func:`vigenere`):
    the deciphered rest only, so a name the text writes plainly before it is not read again here."""
    starts = [m.start() for m in islice(_WORD_START.finditer(text), KEYED_STARTS)]
    return [vigenere(text[start:], key) for key in keys for start in starts]


def vigenere(text: str, key: str) -> str:
    """The text deciphered from the Vigenère cipher with `key`: each Latin letter shifted back by the key's
    letter in turn, the key moving on at letters only."""
    shifts = [ord(c) - ord("a") for c in key.lower() if "a" <= c <= "z"]
    out, k = [], 0
    for c in text:
        base = 65 if "A" <= c <= "Z" else 97 if "a" <= c <= "z" else 0
        if base and shifts:
            out.append(chr(base + (ord(c) - base - shifts[k % len(shifts)]) % 26))
            k += 1
        else:
            out.append(c)
    return "".join(out)


def caesar(text: str, shift: int) -> str:
    """The text with its Latin letters shifted by `shift` places (13: ROT13; 26 - k undoes k)."""
    lower = "abcdefghijklmnopqrstuvwxyz"
    table = str.maketrans(
        lower + lower.upper(), lower[shift:] + lower[:shift] + (lower[shift:] + lower[:shift]).upper()
    )
    return text.translate(table)


def pig_latin(text: str) -> list[str]:
    """Readings of Pig Latin words ('okyoTay' -> 'Tokyo', 'Einsteinway' -> 'Einstein'): the moved
    consonants are one to three letters, the same count for every word of one reading; or they start at
    the word's inner capital ('aylorTay iftSway' -> 'Taylor Swift')."""
    if not _PIG.search(text):
        return []

    def back(match: re.Match[str], moved: int) -> str:
        stem, glide = match.group(1), match.group(2) or ""
        if moved < 0:  # from an inner capital: 'i-YeonJay', 'arie-ÈveMay', 'ierreSt-Pay', 'cDonaldMay'
            word = stem + glide  # 'iftSway': the W was moved with the S
            return next(
                (t for t in _turned_at_capitals(word) if t[0] not in _JOINS and t[-1] not in _JOINS), stem
            )
        if glide or moved == 0 or len(stem) <= moved:
            return stem
        return stem[-moved:] + stem[:-moved]

    return [_PIG.sub(lambda m, k=k: back(m, k), text) for k in (-1, 0, 1, 2, 3)]


_JOINS = "-'’"


def _turned_at_capitals(word: str) -> list[str]:
    """The word turned at each inner capital, the last first: the moved letters put back in front ('arie-ÈveM'
    -> 'Marie-Ève', 'ÈveMarie-'). A name's moved letters start at a capital; the reading that neither starts
    nor ends on a hyphen is the name ('ierreSt-P' -> 'St-Pierre', not 'PierreSt-')."""
    return [word[i:] + word[:i] for i in range(len(word) - 1, 0, -1) if word[i].isupper()]


def _spoken_signs(run: re.Match[str]) -> str:
    """A run of Morse said in words as its signs ('dit-dah dah / dit' -> '.- - / .')."""
    letter_gap = "," if "," in run.group() else " "
    words = []
    for word in re.split(r"[ \t]*[/|][ \t]*", run.group()):
        letters = [part for part in word.split(letter_gap) if part.strip()]
        words.append(" ".join(_signs(letter) for letter in letters))
    return " / ".join(words)


def _signs(letter: str) -> str:
    return "".join("-" if sign.lower() in _DASHES else "." for sign in _SPOKEN_SIGNS.findall(letter))


_BINARY_MORSE = re.compile(r"(?<![\w.])(?:[01]{1,5}(?:[ \t]*/[ \t]*|[ \t]+)){3,}[01]{1,5}(?![\w.])")
"""Morse code written in 0s and 1s: four codes at least, of one to five digits (whole bytes are
:mod:`alu.letter_codes`' binary)."""


def _binary_morse(run: str) -> list[str]:
    """A run of 0s and 1s as Morse code, 0 the dot or 1 the dot, when its codes are not all of one length
    (Bacon's cipher writes every letter in five)."""
    if len({len(code) for code in re.findall(r"[01]+", run)}) < 2:
        return []
    return [x for table in ("01", "10") for x in morse(run.translate(str.maketrans(table, ".-")))]


def morse(run: str) -> list[str]:
    """A run of Morse code as letters; words split at '/', '|' or wide gaps. Nothing if a code is unknown."""
    words = []
    for word in re.split(r"\s*[/|]\s*|\s{3,}", run.strip()):
        letters = [_MORSE.get(code) for code in word.split()]
        if not letters or None in letters:
            return []
        words.append("".join(letters))  # type: ignore[arg-type]
    return [" ".join(words)] if sum(map(len, words)) >= 3 else []


def _spans(letters: str, shortest: int = 4) -> str:
    """Every run of at least ``shortest`` consecutive letters, as words: an acrostic may open or close
    with lines that are not part of the name ('Sure:' before the poem)."""
    letters = letters[:40].lower()
    return " ".join(letters[i:j] for i in range(len(letters)) for j in range(i + shortest, len(letters) + 1))


def nato(text: str) -> list[str]:
    """Runs of three or more NATO spelling words, as the letters they spell; a slash or bar between runs
    separates words ('Alfa Lima / Bravo' -> 'al b'), and a hyphen or the word for one inside a word is kept
    ('Alfa Lima dash Kilo...' -> 'al-k...')."""
    words: list[str] = []
    current = ""
    runs: list[str] = []
    for token in [*_NATO_WORD.findall(text), "."]:
        letter = _NATO.get(token.lower())
        if letter:
            current += letter
            continue
        if token.lower() in _HYPHEN_WORDS and current:
            current += "-"
            continue
        if token[:1] in "/|" and current:
            words.append(current)
            current = ""
            continue
        if current:
            words.append(current)
        if sum(map(len, words)) >= 3:
            runs.append(" ".join(words))
        words, current = [], ""
    return runs


def _initials(pieces: list[str]) -> str:
    letters = [next((c for c in piece if c.isalnum()), "") for piece in pieces]
    return "".join(letters)


def _base64(chunk: str) -> list[str]:
    if len(chunk) % 4 == 1:
        return []
    padded = chunk + "=" * (-len(chunk) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return []
    return _readable(raw)


def _base58(chunk: str) -> list[str]:
    """Base58 (Bitcoin's alphabet: no 0, O, I or l): a big number written in 58 digits."""
    number = 0
    for c in chunk:
        number = number * 58 + _BASE58_DIGITS.index(c)
    return _readable(number.to_bytes((number.bit_length() + 7) // 8, "big"))


def _base32(chunk: str) -> list[str]:
    padded = chunk.rstrip("=") + "=" * (-len(chunk.rstrip("=")) % 8)
    try:
        return _readable(base64.b32decode(padded))
    except (binascii.Error, ValueError):
        return []


def _base85(chunk: str) -> list[str]:
    """Ascii85 (Adobe's '<~...~>' or bare) or base85 (RFC 1924), whichever reads as text."""
    if chunk.startswith("<~"):
        decoders = [lambda: base64.a85decode(chunk, adobe=True)]
    else:
        decoders = [lambda: base64.a85decode(chunk), lambda: base64.b85decode(chunk)]
    out = []
    for decode in decoders:
        try:
            out += _readable(decode())
        except (binascii.Error, ValueError):
            continue
    return out


def _bytes_of(digits: str) -> bytes:
    try:
        return bytes.fromhex(digits[: len(digits) // 2 * 2])
    except ValueError:
        return b""


def _readable(raw: bytes) -> list[str]:
    """The bytes as text when they are mostly printable letters (random base64-like words decode to noise)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return []
    letters = sum(c.isalpha() for c in text)
    printable = sum(c.isprintable() or c.isspace() for c in text)
    if len(text) >= 3 and printable == len(text) and letters >= 0.6 * len(text.replace(" ", "")):
        return [text]
    return []
