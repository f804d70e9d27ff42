"""OpenAI chat-completion bodies for an alu Result: one shape for the server, the wrappers and the guardrail;
and the one reading of a request message's content that the server, the wrappers and the SDK share.

Only the audited `Result.text` is ever put into a body, never `Result.vanilla`. The body is built from that
text alone: nothing else the model returned (logprobs, which the request options refuse; provider fields such
as citations) can reach the client through the server or the wrappers."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from alu.types import Result


def content_text(content: Any) -> str | None:
    """A message's content as one string: a string (or None) as it is, OpenAI content parts of type text
    joined by newlines (joined without, two parts' words would run together: a name split across parts
    would escape screening). alu answers and audits text only: any other part is a ValueError."""
    if content is None or isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise ValueError("content must be a string or a list of text parts")
    texts = []
    for part in content:
        kind = part.get("type") if isinstance(part, dict) else None
        if kind != "text" or not isinstance(part.get("text"), str):
            raise ValueError(f"only text content parts are supported (got {kind or type(part).__name__!r})")
        texts.append(part["text"])
    return "\n".join(texts)


NOT_TEXT_OPTIONS = {
    "logprobs": "token logprobs",
    "top_logprobs": "token logprobs",
    "audio": "audio answers",
    "modalities": "answers other than text",
    "parallel_tool_calls": "tool calls",
    "store": "stored completions of the unaudited answer",
}
"""Request options that ask for more than one answer text (alu.sdk.UNSUPPORTED has the tool options): alu's
reply carries its audited text only, so they are refused rather than passed on and silently dropped (the
model's logprobs would spell the answer alu replaced). `store` is refused too: the provider would keep the
model's unaudited answer as a stored completion, for its completions API, evals and distillation."""


def check_text_answer(options: dict[str, Any]) -> None:
    """Refuse the options of NOT_TEXT_OPTIONS that ask for something (logprobs False, top_logprobs 0, store
    False and modalities ["text"] do not)."""
    for name, what in NOT_TEXT_OPTIONS.items():
        if _asks_more_than_text(name, options.get(name)):
            raise ValueError(f"alu audits text answers; {what} ({name}=) are not supported")


def _asks_more_than_text(name: str, value: Any) -> bool:
    if name == "modalities":
        return value is not None and value != ["text"]
    if name in ("logprobs", "top_logprobs", "store"):
        return bool(value)
    return value is not None


def json_mode(response_format: Any) -> str | None:
    """Which JSON a request's `response_format` asks for: "json_object", "json_schema", or None."""
    kind = _format(response_format).get("type")
    return kind if kind in ("json_object", "json_schema") else None


def answer_fields(text: str, path: str, response_format: Any = None) -> dict[str, str | None]:
    """The message fields that carry an answer: `{"content": text}`, except in JSON mode, where alu's own
    text goes to `refusal` with `content` None, as OpenAI's structured outputs refuse: a client that
    `json.loads` the content must never get prose. The one place that decides it, for the server, the
    wrappers and the guardrail. `path` is the Result's: the model's own answer ("fast") is its content as
    it wrote it; a refusal is always a refusal; a rewrite stays the content only when it is the JSON asked
    for."""
    if path == "fast" or not json_mode(response_format):
        return {"content": text}
    if path == "rewrite" and _is_json_asked(text, response_format):
        return {"content": text}
    return {"content": None, "refusal": text}


def _is_json_asked(text: str, response_format: Any) -> bool:
    """Whether `text` is a JSON object, valid against the request's schema when it gives one."""
    try:
        value = json.loads(text)
    except ValueError:
        return False
    if not isinstance(value, dict):
        return False
    spec = _format(response_format).get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    if not isinstance(schema, dict):
        return True
    import jsonschema

    try:
        jsonschema.validate(value, schema)
    except (jsonschema.ValidationError, jsonschema.SchemaError):
        return False
    return True


def _format(response_format: Any) -> dict[str, Any]:
    """A response format as OpenAI's dict; a pydantic model class (which litellm takes and turns into its
    schema) as the json_schema it stands for."""
    if isinstance(response_format, type) and hasattr(response_format, "model_json_schema"):
        return {"type": "json_schema", "json_schema": {"schema": response_format.model_json_schema()}}
    return response_format if isinstance(response_format, dict) else {}


def usage(result: Result) -> dict[str, int]:
    """Tokens of every model call alu made for the request (the answer and any agents), as billed."""
    return {
        "prompt_tokens": result.prompt_tokens,
        "completion_tokens": result.completion_tokens,
        "total_tokens": result.prompt_tokens + result.completion_tokens,
    }


def response_payload(result: Result, model: str, response_format: Any = None) -> dict[str, Any]:
    """The OpenAI `chat.completion` body for an alu result; usage counts every model call alu made. In JSON
    mode (the request's `response_format`) a refusal is in `message.refusal` (see answer_fields)."""
    return {
        "id": f"chatcmpl-alu-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", **answer_fields(result.text, result.path, response_format)},
                "finish_reason": result.finish_reason,
            }
        ],
        "usage": usage(result),
    }


_PIECE = re.compile(r"\s*\S+|\s+")


def chunk_payloads(
    text: str,
    *,
    id: str,
    created: int,
    model: str,
    usage: dict[str, Any] | None = None,
    index: int = 0,
    finish_reason: str = "stop",
    field: str = "content",
) -> list[dict[str, Any]]:
    """OpenAI `chat.completion.chunk` bodies that spell out `text` word by word in their `field` deltas
    ("content", or "refusal" for a refusal in JSON mode; they join back to `text` exactly): a role chunk, the
    words, a finish chunk, and a usage chunk when `usage` is given."""

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        return {
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": index, "delta": delta, "finish_reason": finish_reason}],
        }

    chunks = [chunk({"role": "assistant", field: ""})]
    chunks += [chunk({field: piece}) for piece in _PIECE.findall(text)]
    chunks.append(chunk({}, finish_reason))
    if usage is not None:
        chunks.append({**chunk({}), "choices": [], "usage": usage})
    return chunks


def stream_payloads(payload: dict[str, Any], stream_options: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The chunk bodies of a whole `chat.completion` body (usage last, when the caller asked for it)."""
    include_usage = bool((stream_options or {}).get("include_usage"))
    message = payload["choices"][0]["message"]
    field = "content" if message["content"] is not None else "refusal"
    return chunk_payloads(
        message[field],
        id=payload["id"],
        created=payload["created"],
        model=payload["model"],
        usage=payload["usage"] if include_usage else None,
        finish_reason=payload["choices"][0]["finish_reason"],
        field=field,
    )
