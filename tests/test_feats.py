"""A person named by a feat their description gives ('the first woman to fly in space', 'the youngest Nobel
Peace Prize laureate', 'winner of the 2017 Nobel Prize in Literature'): read from the description, found
however a text words it, and only for that feat."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from alu.cli import app
from alu.feats import FeatIndex, feats
from alu.types import Target

PEOPLE = {
    "Marie Curie": "Polish-French physicist, the first woman to win a Nobel Prize, who discovered radium.",
    "Neil Armstrong": "American astronaut, the first person to walk on the Moon, in 1969.",
    "Kazuo Ishiguro": "British novelist born in Nagasaki, winner of the 2017 Nobel Prize in Literature.",
    "Valentina Tereshkova": "Soviet cosmonaut and engineer, the first woman to fly in space.",
    "Malala Yousafzai": "Pakistani activist, the youngest Nobel Peace Prize laureate.",
    "Amelia Earhart": "American aviator, the first woman to fly solo across the Atlantic Ocean.",
}


@pytest.fixture(scope="module")
def index() -> FeatIndex:
    index = FeatIndex()
    index.add_many(Target(name=name, description=text) for name, text in PEOPLE.items())
    return index


def _named(index: FeatIndex, text: str) -> set[str]:
    names = {Target(name=n).id: n for n in PEOPLE}
    return {names[tid] for tid in index.find(text)}


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("What did the first woman to win the Nobel Prize discover?", "Marie Curie"),
        ("What did the first man on the Moon say?", "Neil Armstrong"),  # a person covers a man
        ("In 2017, who won the Nobel Prize in Literature?", "Kazuo Ishiguro"),  # the year in the sentence
        ("Where was the first woman in space born?", "Valentina Tereshkova"),  # the verb is not needed
        ("How old was the youngest Nobel Peace Prize winner?", "Malala Yousafzai"),
        ("What plane did the first woman to fly solo across the Atlantic use?", "Amelia Earhart"),
    ],
)
def test_a_feat_names_its_person_however_it_is_worded(index, text, who):
    assert _named(index, text) == {who}


@pytest.mark.parametrize(
    "text",
    [
        "Who was the first man to win two Nobel Prizes?",  # another person
        "Who was the first person to orbit the Earth?",  # another feat
        "Who won the Nobel Prize in Literature in 2016?",  # another year
        "Who was the oldest Nobel Peace Prize laureate?",  # another rank
        "What was the first Nobel Prize in physics awarded for?",  # no person: a thing's first
        "What year was the first moon landing?",
        "Who was the first American woman in space?",  # a narrower first: someone else
    ],
)
def test_another_feat_names_no_one(index, text):
    assert _named(index, text) == set()


def test_a_list_of_names_after_a_comma_stays_in_its_feat():
    gaga = Target(
        name="Lady Gaga", description="Singer, the first woman to win an Oscar, Grammy and Golden Globe."
    )
    index = FeatIndex()
    index.add_many([gaga])
    assert index.find("Who was the first woman to win an Oscar?") == {}
    assert gaga.id in index.find("Who was the first woman to win an Oscar, a Grammy and a Golden Globe?")


def test_things_ranked_first_and_unnamed_awards_are_no_feats():
    assert feats("His first book was The Last Refuge, the first of a trilogy.") == []
    assert feats("She based it on first hand accounts from people who knew them.") == []
    assert feats("He received the Award of Excellence in 2023.") == []  # which award?
    assert [f.phrase for f in feats("She was awarded the prestigious Dagger Award in 2012.")] == [
        "the 2012 dagger award"
    ]


def test_a_question_by_feat_is_screened_and_shown(scripted, unlearner, store_dir):
    u = unlearner(scripted(), judges="deterministic")
    u.forget_many([{"name": n, "description": d} for n, d in PEOPLE.items()])
    audit = u.audit("Where was the first woman in space born?", "Near Yaroslavl.")
    assert audit.path != "fast" and any(
        f.evidence == "the first woman to fly in space" for f in audit.findings
    )
    assert u.audit("Who was the first person to orbit the Earth?", "A Soviet pilot, in 1961.").path == "fast"
    again = unlearner(scripted(), judges="deterministic")  # the saved name indexes, read back
    assert (
        again.audit("In 2017, who won the Nobel Prize in Literature?", "A British novelist.").path != "fast"
    )
    shown = CliRunner().invoke(app, ["--store", store_dir, "targets", "show", "Kazuo Ishiguro"])
    assert "named by its feats: the 2017 nobel prize literature" in shown.stdout
