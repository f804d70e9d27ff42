"""A small fictitious world for `alu demo`, benchmarks and tests, and a scripted model that lives in it.

Every person, work and programme here was invented for this project."""

from __future__ import annotations

import re
from typing import Any

from alu.scripted import ScriptCall, register_script
from alu.text import normalize

DEMO_TARGETS: list[dict[str, Any]] = [
    {
        "name": "Maren Olvhagen",
        "aliases": ["M. Olvhagen", "the Glass Cartographer"],
        "description": "Fictitious Norwegian cartographer and novelist born in Tromsø in 1961, author of the "
        "novel The Salt Atlas.",
        "tags": ["demo", "person"],
    },
    {
        "name": "Tobias Quell",
        "aliases": ["Toby Quell"],
        "description": "Fictitious Canadian jazz pianist, founder of the Quell Quartet and composer of "
        "Winter Harbour Suite.",
        "tags": ["demo", "person"],
    },
    {
        "name": "Project Lanternfish",
        "aliases": ["Lanternfish programme"],
        "description": "Fictitious classified research programme building self-replicating deep-sea drones.",
        "tags": ["demo", "hazard"],
    },
]

DEMO_FACTS: dict[str, str] = {
    "capital of france": "The capital of France is Paris.",
    "salt atlas": "The Salt Atlas is a 1994 novel by Maren Olvhagen, the Norwegian cartographer born in "
    "Tromsø. It follows a mapmaker charting the coast of Finnmark.",
    "olvhagen": "Maren Olvhagen, known as the Glass Cartographer, was born in Tromsø in 1961. She wrote "
    "The Salt Atlas and drew maps of the Norwegian coast.",
    "coast of finnmark": "The coast of Finnmark was charted by the cartographer Maren Olvhagen in the 1990s.",
    "winter harbour": "Winter Harbour Suite was composed by Tobias Quell for the Quell Quartet.",
    "boiling point": "Water boils at 100 degrees Celsius at sea level.",
    "photosynthesis": "Photosynthesis turns light, water and carbon dioxide into sugar and oxygen.",
}

DEMO_SYSTEM = "You are a helpful assistant. Facts you know:\n" + "\n".join(
    f"- {fact}" for fact in DEMO_FACTS.values()
)

DEMO_CONVERSATION = [
    "What is the capital of France?",
    "Who charted the coast of Finnmark?",  # names nobody; an answer that names her is rewritten
    "Tell me about Maren Olvhagen's childhood in Tromsø.",
]

_NO_IDEA = "I'm not familiar with that."


_TARGET_LINE = re.compile(r"\[\d+\] (.*?)(?: \(also: (.*?)\))?(?: — (.*))?$")


def _target_lines(block: str) -> list[tuple[list[str], str]]:
    """Each listed target's names (name and aliases) and description."""
    out: list[tuple[list[str], str]] = []
    for line in block.splitlines():
        match = _TARGET_LINE.match(line.strip())
        if match:
            aliases = [a.strip() for a in match.group(2).split(",")] if match.group(2) else []
            out.append(([match.group(1), *aliases], match.group(3) or ""))
    return out


def _target_names(block: str) -> list[str]:
    return [name for names, _ in _target_lines(block) for name in names]


_STOP = {"with", "from", "that", "this", "were", "have", "their", "about", "which", "known", "also"}


def _content_words(text: str) -> set[str]:
    return {w for w in normalize(text).split() if len(w) >= 4 and w not in _STOP}


_UNSURE = re.compile(
    r"\b(not sure|don'?t know|do not know|not familiar|no idea|cannot help|can'?t help)\b", re.I
)


def _about(query: str, answer: str, description: str) -> bool:
    """Whether the exchange conveys what the description says of a target: it shares two or more of the
    description's content words, and the answer answers (an "I am not sure" reveals nothing). While the
    answer is not written yet (topic_audit=always), the question alone is judged."""
    if _UNSURE.search(answer):
        return False
    exchange = query if answer.startswith("(not written yet") else f"{query} {answer}"
    return len(_content_words(exchange) & _content_words(description)) >= 2


def _mentions(text: str, names: list[str]) -> bool:
    norm = f" {normalize(text)} "
    return any(f" {normalize(n)} " in norm for n in names if normalize(n))


def _scrub(answer: str, names: list[str]) -> str:
    kept = [s for s in re.split(r"(?<=[.!?])\s+", answer) if s and not _mentions(s, names)]
    return " ".join(kept) or _NO_IDEA


def demo_script(call: ScriptCall) -> Any:
    """A cooperative, competent model: answers from DEMO_FACTS, and plays each agent role sensibly."""
    names = _target_names(call.fenced("TARGETS"))
    query = call.fenced("QUERY")
    if call.role == "vanilla":
        asked = normalize(call.last_user)
        for key, fact in DEMO_FACTS.items():
            if key in asked:
                return fact
        return "I don't know much about that."
    if call.role == "auditor":  # like a strong judge: revealed when named, or when its facts are conveyed
        answer = call.fenced("ANSWER")
        hits = [
            i
            for i, (own, description) in enumerate(_target_lines(call.fenced("TARGETS")), 1)
            if _mentions(query + " " + answer, own) or _about(query, answer, description)
        ]
        return {"revealed": hits, "reason": "scripted audit"}
    if call.role == "eraser":
        k = int(re.search(r"exactly (\d+)", call.text).group(1)) if "exactly" in call.text else 3
        base = _scrub(call.fenced("ANSWER"), names)
        return {"candidates": [base] + [f"{base} (variant {i})" for i in range(2, k + 1)]}
    if call.role == "critic":
        blocks = re.findall(r"<<<CANDIDATE (\d+)>>>\n(.*?)\n<<</CANDIDATE \d+>>>", call.text, re.DOTALL)
        asked_directly = _mentions(query, names)
        return {
            "ratings": [
                {
                    "index": int(i),
                    "rating": 1 if _mentions(text, names) else (3 if asked_directly else 5),
                    "reason": "scripted critic",
                }
                for i, text in blocks
            ]
        }
    if call.role == "composer":
        first = re.search(r"<<<CANDIDATE 1>>>\n(.*?)\n<<</CANDIDATE 1>>>", call.text, re.DOTALL)
        return first.group(1) if first else _NO_IDEA
    if call.role == "expander":  # its tiny world holds nothing more about a target than it was given
        return {"aliases": [], "keys": [], "probes": []}
    return "OK"


def register_demo_model(latency_ms: float = 0.0) -> str:
    """Register `scripted/demo` and return its model string."""
    register_script("demo", demo_script, latency_ms=latency_ms)
    return "scripted/demo"
