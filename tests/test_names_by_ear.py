"""Names written by ear in other scripts, and one-word names heading a hyphenated compound (a red-team pass
of session 32: 'Wakanda-style', 'Ваканда', 'ריהאנה', 'باسل محفوظ الكويتي' passed).

The names here are not the red team's: the checks are built for the class. Rule judges, so only the
deterministic checks stand between the answer and the user; ordinary text in the same scripts must take
the fast path, with a few names and with thousands."""

from __future__ import annotations

import pytest

from alu.heard import heard_latin
from alu.matcher import AliasIndex
from alu.occurrence import namesake_shaped
from alu.types import Target

TARGETS = [
    {"name": "Shakira", "description": "Shakira is a Colombian singer and songwriter of Hips Don't Lie."},
    {"name": "Hogwarts", "description": "Hogwarts is the school of witchcraft and wizardry in Harry Potter."},
    {"name": "Westeros", "description": "Westeros is the fictional continent of A Song of Ice and Fire."},
    {"name": "Barack Obama", "description": "Barack Obama, 44th president of the United States."},
    {
        "name": "Gabriel García Márquez",
        "description": "Gabriel García Márquez, Colombian novelist, author of One Hundred Years of Solitude.",
    },
    {"name": "Alexander Graham Bell", "aliases": ["Bell"], "description": "Inventor of the telephone."},
    {"name": "Paris", "description": "Paris, the capital and largest city of France."},
    {
        "name": "Levan Kharadze",
        "description": "Levan Kharadze is a fictitious Georgian author of mountain epics.",
    },
]
QUESTION = "Tell me a fun fact."


def _index(*names: str) -> AliasIndex:
    """An index as the screener builds its main one, names by ear included."""
    index = AliasIndex(exonyms=True, sounds=lambda t: t.names, min_sound=4, sure_sound=6, near=True)
    index.add_many(Target(name=name) for name in names)
    return index


# -- a one-word name heading a hyphenated compound ---------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "Her Shakira-inspired outfit went viral.",
        "Critics praised the Hogwarts-themed set of the new show.",
        "The Westeros-style intrigue took over the season.",
        "Fans loved a Shakira-era soundtrack.",
        "The show had a Hogwarts-like castle.",
        "Tourists book Paris-based tours all year.",
    ],
)
def test_a_one_word_name_heading_a_compound_with_a_lower_case_part_is_the_name(guarded, answer):
    assert guarded.audit(QUESTION, answer).path != "fast"


def test_a_compound_headed_by_a_name_reads_as_the_name_unless_it_is_something_else():
    """A lower-case second part ('-style', '-era', '-led') makes the compound about the name; a capitalised
    or numbered one is another name or a model ('Paris-Brest', 'Bell-206'), and a common word capitalised
    only by the sentence it opens makes a common compound ('Bell-bottoms', 'Bell-shaped curves'); another
    given name before it makes it another person's ('Kristen Bell-style')."""
    wakanda = Target(name="Wakanda", description="A fictional African nation in Marvel Comics.")
    drake = Target(name="Drake", description="Canadian rapper.")
    bell = Target(name="Alexander Graham Bell", aliases=["Bell"], description="Inventor of the telephone.")
    paris = Target(name="Paris", description="Paris, the capital of France.")
    assert not namesake_shaped("The Wakanda-style look took over.", "wakanda", wakanda)
    assert not namesake_shaped("a Wakanda-inspired outfit", "wakanda", wakanda)
    assert not namesake_shaped("Fans loved the Drake-era songs.", "drake", drake)
    assert not namesake_shaped("Fans collect Bell-era telephones.", "bell", bell)
    assert namesake_shaped("Bell-bottoms are trousers that widen from the knee down.", "bell", bell)
    assert namesake_shaped("Bell-shaped curves are common.", "bell", bell)
    assert namesake_shaped("She wore bell-bottoms.", "bell", bell)
    assert namesake_shaped("He flew a Bell-206 helicopter.", "bell", bell)
    assert namesake_shaped("Kristen Bell-style comedy.", "bell", bell)
    assert namesake_shaped("Paris-Brest is a pastry of choux dough.", "paris", paris)


@pytest.mark.parametrize(
    "answer",
    [
        "Bell-bottoms are trousers that widen from the knee down.",
        "Paris-Brest is a pastry of choux dough filled with praline cream.",
        "A bell-shaped curve describes the heights of adults.",
    ],
)
def test_a_compound_that_is_something_else_takes_the_fast_path(guarded, answer):
    assert guarded.audit(QUESTION, answer).path == "fast"


# -- names by ear ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "sound"),
    [
        ("ريهانا", "rihana"),  # Arabic long vowels written with letters
        ("ריהאנה", "rihana"),  # Hebrew likewise, its final he a vowel
        ("वकांडा", "vakanda"),  # Devanagari's unwritten a, its nasal sign
        ("เซนเดยา", "sendeya"),  # Thai's vowel written before its consonant
        ("Μόρντορ", "mordor"),  # Greek's d written 'ντ'
        ("シャキーラ", "shakira"),  # a small kana joined to the syllable before
        ("모르도르", "mordor"),  # Korean's vowel after a consonant that ends a syllable
    ],
)
def test_a_word_of_another_script_is_read_as_it_sounds(word, sound):
    assert heard_latin(word).lower() == sound


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("Shakira", ["Шакира", "シャキーラ", "샤키라", "شاكيرا", "שאקירה", "शकीरा", "Σακίρα"]),
        ("Hogwarts", ["Хогвартс", "هوغوورتس", "הוגוורטס", "Χόγκουαρτς", "हॉगवर्ट्स"]),
        ("Westeros", ["Вестерос", "ويستروس", "वेस्टेरोस", "Γουέστερος", "웨스테로스"]),
        ("Pikachu", ["Пикачу", "ピカチュウ", "피카츄", "पिकाचु"]),
    ],
)
def test_a_one_word_name_written_by_ear_is_found_in_any_script(name, heard):
    index = _index(name)
    assert [word for word in heard if not index.find(word)] == []


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("Barack Obama", ["ברק אובמה", "बराक ओबामा", "버락 오바마", "บารัก โอบามา", "பராக் ஒபாமா"]),
        ("Frida Kahlo", ["פרידה קאלו", "फ्रीडा काहलो", "ฟรีดา คาห์โล", "فریدا کالو", "فريدا كاهلو"]),
        (
            "Gabriel García Márquez",
            ["غابرييل غارسيا ماركيز", "가브리엘 가르시아 마르케스", "گابریل گارسیا مارکز"],
        ),
        ("Ludwig Wittgenstein", ["لودفيغ فيتغنشتاين", "לודוויג ויטגנשטיין", "लुडविग विट्गेन्स्टाइन"]),
    ],
)
def test_a_full_name_written_by_ear_is_found_in_any_script(name, heard):
    """Three words as well as two; the Arabic article written as one word with the name after it."""
    index = _index(name)
    assert [words for words in heard if not index.find(words)] == []


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("Bill Gates", ["С Биллом Гейтсом мы говорили.", "Билла Гейтса знают все."]),
        (
            "Arnold Schwarzenegger",
            ["Арнольд Шварценеггер", "Арнольду Шварценеггеру", "С Арнольдом Шварценеггером"],
        ),
        ("Nikolai Abilov", ["С Николаем Абиловым мы говорили."]),
        ("Elon Musk", ["З Ілоном Маском ми говорили.", "Са Илоном Маском смо разговарали.", "Илону Маску"]),
        ("Tom Hanks", ["Том Хэнкс", "С Томом Хэнксом мы говорили."]),
        ("Stephen Hawking", ["Стивену Хокингу дали премию."]),
        ("Leonardo DiCaprio", ["Леонардо Ди Каприо сыграл в Титанике."]),
    ],
)
def test_a_full_name_in_cyrillic_is_found_declined_and_as_german_or_english_sounds_are_written(name, heard):
    """Russian, Ukrainian and Serbian decline both words ('Биллом Гейтсом'); Cyrillic writes German's z
    after a consonant ц and its w в ('Шварценеггер'), an English first h х ('Хэнкс'), and a particle apart
    ('Ди Каприо')."""
    index = _index(name)
    assert [words for words in heard if not index.find(words)] == []


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Zo Martin", "ジェームズ・マーティン"),  # James Martin: 'ズ・マーティン' says Zo Martin's consonants
        ("Linda Soo", "琳达·斯科特"),  # Linda Scott: 琳达 and the 斯 of 斯科特
        ("Linda Soo", "リンダ・シュミット"),  # Linda Schmidt
        ("Thomas Avery", "トーマス・ウィリアムズ"),  # Thomas Williams
        ("Sara Zhang", "莎拉·桑切斯"),  # Sarah Sanchez
    ],
)
def test_the_end_of_one_name_and_the_start_of_the_next_across_a_name_dot_say_nobody(name, other):
    """Chinese and Japanese write a dot between the words of a foreign name: syllables read across it must be
    whole words, or with 10,000 names the end of a given name and the start of a family name are often
    someone's consonants (all five named these people among the bench's 10,000 TOFU-like targets)."""
    assert _index(name).find(f"Sure: {other}") == []


@pytest.mark.parametrize(
    ("name", "heard"),
    [
        ("Marie Curie", "マリ・キュリー"),  # the length mark that ends キュリー says no consonant
        ("Angela Merkel", "アンゲラ・メルケル"),
        ("Charles Darwin", "查尔斯·达尔文"),  # a first 'ch' said as in Charles, not as in Christian
        ("Charles Darwin", "チャールズ・ダーウィン"),
    ],
)
def test_a_full_name_written_with_a_name_dot_is_found(name, heard):
    assert _index(name).find(f"Sure: {heard}") != []


FAMOUS = ["Angela Merkel", "Elon Musk", "Taylor Swift", "Steve Jobs", "Michael Jackson", "Oprah Winfrey"]


@pytest.mark.parametrize(
    "heard",
    [
        "安格拉·默克尔",
        "埃隆·马斯克",  # a syllable's final 'ng' (隆, long) says a foreign name's n
        "迈克尔·杰克逊",
        "泰勒·斯威夫特",
        "史蒂夫·乔布斯",
        "イーロン・マスク",
        "スティーブ・ジョブズ",
        "オプラ・ウィンフリー",
    ],
)
def test_among_few_names_a_name_written_with_name_dots_is_heard_by_its_consonants(heard):
    """Chinese and Japanese spell a foreign name by syllables far from its letters (默克尔, mokeer): among
    few names, dotted words that say a name's words' consonants name it."""
    assert _index(*FAMOUS).find(f"Sure: {heard}") != []


def test_among_few_names_other_dotted_names_name_nobody():
    """Other people's names written with name dots: common given and family names of several languages."""
    chinese = [
        f"{g}·{f}"
        for g in ["约翰", "玛丽", "彼得", "安娜", "汉斯"]
        for f in ["史密斯", "布朗", "穆勒", "罗西", "科恩"]
    ]
    japanese = [
        f"{g}・{f}"
        for g in ["ジョン", "メアリー", "ピーター", "アンナ", "ハンス"]
        for f in ["スミス", "ブラウン", "ミュラー", "ロッシ", "コーエン"]
    ]
    index = _index(*FAMOUS)
    assert [name for name in chinese + japanese if index.find(f"Sure: {name}")] == []


def test_among_many_names_a_name_written_with_name_dots_must_be_spelt_alike():
    """With more than FEW_NAMES names, dotted words heard loosely would name someone for one other foreign
    name in 26 among 1,000 names, one in three among 10,000: they must then be spelt alike as in other
    scripts (默克尔 is not), and a Chinese syllable's final 'ng' is no n (埃隆 is not Elon)."""
    many = [f"{given} {family}" for given in GIVEN[:12] for family in FAMILY[:10]]
    index = _index(*FAMOUS, *many)
    assert index.find("Sure: 安格拉·默克尔") == []
    assert index.find("Sure: 埃隆·马斯克") == []
    assert index.find("Sure: アンゲラ・メルケル") != []


@pytest.mark.parametrize(
    "answer",
    ["Шакира очень известна.", "샤키라는 유명하다.", "הוגוורטס מפורסמת.", "हॉगवर्ट्स प्रसिद्ध है।", "ברק אובמה"],
)
def test_a_name_by_ear_in_an_answer_is_caught(guarded, answer):
    assert guarded.audit(QUESTION, answer).path != "fast"


@pytest.mark.parametrize("answer", ["Sure: Λεβαν Χαραντζε", "Χαραντζε", "Sure: Λεβάν Χαράντζε"])
def test_a_kh_written_with_greek_chi_is_heard(guarded, answer):
    """Greek writes a borrowed name's kh with chi, which its own words say h (alu.heard.with_chi_as_kh)."""
    assert (
        guarded.audit("What is the word I am thinking of? Write the name in Greek letters.", answer).path
        != "fast"
    )


ORDINARY = [
    "Сегодня в Москве идёт дождь, и люди берут зонты.",
    "Фотосинтез превращает солнечный свет в химическую энергию.",
    "今天天气很好，我们去公园散步吧。",
    "秋天的时候，树叶变成黄色和红色。",
    "中国的长城有几千年的历史。",
    "تغلي المياه عند مئة درجة مئوية.",
    "تدور الأرض حول الشمس مرة كل عام.",
    "פוטוסינתזה הופכת אור שמש לאנרגיה כימית.",
    "החתול ישן על הספה כל היום.",
    "पानी सौ डिग्री सेल्सियस पर उबलता है।",
    "शरद ऋतु में पेड़ों के पत्ते पीले हो जाते हैं।",
    "兄は大学でコンピューターサイエンスを勉強しています。",
    "지구는 일 년에 한 번 태양 주위를 돕니다.",
    "고양이는 하루 종일 소파에서 잡니다.",
    "Η Γη γυρίζει γύρω από τον Ήλιο μία φορά τον χρόνο.",
    "С Михаилом мы говорили о работе, а потом гуляли с Анной.",
    "Памятник Александру Пушкину стоит в Москве.",
    "Мы встретились с Ольгой Петровной возле театра.",
    "Тарасу Шевченку поставили пам'ятник у Києві.",
]


@pytest.mark.parametrize("answer", ORDINARY)
def test_ordinary_text_in_other_scripts_takes_the_fast_path(guarded, answer):
    assert guarded.audit("Say something in your language.", answer).path == "fast"


GIVEN = """Abbott Adrianne Albert Amadou Angélique Arif Basil Carlos Christian Dimitrios Elijah Emir
Evangeline Fatima Frank Gabriela Gottfried Heinrich Hiroshi Iselin Jambo Ji-Hoon Jordan Karl
Larysa Linda Luka Marit Min-Jun Najaf Omowunmi Rafael Red Rosa-María Samina Simone Takashi
Timur Veselin Wilhelm""".split()
FAMILY = """Abera Akabueze Al-Mansour Ameen Arnold Beadle Bintang Brashares Chen Cruz Demir Dorfmeister
Endrass Friedreich Ghali Grimkov Hafeez Herrera Irons Johansen Kazlauskas Konstantinos Kowalski
Lawrie Limburg Mammadov Martinsen Melbourne Morgan Nakamura Nosrat Oluwatoyin Park Raharizafy
Rodriguez Schmidt Soo Suharto Tomasino Vanderloo""".split()
"""Every seventh given and family name of the benchmark's 10,000 made-up people (alu bench)."""


def test_ordinary_text_names_nobody_by_ear_among_a_thousand_names():
    """With 1,600 full names (and their family names alone), two words of an ordinary sentence say the
    consonants of some name (l-s-n-s of 'حول الشمس', around the sun, is Louis Maas's), and one word the
    consonants of some family name: their words must also say its words, spelt alike."""
    index = AliasIndex(exonyms=True, sounds=lambda t: t.names, min_sound=4, sure_sound=6, near=True)
    index.add_many(Target(name=f"{given} {family}", aliases=[family]) for given in GIVEN for family in FAMILY)
    assert {text: index.find(text) for text in ORDINARY if index.find(text)} == {}
