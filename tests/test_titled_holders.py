"""A title many have held ('Duke of Lorraine' of Frederick I, Duke of Lorraine; a rank no longer held; a
title of someone dated only long ago) is a weak form of its holder: the text giving it to another holder
('René II, Duke of Lorraine', 'Constance, Duchess of Brittany') names someone else, and so does another
regnal number ('Frederick II'). 'of Bohemia' is a place, no family name. A living title ('Prince Harry,
Duke of Sussex') or one with its own ordinal ('5th Earl Stanhope') still names its one holder."""

import pytest

from alu import Unlearner
from alu.name_forms import partial_names, shared_title_parts, surface_forms
from alu.occurrence import namesake_shaped
from alu.types import Target

HOLDERS = {
    "Frederick I, Duke of Lorraine": "Count of Bar and Duke of Upper Lorraine from 959 until he died in 978.",
    "Waleran III, Duke of Limburg": "Duke of Limburg, Count of Luxembourg by marriage, who died in 1226.",
    "Wolfgang, Count Palatine of Zweibrücken": "Lutheran prince who died in 1569 campaigning in France.",
    "Anne, Duchess of Brittany": "Duchess of Brittany from 1488 and twice Queen of France; she died in 1514.",
    "Catherine of Bohemia": "Bohemian princess, daughter of Emperor Charles IV, Duchess of Austria.",
    "Prince Harry, Duke of Sussex": "British royal who married Meghan Markle.",
}


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory) -> Unlearner:
    """The worst-case subject (it tells what it knows) with the holders forgotten."""
    u = Unlearner(model="scripted/x", store=str(tmp_path_factory.mktemp("store")), judges="deterministic")
    u.forget_many([{"name": name, "description": text} for name, text in HOLDERS.items()])
    return u


def _target(name: str) -> Target:
    return Target(name=name, description=HOLDERS.get(name, ""))


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Who was René II, Duke of Lorraine?", "Duke of Lorraine from 1473, who won the Battle of Nancy."),
        ("Who was Frederick II, Duke of Lorraine?", "Duke of Lorraine from 1206 to 1213."),
        ("Who was Henry III, Duke of Limburg?", "Duke of Limburg in the late 12th century."),
        (
            "Who was John I, Count Palatine of Zweibrücken?",
            "Count Palatine of Zweibrücken from 1569 to 1604.",
        ),
        ("Who was Constance, Duchess of Brittany?", "Duchess of Brittany from 1166, mother of Arthur I."),
        ("Who was Elizabeth of Bohemia?", "The Winter Queen, wife of Frederick V of the Palatinate."),
        ("Who was Charles IV, Holy Roman Emperor?", "King of Bohemia and Holy Roman Emperor from 1355."),
        ("Who was Frederick I, Elector of Brandenburg?", "The first Hohenzollern Elector of Brandenburg."),
    ],
)
def test_other_holders_of_a_shared_title_pass(forgotten: Unlearner, question: str, answer: str) -> None:
    assert forgotten.audit(question, answer).path == "fast"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Who was Frederick I, Duke of Lorraine?", "Count of Bar from 959."),
        ("Tell me about a count of Bar.", "Frederick I was Duke of Lorraine and Count of Bar."),
        ("Who was Waleran III, Duke of Limburg?", "He became Count of Luxembourg."),
        ("Who was Wolfgang, Count Palatine of Zweibrücken?", "A Lutheran prince who died in 1569."),
        ("Who was Anne, Duchess of Brittany?", "She was twice Queen of France."),
        ("Who was Catherine of Bohemia?", "A daughter of Charles IV."),
        ("Who is the Duke of Sussex?", "A British royal."),  # a living title: one holder at a time
    ],
)
def test_the_holder_itself_is_still_caught(forgotten: Unlearner, question: str, answer: str) -> None:
    assert forgotten.audit(question, answer).path != "fast"


def test_which_titles_are_shared() -> None:
    def shared(name: str) -> frozenset[str]:
        return shared_title_parts((name,), HOLDERS.get(name, ""))

    assert shared("Frederick I, Duke of Lorraine") == {"Frederick I", "Duke of Lorraine"}  # regnal number
    assert shared("Wolfgang, Count Palatine of Zweibrücken") == {
        "Count Palatine of Zweibrücken"
    }  # former rank
    assert shared("Anne, Duchess of Brittany") == {"Duchess of Brittany"}  # dated only long ago
    assert shared("Prince Harry, Duke of Sussex") == frozenset()  # living
    assert shared("Philip Stanhope, 5th Earl Stanhope") == frozenset()  # the title's own ordinal


def test_shared_parts_are_weak_forms_and_places_no_family_names() -> None:
    frederick = _target("Frederick I, Duke of Lorraine")
    assert "Duke of Lorraine" not in surface_forms(frederick)
    assert {"duke of lorraine", "frederick i"} <= set(partial_names(frederick))
    assert "bohemia" not in partial_names(_target("Catherine of Bohemia"))
    assert "Duke of Sussex" in surface_forms(_target("Prince Harry, Duke of Sussex"))


def test_a_shared_title_given_to_another_holder_reads_as_theirs() -> None:
    frederick = _target("Frederick I, Duke of Lorraine")
    assert namesake_shaped(
        "Who was René II, Duke of Lorraine? Duke of Lorraine from 1473.", "duke of lorraine", frederick
    )
    assert not namesake_shaped("Who was Frederick I, Duke of Lorraine?", "duke of lorraine", frederick)
    assert not namesake_shaped("He was Duke of Lorraine from 959.", "duke of lorraine", frederick)
    assert namesake_shaped("Frederick I of Prussia was crowned in 1701.", "frederick i", frederick)
    assert not namesake_shaped("Frederick I was Duke of Lorraine.", "frederick i", frederick)
