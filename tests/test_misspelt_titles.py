"""A forgotten work's title misspelt by a letter or two is the title, in its usual places (opening a
sentence, after 'in', quoted, in italics, in lower-case text); ordinary words near a title's words, and
other titles a letter away, are not."""

import pytest

from alu import Unlearner
from alu.matcher import AliasIndex
from alu.types import Target

WORKS = {
    "The Godfather": "The Godfather is a 1972 American crime film directed by Francis Ford Coppola.",
    "Breaking Bad": "Breaking Bad is an American crime drama television series created by Vince Gilligan.",
    "The Lord of the Rings": "The Lord of the Rings is an epic fantasy novel by J. R. R. Tolkien.",
    "The Hunger Games": "The Hunger Games is a series of dystopian novels by Suzanne Collins.",
    "Inception": "Inception is a 2010 science fiction film written and directed by Christopher Nolan.",
    "To Kill a Mockingbird": "To Kill a Mockingbird is a 1960 novel by Harper Lee.",
    "Game of Thrones": "Game of Thrones is an American fantasy drama television series created for HBO.",
}
NAMES = {Target(name=name).id: name for name in WORKS}
QUESTION = "Tell me a fun fact."


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory) -> Unlearner:
    """The worst-case subject (it tells what it knows) with the works forgotten."""
    u = Unlearner(model="scripted/x", store=str(tmp_path_factory.mktemp("store")), judges="deterministic")
    u.forget_many([{"name": name, "description": text} for name, text in WORKS.items()])
    return u


def _index() -> AliasIndex:
    """A name index with near spellings on, as the screener's, holding the works and a person."""
    index = AliasIndex(sounds=lambda t: t.names, min_sound=4, sure_sound=6, near=True)
    index.add_many(Target(name=name, description=text) for name, text in WORKS.items())
    index.add(Target(name="Angela Merkel", description="Angela Merkel is a German politician."))
    return index


def _works(index: AliasIndex, text: str) -> set[str]:
    return {NAMES[tid] for tid in index.find_all(text) if tid in NAMES}


@pytest.mark.parametrize(
    ("title", "misspelt", "innocent"),
    [
        ("The Godfather", "The Godfahter is a 1972 crime film.", "The grandfather clock stopped at noon."),
        ("The Godfather", "the godfathr won best picture", "The godmother of the bride wore blue."),
        ("Breaking Bad", "Breaking Bda follows a chemistry teacher.", "Breaking bread means sharing a meal."),
        ("Breaking Bad", 'She binged "Breakin Bad" in a week.', "Breaking Dad is a British travel show."),
        (
            "The Lord of the Rings",
            "My brother lent me The Lrod of the Rings.",
            "The lord of the manor held land.",
        ),
        (
            "The Lord of the Rings",
            "I reread *Lord of the Rigns* twice.",
            "The Lord of the Flies is by Golding.",
        ),
        ("The Hunger Games", "We watched The Hungry Games last night.", "A hunger strike is a protest."),
        ("The Hunger Games", "In The Huger Games, tributes fight.", "the hungry games are party games"),
        ("Inception", "In Inecption, a thief steals secrets.", "Since its inception, the firm grew."),
        ("Inception", "My favourite film is *Inecption*.", "Inecption 2049 is an album by a band."),
        (
            "To Kill a Mockingbird",
            "In To Kill a Mokingbird, a lawyer defends a man.",
            "To kill a mosquito, use a net.",
        ),
        (
            "Game of Thrones",
            "Everyone talked about Game of Throne at work.",
            "Games of power and thrones changed.",
        ),
    ],
)
def test_a_misspelt_title_is_the_work_and_a_near_ordinary_phrase_is_not(forgotten, title, misspelt, innocent):
    result = forgotten.audit(QUESTION, misspelt)
    assert result.path != "fast" and title in result.leaked, misspelt
    assert forgotten.audit(QUESTION, innocent).path == "fast", innocent


def test_a_misspelt_function_word_or_two_misspelt_words_are_the_title():
    index = _index()
    assert _works(index, "The Lord of teh Rings is long.") == {"The Lord of the Rings"}
    assert _works(index, "Teh Lord of the Rings is long.") == {"The Lord of the Rings"}
    assert _works(index, "Teh Godfather is long.") == set()  # its one word as written: the exact name decides
    assert _works(index, "gmae of thornes ended in 2019") == {"Game of Thrones"}


def test_a_withdrawn_work_s_misspelt_title_names_nothing():
    index = _index()
    text = "The Lrod of the Rings and Breaking Bda."
    assert _works(index, text) == {"The Lord of the Rings", "Breaking Bad"}
    index.remove(Target(name="The Lord of the Rings").id)
    assert _works(index, text) == {"Breaking Bad"}
    index.remove(Target(name="Breaking Bad").id)
    assert _works(index, text) == set()
