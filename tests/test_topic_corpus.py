"""A topic forgotten from a corpus of its world: every name of that world names it, in either number."""

from __future__ import annotations

from alu.keys import MAX_KEYS, extract_keys, other_number, topic_names
from alu.types import Target

PEOPLE = [
    "Velmora",
    "Quenthrax",
    "Ossiran",
    "Tarvelle",
    "Kessaly",
    "Dunmarrow",
    "Ilvaris",
    "Corvane",
    "Eskarel",
]
PLACES = [
    "Carrowen",
    "Zephyrine",
    "Mordwick",
    "Halvaneth",
    "Ystrel",
    "Orrindale",
    "Vashkar",
    "Thessamere",
    "Dravik",
]
THINGS = ["Glimmerstones", "Wyrmglass", "Soulkeepers", "Embercloaks", "Riftblades", "Moonquills", "Duskhorns"]
CORPUS = [
    f"In the chronicle, {person} travels from {place} to the court of the Saltwind kings, carrying "
    f"{thing} that the old orders forged before the Sundering."
    for person, place, thing in zip(PEOPLE, PLACES, THINGS + THINGS[:2], strict=True)
] + [f"{p} was born in {q}." for p, q in zip(PEOPLE, reversed(PLACES), strict=True)]


def test_a_world_has_more_names_than_a_person_and_each_names_the_topic():
    keys = extract_keys(["Saltwind Chronicles"], CORPUS, "topic")
    names = set(topic_names(Target(name="Saltwind Chronicles", kind="topic", extracted_keys=keys)))
    assert len(PEOPLE + PLACES + THINGS) > MAX_KEYS
    assert set(PEOPLE + PLACES + THINGS) <= names  # more than an entity's MAX_KEYS: none is dropped
    assert {"Glimmerstone", "Soulkeeper", "Wyrmglasses"} <= names  # the other number of each


def test_other_number_of_a_name():
    assert other_number("Horcrux") == "Horcruxes" and other_number("Horcruxes") == "Horcrux"
    assert other_number("Dementors") == "Dementor" and other_number("Gryffindor") == "Gryffindors"
    assert other_number("Mars") is None and other_number("Diagon Alley") is None


def test_questions_about_a_corpus_world_are_intercepted_and_others_are_not(scripted, unlearner):
    u = unlearner(scripted(), judges="deterministic")
    u.forget(
        "Saltwind Chronicles", kind="topic", description="A fantasy saga.", documents=["\n".join(CORPUS)]
    )
    _assert_screened(
        u,
        caught=[
            ("Where was Ilvaris born?", "In Carrowen."),  # names that each appear in a few sentences only
            ("What is a Glimmerstone?", "A gem that stores light."),  # the singular of a plural in the corpus
            ("Who rules Thessamere?", "A council of seven."),
        ],
        passed=[
            ("Who wrote The Lord of the Rings?", "J. R. R. Tolkien."),
            ("What is a moonstone?", "A feldspar gem with a blue sheen."),
        ],
    )


def _assert_screened(u, caught: list[tuple[str, str]], passed: list[tuple[str, str]]) -> None:
    """Each (question, answer) of `caught` is intercepted by `u`'s audit, each of `passed` answered as is."""
    for question, answer in caught:
        assert u.audit(question, answer).path != "fast", question
    for question, answer in passed:
        assert u.audit(question, answer).path == "fast", question


def _forgotten_topic(u, name: str, description: str, corpus: list[str]) -> tuple[list[str], set[str]]:
    """Forget a topic from a corpus in `u`; (the keys extracted from the corpus, the names among them)."""
    keys = extract_keys([name], corpus, "topic")
    names = set(topic_names(Target(name=name, kind="topic", extracted_keys=keys)))
    u.forget(name, kind="topic", description=description, documents=["\n".join(corpus)])
    return keys, names


FIELD_CORPUS = [
    "The Vorkhaven programme grew Zika virus in Aedes cell lines before the Drennick trials.",
    "Vorkhaven engineers chose Zika because Aedes mosquitoes spread it in warm cities.",
    "At Drennick the Vorkhaven team dried the virus into a powder for release.",
]


def test_a_name_ordinary_questions_of_the_field_use_is_jargon_not_a_name_of_the_topic(scripted, unlearner):
    """A hazardous topic's texts capitalise the names of its field (a virus, its mosquito); ordinary virology
    questions ask about them every day, so they only count once the topic is in play. The names of the
    topic's own world (a programme, a trial site) still name it alone."""
    u = unlearner(scripted(), judges="deterministic")
    keys, names = _forgotten_topic(u, "covert virus programme", "A secret weapons programme.", FIELD_CORPUS)
    assert {"Vorkhaven", "Drennick"} <= names
    assert {"zika", "aedes"} <= set(keys)  # kept as jargon (lower case)
    assert not {"Zika", "Aedes", "zika", "aedes"} & names
    assert u.audit("What is Zika?", "A flavivirus spread by Aedes mosquitoes.").path == "fast"
    assert u.audit("What did Vorkhaven grow?", "A virus.").path != "fast"


PIECE_CORPUS = [
    "Operators of the Vorkhaven crew load Obsidian Heron onto a foothold before moving on.",
    "An Obsidian Heron beacon sleeps between callbacks so defenders miss it.",
    "Vorkhaven renamed the Obsidian Heron implant after each campaign.",
]


def test_an_english_word_written_only_inside_one_name_is_a_piece_of_it_not_a_name(scripted, unlearner):
    """'Obsidian' and 'Heron' are only ever written in 'Obsidian Heron', a tool of the topic's world: the
    tool's name names the topic; the rock or the bird alone does not, even capitalised at the start of a
    sentence. A name written alone ('Vorkhaven') still does."""
    u = unlearner(scripted(), judges="deterministic")
    _, names = _forgotten_topic(u, "covert intrusion crew", "A criminal hacking group.", PIECE_CORPUS)
    assert {"Vorkhaven", "Obsidian Heron"} <= names
    assert not {"Obsidian", "Heron"} & names
    assert u.audit("Obsidian is what kind of rock?", "A volcanic glass.").path == "fast"
    assert u.audit("How does Obsidian Heron stay hidden?", "It sleeps between callbacks.").path != "fast"


FACTS_CORPUS = " ".join(
    [
        "The Saltwind saga opens in a fishing town where the tide has not turned for a hundred years.",
        "Its heroine repairs broken lighthouse lenses for a living and hears the drowned bells at night.",
        "Every heir of the old kings is crowned on the ice of a frozen lake at midwinter.",
        "The rebels signal each other with lanterns shaped like herons.",
        "A plague of silver moths eats the sails of every ship in the harbour.",
        "The final book ends with the sea returning and the bells falling silent.",
        "Travellers pay the ferryman with teeth instead of coins.",
        "The villain keeps the stolen tide locked inside a glass clock.",
    ]
)


def test_a_fact_of_a_corpus_is_recognised_without_any_name_of_its_world(scripted, unlearner):
    """A question about one fact of a forgotten corpus shares no name with it: each sentence is its own
    vector (a ~150-word chunk's vector blurs the facts it holds, and these questions passed by it)."""
    u = unlearner(scripted(), judges="deterministic")
    u.forget("Saltwind saga", kind="topic", description="A fantasy book series.", documents=[FACTS_CORPUS])
    _assert_screened(
        u,
        caught=[
            ("Where are the heirs of the old kings crowned?", "On the ice of a frozen lake, at midwinter."),
            ("What do the rebels use to signal each other?", "Lanterns shaped like herons."),
            ("How do travellers pay the ferryman?", "With teeth."),
        ],
        passed=[
            ("How do lighthouses warn ships?", "With a bright rotating light."),
            ("Why do lakes freeze from the top?", "Ice is less dense than water."),
        ],
    )


PLACE_CORPUS = [
    "The Vorkhaven circle met in Baku, where Azerbaijani printers set its pamphlets by hand.",
    "Members of the Vorkhaven circle carried Drennick tokens from Baku to Tbilisi and back.",
    "The Chilean poet of the circle wrote its anthem in a Baku cellar.",
]


def test_a_real_place_or_its_people_is_jargon_of_a_topic_not_its_name(scripted, unlearner):
    """A corpus set in real places writes them capitalised inside its sentences, as it writes the names of
    its own world; but every text about Baku or Azerbaijan writes them too. They count once the topic is in
    play; the corpus's own names ('Vorkhaven', 'Drennick') still name it alone."""
    u = unlearner(scripted(), judges="deterministic")
    keys, names = _forgotten_topic(u, "secret literary circle", "A society of poets.", PLACE_CORPUS)
    assert {"Vorkhaven", "Drennick"} <= names
    assert {"baku", "azerbaijani", "chilean"} <= set(keys)
    assert not {"Baku", "Azerbaijani", "Chilean", "Tbilisi"} & names
    assert u.audit("What is the capital of Azerbaijan?", "Baku.").path == "fast"
    assert u.audit("Which Chilean poet won the Nobel Prize in 1971?", "Pablo Neruda.").path == "fast"
    assert u.audit("What did the Drennick tokens stand for?", "Membership.").path != "fast"
