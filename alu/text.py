"""Text normalisation for matching, and fencing of untrusted text inside prompts."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from anyascii import anyascii

# Common character substitutions used to dodge filters (leetspeak), extended with the symbols that stand for
# letters in it ('Par!s', '€instein', 'Be||').
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l",
     "€": "e", "£": "l", "¡": "i", "+": "t", "(": "c", "¢": "c", "§": "s", "ø": "o", "8": "b", "9": "g"}
)  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def unaccented(text: str) -> str:
    """The text with its accents stripped, its case kept: 'Lützen' -> 'Lutzen'."""
    if text.isascii():  # nothing to decompose (the common case, and ten times faster)
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Émile' -> 'emile'."""
    return unaccented(text).casefold()


_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth"
_ORDINAL_TEENS += " nineteenth"
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()
_TENS_PREFIX = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINAL_WORDS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_ORDINAL_UNITS)},
    **{w: i + 10 for i, w in enumerate(_ORDINAL_TEENS.split())},
    **{w: (i + 2) * 10 for i, w in enumerate(_ORDINAL_TENS)},
    **{
        f"{t} {u}": (i + 2) * 10 + j + 1
        for i, t in enumerate(_TENS_PREFIX)
        for j, u in enumerate(_ORDINAL_UNITS)
    },
}
"""Ordinals in words, 'first' to 'ninety ninth' (a compound written with a space here; texts may hyphenate
it): the rank of an office ('the forty fourth president') and a letter's place ('the sixth letter')."""


def normalize(text: str) -> str:
    """Case, accents and punctuation folded away; words separated by single spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).replace("_", " ").split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def transliterate(text: str) -> str:
    """Text with letters of other scripts (Cyrillic, Greek, Arabic, CJK...) written in Latin letters;
    Latin-script text comes back unchanged (its accents are folded by :func:`normalize`)."""
    if all(c.isascii() or not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text):
        return text
    return anyascii(text)


# Spelling differences a transliteration round trip introduces (Ameen -> Амин -> Amin, Abilov -> Αμπιλοβ ->
# Ampilov), longest first; both the name and the text are reduced to this key before comparing.
_PHONETIC = [
    ("shch", "s"), ("dzh", "j"), ("tz", "j"), ("zh", "j"), ("kh", "h"), ("ch", "h"), ("sh", "s"), ("th", "t"),
    ("ph", "f"), ("oy", "u"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ck", "k"), ("gk", "g"), ("mp", "b"),
    ("nt", "d"), ("ts", "s"), ("ks", "x"), ("c", "k"), ("q", "k"), ("w", "v"), ("y", "i"), ("z", "s"),
]  # fmt: skip
_DOUBLE = re.compile(r"(\w)\1+")


def phonetic(text: str) -> str:
    """A coarse phonetic key of normalised Latin text: 'Basil Mahfouz Al-Kuwaiti' and its Cyrillic or
    Greek spelling transliterated back ('Mpasil Machfoyz Al-Koyvaiti') both give 'basil mahfus al kuvaiti'."""
    return " ".join(_phonetic_word(word) for word in normalize(text).split())


@lru_cache(maxsize=65_536)
def _phonetic_word(word: str) -> str:
    """Names share their words (given names, family names), so indexing many targets asks for the same
    words again and again."""
    for src, dst in _PHONETIC:
        word = word.replace(src, dst)
    return _DOUBLE.sub(r"\1", word)


_PLACEHOLDER_WORDS = (
    r"name|names|mask|masked|person|author|writer|subject|entity|target|redacted|blank|someone"
)
_TAG_NAME = rf"[A-Z]{{3,}}(?:[_ ][A-Z0-9]+)*|(?i:{_PLACEHOLDER_WORDS})"
_PLACEHOLDER = re.compile(rf"(?:\[(?:{_TAG_NAME})\]|<(?:{_TAG_NAME})>|\{{(?:{_TAG_NAME})\}})(?!\w)")
_LETTER = re.compile(r"(?<![\w'’.-])[A-Z](?![\w’-]|'(?!s\b)|\.\s*\w)")
_FORMULA = re.compile(r"[=;{}\[\]<>\\$^_|]")
_SLOT = re.compile(
    r"(?:^|[.?!:;,(\"“]\s*|\b(?i:was|is|were|are|did|does|do|has|had|have|will|would|can|could|of|by|about|for|to"
    r"|with|from|and|or|that|than|as|on|at|in|whom|who|where|when|how|why|what|which|whose|tell|describe)\s+)$"
)
"""Where a lone letter stands for someone: opening a sentence or after a function word ('Where was X born?',
'the works of X'), not after a noun ('country X', 'good Z') or a name ('Malcolm X')."""
_SLOT_REACH = 12
"""Characters before a letter's whitespace that a slot reads: a mark, or its longest word ('describe')."""


def unplaceholder(text: str) -> str:
    """The text with placeholders that stand for someone ('[NAME]', '<MASK>', '{person}', a lone 'X' as in
    'Where was X born?') written as 'someone', as an entity's own texts are embedded with its names masked
    (alu.occurrence.mask_names): 'Where was [NAME] born?' asks what 'Where was someone born?' asks, though its
    vector leans on the word 'name'. A lone letter counts only when it is the text's one letter other than
    'A' and 'I', the text holds no formula or code (:data:`_FORMULA`), and the letter stands where a name
    would at least once (:data:`_SLOT`): 'X and Y are random variables', 'GDP = C + I + G + X' and 'Let X
    be a finite set' keep theirs."""
    out = _PLACEHOLDER.sub("someone", text) if ("[" in text or "<" in text or "{" in text) else text
    letters = [m for m in _LETTER.finditer(out) if m.group() not in "AI"]
    if len({m.group() for m in letters}) != 1 or letters[0].group() not in "XYZ" or _FORMULA.search(out):
        return out
    if not any(_in_slot(out, m.start()) for m in letters):
        return out
    for m in reversed(letters):
        out = out[: m.start()] + "someone" + out[m.end() :]
    return out


def _in_slot(text: str, start: int) -> bool:
    """Whether the letter at text[start:] stands in a :data:`_SLOT`, read from the few characters that can
    hold one (its whitespace and a mark or a word before it): a long text costs no more per letter."""
    space = start
    while space > 0 and text[space - 1].isspace():
        space -= 1
    return _SLOT.search(text, max(0, space - _SLOT_REACH), start) is not None


MONTHS = {
    m: k + 1
    for k, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
"""English month names with their numbers."""
YEAR_DIGITS = r"(1\d{3}|20\d{2})"
"""A year's four digits (1000-2099)."""
_MONTH = "(" + "|".join(MONTHS) + ")"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{YEAR_DIGITS}(?!\d)", re.IGNORECASE)
"""A full date in words, month first ('November 14, 1961'): groups month, day, year."""
DAY_FIRST = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{YEAR_DIGITS}(?!\d)", re.IGNORECASE)
"""A full date in words, day first ('3rd of May 1970'): groups day, month, year."""
DIGIT_DATE = re.compile(
    rf"(?<![\d/.-])(?:\d{{1,2}}/\d{{1,2}}/{YEAR_DIGITS}|{YEAR_DIGITS}-\d{{2}}-\d{{2}})(?![\d/-])"
)
"""A full date in digits as a key writes it: '11/26/1972' (either order of month and day), '1972-11-26'."""
DATE_DIGITS = re.compile(rf"(?<![\d/.])(\d{{1,2}})[/.-](\d{{1,2}})[/.-]{YEAR_DIGITS}(?!\d)")
"""A full date in digits read for its parts ('07/15/1964', '15.07.1964'): groups first, second, year."""

NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""Words after a family name that are not it ('A. B. Guthrie Jr.')."""

TITLES_OF_ADDRESS = frozenset(
    """mr mrs ms miss dr prof professor sir dame lady lord mister madam frau herr fraulein madame monsieur mme
    mlle mademoiselle senor senora senorita signor signora""".split()
)
"""Words before a given name that are not part of it ('Sir Richard Starkey', 'Dr. Ruth Westheimer', 'Frau
Merkel', 'Madame Curie')."""


ABBREVIATIONS = tuple(
    (
        "Mr Mrs Ms Dr Prof Sr Jr St Mt Ft Gen Col Capt Lt Sgt Rev Hon Gov Sen Rep Pres Fr Mme Mlle Messrs "
        "No Nos Vol Fig Co Corp Inc Ltd Bros Ave Rd approx ca cf vs etc e.g i.e al"
    ).split()
)
"""Words written with a full stop inside a sentence ('Dr. Ruth', 'vs. Mars', 'Smith et al. found'), as they
are written: titles and most abbreviations capitalised, the Latin ones and 'vs' in lower case."""
ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[A-Za-z]|[A-Za-z]\.[A-Za-z]|" + "|".join(map(re.escape, ABBREVIATIONS)) + r")\.$"
)
"""A period that ends an initial ('J. K. Rowling', 'U.S.') or an abbreviation (:data:`ABBREVIATIONS`), not
a sentence: the next word is still the same sentence's."""


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at text[start:] opens a sentence (or the text): nothing but space before it, or
    sentence punctuation, a colon, a new line or an opening quote or bracket; not the period of an
    abbreviation ('Dr. Watson') or of an initial after a name ('J. K. Rowling', 'George W. Bush'). Only the
    characters back to the word before are read, so a long text costs no more per word."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return True
    abbreviated = text[end - 1] == "." and ABBREVIATION.search(text, max(0, end - 12), end)
    if abbreviated and not _lone_letter(text, end - 1):
        return False
    return text[end - 1] in '.!?:;\n"“('


@lru_cache(maxsize=1024)
def as_a_word(form: str) -> re.Pattern[str]:
    """A one-word form as a whole word, in any case (the text to search unaccented first)."""
    return re.compile(rf"(?<![^\W\d_]){re.escape(form)}(?![^\W\d_])", re.IGNORECASE)


_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """The text's sentences (the empty ones left out): split after sentence punctuation and at line breaks,
    not after the period of an abbreviation or an initial, where the sentence goes on ('born to a
    psychiatrist father, Dr. Leonardo Moretti', 'J. K. Rowling wrote it': see :func:`opens_sentence`)."""
    pieces, start = [], 0
    for gap in _SENTENCE_GAP.finditer(text):
        if "\n" in gap.group() or opens_sentence(text, gap.end()):
            pieces.append(text[start : gap.start()])
            start = gap.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def _lone_letter(text: str, period: int) -> bool:
    """Whether the letter before the period at text[period] ends a sentence: after a word in lower case or
    alone on its line ('vitamin C.', an option's 'B.'), not after a name or an initial."""
    line = text.rfind("\n", 0, period) + 1
    word = _word_start(text, period, line)
    if len(text[word:period].lstrip("(")) != 1:
        return False
    gap = word
    while gap > line and text[gap - 1].isspace():
        gap -= 1
    return gap == line or not text[_word_start(text, gap, line)].isupper()


def _word_start(text: str, end: int, line: int) -> int:
    """Where the run of non-space characters ending at `end` starts, not before `line`."""
    while end > line and not text[end - 1].isspace():
        end -= 1
    return end


_MATH = re.compile(
    r"(?<![^\s(\[{:])\$\$|\\[A-Za-z]{2,}"
    r"|(?<![^\s(\[{:,;])\$(?:\s*\w\s*|[^$\n]*[=+^_{}\\][^$\n]*)\$(?![^\W\d_])"
)
"""LaTeX in a text: display math (opened by '$$' where a word may start: 'Gro$$m@n' is leetspeak), a command
('\\frac'), or inline math holding one symbol or an operator ('$x$', '$2x+3=5$') set apart from words
('Ch@r|€$ A$hby' is leetspeak)."""


def deleet(text: str) -> str:
    """Undo common digit/symbol substitutions ('Sn4p3' -> 'snape'); only used for matching. In text that
    writes LaTeX, '$' delimits maths and is no letter ('$x$:$$' read 'sxs ss', the alias XSS)."""
    if "$" in text and _MATH.search(text):
        text = text.replace("$", " ")
    return fold(text).translate(_LEET)


ONE = str.maketrans("il", "11")
"""'1' stands for 'i' in leetspeak, and for 'l' too ('N1k014 7e51a' is Nikola Tesla): a name and a de-leeted
text are both read with 'i' and 'l' as '1' to compare them (see alu.matcher.index_keys)."""


def deleet_ones(text: str) -> str:
    """:func:`deleet` with every '1', 'i' and 'l' read as '1'."""
    return deleet(text.replace("1", "l")).translate(ONE)


def shared_words(text: str, source: str, n: int) -> str:
    """The first run of ``n`` words (normalised) that ``text`` repeats from ``source``; '' when none."""
    if n <= 0:
        return ""
    src = normalize(source).split()
    grams = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    words = normalize(text).split()
    return next(
        (" ".join(words[i : i + n]) for i in range(len(words) - n + 1) if tuple(words[i : i + n]) in grams),
        "",
    )


WINDOW_WORDS = 96
"""Words per similarity window: about 130 MiniLM tokens, half of the 256 the embedder reads, so a short
question padded with filler still fills most of some window."""


def windows(text: str, size: int = WINDOW_WORDS) -> list[str]:
    """Overlapping windows of a long text (half a window apart), the text itself when it is short: what is
    judged is never truncated to what the embedder reads, and a short passage is not drowned in filler."""
    words = text.split()
    if len(words) <= size * 4 // 3:
        return [text]
    step = size // 2
    starts = range(0, max(1, len(words) - size + step), step)
    return [" ".join(words[i : i + size]) for i in starts]


_FENCE = "<<<{tag}>>>\n{body}\n<<</{tag}>>>"
_MARKER = re.compile(r"<{2,}\s*/?\s*[A-Za-z_ -]*\s*>{2,}")


def fence(tag: str, body: str) -> str:
    """Wrap untrusted text in markers the text itself cannot forge.

    Any marker-like sequence inside the body is defused first, so a query cannot close the fence early and
    speak to the judge as if it were part of the instructions."""
    clean = _MARKER.sub("[marker removed]", body).replace("<<<", "< < <").replace(">>>", "> > >")
    return _FENCE.format(tag=tag.upper(), body=clean)


# -- undoing disguises: markup, invisible characters, look-alike letters, glued words ---------------------

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_LINK = re.compile(r"\[([^\]]{0,200})\]\([^)\s]{0,500}\)")
_BIDI_OVERRIDE = re.compile("\u202e([^\u202c\n]*)\u202c?")
_SPLIT_GLUE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def unmark(text: str) -> str:
    """Text as a reader sees it: HTML comments and tags removed (a tag inside a word joins its halves:
    'Ein<b>stein'), entities decoded ('&#80;aris'), markdown links reduced to their text, right-to-left
    overrides applied (U+202E shows the following letters reversed) and invisible format characters (zero
    width spaces and joiners, bidi marks, soft hyphens) dropped. Symbols glued to words ('Einstein™') and
    emphasis markers ('**Ein**stein') are left to :func:`normalize`, which makes them word breaks."""
    if "<" in text:
        text = _TAG.sub("", _COMMENT.sub("", text))
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if text.isascii():
        return text
    text = _BIDI_OVERRIDE.sub(lambda m: m.group(1)[::-1], text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def split_digits(text: str) -> str:
    """Letters glued to digits split apart ('Paris2024' -> 'Paris 2024'); a separate reading from the
    de-leeted one, where digits are letters ('S3verus')."""
    return _SPLIT_GLUE.sub(" ", text)


# -- readings of markup: what a renderer hides, where a link goes, LaTeX, words run together ----------------

_HIDDEN_SIGN = re.compile(
    r"hidden|display|visibility|font-size|opacity|transparent|sr-only|d-none|invisible|<(?:template|script|style)",
    re.IGNORECASE,
)
_OPEN_TAG = re.compile(r"<([A-Za-z][\w-]{0,30})(\s[^<>]{0,500})?>")
_ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|(?<![\w-])color\s*:\s*transparent"
    r"|(?:font-size|opacity)\s*:\s*(?=\.?0)0*\.?0*(?:px|em|rem|pt|%)?\s*(?:!important\s*)?(?:;|$)",
    re.IGNORECASE,
)
_HIDING_CLASSES = frozenset({"hidden", "d-none", "invisible", "sr-only", "visually-hidden"})
_HIDING_ELEMENTS = frozenset({"template", "script", "style"})


def drop_hidden(text: str) -> str:
    """The text without the HTML elements a browser does not show (and their content): a `hidden`
    attribute, a style of display:none, visibility:hidden, font-size:0, opacity:0 or a transparent colour,
    a hiding class ('sr-only', 'd-none'), <template>, <script> and <style>. :func:`unmark` keeps their text,
    which glues onto a name written around them ('Ta<span hidden>qz</span>ylor' reads 'Taqzylor')."""
    if "<" not in text or not _HIDDEN_SIGN.search(text):
        return text
    out: list[str] = []
    pos = 0
    while match := _OPEN_TAG.search(text, pos):
        if _hides(match):
            out.append(text[pos : match.start()])
            pos = _element_end(text, match)
        else:
            out.append(text[pos : match.end()])
            pos = match.end()
    return "".join(out) + text[pos:]


def _hides(tag: re.Match[str]) -> bool:
    """Whether an opening tag hides its element (see :func:`drop_hidden`)."""
    if tag.group(1).lower() in _HIDING_ELEMENTS:
        return True
    for name, value in _ATTRIBUTE.findall(tag.group(2) or ""):
        name, value = name.lower(), value.strip("\"'")
        if name == "hidden" and value.lower() != "false":
            return True
        if name == "style" and _HIDING_STYLE.search(value):
            return True
        if name == "class" and _HIDING_CLASSES.intersection(value.lower().split()):
            return True
    return False


def _element_end(text: str, tag: re.Match[str]) -> int:
    """Where the element an opening tag starts ends: after its matching closing tag (elements of the same
    name nest), or after the tag itself when it is never closed or closes itself."""
    if (tag.group(2) or "").rstrip().endswith("/"):
        return tag.end()
    depth = 1
    for other in re.finditer(
        rf"<(/?){re.escape(tag.group(1))}(?=[\s/>])[^<>]{{0,500}}>", text[tag.end() :], re.I
    ):
        depth += -1 if other.group(1) else 1
        if depth == 0:
            return tag.end() + other.end()
    return tag.end()


_MARKDOWN_LINK = re.compile(r"\[([^\]]{0,200})\]\(((?:[^()]|\([^()]{0,200}\)){0,700})\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,500}|[^<>\s@]{1,100}@[^<>\s]{1,200})>")
_LINKING_TAG = re.compile(r"<[A-Za-z][^<>]{0,500}?\b(?:href|src|alt|title)\s*=[^<>]{0,500}>")
_LINK_ATTRIBUTE = re.compile(r"""\b(?:href|src|alt|title)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def keep_link_targets(text: str) -> str:
    """The text with where its links point written out: a Markdown link as 'text (target)', an autolink
    ('<https://…>', which :func:`unmark` drops as a tag) as its address, and the href, src, alt and title
    of an HTML tag before it. :func:`unmark` keeps only a link's text, yet the address reaches the reader
    too ('[her site](https://www.taylorswift.com)')."""
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1 (\2)", text)
    if "<" in text:
        text = _AUTOLINK.sub(r" \1 ", text)
        text = _LINKING_TAG.sub(lambda m: _attribute_values(m.group()) + m.group(), text)
    return text


def _attribute_values(tag: str) -> str:
    """The values of a tag's linking attributes (href, src, alt, title), as words apart."""
    values = [value.strip("\"'") for value in _LINK_ATTRIBUTE.findall(tag)]
    return " " + " ".join(values) + " "


_LATEX_SIGN = re.compile(r"\\(?:[A-Za-z]{2,}|[ ,;:!])")
_LATEX_SETTING = re.compile(
    r"\\(?:textcolor|color|colorbox|fcolorbox|[hv]space|[hv]skip|m?kern|rule|fontsize|setlength|label|e?ref"
    r"|cite[pt]?|includegraphics|begin|end|usepackage|documentclass|raisebox|scalebox)\*?\s*"
    r"(?:\[[^\]{}]{0,40}\])?\s*\{[^{}]{0,60}\}"
)
"""A command with its first argument, which is a setting (a colour, a length, a label), not text."""
_LATEX_SPACE = re.compile(
    r"\\(?:[ ,;:!>]|\\|(?:q?quad|enspace|thinspace|medspace|thickspace|hfill|space)(?![A-Za-z]))|~"
)
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_BRACED = re.compile(r"\{([^{}]*)\}")


def unlatex(text: str) -> str:
    """The text with its LaTeX commands dropped and what they set kept: '\\textbf{Bill}~\\textbf{Gates}',
    '$\\mathit{Bill}\\ \\mathit{Gates}$' and '{\\bf Bill Gates}' read 'Bill Gates'. Spacing commands and '~'
    are spaces and '$' a space; a braced letter joins its neighbours ('\\mathrm{B}\\mathrm{i}' reads 'Bi'),
    a braced word stands alone."""
    if "\\" not in text or not _LATEX_SIGN.search(text):
        return text
    text = _LATEX_COMMAND.sub("", _LATEX_SPACE.sub(" ", _LATEX_SETTING.sub(" ", text)))
    for _ in range(4):  # nested braces, innermost first
        if "{" not in text:
            break
        text = _BRACED.sub(lambda m: m.group(1) if len(m.group(1).strip()) <= 1 else f" {m.group(1)} ", text)
    return text.replace("{", "").replace("}", "").replace("$", " ")


_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"
_CASE_CHANGE = re.compile(f"(?<=[{_LOWER}])(?=[{_UPPER}])|(?<=[{_UPPER}])(?=[{_UPPER}][{_LOWER}])")
_CASE_SIGN = re.compile(f"[{_LOWER}][{_UPPER}]")
"""A capital after a small letter: a word run together ('#ILoveMerkel' has one too), found three times
faster than by :data:`_CASE_CHANGE`."""
_GLUED_PREFIX = re.compile(r"(?<![^\W\d_])(Mc|Mac)\x00")
"""Prefixes a family name is always written glued to ('McCartney', 'MacArthur')."""
_SOMETIMES_GLUED = re.compile(r"(?<![^\W\d_])(Da|De|Del|Di|Du|La|Le|Van|Von)\x00")
"""Prefixes a family name is written glued to or apart from ('DiCaprio', 'De Niro')."""
_TAG_WORD = re.compile(r"(?<![^\s(\[\"'])([#@])[^\s#@]+")
"""A hashtag or handle: '#' or '@' opening a word."""


def split_case(text: str) -> list[str]:
    """Readings of the text with words run together in a hashtag, handle or identifier split where the case
    changes ('BillGatesBio' -> 'Bill Gates Bio'), never after 'Mc' or 'Mac'; a second reading keeps prefixes
    such as 'Di' and 'De' glued ('#LeonardoDiCaprioFan'). Each word of a hashtag or handle stays one
    ('#MerkelMustGo' -> '#Merkel #Must #Go', '@ILoveBillGates' -> '@I @Love @Bill @Gates'): a family name
    alone counts as a tag, not beside other capitalised words ('Merkel Must Go' may be someone else). Empty
    when no word changes case inside."""
    if not _CASE_SIGN.search(text):
        return []
    split = _GLUED_PREFIX.sub(r"\1", _CASE_CHANGE.sub("\x00", text))
    out = [_spaced(split)]
    if _SOMETIMES_GLUED.search(split):
        out.append(_spaced(_SOMETIMES_GLUED.sub(r"\1", split)))
    return [reading for reading in out if reading != text]


def _spaced(split: str) -> str:
    """The text with its split points (marked NUL) written as a space, or inside a hashtag or handle as a
    space and the tag's sign."""
    return _TAG_WORD.sub(lambda m: m.group().replace("\x00", " " + m.group(1)), split).replace("\x00", " ")


def markup_readings(text: str) -> list[str]:
    """Readings of a text's markup that :func:`unmark` does not give: hidden HTML elements dropped, link
    targets kept and LaTeX commands dropped (:func:`drop_hidden`, :func:`keep_link_targets`,
    :func:`unlatex`), and that text with words run together split (:func:`split_case`). Empty for text
    without such markup: prose pays a few substring tests and one scan for a capital inside a word."""
    shown = unlatex(keep_link_targets(drop_hidden(text)))
    out = [shown] if shown != text else []
    return out + split_case(unmark(shown))


@lru_cache(maxsize=4096)
def _symbol_letter(c: str) -> str:
    """The letter or digit a symbol is drawn as ('Ⓣ', '🄣', '🅣', '🇹' -> 'T'), else a word break."""
    folded = unicodedata.normalize("NFKC", c)
    if len(folded) == 1 and folded.isalnum():
        return folded  # circled, parenthesised and squared letters ('™' is two letters: a break)
    name = unicodedata.name(c, "")
    letter = name.rsplit(" ", 1)[-1]
    if len(letter) == 1 and letter.isalpha() and ("LETTER " + letter) in name:
        return letter  # negative circled or squared letters, regional indicators
    return " "


def unglue(text: str) -> str:
    """Letters of different scripts glued together ('首都是Paris') or to symbols ('Einstein™', which accent
    folding would make 'einsteintm') split apart, so each reads as a word of its own. Symbols drawn as
    letters ('Ⓣⓞⓚⓨⓞ', '🅣🅞🅚🅨🅞', '🇹🇴🇰🇾🇴') read as those letters."""
    if text.isascii():
        return text
    out: list[str] = []
    last = ""
    for c in text:
        if unicodedata.category(c) == "So":
            c = _symbol_letter(c)
        script = script_of(c) if c.isalpha() else ""
        if script and last and script != last:
            out.append(" ")
        last = script or (last if c.isalnum() or c in "'’-" else "")
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=4096)
def script_of(c: str) -> str:
    """The script of a letter, coarsely: the first word of its Unicode name ('LATIN', 'CJK', 'CYRILLIC')."""
    if c.isascii():
        return "LATIN"
    name = unicodedata.name(c, "")
    return name.split(" ", 1)[0].split("-", 1)[0] if name else "?"  # 'KATAKANA-HIRAGANA' (the length mark)


@cache
def _confusable_table() -> dict[int, str]:
    """Characters that look like a Latin letter or digit, mapped to it (Unicode's confusables.txt of UTS #39,
    as shipped by the confusable-homoglyphs package): Cyrillic 'Р' -> 'P', Greek 'ο' -> 'o', fullwidth and
    mathematical letters. Read once, on first use with non-ASCII text."""
    path = resources.files("confusable_homoglyphs") / "confusables.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    table: dict[int, str] = {}
    for char, homoglyphs in data.items():
        latin = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()]
        if len(char) == 1 and not char.isascii() and latin:
            table[ord(char)] = latin[0]
    table.update({ord(c): latin for c, latin in _LOOK_ALIKE.items()})
    return table


_LOOK_ALIKE = {
    "ε": "e", "τ": "t", "κ": "k", "ν": "v", "ι": "i", "ρ": "p", "υ": "u", "χ": "x", "ω": "w", "η": "n",
    "г": "r", "т": "t", "к": "k", "м": "m", "п": "n", "ӏ": "l", "Ӏ": "l", "ь": "b", "в": "b", "ı": "i",
}  # fmt: skip
"""Lower-case Greek and Cyrillic letters that pass for Latin ones in running text but that confusables.txt
leaves out or reads as another letter (the palochka 'ӏ' stands for 'l' in 'Аӏbert')."""


def skeleton(text: str) -> str:
    """Text with look-alike characters replaced by the Latin letter they imitate ('Раrіs' with Cyrillic Р
    and і -> 'Paris'): what a reader sees, where transliteration gives what the letters say ('Raris')."""
    if text.isascii():
        return text
    return text.translate(_confusable_table())


# -- names by ear in any script ----------------------------------------------------------------------------

_SOUND_DIGRAPHS = [("shch", "s"), ("dzh", "s"), ("tsh", "s"), ("tsz", "s"), ("sch", "s"), ("zh", "s"),
                   ("sh", "s"), ("ch", "k"), ("kh", "k"), ("gh", "k"), ("ph", "p"), ("th", "t"), ("ck", "k"),
                   ("x", "ks")]  # fmt: skip
"""Letters that spell one sound: a name's j written 'dzh' (Cyrillic дж, 'Джексон' for Jackson), its ch written
'tsh' (Arabic تش, 'تشارلز' for Charles) and its j written 'tsz' (Russian Цз for Chinese names, 'Цзиньпин')
sound as the j or sh they stand for."""
_PINYIN = [("zh", "s"), ("ch", "s"), ("sh", "s"), ("x", "s"), ("q", "s"), ("c", "s"), ("j", "s"), ("z", "s")]
_SOUND_CLASSES = str.maketrans(
    "bpfvdtgkcqjszlrmn", "ppppttkkkksssllnn", "aeiouyhw'"
)  # voiced and voiceless alike, r and l alike (Japanese and Chinese do not tell them apart), m and n alike
_SYLLABIC = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA")
"""Scripts written without spaces between words (Chinese, Japanese) or with particles glued to names
(Korean), read syllable by syllable."""


def sound_key(latin: str, *, pinyin: bool = False) -> str:
    """The consonants of a name as heard, in coarse classes: what a name written by ear in another script
    keeps ('Einstein', 'Эйнштейн' -> 'Eynshteyn', '爱因斯坦' -> 'AiYinSiTan', 'アインシュタイン' ->
    'ainshiyutain' all give 'nstn'). Vowels, h, w and y go, voiced and voiceless consonants are one class.
    ``pinyin``: the text is Chinese pinyin, where x, q, c, j and z are all hissing sounds."""
    word = "".join(normalize(latin).split())
    for src, dst in (_PINYIN if pinyin else []) + _SOUND_DIGRAPHS:
        word = word.replace(src, dst)
    if word.startswith("mp"):  # Greek writes an initial b as 'μπ', d as 'ντ'
        word = word[1:]
    elif word.startswith("nt"):
        word = word[1:]
    return _DOUBLE.sub(r"\1", word.translate(_SOUND_CLASSES))


def syllabic(word: str) -> bool:
    """Whether a word is in a script read syllable by syllable (see :data:`_SYLLABIC`)."""
    return any(c.isalpha() and script_of(c) in _SYLLABIC for c in word)


BORROWED_TS = "茨"
"""The character Chinese writes a foreign name's final ts with ('盖茨', Gates; '霍洛维茨', Horowitz), which
pinyin's hissing initials would hear as s (alu.heard's borrowed reading says it ts too)."""


@lru_cache(maxsize=16_384)
def _syllable_key(c: str, nasal: bool = False) -> str:
    latin = anyascii(c)
    if nasal and c == BORROWED_TS:
        return "ts"
    if nasal and latin.lower().endswith("ng"):
        latin = latin[:-1]
    return sound_key(latin, pinyin=script_of(c) == "CJK")


def syllables_key(chars: str, *, nasal: bool = False) -> str:
    """The sound key of a run of syllables, as :func:`sound_keys` gives it; ``nasal``: with a syllable's
    final 'ng' said n, as a foreign name's n often is in Chinese (埃隆 for Elon, 马克龙 for Macron), though
    in Chinese words it is a sound of its own (长城, the Great Wall, is no Johansen), and 茨 said ts
    (:data:`BORROWED_TS`)."""
    return _DOUBLE.sub(r"\1", "".join(_syllable_key(c, nasal) for c in chars if c.isalpha()))


def sound_keys(word: str, *, min_length: int = 4, longest: int = 16) -> dict[str, str]:
    """Sound keys (:func:`sound_key`) of every run of syllables in a word of a syllabic script
    ('首都是爱因斯坦' holds 'nstn'), of at least ``min_length`` consonants, with the run that gave each; runs
    are at most ``longest`` characters long."""
    chars = [c for c in word if c.isalpha()]
    keys = list(map(_syllable_key, chars))
    out: dict[str, str] = {}
    for i in range(len(keys)):
        for j in range(i + 1, min(len(keys), i + longest) + 1):
            key = _DOUBLE.sub(r"\1", "".join(keys[i:j]))
            if len(key) >= min_length:
                out.setdefault(key, "".join(chars[i:j]))
    return out
