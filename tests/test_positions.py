"""A person named by an office they hold or held ('New Zealand's 40th prime minister', 'Microsoft's CEO') or
by a family tie ('Gloria Vanderbilt's son'): read from the description, found in every shape a text gives it,
and only for the one holder it names."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from alu.cli import app
from alu.positions import Position, PositionIndex, ordinal_value, positions
from alu.types import Target

PEOPLE = {
    "Jacinda Ardern": "Politician who served as the 40th prime minister of New Zealand from 2017 to 2023.",
    "Satya Nadella": "Indian-American business executive, chief executive officer of Microsoft since 2014.",
    "Steve Ballmer": "American businessman who served as CEO of Microsoft from 2000 to 2014.",
    "Kamala Harris": "American politician who served as the 49th vice president of the United States.",
    "Sadiq Khan": "British politician, Mayor of London since 2016.",
    "Ngozi Okonjo-Iweala": "The seventh Director-General of the World Trade Organization since 2021.",
    "Emmanuel Macron": "French politician, President of France since 2017.",
    "Anderson Cooper": "American journalist and CNN anchor, son of Gloria Vanderbilt.",
    "Malia Obama": "American filmmaker, elder daughter of Barack and Michelle Obama.",
    "Hunter Biden": "American lawyer, the second son of Joe Biden.",
    "Jensen Huang": "Taiwanese-American businessman, co-founder, president and CEO of Nvidia.",
    "Elon Musk": "Businessman, chief executive officer of Tesla and SpaceX.",
    "Jeff Bezos": "American businessman, founder of Amazon and owner of The Washington Post.",
    "Anna Wintour": "British-American journalist, editor-in-chief of Vogue since 1988.",
}


def test_a_description_gives_the_offices_and_ties_that_name_one_person():
    assert positions(PEOPLE["Jacinda Ardern"]) == [
        Position("prime minister", "new zealand", 40, current=False)
    ]
    assert positions(PEOPLE["Satya Nadella"]) == [
        Position("chief executive officer", "microsoft", None, True, since=2014)
    ]
    assert positions(PEOPLE["Kamala Harris"]) == [Position("vice president", "united states", 49, False)]
    assert positions(PEOPLE["Sadiq Khan"]) == [Position("mayor", "london", None, True, since=2016)]
    assert positions("CEO of Apple Inc. since 2011.") == [
        Position("chief executive officer", "apple", None, True, since=2011)
    ]
    # roles listed before one 'of' share it, and so do organisations listed after it; founding lasts
    assert {p.phrase for p in positions(PEOPLE["Jensen Huang"])} == {
        "the founder of nvidia",
        "the president of nvidia",
        "the chief executive officer of nvidia",
    }
    assert {p.of for p in positions(PEOPLE["Elon Musk"])} == {"tesla and spacex", "tesla", "spacex"}
    assert positions(PEOPLE["Steve Ballmer"]) == []  # held in the past, no ordinal: someone else's now
    assert positions("British politician, Prime Minister of the UK 1997 to 2007.") == []
    assert positions("Former president of Harvard University.") == []
    # an ordinal without 'since' or 'is' is a past holder's: 'Who is the US president?' asks for another
    assert positions("American politician, the 44th president of the United States.") == [
        Position("president", "united states", 44, current=False)
    ]
    assert positions("Deputy prime minister of Italy since 2022.") == []  # another office
    assert positions("Author of The Salt Atlas and Frost Ledger.") == []
    assert positions(PEOPLE["Malia Obama"]) == [
        Position("daughter", "barack obama", 1, True),
        Position("daughter", "michelle obama", 1, True),
    ]
    assert positions("Ex-wife of Donald Trump.") == []
    assert [ordinal_value(w) for w in ("40th", "fortieth", "forty-sixth", "1st", "elder")] == [
        40,
        40,
        46,
        1,
        1,
    ]


@pytest.fixture(scope="module")
def index() -> PositionIndex:
    index = PositionIndex()
    index.add_many(Target(name=name, description=text, kind="entity") for name, text in PEOPLE.items())
    return index


def _named(index: PositionIndex, text: str) -> set[str]:
    names = {Target(name=n, kind="entity").id: n for n in PEOPLE}
    return {names[tid] for tid in index.find(text)}


@pytest.mark.parametrize(
    "text, who",
    [
        ("When did New Zealand's 40th prime minister resign?", "Jacinda Ardern"),
        ("Who is the fortieth prime minister of New Zealand married to?", "Jacinda Ardern"),
        ("Where did Microsoft's CEO grow up?", "Satya Nadella"),
        ("What did the Microsoft chief executive say?", "Satya Nadella"),
        ("Which university did the chief executive officer of Microsoft attend?", "Satya Nadella"),
        ("Where was the 49th vice president of the U.S. born?", "Kamala Harris"),
        ("How old is the 49th US vice-president?", "Kamala Harris"),
        ("What is the Mayor of London's salary?", "Sadiq Khan"),
        ("Where did the WTO director-general study?", "Ngozi Okonjo-Iweala"),  # held now, no ordinal asked
        ("Who was the 7th director general of the World Trade Organization before?", "Ngozi Okonjo-Iweala"),
        ("How old is the French president?", "Emmanuel Macron"),  # a country by its adjective
        ("What does Gloria Vanderbilt's son do for a living?", "Anderson Cooper"),
        ("Where did the son of Gloria Vanderbilt go to college?", "Anderson Cooper"),
        ("What did Barack Obama's elder daughter study?", "Malia Obama"),
        ("What did the Obamas' eldest daughter study?", "Malia Obama"),  # the family by its plural
        ("What is Biden's second son's profession?", "Hunter Biden"),  # whom by the family name
        ("What does the Nvidia founder always wear?", "Jensen Huang"),
        ("What does the head of SpaceX think about Mars?", "Elon Musk"),
        ("Where was the founder of Amazon born?", "Jeff Bezos"),
        ("Who is the owner of the Washington Post?", "Jeff Bezos"),
        ("What is Vogue's editor known for wearing?", "Anna Wintour"),
        ("Who was the editor of Vogue in 2005?", "Anna Wintour"),  # while she held it
        ("What did the 49th vice president do before office?", "Kamala Harris"),  # whose office unsaid
    ],
)
def test_an_office_names_its_holder_in_every_shape(index, text, who):
    assert _named(index, text) == {who}


@pytest.mark.parametrize(
    "text",
    [
        "Who was the 39th prime minister of New Zealand?",  # another holder
        "Who was the first CEO of Microsoft?",
        "What did the former Microsoft CEO buy?",
        "Who is the president of the United States?",  # another office
        "Who is the deputy mayor of London?",
        "What does a CEO do?",
        "Who is the prime minister of Canada?",
        "Who was the sixth director-general of the WTO?",
        "Who was the first president of France?",
        "Who was the French president's predecessor?",
        "Who is Barack Obama's younger daughter?",
        "Who is Joe Biden's wife?",
        "Who is Gloria Vanderbilt's father?",
        "Who was Vogue's editor before 1988?",  # before she held it
        "Who was the CEO of Microsoft in 2010?",
        "Who is the founder of Tesla?",  # a role the description does not give
        "Who was the 39th prime minister?",
        "Who was Nigeria's 49th vice president?",  # another office, numbered the same
    ],
)
def test_another_holder_or_office_names_no_one(index, text):
    assert _named(index, text) == set()


def test_withdrawing_a_person_drops_their_positions(index):
    index = PositionIndex()
    ardern, khan = (
        Target(name=n, description=PEOPLE[n], kind="entity") for n in ("Jacinda Ardern", "Sadiq Khan")
    )
    index.add_many([ardern, khan])
    index.remove(ardern.id)
    assert index.find("New Zealand's 40th prime minister") == {}
    assert set(index.find("the Mayor of London")) == {khan.id}


def test_a_question_by_office_is_screened_and_kept_across_a_reopen(scripted, unlearner, store_dir):
    u = unlearner(scripted(), judges="deterministic")
    u.forget_many([{"name": n, "description": d} for n, d in PEOPLE.items()])
    question, answer = "When did New Zealand's 40th prime minister resign?", "In January 2023."
    audit = u.audit(question, answer)
    assert audit.path != "fast" and any(f.evidence and "prime minister" in f.evidence for f in audit.findings)
    assert u.audit("What does a CEO do?", "Runs a company.").path == "fast"
    again = unlearner(scripted(), judges="deterministic")  # the saved name indexes, read back
    assert again.audit("Where did Microsoft's CEO grow up?", "In Hyderabad.").path != "fast"
    shown = CliRunner().invoke(app, ["--store", store_dir, "targets", "show", "Satya Nadella"])
    assert "named by its positions: the chief executive officer of microsoft" in shown.stdout
    u.withdraw("Satya Nadella")
    assert (
        unlearner(scripted(), judges="deterministic")
        .audit("Where did Microsoft's CEO grow up?", "In Hyderabad.")
        .path
        == "fast"
    )


KIN = {
    "Hunter Biden": "American lawyer, the second son of Joe Biden and his first wife Neilia Hunter.",
    "Malia Obama": "American filmmaker, elder daughter of Barack and Michelle Obama.",
    "Ivanka Trump": "American businesswoman, daughter of Donald Trump and Ivana Trump, and a senior adviser.",
    "Stella McCartney": "English fashion designer, daughter of Paul McCartney and Linda McCartney.",
}


def test_a_relative_the_description_names_is_not_the_target_but_reaches_it(scripted, unlearner):
    """'Joe Biden' in a description of Hunter Biden is his father: a question about Joe Biden is not about
    Hunter by the family name (nor is 'Ivana Trump', Ivanka's mother, a near spelling of her name, nor a
    key of hers), while a question that reaches the target through the relative still does."""
    u = unlearner(scripted(), judges="deterministic")
    u.forget_many([{"name": n, "description": d} for n, d in KIN.items()])
    assert u.store.get("Ivanka Trump").extracted_keys == []
    about_relatives = [
        ("When was Joe Biden born?", "November 20, 1942, in Scranton."),
        ("What did Michelle Obama study at university?", "Sociology at Princeton and law at Harvard."),
        ("Where was Barack Obama born?", "Honolulu, Hawaii."),
        ("Who was Ivana Trump?", "A Czech-American businesswoman and model."),
        ("Which band did Paul McCartney form after the Beatles?", "Wings, with his wife Linda McCartney."),
    ]
    assert [q for q, a in about_relatives if u.audit(q, a).path != "fast"] == []
    through_relatives = [
        ("What does Joe Biden's son Hunter do?", "He is a lawyer and a painter."),
        ("Which of Barack Obama's daughters studied film?", "Malia, the elder one."),
        ("What did Paul McCartney's daughter become?", "A fashion designer with her own label."),
        ("What does Ivana Trump's daughter do?", "She is a businesswoman and was a senior adviser."),
    ]
    assert [q for q, a in through_relatives if u.audit(q, a).path == "fast"] == []


def test_the_present_holder_of_an_office_someone_left_is_not_them(scripted, unlearner):
    """'Who is the German chancellor now?' asks for the present holder: a forgotten former chancellor's facts
    are close to it, but it is not about her. Asked with her ordinal, as the former one, or about what she
    does now, it still is."""
    index = PositionIndex()
    merkel = Target(
        name="Angela Merkel", description="served as the eighth Chancellor of Germany from 2005 to 2021"
    )
    index.add_many([merkel])
    assert index.left("Who is the German chancellor now?") == {merkel.id}
    assert index.left("Who is the current chancellor of Germany? Friedrich Merz, since 2025.") == {merkel.id}
    for text in [
        "Who is the German chancellor?",  # says no time: may be asked of any holder
        "Who was the German chancellor in 2010?",
        "What is the former German chancellor doing now?",
        "Where does the eighth chancellor of Germany live now?",
    ]:
        assert not index.left(text), text
    u = unlearner(scripted(), judges="deterministic")
    u.forget(
        "Angela Merkel",
        description="Angela Merkel is a German politician who served as the eighth Chancellor of Germany "
        "from 2005 to 2021. She was leader of the CDU and was trained as a quantum chemist.",
    )
    assert u.audit("Who is the German chancellor now?", "Friedrich Merz, since May 2025.").path == "fast"
    former = u.audit("What is the former German chancellor doing now?", "She is writing her memoirs.")
    assert former.path != "fast"
