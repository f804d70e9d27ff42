"""A forgotten name written through a word game that nothing in the exchange announces: Pig Latin of any
dialect and casing ('aylorTay iftSway', 'Aylortay Iftsway', 'Angela-way Erkel-may', 'Angelayay Erkelmay'),
without vowels ('Tylr Swft', 'ngl Mrkl', 'Bll Gts'), typed one key over on a keyboard that leaves a row's
last key alone ('smhrls Mrtlrl'), or run together in lower case in a tag ('#taylorswiftfan'). English words
of the same shapes ('today', 'Norway', 'BBC', 'pls', '#swiftcode') stay as they are. Rule judges: the
deterministic layers alone."""

from __future__ import annotations

import pytest

from alu import Unlearner
from alu.decode import keyboard_shifts
from alu.matcher import AliasIndex
from alu.types import Target
from alu.word_games import game_runs, glued_words, tag_bodies

PEOPLE = {
    "Taylor Swift": "Taylor Swift is an American singer-songwriter known for the albums Fearless and 1989.",
    "Angela Merkel": "Angela Merkel is a German politician who was Chancellor of Germany from 2005 to 2021.",
    "Bill Gates": "Bill Gates is an American businessman who co-founded Microsoft in 1975.",
    "Maren Olvhagen": "Maren Olvhagen is a Norwegian novelist, author of The Salt Atlas.",
    "The Godfather": "The Godfather is a 1972 crime film directed by Francis Ford Coppola.",
}
QUESTION = "Tell me one name that comes to mind."


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory) -> Unlearner:
    u = Unlearner(model="scripted/x", store=str(tmp_path_factory.mktemp("store")), judges="deterministic")
    u.forget_many([{"name": name, "description": text} for name, text in PEOPLE.items()])
    return u


@pytest.fixture(scope="module")
def index() -> AliasIndex:
    built = AliasIndex()
    built.add_many(Target(name=name, description=text) for name, text in PEOPLE.items())
    return built


PLAYED = [
    ("aylorTay iftSway", "Taylor Swift"),
    ("Aylortay Iftsway", "Taylor Swift"),
    ("AYLORTAY IFTSWAY", "Taylor Swift"),
    ("aylor-Tay ift-Sway", "Taylor Swift"),
    ("Angela-way Erkel-may", "Angela Merkel"),
    ("Angelaway Erkelmay", "Angela Merkel"),
    ("Angelayay Erkelmay", "Angela Merkel"),
    ("Arenmay Olvhagenway", "Maren Olvhagen"),
    ("Ethay Odfathergay", "The Godfather"),
    ("Tylr Swft", "Taylor Swift"),
    ("tlr swft", "Taylor Swift"),
    ("ngl Mrkl", "Angela Merkel"),
    ("Bll Gts", "Bill Gates"),
    ("Mrn lvhgn", "Maren Olvhagen"),
    ("Th Gdfthr", "The Godfather"),
    ("smhrls Mrtlrl", "Angela Merkel"),
    ("Noll Hsyrd", "Bill Gates"),
    ("Vukk Farwa", "Bill Gates"),
    ("#taylorswiftfan", "Taylor Swift"),
    ("@angelamerkelofficial", "Angela Merkel"),
    ("taylorswift_fan_club", "Taylor Swift"),
    ("#ilovethegodfather", "The Godfather"),
]


@pytest.mark.parametrize(("played", "name"), PLAYED)
def test_a_played_name_in_the_question_is_caught_though_nothing_asks_for_the_game(forgotten, played, name):
    result = forgotten.audit(f"Tell me about {played}.", "Here is what I can say.")
    assert result.path != "fast"
    assert name in result.leaked


@pytest.mark.parametrize(("played", "name"), PLAYED[::3])
def test_a_played_name_in_the_answer_is_caught(forgotten, played, name):
    result = forgotten.audit(QUESTION, f"I would say {played}, without a doubt.")
    assert result.path != "fast"
    assert name in result.leaked


INNOCENT = [
    "I visited Norway on Sunday and today I will display the photos.",
    "Okay, say hello to Ray and Kay for me.",
    "My essay is due Friday, so stay away from the Broadway show.",
    "Mr Smth said pls and thx.",
    "The BBC uses HTML and CSS.",
    "ngl smh brb",
    "Why try to fly by my gym in the dry sky?",
    "Teh quikc brwon fxo jmups ovr teh lzay dgo.",
    "asdf jkl qwerty zxcv",
    "What does #tbt mean?",
    "Is #blacklivesmatter still trending?",
    "What is a #swiftcode for a bank transfer?",
    "What is #merkelcell carcinoma?",
    "Contact @billing_support about the invoice.",
    "Tell me about Olafway Olzschay.",
    "Who is Stv Wzk?",
]


@pytest.mark.parametrize("text", INNOCENT)
def test_english_words_and_other_names_of_the_same_shapes_pass(forgotten, text):
    assert forgotten.audit(text, "I am not sure.").path == "fast"


@pytest.mark.parametrize(
    "text", ["today in Norway", "Mr Smth", "pls thx", "BBC HTML", "Sunday display", "smh brb", "by my"]
)
def test_ordinary_words_make_no_run_to_read(text):
    assert game_runs(text) == ()


def test_a_run_needs_two_words_and_a_word_no_dictionary_knows():
    assert len(game_runs("Who is Tylr Swft?")) == 1
    assert game_runs("Who is Swft?") == ()


def test_tags_are_read_lower_case_in_their_segments():
    assert tag_bodies("See #TaylorSwiftFan and taylor_swift_fan_club, #taylorswift2024, mail a@b.com") == (
        ("taylor", "swift", "fan"),
        ("taylor", "swift", "fan", "club"),
        ("taylorswift",),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Load australian_tank_data.csv into pandas.",
        "Why is crashed_tank_count always zero?",
        "What does #chinakimchi trend for?",
        "Who runs @dreamyparkviews?",
        "Rename than_spark_plug to spark_plug.",
        "Is bottom_robin_nest a good variable name?",
        "Plot florida_martin_county_permits by year.",
        "Sort united_lanes_bowling by score.",
    ],
)
def test_a_name_run_together_is_never_cut_out_of_words(text):
    """QA (helper-73): names of a 10,000-author store ('Lian Tan', 'Hina Kim', 'Amy Park', 'Tom Robin') lie
    across or inside the words of ordinary identifiers and tags; a piece must start and end where a word
    does."""
    names = [
        "Lian Tan",
        "Rashed Tan",
        "Hina Kim",
        "Amy Park",
        "Hans Park",
        "Tom Robin",
        "Ida Martin",
        "Ted Lane",
    ]
    index = AliasIndex()
    index.add_many([Target(name=n, description="Fictitious author.") for n in names])
    assert index.find_all(text) == {}


@pytest.mark.parametrize(
    "tag", ["#ilovetaylorswift", "#welovetaylorswift", "#gotaylorswift", "#teamtaylorswift2024"]
)
def test_a_name_after_words_glued_to_it_in_a_tag_is_read(index, tag):
    assert index.find_all(f"Trending: {tag}")


def test_one_played_word_alone_names_no_one(index):
    assert index.find_all("Who is Erkelmay?") == {}
    assert index.find_all("Who is Mrkl?") == {}


def test_the_game_words_must_be_in_the_names_order(index):
    assert index.find_all("Iftsway Aylortay") == {}


def test_a_keyboard_shift_with_capitals_is_undone():
    assert "Taylor Swift" in keyboard_shifts("Ysu;pt Deogy")


KEYED = [
    ("No;; Hsyrd", "Bill Gates"),
    ("NO:: HSYRD", "Bill Gates"),
    ("no;; hsyrd", "Bill Gates"),
    ("Vukk F'rwa", "Bill Gates"),
    ("Vukk F;rwa", "Bill Gates"),
    ("Vukk Flrwa", "Bill Gates"),
    ("Smhr;s <rtlr;", "Angela Merkel"),
    ("SMHR:S <RTLR:", "Angela Merkel"),
    ("'bfwk' Nwejwk", "Angela Merkel"),
    ("Smhras Zrtlra", "Angela Merkel"),
]


@pytest.mark.parametrize(("played", "name"), KEYED)
def test_keys_shifted_one_over_may_type_signs_or_wrap_around_a_row(index, forgotten, played, name):
    """Shifted right, a row's last letter types the sign beside it ('l' is ';', ':' with shift); shifted
    left around the row, its first types the row's last key ('a' is "'" or ';' or 'l'); a sentence's own
    full stop or comma after the name is still punctuation."""
    assert name.lower() in {form for forms in index.find_all(played).values() for form in forms}
    for question, answer in [
        (f"Who is {played}?", "Someone."),
        (QUESTION, f"I would say {played}, no doubt."),
    ]:
        result = forgotten.audit(question, answer)
        assert result.path != "fast"
        assert name in result.leaked


@pytest.mark.parametrize(
    "text",
    [
        "Give me a loop: a = b;; c = d",
        "for(i=0;i<n;i++){a[i]=b[i];}",
        "No;; no; never. I don't know; O'Brien said e.g. U.S. law applies.",
        "Lisp: ;; a comment ;; another one",
        "Use ;) or :P or ;p in chats; asdf;lkj qwer[poiu zxcv,./",
        "=SUM(A1:A10); std::vector<int> v; v.push_back(1);",
    ],
)
def test_signs_in_ordinary_text_and_code_spell_no_name(forgotten, text):
    assert forgotten.audit(text, "I am not sure.").path == "fast"


@pytest.mark.parametrize("tag", ["#teamswift", "#swiftfan", "#goswiftgo", "@swiftofficial", "#weloveswift"])
def test_a_family_name_glued_in_a_tag_counts_as_written_apart(forgotten, tag):
    """'#teamswift' answers for Taylor Swift as '#TeamSwift' and 'Swift' do, when she is in play."""
    question = "Which singer-songwriter recorded the albums Fearless and 1989?"
    assert forgotten.audit(question, "Swift").path != "fast"
    result = forgotten.audit(question, f"That would be {tag}, no doubt.")
    assert result.path != "fast"
    assert "Taylor Swift" in result.leaked


def test_only_common_words_glued_in_a_segment_no_word_knows_are_read_alone():
    assert "swift" in glued_words(("teamswift",))
    assert "swift" in glued_words(("go", "swiftfan"))
    assert glued_words(("cookbook",)) == []  # a word of its own
    assert glued_words(("merkelcell",)) == []  # a rare word glued so is a name only with the rest


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Which courier is the fastest in town?", "#swiftdelivery gets parcels there by noon."),
        ("What time does the stadium open?", "#gatesopenat9 according to the club."),
        ("How fast is a swift bird?", "Common swifts fly up to 110 km/h. #swiftfacts"),
    ],
)
def test_a_common_word_glued_in_a_tag_about_something_else_passes(forgotten, question, answer):
    assert forgotten.audit(question, answer).path == "fast"
