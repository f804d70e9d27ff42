"""A forgotten work named by the people it credits, its kind and what its description says
(alu.credited_works): 'Coppola's 1972 film' is The Godfather; 'Coppola's 1979 film' and 'Who directed
Apocalypse Now?' are not."""

from __future__ import annotations

from typer.testing import CliRunner

from alu.cli import app
from alu.credited_works import credits_of, named_by_credit, work_kinds
from alu.store_read import from_metadata, target_metadata
from alu.types import Target

JAWS = (
    "Jaws is a 1975 American thriller film directed by Steven Spielberg, starring Roy Scheider as police "
    "chief Martin Brody, about a great white shark that terrorizes a summer resort town."
)
HANDMAID = (
    "The Handmaid's Tale is a dystopian novel by Margaret Atwood, published in 1985, set in a theocracy "
    "where fertile women are forced to bear children for the ruling class."
)
SOPRANOS = (
    "The Sopranos is an American crime drama television series created by David Chase, starring James "
    "Gandolfini as Tony Soprano, a New Jersey mob boss who sees a psychiatrist."
)
THRILLER = (
    "Thriller is the sixth studio album by Michael Jackson, released in 1982 and produced by Quincy Jones, a "
    "pop and funk record featuring Billie Jean and Beat It."
)


def _work(name: str, description: str) -> Target:
    target = Target(name=name, kind="entity", description=description)
    return target.model_copy(update={"credited": credits_of(target)})


def test_a_works_credits_are_its_makers_and_cast_and_a_person_has_none():
    assert credits_of(Target(name="Jaws", description=JAWS)) == ["roy scheider", "steven spielberg"]
    assert work_kinds([SOPRANOS]) == {"book", "show"}  # 'series'
    assert work_kinds([THRILLER]) == {"album"}
    director = "Steven Spielberg is an American film director, known for films starring Tom Hanks."
    assert work_kinds([director]) == frozenset()  # a director, not a film
    assert credits_of(Target(name="Steven Spielberg", description=director)) == []


def test_a_sentence_naming_the_maker_the_kind_and_the_year_or_distinctive_words_names_the_work():
    jaws, handmaid = _work("Jaws", JAWS), _work("The Handmaid's Tale", HANDMAID)
    sopranos, thriller = _work("The Sopranos", SOPRANOS), _work("Thriller", THRILLER)
    named = [
        (jaws, "Spielberg's 1975 thriller about a great white shark invented the summer blockbuster.", []),
        (jaws, "Roy Scheider starred in the 1975 film where a police chief hunts a killer shark.", []),
        (jaws, "The Spielberg film about a shark attacking a beach resort made its theme famous.", []),
        (
            handmaid,
            "In Atwood's dystopian novel, women are forced to bear children for the ruling class.",
            [],
        ),
        (sopranos, "James Gandolfini played a mob boss who sees a psychiatrist in the HBO series.", []),
        (thriller, "Michael Jackson's 1982 album is the best-selling album of all time.", []),
        # the maker in the question, the kind and what it says in the answer
        (handmaid, "Her dystopian novel about a theocracy.", ["What is Atwood's most famous book?"]),
        (
            sopranos,
            "Creating an HBO crime drama about a New Jersey mob boss.",
            ["What is David Chase known for?"],
        ),
    ]
    for work, text, question in named:
        assert named_by_credit(text, question, work), text
    other = [
        (jaws, "Spielberg's 1993 film Jurassic Park brought dinosaurs back to life.", []),  # another year
        (
            jaws,
            "Spielberg's war film Saving Private Ryan opens with the D-Day landings.",
            [],
        ),  # nothing of it
        (jaws, "Spielberg's thriller about a truck driver chased across the desert.", []),  # 'thriller' alone
        (handmaid, "Atwood's dystopian novel Oryx and Crake imagines a world wrecked by engineering.", []),
        (handmaid, "Margaret Atwood's 1996 novel Alias Grace is based on a real murder case.", []),
        (sopranos, "James Gandolfini's final film, The Drop, is a 2014 crime drama set in Brooklyn.", []),
        (sopranos, "Gandolfini's last drama, The Drop, is about a mob boss's bar in Brooklyn.", []),  # titled
        (thriller, "Michael Jackson's 1987 album Bad included Smooth Criminal.", []),
        (
            thriller,
            "Off the Wall, released in 1979.",
            ["What was Michael Jackson's first album with Quincy Jones?"],
        ),
        (thriller, "What was Michael Jackson's first album with Quincy Jones?", []),  # he produced others too
        (jaws, "A great white shark thriller made in 1975 terrified beachgoers.", []),  # no maker
        (jaws, "Who directed Jaws? Steven Spielberg.", []),  # the name is matched by name, not here
    ]
    for work, text, question in other:
        assert not named_by_credit(text, question, work), text


def test_a_forgotten_work_named_by_its_maker_is_withheld_and_the_makers_other_works_are_not(
    scripted, unlearner, store_dir
):
    u = unlearner(scripted(), judges="deterministic")
    u.forget("Jaws", description=JAWS)
    u.forget("The Handmaid's Tale", description=HANDMAID)
    stored = u.store.get("Jaws")
    assert stored is not None and stored.credited == ["roy scheider", "steven spielberg"]
    fact = "Tell me a fun fact."
    leaks = [
        (fact, "Spielberg's 1975 thriller about a great white shark invented the summer blockbuster."),
        ("What was Spielberg's breakthrough film?", "His 1975 shark thriller, which terrified beachgoers."),
        (fact, "Margaret Atwood's 1985 novel is set in a theocracy where fertile women must bear children."),
    ]
    for question, answer in leaks:
        result = u.audit(question, answer)
        assert result.path != "fast", answer
        assert any(f.source == "credited" for f in result.findings), answer
    kept = [
        (
            "What did Spielberg direct in 1993?",
            "Jurassic Park, about cloned dinosaurs, and Schindler's List.",
        ),
        (fact, "Spielberg's war film Saving Private Ryan opens with the D-Day landings."),
        ("What else did Margaret Atwood write?", "The Blind Assassin, which won the Booker Prize in 2000."),
        (fact, "Great white sharks can detect a drop of blood in 25 gallons of water."),
    ]
    for question, answer in kept:
        assert u.audit(question, answer).path == "fast", answer
    again = unlearner(scripted(), judges="deterministic")  # the credits are read back from the store
    assert again.audit(*leaks[0]).path != "fast"
    shown = CliRunner().invoke(app, ["--store", store_dir, "targets", "show", "Jaws"])
    assert "credits (named as their work: 'Coppola's 1972 film'): roy scheider, steven spielberg" in " ".join(
        shown.stdout.split()
    )


def test_a_target_stored_before_credits_were_derived_reads_back_with_none():
    work = _work("Jaws", JAWS)
    meta = target_metadata(work)
    assert from_metadata(meta).credited == work.credited  # stored and read back
    del meta["credited"]  # a row written by an older version
    old = from_metadata(meta)
    assert old.credited == []
    assert not named_by_credit("Spielberg's 1975 thriller about a great white shark.", [], old)
