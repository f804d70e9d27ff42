"""`alu bench calibrate`: choose `screen_threshold` (the cosine similarity at which a target becomes a
screening candidate) from TOFU data.

Targets are the authors of a TOFU forget split (name, aliases, description). Each of their question/answer
pairs is a positive, screened the way a query is: the question, then the answer; the pair is caught at
threshold t when either text has its own author among the top-m neighbours with similarity >= t. A masked
copy of every pair (the author's names replaced by "the author") measures what similarity alone catches
when nobody says the name. Negatives are pairs about nobody in the store: TOFU retain (other fictitious
authors: the hard case, same style and vocabulary), world_facts and real_authors; one is a false positive at
t when any target reaches t.

A false positive costs an auditor call on a query that needed none; a false negative on a masked pair means
the auditor never sees a target the conversation is about (only the name checks remain). The chosen value is
the highest threshold whose masked recall minus false-positive rate on all negatives (Youden's J) is within
J_TOLERANCE of the best: J is flat over a range of thresholds, and within that range the higher one is
preferred because false positives grow with the number of targets while this calibration has a few dozen."""

from __future__ import annotations

import random
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from typing import Any

from alu.bench.report import markdown_table
from alu.screen import SCREEN_MARGIN

NEGATIVE_SPLITS = ("retain90", "world_facts", "real_authors")
J_TOLERANCE = 0.01
_GRID = [round(0.20 + 0.01 * i, 2) for i in range(71)]  # 0.20 .. 0.90


@dataclass
class Point:
    threshold: float
    recall: float
    """Positive pairs caught by similarity (names left in)."""
    masked_recall: float
    """Positive pairs caught by similarity with the author's names masked."""
    fp: dict[str, float]
    """False-positive rate per negative split."""
    fp_all: float
    noise: float
    """Mean number of other targets that become candidates on a positive pair (each costs prompt tokens)."""


@dataclass
class CalibrationReport:
    chosen: float
    current: float
    """The default the run was compared with (Settings.screen_threshold)."""
    points: list[Point]
    n_targets: int
    n_positives: int
    n_negatives: dict[str, int]
    name_recall: float
    """Positive pairs in which the alias index finds the author's name (independent of the threshold)."""
    config: dict[str, Any] = field(default_factory=dict)

    def at(self, threshold: float) -> Point:
        return min(self.points, key=lambda p: abs(p.threshold - threshold))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _mask(text: str, forms: list[str]) -> str:
    for form in sorted(forms, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", "the author", text, flags=re.IGNORECASE)
    return text


def _best(neighbours: list[tuple[Any, float]], target_id: str | None = None, margin: float = 1.0) -> float:
    """Similarity of the given target among the neighbours, 0 when it is absent or further than `margin`
    below the best match (the screener's rule); without a target, the best similarity of any."""
    top = neighbours[0][1] if neighbours else 0.0
    sims = [sim for t, sim in neighbours if target_id is None or t.id == target_id]
    best = max(sims, default=0.0)
    return best if best >= top - margin else 0.0


def _others(neighbours: list[tuple[Any, float]], target_id: str, margin: float) -> dict[str, float]:
    """Other targets that would pass the margin rule, with their similarity (noise candidates)."""
    top = neighbours[0][1] if neighbours else 0.0
    return {t.id: sim for t, sim in neighbours if t.id != target_id and sim >= top - margin}


def run_calibration(
    *,
    split: str = "forget10",
    negatives: int = 1000,
    m: int = 8,
    margin: float = SCREEN_MARGIN,
    seed: int = 0,
    data_dir: str | None = None,
    progress: Any = None,
) -> CalibrationReport:
    """Sweep the threshold over 0.20–0.90 and pick one; see the module docstring."""
    from alu.config import Settings
    from alu.eval.datasets import load_tofu, tofu_authors
    from alu.matcher import AliasIndex, partial_names
    from alu.store import ForgetStore

    if negatives < 1 or m < 1:
        raise ValueError("--negatives and --m must be at least 1")
    authors = tofu_authors(split, data_dir)
    targets = [a.to_target() for a in authors]
    rng = random.Random(seed)
    neg_items = {}
    for name in NEGATIVE_SPLITS:
        items = load_tofu(name, data_dir)
        neg_items[name] = rng.sample(items, min(negatives, len(items)))

    positives = []  # (target id, question, answer, masked question, masked answer)
    for author, target in zip(authors, targets, strict=True):
        forms = [*target.names, *partial_names(target)]
        for qa in author.qa:
            positives.append(
                (target.id, qa.question, qa.answer, _mask(qa.question, forms), _mask(qa.answer, forms))
            )
    folder = tempfile.mkdtemp(prefix="alu-calibrate-")
    try:
        store = ForgetStore(folder)
        _stage(progress, f"embedding {len(targets)} targets", 1)
        store.add(targets)
        texts = [t for p in positives for t in p[1:]]
        texts += [t for items in neg_items.values() for q in items for t in (q.question, q.answer)]
        _stage(progress, f"screening {len(texts):,} texts", len(texts))
        neighbours = []
        for start in range(0, len(texts), 256):
            neighbours += store.nearest(texts[start : start + 256], m)
            _advance(progress, min(256, len(texts) - start))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    index = AliasIndex()
    index.add_many(targets)
    pos_plain, pos_masked, noise, named = [], [], [], 0
    for i, (tid, question, answer, _, _) in enumerate(positives):
        q, a, mq, ma = neighbours[4 * i : 4 * i + 4]
        pos_plain.append(max(_best(q, tid, margin), _best(a, tid, margin)))
        pos_masked.append(max(_best(mq, tid, margin), _best(ma, tid, margin)))
        others = _others(q, tid, margin)
        for oid, sim in _others(a, tid, margin).items():
            others[oid] = max(sim, others.get(oid, 0.0))
        noise.append(list(others.values()))
        named += any(h.target_id == tid for h in index.find(question) + index.find(answer))
    offset = 4 * len(positives)
    neg_scores: dict[str, list[float]] = {}
    for name, items in neg_items.items():
        scores = []
        for _ in items:
            scores.append(max(_best(neighbours[offset]), _best(neighbours[offset + 1])))
            offset += 2
        neg_scores[name] = scores

    all_neg = [s for scores in neg_scores.values() for s in scores]
    points = [
        Point(
            threshold=t,
            recall=_rate(pos_plain, t),
            masked_recall=_rate(pos_masked, t),
            fp={name: _rate(scores, t) for name, scores in neg_scores.items()},
            fp_all=_rate(all_neg, t),
            noise=round(sum(sum(s >= t for s in sims) for sims in noise) / len(noise), 2),
        )
        for t in _GRID
    ]
    best = max(p.masked_recall - p.fp_all for p in points)
    chosen = max(
        (p for p in points if p.masked_recall - p.fp_all >= best - J_TOLERANCE), key=lambda p: p.threshold
    )
    return CalibrationReport(
        chosen=chosen.threshold,
        current=Settings.model_fields["screen_threshold"].default,
        points=points,
        n_targets=len(targets),
        n_positives=len(positives),
        n_negatives={name: len(items) for name, items in neg_items.items()},
        name_recall=round(named / len(positives), 4),
        config={"split": split, "negatives": negatives, "m": m, "margin": margin, "seed": seed},
    )


def _rate(scores: list[float], threshold: float) -> float:
    return round(sum(s >= threshold for s in scores) / len(scores), 4) if scores else 0.0


def _stage(progress: Any, description: str, total: int) -> None:
    if progress is not None:
        progress.stage(description, total)


def _advance(progress: Any, n: int) -> None:
    if progress is not None:
        progress.advance(n)


def markdown(report: CalibrationReport) -> str:
    """Sweep table (every 0.05, plus the chosen and current values) and the decision."""
    chosen, current = report.at(report.chosen), report.at(report.current)
    shown = sorted(
        {p.threshold for p in report.points if round(p.threshold * 100) % 5 == 0}
        | {chosen.threshold, current.threshold}
    )
    splits = list(report.n_negatives)
    rows = []
    for t in shown:
        p = report.at(t)
        mark = " (chosen)" if t == chosen.threshold else " (current)" if t == current.threshold else ""
        rows.append(
            [f"{t:.2f}{mark}", _pct(1 - p.recall), _pct(1 - p.masked_recall)]
            + [_pct(p.fp[s]) for s in splits]
            + [_pct(p.fp_all), p.noise]
        )
    neg = ", ".join(f"{s} {n}" for s, n in report.n_negatives.items())
    return "\n".join(
        [
            "# alu bench calibrate: screen_threshold",
            "",
            f"{report.n_targets} targets (TOFU {report.config['split']} authors), {report.n_positives} "
            f"positive question/answer pairs, negatives: {neg}; top-m = {report.config['m']}, margin "
            f"{report.config['margin']:.2f}. The alias index finds the author's name in "
            f"{_pct(report.name_recall)} of the positive pairs whatever the threshold. FN: positive pairs "
            "similarity misses; FP: negative pairs with any candidate; noise: other targets made candidates "
            "per positive pair.",
            "",
            markdown_table(
                [
                    "threshold",
                    "FN (names kept)",
                    "FN (names masked)",
                    *[f"FP {s}" for s in splits],
                    "FP all",
                    "noise",
                ],
                rows,
            ),
            "",
            f"Chosen: **{chosen.threshold:.2f}** (highest threshold with masked recall − FP rate within "
            f"{J_TOLERANCE} of the best): FN {_pct(1 - chosen.recall)} with names, "
            f"{_pct(1 - chosen.masked_recall)} masked; FP {_pct(chosen.fp_all)} over all negatives "
            f"({', '.join(f'{s} {_pct(chosen.fp[s])}' for s in splits)}).",
            "",
        ]
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"
