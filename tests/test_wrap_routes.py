"""alu.wrap: every route from the wrapped client to chat completions either goes through alu or raises naming
the audited route (raw and streaming responses at the client or at `chat`, the beta helpers, copies), and
the client's other resources on those routes still pass through. No request reaches the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import adopt_helpers  # tests/ is on pytest's pythonpath
import openai
import pytest

import alu

ASK = {"model": "gpt-test", "messages": [{"role": "user", "content": "Who wrote The Salt Atlas?"}]}

ROUTES: dict[str, Callable[[Any], Any]] = {
    "with_raw_response": lambda c: c.with_raw_response.chat.completions.create(**ASK),
    "chat.with_raw_response": lambda c: c.chat.with_raw_response.completions.create(**ASK),
    "with_streaming_response": lambda c: c.with_streaming_response.chat.completions.create(**ASK),
    "chat.with_streaming_response": lambda c: c.chat.with_streaming_response.completions.create(**ASK),
    "beta parse": lambda c: c.beta.chat.completions.parse(**ASK),
    "beta stream": lambda c: c.beta.chat.completions.stream(**ASK),
    "copy, raw": lambda c: c.with_options(timeout=5).with_raw_response.chat.completions.create(**ASK),
    "copy, beta": lambda c: c.copy().beta.chat.completions.parse(**ASK),
}


@pytest.fixture
def demo_unlearner(unlearner):
    u = unlearner("scripted/demo")
    u.forget("Maren Olvhagen", aliases=["the Glass Cartographer"])
    return u


@pytest.mark.parametrize("client_class", [openai.OpenAI, openai.AsyncOpenAI])
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_chat_completions_by_another_route_raise_naming_the_audited_one(demo_unlearner, client_class, route):
    with adopt_helpers.openai_stub(adopt_helpers.demo_reply) as stub:
        client = alu.wrap(client_class(base_url=stub.base_url, api_key="sk"), unlearner=demo_unlearner)
        with pytest.raises(
            NotImplementedError, match=r"would bypass the audit; call client\.chat\.completions\.create"
        ):
            ROUTES[route](client)
    assert stub.requests == []


def test_other_resources_on_those_routes_pass_through(demo_unlearner):
    raw = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="sk")
    client = alu.wrap(raw, unlearner=demo_unlearner)
    assert type(client.with_raw_response.models) is type(raw.with_raw_response.models)
    assert type(client.with_streaming_response.embeddings) is type(raw.with_streaming_response.embeddings)
    assert type(client.beta.assistants) is type(raw.beta.assistants)
    assert not hasattr(client.with_raw_response, "no_such_resource")
