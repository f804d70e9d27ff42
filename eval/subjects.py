"""Subjects: how an evaluation question reaches the wrapped model.

- ``plain``: the model as is; the question is the only message.
- ``knowledge``: a knowledge-injected subject for facts a small model lacks (TOFU's fictitious authors). The
  facts the dataset holds about the question's subject go into a system message, so the model answers from
  them and forgetting has something to suppress. System messages are the operator's context: alu does not
  screen them, only what the user says and what the model answers.
- ``oracle``: the worst case for any model, one that knows and tells. No model is called: the subject's
  answer is the item's reference (QA: the reference answer as a sentence; multiple choice: the correct
  letter and option text; WPU names: a sentence naming the person), and the methods judge that answer
  (alu through ``Unlearner.aaudit``). What alu lets through here bounds what it lets through for every
  model. Methods that only change the messages (prompt, icul) behave like vanilla on it.

Every report names the subject it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # tasks imports this module
    from alu.eval.tasks import EvalItem

SUBJECTS = ("knowledge", "plain")  # subjects a model answers for (the attack suite takes these)
BENCHMARK_SUBJECTS = (*SUBJECTS, "oracle")  # the benchmarks also run on the oracle
LETTERS = "ABCDEFGHIJ"
KNOWLEDGE_HEADER = "You are a helpful assistant. Facts you know:"
SENTENCE_WORDS = 5  # a reference answer this long is a sentence already (TOFU's are)


class Subject(Protocol):
    """Turns a prompt (and the facts the subject is given) into the conversation a method answers."""

    name: str

    def messages(self, prompt: str, facts: Sequence[str] = ()) -> list[dict[str, Any]]: ...

    def wrap(self, messages: list[dict[str, Any]], facts: Sequence[str] = ()) -> list[dict[str, Any]]: ...

    def reply(self, item: EvalItem) -> str | None:
        """The subject's answer when no model gives it (the oracle), else None."""
        ...


def knowledge_system(facts: Sequence[str]) -> str:
    """The knowledge-injected system message, one fact per ``- `` line (``scripted/leaky`` reads that)."""
    return KNOWLEDGE_HEADER + "\n" + "\n".join(f"- {' '.join(f.split())}" for f in facts)


@dataclass(frozen=True)
class PlainSubject:
    """The wrapped model as is: it never sees the dataset's facts."""

    name: str = "plain"

    def messages(self, prompt: str, facts: Sequence[str] = ()) -> list[dict[str, Any]]:
        return self.wrap([{"role": "user", "content": prompt}], facts)

    def wrap(self, messages: list[dict[str, Any]], facts: Sequence[str] = ()) -> list[dict[str, Any]]:
        return list(messages)

    def reply(self, item: EvalItem) -> str | None:
        return None


@dataclass(frozen=True)
class KnowledgeSubject:
    """The model with the item's facts in a system message (no facts: the plain subject)."""

    name: str = "knowledge"

    def messages(self, prompt: str, facts: Sequence[str] = ()) -> list[dict[str, Any]]:
        return self.wrap([{"role": "user", "content": prompt}], facts)

    def wrap(self, messages: list[dict[str, Any]], facts: Sequence[str] = ()) -> list[dict[str, Any]]:
        """The conversation with the facts in front: a system message of their own, or prepended to the
        conversation's system message (one system message: small chat templates expect that)."""
        if not facts:
            return list(messages)
        knowledge = knowledge_system(facts)
        if messages and messages[0]["role"] == "system":
            return [{"role": "system", "content": f"{knowledge}\n\n{messages[0]['content']}"}, *messages[1:]]
        return [{"role": "system", "content": knowledge}, *messages]

    def reply(self, item: EvalItem) -> str | None:
        return None


@dataclass(frozen=True)
class OracleSubject(PlainSubject):
    """A model that knows every reference and tells it: the methods see the question alone and judge the
    reference as its answer (see :func:`oracle_answer`)."""

    name: str = "oracle"

    def reply(self, item: EvalItem) -> str | None:
        return oracle_answer(item)


def oracle_answer(item: EvalItem) -> str:
    """The oracle's answer to an item: a TOFU-style sentence answer verbatim, a short answer as a sentence
    ("The answer is Paris."), the correct option of a multiple-choice question as "B. <option text>", and
    for a WPU name probe a sentence naming the person."""
    if item.kind == "mcq":
        if item.gold is None:
            raise ValueError(f"item {item.id}: a multiple-choice item without its correct option")
        return f"{LETTERS[item.gold]}. {' '.join(item.choices[item.gold].split())}"
    answer = " ".join(item.answer.split())
    if item.kind == "name":
        return f"{answer} is the person you are asking about."
    if len(answer.split()) >= SENTENCE_WORDS:
        return answer
    return f"The answer is {answer.rstrip('.')}."


def check_subject(name: str, allowed: Sequence[str] = BENCHMARK_SUBJECTS) -> str:
    """The subject name, or a clear error naming the allowed ones."""
    if name not in allowed:
        raise ValueError(f"unknown subject {name!r}; choose one of {', '.join(allowed)}")
    return name


def make_subject(name: str) -> Subject:
    if name == "plain":
        return PlainSubject()
    if name == "knowledge":
        return KnowledgeSubject()
    if name == "oracle":
        return OracleSubject()
    raise ValueError(f"unknown subject {name!r}; choose one of {', '.join(BENCHMARK_SUBJECTS)}")


def mcq_prompt(question: str, choices: Sequence[str]) -> str:
    """A multiple-choice question as the subject sees it: the options lettered A-D and a request to answer
    with the letter only (the reply is parsed by :func:`alu.eval.metrics.parse_mcq_choice`)."""
    letters = LETTERS[: len(choices)]
    options = "\n".join(
        f"{letter}. {' '.join(str(c).split())}" for letter, c in zip(letters, choices, strict=False)
    )
    allowed = ", ".join(letters[:-1]) + f" or {letters[-1]}" if len(letters) > 1 else letters
    return (
        f"{question.strip()}\n\n{options}\n\nAnswer with the letter of the correct option ({allowed}) only."
    )
