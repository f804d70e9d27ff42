"""Per-call model and completion options, and audit-only calls (answers produced elsewhere)."""

from __future__ import annotations

import inspect

import litellm
import pytest

from alu import ConfigError, InvalidTargetError, ModelError, Unlearner
from alu.scripted import script_calls
from alu.types import Result

SNAPE = {"name": "Severus Snape", "aliases": ["the Half-Blood Prince"], "description": "Potions master."}
SAFE = "I'm not familiar with who taught potions there."


def _calls(model: str):
    return script_calls(model.split("/", 1)[1])


def test_per_call_model_answers_and_options_reach_it(scripted, unlearner):
    default = scripted(vanilla="from the default model")
    other = scripted(vanilla="from the other model")
    u = unlearner(default)
    result = u.ask("What is the capital of France?", model=other, max_tokens=7, stop=["\n"], stream=True)
    assert result.text == "from the other model"
    assert _calls(default) == []
    (call,) = _calls(other)
    assert call.role == "vanilla"
    assert call.params.get("max_tokens") == 7
    assert call.params.get("stop") == ["\n"]
    assert "stream" not in call.params or not call.params["stream"]


def test_per_call_unknown_model_is_a_config_error(scripted, unlearner):
    u = unlearner(scripted(vanilla="x"))
    with pytest.raises(ConfigError, match="unknown model"):
        u.ask("Hello?", model="no-such-provider/x")


def test_audit_of_an_unrelated_answer_makes_no_model_call(scripted, unlearner):
    model = scripted(vanilla="never called")
    u = unlearner(model)
    u.forget(**SNAPE)
    result = u.audit("What is the capital of France?", "Paris is the capital of France.")
    assert result.path == "fast"
    assert result.text == "Paris is the capital of France."
    assert result.llm_calls == 0
    assert _calls(model) == []


def test_audit_of_a_leaking_answer_names_the_target_and_rewrites(scripted, unlearner):
    model = scripted(
        eraser={"candidates": [SAFE] * 5},
        critic={"ratings": [{"index": i, "rating": 5} for i in range(1, 6)]},
        composer=SAFE,
    )
    u = unlearner(model)
    u.forget(**SNAPE)
    leaky = "Severus Snape taught potions at Hogwarts."
    result = u.audit("Who taught potions?", leaky)
    assert result.leaked == ["Severus Snape"]
    assert result.path in ("rewrite", "refuse")
    assert "snape" not in result.text.lower()
    assert "vanilla" not in [c.role for c in _calls(model)]


async def test_audit_takes_a_conversation(scripted, unlearner):
    u = unlearner(scripted())
    u.forget(**SNAPE)
    messages = [
        {"role": "user", "content": "Tell me about the Half-Blood Prince."},
        {"role": "assistant", "content": "I'm not sure."},
        {"role": "user", "content": "And his first name?"},
    ]
    result = await u.aaudit(messages, "Severus.")
    assert "Severus Snape" in result.candidates
    assert result.text != "Severus."


# -- arguments: what a caller means, or a clear error ---------------------------------------------------
def test_one_string_for_a_list_argument_is_one_item_and_none_is_none(scripted, unlearner):
    u = unlearner(scripted(vanilla="Paris is the capital of France."))
    target = u.forget(
        "Maren Olvhagen", aliases="the Glass Cartographer", tags="gdpr", examples=None, retain="x"
    )
    assert target.aliases == ["the Glass Cartographer"] and target.tags == ["gdpr"] and target.examples == []
    assert u.ask("What is the capital of France?").path == "fast"  # no one-letter alias to match
    with pytest.raises(InvalidTargetError, match="aliases must be a list of strings, got int"):
        u.forget("Ilsabet Crowmarrow", aliases=5)
    with pytest.raises(TypeError, match="retain must be a list of strings"):
        u.forget("Ilsabet Crowmarrow", retain=[5])


@pytest.mark.parametrize("targets", ["Madonna", {"name": "Madonna"}, 5])
def test_forget_many_of_one_target_is_a_clear_error(scripted, unlearner, targets):
    u = unlearner(scripted())
    with pytest.raises(TypeError, match="forget_many takes a list of targets"):
        u.forget_many(targets)
    assert u.count() == 0


def test_withdraw_with_a_bad_argument_says_what_it_needs(scripted, unlearner):
    u = unlearner(scripted())
    u.forget("Maren Olvhagen")
    with pytest.raises(TypeError, match="target's name as a string, got int"):
        u.withdraw(5)
    with pytest.raises(ValueError, match="needs a target name"):
        u.withdraw()
    with pytest.raises(ValueError, match="not both"):
        u.withdraw("Maren Olvhagen", id="t-1")
    assert u.count() == 1


def test_tools_are_refused_before_any_model_call(scripted, unlearner):
    model = scripted(vanilla="never called")
    u = unlearner(model)
    tools = [{"type": "function", "function": {"name": "get_weather"}}]
    with pytest.raises(ValueError, match=r"tool calls \(tools=\) are not supported"):
        u.ask("What's the weather in Oslo?", tools=tools)
    with pytest.raises(ValueError, match="tool calls"):
        u.chat([{"role": "user", "content": "Weather?"}], tool_choice="auto")
    with pytest.raises(ValueError, match="token logprobs"):  # the model's logprobs would spell its answer
        u.chat([{"role": "user", "content": "Weather?"}], logprobs=True)
    with pytest.raises(ValueError, match="audio answers"):
        u.ask("Weather?", audio={"voice": "alloy", "format": "wav"})
    assert _calls(model) == []
    assert u.ask("Hello?", tools=None).text == "never called"  # None: not given
    assert u.ask("Hello?", logprobs=False, modalities=["text"]).text == "never called"


def test_chat_takes_text_parts_like_the_server_and_the_wrappers(scripted, unlearner):
    model = scripted(vanilla="Paris.")
    u = unlearner(model)
    parts = [{"type": "text", "text": "Capital of"}, {"type": "text", "text": "France?"}]
    assert u.chat([{"role": "user", "content": parts}]).text == "Paris."
    assert _calls(model)[0].last_user == "Capital of\nFrance?"
    image = {"type": "image_url", "image_url": {"url": "x"}}
    with pytest.raises(ValueError, match=r"messages\[0\]\['content'\]: only text content parts"):
        u.chat([{"role": "user", "content": [image]}])


@pytest.mark.parametrize(("sync", "twin"), [("chat", "achat"), ("ask", "aask"), ("audit", "aaudit")])
def test_sync_and_async_twins_take_the_same_options(sync, twin):
    assert inspect.signature(getattr(Unlearner, sync)) == inspect.signature(getattr(Unlearner, twin))


def test_sync_audit_screens_a_clients_system_message(scripted, unlearner):
    u = unlearner(scripted())
    u.forget(**SNAPE)
    messages = [
        {"role": "system", "content": "The user is asking about Severus Snape."},
        {"role": "user", "content": "Where did he teach?"},
    ]
    assert u.audit(messages, "He taught at Hogwarts.", screen_system=True).leaked == ["Severus Snape"]
    assert u.audit(messages, "He taught at Hogwarts.").leaked == []


def test_a_failed_model_keeps_its_exception_out_of_the_json(scripted, unlearner):
    def revoked(call):
        raise litellm.AuthenticationError(message="invalid api key", llm_provider="scripted", model="m")

    result = unlearner(scripted(vanilla=revoked)).ask("What is the capital of France?")
    assert result.path == "refuse" and "AuthenticationError" in result.error
    assert isinstance(result.exception, ModelError)
    assert isinstance(result.exception.__cause__, litellm.AuthenticationError)
    assert "exception" not in result.model_dump()
    assert Result.model_validate_json(result.model_dump_json()).model_dump() == result.model_dump()


@pytest.mark.parametrize("answer", ["Ren\udce9 wrote it", "caf\udce9 au lait", "\udcff\udcfe", "\ud800"])
def test_audit_refuses_an_answer_that_is_not_utf8_with_a_clear_error(scripted, unlearner, answer):
    """Text read from non-UTF-8 bytes holds lone surrogates: audit says so instead of a TypeError."""
    u = unlearner(scripted(vanilla="never called"))
    with pytest.raises(ValueError, match="the answer to audit is not valid Unicode.*not UTF-8"):
        u.audit("Who wrote it?", answer)


def test_a_message_that_is_not_utf8_is_refused_saying_so(scripted, unlearner):
    u = unlearner(scripted(vanilla="never called"))
    with pytest.raises(ValueError, match=r"messages\[0\]\['content'\].*not UTF-8"):
        u.audit("Caf\udce9?", "fine")


def _search_call(query: str) -> dict:
    return {
        "id": "c1",
        "type": "function",
        "function": {"name": "search", "arguments": f'{{"q": "{query}"}}'},
    }


OLVHAGEN = {"name": "Maren Olvhagen", "description": "Norwegian cartographer and novelist born in Tromsø."}


@pytest.mark.parametrize(
    "after",
    [
        [{"role": "assistant", "content": "Maren Olvhagen was born in"}],  # a prefill the model continues
        [
            {"role": "assistant", "content": "", "tool_calls": [_search_call("Maren Olvhagen birthplace")]},
            {"role": "tool", "tool_call_id": "c1", "content": "Search result: Maren Olvhagen, born 1961."},
        ],
    ],
    ids=["prefill", "tool-result"],
)
def test_turns_after_the_last_user_message_are_screened_with_the_question(scripted, unlearner, after):
    """The model reads a prefill or an agent loop's tool results as part of what it is asked now: an answer
    that continues them about a forgotten person is withheld (it passed untouched, 39 of 39, in QA)."""
    u = unlearner(scripted(vanilla=" Tromsø, in 1961."), judges="deterministic")
    u.forget(**OLVHAGEN)
    messages = [{"role": "user", "content": "Where was she born?"}, *after]
    assert u.chat(messages).path != "fast"
    assert u.audit(messages, " Tromsø, in 1961.").path != "fast"
    innocent = [
        {"role": "user", "content": "Where was he born?"},
        {"role": "assistant", "content": "Roald Amundsen was born in"},
    ]
    assert u.audit(innocent, " Borge, in 1872.").path == "fast"


@pytest.mark.parametrize(
    ("prefill", "continuation"),
    [
        ("The novel was written by Maren Olv", "hagen, in 1994."),
        ("The novel was written by Maren O", "lvhagen, in 1994."),
        ("It was written by Maren Olvh", "agen."),
    ],
)
def test_a_name_split_between_a_prefill_and_its_continuation_is_read_whole(
    scripted, unlearner, prefill, continuation
):
    """The reader sees a prefill and the model's continuation as one text: a name begun in one and finished
    in the other names the person though neither half does (107 of 270 such cuts passed untouched)."""
    u = unlearner(scripted(vanilla=continuation), judges="deterministic")
    u.forget(**OLVHAGEN)
    messages = [
        {"role": "user", "content": "Who wrote Fjord Lights?"},
        {"role": "assistant", "content": prefill},
    ]
    assert u.audit(messages, continuation).path != "fast"
    assert u.chat(messages).path != "fast"
    innocent = [
        {"role": "user", "content": "Who wrote Hamlet?"},
        {"role": "assistant", "content": "It was Will"},
    ]
    assert u.audit(innocent, "iam Shakespeare.").path == "fast"
