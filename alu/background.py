"""The background sets: questions and answers no target should claim, written for alu (no benchmark data).

- general (alu/data/background.tsv): ~580 generic questions from many domains;
- wide (alu/data/background_wide.tsv): ~1,600 ordinary questions in 38 areas of the whole academic range (law,
  philosophy, history, economics, accounting, psychology, global statistics, mathematics, physics,
  engineering, clinical medicine...), written for alu in session 11. Without them an ordinary question from a
  field the general set did not cover looked unusual to the margin (far from everything ordinary) and a
  topic's stacked score refused it. Topics are fitted against them; entities are not (their thresholds are
  shares of the general set, see alu.entity_decision);
- near (alu/data/background_near.tsv): textbook biology, medicine, virology, computing, networking, security,
  chemistry and lab safety, the fields next to hazardous-knowledge topics. A topic's thresholds fitted on the
  general set alone sat too low: ordinary virology or computer-security questions passed them;
- field (alu/data/background_field.tsv): ~4,000 more questions of those fields (and of arms control policy),
  worded in many ways (scenarios, calculations, history, regulation), written for alu in session 8: negatives
  for fitting only (see REFERENCE).
Per-target decisions are fitted against them, so a topic target learns what separates its own examples from
ordinary questions of its field, asked plainly, answered, or as multiple choice. Each set ships pre-embedded
(int8) and is regenerated with `python -m alu.background` when a text file or the embedder changes."""

from __future__ import annotations

import random
import threading
from collections import defaultdict
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from alu.coarse_scores import CoarseScores
from alu.text import normalize

SETS = ("background", "background_wide", "background_near", "background_field")
"""File stems under alu.data: <stem>.tsv (texts), <stem>.npz (the texts embedded: :func:`quantised`) and
<stem>.embedder (the identity of the embedder that wrote the vectors, alu.embed_graph.EMBEDDER_ID: shipped
vectors are used only by that embedder; the few-texts check of :func:`vectors` cannot tell embedders apart
whose vectors agree to ~0.995, yet their similarities differ by up to ~0.03)."""
REFERENCE = SETS[:3]
"""The sets :func:`top_similarity` compares a screened text with (the margin's 'how ordinary is it'): a fixed
~17,400 vectors (read through int8 scores: ~0.6 ms for a question and its exchange); the field set only adds
negatives to fitting. They are the first of SETS: :func:`pool` starts with them."""
FIELD = ("background_near", "background_field")
"""The near-domain sets: a topic's negatives of its own field (its nearest threshold's)."""
SHAPES = 6
"""Texts per pair (see :func:`texts`): a pair's shapes are consecutive."""
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
_vectors: dict[str, np.ndarray] = {}
_tops: dict[int, np.ndarray] = {}
_coarse: CoarseScores | None = None
_embedded_here: set[str] = set()
"""Sets whose shipped vectors did not fit this embedder and were embedded in this process."""
TOPS = "background_tops.npz"
"""The file under alu.data holding :func:`pool_top_similarity` for the margin's k, written with the sets."""
COARSE_QUERIES = 16
"""Up to this many queries at once (screening's texts) take the int8 path of :func:`top_similarity`; more
(fitting's negatives) are scored exactly, in blocks."""
COARSE_PICK = 64
"""Rows per query rescored exactly after the int8 scores."""


@cache
def areas(stem: str = "background") -> tuple[tuple[tuple[str, str], ...], ...]:
    """The (question, answer) pairs of a shipped set, by area ('## area' lines; one area without them)."""
    text = resources.files("alu.data").joinpath(f"{stem}.tsv").read_text(encoding="utf-8")
    out: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        if line.startswith("##"):
            out.append([])
        elif line.strip() and not line.startswith("#"):
            question, _, answer = line.partition("\t")
            out[-1].append((question.strip(), answer.strip()))
    return tuple(tuple(a) for a in out if a)


def pairs(stem: str = "background") -> tuple[tuple[str, str], ...]:
    """(question, answer) pairs of a shipped set."""
    return tuple(p for area in areas(stem) for p in area)


ORDINARY = ("background_wide", *FIELD)
"""The sets :func:`writes` reads: ordinary questions of the academic fields. Not the general set: its
pop-culture questions name the worlds a user's topic may be ('Which wizard school does Harry Potter
attend?')."""


@cache
def _ordinary_text() -> str:
    """The ORDINARY sets' questions and answers, normalised and joined (~0.7 MB, read once)."""
    return " " + " ".join(normalize(f"{q} {a}") for stem in ORDINARY for q, a in pairs(stem)) + " "


@lru_cache(maxsize=4096)
def writes(phrase: str) -> bool:
    """Whether an ordinary question or answer of the academic fields (ORDINARY) uses the phrase (whole words,
    case and punctuation folded): a word ordinary questions of a field use does not single out a topic of
    it. Kept per phrase: screening asks it of a topic's field words whenever they occur (~0.1 ms a search)."""
    norm = normalize(phrase)
    return bool(norm) and f" {norm} " in _ordinary_text()


@cache
def texts(stem: str = "background", seed: int = 0) -> tuple[str, ...]:
    """Every pair of a shipped set in the forms screened texts take (see :func:`shapes`). Kept: a process
    that writes a topic reads them twice (its vectors' check, alu.jargon's features), ~0.14 s each time."""
    return tuple(shapes(areas(stem), seed))


def shapes(by_area: Sequence[Sequence[tuple[str, str]]], seed: int = 0) -> list[str]:
    """Every pair as the forms screened texts take (SHAPES per pair): the question, the question with its
    answer, and two multiple-choice versions (three other answers of the same area as distractors; one with
    the usual benchmark instruction, one with another), alone and answered. A topic's examples often come as
    multiple choice: the background has to come in the same shapes, or a probe learns the format instead of
    the topic."""
    from alu.state import exchange_text as exchange  # the shape the audit screens

    rng = random.Random(seed)
    out: list[str] = []
    for items in by_area:
        answers = [" ".join(a.rstrip(".").split()[:OPTION_WORDS]) for _, a in items]
        positions: dict[str, list[int]] = defaultdict(list)
        for k, answer in enumerate(answers):
            positions[answer].append(k)
        for (question, full), answer in zip(items, answers, strict=True):
            out += [question, exchange(question, full)]
            for instruction in (_INSTRUCTIONS[0], rng.choice(_INSTRUCTIONS[1:])):
                options = [answer, *rng.sample(_Others(answers, positions[answer]), 3)]
                rng.shuffle(options)
                letter = _LETTERS[options.index(answer)]
                lettered = "\n".join(f"{x}. {o}" for x, o in zip(_LETTERS, options, strict=True))
                mcq = f"{question}\n\n{lettered}\n\n{instruction}".strip()
                out += [mcq, exchange(mcq, f"{letter}. {answer}")]
    return out


class _Others(Sequence[str]):
    """An area's answers without every copy of one of them, read by index: what `rng.sample` is given, as
    the list it used to be given (same length, same items in the same order, so the same draws), without
    building that list for every pair: the 1,468 answers of one area made 2,936 lists of ~1,467, and the
    texts of background_field took 0.55 s to build instead of 0.13 s (a 2-core EPYC). A cold `alu targets
    add` builds them to check the shipped vectors."""

    def __init__(self, answers: Sequence[str], left_out: Sequence[int]) -> None:
        self._answers = answers
        self._left_out = left_out  # ascending positions

    def __len__(self) -> int:
        return len(self._answers) - len(self._left_out)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]  # no slices: sample never asks
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        at = index % len(self)
        for skipped in self._left_out:  # each left-out position at or before it moves it one further
            if skipped > at:
                break
            at += 1
        return self._answers[at]


def vectors(stem: str = "background") -> np.ndarray:
    """A set's texts embedded: the shipped vectors when they still match the embedder, otherwise computed
    once per process (~4,000 texts, about a minute on 2 cores)."""
    with _lock:
        if stem not in _vectors:
            _vectors[stem] = _load(stem)
        return _vectors[stem]


def _load(stem: str) -> np.ndarray:
    from alu.embeddings import get_embedder

    all_texts = texts(stem)
    shipped = _shipped(stem, len(all_texts))
    probe = [0, len(all_texts) // 2, len(all_texts) - 1]
    if shipped is not None:
        fresh = get_embedder().embed([all_texts[i] for i in probe])
        if float((fresh * shipped[probe]).sum(axis=1).min()) < 0.99:
            shipped = None
    if shipped is None:
        _embedded_here.add(stem)
        return get_embedder().embed(list(all_texts))
    return shipped


def _shipped(stem: str, n: int) -> np.ndarray | None:
    from alu.embeddings import get_embedder

    data_dir = resources.files("alu.data")
    path, by = data_dir.joinpath(f"{stem}.npz"), data_dir.joinpath(f"{stem}.embedder")
    if not path.is_file() or not by.is_file() or by.read_text().strip() != get_embedder().identity:
        return None
    with path.open("rb") as fh, np.load(fh) as stored:
        data = stored["vectors"].astype(np.float32) * stored["scale"][:, None]
    return data if data.shape[0] == n else None


def quantised(vectors: np.ndarray) -> dict[str, np.ndarray]:
    """Vectors as shipped: int8 with one scale per row (half the size of float16; similarities move by
    ~1e-3, well inside what a threshold fitted at a share of ~20,000 negatives resolves)."""
    scale = np.abs(vectors).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return {
        "vectors": np.round(vectors / scale[:, None]).astype(np.int8),
        "scale": scale.astype(np.float32),
    }


def _stacked(key: str, stems: Sequence[str]) -> np.ndarray:
    parts = [vectors(stem) for stem in stems]
    with _lock:
        if key not in _vectors:
            _vectors[key] = np.vstack(parts)
        return _vectors[key]


def pool() -> np.ndarray:
    """Every shipped set's vectors, stacked in SETS order (the REFERENCE sets first): the negatives."""
    return _stacked("pool", SETS)


def field() -> np.ndarray:
    """The near-domain sets' vectors (near and field), stacked: a topic's negatives of its own field."""
    return _stacked("field", FIELD)


def reference() -> np.ndarray:
    """The REFERENCE sets' vectors, stacked: the first rows of :func:`pool`."""
    return _stacked("reference", REFERENCE)


def top_similarity(queries: np.ndarray, k: int) -> np.ndarray:
    """Mean of each query's k largest cosine similarities to the reference: how ordinary the text is. A few
    queries (screening) are scored in int8 first (alu.coarse_scores: ~0.6 ms for a question and its
    exchange instead of ~2 ms of float32 product with ~17,000 rows) and only their best COARSE_PICK rows
    exactly; the k best of those are the k best unless a row scored within ~0.003 (the int8 error) of
    the COARSE_PICK-th."""
    if not len(queries):
        return np.zeros(0, dtype=np.float32)
    queries = np.asarray(queries, dtype=np.float32)
    ref = reference()
    if len(queries) > COARSE_QUERIES or len(ref) <= COARSE_PICK:
        out = np.empty(len(queries), dtype=np.float32)
        for start in range(0, len(queries), 1024):
            sims = queries[start : start + 1024] @ ref.T
            out[start : start + 1024] = _k_best_mean(sims, k)
        return out
    picked = np.argpartition(-reference_scores().scores(queries), COARSE_PICK - 1, axis=1)[:, :COARSE_PICK]
    return _k_best_mean(np.einsum("qd,qpd->qp", queries, ref[picked]), k)


def _k_best_mean(sims: np.ndarray, k: int) -> np.ndarray:
    """Each row's mean of its k largest similarities."""
    return np.partition(sims, -k, axis=1)[:, -k:].mean(axis=1)


def reference_scores() -> CoarseScores:
    """The reference's int8 scores (built once per process: ~0.2 s, ~7 MB; a server, before traffic)."""
    global _coarse
    ref = reference()
    with _lock:
        if _coarse is None:
            _coarse = CoarseScores(ref)
        return _coarse


def pool_top_similarity(k: int) -> np.ndarray:
    """:func:`top_similarity` of the pool's own texts, a reference text leaving out its own pair's shapes (so
    a negative is scored the way an unseen text would be). Shipped for the margin's k (TOPS), else computed
    once per process in blocks (a product of ~42,000 vectors with ~17,000: 4-9 s on 2 cores)."""
    with _lock:
        cached = _tops.get(k)
    if cached is not None:
        return cached
    out = _shipped_tops(k)
    if out is None:
        out = _computed_tops(k)
    with _lock:
        _tops[k] = out
    return out


def _computed_tops(k: int) -> np.ndarray:
    texts, ref = pool(), reference()
    out = np.empty(len(texts), dtype=np.float32)
    block = SHAPES * 200
    for start in range(0, len(texts), block):
        sims = texts[start : start + block] @ ref.T
        for row in range(min(len(sims), max(len(ref) - start, 0))):
            own = (start + row) // SHAPES * SHAPES
            sims[row, own : own + SHAPES] = -1.0
        out[start : start + block] = _k_best_mean(sims, k)
    return out


def _shipped_tops(k: int) -> np.ndarray | None:
    """The shipped :func:`pool_top_similarity`, when it was computed for this k from the very vectors in use
    (every set read from its shipped file, the same number of rows)."""
    path = resources.files("alu.data").joinpath(TOPS)
    rows = len(pool())
    if not path.is_file() or _embedded_here:
        return None
    with path.open("rb") as fh, np.load(fh) as stored:
        if int(stored["k"]) != k or len(stored["tops"]) != rows:
            return None
        return stored["tops"].astype(np.float32)


if __name__ == "__main__":  # regenerate the shipped vectors
    from pathlib import Path

    from alu.embeddings import get_embedder

    for name in SETS:
        out = Path(__file__).parent / "data" / f"{name}.npz"
        np.savez(out, **quantised(get_embedder().embed(list(texts(name)))))
        out.with_suffix(".embedder").write_text(get_embedder().identity + "\n")
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) and {out.with_suffix('.embedder').name}")
    from alu.decision import MARGIN_K

    tops = Path(__file__).parent / "data" / TOPS
    np.savez(tops, k=np.int64(MARGIN_K), tops=_computed_tops(MARGIN_K))
    print(f"wrote {tops}")
