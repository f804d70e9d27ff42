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

Fail closed: answers alu cannot audit yet (the Responses API, legacy text completions, streams of other event
types) are withheld with an error instead of passed on; bad alu settings stop the proxy from starting."""

from __future__ import annotations

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
        """alu's answer in place of `text` (logged as coming through the guardrail)."""
        with entry_point("guardrail"):
            return (await self.unlearner.aaudit(messages, text)).text

    async def async_post_call_success_hook(self, data: dict, user_api_key_dict: Any, response: Any) -> Any:
        """Replace each answer text (chat choices, Anthropic text blocks) with alu's audited answer; it stays
        unchanged when it reveals no target."""
        if self.should_run_guardrail(data=data, event_type=GuardrailEventHooks.post_call) is not True:
            return response
        if isinstance(response, _UNAUDITED_TEXT):
            raise NotAuditableError(type(response).__name__)
        if isinstance(response, dict) and response.get("type") == "message":  # Anthropic /v1/messages
            messages = text_messages(data.get("messages") or [])
            for block in response.get("content") or []:
                if isinstance(block, dict) and block.get("type") == "text":
                    block["text"] = await self._audit(messages, block.get("text") or "")
            return response
        if not isinstance(response, litellm.ModelResponse):  # files, batches, embeddings: no answer text
            return response
        messages = text_messages(data.get("messages") or [])
        for choice in response.choices:
            message = getattr(choice, "message", None)
            if message is None or not isinstance(message.content, str):
                continue  # tool calls without text: nothing to audit
            message.content = await self._audit(messages, message.content)
        return response

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
        for chunk in chunks:
            for choice in getattr(chunk, "choices", None) or []:
                content = getattr(choice.delta, "content", None)
                texts[choice.index] = texts.get(choice.index, "") + (content or "")
        if not texts:
            for chunk in chunks:
                yield chunk
            return
        messages = text_messages(request_data.get("messages") or [])
        audited = {i: await self._audit(messages, text) for i, text in texts.items()}
        if all(audited[i] == texts[i] for i in texts):
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


def _dump(usage: Any) -> dict[str, Any]:
    return usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
