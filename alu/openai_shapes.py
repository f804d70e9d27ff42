"""OpenAI chat-completion bodies for an alu Result: one shape for the server, the wrappers and the guardrail;
and the one reading of a request message's content that the server, the wrappers and the SDK share.

Only the audited `Result.text` is ever put into a body, never `Result.vanilla`."""

from __future__ import annotations

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
}
"""Request options that ask for more than one answer text (alu.sdk.UNSUPPORTED has the tool options): alu's
reply carries its audited text only, so they are refused rather than passed on and silently dropped (the
model's logprobs would spell the answer alu replaced)."""


def check_text_answer(options: dict[str, Any]) -> None:
    """Refuse the options of NOT_TEXT_OPTIONS that ask for something (logprobs False, top_logprobs 0 and
    modalities ["text"] do not)."""
    for name, what in NOT_TEXT_OPTIONS.items():
        if _asks_more_than_text(name, options.get(name)):
            raise ValueError(f"alu audits text answers; {what} ({name}=) are not supported")


def _asks_more_than_text(name: str, value: Any) -> bool:
    if name == "modalities":
        return value is not None and value != ["text"]
    if name in ("logprobs", "top_logprobs"):
        return bool(value)
    return value is not None


def usage(result: Result) -> dict[str, int]:
    """Tokens of every model call alu made for the request (the answer and any agents), as billed."""
    return {
        "prompt_tokens": result.prompt_tokens,
        "completion_tokens": result.completion_tokens,
        "total_tokens": result.prompt_tokens + result.completion_tokens,
    }


def response_payload(result: Result, model: str) -> dict[str, Any]:
    """The OpenAI `chat.completion` body for an alu result; usage counts every model call alu made."""
    return {
        "id": f"chatcmpl-alu-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": result.text},
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
) -> list[dict[str, Any]]:
    """OpenAI `chat.completion.chunk` bodies that spell out `text` word by word (their contents join back to
    `text` exactly): a role chunk, the words, a finish chunk, and a usage chunk when `usage` is given."""

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        return {
            "id": id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": index, "delta": delta, "finish_reason": finish_reason}],
        }

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": piece}) for piece in _PIECE.findall(text)]
    chunks.append(chunk({}, finish_reason))
    if usage is not None:
        chunks.append({**chunk({}), "choices": [], "usage": usage})
    return chunks


def stream_payloads(payload: dict[str, Any], stream_options: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The chunk bodies of a whole `chat.completion` body (usage last, when the caller asked for it)."""
    include_usage = bool((stream_options or {}).get("include_usage"))
    return chunk_payloads(
        payload["choices"][0]["message"]["content"],
        id=payload["id"],
        created=payload["created"],
        model=payload["model"],
        usage=payload["usage"] if include_usage else None,
        finish_reason=payload["choices"][0]["finish_reason"],
    )
