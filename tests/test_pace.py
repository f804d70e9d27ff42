"""A model known to answer faster than the question can be screened is answered first, and both texts are
screened in one pass (alu.pace); any other model answers while the question is screened. Either way the
screening finds the same. The pace is set by hand here: which one a real model gets depends on timing."""

from __future__ import annotations

import asyncio

import pytest

from alu.demo import DEMO_TARGETS
from alu.embeddings import MiniLMEmbedder, get_embedder
from alu.pace import MAX_WAIT_S, Pace

FRANCE = "What is the capital of France?"


def test_the_pace_waits_only_for_a_model_known_to_answer_faster_than_screening():
    pace = Pace()
    assert pace.head_start("fast") is None  # nothing known yet: screen beside the model
    pace.answered("fast", 9.0)  # a first call carries one-time costs: not averaged
    pace.answered("fast", 0.002)
    assert pace.head_start("fast") is None  # the screening's cost is not known yet
    pace.screened(9.0)
    pace.screened(0.006)
    assert pace.head_start("fast") == pytest.approx(0.006)  # wait at most what screening takes
    for _ in range(2):
        pace.answered("slow", 0.3)
    assert pace.head_start("slow") is None
    for _ in range(20):  # the fast model slowed down for good
        pace.answered("fast", 0.3)
    assert pace.head_start("fast") is None


def test_the_wait_for_an_answer_is_bounded_whatever_screening_took():
    pace = Pace()
    for seconds in (1.0, 1.0):
        pace.answered("m", seconds / 100)
        pace.screened(seconds)  # a busy machine, or a store still opening
    assert pace.head_start("m") == MAX_WAIT_S
    for _ in range(20):  # a model slower than the longest wait is screened beside
        pace.answered("m", 2 * MAX_WAIT_S)
    assert pace.head_start("m") is None


def _known_fast(u, wait_s: float) -> None:
    """Make the pipeline's pace say that this unlearner's model answers before screening (wait `wait_s`)."""
    pace = Pace(max_wait_s=wait_s)
    for _ in range(2):  # the first measurement of each is not averaged
        pace.answered(u.settings.model, 0.0)
        pace.screened(wait_s)
    u.pipeline.__dict__["_pace"] = pace


@pytest.fixture
def hops(monkeypatch):
    """The names of the functions the pipeline hands to a worker thread, in order."""
    seen: list[str] = []
    to_thread = asyncio.to_thread

    def counted(fn, *args, **kwargs):
        seen.append(getattr(fn, "__name__", "?"))
        return to_thread(fn, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counted)
    return seen


def test_a_model_faster_than_screening_is_answered_first_and_both_texts_screened_in_one_pass(
    unlearner, scripted, hops, monkeypatch
):
    u = unlearner(scripted(vanilla="Paris is the capital of France."))
    u.forget_many(DEMO_TARGETS)
    _known_fast(u, wait_s=30.0)
    runs: list[tuple[int, ...]] = []
    real_run = MiniLMEmbedder._run

    def counted(self, ids):
        runs.append(tuple(ids))
        return real_run(self, ids)

    monkeypatch.setattr(MiniLMEmbedder, "_run", counted)
    get_embedder().clear_cache()
    hops.clear()
    result = u.ask(FRANCE)
    assert (result.path, result.text) == ("fast", "Paris is the capital of France.")
    assert hops == ["_screen_with_answer"]  # one thread hop screens both
    assert len(runs) == len(set(runs)) == 2  # the question and the exchange, each once
    assert [t.node for t in result.trace] == ["vanilla", "screen", "look_answer", "screen_answer"]
    assert result.trace[1].detail["with_answer"] is True


def test_answered_first_the_answer_and_the_question_are_still_screened(unlearner, scripted):
    leaky = unlearner(scripted(vanilla="Maren Olvhagen wrote it."))
    leaky.forget_many(DEMO_TARGETS)
    _known_fast(leaky, wait_s=30.0)
    result = leaky.ask("Who wrote The Salt Atlas?")
    assert result.leaked == ["Maren Olvhagen"] and result.path != "fast"
    assert result.trace[1].detail["with_answer"] is True

    asked = unlearner(scripted(vanilla="She was born in a harbour town."))
    _known_fast(asked, wait_s=30.0)
    result = asked.ask("Where was Maren Olvhagen born?")
    assert "Maren Olvhagen" in result.leaked and result.path != "fast"


def test_a_usually_fast_model_that_is_slow_this_time_is_screened_beside_after_the_wait(
    unlearner, scripted, hops
):
    u = unlearner(scripted(vanilla="Paris is the capital of France.", latency_ms=300))
    u.forget_many(DEMO_TARGETS)
    _known_fast(u, wait_s=0.01)
    hops.clear()
    result = u.ask(FRANCE)
    assert result.path == "fast"
    assert hops == ["_screen_query", "_look_answer_now"]  # the question was screened while it answered
    assert [t.node for t in result.trace] == ["screen", "vanilla", "look_answer", "screen_answer"]
    assert result.trace[0].detail["with_answer"] is False
