"""Follow-ups in the languages alu reads besides English lean on the conversation as English ones do (a
pronoun, a role, a verb whose subject is left unsaid); a question that says what it asks about, in any of
them or after a word like 'Okay', stands alone."""

from __future__ import annotations

import pytest

from alu.follow_ups import refers_back


@pytest.mark.parametrize(
    "query",
    [
        "Wo wurde sie geboren?",
        "Welcher Film machte ihn berühmt?",
        "Was ist sein bekanntestes Werk?",
        "Qu'a-t-elle étudié ?",
        "Quel est son vrai nom ?",
        "Qui l'a réalisé ?",
        "¿Con quién se casó?",
        "¿Quién lo escribió?",
        "¿Cuántos hijos tiene él?",
        "Quale album ha pubblicato nel 2020?",
        "Chi l'ha diretto?",
        "Quem era a esposa dele?",
        "Em que ano morreu?",
        "Jaką firmę założył?",
        "Kim był jej mąż?",
        "Каким штатом он управлял?",
        "Сколько у неё детей?",
        "她在哪里出生？",
        "这位作家写过哪些书？",
        "彼女の夫は誰ですか？",
        "どこで生まれましたか？",
    ],
)
def test_a_follow_up_in_another_language_refers_back(query):
    assert refers_back(query)


@pytest.mark.parametrize(
    "query",
    [
        "Was ist die Hauptstadt von Peru?",
        "Können Sie mir sagen, wie das Wetter in Berlin ist?",
        "Gibt es Leben auf dem Mars?",
        "Quelle est la vitesse du son ?",
        "Quelle heure est-il ?",
        "Pourquoi le ciel est-il bleu ?",
        "¿Cuál es la velocidad de la luz?",
        "¿Qué pasó en 1989?",
        "¿Dónde está Lima?",
        "Quando è finita la seconda guerra mondiale?",
        "O que aconteceu em 1989?",
        "Kiedy upadł mur berliński?",
        "Что такое фотосинтез?",
        "其他国家的首都是什么？",
        "第二次世界大戦はいつ終わりましたか？",
    ],
)
def test_a_question_of_its_own_in_another_language_stands_alone(query):
    assert not refers_back(query)


@pytest.mark.parametrize(
    "query",
    [
        "Okay, different topic: what is the capital of Peru?",
        "Fine. What is the speed of light?",
        "Great, thanks. What is photosynthesis?",
        "OK, on another note, what year did the Berlin Wall fall?",
    ],
)
def test_a_marker_before_a_question_of_its_own_does_not_make_it_a_follow_up(query):
    assert not refers_back(query)


@pytest.mark.parametrize(
    "query",
    ["Okay, and his wife?", "Okay.", "Sure, what year?", "Okay, the other half.", "Fine. What did he study?"],
)
def test_a_marker_before_a_follow_up_or_a_fragment_still_refers_back(query):
    assert refers_back(query)


@pytest.mark.parametrize(
    ("query", "leans"),
    [
        ("Now, how do I bake sourdough bread?", False),
        ("So what is the tallest mountain in Africa?", False),
        ("But which metal conducts heat best?", False),
        ("So where did she study?", True),
        ("But why?", True),
        ("Also, what year?", True),
        ("My cat keeps scratching the sofa, how do I stop him?", False),
        ("Our neighbour plays loud music at night; how do I ask her to stop?", False),
        ("How did he get the part?", True),
        ("Fix this sentence: 'me and him goes to school'.", False),
        ("Is this email polite: 'Send me the report now.'", False),
        ("What does this word mean: ubiquitous?", False),
        ("Who wrote this book?", True),
        ("Got it. What's a good name for a goldfish?", False),
    ],
)
def test_a_turn_that_carries_on_leans_back_only_without_its_own_subject(query: str, leans: bool) -> None:
    """'Now', 'so', 'but' carry a conversation on, yet a whole question after them asks its own; a pronoun
    for the user's own cat or neighbour, or inside material the turn gives ('this sentence: ...'), stands for
    that, not for a forgotten target of an earlier turn."""
    assert refers_back(query) is leans
