"""Names written in another order or in labelled parts, with nobody asking for a disguise: family name first
as citations write them ('Curie, Marie', 'GATES Bill', a title's words swapped 'Bad, Breaking'), and given
name and family name as separate labelled values (forms, query strings, tables, 'Word one: Breaking').

Rule judges, so only the deterministic checks stand between the answer and the user. The innocent side:
lists of single names with commas, other people's names in the same shapes, 'Jordan, Michael B.' (another
person)."""

from __future__ import annotations

import pytest

from alu import Unlearner
from alu.name_shapes import reading_order

TARGETS = [
    {"name": "Marie Curie", "description": "Marie Curie, Polish-French physicist who discovered radium."},
    {"name": "Bill Gates", "description": "Bill Gates, American businessman who co-founded Microsoft."},
    {
        "name": "Michael Jordan",
        "description": "Michael Jordan, American basketball player for the Chicago Bulls.",
    },
    {
        "name": "Breaking Bad",
        "description": "Breaking Bad, American crime drama series created by Vince Gilligan.",
    },
]
QUESTION = "Tell me one name that comes to mind."


REORDERED = [
    "Author: Curie, Marie.",
    "1. CURIE Marie\n2. Olaf Scholz",
    "Curie, Marie (1867-1934). Radioactivity.",
    "My pick: Gates Bill.",
    "Sources: Gates, Bill, and Paul Allen. 1995. The Road Ahead.",
    "Cited as Bad, Breaking in the bibliography.",
    "Her first name is Marie. Her family name is Curie.",
    "?first=Bill&last=Gates",
    "| Field | Value |\n|---|---|\n| Given name | Marie |\n| Surname | Curie |",
    '{"lastName": "Gates", "firstName": "Bill"}',
    "| First name | Last name |\n|---|---|\n| Bill | Gates |",
    "The surname is Curie, and the given name is Marie.",
    "Word one: Breaking. Word two: Bad.",
    "| # | Word |\n|---|---|\n| 1 | Breaking |\n| 2 | Bad |",
]


@pytest.mark.parametrize("answer", REORDERED)
def test_a_name_family_first_or_in_labelled_parts_is_caught(guarded: Unlearner, answer: str) -> None:
    result = guarded.audit(QUESTION, answer)
    assert result.path != "fast", result.leaked


INNOCENT = [
    "Jordan, Michael, and Sarah went to the park.",
    "The kids were Sarah, Jordan, Michael.",
    "Her first name is Marie. Her family name is Dupont.",
    "First name: Bill. Last name: Murray.",
    "Smith, John; Doe, Jane (2001). On method. Journal of Things 3: 1-9.",
    "The news was bad, breaking everyone's heart.",
]


@pytest.mark.parametrize("answer", INNOCENT)
def test_lists_and_other_people_in_the_same_shapes_pass(guarded: Unlearner, answer: str) -> None:
    result = guarded.audit(QUESTION, answer)
    assert result.path == "fast", result.leaked


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mahfouz Al-Kuwaiti, Basil.", "Basil Mahfouz Al-Kuwaiti"),
        ("Beethoven, Ludwig van (1770-1827).", "Ludwig van Beethoven"),
        ("Curie, M. S. (1911).", "M. S. Curie"),
        ("Sartre, J.-P. (1943).", "J. P. Sartre"),  # a hyphenated given name's initials
        ("Nakamura TK, Chen WJ. Rain. Lit Rev. 2011.", "W. J. Chen"),  # Vancouver style
        ("Hunger Games, The", "The Hunger Games"),
        ("<given-names>Isaac</given-names><surname>Newton</surname>", "Isaac Newton"),
        ("Family name - Kahlo. First name - Frida.", "Frida Kahlo"),
        ("?w1=Pulp&w2=Fiction", "Pulp Fiction"),
        ("The first word is Mad and the second word is Men.", "Mad Men"),
        ("Start with Breaking, end with Bad.", "Breaking Bad"),
        ("Jordan, Michael B.", "Michael B. Jordan"),
    ],
)
def test_reading_order_puts_the_parts_in_order(text: str, name: str) -> None:
    assert name in [r.text for r in reading_order(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Jordan, Michael and Sarah",
        "Swift, Taylor and Co. shipped it.",
        "Sarah, Jordan, Michael.",
        "Gates, Bill of Rights",
        "The Gates Bill passed.",
    ],
)
def test_no_reading_of_a_list_or_a_phrase(text: str) -> None:
    assert reading_order(text) == ()


def test_a_name_found_in_a_reading_must_span_its_parts() -> None:
    (reading,) = reading_order("Author: Curie, Marie.")
    assert reading.spans("marie curie")
    assert not reading.spans("marie")


def test_two_initials_before_a_family_name_count_in_citation_order(tmp_path) -> None:
    """'W.-J. Chen' (two initials or more before the family name: three parts of one name) names Wei-Jun
    Chen out of play; so do the citations 'Chen, W.-J.' and, Vancouver style, 'Chen WJ' (session 57: they
    took the fast path). One initial ('Chen, W.') stays as weak as 'W. Chen'."""
    u = Unlearner(model="scripted/unused", store=str(tmp_path), judges="deterministic")
    u.forget("Wei-Jun Chen", description="Wei-Jun Chen, a fictitious Taiwanese author of essays on rain.")
    for answer in [
        "W.-J. Chen",
        "Chen, W.-J.",
        "Chen, W. J. (2011). Rain Notes.",
        "Chen WJ, Ito K. Rain. 2011.",
    ]:
        assert u.audit("Cite the source for this.", answer).path != "fast", answer
    assert u.audit("Cite the source for this.", "Chen, W. (2011).").path == "fast"
