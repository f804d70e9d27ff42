"""`alu bench calibrate`: choose `screen_threshold` (the cosine similarity at which a target becomes a
screening candidate) from TOFU data.

Targets are the authors of a TOFU forget split (name, aliases, description). Each of their question/answer
pairs is a positive, screened the way the pipeline screens it: the question alone (before the model
answers), then question and answer together (the audit; a one-word answer alone would sit near too many
targets); the pair is caught at threshold t when either text has its own author among the top-m neighbours
with similarity >= t. A masked copy of every pair (the author's names replaced by "the author") measures
what similarity alone catches when nobody says the name. Negatives are pairs about nobody in the store:
TOFU retain (other fictitious authors: the hard case, same style and vocabulary), world_facts and
real_authors; one is a false positive at t when any target reaches t.

A false positive costs an auditor call on a query that needed none; a false negative on a masked pair means
the auditor never sees a target the conversation is about (only the name checks remain). The chosen value is
the highest threshold whose masked recall minus false-positive rate on all negatives (Youden's J) is within
J_TOLERANCE of the best: J is flat over a range of thresholds, and within that range the higher one is
preferred because false positives grow with the number of targets while this calibration has a few dozen.

`fill` (``--fill N``) measures the same sweep at the scale users run: N filler targets join the store before
screening, the first N targets of the scale benchmark's workload (`alu.bench._workload.build_workload`:
TOFU authors, TOFU holdout authors, WPU real people by name only, then synthetic people) without the
split's own authors. Every target in the store competes for the top-m places and can reach the threshold,
so FN and FP both move with N. Filler changes what a negative is, hence one rule, applied at every fill:

* A target the negative pair names (the alias index over every target in the store finds its name or an
  alias in the question or the answer) is a true hit, not a false positive: such a query is about a
  target in the store, and the name check puts it in play whatever the threshold. The negative's score is
  the best similarity of the targets it does not name (within the margin of the text's best match, the
  screener's rule); the number of negatives naming a store target is reported per split.
* TOFU retain90 pairs are about the other TOFU authors, most of whom are filler at fill > 0, and many of
  their questions say "this author" instead of the name. A hit on such a pair may well be the right
  target, which the name rule cannot tell, so at fill > 0 its FP rate is reported but not meaningful, and
  the threshold is chosen from the false-positive rate on world_facts and real_authors only (real_authors
  pairs about WPU people in the store are handled by the name rule). At fill 0 the choice uses all three
  splits, as before."""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from alu.bench.progress import ProgressSink, Silent, Ticker
from alu.bench.report import markdown_table
from alu.config import Settings
from alu.scratch import scratch_store
from alu.screen import grown_threshold

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
    fp_choice: float
    """False-positive rate on the splits the choice uses (CalibrationReport.choice_splits)."""
    noise: float
    """Mean number of other targets that become candidates on a positive pair (each costs prompt tokens)."""


@dataclass
class CalibrationReport:
    chosen: float
    current: float
    """The threshold alu's defaults give a store of this size (screen_threshold raised by screen_growth)."""
    points: list[Point]
    n_targets: int
    """Targets in the store while screening: the split's authors plus the filler."""
    n_authors: int
    """Authors of the split (the targets the positives are about)."""
    fill: int
    """Filler targets added to the store (``--fill``)."""
    n_positives: int
    n_negatives: dict[str, int]
    n_named: dict[str, int]
    """Negative pairs per split that name a target in the store (those targets are true hits, not FPs)."""
    choice_splits: list[str]
    """Negative splits whose false-positive rate the choice uses."""
    name_recall: float
    """Positive pairs in which the alias index finds the author's name (independent of the threshold)."""
    config: dict[str, Any] = field(default_factory=dict)

    def at(self, threshold: float) -> Point:
        return min(self.points, key=lambda p: abs(p.threshold - threshold))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _mask(text: str, forms: list[str], mask: str = "the author") -> str:
    """The text with each of the forms (longest first) replaced by `mask`."""
    for form in sorted(forms, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", lambda _: mask, text, flags=re.IGNORECASE)
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


def _best_unnamed(neighbours: list[tuple[Any, float]], named: set[str], margin: float) -> float:
    """Best similarity of a target the text's pair does not name, 0 when none is within `margin` of the
    best match (a named target can be the best match: it is in play anyway, and the margin is relative to
    it)."""
    top = neighbours[0][1] if neighbours else 0.0
    best = max((sim for t, sim in neighbours if t.id not in named), default=0.0)
    return best if best >= top - margin else 0.0


def filler_targets(fill: int, exclude: set[str], data_dir: str | None = None) -> list[dict[str, Any]]:
    """The first `fill` targets of the scale benchmark's workload whose id is not in `exclude`."""
    from alu.bench._workload import build_workload
    from alu.types import target_id

    if fill <= 0:
        return []
    pool = build_workload(fill + len(exclude), queries=0, data_dir=data_dir).targets
    seen, out = set(exclude), []
    for t in pool:
        if target_id(t["name"]) not in seen and len(out) < fill:
            seen.add(target_id(t["name"]))
            out.append(t)
    if len(out) < fill:
        raise ValueError(f"--fill {fill}: the workload has only {len(out)} filler targets")
    return out


def run_calibration(
    *,
    split: str = "forget10",
    negatives: int = 1000,
    m: int = 8,
    margin: float = Settings.model_fields["screen_margin"].default,
    seed: int = 0,
    fill: int = 0,
    data_dir: str | None = None,
    progress: ProgressSink | None = None,
) -> CalibrationReport:
    """Sweep the threshold over 0.20–0.90 and pick one, with `fill` filler targets in the store besides
    the split's authors; see the module docstring."""
    from alu.eval.datasets import tofu_authors
    from alu.matcher import AliasIndex
    from alu.types import as_target

    if negatives < 1 or m < 1:
        raise ValueError("--negatives and --m must be at least 1")
    if fill < 0:
        raise ValueError("--fill must be 0 or more")
    authors = tofu_authors(split, data_dir)
    targets = [a.to_target() for a in authors]
    filler = [as_target(t) for t in filler_targets(fill, {t.id for t in targets}, data_dir)]
    in_store = targets + filler
    neg_items = _negative_items(negatives, seed, data_dir)
    positives = _positives(authors, targets)
    neighbours = _neighbours(in_store, len(filler), positives, neg_items, m, progress or Silent())
    index = AliasIndex()
    index.add_many(in_store)
    pos_plain, pos_masked, noise, named = _positive_scores(positives, neighbours, index, margin)
    neg_scores, n_named = _negative_scores(neg_items, neighbours[4 * len(positives) :], index, margin)
    choice_splits = list(NEGATIVE_SPLITS) if not filler else [s for s in NEGATIVE_SPLITS if s != "retain90"]
    points = _sweep(pos_plain, pos_masked, noise, neg_scores, choice_splits)
    return CalibrationReport(
        chosen=_choose(points).threshold,
        current=round(default_threshold(len(in_store)), 2),
        points=points,
        n_targets=len(in_store),
        n_authors=len(targets),
        fill=len(filler),
        n_positives=len(positives),
        n_negatives={name: len(items) for name, items in neg_items.items()},
        n_named=n_named,
        choice_splits=choice_splits,
        name_recall=round(named / len(positives), 4),
        config={"split": split, "negatives": negatives, "m": m, "margin": margin, "seed": seed, "fill": fill},
    )


def _negative_items(negatives: int, seed: int, data_dir: str | None) -> dict[str, list[Any]]:
    """Up to `negatives` question/answer pairs of each negative split, sampled with `seed`."""
    from alu.eval.datasets import load_tofu

    rng = random.Random(seed)
    neg_items = {}
    for name in NEGATIVE_SPLITS:
        items = load_tofu(name, data_dir)
        neg_items[name] = rng.sample(items, min(negatives, len(items)))
    return neg_items


def _positives(authors: list[Any], targets: list[Any]) -> list[tuple[str, str, str, str, str]]:
    """(target id, question, exchange, masked question, masked exchange) for every pair of every author."""
    from alu.name_forms import partial_names
    from alu.state import exchange_text

    positives = []
    for author, target in zip(authors, targets, strict=True):
        forms = [*target.names, *partial_names(target)]
        for qa in author.qa:
            masked = _mask(qa.question, forms)
            positives.append(
                (
                    target.id,
                    qa.question,
                    exchange_text(qa.question, qa.answer),
                    masked,
                    exchange_text(masked, _mask(qa.answer, forms)),
                )
            )
    return positives


def _neighbours(
    in_store: list[Any],
    n_filler: int,
    positives: list[tuple[str, str, str, str, str]],
    neg_items: dict[str, list[Any]],
    m: int,
    progress: ProgressSink,
) -> list[list[tuple[Any, float]]]:
    """The top-m neighbours of every screened text in a scratch store of `in_store`: the four texts of each
    positive, then each negative's question and exchange."""
    from alu.state import exchange_text
    from alu.store import ForgetStore

    with scratch_store(prefix="alu-calibrate-") as folder:
        store = ForgetStore(folder)
        progress.stage(f"embedding {len(in_store):,} targets ({n_filler:,} filler)", len(in_store))
        store.add(in_store, progress=Ticker(progress))
        if store.count() != len(in_store):
            raise RuntimeError(f"the calibration store holds {store.count()} targets, not {len(in_store)}")
        texts = [t for p in positives for t in p[1:]]
        texts += [
            t
            for items in neg_items.values()
            for q in items
            for t in (q.question, exchange_text(q.question, q.answer))
        ]
        progress.stage(f"screening {len(texts):,} texts", len(texts))
        neighbours = []
        for start in range(0, len(texts), 256):
            neighbours += store.nearest(texts[start : start + 256], m)
            progress.advance(min(256, len(texts) - start))
    return neighbours


def _positive_scores(
    positives: list[tuple[str, str, str, str, str]],
    neighbours: list[list[tuple[Any, float]]],
    index: Any,
    margin: float,
) -> tuple[list[float], list[float], list[list[float]], int]:
    """(plain scores, masked scores, the other candidates' similarities, pairs naming their author)."""
    pos_plain, pos_masked, noise, named = [], [], [], 0
    for i, (tid, _, exchange, _, _) in enumerate(positives):
        q, a, mq, ma = neighbours[4 * i : 4 * i + 4]
        pos_plain.append(max(_best(q, tid, margin), _best(a, tid, margin)))
        pos_masked.append(max(_best(mq, tid, margin), _best(ma, tid, margin)))
        others = _others(q, tid, margin)
        for oid, sim in _others(a, tid, margin).items():
            others[oid] = max(sim, others.get(oid, 0.0))
        noise.append(list(others.values()))
        named += any(h.target_id == tid for h in index.find(exchange))
    return pos_plain, pos_masked, noise, named


def _negative_scores(
    neg_items: dict[str, list[Any]],
    neighbours: list[list[tuple[Any, float]]],
    index: Any,
    margin: float,
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """(scores per split, pairs per split naming a store target); `neighbours` are the negatives' own."""
    neg_scores: dict[str, list[float]] = {}
    n_named: dict[str, int] = {}
    offset = 0
    for name, items in neg_items.items():
        scores, n_named[name] = [], 0
        for qa in items:
            says = {h.target_id for h in index.find(qa.question) + index.find(qa.answer)}
            n_named[name] += bool(says)
            q, a = neighbours[offset], neighbours[offset + 1]
            scores.append(max(_best_unnamed(q, says, margin), _best_unnamed(a, says, margin)))
            offset += 2
        neg_scores[name] = scores
    return neg_scores, n_named


def _sweep(
    pos_plain: list[float],
    pos_masked: list[float],
    noise: list[list[float]],
    neg_scores: dict[str, list[float]],
    choice_splits: list[str],
) -> list[Point]:
    """One point per threshold of the grid."""
    all_neg = [s for scores in neg_scores.values() for s in scores]
    choice_neg = [s for name in choice_splits for s in neg_scores[name]]
    return [
        Point(
            threshold=t,
            recall=_rate(pos_plain, t),
            masked_recall=_rate(pos_masked, t),
            fp={name: _rate(scores, t) for name, scores in neg_scores.items()},
            fp_all=_rate(all_neg, t),
            fp_choice=_rate(choice_neg, t),
            noise=round(sum(sum(s >= t for s in sims) for sims in noise) / len(noise), 2),
        )
        for t in _GRID
    ]


def _choose(points: list[Point]) -> Point:
    """The highest threshold whose Youden's J is within J_TOLERANCE of the best."""
    best = max(p.masked_recall - p.fp_choice for p in points)
    return max(
        (p for p in points if p.masked_recall - p.fp_choice >= best - J_TOLERANCE), key=lambda p: p.threshold
    )


def default_threshold(n_targets: int) -> float:
    """The threshold alu's defaults (screen_threshold, screen_growth) give a store of this size."""
    fields = Settings.model_fields
    return grown_threshold(
        fields["screen_threshold"].default,
        fields["screen_growth"].default,
        n_targets,
        fields["strong_threshold"].default,
    )


def _rate(scores: list[float], threshold: float) -> float:
    return round(sum(s >= threshold for s in scores) / len(scores), 4) if scores else 0.0


def markdown(report: CalibrationReport) -> str:
    """Sweep table (every 0.05, every 0.01 near the chosen and current values) and the decision."""
    chosen = report.at(report.chosen)
    splits = list(report.n_negatives)
    subset = report.choice_splits != splits
    basis = " + ".join(report.choice_splits)
    lines = ["# alu bench calibrate: screen_threshold", "", _setup(report)]
    if report.fill:
        lines += [
            "",
            "With filler in the store, TOFU retain90 pairs are mostly about targets in the store (TOFU "
            "authors are filler), often without naming them, so FP retain90 is shown but not meaningful: the "
            f"choice uses FP {basis} (column FP choice).",
        ]
    lines += [
        "",
        markdown_table(
            [
                "threshold",
                "FN (names kept)",
                "FN (names masked)",
                *[f"FP {s}" for s in splits],
                "FP all",
                *(["FP choice"] if subset else []),
                "noise",
            ],
            _sweep_rows(report, splits, subset),
        ),
        "",
        f"Chosen: **{chosen.threshold:.2f}** (highest threshold with masked recall − FP rate on {basis} "
        f"within {J_TOLERANCE} of the best): FN {_pct(1 - chosen.recall)} with names, "
        f"{_pct(1 - chosen.masked_recall)} masked; FP {_pct(chosen.fp_choice)} on {basis} "
        f"({', '.join(f'{s} {_pct(chosen.fp[s])}' for s in splits)}).",
        "",
    ]
    return "\n".join(lines)


def _setup(report: CalibrationReport) -> str:
    """The paragraph saying what was in the store, what was screened and what the columns count."""
    neg = ", ".join(f"{s} {n}" for s, n in report.n_negatives.items())
    named = ", ".join(f"{s} {n}" for s, n in report.n_named.items())
    store = (
        f"{report.n_targets:,} targets in the store: {report.n_authors} TOFU {report.config['split']} authors"
    )
    if report.fill:
        store += (
            f" + {report.fill:,} filler (the scale benchmark's workload: TOFU and holdout authors, WPU real "
            "people, synthetic people)"
        )
    return (
        f"{store}. {report.n_positives} positive question/answer pairs, negatives: {neg}; top-m = "
        f"{report.config['m']}, margin {report.config['margin']:.2f}. The alias index finds the author's "
        f"name in {_pct(report.name_recall)} of the positive pairs whatever the threshold. FN: positive "
        "pairs similarity misses; FP: negative pairs on which a target they do not name becomes a candidate "
        f"(a target the pair names is a true hit; negatives naming a store target: {named}); noise: other "
        "targets made candidates per positive pair."
    )


def _sweep_rows(report: CalibrationReport, splits: list[str], subset: bool) -> list[list[Any]]:
    """The table's rows: every 0.05, and every 0.01 within 0.05 of the chosen and current thresholds."""
    chosen, current = report.at(report.chosen), report.at(report.current)
    near = {chosen.threshold, current.threshold}
    shown = sorted(
        p.threshold
        for p in report.points
        if round(p.threshold * 100) % 5 == 0 or any(abs(p.threshold - t) <= 0.05 + 1e-9 for t in near)
    )
    rows = []
    for t in shown:
        p = report.at(t)
        mark = " (chosen)" if t == chosen.threshold else " (current)" if t == current.threshold else ""
        rows.append(
            [f"{t:.2f}{mark}", _pct(1 - p.recall), _pct(1 - p.masked_recall)]
            + [_pct(p.fp[s]) for s in splits]
            + [_pct(p.fp_all)]
            + ([_pct(p.fp_choice)] if subset else [])
            + [p.noise]
        )
    return rows


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"
