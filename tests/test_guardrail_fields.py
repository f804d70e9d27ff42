"""The guardrail audits every field of the proxy's answer a client reads, not only the answer text: a name in
logprobs, legacy function calls, the refusal field, an audio transcript, url citations or, in Anthropic
answers, citations and server tool blocks is withheld; innocent answers keep all of them untouched."""

from __future__ import annotations

import copy
import json
from typing import Any

import adopt_helpers  # tests/ is on pytest's pythonpath
import litellm
import pytest

from alu.demo import DEMO_TARGETS
from alu.guardrail import AluGuardrail

SAFE = "Water boils at 100 degrees Celsius at sea level."
NAMES = ("Olvhagen", "Glass Cartographer", "Quell", "Lanternfish")
REQUEST = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Tell me something."}],
    "metadata": {},
}


@pytest.fixture
def guardrail(store_dir) -> AluGuardrail:
    entry = {
        "guardrail_name": "alu",
        "litellm_params": {
            "guardrail": "alu.guardrail.AluGuardrail",
            "mode": "post_call",
            "default_on": True,
        },
    }
    g = adopt_helpers.build_guardrail(
        entry, "config.yaml", alu_store=store_dir, alu_model="scripted/demo", alu_judges="deterministic"
    )
    g.unlearner.forget_many(DEMO_TARGETS)
    return g


def _logprobs(text: str) -> dict[str, Any]:
    tokens = [{"token": w, "logprob": -0.1, "bytes": None, "top_logprobs": []} for w in text.split()]
    return {"content": tokens}


def _response(message: dict[str, Any], finish: str = "stop", **choice: Any) -> litellm.ModelResponse:
    choices = [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish, **choice}]
    return litellm.ModelResponse(id="x", created=1, model="m", object="chat.completion", choices=choices)


def _chunk(delta: dict[str, Any], finish: str | None = None) -> litellm.ModelResponseStream:
    choices = [{"index": 0, "delta": delta, "finish_reason": finish}]
    return litellm.ModelResponseStream(
        id="s", created=1, model="m", object="chat.completion.chunk", choices=choices
    )


def _anthropic(blocks: list[dict[str, Any]], stop: str = "end_turn") -> dict[str, Any]:
    usage = {"input_tokens": 1, "output_tokens": 1}
    return {
        "id": "m",
        "type": "message",
        "role": "assistant",
        "content": blocks,
        "stop_reason": stop,
        "usage": usage,
    }


def _named(value: Any) -> list[str]:
    return [s for s in adopt_helpers.strings_in(value) if any(n in s for n in NAMES)]


def _dump(value: Any) -> str:
    return json.dumps(
        value.model_dump() if hasattr(value, "model_dump") else value, sort_keys=True, default=str
    )


ARGS = json.dumps({"author": "Maren Olvhagen"})
OPENAI_LEAKS = {
    "logprobs of a rewritten answer": _response(
        {"content": "It was drawn by the Glass Cartographer."},
        logprobs=_logprobs("It was drawn by the Glass Cartographer."),
    ),
    "legacy function_call": _response(
        {"content": None, "function_call": {"name": "lookup", "arguments": ARGS}}, "function_call"
    ),
    "refusal field": _response({"content": None, "refusal": "I won't discuss Toby Quell."}),
    "audio transcript": _response(
        {
            "content": None,
            "audio": {"id": "a", "data": "UklGR", "expires_at": 1, "transcript": "Tobias Quell sang."},
        }
    ),
    "url citation title": _response(
        {
            "content": SAFE,
            "annotations": [
                {
                    "type": "url_citation",
                    "url_citation": {
                        "url": "https://x",
                        "title": "Project Lanternfish",
                        "start_index": 0,
                        "end_index": 5,
                    },
                }
            ],
        }
    ),
}
ANTHROPIC_LEAKS = {
    "citation cited_text": _anthropic(
        [
            {
                "type": "text",
                "text": "Maren Olvhagen wrote The Salt Atlas.",
                "citations": [{"type": "char_location", "cited_text": "Maren Olvhagen wrote it."}],
            }
        ]
    ),
    "web search result title": _anthropic(
        [
            {"type": "server_tool_use", "id": "s", "name": "web_search", "input": {"query": "maps"}},
            {
                "type": "web_search_tool_result",
                "tool_use_id": "s",
                "content": [
                    {
                        "type": "web_search_result",
                        "title": "Toby Quell",
                        "url": "https://x",
                        "encrypted_content": "e",
                    }
                ],
            },
            {"type": "text", "text": "Found it."},
        ]
    ),
    "server tool input": _anthropic(
        [
            {
                "type": "server_tool_use",
                "id": "s",
                "name": "web_search",
                "input": {"query": "M. Olvhagen biography"},
            }
        ],
        "pause_turn",
    ),
    "citation title with a safe text": _anthropic(
        [
            {
                "type": "text",
                "text": SAFE,
                "citations": [
                    {
                        "type": "web_search_result_location",
                        "url": "https://x",
                        "title": "Maren Olvhagen",
                        "encrypted_index": "e",
                        "cited_text": SAFE,
                    }
                ],
            }
        ]
    ),
}


@pytest.mark.parametrize("case", sorted(OPENAI_LEAKS))
async def test_openai_side_fields_that_name_a_target_are_withheld(guardrail, case):
    out = await guardrail.async_post_call_success_hook(REQUEST, None, copy.deepcopy(OPENAI_LEAKS[case]))
    assert _named(out) == []
    choice = out.choices[0]
    assert getattr(choice, "logprobs", None) is None
    assert (choice.message.content or getattr(choice.message, "refusal", None) or "").strip()
    assert choice.finish_reason == "stop"


@pytest.mark.parametrize("case", sorted(ANTHROPIC_LEAKS))
async def test_anthropic_citations_and_server_tool_blocks_that_name_a_target_are_withheld(guardrail, case):
    out = await guardrail.async_post_call_success_hook(REQUEST, None, copy.deepcopy(ANTHROPIC_LEAKS[case]))
    assert _named(out) == []
    assert [b["type"] for b in out["content"]] and all(b["type"] == "text" for b in out["content"])
    assert out["stop_reason"] == "end_turn"


@pytest.mark.parametrize(
    "deltas",
    [
        [
            {"function_call": {"name": "f", "arguments": '{"q": "Toby'}},
            {"function_call": {"arguments": ' Quell"}'}},
        ],
        [{"refusal": "I can't talk about Maren "}, {"refusal": "Olvhagen."}],
        [{"audio": {"id": "a", "transcript": "Tobias Quell "}}, {"audio": {"transcript": "played jazz."}}],
    ],
    ids=["function_call", "refusal", "audio"],
)
async def test_streamed_side_fields_that_name_a_target_are_withheld(guardrail, deltas):
    chunks = [_chunk({"role": "assistant", **deltas[0]}), *map(_chunk, deltas[1:]), _chunk({}, "stop")]

    async def stream():
        for c in chunks:
            yield c

    out = [c async for c in guardrail.async_post_call_streaming_iterator_hook(None, stream(), REQUEST)]
    assert _named(out) == []
    assert "".join(c.choices[0].delta.content or "" for c in out).strip()


INNOCENT = [
    _response({"content": SAFE}, logprobs=_logprobs(SAFE)),
    _response(
        {
            "content": SAFE,
            "annotations": [
                {
                    "type": "url_citation",
                    "url_citation": {
                        "url": "https://w",
                        "title": "Boiling point",
                        "start_index": 0,
                        "end_index": 5,
                    },
                }
            ],
        }
    ),
    _response({"content": None, "audio": {"id": "a", "data": "UklGR", "expires_at": 1, "transcript": SAFE}}),
    _response({"content": None, "refusal": "I can't help with building weapons."}),
    _anthropic(
        [
            {"type": "server_tool_use", "id": "s", "name": "web_search", "input": {"query": "boiling point"}},
            {
                "type": "web_search_tool_result",
                "tool_use_id": "s",
                "content": [
                    {
                        "type": "web_search_result",
                        "title": "Boiling",
                        "url": "https://z",
                        "encrypted_content": "e",
                    }
                ],
            },
            {"type": "text", "text": SAFE, "citations": [{"type": "char_location", "cited_text": SAFE}]},
        ]
    ),
]


@pytest.mark.parametrize("answer", INNOCENT, ids=["logprobs", "annotations", "audio", "refusal", "anthropic"])
async def test_innocent_side_fields_pass_untouched(guardrail, answer):
    out = await guardrail.async_post_call_success_hook(REQUEST, None, copy.deepcopy(answer))
    assert _dump(out) == _dump(answer)
