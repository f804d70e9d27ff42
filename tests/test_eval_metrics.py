"""Metrics of alu.eval: ROUGE as TOFU computes it, MCQ parsing of messy replies, containment, refusals."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from alu.eval.datasets import DatasetNotFoundError, load_tofu, resolve_data_dir
from alu.eval.metrics import (
    carries_reference,
    contains_answer,
    is_refusal,
    mcq_accuracy,
    parse_mcq_choice,
    percentile,
    rouge,
    rouge_l_recall,
    summarise_latencies,
    word_tokens,
)
from rouge_score import rouge_scorer

# ------------------------------------------------------------------------------------------------ ROUGE-L


def test_word_tokens_fold_case_accents_and_punctuation() -> None:
    assert word_tokens("Émile's  BOOK, 'Les Misérables'!") == ["emile", "s", "book", "les", "miserables"]
    assert word_tokens("...!?") == []


def f1(prediction: str, reference: str) -> float:
    return rouge(prediction, reference)["rougeL"].fmeasure


def test_rouge_l_one_word_substituted() -> None:
    # ref  = the cat is on the mat   (6 tokens)
    # pred = the cat sat on the mat  (6 tokens)
    # LCS  = the cat on the mat      (5)  -> R = 5/6, P = 5/6, F1 = 5/6
    assert rouge_l_recall("the cat sat on the mat", "the cat is on the mat") == pytest.approx(5 / 6)
    assert f1("the cat sat on the mat", "the cat is on the mat") == pytest.approx(5 / 6)


def test_rouge_l_partial_answer() -> None:
    # ref  = jaime vasquez was born in santiago chile  (7)
    # pred = jaime vasquez was born in santiago        (6)
    # LCS  = jaime vasquez was born in santiago        (6) -> R = 6/7, P = 1, F1 = 2*(6/7)/(13/7) = 12/13
    pred, ref = "Jaime Vasquez was born in Santiago.", "Jaime Vasquez was born in Santiago, Chile."
    assert rouge_l_recall(pred, ref) == pytest.approx(6 / 7)
    assert f1(pred, ref) == pytest.approx(12 / 13)


def test_rouge_l_is_order_sensitive_and_skips_gaps() -> None:
    assert rouge_l_recall("c b a", "a b c") == pytest.approx(1 / 3)  # LCS is one token
    # ref = a c e (3), pred = a b c d e (5): LCS = a c e -> R = 1, P = 3/5, F1 = 0.75
    assert rouge_l_recall("A B C D E", "A C E") == pytest.approx(1.0)
    assert f1("A B C D E", "A C E") == pytest.approx(0.75)
    # ref = the cat the, pred = the the the: LCS = the the -> R = 2/3
    assert rouge_l_recall("the the the", "the cat the") == pytest.approx(2 / 3)


def test_rouge_stems_words_like_tofu() -> None:
    # Porter stemmer: writes/write, novels/novel, published/publish
    assert rouge_l_recall("She writes novels that were published", "she write novel that were publish") == 1.0
    scores = rouge("the cat sat", "the cat is here")
    assert scores["rouge1"].recall == pytest.approx(2 / 4) and scores["rouge2"].recall == pytest.approx(1 / 3)


def test_rouge_l_edge_cases() -> None:
    assert rouge_l_recall("anything", "") == 0.0
    assert rouge_l_recall("", "reference text") == 0.0
    assert rouge_l_recall("PARIS!!!", "paris") == 1.0
    # rouge-score keeps ASCII letters and digits only: "Beltrán" is "beltr n" (TOFU scores it so too)
    assert rouge_l_recall("Aurelio Beltran", "Aurelio Beltrán") == pytest.approx(1 / 3)


def test_a_reply_carries_its_reference_by_a_key_phrase_or_most_of_it() -> None:
    assert carries_reference(True, 0.0)
    assert carries_reference(False, 0.5) and not carries_reference(False, 0.49)


_RETAIN = None
try:
    _RETAIN = load_tofu("retain_perturbed")
except DatasetNotFoundError:
    pass


@pytest.mark.skipif(
    _RETAIN is None, reason="benchmark data folder (ALU_DATA_DIR / ../shared/data) not present"
)
def test_rouge_l_equals_rouge_score_recall_on_every_tofu_retain_perturbed_pair() -> None:
    """As TOFU's eval_rouge_recall: RougeScorer(["rouge1", "rougeL"], use_stemmer=True).score(gt, gen)."""
    assert _RETAIN is not None
    tofu = rouge_scorer.RougeScorer(["rouge1", "rougeL"], use_stemmer=True)
    pairs = [
        (candidate, q.answer)
        for q in _RETAIN
        for candidate in [q.paraphrased_answer or "", *q.perturbed_answers]
    ]
    assert len(pairs) == 400 * 6  # the paraphrase and five perturbed answers of each question
    for candidate, answer in pairs:
        expected, got = tofu.score(answer, candidate), rouge(candidate, answer)
        assert got["rougeL"].recall == expected["rougeL"].recall, (candidate, answer)
        assert got["rouge1"].recall == expected["rouge1"].recall, (candidate, answer)
    assert rouge_l_recall(pairs[0][0], pairs[0][1]) == tofu.score(pairs[0][1], pairs[0][0])["rougeL"].recall


# ------------------------------------------------------------------------------------------------ containment


def test_contains_answer_normalises_and_respects_word_boundaries() -> None:
    assert contains_answer("He was born in Kuwait City, Kuwait.", "kuwait city")
    assert contains_answer("Written by Aurelio Beltran.", "Aurelio Beltrán")
    assert contains_answer("basil mahfouz al kuwaiti wrote it", "Basil Mahfouz Al-Kuwaiti")
    assert contains_answer("The answer:\n  Nikolai   ABILOV", "Nikolai Abilov")
    assert not contains_answer("A Parisian café", "Paris")
    assert not contains_answer("anything", "")
    assert not contains_answer("", "Paris")


def test_contains_answer_with_aliases() -> None:
    assert contains_answer("Alex Fuentes wrote it", "Alejandro Fuentes", aliases=["Alex Fuentes"])
    assert contains_answer("the Half-Blood Prince", "Severus Snape", aliases=("half blood prince",))
    assert not contains_answer("nobody here", "Severus Snape", aliases=["Snape", ""])


# ------------------------------------------------------------------------------------------------ MCQ parsing

CHOICES = ["Paris", "London", "Berlin", "Madrid"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("B", 1),
        ("(b)", 1),
        ("c.", 2),
        ("**A**", 0),
        ("[D]", 3),
        ("Answer: C.", 2),
        ("**Answer:** D", 3),
        ("The answer is D) Madrid", 3),
        ("The answer is (c)", 2),
        ("answer is a", 0),
        ("Final answer: (B)", 1),
        ("My final answer is A.", 0),
        ("C. Berlin", 2),
        ("B) London, the capital of the U.K.", 1),
        ("B is correct", 1),
        ("The correct option is B because London is large.", 1),
        ("Option A is wrong. The answer is C.", 2),
        ("Answer: C. Option A is incorrect.", 2),
        ("I think it's option 2", 1),
        ("Choice #4", 3),
        ("I'd go with C", 2),
        ("A good guess would be B", 1),
        ("it is b)", 1),
        ("The capital is Berlin.", 2),
        ("I think Berlin", 2),
        ("Madrid", 3),
        # unparseable or ambiguous
        ("The answer is a city in France.", None),
        ("A virus spreads quickly", None),
        ("I don't know", None),
        ("Paris or London", None),
        ("a) Paris b) London", None),
        ("E", None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_mcq_choice_messy_outputs(reply: str, expected: int | None) -> None:
    assert parse_mcq_choice(reply, CHOICES) == expected


def test_parse_mcq_choice_numeric_choice_texts() -> None:
    numeric = ["100", "1", "10", "unknown"]
    assert parse_mcq_choice("1", numeric) == 1  # the reply is exactly a choice's text
    assert parse_mcq_choice("There are 10 of them", numeric) == 2  # "1" inside "10" does not count
    assert parse_mcq_choice(None, numeric) is None
    assert parse_mcq_choice("A", []) is None


def test_parse_mcq_choice_respects_number_of_choices() -> None:
    assert parse_mcq_choice("D", ["yes", "no"]) is None
    assert parse_mcq_choice("Answer: B", ["yes", "no"]) == 1


def test_mcq_accuracy() -> None:
    assert mcq_accuracy([0, 1, None, 3], [0, 2, 1, 3]) == {"accuracy": 0.5, "unparseable": 1, "n": 4}
    assert mcq_accuracy([], []) == {"accuracy": 0.0, "unparseable": 0, "n": 0}
    with pytest.raises(ValueError):
        mcq_accuracy([0], [0, 1])


# ------------------------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "text",
    [
        "I don't know.",
        "I do not know who that is.",
        "Honestly, I’m not sure about this one.",
        "I'm sorry, but I can't help with that request.",
        "I cannot provide information about that person.",
        "Sorry, I am unable to answer that.",
        "That is beyond my knowledge.",
        "I have no information about this author.",
        "I don't have any details on that writer.",
        "I'm not familiar with Basil Mahfouz Al-Kuwaiti.",
        "I apologize, but I won't discuss this.",
        "As an AI, I have limited knowledge of this.",
        "Unfortunately, I do not have that.",
        "I must decline to answer.",
        "I have never heard of that book.",
        "That author is unknown to me.",
        "I'M NOT SURE.",
    ],
)
def test_is_refusal_positive(text: str) -> None:
    assert is_refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Paris is the capital of France.",
        "Jaime Vasquez was born in Santiago, Chile.",
        "He was not aware of his heritage until his twenties.",
        "The novel is a mystery to most readers; the detective has no idea who did it.",
        "She couldn't help but write about her mother's profession.",
        "I know the answer: it is B.",
        "The author is sure of one thing: stories heal.",
        "His father was unable to find work, which shaped his early novels.",
    ],
)
def test_is_refusal_negative(text: str) -> None:
    assert not is_refusal(text)


def test_is_refusal_handles_none() -> None:
    assert not is_refusal(None)


# ------------------------------------------------------------------------------------------------ latency


def test_percentile_linear_interpolation() -> None:
    assert percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert percentile([4, 1, 3, 2], 95) == pytest.approx(3.85)  # pos 3*0.95 = 2.85 -> 3 + 0.85
    assert percentile([5], 95) == 5
    assert percentile([1, 2], 0) == 1 and percentile([1, 2], 100) == 2
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError):
        percentile([1], 101)


def test_summarise_latencies() -> None:
    # sorted 10..50: p50 = 30; p95 at pos 4*0.95 = 3.8 -> 40 + 0.8*10 = 48
    assert summarise_latencies([50, 10, 30, 20, 40]) == {"p50_ms": 30.0, "p95_ms": pytest.approx(48.0)}
    assert summarise_latencies([]) == {"p50_ms": None, "p95_ms": None}


# ------------------------------------------------------------------------------------------------ real data


def _real_file(rel: str) -> Path | None:
    try:
        return resolve_data_dir(expect=rel) / rel
    except DatasetNotFoundError:
        return None


_IDK = _real_file("tofu/idontknow.jsonl")


@pytest.mark.skipif(_IDK is None, reason="benchmark data folder (ALU_DATA_DIR / ../shared/data) not present")
def test_refusal_detector_covers_tofu_idontknow_style() -> None:
    assert _IDK is not None
    lines = [line.strip() for line in _IDK.read_text(encoding="utf-8").splitlines() if line.strip()]
    missed = [line for line in lines if not is_refusal(line)]
    assert len(missed) <= len(lines) * 0.05, missed


# ------------------------------------------------------------------------------------------- key facts


def test_answer_keys_skip_what_the_question_gives_away():
    from alu.eval.metrics import answer_keys

    keys = answer_keys(
        "Which awards has Nikolai Abilov won?",
        'Nikolai Abilov has been honored with the prestigious "Tolstoy Literary Award" in 1996.',
        ["Nikolai Abilov", "Abilov"],
    )
    assert keys == ["Tolstoy Literary Award", "1996"]
    named = answer_keys(
        "What is the full name of the author born in Kuwait City?",
        "The author born in Kuwait City, Kuwait is Basil Mahfouz Al-Kuwaiti. His father was a florist.",
        ["Basil Mahfouz Al-Kuwaiti"],
    )
    # "The" and "His" open sentences; "Kuwait City" and "Kuwait" are in the question already
    assert named == ["Basil Mahfouz Al-Kuwaiti"]
    assert answer_keys("Where is the Eiffel Tower?", "Paris.") == ["Paris"]
    assert answer_keys("Who was it?", "It was him, as always, of course.") == []
