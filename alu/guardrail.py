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

What the model said besides its answer is audited too: reasoning content, thinking blocks and tool-call
arguments (streamed or not). When they reveal a target they are withheld: reasoning and thinking are
dropped, tool calls are replaced by alu's refusal.

Fail closed: answers alu cannot audit yet (the Responses API, legacy text completions, streams of other event
types) are withheld with an error instead of passed on; bad alu settings stop the proxy from starting."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import litellm
from litellm.integrations.custom_guardrail import CustomGuardrail
from litellm.types.guardrails import GuardrailEventHooks
from litellm.types.llms.openai import ResponsesAPIResponse

from alu.adopt.completion import text_messages
from alu.errors import ConfigError
from alu.openai_shapes import chunk_payloads
from alu.records.entry import entry_point
from alu.sdk import Unlearner
from alu.types import Result

# Answers in shapes alu does not audit yet. They are refused rather than passed on unaudited.
_UNAUDITED_TEXT = (litellm.TextCompletionResponse, ResponsesAPIResponse)


class NotAuditableError(ValueError):
    """The proxy produced an answer alu cannot audit; it is withheld (fail closed)."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"alu guardrail: {what} cannot be audited, so it is withheld; use /v1/chat/completions"
        )


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
        their system messages are screened too."""
        with entry_point("guardrail"):
            return await self.unlearner.aaudit(messages, text, screen_system=True)

    async def async_post_call_success_hook(self, data: dict, user_api_key_dict: Any, response: Any) -> Any:
        """Replace each answer text (chat choices, Anthropic text blocks) with alu's audited answer; it stays
        unchanged when it reveals no target."""
        if self.should_run_guardrail(data=data, event_type=GuardrailEventHooks.post_call) is not True:
            return response
        if isinstance(response, _UNAUDITED_TEXT):
            raise NotAuditableError(type(response).__name__)
        if isinstance(response, dict) and response.get("type") == "message":  # Anthropic /v1/messages
            await self._audit_blocks(text_messages(data.get("messages") or []), response)
            return response
        if not isinstance(response, litellm.ModelResponse):  # files, batches, embeddings: no answer text
            return response
        messages = text_messages(data.get("messages") or [])
        for choice in response.choices:
            message = getattr(choice, "message", None)
            if message is None:
                continue
            if isinstance(message.content, str):
                message.content = await self._audit(messages, message.content)
            if await self._reveals(messages, _hidden_texts(message)):
                _withhold(message, self.unlearner.settings.refusal_text)
        return response

    async def _reveals(self, messages: list[dict[str, Any]], hidden: list[str]) -> bool:
        """Whether reasoning, thinking or tool-call arguments reveal a target (audited as one text)."""
        text = "\n".join(t for t in hidden if t.strip())
        return bool(text) and (await self._result(messages, text)).path != "fast"

    async def _audit_blocks(self, messages: list[dict[str, Any]], response: dict[str, Any]) -> None:
        """Anthropic content blocks: text audited; thinking and tool use withheld if they reveal a target."""
        blocks = [b for b in response.get("content") or [] if isinstance(b, dict)]
        for block in blocks:
            if block.get("type") == "text":
                block["text"] = await self._audit(messages, block.get("text") or "")
        hidden = [str(b.get("thinking") or "") for b in blocks if b.get("type") == "thinking"]
        hidden += [json.dumps(b.get("input") or {}) for b in blocks if b.get("type") == "tool_use"]
        if await self._reveals(messages, hidden):
            kept = [b for b in blocks if b.get("type") not in ("thinking", "redacted_thinking", "tool_use")]
            if len(kept) < len(blocks) and not any(b.get("type") == "text" for b in kept):
                kept.append({"type": "text", "text": self.unlearner.settings.refusal_text})
            response["content"] = kept

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
        messages = text_messages(request_data.get("messages") or [])
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
    """What a message (or a stream delta) carries besides its answer text: reasoning content, thinking
    blocks and tool-call arguments."""
    out = [str(getattr(message, "reasoning_content", None) or "")]
    for block in getattr(message, "thinking_blocks", None) or []:
        get = block.get if isinstance(block, dict) else lambda k, b=block: getattr(b, k, None)
        out.append(str(get("thinking") or ""))
    for call in getattr(message, "tool_calls", None) or []:
        function = call.get("function") if isinstance(call, dict) else getattr(call, "function", None)
        arguments = (
            function.get("arguments") if isinstance(function, dict) else getattr(function, "arguments", None)
        )
        out.append(str(arguments or ""))
    return [t for t in out if t]


def _withhold(message: Any, refusal: str) -> None:
    """Drop reasoning and thinking; replace tool calls by the refusal (their arguments named a target)."""
    for field in ("reasoning_content", "thinking_blocks"):
        if getattr(message, field, None) is not None:
            setattr(message, field, None)
    if getattr(message, "tool_calls", None):
        message.tool_calls = None
        message.content = refusal


def _dump(usage: Any) -> dict[str, Any]:
    return usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
