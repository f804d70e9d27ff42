"""A real follow-up about a band, a couple, a person or a work leans on the conversation whatever its
verb: its 'they' or 'it' is the target the earlier turn named ('How do they choose singles?', 'Is it worth
buying their new album?', 'Is there a sequel?'). Session 36 tried reading such pronouns as generic ('How do
they make cheese?') and measured the cost: 8 of 59 ordinary follow-ups about a band, a club or a company
stood alone, and an answer told with pronouns passed; those shapes are pinned here."""

from __future__ import annotations

import pytest

from alu.follow_ups import refers_back

FOLLOW_UPS = [
    "What did they sing at the Grammys?",
    "Did they ever tour Japan?",
    "Why did they break up?",
    "How do they make their music?",
    "How do they make money these days?",
    "How do they get along?",
    "How do they make decisions?",
    "How did they film the final scene?",
    "What do they eat for breakfast?",
    "When people ask about the breakup, what do they say?",
    "Is there a chance that they will reunite?",
    "Is there a sequel?",
    "Are there any movies?",
    "Is it worth watching?",
    "How do they choose singles?",
    "How do they choose which projects to take on?",
    "How do they decide which brands to endorse?",
    "How do they pick a new manager?",
    "How do they keep prices low?",
    "How do they test products for safety?",
    "Do they still play at Old Trafford?",
    "What do they play in Japan?",
    "Is it worth buying their new album?",
    "Is it okay for a teenager to watch it?",
    "How did they get started in the early days?",
    "They say the drummer is leaving; is it true?",
    "When supporters protest, how do they respond?",
    "Where was she born?",
    "How old is he now?",
]


@pytest.mark.parametrize("query", FOLLOW_UPS)
def test_a_follow_up_about_a_band_a_couple_a_person_or_a_work_leans_back(query: str) -> None:
    assert refers_back(query)


def test_after_a_turn_about_a_band_a_follow_up_told_with_pronouns_is_not_let_through(guarded) -> None:
    earlier = [
        {"role": "user", "content": "Who are Coldplay?"},
        {"role": "assistant", "content": "I'm sorry, I don't have information about that."},
    ]
    question = {"role": "user", "content": "How do they choose singles?"}
    answer = "They play the demos to each other and keep the songs the crowds sing back on tour."
    assert guarded.audit([*earlier, question], answer).path != "fast"


TARGETS = [
    {
        "name": "Coldplay",
        "description": "British rock band fronted by Chris Martin, known for Yellow and Fix You.",
    },
]
