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
