"""Reading and writing forget-target files: JSON, JSONL, CSV and plain text (one name per line).

Reading never stops at a bad row: valid rows are returned, invalid ones are reported with their line number,
so an import can write the good ones and tell the user exactly what to fix."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alu.errors import InvalidTargetError
from alu.types import Target, as_target

FORMATS = ("json", "jsonl", "csv", "txt")
MAX_LINE = 100_000
"""Characters in one row; longer rows are reported as invalid instead of bloating the store."""


@dataclass
class ParsedTargets:
    targets: list[tuple[int, Target]] = field(default_factory=list)
    """(line number, target) of every valid row."""
    invalid: list[tuple[int, str]] = field(default_factory=list)
    """(line number, reason) of every invalid row."""


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix in ("ndjson",):
        return "jsonl"
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        return "jsonl"
    return "txt"


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidTargetError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidTargetError(f"{path} is a directory, not a target file") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidTargetError(
            f"{path} is not UTF-8 text (bad byte at line {line}); re-save it as UTF-8"
        ) from None


def parse_targets(path: Path, fmt: str | None = None) -> ParsedTargets:
    text = read_text(path)
    fmt = fmt or detect_format(path, text)
    if fmt not in FORMATS:
        raise InvalidTargetError(f"unknown target file format {fmt!r}; use one of {', '.join(FORMATS)}")
    return {"json": _json, "jsonl": _jsonl, "csv": _csv, "txt": _txt}[fmt](text)


def _add(out: ParsedTargets, line: int, item: Any) -> None:
    if len(json.dumps(item, default=str)) > MAX_LINE:
        out.invalid.append((line, f"row longer than {MAX_LINE} characters"))
        return
    try:
        out.targets.append((line, as_target(item)))
    except InvalidTargetError as exc:
        out.invalid.append((line, str(exc)))


def _json(text: str) -> ParsedTargets:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidTargetError(f"invalid JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise InvalidTargetError("invalid JSON: nested too deeply to be a target list") from None
    if isinstance(data, dict) and isinstance(data.get("targets"), list):
        data = data["targets"]
    if not isinstance(data, list):
        raise InvalidTargetError("a JSON target file must hold a list of targets (or {'targets': [...]})")
    out = ParsedTargets()
    # Line numbers of list items: find where each top-level element starts.
    starts = _json_item_lines(text, len(data))
    for line, item in zip(starts, data, strict=True):
        _add(out, line, item)
    return out


def _json_item_lines(text: str, n: int) -> list[int]:
    decoder = json.JSONDecoder()
    lines: list[int] = []
    anchor = 0 if text.lstrip().startswith("[") else text.index('"targets"')
    pos = text.index("[", anchor) + 1
    while len(lines) < n:
        while text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        _, pos = decoder.raw_decode(text, pos)
    return lines


def _jsonl(text: str) -> ParsedTargets:
    out = ParsedTargets()
    for line, row in enumerate(text.splitlines(), 1):
        if not row.strip():
            continue
        try:
            item = json.loads(row)
        except json.JSONDecodeError as exc:
            out.invalid.append((line, f"invalid JSON: {exc.msg}"))
            continue
        except RecursionError:
            out.invalid.append((line, "invalid JSON: nested too deeply"))
            continue
        _add(out, line, item)
    return out


CSV_COLUMNS = ("name", "aliases", "description", "tags", "requested_by", "reference")
"""Columns of an exported CSV; an imported one needs `name`, the others are optional."""


def _csv(text: str) -> ParsedTargets:
    out = ParsedTargets()
    # strict: an unbalanced quote is an error, not a field that silently swallows the rest of the file
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        return _csv_rows(reader, out)
    except csv.Error as exc:  # the reader cannot resume after a malformed row: report the file
        raise InvalidTargetError(f"malformed CSV at line {reader.line_num}: {exc}") from None


def _csv_rows(reader: csv.DictReader, out: ParsedTargets) -> ParsedTargets:
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InvalidTargetError("a CSV target file needs a header row with a 'name' column")
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        if "" in row:  # DictReader files surplus cells under the key None -> ""
            out.invalid.append((line, "more cells than header columns"))
            continue
        item = {
            "name": row.get("name") or "",
            "aliases": _split(row.get("aliases")),
            "description": row.get("description") or "",
            "tags": _split(row.get("tags")),
            "requested_by": row.get("requested_by") or "",
            "reference": row.get("reference") or "",
        }
        _add(out, line, item)
    return out


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").replace(";", "|").split("|") if part.strip()]


def _txt(text: str) -> ParsedTargets:
    out = ParsedTargets()
    for line, row in enumerate(text.splitlines(), 1):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        _add(out, line, row.strip())
    return out


def dump_targets(targets: list[Target], fmt: str) -> str:
    rows = [t.model_dump(mode="json", exclude={"created_at"}) for t in targets]
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=[*CSV_COLUMNS])
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "aliases": "|".join(r["aliases"]), "tags": "|".join(r["tags"])})
        return buf.getvalue()
    if fmt == "txt":
        return "".join(t.name + "\n" for t in targets)
    raise InvalidTargetError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
