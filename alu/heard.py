"""Words of other scripts in Latin letters as they sound, for comparing names written by ear.

``anyascii`` spells each letter on its own, which is right for reading a text and wrong for hearing a
name: Arabic and Hebrew write long vowels with consonant letters ('ريهانا' comes out 'ryhn', its alif
dropped), Indic scripts leave the vowel after a consonant unwritten ('वकांडा' -> 'vkamda'), Thai writes some
vowels before the consonant they follow ('เซนเดยา' -> 'esnedya'), Greek spells b, d and g with two letters
('Μόρντορ' -> 'Morntor'), Japanese small kana modify the syllable before ('シャキーラ' -> 'shiyakira') and
Korean adds a vowel to consonants that end a syllable ('모르도르' -> 'MoLeuDoLeu'). :func:`heard_latin`
undoes these so that a name written by ear in any of these scripts comes back close to how it is spelt
in Latin letters; :mod:`alu.text`'s sound keys and :mod:`alu.matcher`'s comparisons read its output."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from anyascii import anyascii

from alu.text import BORROWED_TS

_ARABIC = str.maketrans(
    {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ى": "a", "ة": "a", "ظ": "z", "ذ": "z", "ث": "s",
     "ع": "", "ء": "", "ئ": "i", "ؤ": "u", "ۀ": "e"}
)  # fmt: skip
"""Arabic-script letters for vowels and for the sounds names borrow ('محفوظ', Mahfouz, writes its z with
ظ, which anyascii spells 'dh')."""
_ARABIC_VOWELS = str.maketrans({**_ARABIC, "و": "u", "ي": "i", "ی": "i"})
_ARABIC_GLIDES = re.compile(r"\b[ويی]|[ويی](?=[اأآى])")
_HEBREW = str.maketrans({"א": "a", "ע": "a", "ו": "u", "י": "i"})
_HEBREW_GERESH = {"ג׳": "j", "צ׳": "ch", "ז׳": "zh", "ת׳": "th"}
"""Hebrew letters with a geresh for sounds Hebrew lacks (:func:`alu.by_ear.script_words` writes any
apostrophe after a Hebrew letter as the geresh)."""
_GREEK = [
    ("ου", "u"), ("αι", "e"), ("ει", "i"), ("οι", "i"), ("υι", "i"), ("μπ", "b"), ("ντ", "d"), ("γκ", "g"),
    ("γγ", "ng"), ("τζ", "j"), ("τσ", "ts"), ("γι", "y"), ("γε", "ye"), ("χ", "h"),
]  # fmt: skip
_THAI_LEADING = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
"""A Thai vowel written before the consonant it follows (เ แ โ ใ ไ), and that consonant."""
_THAI_SILENT = re.compile(".\u0e4c")
"""A Thai letter marked silent (thanthakhat): 'มอร์ดอร์' writes Mordor's r's but does not say them."""
_THAI_CARRIER = re.compile("\u0e2d(?=[\u0e30-\u0e39\u0e40-\u0e44\u0e47])")
"""Thai อ carrying a vowel sign, silent ('อัล', al); between consonants it says o ('มอร์ดอร์', Mordor)."""
_THAI_ASPIRATES = re.compile(r"([kpt])h")
"""Thai's aspirated k, p and t, which anyascii writes kh, ph and th and a borrowed name says k, p and t
('วาคานดา', Wakanda)."""
_LETTERS = {"จ": "j", "แ": "e", "ச": "s", "ங": "ng", "চ": "ch", "ու": "u", "Ու": "U"}
"""Letters anyascii spells by another convention than a name's: Thai จ and Tamil ச say j and s, Thai แ the e
of 'Jackson' ('แจ็กสัน'; anyascii writes ae), Tamil ங ng, Armenian ու u."""
_KANA_SMALL_Y = set("ゃゅょャュョ")
_KANA_SMALL_VOWEL = set("ぁぃぅぇぉァィゥェォ")
_KANA_DOUBLE = set("っッ")
_KOREAN_EU = re.compile(r"(?<=[^aeiou])eu")
"""The vowel Korean adds after a consonant that ends a syllable in a borrowed name ('모르도르' MoLeuDoLeu)."""
_KOREAN_R = re.compile(r"l(?=[aeiouyw])")
"""ㄹ before a vowel says r ('마리', Marie); anyascii writes it l everywhere."""
_GLIDE_V = re.compile(r"uv(?=[aeio])")
"""A v Indic scripts write between u and a vowel ('ஹுவாங்', Huang)."""
_INDIC = ("DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM")
_NASAL_SIGNS = ("ANUSVARA", "CANDRABINDU")


@lru_cache(maxsize=16_384)
def heard_latin(word: str) -> str:
    """A word (or a few words) of another script in Latin letters as it sounds; Latin text unchanged."""
    if word.isascii():
        return word
    script = _script(word)
    if script == "THAI":
        word = _THAI_CARRIER.sub("", _THAI_SILENT.sub("", _THAI_LEADING.sub(r"\2\1", word)))
        return _THAI_ASPIRATES.sub(r"\1", anyascii(_own_letters(word)))
    if script in _INDIC:
        return _indic(word)
    word = _own_letters(word)
    if script == "ARABIC":
        word = _ARABIC_GLIDES.sub(_glide, word).translate(_ARABIC_VOWELS)
    elif script == "HEBREW":
        word = _hebrew(word)
    elif script == "GREEK":
        word = _greek(word)
    elif script in ("HIRAGANA", "KATAKANA"):
        return _kana(word)
    elif script == "HANGUL":
        return _KOREAN_EU.sub("", _KOREAN_R.sub("r", _korean(word)))
    return anyascii(word)


_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_KOREAN_FINAL = {1: "k"}
"""A final ㄱ, which anyascii writes g: at a syllable's end it says k ('잭슨', Jackson). A final ㅂ says the b
of 'Jobs' ('잡스') as well as a p, so it stays b."""
_KOREAN_NG, _KOREAN_L = 21, 8
"""A final ㅇ (ng) and ㄹ (l, which with the ㄹ after it writes a cluster's l: '클린턴', Clinton)."""
_KOREAN_EU_SYLLABLES = {14: "ts", 12: "z"}
"""츠 and 즈, ㅊ and ㅈ with the vowel Korean adds after a final consonant: ts and z in a borrowed name
('게이츠', Gates; '로즈', Rose), which anyascii writes cheu and jeu."""


def borrowed_korean(word: str) -> str:
    """A Korean word as a foreign name is written in Hangul, a second reading beside :func:`heard_latin`'s:
    ㅓ for the vowel of 'Musk' and 'Trump' ('머스크', '트럼프'), a final ㅇ for n ('마크롱', Macron) and ㅡ
    before a final consonant but ㄹ for the vowel of 'son' ('잭슨', Jackson; the ㅡ of a syllable without
    one is the vowel Korean adds after a consonant, which :func:`heard_latin` drops)."""
    return _KOREAN_EU.sub("", _KOREAN_R.sub("r", _korean(word, borrowed=True)))


def _korean(word: str, *, borrowed: bool = False) -> str:
    """Hangul syllable by syllable, as a borrowed name says them (see :data:`_KOREAN_FINAL` and
    :data:`_KOREAN_EU_SYLLABLES`; ㅐ is the a of 'Jack' and 'Mac'); ``borrowed``: see
    :func:`borrowed_korean`."""
    out = []
    for c in word:
        code = ord(c) - _HANGUL_FIRST
        if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
            out.append(anyascii(c).lower())
            continue
        initial, vowel, final = code // 588, code % 588 // 28, code % 28
        if vowel == 18 and not final and initial in _KOREAN_EU_SYLLABLES:
            out.append(_KOREAN_EU_SYLLABLES[initial])
            continue
        syllable = anyascii(c).lower()
        if vowel == 1:
            syllable = syllable.replace("ae", "a", 1)
        if final in _KOREAN_FINAL:
            syllable = syllable[:-1] + _KOREAN_FINAL[final]
        if borrowed:
            syllable = syllable.replace("eo", "o").replace("eu", "u" if final not in (0, _KOREAN_L) else "eu")
            syllable = syllable[:-2] + "n" if final == _KOREAN_NG else syllable
        out.append(syllable)
    return "".join(out)


def _own_letters(word: str) -> str:
    """The word with :data:`_LETTERS` spelt as a name says them."""
    for letters, sound in _LETTERS.items():
        word = word.replace(letters, sound)
    return word


def _script(word: str) -> str:
    """The script of the word's first letter that is not Latin."""
    for c in word:
        if c.isalpha() and not c.isascii():
            return unicodedata.name(c, "?").split(" ", 1)[0].split("-", 1)[0]
    return "LATIN"


def _glide(match: re.Match[str]) -> str:
    """Arabic waw and yeh as consonants (first in a word, or before a long a): w and y, else vowels."""
    return "w" if match.group() == "و" else "y"


def _hebrew(word: str) -> str:
    """Hebrew with its vowel letters read as vowels: doubled vav and yod and a first vav are consonants
    ('וסטרוס', Westeros); a final he is a vowel ('נרניה', Narnia); a first bet, pe and kaf say b, p and k
    (a word's first letter takes the dagesh: 'פוטין', Putin), not v, f and kh; a last pe not written in its
    final form says p too ('טראמפ', Trump)."""
    for mark, sound in _HEBREW_GERESH.items():
        word = word.replace(mark, sound).replace(mark[0] + "'", sound)
    word = re.sub(r"\bו(?=[אוי]|\b)|וו", "v", word)
    word = re.sub(r"\bי(?=[אוי])|יי", "y", word)
    word = re.sub(r"\bכ", "k", re.sub(r"\bפ|פ\b", "p", word))
    word = re.sub(r"ה\b", "a", re.sub(r"\bב", "b", word))
    return anyascii(word.translate(_HEBREW))


def _greek(word: str) -> str:
    """Greek with its digraphs for b, d, g, u and j read as those sounds ('Μπασίλ' -> 'basil')."""
    folded = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    folded = re.sub(r"γου(?=[αεηιοω])", "w", folded)  # 'Γουακάντα', Wakanda; 'Κουγουέιτι', Kuwaiti
    for pair, sound in _GREEK:
        folded = folded.replace(pair, sound)
    return anyascii(folded)


def _kana(word: str, *, long: bool = False) -> str:
    """Japanese kana, a small kana joined to the syllable before ('シャ' sha, 'ジェ' je, 'ウィ' wi), the
    small tsu that doubles a consonant and the length mark dropped (``long``: a long vowel written twice)."""
    out = ""
    for c in word:
        if c in _KANA_DOUBLE or c == "ー":
            out += out[-1:] if long and out[-1:] in ("a", "e", "i", "o", "u") else ""
            continue
        sound = anyascii(c).lower()
        if c in _KANA_SMALL_Y and out.endswith("i"):
            out = out[:-1] if out[-2:-1] in ("h", "j") else out[:-1] + "y"
            sound = sound[1:] if out.endswith(("h", "j", "y")) else sound
        elif c in _KANA_SMALL_VOWEL and out[-1:] in "aeiou":
            out = out[:-1] + ("w" if out in ("u", "") or out[-2:-1] in "aeiou" else "")
        out += sound
    return out


_NOMINATIVE_ENDINGS = {"GREEK": re.compile(r"[oiae]?s$"), "GEORGIAN": re.compile(r"(?<=[^aeiou])i$")}
"""The endings Greek and Georgian give a borrowed name in the nominative ('Δαρβίνος', 'Βοναπάρτης';
Georgian's -ი after a consonant: 'პუტინი', 'მასკი')."""


def without_nominative_ending(word: str) -> str | None:
    """A Greek or Georgian word's reading without the nominative ending its language gives a borrowed name
    ('Δαρβίνος' -> 'darvin', 'Βοναπάρτης' -> 'bonapart', 'მასკი' -> 'mask'); None for a word of another
    script or without such an ending."""
    ending = _NOMINATIVE_ENDINGS.get(_script(word))
    if ending is None:
        return None
    latin = heard_latin(word)
    stem = ending.sub("", latin)
    return stem if stem != latin and len(stem) >= 3 else None


def with_silent_letters(word: str) -> str | None:
    """A Thai word's reading with the letters it marks silent said: Thai writes a borrowed name's letters
    as the name spells them and silences those it does not say ('ทรัมป์', Trump; 'มัสก์', Musk), so they
    are the name's. None for a word without such a letter."""
    if _script(word) != "THAI" or "\u0e4c" not in word:
        return None
    return heard_latin(word.replace("\u0e4c", ""))


def with_chi_as_kh(word: str) -> str | None:
    """A Greek word's reading with each chi said kh: Greek writes the kh and ch of a borrowed name with chi
    ('Χαχιντζε', Khachidze; 'Μιχαήλ', Mikhail), which its own words say as an h. None for a word without
    one."""
    if _script(word) != "GREEK" or not {"χ", "Χ"} & set(word):
        return None
    return heard_latin(word.replace("χ", "κχ").replace("Χ", "Κχ"))


def with_bet_as_b(word: str) -> str | None:
    """A Hebrew word's reading with each bet said b: a borrowed name writes its v with vav and its b with
    bet, which Hebrew's own words say v after a vowel ('ג'ובס', Jobs; 'אובמה', Obama). None for a word
    without such a bet."""
    if _script(word) != "HEBREW" or "ב" not in word[1:]:
        return None
    return heard_latin(word[0] + word[1:].replace("ב", "b"))


_ECHO_U = re.compile(r"(?<=[bcdfghjklmnprstvz])u(?=[bcdfghjklmnpqrstvwxz]|$)")
_ECHO_O = re.compile(r"(?<=[td])o(?=r|$)")
_LONG_VOWEL = re.compile(r"([aeiou])\1")
_KANA_BORROWED = (("chi", "ti"), ("ji", "di"), ("np", "mp"), ("nb", "mb"))


def without_echo_vowels(kana: str) -> str:
    """A kana word's reading as a borrowed name: without the vowels Japanese adds after a consonant that
    ends a syllable (u after most consonants, o after t and d at the end or before r: 'masuku' -> 'mask' for
    Musk, 'jakuson' -> 'jakson', 'suvifuto' -> 'svift', 'donarudo' -> 'donard', 'toranpu' -> 'tramp'), with
    chi and ji for the ti and di Japanese long lacked ('puuchin' -> 'putin', Putin; 'urajimiru', Vladimir)
    and n before p or b said m. A long vowel ('プー') is the name's own. A name's short u or final o is lost
    with the echoes ('Sato'), so this is a second reading beside the word's own, never instead of it."""
    latin = _ECHO_O.sub("", _ECHO_U.sub("", _kana(kana, long=True)))
    for written, said in _KANA_BORROWED:
        latin = latin.replace(written, said)
    return _LONG_VOWEL.sub(r"\1", latin)


def _indic(word: str) -> str:
    """An Indic word with the vowel a consonant carries unwritten ('वकांडा' -> 'vakanda'): a consonant
    followed by another letter or a nasal sign says a (not at the end of the word, where Hindi drops it);
    a vowel sign or a virama after it says what it writes instead; a nasal sign says n."""
    chars = [c for c in word if not unicodedata.name(c, "").endswith(" NUKTA")]
    out: list[str] = []
    for c, nxt in zip(chars, [*chars[1:], ""], strict=True):
        if _nasal(c):
            out.append("n")
            continue
        out.append(anyascii(_LETTERS.get(c, c)))
        if _consonant(c) and (nxt.isalpha() or _nasal(nxt)):
            out.append("a")
    return _GLIDE_V.sub("u", "".join(out).replace("'", ""))


def _consonant(c: str) -> bool:
    return " LETTER " in unicodedata.name(c, "") and anyascii(c).lower()[:1] not in ("a", "e", "i", "o", "u")


def _nasal(c: str) -> bool:
    return len(c) == 1 and unicodedata.name(c, "").endswith(_NASAL_SIGNS)


# -- one-word names by ear ---------------------------------------------------------------------------------

_DOUBLE = re.compile(r"(\w)\1+")
_LOOSE = str.maketrans(
    {"h": "", "l": "r", "o": "u", "e": "i", "'": "", "j": "s", "y": "i", "p": "b", "f": "b", "v": "b"}
)
"""What scripts do not tell apart in a borrowed name: r and l (Chinese, Japanese, Korean), o and u (Arabic,
Hebrew), e and i; an h many leave out ('Рианна' for Rihanna); the lips' consonants (Arabic writes p as b and
v as f, Hebrew's pe and bet say p or f and b or v, Korean writes f as p and v as b: 'بوتين', 'אובמה',
'윈프리')."""
_PINYIN = (("zh", "s"), ("ch", "s"), ("sh", "s"), ("x", "s"), ("q", "s"), ("c", "s"), ("z", "s"), ("j", "s"))
_NON_RHOTIC = re.compile(r"(?<=[aeiou])r(?![aeiouy])")
"""An r after a vowel and before no vowel, which Chinese names by ear drop (纳尼亚 Narnia, 魔多 Mordor)."""
_SOFT = ((re.compile(r"g(?=[eiy])"), "j"), (re.compile(r"c(?=[eiy])"), "s"))
"""A soft g or c, which a name by ear may say either way ('Angela': أنجيلا, אנגלה)."""


def loose_spelling(latin: str) -> str:
    """A name's or a heard word's letters with what scripts confuse folded together (see :data:`_LOOSE`); a
    final mb as b, as :func:`alu.text.phonetic` spells a final mp ('ترامب', tramb, as Trump's trub).
    Apostrophes go first: anyascii marks Armenian and Georgian ejectives with one ('Ջեքսոն' jek'son), which
    would keep phonetic from hearing the 'ks' of Jackson as x."""
    from alu.text import phonetic

    loose = _DOUBLE.sub(r"\1", phonetic(latin.replace("'", "")).replace(" ", "").translate(_LOOSE))
    return loose[:-2] + "b" if loose.endswith("mb") else loose


def ear_key(latin: str, *, pinyin: bool = False) -> str:
    """The consonants of a word as heard (:func:`alu.text.sound_key`) with v as w (Cyrillic and Hebrew
    write Wakanda's w as v), an n before t or d dropped (Greek spells d 'ντ', so 'Γουακάντα' loses
    Wakanda's n) and an m before p or b too (Greek spells b 'μπ', so 'Θεοπομπους' loses Theopompus's m):
    where names by ear are looked up before their spellings are compared."""
    from alu.text import sound_key

    key = sound_key(latin.lower().replace("v", "w"), pinyin=pinyin)
    return _DOUBLE.sub(r"\1", key.replace("nt", "t").replace("np", "p"))


_GERMAN_Z = re.compile(r"(?<![aeiouy])z")
"""A z opening a word or after a consonant, which German says ts and Cyrillic writes ц ('Schwarzenegger',
'Шварценеггер'; 'Franz', 'Франц'; 'Zuckerberg', 'Цукерберг')."""


_SOFT_CH = re.compile(r"\bch(?=[aeiouy])")
"""A 'ch' opening a word, said as in 'Charles' or 'Chen' (查尔斯, 陈), not as in 'Christian'."""

_SAID_H = re.compile(r"(?<![cgkpstwz])h")
"""An h that is no part of a digraph, which Russian writes х ('Хэнкс', Hanks; 'Риханна', Rihanna;
'Йоханссон', Johansson) or г ('Гамлет')."""

_SHORT_U = re.compile(r"(?<=[b-df-hj-np-tv-z])u(?=[b-df-hj-np-tv-z]{2}|[b-df-hj-np-tv-z]\b)")
"""An English u before two consonants or a final one, said as in 'but', which other scripts write a
('Маск', 'ترامب' for Musk and Trump)."""

_SHORT_A = re.compile(r"(?<=[b-df-hj-np-tv-z])a(?=[bcdfgjklmnpqrstvxz]{2}|[bcdfgjklmnpqrstvxz]\b)")
"""An English a before two consonants or a final one (not h, w or y, which lengthen it), said as in 'Jack',
which other scripts write e ('Джексон', '杰克逊' for Jackson)."""
_OPEN_U = re.compile(r"(?<=[bcdfghkmnptv])u(?=[bcdfgjklmnpqrstvxz][aeiouy])")
"""A u before one consonant and a vowel, said yu ('Curie': 'Кюри', 'キュリー', '퀴리'; 'Hugo', 'Tudor')."""

_MAGIC_E = re.compile(r"(?<![aeiou])([aeiou])([b-df-hj-np-tv-z])e(?=[b-df-hj-np-tv-z]|\b)")
_LONG = {"a": "ei", "e": "i", "i": "ai", "o": "ou", "u": "iu"}
_SILENT_E = re.compile(r"(?<=[b-df-hj-np-tv-z])e\b")


def english_sounds(latin: str) -> str:
    """An English name's vowels as they are said, which other scripts write: a vowel before a consonant and
    a silent e is long ('Gates' geits, 'Гейтс'; 'Shakespeare' sheik-), ea and ee say i, ew says iu
    ('Newton', 'Ньютон') and a final e after a consonant is silent ('Шекспир')."""
    said = _MAGIC_E.sub(lambda m: _LONG[m.group(1)] + m.group(2), latin)
    return _SILENT_E.sub("", said.replace("ea", "i").replace("ee", "i").replace("ew", "iu"))


_FIRST_X = re.compile(r"\bx(?=[aeiou])")
"""A pinyin x opening a word, which other scripts write as s or sh ('Си Цзиньпин', 'シー', 'שי' for Xi)."""


def name_variants(name: str) -> set[str]:
    """A name in ASCII letters as scripts may hear it: as spelt, with a soft g or c said soft, without an r
    before no vowel, with its w as v (Cyrillic, Hebrew and Georgian write Kuwaiti's w as v) or its v as w
    (Thai and Persian write Severus's v as w), with its h as kh (:data:`_SAID_H`) and with a z after a
    consonant said ts, as German says it, its w a v then too ('Шварценеггер'), with a word's first 'ch'
    said sh (:data:`_SOFT_CH`), a word's first x said s, as in pinyin (:data:`_FIRST_X`), an English
    short u said a (:data:`_SHORT_U`), a short a said e (:data:`_SHORT_A`), an open u said yu
    (:data:`_OPEN_U`) and English vowels as said (:func:`english_sounds`)."""
    latin = anyascii(name).lower()
    out = {latin, _NON_RHOTIC.sub("", latin), latin.replace("w", "v"), latin.replace("v", "w")}
    out |= {
        _SOFT_CH.sub("sh", latin),
        _SAID_H.sub("kh", latin),
        _FIRST_X.sub("s", latin),
        _SHORT_U.sub("a", latin),
        _SHORT_A.sub("e", latin),
        _OPEN_U.sub("iu", latin),
        english_sounds(latin),
        _GERMAN_Z.sub("ts", latin),
        _GERMAN_Z.sub("ts", latin.replace("w", "v")),
    }
    for pattern, sound in _SOFT:
        out.add(pattern.sub(sound, latin))
    return out


def pinyin_latin(chars: str) -> str:
    """Chinese characters in pinyin with its hissing initials as s, as :func:`alu.text.sound_key` hears
    them."""
    out = []
    for c in chars:
        syllable = anyascii(c).lower()
        for initial, sound in _PINYIN:
            if syllable.startswith(initial):
                syllable = sound + syllable[len(initial) :]
                break
        out.append(syllable)
    return "".join(out)


_CONSONANT_ALONE = {
    "布": "b", "普": "p", "德": "d", "特": "t", "格": "g", "克": "k", "夫": "f", "弗": "f", "兹": "z",
    BORROWED_TS: "ts", "斯": "s", "什": "sh", "赫": "h", "姆": "m", "恩": "n", "尔": "r",
}  # fmt: skip
"""Characters that Chinese transcription tables write for a consonant without a vowel ('马斯克' ma-s-k,
Musk; '特朗普' t-lang-p, Trump; '斯威夫特' s-wei-f-t, Swift), pinyin's vowel after them an echo."""
_PINYIN_BORROWED = (
    (re.compile(r"^si(?=[aeiou])"), "s"),
    (re.compile("[ua]o"), "o"),
    (re.compile("ng$"), "n"),
)
"""Pinyin spellings that a foreign name's sounds come out as: the glide after j, q and x, heard s
(:data:`_PINYIN`), belongs to the consonant ('杰克逊' jie-k-xun, Jackson; '乔布斯', Jobs), uo and ao write
o ('罗', '索', '奥巴马'), a final ng writes n ('马克龙', Macron; '拜登', Biden)."""

_LIPS_NASAL = re.compile("n(?=[bp])")
"""An n before b or p, which writes the m of a foreign name ('特朗普' t-lan-p, Trump)."""


def borrowed_pinyin(chars: str) -> str:
    """Chinese characters as a foreign name is written with them (:data:`_CONSONANT_ALONE`,
    :data:`_PINYIN_BORROWED`): a second reading beside :func:`pinyin_latin`, whose vowels a Chinese word
    of the same characters says."""
    out = []
    for c in chars:
        if c in _CONSONANT_ALONE:
            out.append(_CONSONANT_ALONE[c])
            continue
        syllable = pinyin_latin(c)
        for pattern, sound in _PINYIN_BORROWED:
            syllable = pattern.sub(sound, syllable)
        out.append(syllable)
    return _LIPS_NASAL.sub("m", "".join(out))


_CYRILLIC_CASE = re.compile("(?:ами|ями|ого|его|ому|ему|ові|еві|ою|ею|ом|ем|ём|ым|им|ой|ей|а|я|у|ю|е|и|ы|і)$")
"""Endings of case of Russian, Ukrainian, Belarusian and Serbian nouns and names ('Биллом Гейтсом',
'Арнольду Шварценеггеру', 'Ілоном Маском')."""


def case_stem(word: str) -> str:
    """A capitalised Cyrillic word without its ending of case, as a name declined ('Биллом' -> 'Билл',
    'Николаем' -> 'Никола') is compared with the name: its ending adds a consonant to what is heard ('m')
    or makes it too unlike the name as spelt. A stem of fewer than three letters is left as it is. Common
    words are not told apart here: a stem is read beside the word, and a name of several words is heard
    only from words that each say its words (:func:`alu.by_ear.heard_as`); looking them up would load the
    languages' word lists on the first Cyrillic text (0.6 s)."""
    if not word[:1].isupper() or _script(word) != "CYRILLIC":
        return word
    stem = _CYRILLIC_CASE.sub("", word)
    return stem if stem != word and len(stem) >= 3 else word


COMMON_ZIPF = 4.0
"""wordfreq Zipf frequency from which a word is common in its language ('также', '两个', 'להיות': 5-6), not a
name written by ear (Рианна 3.0, Бейонсе 3.4, אדל 3.8), though it may sound like one."""
_LANGUAGES = {
    "CYRILLIC": ("ru", "uk", "bg"), "ARABIC": ("ar", "fa", "ur"), "HEBREW": ("he",), "DEVANAGARI": ("hi",),
    "GREEK": ("el",), "CJK": ("zh", "ja"), "HIRAGANA": ("ja",), "KATAKANA": ("ja",), "HANGUL": ("ko",),
    "TAMIL": ("ta",), "BENGALI": ("bn",),
}  # fmt: skip
"""The languages whose common words a script writes (wordfreq has none for Thai, Georgian, Armenian)."""


@cache
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's small list of a language (words from Zipf 3), read on the first word heard in it."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language, "small")


def script_languages(word: str) -> tuple[str, ...]:
    """The languages whose common words a word's script writes (see :data:`_LANGUAGES`); none for Latin."""
    return _LANGUAGES.get(_script(word), ())


def common_word(word: str, zipf: float = COMMON_ZIPF) -> bool:
    """Whether a word of another script is a common word of a language written in it: as frequent as Zipf
    `zipf` (see :data:`COMMON_ZIPF`)."""
    from wordfreq.preprocess import preprocess_text

    least = 10 ** (zipf - 9)
    for language in _LANGUAGES.get(_script(word), ()):
        if _frequencies(language).get(preprocess_text(word, language), 0.0) >= least:
            return True
    return False
