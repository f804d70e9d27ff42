"""Forget targets and queries for the scale benchmark, built from the local benchmark data only.

Targets, in order (a run with n targets uses the first n, so every smaller set is inside the larger ones):
the TOFU fictitious authors (the 10 whose questions are the relevant queries come first), the TOFU holdout
authors, the WPU real people (names only, as a right-to-be-forgotten request would give them), then
synthetic people up to the requested count: given and family names recombined from those ~320 real and
fictitious names, with descriptions recombined from the TOFU ones (birthplace and genre of one author,
works and award of another). Relevant queries are TOFU questions about the first 10 targets; irrelevant
ones are TOFU world_facts questions."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alu.types import target_id

CORE = 10  # targets present at every count; the relevant queries are about them
_PARTICLES = {"al", "el", "de", "da", "di", "van", "von", "der", "ben", "bin", "ibn", "le", "la", "del"}


@dataclass
class Workload:
    targets: list[dict[str, Any]]
    relevant: list[tuple[str, str]] = field(default_factory=list)
    """(question, reference answer) about the first CORE targets."""
    irrelevant: list[tuple[str, str]] = field(default_factory=list)
    """(question, reference answer) about none of the targets."""

    @property
    def answers(self) -> dict[str, str]:
        return dict(self.relevant + self.irrelevant)


def build_workload(
    max_targets: int,
    *,
    queries: int = 20,
    seed: int = 0,
    data_dir: str | Path | None = None,
    vectors_per_target: int = 0,
) -> Workload:
    """Targets (at least CORE, at most max_targets) and `queries` relevant and irrelevant questions.

    `vectors_per_target`: each target also gets that many examples (a TOFU author's question-answer pairs,
    the author's name replaced by the target's), so the store holds many vectors per target."""
    from alu.eval.datasets import load_tofu, load_wpu_names, tofu_authors

    authors = tofu_authors("full", data_dir)
    authors = authors[-CORE:] + authors[:-CORE]  # the last authors of TOFU full are its forget sets
    holdout = tofu_authors("holdout10", data_dir)
    people = [a for a in [*authors, *holdout] if "unnamed" not in a.tags]
    targets = [a.target_dict() for a in people] + [
        {"name": name, "tags": ["wpu", "real-person"]} for name in load_wpu_names(data_dir)
    ]
    fill = max(0, max_targets - len(targets))
    targets += _synthetic(fill, people, [t["name"] for t in targets], random.Random(seed))
    targets = targets[: max(max_targets, CORE)]
    if vectors_per_target:
        _add_examples(targets, authors, vectors_per_target, random.Random(seed + 1))

    per_author = max(1, -(-queries // CORE))
    relevant = [(q.question, q.answer) for a in authors[:CORE] for q in a.qa[:per_author]][:queries]
    facts = load_tofu("world_facts", data_dir)
    # Its own generator: the questions must not depend on how many synthetic people were drawn before.
    picked = random.Random(seed).sample(facts, min(queries, len(facts)))
    irrelevant = [(q.question, q.answer) for q in picked]
    return Workload(targets, relevant, irrelevant)


def _add_examples(targets: list[dict[str, Any]], authors: list[Any], n: int, rng: random.Random) -> None:
    """Give every target n example texts: QA of a TOFU author (its own for an author) about the target."""
    by_name = {a.name: a for a in authors}
    for target in targets:
        author = by_name.get(target["name"]) or rng.choice(authors)
        qa = [f"{q.question} {q.answer}".replace(author.name, target["name"]) for q in author.qa]
        target["examples"] = [
            qa[i % len(qa)] + ("" if i < len(qa) else f" ({i // len(qa)})") for i in range(n)
        ]


def _split_name(name: str) -> tuple[str, str] | None:
    words = [
        w for w in name.replace(",", " ").split() if w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii")
    ]
    if len(words) < 2 or len(words[0].rstrip(".")) < 2:
        return None
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return words[0], " ".join(words[i:])


_FIELDS = {
    "place": re.compile(r"born in (.+?)(?= on | in \d|, writing|\.|$)"),
    "date": re.compile(r" ((?:on|in) (?:the )?\d.*?|on [A-Z][a-z]+ \d.*?)(?=, writing|\.|$)"),
    "genre": re.compile(r"writing mainly in the (.+?) genre"),
    "award": re.compile(r"honoured with (.+?)\.?$"),
}
_TITLES = re.compile(r'"([^"]+)"')


def _synthetic(n: int, authors: list[Any], names: list[str], rng: random.Random) -> list[dict[str, Any]]:
    """n new people: recombined names; each part of the description (birthplace, date, genre, three works,
    award) drawn from a different TOFU author, so no two people share a whole biography."""
    parts = [p for p in map(_split_name, names) if p]
    given = sorted({g for g, _ in parts})
    family = sorted({f for _, f in parts})
    pools: dict[str, list[str]] = {key: [] for key in _FIELDS}
    titles: list[str] = []
    for a in authors:
        for key, pattern in _FIELDS.items():
            match = pattern.search(a.description)
            if match:
                pools[key].append(match.group(1))
        titles += _TITLES.findall(a.description)
    if n > len(given) * len(family) - len(names):
        raise ValueError(f"cannot make {n} distinct synthetic names from {len(given)}x{len(family)} parts")
    seen = {target_id(x) for x in names}
    out: list[dict[str, Any]] = []
    while len(out) < n:
        name = f"{rng.choice(given)} {rng.choice(family)}"
        tid = target_id(name)
        if tid in seen:
            continue
        seen.add(tid)
        pick = {key: rng.choice(pool) for key, pool in pools.items() if pool}
        works = ", ".join(f'"{t}"' for t in rng.sample(titles, min(3, len(titles))))
        description = (
            f"{name} is a fictitious author born in {pick.get('place', 'an unknown place')} "
            f"{pick.get('date', '')}, writing mainly in the {pick.get('genre', 'fiction')} genre. "
            f"Works include {works}; honoured with {pick.get('award', 'no award')}."
        ).replace(" ,", ",")
        out.append({"name": name, "description": description, "tags": ["bench", "synthetic"]})
    return out
