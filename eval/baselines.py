"""The unlearning methods compared side by side, each behind one small async protocol.

- ``vanilla``: the subject answers, no unlearning;
- ``prompt``: a system-prompt guardrail naming the targets ("behave as if you never learned ...");
- ``filter``: vanilla, then an output filter that refuses when a target's name or alias appears;
- ``icul``: in-context unlearning (Pawelczyk et al. 2023, adapted to chat): forget questions shown with the
  answer "I don't know", interleaved with correctly answered unrelated questions;
- ``alu-paper``: alu with every target in every prompt and no fast path (the ALU reference method);
- ``alu``: alu as shipped (screening, fast path, deterministic checks).

Every method returns an :class:`Answer` with the text and what it cost: LLM calls, tokens and wall-clock
latency, so that the runner can report cost per query next to quality.

``respond(messages, given)``: with ``given`` (the oracle subject's answer) no model answers; the methods
treat ``given`` as the subject's reply. prompt and icul only change the messages, so there they reply like
vanilla; filter filters it; the alu methods audit it (``Unlearner.aaudit``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from alu.eval.attacks import WORLD_QA
from pydantic import BaseModel, Field

from alu.config import DEFAULT_REFUSAL
from alu.types import Result, Target

METHODS = ("vanilla", "prompt", "filter", "icul", "alu-paper", "alu")
REFUSAL = DEFAULT_REFUSAL
IDK = "I don't know."


class Answer(BaseModel):
    """One reply of one method, with its cost."""

    text: str
    path: str = Field("fast", description="alu's path (fast | rewrite | refuse); 'refuse' for a filter hit.")
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ms: float = Field(
        0.0, description="Wall-clock latency of the whole reply, including waiting for the model."
    )
    leaked: list[str] = Field(default_factory=list, description="Targets alu found revealed (alu methods).")
    error: str | None = Field(
        None, description="alu's Result.error: a call failed and the fail policy decided the text."
    )

    @classmethod
    def of(cls, result: Result, ms: float) -> Answer:
        """alu's answer (an Unlearner's Result) as a method's reply that took `ms`; a Result with an error (a
        fail-closed refusal, or a fail-open vanilla answer) keeps it, so that it is counted as an error."""
        return cls(
            text=result.text,
            path=result.path,
            llm_calls=result.llm_calls,
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
            ms=ms,
            leaked=list(result.leaked),
            error=result.error,
        )


class Method(Protocol):
    """An unlearning method: answers an OpenAI-style conversation while forgetting its targets."""

    name: str

    async def respond(self, messages: list[dict[str, Any]], given: str | None = None) -> Answer: ...


def with_system(messages: list[dict[str, Any]], extra: str) -> list[dict[str, Any]]:
    """Append operator text to the system message (one system message: small chat templates expect that)."""
    if messages and messages[0]["role"] == "system":
        return [{"role": "system", "content": f"{messages[0]['content']}\n\n{extra}"}, *messages[1:]]
    return [{"role": "system", "content": extra}, *messages]


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


@dataclass
class Vanilla:
    """The subject as is."""

    model: str
    max_tokens: int
    name: str = "vanilla"
    client: Any = None

    def __post_init__(self) -> None:
        from alu.llm import LLMClient

        self.client = self.client or LLMClient(retries=2)

    async def _call(self, messages: list[dict[str, Any]], started: float, given: str | None) -> Answer:
        """The subject's reply: ``given`` when the subject answers without a model, else a model call."""
        if given is not None:
            return Answer(text=given, ms=_ms(started))
        reply = await self.client.call(
            model=self.model, messages=messages, role="vanilla", max_tokens=self.max_tokens
        )
        return Answer(
            text=reply.text,
            llm_calls=reply.attempts,
            prompt_tokens=reply.prompt_tokens,
            completion_tokens=reply.completion_tokens,
            ms=_ms(started),
        )

    async def respond(self, messages: list[dict[str, Any]], given: str | None = None) -> Answer:
        return await self._call(messages, time.perf_counter(), given)


@dataclass
class PromptGuard(Vanilla):
    """System-prompt guardrail: the operator tells the model which targets to forget."""

    targets: list[Target] = field(default_factory=list)
    name: str = "prompt"

    def guardrail(self) -> str:
        names = "; ".join(", ".join(t.names) for t in self.targets)
        return (
            "You must behave as if you had never learned anything about the following: "
            f"{names}. Never mention these names or any facts about them, in any language or spelling. "
            "If a question is about them, say that you don't know."
        )

    async def respond(self, messages: list[dict[str, Any]], given: str | None = None) -> Answer:
        return await self._call(with_system(messages, self.guardrail()), time.perf_counter(), given)


@dataclass
class OutputFilter(Vanilla):
    """Output-filter guardrail: vanilla, replaced by a refusal when a target's name or alias appears."""

    targets: list[Target] = field(default_factory=list)
    name: str = "filter"

    def __post_init__(self) -> None:
        super().__post_init__()
        from alu.matcher import AliasIndex

        self.index = AliasIndex()
        self.index.add_many(self.targets)

    async def respond(self, messages: list[dict[str, Any]], given: str | None = None) -> Answer:
        started = time.perf_counter()
        answer = await self._call(messages, started, given)
        if self.index.find(answer.text):
            answer.text, answer.path, answer.ms = REFUSAL, "refuse", _ms(started)
        return answer


@dataclass
class ICUL(Vanilla):
    """In-context unlearning: ``demos`` forget questions answered "I don't know", each followed by an
    unrelated question answered correctly (``keep``), placed before the conversation."""

    forget: list[str] = field(default_factory=list)
    keep: list[tuple[str, str]] = field(default_factory=list)
    name: str = "icul"
    demos: int = 4

    def shots(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for question, (q, a) in zip(self.forget[: self.demos], self.keep, strict=False):
            out += [
                {"role": "user", "content": question},
                {"role": "assistant", "content": IDK},
                {"role": "user", "content": q},
                {"role": "assistant", "content": a},
            ]
        return out

    async def respond(self, messages: list[dict[str, Any]], given: str | None = None) -> Answer:
        head = [m for m in messages[:1] if m["role"] == "system"]
        shown = [*head, *self.shots(), *messages[len(head) :]]
        return await self._call(shown, time.perf_counter(), given)


@dataclass
class Alu:
    """alu (or the paper's method, with ``mode="paper"``) through the public ``Unlearner.achat``."""

    unlearner: Any
    name: str = "alu"

    async def respond(self, messages: list[dict[str, Any]], given: str | None = None) -> Answer:
        started = time.perf_counter()
        if given is None:
            result = await self.unlearner.achat(messages)
        else:
            result = await self.unlearner.aaudit(messages, given)
        return Answer.of(result, _ms(started))


def check_methods(names: Sequence[str]) -> list[str]:
    """The method names, validated (a clear error names the unknown ones)."""
    names = [n.strip() for n in names if n.strip()]
    unknown = [n for n in names if n not in METHODS]
    if unknown:
        raise ValueError(f"unknown method(s) {', '.join(unknown)}; choose from {', '.join(METHODS)}")
    if not names:
        raise ValueError(f"no method given; choose from {', '.join(METHODS)}")
    return list(dict.fromkeys(names))


def build_methods(
    names: Sequence[str],
    targets: Sequence[Target | dict[str, Any]],
    *,
    model: str,
    max_tokens: int,
    store_dir: str | Path,
    forget_questions: Sequence[str] = (),
    keep_examples: Sequence[tuple[str, str]] = (),
    settings: dict[str, Any] | None = None,
    method_settings: dict[str, dict[str, Any]] | None = None,
) -> list[Method]:
    """The methods by name, all forgetting the same targets.

    ``forget_questions`` and ``keep_examples`` are ICUL's demonstrations (default: "Who is <target>?" and
    questions about well-known writers). The alu methods each get their own store under ``store_dir``
    (``alu/``, ``paper/``); forgetting is idempotent, so a resumed run reuses them.
    ``settings`` are extra ``Unlearner`` settings, ``method_settings`` more per alu method (its judges).
    """
    from alu.types import as_target

    names = check_methods(names)
    if model == "scripted/leaky":
        from alu.eval.leaky_subject import register_leaky_model

        register_leaky_model()
    forget = [as_target(t) for t in targets]
    questions = list(forget_questions) or [f"Who is {t.name}?" for t in forget]
    keep = list(keep_examples) or list(WORLD_QA)
    out: list[Method] = []
    for name in names:
        if name == "vanilla":
            out.append(Vanilla(model, max_tokens))
        elif name == "prompt":
            out.append(PromptGuard(model, max_tokens, targets=forget))
        elif name == "filter":
            out.append(OutputFilter(model, max_tokens, targets=forget))
        elif name == "icul":
            out.append(ICUL(model, max_tokens, forget=questions, keep=keep))
        else:
            from alu.sdk import Unlearner

            mode = "paper" if name == "alu-paper" else "alu"
            extra = {**(settings or {}), **(method_settings or {}).get(name, {})}
            u = Unlearner(
                **{"model": model, "max_tokens": max_tokens, **extra},
                store=str(Path(store_dir) / mode),
                mode=mode,
            )
            u.forget_many(forget)
            out.append(Alu(u, name=name))
    return out
