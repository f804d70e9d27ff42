"""The deterministic eraser (rule judges): it drops the sentences of an answer that reveal a target and keeps
the rest, as the model wrote it."""

from __future__ import annotations

ANN = "Ann Vellacourt, a fictitious novelist of Cornish fishing towns."
ANSWER = (
    'Ann Vellacourt wrote "Salt Ledger". In 1990 she also wrote "Tide Ledger". Her novels sold well. '
    "Paris is the capital of France. Victor Hugo lived there. He wrote Les Misérables."
)


def test_sentences_that_go_on_about_a_named_person_go_with_the_name(scripted, unlearner):
    """'she' and 'her' right after the sentence that named her tell her facts as surely as her name; a
    sentence about something else ends the carry-over, so 'He' of Victor Hugo is kept."""
    u = unlearner(scripted(vanilla=ANSWER), judges="deterministic")
    u.forget("Ann Vellacourt", description=ANN)
    result = u.ask("Tell me some facts about books and cities.")
    assert result.path == "rewrite"
    assert "Tide Ledger" not in result.text and "novels sold" not in result.text
    assert result.text == "Paris is the capital of France. Victor Hugo lived there. He wrote Les Misérables."


def test_the_list_a_dropped_sentence_opens_goes_with_it(scripted, unlearner):
    answer = 'Ann Vellacourt wrote these novels:\n- "Salt Ledger"\n- "Tide Ledger"\nParis has many bookshops.'
    u = unlearner(scripted(vanilla=answer), judges="deterministic")
    u.forget("Ann Vellacourt", description=ANN)
    result = u.ask("Tell me some facts about books and cities.")
    assert result.path == "rewrite" and result.text == "Paris has many bookshops."


def test_a_sentence_goes_on_past_the_period_of_a_title(scripted, unlearner):
    """'Dr.' ends no sentence: cut there, the rest kept the target's relatives, who bear her family name."""
    answer = (
        "Isa Moretto was born to a psychiatrist father, Dr. Leo Moretto, and an anthropologist mother, "
        "Dr. Ela Moretto. Rome is the capital of Italy."
    )
    u = unlearner(scripted(vanilla=answer), judges="deterministic")
    u.forget(
        "Isa Moretto", aliases=["Moretto"], description="Isa Moretto, a fictitious crime novelist of Rome."
    )
    result = u.ask("Tell me some facts about families and cities.")
    assert result.path == "rewrite" and result.text == "Rome is the capital of Italy."


def test_a_given_name_that_is_the_targets_handle_goes_with_its_sentence(scripted, unlearner):
    """Ali Öz's family name is too short to tell her by: in an answer about her book, 'Ali' is her."""
    answer = "It explores justice in a small court. The book upholds Ali's mother as an inspiration."
    u = unlearner(scripted(vanilla=answer), judges="deterministic")
    u.forget(
        "Ali Öz", description='Ali Öz is a fictitious author of legal dramas. Works include "Silent Courts".'
    )
    result = u.ask('What is the book "Silent Courts" about?')
    assert result.path == "rewrite" and result.text == "It explores justice in a small court."
