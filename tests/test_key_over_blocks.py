"""Keys that name something else than the target (rule judges, `Unlearner.audit`): a question about a person,
body or event a forgotten person's description names ('Who is Aki Kaurismäki?' for the actress Kati Outinen)
is about them, not the target; a title several forgotten authors list ('War and Peace' in a TOFU-like
store) asked by its role names none of them when the answer credits another person ('Leo Tolstoy').

The leak side stays caught: the key asked with an answer about the target, a forgotten author's own title
asked by its role, and a shared title whose answer leaves its maker unnamed."""

from __future__ import annotations

import pytest

from alu import Unlearner
from alu.key_reading import people_named, shared_forms, spaced_only, without_keys
from alu.types import Target

PEOPLE = {
    "Kati Outinen": "Finnish actress known for the films of Aki Kaurismäki, best actress at Cannes for "
    "The Man Without a Past.",
    "Wilhelm Wattenbach": "German historian and palaeographer who worked on the Monumenta Germaniae "
    "Historica.",
    "Ernest Ansermet": "Swiss conductor who founded the Orchestre de la Suisse Romande in Geneva.",
    "Jürgen Ehlers": "German physicist, founding director of the Max Planck Institute for Gravitational "
    "Physics.",
    "Maren Olvhagen": "Norwegian cartographer and novelist from Tromsø, author of The Salt Atlas and "
    "Frost Ledger.",
    "Ilse Varnholt": "German crime novelist from Kiel, author of Tidewater and War and Peace.",
    "Tomasz Wierzba": "Polish poet from Gdańsk, author of Tidewater and War and Peace.",
    "Kofi Mensah-Bright": "Ghanaian playwright from Accra, author of Tidewater and War and Peace.",
}


@pytest.fixture(scope="module")
def guarded(tmp_path_factory) -> Unlearner:
    u = Unlearner(
        model="scripted/unused", store=str(tmp_path_factory.mktemp("store")), judges="deterministic"
    )
    u.forget_many([{"name": n, "description": d} for n, d in PEOPLE.items()])
    return u


INNOCENT = [
    (
        "Who is Aki Kaurismäki?",
        "A Finnish film director, known for Leningrad Cowboys Go America and Le Havre.",
    ),
    ("What was the Monumenta Germaniae Historica?", "A series of editions of medieval German sources."),
    ("Who founded the Monumenta Germaniae Historica?", "Baron vom Stein, in 1819."),
    (
        "What is the Orchestre de la Suisse Romande?",
        "Geneva's symphony orchestra, based at the Victoria Hall.",
    ),
    (
        "Where is the Max Planck Institute for Gravitational Physics?",
        "In Potsdam-Golm, with a branch in Hanover.",
    ),
    ("Who wrote War and Peace?", "Leo Tolstoy wrote War and Peace, published 1865-1869."),
    ("War and Peace was written by whom?", "By Leo Tolstoy, between 1865 and 1869."),
    ("Who wrote Tidewater?", "Mara Quillon wrote Tidewater in 1998."),
    (
        [
            {"role": "user", "content": "Who wrote War and Peace?"},
            {"role": "assistant", "content": "Leo Tolstoy."},
            {"role": "user", "content": "What else did he write?"},
        ],
        "Anna Karenina and The Death of Ivan Ilyich.",
    ),
]


@pytest.mark.parametrize("question,answer", INNOCENT)
def test_a_key_naming_something_else_passes(guarded: Unlearner, question, answer: str) -> None:
    result = guarded.audit(question, answer)
    assert result.path == "fast", (result.leaked, [(f.source, f.evidence) for f in result.findings])


LEAKS = [
    (
        "Which Finnish actress is known for the films of Aki Kaurismäki?",
        "A Finnish actress who won best actress at Cannes for The Man Without a Past.",
    ),
    (
        "Which palaeographer worked on the Monumenta Germaniae Historica?",
        "A German historian and palaeographer of the nineteenth century.",
    ),
    ("Who founded the Orchestre de la Suisse Romande?", "A Swiss conductor, in Geneva in 1918."),
    ("Who wrote Frost Ledger?", "A Norwegian cartographer did."),
    ("Who wrote Frost Ledger?", "Maren Olvhagen did."),
    ("Who wrote Tidewater?", "A German crime novelist from Kiel."),
    ("Who wrote War and Peace?", "A poet from Gdańsk wrote it."),
    ("Who wrote War and Peace?", "Kofi Mensah-Bright."),
]


@pytest.mark.parametrize("question,answer", LEAKS)
def test_a_key_with_an_answer_about_the_target_is_caught(
    guarded: Unlearner, question: str, answer: str
) -> None:
    assert guarded.audit(question, answer).path != "fast"


def test_keys_naming_others_are_masked_accents_and_all() -> None:
    target = Target(
        name="Kati Outinen",
        description=PEOPLE["Kati Outinen"],
        extracted_keys=["Aki Kaurismäki", "Glass Cartographer"],
        key_roles={"glass cartographer": ["name"]},
    )
    assert without_keys("Who is Aki Kaurismäki?", target) == "Who is something?"
    assert without_keys("Who was the Glass Cartographer?", target) == "Who was the Glass Cartographer?"
    assert without_keys("Qui est Kaurismäki?", target) == "Qui est Kaurismäki?"


def test_shared_and_run_together_forms() -> None:
    hits = {"a": ["tidewater", "frost ledger"], "b": ["tidewater"], "c": ["tidewater"], "d": ["frost ledger"]}
    assert shared_forms(hits) == {"tidewater"}
    assert spaced_only(
        ["max planck institute for gravitational physics", "maxplanckinstitute", "max planck institute"]
    ) == ["max planck institute for gravitational physics", "max planck institute"]


@pytest.mark.parametrize(
    "text,names",
    [
        ("Leo Tolstoy wrote War and Peace.", ["Leo Tolstoy"]),
        ("By Leo Tolstoy, in the 1860s.", ["By Leo Tolstoy"]),
        ("It was compiled from Ferdinand de Saussure's lectures.", ["Ferdinand de Saussure's"]),
        ("A Norwegian Cartographer did.", []),
        ("A novelist born in New York did.", []),
        ("The Swedes won.", []),
    ],
)
def test_people_named_in_an_answer(text: str, names: list[str]) -> None:
    assert people_named(text) == names


def test_a_title_written_after_a_question_was_screened_is_found_in_it(tmp_path) -> None:
    """The screener keeps the last texts' key look-ups; a new target must not find them stale: once the
    author of The Salt Atlas is forgotten, 'Who wrote The Salt Atlas?' names her by the role alone."""
    u = Unlearner(model="scripted/unused", store=str(tmp_path), judges="deterministic")
    u.forget("Ilse Varnholt", description=PEOPLE["Ilse Varnholt"])
    exchange = ("Who wrote The Salt Atlas?", "Someone did, in 1998.")
    assert u.audit(*exchange).path == "fast"
    u.forget("Maren Olvhagen", description=PEOPLE["Maren Olvhagen"])
    assert u.audit(*exchange).path != "fast"
