r"""Reading and writing forget-target files: JSON, JSONL, CSV and plain text (one name per line).

Reading never stops at a bad row: valid rows are returned, invalid ones are reported with their line number,
so an import can write the good ones and tell the user exactly what to fix.

Writing round-trips: every target the store can hold reads back equal (created_at aside) from every format,
or the export is refused with a message saying why (plain text holds names only). JSONL rows are split on
"\n" only (U+2028, U+2029 and U+0085 inside a description are text, not line ends); CSV list cells are
`a|b` when that is unambiguous and a JSON list otherwise (`["AC|DC"]`); a plain-text name that starts with
`#` (a comment), `\`, `[` or `{` (JSON, which a .txt import refuses) is written with a `\` in front.

A key or CSV column that is not a target field refuses the whole file (`alias` for `aliases` would otherwise
drop every alias without a word)."""

from __future__ import annotations

import csv
import difflib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_origin

from alu.errors import InvalidTargetError
from alu.types import MAX_DOCUMENT_CHARS, MAX_TARGET_CHARS, Target, as_target

FORMATS = ("json", "jsonl", "csv", "txt")
MAX_ROW_CHARS = MAX_TARGET_CHARS + MAX_DOCUMENT_CHARS
"""Characters of text in one row, escapes not counted: a row holding more cannot hold a valid target, so it is
reported without building one (the target's own limits, `alu.types`, are checked on every row). Counted on
the text rather than the raw line, as an escaped line of a valid target's documents ran past any fixed bound
(an export of an 8-million-character document did not import back)."""
_NOT_EXPORTED = {"created_at"}
_SUFFIXES = {"json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "txt": "txt"}
_TXT_ESCAPED = ("#", "\\", "[", "{")
"""First characters of a plain-text name written with a `\\` in front: a comment, the escape itself, JSON."""


@dataclass
class ParsedTargets:
    targets: list[tuple[int, Target]] = field(default_factory=list)
    """(line number, target) of every valid row."""
    invalid: list[tuple[int, str]] = field(default_factory=list)
    """(line number, reason) of every invalid row."""
    unknown: dict[str, int] = field(default_factory=dict)
    """Keys that are not target fields, with the first line that holds each: they refuse the file."""


def format_of_suffix(path: Path) -> str | None:
    """The format a file's extension names (None: no known extension)."""
    return _SUFFIXES.get(path.suffix.lower().lstrip("."))


def export_format(path: Path | None, fmt: str | None) -> str:
    """The format an export writes: `fmt` if given, else the one the extension names, else JSONL. A `fmt`
    that contradicts the extension is refused: `targets import` reads by extension, so `b.txt` holding JSONL
    would come back as one target per JSON line, named by the whole line."""
    named = format_of_suffix(path) if path is not None else None
    if fmt is None:
        return named or "jsonl"
    if fmt not in FORMATS:
        raise InvalidTargetError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if named is not None and named != fmt:
        raise InvalidTargetError(
            f"--format {fmt} contradicts the extension of {path} ({named}): `alu targets import` would read "
            f"it as {named}; drop --format or name the file *.{fmt}"
        )
    return fmt


def detect_format(path: Path, text: str) -> str:
    named = format_of_suffix(path)
    if named is not None:
        return named
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
    parsed = {"json": _json, "jsonl": _jsonl, "csv": _csv, "txt": _txt}[fmt](text)
    if parsed.unknown:
        raise _unknown_fields(parsed.unknown, _accepted_keys(), "field")
    return parsed


def _accepted_keys() -> list[str]:
    """Keys a JSON or JSONL row may hold: every Target field, and `id` (`alu targets list --json` writes it;
    the store derives it from the name again)."""
    return [*Target.model_fields, "id"]


def _unknown_fields(unknown: dict[str, int], accepted: list[str], what: str) -> InvalidTargetError:
    """The error for keys or columns that are not target fields: each named with its line and the closest
    accepted one, then every accepted one."""
    said = []
    for key, line in unknown.items():
        near = difflib.get_close_matches(key, accepted, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        said.append(f"{key!r} (line {line}{hint})")
    return InvalidTargetError(
        f"unknown target {what}{'s' if len(said) > 1 else ''} {', '.join(said)}: nothing imported; "
        f"accepted {what}s: {', '.join(accepted)}"
    )


def _add(out: ParsedTargets, line: int, item: Any) -> None:
    if isinstance(item, dict):
        for key in (k for k in item if k not in _accepted_keys()):
            out.unknown.setdefault(str(key), line)
    if _row_chars(item) > MAX_ROW_CHARS:
        out.invalid.append((line, f"row of more than {MAX_ROW_CHARS} characters: no target is that long"))
        return
    try:
        out.targets.append((line, as_target(item)))
    except InvalidTargetError as exc:
        out.invalid.append((line, str(exc)))


def _row_chars(item: Any) -> int:
    if isinstance(item, str):
        return len(item)
    if isinstance(item, dict):
        return sum(_row_chars(key) + _row_chars(value) for key, value in item.items())
    if isinstance(item, list):
        return sum(map(_row_chars, item))
    return len(str(item))


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
    csv.field_size_limit(max(limit, 2 * MAX_ROW_CHARS))  # a quote in a cell is written twice
    try:
        return _csv_rows(reader, out)
    except csv.Error as exc:  # the reader cannot resume after a malformed row: report the file
        line = _row_start(text, reader.line_num)
        raise InvalidTargetError(f"malformed CSV at line {line}: {exc}") from None
    finally:
        csv.field_size_limit(limit)


def _row_start(text: str, last_good: int) -> int:
    """The line the malformed row starts on: the first non-empty line after the last row read whole
    (`DictReader.line_num` is that row's last line; it is not advanced for the row that fails)."""
    lines = text.split("\n")
    line = last_good + 1
    while line < len(lines) and lines[line - 1] in ("", "\r"):
        line += 1
    return line


def _csv_rows(reader: csv.DictReader, out: ParsedTargets) -> ParsedTargets:
    columns = [(f or "").strip().lower() for f in reader.fieldnames or []]
    if "name" not in columns:
        raise InvalidTargetError("a CSV target file needs a header row with a 'name' column")
    unknown = {c: reader.line_num for c in columns if c and c not in _csv_fields()}
    if unknown:
        raise _unknown_fields(unknown, _csv_fields(), "column")
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
    _refuse_json_as_txt(text)
    out = ParsedTargets()
    for line, row in enumerate(text.split("\n"), 1):
        row = row.strip()
        if not row or row.startswith("#"):
            continue
        _add(out, line, row.removeprefix("\\"))  # `\#name`: a name, not a comment
    return out


def _refuse_json_as_txt(text: str) -> None:
    """A .txt file holding JSON (a JSONL or JSON export under the wrong name) would store each of its lines
    as a target named by the raw JSON: refused. Exported names that start with `[` or `{` are escaped, so a
    plain-text export never looks like this."""
    for line, row in enumerate(text.split("\n"), 1):
        if row.lstrip().startswith("{") and isinstance(_json_value(row), dict):
            raise InvalidTargetError(
                f"line {line} of this .txt file is a JSON object, not a name: it is almost surely JSONL; "
                "rename it *.jsonl or import it with --format jsonl"
            )
    if text.lstrip().startswith(("[", "{")) and _json_value(text) is not None:
        raise InvalidTargetError(
            "this .txt file holds JSON, not one name per line: rename it *.json or import it with"
            " --format json"
        )


def _json_value(text: str) -> Any:
    """`text` as JSON, or None when it is not JSON."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None


def exported(target: Target) -> dict[str, Any]:
    """What an export keeps of a target (every field but created_at): equal for a target and its re-import."""
    return target.model_dump(mode="json", exclude=_NOT_EXPORTED)


def _beyond_name(target: Target) -> list[str]:
    """The content fields in which `target` differs from a target of its name alone."""
    held, bare = exported(target), exported(Target(name=target.name))
    return [f for f in held if f not in _BOOKKEEPING and held[f] != bare.get(f)]


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


_BOOKKEEPING = {"expanded_at", "updated_at", "decision"}
"""Exported fields that say when and how a target was processed, not what it is: a names-only target
expanded by an agent that proposed nothing differs from a bare name in these alone, and a .txt re-import
sets them again."""


def _dump_txt(targets: list[Target]) -> str:
    """One name per line; refused when a target has more than its name (txt would drop it silently), naming
    the fields that would be lost."""
    lossy = {t.name: fields for t in targets if (fields := _beyond_name(t))}
    if lossy:
        shown = ", ".join(f"{n!r} ({', '.join(f)})" for n, f in list(lossy.items())[:3]) + (
            f" and {len(lossy) - 3} more" if len(lossy) > 3 else ""
        )
        raise InvalidTargetError(
            f"txt holds names only, and {len(lossy)} targets hold more that it would lose: {shown}; "
            "export as jsonl, json or csv to keep them"
        )
    escaped = ("\\" + t.name if t.name.startswith(_TXT_ESCAPED) else t.name for t in targets)
    return "".join(name + "\n" for name in escaped)
