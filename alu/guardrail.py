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

Logprobs of an answer that passes unchanged are kept only when nothing is in play: their `top_logprobs`
alternatives are the model's other likely tokens, so they are audited as text (each alternative after the
chosen tokens before it, and each rank's alternatives in a row), and dropped when that text reveals a target
or when the answer's audit put any target in play. A name spread over the alternatives of several positions
(' Mer' here, 'kel' there, each conditioned on a token that was not chosen) is no text a reading could
rebuild; in an exchange about a target that is the likeliest place for it. The answer's top-level provider
fields (Perplexity `citations`, `search_results`, `related_questions`, `images`, a Bedrock `trace`, ...:
any field besides ids, model, usage and the choices or content) are audited the same way, and dropped when
they reveal a target or when any answer text was rewritten or withheld (they describe that text).

In JSON mode (the request's `response_format` asks for JSON), alu's refusal goes to `message.refusal` with
`content` None, as OpenAI's structured outputs refuse, so a client that parses the content never gets prose;
a rewrite stays the content only when it is the JSON asked for (alu.openai_shapes.answer_fields).

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
from alu.openai_shapes import answer_fields, chunk_payloads, json_mode
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
        unchanged when it reveals no target. The provider's top-level fields are audited last."""
        if self.should_run_guardrail(data=data, event_type=GuardrailEventHooks.post_call) is not True:
            return response
        if isinstance(response, _UNAUDITED_TEXT):
            raise NotAuditableError(type(response).__name__)
        if isinstance(response, dict) and response.get("type") == "message":  # Anthropic /v1/messages
            messages = screened_messages(data.get("messages") or [])
            changed = await self._audit_blocks(messages, response)
            await self._audit_provider_fields(messages, [response], changed)
            return response
        if not isinstance(response, litellm.ModelResponse):  # files, batches, embeddings: no answer text
            return response
        messages = screened_messages(data.get("messages") or [])
        changed = False
        for choice in response.choices:
            if getattr(choice, "message", None) is not None:
                changed |= await self._audit_choice(messages, choice, data.get("response_format"))
        await self._audit_provider_fields(messages, [response], changed)
        return response

    async def _audit_choice(self, messages: list[dict[str, Any]], choice: Any, response_format: Any) -> bool:
        """Audit one choice's answer text, the other fields of its message and its logprobs; whether its
        answer was rewritten or withheld."""
        message = choice.message
        hidden = _hidden_texts(message)
        changed = in_play = False
        if isinstance(message.content, str):
            result = await self._result(messages, message.content)
            in_play = bool(result.candidates)
            if result.text != message.content:
                _put_answer(message, result.text, result.path, response_format)
                _drop_spans(choice)
                changed = True
        if await self._reveals(messages, hidden):
            _withhold(choice, self.unlearner.settings.refusal_text, response_format)
            return True
        if getattr(choice, "logprobs", None) is not None and await self._spans_reveal(
            messages, [choice.logprobs], in_play
        ):
            choice.logprobs = None
        return changed

    async def _spans_reveal(self, messages: list[dict[str, Any]], logprobs: list[Any], in_play: bool) -> bool:
        """Whether an unchanged answer's logprobs must go: a target is in play, or their alternatives spell
        one (see the module's docstring)."""
        return in_play or await self._reveals(messages, _alternatives(logprobs))

    async def _audit_provider_fields(
        self, messages: list[dict[str, Any]], responses: list[Any], changed: bool
    ) -> None:
        """Drop the top-level provider fields of the answer (every chunk of a stream) when an answer text was
        rewritten or withheld, or when they reveal a target."""
        names = sorted({name for r in responses for name in _provider_fields(r)})
        if not names:
            return
        texts = list(dict.fromkeys(t for r in responses for n in names for t in _strings(_top_field(r, n))))
        if changed or await self._reveals(messages, texts):
            for response in responses:
                for name in names:
                    _drop_top_field(response, name)

    async def _reveals(self, messages: list[dict[str, Any]], hidden: list[str]) -> bool:
        """Whether what a message carries besides its answer text reveals a target (audited as one text)."""
        text = "\n".join(t for t in hidden if t.strip())
        return bool(text) and (await self._result(messages, text)).path != "fast"

    async def _audit_blocks(self, messages: list[dict[str, Any]], response: dict[str, Any]) -> bool:
        """Anthropic content blocks: text audited (a rewritten one loses its citations); every other block and
        the citations withheld if they reveal a target. Whether any was rewritten or withheld."""
        blocks = [b for b in response.get("content") or [] if isinstance(b, dict)]
        changed = False
        for block in blocks:
            if block.get("type") == "text":
                text = block.get("text") or ""
                block["text"] = await self._audit(messages, text)
                if block["text"] != text:
                    block.pop("citations", None)  # they quote the text replaced
                    changed = True
        if not await self._reveals(messages, [t for b in blocks for t in _block_hidden_texts(b)]):
            return changed
        kept = [{k: v for k, v in b.items() if k != "citations"} for b in blocks if b.get("type") == "text"]
        if len(kept) < len(blocks) and not kept:
            kept.append({"type": "text", "text": self.unlearner.settings.refusal_text})
        response["content"] = kept
        if response.get("stop_reason") in ("tool_use", "pause_turn"):  # its calls are gone
            response["stop_reason"] = "end_turn"
        return True

    async def async_post_call_streaming_iterator_hook(
        self, user_api_key_dict: Any, response: AsyncIterator[Any], request_data: dict
    ) -> AsyncGenerator[Any, None]:
        """Hold the whole stream, audit each choice's text, then release it. A stream whose answers all passed
        unchanged is released as the model's own chunks (without the logprobs and provider fields that must
        go); otherwise as new chunks of alu's texts."""
        chunks = [chunk async for chunk in response]
        odd = next((c for c in chunks if not isinstance(c, litellm.ModelResponseStream)), None)
        if odd is not None:
            raise NotAuditableError(f"a stream of {type(odd).__name__}")
        texts: dict[int, str] = {}
        hidden: dict[int, list[str]] = {}
        spans: dict[int, list[Any]] = {}
        for chunk in chunks:
            for choice in getattr(chunk, "choices", None) or []:
                content = getattr(choice.delta, "content", None)
                texts[choice.index] = texts.get(choice.index, "") + (content or "")
                hidden.setdefault(choice.index, []).extend(_hidden_texts(choice.delta))
                if getattr(choice, "logprobs", None) is not None:
                    spans.setdefault(choice.index, []).append(choice.logprobs)
        messages = screened_messages(request_data.get("messages") or [])
        results = {i: await self._result(messages, text) for i, text in texts.items()}
        answers = {i: (r.text, r.path) for i, r in results.items()}
        withheld = False
        for i in texts:  # revealing reasoning or tool calls: re-chunked as text only, without them
            if await self._reveals(messages, ["".join(hidden.get(i, []))]):
                withheld = True
                if not answers[i][0].strip():
                    answers[i] = (self.unlearner.settings.refusal_text, "refuse")
        changed = withheld or any(answers[i][0] != texts[i] for i in texts)
        await self._audit_provider_fields(messages, chunks, changed)
        if not changed:
            dropped = {
                i
                for i, lp in spans.items()
                if await self._spans_reveal(messages, lp, bool(results[i].candidates))
            }
            for chunk in chunks:
                yield _without_spans(chunk, dropped)
            return
        for payload in _rechunked(chunks, answers, request_data.get("response_format")):
            yield litellm.ModelResponseStream(**payload)


def _rechunked(
    chunks: list[Any], answers: dict[int, tuple[str, str]], response_format: Any
) -> list[dict[str, Any]]:
    """Chunk bodies of alu's answers (index -> (text, path)) in place of a stream, each in the field JSON mode
    puts it in (alu.openai_shapes.answer_fields), the stream's usage last."""
    first = chunks[0]
    usage = next((c.usage for c in reversed(chunks) if getattr(c, "usage", None)), None)
    payloads = []
    for n, (index, (text, path)) in enumerate(sorted(answers.items())):
        last = n == len(answers) - 1
        field = "content" if answer_fields(text, path, response_format)["content"] is not None else "refusal"
        payloads += chunk_payloads(
            text,
            id=first.id,
            created=first.created,
            model=first.model,
            usage=_dump(usage) if last and usage is not None else None,
            index=index,
            field=field,
        )
    return payloads


def _without_spans(chunk: Any, indices: set[int]) -> Any:
    """The chunk, without the logprobs of the choices at `indices`."""
    for choice in getattr(chunk, "choices", None) or []:
        if choice.index in indices:
            choice.logprobs = None
    return chunk


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


def _put_answer(message: Any, text: str, path: str, response_format: Any) -> None:
    """Put alu's answer in the message: its content, or in JSON mode its refusal field (answer_fields)."""
    fields = answer_fields(text, path, response_format)
    message.content = fields["content"]
    if "refusal" in fields:
        message.refusal = fields["refusal"]


def _withhold(choice: Any, refusal: str, response_format: Any) -> None:
    """Drop everything the message carries besides its answer text (reasoning, thinking, audio, citations,
    ...); tool and function calls (their arguments named a target), a refusal field and an answer given only
    as audio become the refusal (in the refusal field in JSON mode). A choice left without its calls ends as
    a text does ("stop")."""
    message = choice.message
    called = bool(getattr(message, "tool_calls", None) or getattr(message, "function_call", None))
    refused = bool(getattr(message, "refusal", None))
    for field in _side_fields(message):
        setattr(message, field, None)
    if refused or (json_mode(response_format) and not (message.content or "").strip()):
        message.content = message.content or None
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


ALTERNATIVES_CONTEXT = 3
"""Chosen tokens read before each alternative token: a name whose first part was chosen ('Angela') and whose
next part is an alternative (' Merkel') reads whole."""


def _alternatives(logprobs: list[Any]) -> list[str]:
    """The texts the `top_logprobs` alternatives of one choice's logprobs (content and refusal tokens; a
    stream's chunks in order) spell: each alternative after the ALTERNATIVES_CONTEXT chosen tokens before it,
    and each rank's alternatives in a row (the chosen token where a position has fewer)."""
    dumped = [lp.model_dump() if hasattr(lp, "model_dump") else lp or {} for lp in logprobs]
    texts: list[str] = []
    for part in ("content", "refusal"):
        entries = [e for lp in dumped for e in lp.get(part) or [] if isinstance(e, dict)]
        chosen = [str(e.get("token") or "") for e in entries]
        tops = [[str(t.get("token") or "") for t in e.get("top_logprobs") or []] for e in entries]
        for i, alternatives in enumerate(tops):
            before = "".join(chosen[max(0, i - ALTERNATIVES_CONTEXT) : i])
            texts += [before + a for a in alternatives if a != chosen[i]]
        for rank in range(max(map(len, tops), default=0)):
            texts.append(
                "".join(alts[rank] if rank < len(alts) else chosen[i] for i, alts in enumerate(tops))
            )
    return list(dict.fromkeys(texts))


_STANDARD_FIELDS = frozenset(
    {
        *("id", "object", "type", "role", "created", "model", "choices", "content", "usage"),
        *("system_fingerprint", "service_tier", "stop_reason", "stop_sequence", "container"),
    }
)
"""Top-level fields of an answer (OpenAI chat completions and chunks, Anthropic messages) that hold no text
beside the answer: ids, model, usage, stop reasons, the choices or content blocks (audited on their own)."""


def _provider_fields(response: Any) -> list[str]:
    """The top-level fields of an answer besides _STANDARD_FIELDS that hold something: a provider's own
    (Perplexity `citations`, `search_results`, `related_questions`, `images`; Bedrock `trace`; ...)."""
    fields = response if isinstance(response, dict) else response.model_dump()
    return [k for k, v in fields.items() if k not in _STANDARD_FIELDS and v not in (None, [], {}, "")]


def _top_field(response: Any, name: str) -> Any:
    return response.get(name) if isinstance(response, dict) else getattr(response, name, None)


def _drop_top_field(response: Any, name: str) -> None:
    if isinstance(response, dict):
        response.pop(name, None)
    elif name in response.model_dump():
        delattr(response, name)


def _dump(usage: Any) -> dict[str, Any]:
    return usage.model_dump() if hasattr(usage, "model_dump") else dict(usage)
