"""alu as a LiteLLM proxy guardrail (post-call): teams already running the proxy enable it in config.yaml.

    guardrails:
      - guardrail_name: alu-unlearning
        litellm_params:
          guardrail: alu.guardrail.AluGuardrail
          mode: post_call
          default_on: true

The proxy's model has answered; alu audits that answer against the forget targets (`Unlearner.aaudit`: no
second answer is generated) and replaces it with alu's answer when it reveals a target. Streaming responses
are held back whole and released re-chunked only after the audit. Settings come from `ALU_*` environment
variables, or from `alu_<setting>` keys under `litellm_params` (`alu_store`, `alu_agent_model`, ...). See
examples/litellm_config.yaml.

What the model said besides its answer is audited too, streamed or not: every other field of the message a
client reads (reasoning content, thinking blocks, tool-call and legacy function-call arguments, the refusal
field, the audio transcript, url citations), and in Anthropic answers every block besides text (tool use,
server tool use and its results, thinking) and the text blocks' citations. Ids, signatures, base64 audio and
encrypted content spell no name and are left out. When they reveal a target they are withheld: all of them
are dropped, tool calls and an answer given only as audio or refusal are replaced by alu's refusal, and the
answer then ends as a text does (finish_reason "stop", Anthropic stop_reason "end_turn"), so a client's agent
loop does not look for calls that are gone. An answer text alu rewrites loses its logprobs and citations:
they describe the text it replaced (the tokens spell it).

The request's messages are screened for the text alu can read in them: text parts, thinking, tool results and
tool-use inputs (as JSON), so a name there still counts. Images, audio and files are skipped: the model has
answered already, and its answer is audited all the same.

Fail closed: answers alu cannot audit yet (the Responses API, legacy text completions, streams of other event
types) are withheld with an error instead of passed on; bad alu settings stop the proxy from starting.

A failure of alu's own agent model (after its retries) fails the request: the hook raises AuditFailedError,
which the proxy answers with HTTP 502 (as `alu serve` answers 502 `model_error`); the client never gets
alu's refusal in place of an answer nobody audited. With `fail_policy` 'vanilla' (fail open, not
recommended) the proxy's answer is passed on unaudited instead, and the failure is logged as an error."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import litellm
from litellm.integrations.custom_guardrail import CustomGuardrail
from litellm.types.guardrails import GuardrailEventHooks
from litellm.types.llms.openai import ResponsesAPIResponse

from alu.adopt.completion import delivered
from alu.errors import ConfigError, ModelError
from alu.openai_shapes import chunk_payloads
from alu.records.entry import entry_point
from alu.sdk import Unlearner
from alu.types import Result

# Answers in shapes alu does not audit yet. They are refused rather than passed on unaudited.
_UNAUDITED_TEXT = (litellm.TextCompletionResponse, ResponsesAPIResponse)
UNREADABLE = "[non-text content]"
"""A message's text when none of its parts is text alu can read (an image alone): its turn stays in the
conversation, and a question made of an image alone still has a turn the answer replies to."""


class NotAuditableError(ValueError):
    """The proxy produced an answer alu cannot audit; it is withheld (fail closed)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"alu guardrail: {what} cannot be audited, so it is withheld; use /v1/chat/completions"
        )


class AuditFailedError(ModelError):
    """alu's agent model failed while auditing an answer; the answer is withheld and the request fails."""

    status_code = 502
    """What the proxy answers (it reads `status_code`): the upstream that alu depends on failed."""

    def __init__(self, error: str) -> None:
        super().__init__(f"alu guardrail: the answer could not be audited, so it is withheld: {error}")


class AluGuardrail(CustomGuardrail):
    """Post-call guardrail: every chat completion the proxy returns is audited by alu first."""

    def __init__(self, **kwargs: Any) -> None:
        overrides = {k.removeprefix("alu_"): kwargs.pop(k) for k in list(kwargs) if k.startswith("alu_")}
        kwargs.setdefault("supported_event_hooks", [GuardrailEventHooks.post_call])
        super().__init__(**kwargs)
        try:
            self.unlearner = Unlearner(**overrides)
        except ConfigError as exc:
            # The proxy skips a guardrail whose construction raises ValueError and starts without it, serving
            # unaudited answers. A RuntimeError stops the proxy instead (fail closed).
            raise RuntimeError(f"alu guardrail: {exc}") from None

    async def _audit(self, messages: list[dict[str, Any]], text: str) -> str:
        """alu's answer in place of `text`."""
        return (await self._result(messages, text)).text

    async def _result(self, messages: list[dict[str, Any]], text: str) -> Result:
        """The audit of `text` (logged as coming through the guardrail). The proxy's callers are clients:
        their system messages are screened too. A failure raises AuditFailedError (see the module's
        docstring)."""
        with entry_point("guardrail"):
            try:
                return delivered(await self.unlearner.aaudit(messages, text, screen_system=True))
            except ModelError as exc:  # a failed audit, or fail_policy 'raise'
                raise AuditFailedError(str(exc)) from exc

    async def async_post_call_success_hook(self, data: dict, user_api_key_dict: Any, response: Any) -> Any:
        """Replace each answer text (chat choices, Anthropic text blocks) with alu's audited answer; it stays
        unchanged when it reveals no target."""
        if self.should_run_guardrail(data=data, event_type=GuardrailEventHooks.post_call) is not True:
            return response
        if isinstance(response, _UNAUDITED_TEXT):
            raise NotAuditableError(type(response).__name__)
        if isinstance(response, dict) and response.get("type") == "message":  # Anthropic /v1/messages
            await self._audit_blocks(screened_messages(data.get("messages") or []), response)
            return response
        if not isinstance(response, litellm.ModelResponse):  # files, batches, embeddings: no answer text
            return response
        messages = screened_messages(data.get("messages") or [])
        for choice in response.choices:
            message = getattr(choice, "message", None)
            if message is None:
                continue
            if isinstance(message.content, str):
                audited = await self._audit(messages, message.content)
                if audited != message.content:
                    message.content = audited
                    _drop_spans(choice)
            if await self._reveals(messages, _hidden_texts(message)):
                _withhold(choice, self.unlearner.settings.refusal_text)
        return response

    async def _reveals(self, messages: list[dict[str, Any]], hidden: list[str]) -> bool:
        """Whether what a message carries besides its answer text reveals a target (audited as one text)."""
        text = "\n".join(t for t in hidden if t.strip())
        return bool(text) and (await self._result(messages, text)).path != "fast"

    async def _audit_blocks(self, messages: list[dict[str, Any]], response: dict[str, Any]) -> None:
        """Anthropic content blocks: text audited (a rewritten one loses its citations); every other block and
        the citations withheld if they reveal a target."""
        blocks = [b for b in response.get("content") or [] if isinstance(b, dict)]
        for block in blocks:
            if block.get("type") == "text":
                text = block.get("text") or ""
                block["text"] = await self._audit(messages, text)
                if block["text"] != text:
                    block.pop("citations", None)  # they quote the text replaced
        if await self._reveals(messages, [t for b in blocks for t in _block_hidden_texts(b)]):
            kept = [
                {k: v for k, v in b.items() if k != "citations"} for b in blocks if b.get("type") == "text"
            ]
            if len(kept) < len(blocks) and not kept:
                kept.append({"type": "text", "text": self.unlearner.settings.refusal_text})
            response["content"] = kept
            if response.get("stop_reason") in ("tool_use", "pause_turn"):  # its calls are gone
                response["stop_reason"] = "end_turn"

    async def async_post_call_streaming_iterator_hook(
        self, user_api_key_dict: Any, response: AsyncIterator[Any], request_data: dict
    ) -> AsyncGenerator[Any, None]:
        """Hold the whole stream, audit each choice's text, then release it. A choice that passed unchanged
        is released as the model's own chunks; a rewritten one as new chunks of alu's text."""
        chunks = [chunk async for chunk in response]
        odd = next((c for c in chunks if not isinstance(c, litellm.ModelResponseStream)), None)
        if odd is not None:
            raise NotAuditableError(f"a stream of {type(odd).__name__}")
        texts: dict[int, str] = {}
        hidden: dict[int, list[str]] = {}
        for chunk in chunks:
            for choice in getattr(chunk, "choices", None) or []:
                content = getattr(choice.delta, "content", None)
                texts[choice.index] = texts.get(choice.index, "") + (content or "")
                hidden.setdefault(choice.index, []).extend(_hidden_texts(choice.delta))
        if not texts:
            for chunk in chunks:
                yield chunk
            return
        messages = screened_messages(request_data.get("messages") or [])
        audited = {i: await self._audit(messages, text) for i, text in texts.items()}
        withheld = False
        for i in texts:  # revealing reasoning or tool calls: re-chunked as text only, without them
            if await self._reveals(messages, ["".join(hidden.get(i, []))]):
                audited[i] = audited[i] if audited[i].strip() else self.unlearner.settings.refusal_text
                withheld = True
        if not withheld and all(audited[i] == texts[i] for i in texts):
            for chunk in chunks:
                yield chunk
            return
        first = chunks[0]
        usage = next((c.usage for c in reversed(chunks) if getattr(c, "usage", None)), None)
        for n, (index, text) in enumerate(sorted(audited.items())):
            last = n == len(audited) - 1
            for payload in chunk_payloads(
                text,
                id=first.id,
                created=first.created,
                model=first.model,
                usage=_dump(usage) if last and usage is not None else None,
                index=index,
            ):
                yield litellm.ModelResponseStream(**payload)


def _hidden_texts(message: Any) -> list[str]:
    """What a message (or a stream delta) carries besides its answer text: the strings of all its other
    fields (reasoning, thinking blocks, tool calls, function_call, refusal, audio transcript, annotations,
    provider-specific fields), whatever the provider named them."""
    return [t for field in _side_fields(message) for t in _strings(getattr(message, field, None)) if t]


def _side_fields(message: Any) -> list[str]:
    """The names of a message's fields that hold something besides its answer text and role."""
    fields = message.model_dump() if hasattr(message, "model_dump") else {}
    return [k for k, v in fields.items() if k not in ("content", "role") and v not in (None, [], {}, "")]


_OPAQUE = frozenset(
    {"id", "type", "index", "data", "signature", "encrypted_content", "encrypted_index", "tool_use_id"}
)
"""Keys whose values a client reads as no text: ids, types, base64 audio, signatures, encrypted content."""


def _strings(value: Any) -> list[str]:
    """Every string in `value` (nested dicts, lists, pydantic objects) except under _OPAQUE keys and data
    URLs, so a name in any field counts."""
    if hasattr(value, "model_dump"):
        value = value.model_dump()
    if isinstance(value, str):
        return [] if value.startswith("data:") else [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in _OPAQUE for t in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _strings(v)]
    return []


def _block_hidden_texts(block: dict[str, Any]) -> list[str]:
    """What an Anthropic content block shows besides answer text: a text block's citations, every other
    block's strings (thinking, tool-use input as JSON, server tool results' titles and URLs)."""
    if block.get("type") == "text":
        return _strings(block.get("citations"))
    if block.get("type") in ("thinking", "tool_use"):
        return [_part_text(block)]
    return _strings(block)


def screened_messages(messages: Any) -> list[dict[str, Any]]:
    """The request's messages with their content as the text alu can read in it (see the module's
    docstring): content parts are read by `_part_text`, joined by newlines, UNREADABLE when none is text."""
    if not isinstance(messages, list):
        raise ValueError("messages must be a non-empty list of {'role': ..., 'content': ...} dicts")
    out = []
    for message in messages:
        if hasattr(message, "model_dump"):
            message = message.model_dump(exclude_none=True)
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            message = {**message, "content": _parts_text(content) or UNREADABLE}
        out.append(message)
    return out


def _part_text(part: Any) -> str:
    """The text of a content part (OpenAI or Anthropic) that screening reads; "" for what it cannot read."""
    if not isinstance(part, dict):
        return ""
    kind = part.get("type")
    if kind in ("text", "thinking"):
        return str(part.get(kind) or "")
    if kind == "tool_use":  # the model's arguments; non-ASCII kept as written, so 'Zoë' stays matchable
        return json.dumps(part.get("input") or {}, ensure_ascii=False)
    if kind == "tool_result":
        content = part.get("content")
        return content if isinstance(content, str) else _parts_text(content)
    return ""


def _parts_text(parts: Any) -> str:
    return "\n".join(filter(None, map(_part_text, parts if isinstance(parts, list) else [])))


def _withhold(choice: Any, refusal: str) -> None:
    """Drop everything the message carries besides its answer text (reasoning, thinking, audio, citations,
    ...); tool and function calls (their arguments named a target), a refusal field and an answer given only
    as audio become the refusal. A choice left without its calls ends as a text does ("stop")."""
    message = choice.message
    called = bool(getattr(message, "tool_calls", None) or getattr(message, "function_call", None))
    refused = bool(getattr(message, "refusal", None))
    for field in _side_fields(message):
        setattr(message, field, None)
    if refused:
        message.refusal = refusal
    elif called or not (message.content or "").strip():
        message.content = refusal
    if called and choice.finish_reason in ("tool_calls", "function_call"):
        choice.finish_reason = "stop"
    _drop_spans(choice)


def _drop_spans(choice: Any) -> None:
    """Forget what describes the answer text token by token or by offsets (logprobs, url citations): once
    that text is rewritten or withheld they describe the text it replaced, whose tokens spell the name."""
    if getattr(choice, "logprobs", None) is not None:
        choice.logprobs = None
    if getattr(choice.message, "annotations", None):
        choice.message.annotations = None


def _dump(usage: Any) -> dict[str, Any]:
    return usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
