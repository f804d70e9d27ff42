"""The LiteLLM proxy guardrail, built from examples/litellm_config.yaml the way the proxy builds it.

The proxy itself needs `litellm[proxy]`; these tests make the same constructor call and call the same hooks
the proxy calls (proxy/utils.py: the post-call success hook and the streaming-iterator hook)."""

from __future__ import annotations

from pathlib import Path

import adopt_helpers  # tests/ is on pytest's pythonpath
import litellm
import pytest
import yaml
from litellm.types.llms.openai import ResponsesAPIResponse

from alu.demo import DEMO_FACTS, DEMO_TARGETS
from alu.errors import ModelError
from alu.guardrail import AluGuardrail, AuditFailedError, NotAuditableError, screened_messages
from alu.scripted import script_calls
from alu.text import normalize

CONFIG = Path(__file__).parents[1] / "examples" / "litellm_config.yaml"
NAMES = [DEMO_TARGETS[0]["name"], *DEMO_TARGETS[0]["aliases"]]
LEAK = DEMO_FACTS["salt atlas"]  # names Maren Olvhagen
UNRELATED = "  Water boils at 100 degrees Celsius at sea level.\n"


def _forgotten(text: str) -> bool:
    norm = f" {normalize(text)} "
    return not any(f" {normalize(n)} " in norm for n in NAMES)


def build_from_config(**overrides: object) -> AluGuardrail:
    entry = yaml.safe_load(CONFIG.read_text())["guardrails"][0]
    return adopt_helpers.build_guardrail(entry, str(CONFIG), **overrides)


@pytest.fixture
def judge(scripted):
    """The agents' model: the demo model's behaviour, under a fresh name so its calls can be counted."""
    from alu.demo import demo_script
    from alu.scripted import register_script

    model = scripted()
    register_script(model.split("/", 1)[1], demo_script)
    return model


@pytest.fixture
def guardrail(store_dir, judge):
    g = build_from_config(alu_store=store_dir, alu_agent_model=judge, alu_model=judge)
    g.unlearner.forget_many(DEMO_TARGETS)
    return g


def _response(text: str) -> litellm.ModelResponse:
    return litellm.ModelResponse(
        choices=[{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        model="gpt-4o-mini",
    )


def _request(question: str, **extra: object) -> dict:
    return {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": question}],
        "metadata": {},
        **extra,
    }


def _calls(model: str) -> list[str]:
    return [c.role for c in script_calls(model.split("/", 1)[1])]


def test_config_builds_a_default_on_post_call_guardrail(guardrail, store_dir, judge):
    assert isinstance(guardrail, AluGuardrail)
    assert guardrail.guardrail_name == "alu-unlearning"
    assert guardrail.event_hook == "post_call" and guardrail.default_on is True
    assert guardrail.unlearner.settings.store == store_dir
    assert guardrail.unlearner.settings.agent_model == judge


async def test_leaking_answer_is_replaced(guardrail, judge):
    data = _request("Who wrote The Salt Atlas?")
    response = await guardrail.async_post_call_success_hook(
        data=data, user_api_key_dict=None, response=_response(LEAK)
    )
    text = response.choices[0].message.content
    assert text and _forgotten(text)
    assert "vanilla" not in _calls(judge)  # the proxy's answer is audited, never regenerated


async def test_unrelated_answer_passes_unchanged_without_any_model_call(guardrail, judge):
    data = _request("At what temperature does water boil?")
    response = await guardrail.async_post_call_success_hook(
        data=data, user_api_key_dict=None, response=_response(UNRELATED)
    )
    assert response.choices[0].message.content == UNRELATED
    assert _calls(judge) == []


async def test_stream_is_held_until_the_audit_and_leaks_nothing(guardrail):
    consumed = []

    async def model_stream():
        for word in LEAK.split(" "):
            yield litellm.ModelResponseStream(
                choices=[{"index": 0, "delta": {"content": word + " "}}], id="chatcmpl-1", model="gpt-4o-mini"
            )
        consumed.append(True)

    chunks = []
    async for chunk in guardrail.async_post_call_streaming_iterator_hook(
        user_api_key_dict=None, response=model_stream(), request_data=_request("Who wrote The Salt Atlas?")
    ):
        assert consumed, "a chunk left before the whole answer was audited"
        chunks.append(chunk)
    texts = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "".join(texts).strip() and all(_forgotten(t) for t in texts)
    assert {c.id for c in chunks} == {"chatcmpl-1"}
    assert chunks[-1].choices[0].finish_reason == "stop"


async def test_unrelated_stream_is_released_as_the_models_own_chunks(guardrail, judge):
    originals = [
        litellm.ModelResponseStream(choices=[{"index": 0, "delta": {"content": p}}], id="c2", model="m")
        for p in ["Water boils ", "at 100 degrees."]
    ]

    async def model_stream():
        for chunk in originals:
            yield chunk

    released = [
        c
        async for c in guardrail.async_post_call_streaming_iterator_hook(
            user_api_key_dict=None, response=model_stream(), request_data=_request("When does water boil?")
        )
    ]
    assert released == originals and all(a is b for a, b in zip(released, originals, strict=True))
    assert _calls(judge) == []


async def test_guardrail_requested_per_request_when_not_default_on(store_dir, judge):
    g = build_from_config(alu_store=store_dir, alu_agent_model=judge, default_on=False)
    g.unlearner.forget_many(DEMO_TARGETS)
    asked = _request("Who wrote The Salt Atlas?", metadata={"guardrails": ["alu-unlearning"]})
    response = await g.async_post_call_success_hook(
        data=asked, user_api_key_dict=None, response=_response(LEAK)
    )
    assert _forgotten(response.choices[0].message.content)


async def test_anthropic_messages_text_blocks_are_audited(guardrail):
    message = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": LEAK}]}
    out = await guardrail.async_post_call_success_hook(
        data=_request("Who wrote The Salt Atlas?"), user_api_key_dict=None, response=message
    )
    assert _forgotten(out["content"][0]["text"])


async def test_responses_without_chat_text_pass_through(guardrail):
    embedding = litellm.EmbeddingResponse(data=[{"embedding": [0.1], "index": 0, "object": "embedding"}])
    out = await guardrail.async_post_call_success_hook(
        data=_request("x"), user_api_key_dict=None, response=embedding
    )
    assert out is embedding


async def test_answers_alu_cannot_audit_are_withheld(guardrail):
    responses_api = ResponsesAPIResponse.model_construct(output=[])
    with pytest.raises(NotAuditableError, match="ResponsesAPIResponse cannot be audited"):
        await guardrail.async_post_call_success_hook(
            data=_request("x"), user_api_key_dict=None, response=responses_api
        )

    async def event_stream():
        yield {"type": "response.output_text.delta", "delta": "Maren Olvhagen"}

    with pytest.raises(NotAuditableError, match="a stream of dict"):
        async for _ in guardrail.async_post_call_streaming_iterator_hook(
            user_api_key_dict=None,
            response=event_stream(),
            request_data=_request("Who wrote The Salt Atlas?"),
        ):
            pass


def test_bad_settings_stop_the_proxy_instead_of_running_unguarded(store_dir):
    # The proxy logs and skips a guardrail whose constructor raises ValueError; RuntimeError stops it.
    with pytest.raises(RuntimeError, match="alu guardrail: invalid settings: k"):
        build_from_config(alu_store=store_dir, alu_k=0)


async def test_reasoning_and_tool_call_arguments_that_name_a_target_are_withheld(guardrail):
    response = litellm.ModelResponse(
        choices=[
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": UNRELATED,
                    "reasoning_content": f"Thinking: {LEAK}",
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "search", "arguments": f'{{"q": "{NAMES[0]}"}}'},
                        }
                    ],
                },
                "finish_reason": "tool_calls",
            }
        ],
        model="gpt-4o-mini",
    )
    out = await guardrail.async_post_call_success_hook(
        data=_request("When does water boil?"), user_api_key_dict=None, response=response
    )
    message = out.choices[0].message
    assert not getattr(message, "tool_calls", None) and not getattr(message, "reasoning_content", None)
    assert _forgotten(str(message.model_dump()))


async def test_streamed_reasoning_that_names_a_target_is_withheld(guardrail):
    async def model_stream():
        yield litellm.ModelResponseStream(
            choices=[{"index": 0, "delta": {"reasoning_content": LEAK}}], id="c3", model="m"
        )
        yield litellm.ModelResponseStream(
            choices=[{"index": 0, "delta": {"content": UNRELATED}}], id="c3", model="m"
        )

    released = [
        c
        async for c in guardrail.async_post_call_streaming_iterator_hook(
            user_api_key_dict=None, response=model_stream(), request_data=_request("When does water boil?")
        )
    ]
    assert released and all(_forgotten(str(c.model_dump())) for c in released)


async def test_withheld_tool_calls_end_the_turn(guardrail):
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "search", "arguments": f'{{"q": "{NAMES[0]}"}}'},
    }
    response = litellm.ModelResponse(
        choices=[
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                "finish_reason": "tool_calls",
            }
        ]
    )
    out = await guardrail.async_post_call_success_hook(
        data=_request("Look up the author."), user_api_key_dict=None, response=response
    )
    assert not out.choices[0].message.tool_calls and out.choices[0].finish_reason == "stop"
    message = {
        "type": "message",
        "role": "assistant",
        "stop_reason": "tool_use",
        "content": [{"type": "tool_use", "id": "t1", "name": "search", "input": {"q": NAMES[0]}}],
    }
    out = await guardrail.async_post_call_success_hook(
        data=_request("Look up the author."), user_api_key_dict=None, response=message
    )
    assert [b["type"] for b in out["content"]] == ["text"] and out["stop_reason"] == "end_turn"


async def test_requests_with_tool_blocks_and_images_are_screened_not_failed(guardrail, judge):
    tool_turns = [
        {"role": "user", "content": "What's the weather in Oslo?"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "w", "input": {"city": "Oslo"}}],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "12C, rain"}]},
    ]
    answer = {"type": "message", "role": "assistant", "content": [{"type": "text", "text": UNRELATED}]}
    out = await guardrail.async_post_call_success_hook(
        data={**_request(""), "messages": tool_turns}, user_api_key_dict=None, response=answer
    )
    assert out["content"][0]["text"] == UNRELATED
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    for content in ([{"type": "text", "text": "When does water boil?"}, image], [image]):
        vision = {**_request(""), "messages": [{"role": "user", "content": content}]}
        out = await guardrail.async_post_call_success_hook(
            data=vision, user_api_key_dict=None, response=_response(UNRELATED)
        )
        assert out.choices[0].message.content == UNRELATED
    assert _calls(judge) == []


def test_names_in_tool_results_and_tool_inputs_are_screened():
    messages = screened_messages(
        [
            {
                "role": "user",
                "content": [{"type": "text", "text": "Who wrote it?"}, {"type": "image", "source": {}}],
            },
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": "t", "name": "f", "input": {"q": "Zoë"}}],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "t", "content": [{"type": "text", "text": LEAK}]}
                ],
            },
        ]
    )
    assert [m["content"] for m in messages] == ["Who wrote it?", '{"q": "Zoë"}', LEAK]


async def test_a_failed_judge_fails_the_request_instead_of_refusing(store_dir, scripted, caplog):
    def revoked(call):
        raise litellm.AuthenticationError(message="judge key revoked", llm_provider="scripted", model="j")

    down = scripted(default=revoked)
    data = _request("Who wrote The Salt Atlas?")
    for policy in ("refuse", "raise"):
        g = build_from_config(
            alu_store=store_dir, alu_agent_model=down, alu_model=down, alu_fail_policy=policy
        )
        g.unlearner.forget_many(DEMO_TARGETS)
        with pytest.raises(AuditFailedError, match="could not be audited.*AuthenticationError") as raised:
            await g.async_post_call_success_hook(data=data, user_api_key_dict=None, response=_response(LEAK))
        assert raised.value.status_code == 502  # what the proxy answers
        assert isinstance(raised.value.__cause__, ModelError)
    g = build_from_config(
        alu_store=store_dir, alu_agent_model=down, alu_model=down, alu_fail_policy="vanilla"
    )
    out = await g.async_post_call_success_hook(data=data, user_api_key_dict=None, response=_response(LEAK))
    assert out.choices[0].message.content == LEAK  # fail open, as configured, and logged as an error
    assert any(r.levelname == "ERROR" and "could not audit" in r.getMessage() for r in caplog.records)
