"""The background set: generic questions and answers from many domains that no target should claim.

Written for alu (alu/data/background.tsv, no benchmark data). Per-target decisions are fitted against it, so
a topic target learns what separates its own examples from ordinary science, medicine, computing, chemistry or
history questions, asked plainly, answered, or as multiple choice."""

from __future__ import annotations

import random
import threading
from functools import cache
from importlib import resources

import numpy as np

_LETTERS = "ABCD"
_INSTRUCTIONS = (
    "Answer with the letter of the correct option (A, B, C or D) only.",
    "Which option is correct?",
    "Choose the best answer.",
    "",
)
OPTION_WORDS = 8
"""Options are cut to this many words: multiple-choice options are short phrases, not sentences."""
_lock = threading.Lock()


@cache
def pairs() -> tuple[tuple[str, str], ...]:
    """(question, answer) pairs of the shipped background set."""
    text = resources.files("alu.data").joinpath("background.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            question, _, answer = line.partition("\t")
            out.append((question.strip(), answer.strip()))
    return tuple(out)


def texts(seed: int = 0) -> list[str]:
    """Every pair as the forms screened texts take: the question, the question with its answer, and two
    multiple-choice versions (three other answers as distractors; one with the usual benchmark instruction,
    one with another), alone and answered. A topic's examples often come as multiple choice: the background
    has to come in the same shapes, or a probe learns the format instead of the topic."""
    from alu.state import exchange_text as exchange  # the shape the audit screens

    rng = random.Random(seed)
    items = pairs()
    answers = [" ".join(a.rstrip(".").split()[:OPTION_WORDS]) for _, a in items]
    out: list[str] = []
    for (question, full), answer in zip(items, answers, strict=True):
        out += [question, exchange(question, full)]
        for instruction in (_INSTRUCTIONS[0], rng.choice(_INSTRUCTIONS[1:])):
            options = [answer, *rng.sample([a for a in answers if a != answer], 3)]
            rng.shuffle(options)
            letter = _LETTERS[options.index(answer)]
            lettered = "\n".join(f"{x}. {o}" for x, o in zip(_LETTERS, options, strict=True))
            mcq = f"{question}\n\n{lettered}\n\n{instruction}".strip()
            out += [mcq, exchange(mcq, f"{letter}. {answer}")]
    return out


_vectors: np.ndarray | None = None
_SHIPPED = "background.npy"
"""The texts embedded ahead of time (float16), regenerated with `python -m alu.background` whenever
background.tsv or the embedder changes; used only when `_SHIPPED_BY` names the running embedder, and checked
against fresh embeddings of a few texts before use."""
_SHIPPED_BY = "background.embedder"
"""The identity of the embedder that wrote `_SHIPPED` (alu.embed_graph.EMBEDDER_ID). The few-texts check
cannot tell embedders apart whose vectors agree to ~0.995, yet their similarities differ by up to ~0.03."""


def vectors() -> np.ndarray:
    """The background texts embedded: the shipped vectors when they still match the embedder, otherwise
    computed once per process (~3,500 texts, about a minute on 2 cores)."""
    global _vectors
    with _lock:
        if _vectors is None:
            from alu.embeddings import get_embedder

            all_texts = texts()
            shipped = _shipped(len(all_texts))
            probe = [0, len(all_texts) // 2, len(all_texts) - 1]
            if shipped is not None:
                fresh = get_embedder().embed([all_texts[i] for i in probe])
                if float((fresh * shipped[probe]).sum(axis=1).min()) < 0.99:
                    shipped = None
            _vectors = shipped if shipped is not None else get_embedder().embed(all_texts)
        return _vectors


def _shipped(n: int) -> np.ndarray | None:
    from alu.embeddings import get_embedder

    data_dir = resources.files("alu.data")
    path, by = data_dir.joinpath(_SHIPPED), data_dir.joinpath(_SHIPPED_BY)
    if not path.is_file() or not by.is_file() or by.read_text().strip() != get_embedder().identity:
        return None
    with path.open("rb") as fh:
        data = np.load(fh).astype(np.float32)
    return data if data.shape[0] == n else None


if __name__ == "__main__":  # regenerate the shipped vectors
    from pathlib import Path

    from alu.embeddings import get_embedder

    out = Path(__file__).parent / "data" / _SHIPPED
    np.save(out, get_embedder().embed(texts()).astype(np.float16))
    out.with_name(_SHIPPED_BY).write_text(get_embedder().identity + "\n")
    print(f"wrote {out} and {out.with_name(_SHIPPED_BY)}")
