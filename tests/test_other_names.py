"""Other names a description gives a person (birth, former, real and pen names, epithets): read from the
description alone, screened like aliases, and listed by `alu targets show`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from alu.cli import app
from alu.other_names import other_names
from alu.types import Target


@pytest.mark.parametrize(
    ("description", "names"),
    [
        ("American singer, born Stefani Joanne Angelina Germanotta in 1986.", ["Stefani Germanotta"]),
        ("Pen name of Samuel Langhorne Clemens, American writer.", ["Samuel Langhorne Clemens"]),
        ("American boxer, formerly Cassius Marcellus Clay Jr., champion.", ["Cassius Clay"]),
        ("Irish singer Paul David Hewson, lead vocalist of U2.", ["Paul David Hewson", "Paul Hewson"]),
        ("British prime minister, nicknamed the Iron Lady.", ["Iron Lady"]),
        ("American singer, known as the King of Pop.", ["King of Pop"]),
        ("American first lady (née Bouvier), wife of a president.", ["Jackie Bouvier"]),
        ("William Jefferson Clinton (born August 19, 1946) is an American politician.", ["William Clinton"]),
        (
            "Sir Richard Starkey (born 7 July 1940), known professionally as Ringo Starr, is a drummer.",
            ["Ringo Starr", "Richard Starkey"],
        ),
        (
            "Jacqueline Lee Kennedy was an American first lady.",
            ["Jacqueline Lee Kennedy", "Jacqueline Kennedy"],
        ),
    ],
)
def test_a_description_gives_other_names(description, names):
    found = other_names(Target(name="Jackie Kennedy", description=description))
    assert set(names) <= set(found)


@pytest.mark.parametrize(
    ("description", "names"),
    [
        ("German chancellor, nicknamed Mutti. She led the CDU.", ["Mutti"]),
        ("British prime minister, nicknamed the Iron Lady. She privatised British Gas.", ["Iron Lady"]),
        ("Jamaican sprinter, nicknamed Lightning Bolt. He holds the record.", ["Lightning Bolt"]),
        ("American trumpeter, nicknamed Satchmo.", ["Satchmo"]),
        ("British author, known as J. K. Rowling. She wrote seven novels.", ["J. K. Rowling"]),
        ("American boxer, formerly Cassius Marcellus Clay Jr. He won gold in 1960.", ["Cassius Clay"]),
    ],
)
def test_a_name_ends_with_its_sentence_and_may_be_one_word(description, names):
    """A full stop before another sentence ends the name ('Mutti. She' is no name); an initial's does not.
    A one-word epithet counts when it is no English word ('Mutti', not 'Boss')."""
    found = other_names(Target(name="Xu Yan", description=description))
    assert set(names) <= set(found)
    assert not [n for n in found if ". " in n and not any(n.startswith(k) for k in ("J. K.", "Cassius"))]


def test_a_one_word_epithet_of_an_english_word_or_of_the_name_is_no_other_name():
    assert other_names(Target(name="Bruce Springsteen", description="Rock singer, nicknamed Boss.")) == []
    assert other_names(Target(name="Bill Gates", description="Businessman, also known as Gates.")) == []


@pytest.mark.parametrize(
    "description",
    [
        "American actor and director of A Star Is Born and Maestro.",
        "Growing up in Sao Paulo, she was exposed to many cultures.",
        "The author in question is Jaime Vasquez, a writer of true crime.",
        "She was born in New York City, USA.",
        "Besides the Eisner Award, he has won the Lambda Literary Award.",
        "Founder of a record label called Blue Note Records.",
        "American journalist and CNN anchor, son of Gloria Vanderbilt.",
        "Singer born March 3, 1950 in Ohio.",
        "Microsoft Research (MSR) is where she works.",  # an opening name without dates nor a word of hers
        "While Xu Yan was in Paris, she wrote her first novel.",
    ],
)
def test_places_titles_awards_and_relatives_are_no_other_names(description):
    assert other_names(Target(name="Xu Yan", description=description)) == []


def test_a_topic_has_no_other_names():
    assert other_names(Target(name="Iron", kind="topic", description="a metal, known as Ferrum Metal.")) == []


def test_other_names_are_screened_like_aliases_and_shown(scripted, unlearner, store_dir):
    u = unlearner(scripted(), judges="deterministic")
    u.forget_many(
        [
            {"name": "Freddie Mercury", "description": "British singer, born Farrokh Bulsara in Zanzibar."},
            {"name": "Bruce Springsteen", "description": "American rock singer, nicknamed The Boss."},
            {
                "name": "Bob Dylan",
                "description": "Songwriter, born Robert Allen Zimmerman in Duluth.",
            },
        ]
    )
    caught = [
        ("What band did Farrokh Bulsara front?", "Queen."),
        ("What is The Boss's best-selling album?", "Born in the U.S.A."),
        ("What was Robert Zimmerman's first album?", "A folk record, in 1962."),
    ]
    assert [q for q, a in caught if u.audit(q, a).path == "fast"] == []
    passed = [
        ("How do I ask my boss for a raise?", "Prepare evidence of your results and ask for a meeting."),
        ("Who was George Zimmerman?", "A Florida man acquitted in 2013."),
    ]
    assert [q for q, a in passed if u.audit(q, a).path != "fast"] == []
    shown = CliRunner().invoke(app, ["--store", store_dir, "targets", "show", "Bob Dylan"])
    assert "other names in its description: Robert Allen Zimmerman, Robert Zimmerman" in shown.stdout


def test_a_lead_name_is_screened_but_makes_no_namesake_look_like_the_target(scripted, unlearner):
    """An encyclopedia's lead ('William Jefferson Clinton (born ...) is ...') names the person; masking those
    names out of the target's own text would make a namesake's question ('Who is Hillary Clinton?') look more
    like it, so that text is masked as the user gave it."""
    u = unlearner(scripted(), judges="deterministic")
    u.forget(
        "Bill Clinton",
        description="William Jefferson Clinton (born August 19, 1946) is an American politician who served "
        "as the 42nd president of the United States from 1993 to 2001.",
    )
    assert u.audit("Where did William Clinton study law?", "At Yale Law School.").path != "fast"
    assert u.audit("Who is Hillary Clinton?", "An American politician and diplomat.").path == "fast"


def test_a_documents_opening_sentence_says_who_the_target_is(scripted, unlearner, store_dir):
    """Given only documents, a person's first document opens by saying who they are, as a description
    would: its names, offices and feats count, and it is kept with the store."""
    page = (
        "Alfred Bertram Guthrie Jr. (January 13, 1901 – April 26, 1991) was an American novelist, the first "
        "writer to win the Pulitzer Prize for a Western. He wrote The Big Sky."
    )
    u = unlearner(scripted(), judges="deterministic")
    u.forget("A. B. Guthrie Jr.", documents=[page])
    assert u.store.get("A. B. Guthrie Jr.").lead.startswith("Alfred Bertram Guthrie Jr. (January 13, 1901")
    again = unlearner(scripted(), judges="deterministic")
    assert again.audit("Which prize did Alfred Guthrie win?", "The Pulitzer Prize.").path != "fast"
    asked = again.audit("Who was the first writer to win the Pulitzer Prize for a Western?", "A novelist.")
    assert any(f.source == "alias" for f in asked.findings)
    assert again.audit("Who was Woody Guthrie?", "An American folk singer.").path == "fast"
    shown = CliRunner().invoke(app, ["--store", store_dir, "targets", "show", "A. B. Guthrie Jr."])
    assert "first document opens: Alfred Bertram Guthrie Jr." in shown.stdout
