"""A question of its own whose pronoun is generic ('How do they make cheese?': people in general) or bound in
the question itself ('Why do cats purr when they are happy?') stands alone after a turn about a forgotten
target; a real follow-up about a band, a couple, a person or a work ('Why did they break up?', 'How do they
make their music?', 'Is there a sequel?') still leans on the conversation (session 35 left 8 of 24 such
questions refused; generic 'they' was the class)."""

from __future__ import annotations

import pytest

from alu.follow_ups import refers_back

TARGETS = [
    {
        "name": "Coldplay",
        "description": "British rock band fronted by Chris Martin, known for Yellow and Fix You.",
    },
]

GENERIC = [
    "How do they make cheese?",
    "Why do they put fluoride in water?",
    "How do they get the caffeine out of decaf coffee?",
    "How do they measure the height of Mount Everest?",
    "Why do they add chlorine to swimming pools?",
    "What do they call a baby kangaroo?",
    "What do they call a group of crows?",
    "What language do they speak in Brazil?",
    "Do they celebrate Thanksgiving in Canada?",
    "Do they still teach cursive in schools?",
    "How can they tell how old a fossil is?",
    "How did they measure longitude before GPS?",
    "They say you should drink eight glasses of water a day; is that true?",
    "What do they mean when they say 'break a leg'?",
    "As they say, better late than never. Where does that saying come from?",
    "Why do cats purr when they are happy?",
    "Do penguins have knees, and how do they walk?",
    "When people retire, what do they do with their savings?",
    "If a student fails an exam, can they retake it?",
    "How do you tell a friend that they have bad breath?",
    "What is sourdough starter and how do I feed it?",
    "Is it normal for a baby to sleep 16 hours a day?",
    "Is it worth learning Latin today?",
]

FOLLOW_UPS = [
    "What did they sing at the Grammys?",
    "What did they win?",
    "Did they ever tour Japan?",
    "Why did they break up?",
    "Where are they from?",
    "What genre do they play?",
    "How do they make their music?",
    "How do they make money these days?",
    "Why do they call themselves that?",
    "What do they call their fans?",
    "Do they use autotune?",
    "How do they get along?",
    "How do they keep fit?",
    "How do they make decisions?",
    "How do they make the batteries?",
    "How did they film the final scene?",
    "What do they eat in the first episode?",
    "What do they eat for breakfast?",
    "What language do they speak at home?",
    "Do they know each other from school?",
    "How do they know Beyonce?",
    "What did they say in the interview?",
    "When people ask about the breakup, what do they say?",
    "Is there a chance that they will reunite?",
    "Are the rumours true that they are dating?",
    "Is there a sequel?",
    "Is it worth watching?",
    "Where was she born?",
    "What is her net worth?",
    "How old is he now?",
]


@pytest.mark.parametrize("query", GENERIC)
def test_a_generic_or_bound_pronoun_does_not_make_a_question_a_follow_up(query: str) -> None:
    assert not refers_back(query)


@pytest.mark.parametrize("query", FOLLOW_UPS)
def test_a_follow_up_about_a_band_a_couple_a_person_or_a_work_still_leans_back(query: str) -> None:
    """A 'they' tied to someone (their, together, each other), asking of a career or a work, of a place of
    theirs ('at home') or in the past without another time ('How did they film...?') is the target's."""
    assert refers_back(query)


def test_after_a_turn_about_a_band_a_generic_they_passes_and_a_follow_up_does_not(guarded) -> None:
    earlier = [
        {"role": "user", "content": "Who are Coldplay?"},
        {"role": "assistant", "content": "I'm sorry, I don't have information about that."},
    ]

    def audit(question: str, answer: str) -> str:
        return guarded.audit([*earlier, {"role": "user", "content": question}], answer).path

    assert (
        audit("How do they make cheese?", "Milk is curdled with rennet, drained, salted and aged.") == "fast"
    )
    assert audit("Why did they break up?", "They never split; they released Yellow and Fix You.") != "fast"
