"""Reading the records: every file of a records directory, merged (one file per replica)."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from alu.errors import RecordsError
from alu.records import db

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
BUCKETS = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}


def parse_time(text: str, now: float | None = None) -> float:
    """A point in time from '2026-11-30', '2026-11-30T01:00' (UTC unless an offset is given) or a span back
    from now: '90m', '24h', '7d', '2w'."""
    text = text.strip()
    match = _RELATIVE.match(text)
    if match:
        return (now if now is not None else time.time()) - float(match[1]) * _UNIT_S[match[2]]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"time {text!r}: use an ISO date (2026-11-30, 2026-11-30T01:00) or 90m/24h/7d/2w"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def iso(ts: float | None) -> str:
    return "" if ts is None else datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass
class Filters:
    """Which decision rows to read."""

    since: float | None = None
    until: float | None = None
    path: str | None = None
    entry: str | None = None
    target: str | None = None
    """A target id: rows that revealed it or had it in play."""

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["1"]
        if self.since is not None:
            clauses.append("ts >= :since")
        if self.until is not None:
            clauses.append("ts < :until")
        if self.path:
            clauses.append("path = :path" if self.path != "error" else "error IS NOT NULL")
        if self.entry:
            clauses.append("entry = :entry")
        if self.target:
            clauses.append(db.MENTIONS)
        params = {
            "since": self.since,
            "until": self.until,
            "path": self.path,
            "entry": self.entry,
            "target": self.target,
        }
        return " AND ".join(clauses), params


def _rows(directory: Path, sql: str, params: dict[str, Any] | tuple = ()) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in db.files(directory):
        try:
            conn = db.open_read(path)
            try:
                out += [dict(row) for row in conn.execute(sql, params)]
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise RecordsError(f"cannot read the records file {path}: {exc}") from exc
    return out


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("revealed", "in_play", "nodes", "families", "detail"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def calls(directory: Path, filters: Filters, limit: int = 50) -> list[dict[str, Any]]:
    """The newest matching decision rows, newest first."""
    where, params = filters.where()
    rows = _rows(directory, f"SELECT * FROM calls WHERE {where} ORDER BY ts DESC LIMIT {int(limit)}", params)
    rows.sort(key=lambda r: r["ts"], reverse=True)
    return [_decoded(r) for r in rows[:limit]]


def call(directory: Path, id_prefix: str) -> dict[str, Any]:
    """One decision row by its id (or a unique prefix of it)."""
    if not re.fullmatch(r"[0-9a-f]{4,32}", id_prefix):
        raise ValueError(f"run id {id_prefix!r}: give the id `alu runs list` shows (at least 4 hex digits)")
    rows = _rows(directory, "SELECT * FROM calls WHERE id LIKE ?", (id_prefix + "%",))
    if not rows:
        raise RecordsError(f"no run with id {id_prefix!r} in {directory}")
    if len(rows) > 1:
        raise RecordsError(f"{len(rows)} runs start with {id_prefix!r}: give more of the id")
    return _decoded(rows[0])


def stats(directory: Path, filters: Filters, bucket: str = "day") -> dict[str, Any]:
    """Totals by path and entry point, errors, and interceptions per target over time."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket {bucket!r}: choose from {', '.join(BUCKETS)}")
    where, params = filters.where()
    totals = _rows(
        directory,
        "SELECT path, entry, error, count(*) AS n, sum(ms) AS ms, sum(llm_calls) AS llm_calls,"
        " sum(prompt_tokens + completion_tokens) AS tokens"
        f" FROM calls WHERE {where} GROUP BY path, entry, error",
        params,
    )
    per_target = _rows(
        directory,
        f"SELECT j.value AS target, strftime('{BUCKETS[bucket]}', ts, 'unixepoch') AS bucket, count(*) AS n"
        f" FROM calls, json_each(calls.revealed) AS j WHERE {where} GROUP BY target, bucket",
        params,
    )
    calls_n = sum(r["n"] for r in totals)
    by_path, by_entry, errors = Counter(), Counter(), Counter()
    for r in totals:
        by_path[r["path"] or "error"] += r["n"]
        by_entry[r["entry"]] += r["n"]
        if r["error"]:
            errors[r["error"]] += r["n"]
    timeline: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in per_target:
        timeline[r["target"]][r["bucket"]] += r["n"]
    names = target_names(directory)
    return {
        "calls": calls_n,
        "by_path": dict(by_path),
        "by_entry": dict(by_entry),
        "errors": dict(errors),
        "mean_ms": round(sum(r["ms"] or 0 for r in totals) / calls_n, 2) if calls_n else 0.0,
        "llm_calls": sum(r["llm_calls"] or 0 for r in totals),
        "tokens": sum(r["tokens"] or 0 for r in totals),
        "bucket": bucket,
        "interceptions": [
            {
                "target_id": tid,
                "name": names.get(tid, ""),
                "total": sum(counts.values()),
                "over_time": dict(sorted(counts.items())),
            }
            for tid, counts in sorted(timeline.items(), key=lambda kv: -sum(kv[1].values()))
        ],
    }


def target_names(directory: Path) -> dict[str, str]:
    """Target id -> name, from the history events (they outlive withdrawn targets)."""
    return {
        r["target_id"]: r["name"] for r in _rows(directory, "SELECT target_id, name FROM events ORDER BY ts")
    }


def history(directory: Path, target_id: str) -> list[dict[str, Any]]:
    """The target's events (forgotten, requested, changed, expanded, withdrawn), oldest first."""
    rows = _rows(directory, "SELECT * FROM events WHERE target_id = ?", (target_id,))
    return [_decoded(r) for r in sorted(rows, key=lambda r: r["ts"])]


def verifications(directory: Path, target_id: str) -> list[dict[str, Any]]:
    """The target's verifications, newest first."""
    rows = _rows(directory, "SELECT * FROM verifications WHERE target_id = ?", (target_id,))
    return [_decoded(r) for r in sorted(rows, key=lambda r: r["ts"], reverse=True)]


def interceptions(directory: Path, target_id: str, since: float | None = None) -> dict[str, Any]:
    """How often calls revealed the target (and were rewritten or refused), by day and by path."""
    rows = _rows(
        directory,
        f"SELECT strftime('%Y-%m-%d', ts, 'unixepoch') AS day, path, count(*) AS n FROM calls"
        f" WHERE {db.REVEALS} AND ts >= :since GROUP BY day, path",
        {"target": target_id, "since": since or 0.0},
    )
    by_day: Counter[str] = Counter()
    by_path: Counter[str] = Counter()
    for r in rows:
        by_day[r["day"]] += r["n"]
        by_path[r["path"] or "error"] += r["n"]
    return {
        "since": since,
        "total": sum(by_day.values()),
        "by_day": dict(sorted(by_day.items())),
        "by_path": dict(by_path),
    }
