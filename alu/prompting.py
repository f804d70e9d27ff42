"""Loading prompt templates from the `alu.prompts` package and filling them with fenced, untrusted text."""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

from alu.text import fence
from alu.types import Target

_SPLIT = "---USER---"


@cache
def load_prompt(name: str) -> tuple[Template, Template]:
    """(system template, user template) of `prompts/<name>.txt`."""
    raw = resources.files("alu.prompts").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    system, _, user = raw.partition(_SPLIT)
    return Template(system.strip()), Template(user.strip())


def render(name: str, **fields: str) -> list[dict[str, str]]:
    """Messages for one agent call. Only the user part carries untrusted (fenced) text; the system part may
    use settings such as $k."""
    system, user = load_prompt(name)
    return [
        {"role": "system", "content": system.safe_substitute(k=fields.get("k", ""))},
        {"role": "user", "content": user.substitute(fields)},
    ]


def format_targets(targets: list[Target]) -> str:
    lines = []
    for i, t in enumerate(targets, 1):
        line = f"[{i}] {t.name}"
        if t.aliases:
            line += f" (also: {', '.join(t.aliases)})"
        if t.description:
            line += f" — {t.description}"
        lines.append(line)
    return fence("targets", "\n".join(lines) or "(none)")


def format_candidates(texts: list[str]) -> str:
    return "\n".join(fence(f"candidate {i}", text) for i, text in enumerate(texts, 1))
