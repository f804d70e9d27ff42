"""Export -> import round-trips every valid target in every format, or the export is refused with a clear
message (property-tested with hypothesis over the Target model's own text fields)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_origin

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from alu.errors import InvalidTargetError
from alu.target_files import FORMATS, dump_targets, exported, parse_targets
from alu.types import MAX_DOCUMENT_CHARS, MAX_TARGET_CHARS, Target, as_target

# Characters that broke a format before: line separators, CSV and list delimiters, comment marks, quotes.
AWKWARD = "\u2028\u2029\u0085\r\n\t|;,#\\\"'[]{} \u00a0é\u0301ßﬁＡパバ"
text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(AWKWARD), max_size=40)


def _field_strategy(annotation: Any) -> st.SearchStrategy | None:
    if annotation is str:
        return text
    if get_origin(annotation) is list:
        return st.lists(text, max_size=4)
    return None  # other kinds of field keep their default


def _target_dicts() -> st.SearchStrategy[dict[str, Any]]:
    """Every str and list[str] field of Target (new fields included), drawn with awkward characters."""
    fields = {
        name: strategy
        for name, info in Target.model_fields.items()
        if name != "created_at"
        and not info.exclude
        and (strategy := _field_strategy(info.annotation)) is not None
    }
    return st.fixed_dictionaries(fields)


def _valid(raw: dict[str, Any]) -> Target | None:
    try:
        return as_target(raw)
    except InvalidTargetError:
        return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_target_dicts(), min_size=1, max_size=6))
def test_every_format_round_trips_every_valid_target_or_refuses_the_export(tmp_path_factory, raws):
    targets = list({t.id: t for t in map(_valid, raws) if t is not None}.values())
    assume(targets)
    folder = Path(tmp_path_factory.mktemp("rt"))
    for fmt in FORMATS:
        try:
            text = dump_targets(targets, fmt)
        except InvalidTargetError as exc:
            assert fmt == "txt" and "txt holds names only" in str(exc)  # the only lossy format refuses
            continue
        path = folder / f"targets.{fmt}"
        path.write_text(text, encoding="utf-8", newline="")
        parsed = parse_targets(path, fmt)
        assert parsed.invalid == [], (fmt, parsed.invalid)
        assert [exported(t) for _, t in parsed.targets] == [exported(t) for t in targets], fmt


@pytest.mark.parametrize(
    "target",
    [
        {"name": "Ada Quill", "description": "line one\u2028line two\u2029three\u0085four"},
        {"name": "AC/DC", "aliases": ["AC|DC", "AC;DC", "[AC]"], "tags": ["a|b"]},
        {"name": "#hashtag"},
        {"name": "\\backslash"},
        {"name": '{"name": "a JSON object"}'},
        {"name": "[1]"},
        {"name": "Long One", "description": "d" * (MAX_TARGET_CHARS - 100)},
    ],
    ids=[
        "line separators",
        "list delimiters",
        "hash name",
        "backslash name",
        "JSON object name",
        "JSON list name",
        "near the size limit",
    ],
)
def test_known_breakers_round_trip(tmp_path, target):
    t = as_target(target)
    for fmt in FORMATS:
        try:
            text = dump_targets([t], fmt)
        except InvalidTargetError:
            assert fmt == "txt" and exported(t) != exported(Target(name=t.name))
            continue
        path = tmp_path / f"t.{fmt}"
        path.write_text(text, encoding="utf-8", newline="")
        parsed = parse_targets(path, fmt)
        assert parsed.invalid == [] and [exported(p) for _, p in parsed.targets] == [exported(t)], fmt


def test_one_size_limit_applies_at_forget_time_and_at_import(tmp_path, scripted, unlearner):
    too_long = {"name": "Too Long", "description": "d" * MAX_TARGET_CHARS}
    with pytest.raises(InvalidTargetError, match=f"at most {MAX_TARGET_CHARS}"):
        unlearner(scripted()).forget(**too_long)
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"name": "Too Long", "description": "' + "d" * MAX_TARGET_CHARS + '"}\n', encoding="utf-8"
    )
    parsed = parse_targets(path)
    assert parsed.targets == [] and f"at most {MAX_TARGET_CHARS}" in parsed.invalid[0][1]


@pytest.mark.parametrize(
    "document",
    ['"quoted" words, ' * 600_000, "パリの地図" * 900_000],
    ids=["9.6M quote-heavy characters", "4.5M characters escaped in JSON"],
)
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_target_with_millions_of_characters_of_documents_round_trips(tmp_path, fmt, document):
    """Documents count apart from the 1,000,000-character limit, up to MAX_DOCUMENT_CHARS: a row holding one
    is longer than any bound on raw lines (escapes, doubled quotes) but imports back."""
    t = as_target({"name": "Ada Quill", "description": "A cartographer.", "documents": [document]})
    path = tmp_path / f"t.{fmt}"
    path.write_text(dump_targets([t], fmt), encoding="utf-8", newline="")
    parsed = parse_targets(path, fmt)
    assert parsed.invalid == [] and [exported(p) for _, p in parsed.targets] == [exported(t)]


def test_a_row_holding_more_than_any_target_can_is_reported_without_building_it(tmp_path):
    path = tmp_path / "t.jsonl"
    row = {"name": "Too Much", "documents": ["d" * MAX_DOCUMENT_CHARS], "description": "d" * MAX_TARGET_CHARS}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    parsed = parse_targets(path)
    assert parsed.targets == [] and "no target is that long" in parsed.invalid[0][1]


def test_txt_export_of_a_target_with_more_than_a_name_is_refused_by_the_cli(tmp_path, store_dir):
    from typer.testing import CliRunner

    from alu.cli import app

    runner = CliRunner()
    base = ["--model", "scripted/demo", "--store", store_dir]
    assert runner.invoke(app, [*base, "targets", "add", "Ada Quill", "--alias", "A. Quill"]).exit_code == 0
    out = tmp_path / "names.txt"
    result = runner.invoke(app, [*base, "targets", "export", str(out), "--format", "txt"])
    assert result.exit_code == 1 and "txt holds names only" in result.output and not out.exists()


def test_txt_export_takes_names_whose_expansion_proposed_nothing():
    """An expansion that proposed nothing leaves only its times (expanded_at, updated_at): the target is
    still a bare name, and txt holds it (it was refused as having 'aliases, a description or tags')."""
    bare = [
        Target(name="Maren Olvhagen", expanded_at=1796306246.8, updated_at=1796306246.9),
        Target(name="Zoë Ångström", updated_at=1.0),
        Target(name="#hashtag person", expanded_at=2.0),
    ]
    assert dump_targets(bare, "txt") == "Maren Olvhagen\nZoë Ångström\n\\#hashtag person\n"


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"aliases": ["Quell"]}, "aliases"),
        ({"tags": ["music"]}, "tags"),
        ({"probes": ["Who is Quell?"]}, "probes"),
    ],
)
def test_txt_export_refusal_names_the_field_it_would_lose(extra, named):
    with pytest.raises(InvalidTargetError, match=rf"'Tobias Quell' \({named}\)"):
        dump_targets([Target(name="Tobias Quell", expanded_at=1.0, **extra)], "txt")
