"""A conversation written as text, turn by turn ('user: ...\nassistant: ...'): how screening writes it
(:func:`conversation_text`) and reads it back (:func:`split_turns`, :func:`assistant_turns`)."""

from __future__ import annotations

import re
from typing import Any

TURN = re.compile(r"^(user|assistant): ", re.MULTILINE)
"""The label that opens a turn in :func:`conversation_text`."""


def conversation_text(messages: list[dict[str, Any]]) -> str:
    """User and assistant turns as text for screening. System messages here are the operator's own
    instructions and context (for example injected knowledge), so they are not screened; system messages a
    client sent are user input, and the caller screens them with the question (see ``Unlearner.achat``)."""
    return "\n".join(f"{m['role']}: {m.get('content') or ''}" for m in messages if m["role"] != "system")


def split_turns(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(what comes before the first turn, the (role, body) turns) of a text written as turns; a text written
    otherwise is all before the first turn."""
    parts = TURN.split(text)
    return parts[0], list(zip(parts[1::2], parts[2::2], strict=True))


def assistant_turns(texts: list[str]) -> list[str]:
    """What the assistant said in the texts: a text written as turns gives its assistant's turns, any other
    text is an answer as it is."""
    said = []
    for text in texts:
        before, turns = split_turns(text)
        if not turns:
            said.append(text)
        said += [body for role, body in turns if role == "assistant"]
    return said
