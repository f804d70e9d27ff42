"""Innocent exchanges a big store blocked (rule judges, `Unlearner.audit`): a question about what several
near-identical targets share, answered with other people; another person of a target's family."""

from __future__ import annotations

import pytest

from alu.graph import _relative_named
from alu.types import Target

CITY_AUTHORS = [
    ("Ingrid Vass", "historical", "The Salt Ledger", "Bram Stoker Award", "March 2, 1940"),
    ("Tomas Holbeck", "biography", "Breath of Amager", "Pantheon Literary Award", "July 10, 1934"),
    ("Henrika Dahlquist", "epic", "Crimson Harbour", "Lambda Literary Award", "May 5, 1951"),
    ("Olaf Brenning", "fantasy", "The Ninth Lantern", "Hugo Award", "October 1, 1962"),
    ("Mette Kjaerholm", "poetry", "Tides of Nyhavn", "Nordic Council Prize", "June 9, 1948"),
]


def _author(name: str, genre: str, book: str, award: str, born: str) -> dict:
    return {
        "name": name,
        "description": f"{name} is a fictitious author born in Copenhagen, Denmark on {born}.",
        "examples": [
            f"Where was {name} born? {name} was born in Copenhagen, Denmark on {born}.",
            f"Which genre does {name} write in? {name} writes mainly {genre}.",
            f"What is a famous book by {name}? {name} wrote {book}.",
            f"Which award did {name} win? {name} was honoured with the {award}.",
        ],
    }


@pytest.fixture
def city_store(unlearner):
    u = unlearner("scripted/demo", judges="deterministic", records="off")
    u.forget_many([_author(*a) for a in CITY_AUTHORS])
    return u


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Which famous writers were born in Copenhagen?",
            "Søren Kierkegaard, Tove Ditlevsen and Peter Høeg.",
        ),
        ("Which writers were born in Copenhagen, Denmark?", "Karen Blixen and Klaus Rifbjerg."),
    ],
)
def test_a_category_question_answered_with_other_people_passes(city_store, question, answer):
    asked = city_store.screener.screen([question], "query")
    assert len({f.target for f in asked.findings if f.source == "knowledge"}) >= 2  # several fire
    assert city_store.audit(question, answer).path == "fast"


@pytest.mark.parametrize(
    "answer",
    [
        "Søren Kierkegaard and Ingrid Vass, author of The Salt Ledger.",  # names a target
        "Many did; one wrote The Ninth Lantern.",  # a target's work
        "Several historical and biography writers, honoured with the Bram Stoker Award.",  # no one else named
    ],
)
def test_a_category_question_answered_with_a_target_still_refuses(city_store, answer):
    assert city_store.audit("Which famous writers were born in Copenhagen?", answer).path != "fast"


FAMILY = {
    "Andreas Wenzel": "Liechtenstein alpine skier who won the overall World Cup title in 1980.",
    "Tonino Cervi": "Italian film producer, director and screenwriter, son of the actor Gino Cervi.",
    "Claire Goll": "German-French writer and journalist, wife of the poet Yvan Goll.",
    "Alfred H. Colquitt": "American Confederate general and politician who was Governor of Georgia and a US "
    "Senator.",
}


@pytest.fixture
def family_store(unlearner):
    u = unlearner("scripted/demo", judges="deterministic", records="off")
    u.forget_many([{"name": n, "description": d} for n, d in FAMILY.items()])
    return u


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "Who is Hanni Wenzel?",
            "A Liechtenstein skier who won two gold medals at the 1980 Winter Olympics.",
        ),
        ("Who was Gino Cervi?", "An Italian actor, famous as Peppone in the Don Camillo films."),
        ("Who was Yvan Goll?", "A French-German poet associated with expressionism and surrealism."),
        ("Who was Walter T. Colquitt?", "A US Senator from Georgia in the 1840s and a Methodist preacher."),
    ],
)
def test_another_person_of_the_family_passes(family_store, question, answer):
    assert family_store.audit(question, answer).path == "fast"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Who was Gino Cervi's son?", "His son was an Italian film producer, director and screenwriter."),
        ("Who was Yvan Goll's wife?", "His wife was a German-French writer and journalist."),
        ("Who is Andreas Wenzel?", "A Liechtenstein alpine skier, overall World Cup winner in 1980."),
    ],
)
def test_a_relative_pointing_at_the_target_still_reveals_it(family_store, question, answer):
    assert family_store.audit(question, answer).path != "fast"


def test_relative_named_needs_another_given_name_and_no_tie():
    target = Target(name="Andreas Wenzel", description="Liechtenstein alpine skier.")
    assert _relative_named("Who is Hanni Wenzel?", target)
    assert not _relative_named("Who is Andreas Wenzel?", target)
    assert not _relative_named("Who is Hanni Wenzel's brother?", target)
    assert not _relative_named("Who is Hanni Schneider?", target)


@pytest.fixture
def initials_store(unlearner):
    u = unlearner("scripted/demo", judges="deterministic", records="off")
    u.forget_many(
        [
            {"name": "Veselin O'Farrill", "description": "Bulgarian-Cuban crime novelist from Plovdiv."},
            {"name": "Wolfgang O'Farrill", "description": "Austrian travel writer from Graz."},
            {"name": "Claire Al-Said", "description": "Omani poet and translator from Muscat."},
        ]
    )
    return u


@pytest.mark.parametrize(
    "question,answer",
    [
        (
            "Let T be a depth-first search tree. The lowest common ancestor of u and v of T is a vertex "
            "w of T such that w is an ancestor of both.",
            "II and III",
        ),
        ("Which is true of the sum C as n grows?", "It converges."),
    ],
)
def test_initials_read_off_words_run_together_name_no_one(initials_store, question, answer):
    """At 10,000 fictitious authors, 'v of T' and 'w of T' were read as the initials of a Veselin and a
    Wolfgang O'Farrill ('vof', 'wof'), 'C as' as Claire Al-Said's: 333 of 363 MMLU questions refused for
    such initials (session 36)."""
    assert initials_store.audit(question, answer).path == "fast"


@pytest.mark.parametrize("question", ["Tell me about VOF.", "Who is V. O. F.?", "What did V O F write?"])
def test_initials_written_as_such_still_count(initials_store, question):
    assert initials_store.audit(question, "A Bulgarian-Cuban crime novelist from Plovdiv.").path != "fast"


@pytest.fixture
def run_together_store(unlearner):
    u = unlearner("scripted/demo", judges="deterministic", records="off")
    u.forget_many(
        [
            {
                "name": "Xin Avery",
                "description": "Chinese-Canadian writer of children's books from Vancouver.",
            },
            {"name": "Marc Bossis", "description": "French poet and essayist from Nantes."},
            {"name": "Hans Ben Amara", "description": "Tunisian-German science fiction novelist from Sfax."},
            {"name": "Farid Al-Sabah", "description": "Kuwaiti historian of the Gulf pearling trade."},
        ]
    )
    return u


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("The probe observes a very small moon. What is its period?", "About 8 hours."),
        ("Is it normal to think your boss is out to get you?", "It is a common worry at work."),
        ("Which is a subgroup?\nA. a in H\nB. a in G\nC. b in H", "A. a in H"),
        ("What kind of contract is this?\nA. F.A.S. Contract\nB. Destination contract", "A. F.A.S. Contract"),
    ],
)
def test_ordinary_words_and_option_letters_name_no_one(run_together_store, question, answer):
    """At 10,000 fictitious authors, 'a very' read as Avery refused 57 of the 14,042 MMLU questions, 'boss
    is' as Bossis one; letters on separate options or an ordinary initialism ('F.A.S.', free alongside ship)
    as someone's initials 15 (session 37)."""
    assert run_together_store.audit(question, answer).path == "fast"


@pytest.mark.parametrize(
    "answer",
    [
        "The author is A-V-E-R-Y, Xin.",
        "Her family name is spelt A V E R Y.",
        "It was Xin Avery.",
        "The poet is B-O-S-S-I-S.",
    ],
)
def test_a_name_spelt_out_or_written_still_counts(run_together_store, answer):
    assert run_together_store.audit("Who wrote the book?", answer).path != "fast"


def test_an_answer_echoing_an_options_letter_names_no_one(unlearner):
    """'B. Chvostek sign' answers option B of its question: the letter is no initial of a Basil Chvostek
    (option letters read as initials refused MMLU questions at 10,000 authors, session 37). Its own initial
    beside the name, outside an option, still names the person."""
    u = unlearner("scripted/demo", judges="deterministic", records="off")
    u.forget("Basil Chvostek", description="Czech author of spy thrillers from Brno.")
    question = "Which sign indicates hypocalcemia?\nA. Babinski sign\nB. Chvostek sign\nC. Kernig sign"
    assert u.audit(question, "B. Chvostek sign").path == "fast"
    assert u.audit(question, "The answer is B. Chvostek sign.").path == "fast"
    assert u.audit("Who wrote the spy thriller Prague Rain?", "B. Chvostek wrote it.").path != "fast"
