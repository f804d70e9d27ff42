"""`alu bench calibrate` end to end on the real TOFU data (small: forget01, a few negatives), with and
without filler targets in the store."""

from __future__ import annotations

import json

from alu.eval.datasets import tofu_authors
from typer.testing import CliRunner

from alu.bench import calibrate
from alu.bench.calibrate import _best_unnamed, markdown, run_calibration
from alu.cli.app import app
from alu.types import target_id

SMALL = {"split": "forget01", "negatives": 15}


class _T:
    def __init__(self, id: str) -> None:
        self.id = id


def test_a_target_the_negative_names_is_a_true_hit_not_a_false_positive():
    neighbours = [(_T("named"), 0.70), (_T("other"), 0.63), (_T("far"), 0.40)]
    assert _best_unnamed(neighbours, set(), margin=0.10) == 0.70
    assert _best_unnamed(neighbours, {"named"}, margin=0.10) == 0.63
    assert _best_unnamed(neighbours, {"named", "other"}, margin=0.10) == 0.0  # beyond the margin of the best
    assert _best_unnamed([], set(), margin=0.10) == 0.0


def test_calibration_with_filler_counts_it_in_the_store_and_still_measures_false_positives(monkeypatch):
    picked, real = [], calibrate.filler_targets

    def spy(fill, exclude, data_dir=None):
        picked.append((exclude, real(fill, exclude, data_dir)))
        return picked[-1][1]

    base = run_calibration(**SMALL)
    monkeypatch.setattr(calibrate, "filler_targets", spy)
    filled = run_calibration(**SMALL, fill=30)
    [(split, filler)] = picked  # the filler: 30 distinct workload targets, none of them a split author
    ids = {target_id(t["name"]) for t in filler}
    assert len(filler) == len(ids) == 30 and not ids & split
    assert split == {a.to_target().id for a in tofu_authors("forget01")}
    assert (base.fill, filled.fill) == (0, 30)
    assert filled.n_authors == base.n_authors == base.n_targets
    assert filled.n_targets == base.n_targets + 30
    assert filled.n_positives == base.n_positives and filled.n_negatives == base.n_negatives
    assert base.choice_splits == ["retain90", "world_facts", "real_authors"]
    assert filled.choice_splits == ["world_facts", "real_authors"]
    for report in (base, filled):
        assert set(report.n_named) == set(report.n_negatives)
        assert all(0 <= report.n_named[s] <= report.n_negatives[s] for s in report.n_negatives)
        rates = [[p.fp[s] for p in report.points] for s in report.n_negatives]
        for series in rates:  # a rate per threshold, never rising as the threshold rises
            assert all(0.0 <= x <= 1.0 for x in series)
            assert series == sorted(series, reverse=True)
        assert any(series[0] > 0 for series in rates)  # at 0.20 something is a candidate on some negative
        assert any(p.threshold == report.chosen for p in report.points)
    # more targets, more chances for an unrelated text to reach a threshold (the best of a superset, as
    # long as no world_facts pair names a target, which would take that target out of its score)
    assert filled.n_named["world_facts"] == 0
    for b, f in zip(base.points, filled.points, strict=True):
        assert f.fp["world_facts"] >= b.fp["world_facts"]
    text = markdown(filled)
    assert f"{filled.n_targets:,} targets in the store" in text and "30 filler" in text
    assert "FP choice" in text and "FP choice" not in markdown(base)


def test_bench_calibrate_cli_fill_json(tmp_path):
    out = tmp_path / "out"
    args = ["bench", "calibrate", "--split", "forget01", "--negatives", "5", "--fill", "12"]
    result = CliRunner().invoke(app, [*args, "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["fill"] == 12 and data["n_targets"] == data["n_authors"] + 12
    assert data["config"]["fill"] == 12
    assert json.loads((out / "calibrate.json").read_text()) == data
    assert "12 filler" in (out / "calibrate.md").read_text()
    bad = CliRunner().invoke(app, ["bench", "calibrate", "--fill", "-1"])
    assert bad.exit_code == 1 and "--fill must be 0 or more" in bad.output
