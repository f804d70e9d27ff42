r"""Reading and writing forget-target files: JSON, JSONL, CSV and plain text (one name per line).

Reading never stops at a bad row: valid rows are returned, invalid ones are reported with their line number,
so an import can write the good ones and tell the user exactly what to fix.

Writing round-trips: every target the store can hold reads back equal (created_at aside) from every format,
or the export is refused with a message saying why (plain text holds names only). JSONL rows are split on
"\n" only (U+2028, U+2029 and U+0085 inside a description are text, not line ends); CSV list cells are
`a|b` when that is unambiguous and a JSON list otherwise (`["AC|DC"]`); a plain-text name that starts with
`#` (a comment) or `\` is written with a `\` in front."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_origin

from alu.errors import InvalidTargetError
from alu.types import MAX_TARGET_CHARS, Target, as_target

FORMATS = ("json", "jsonl", "csv", "txt")
MAX_LINE = 8 * MAX_TARGET_CHARS
"""Characters in one raw row, escapes included: a row this long cannot hold a valid target, so it is reported
without building one (the target limit itself, `alu.types.MAX_TARGET_CHARS`, is checked on every row)."""
_NOT_EXPORTED = {"created_at"}


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
        out.invalid.append((line, f"row longer than {MAX_LINE} characters: no target is that long"))
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
    # "\n" only: str.splitlines() also breaks at U+2028, U+2029, U+0085 (legal inside JSON strings)
    for line, row in enumerate(text.split("\n"), 1):
        row = row.removesuffix("\r")
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


def _csv(text: str) -> ParsedTargets:
    out = ParsedTargets()
    # strict: an unbalanced quote is an error, not a field that silently swallows the rest of the file
    reader = csv.DictReader(io.StringIO(text), strict=True)
    # A cell may hold a whole target (MAX_TARGET_CHARS > the csv module's default field limit); the
    # process-wide limit is raised for this read only and put back.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, MAX_LINE))
    try:
        return _csv_rows(reader, out)
    except csv.Error as exc:  # the reader cannot resume after a malformed row: report the file
        raise InvalidTargetError(f"malformed CSV at line {reader.line_num}: {exc}") from None
    finally:
        csv.field_size_limit(limit)


def _csv_rows(reader: csv.DictReader, out: ParsedTargets) -> ParsedTargets:
    if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InvalidTargetError("a CSV target file needs a header row with a 'name' column")
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip().lower(): v for k, v in row.items()}
        if "" in row:  # DictReader files surplus cells under the key None -> ""
            out.invalid.append((line, "more cells than header columns"))
            continue
        item = {name: _cell_value(name, cell) for name, cell in row.items() if name in _csv_fields()}
        item["name"] = item.get("name") or ""
        _add(out, line, item)
    return out


def _csv_fields() -> list[str]:
    return [f for f, info in Target.model_fields.items() if f not in _NOT_EXPORTED and not info.exclude]


def _is_list_field(name: str) -> bool:
    return get_origin(Target.model_fields[name].annotation) is list


def _cell_value(name: str, cell: str | None) -> Any:
    """A CSV cell as the field's value: list fields are `a|b` or `a;b` (hand-written files) or a JSON list
    (written by `dump_targets` when an item holds `|` or `;`); text fields are the cell as it is."""
    if not _is_list_field(name):
        return cell or ""
    listed = _json_list(cell or "")
    if listed is not None:
        return listed
    return [part.strip() for part in (cell or "").replace(";", "|").split("|") if part.strip()]


def _json_list(cell: str) -> list[str] | None:
    if not cell.startswith("["):
        return None
    try:
        value = json.loads(cell)
    except (json.JSONDecodeError, RecursionError):
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _list_cell(items: list[str]) -> str:
    plain = "|".join(items)
    if any("|" in i or ";" in i for i in items) or _json_list(plain) is not None:
        return json.dumps(items, ensure_ascii=False)
    return plain


def _txt(text: str) -> ParsedTargets:
    out = ParsedTargets()
    for line, row in enumerate(text.split("\n"), 1):
        row = row.strip()
        if not row or row.startswith("#"):
            continue
        _add(out, line, row.removeprefix("\\"))  # `\#name`: a name, not a comment
    return out


def exported(target: Target) -> dict[str, Any]:
    """What an export keeps of a target (every field but created_at): equal for a target and its re-import."""
    return target.model_dump(mode="json", exclude=_NOT_EXPORTED)


def dump_targets(targets: list[Target], fmt: str) -> str:
    """The targets in `fmt`, written so that reading them back gives the same targets."""
    rows = [exported(t) for t in targets]
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        return _dump_csv(rows)
    if fmt == "txt":
        return _dump_txt(targets)
    raise InvalidTargetError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def _dump_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    fields = _csv_fields()
    writer = csv.DictWriter(buf, fieldnames=fields)  # "\r\n" rows: a "\r" inside a cell gets quoted too
    writer.writeheader()
    for r in rows:
        writer.writerow({f: _list_cell(r[f]) if _is_list_field(f) else r[f] for f in fields})
    return buf.getvalue()


def _dump_txt(targets: list[Target]) -> str:
    """One name per line; refused when a target has more than its name (txt would drop it silently)."""
    lossy = [t.name for t in targets if exported(t) != exported(Target(name=t.name))]
    if lossy:
        shown = ", ".join(repr(n) for n in lossy[:3]) + (
            f" and {len(lossy) - 3} more" if len(lossy) > 3 else ""
        )
        raise InvalidTargetError(
            f"txt holds names only, and {len(lossy)} targets have aliases, a description or tags "
            f"({shown}); export as jsonl, json or csv to keep them"
        )
    escaped = ("\\" + t.name if t.name.startswith(("#", "\\")) else t.name for t in targets)
    return "".join(name + "\n" for name in escaped)
