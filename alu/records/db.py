"""The records database: one SQLite file per writer in a records directory, read together.

Processes on one host share one file (WAL mode lets readers and writers work at once). Replicas on other
hosts writing to a shared network directory each get their own file (`records_replica`), because SQLite's
locking is not reliable over network filesystems; readers open every `decisions*.sqlite3` of the directory.
Row ids are random, so rows from different files never collide when they are read together."""

from __future__ import annotations

import sqlite3
from pathlib import Path

PREFIX = "decisions"

SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY, ts REAL NOT NULL, entry TEXT NOT NULL, model TEXT, path TEXT,
    revealed TEXT NOT NULL, in_play TEXT NOT NULL, nodes TEXT NOT NULL, llm_calls INTEGER,
    prompt_tokens INTEGER, completion_tokens INTEGER, ms REAL, error TEXT, query TEXT, answer TEXT
);
CREATE INDEX IF NOT EXISTS calls_ts ON calls (ts);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, ts REAL NOT NULL, target_id TEXT NOT NULL, name TEXT NOT NULL, event TEXT NOT NULL,
    requested_by TEXT NOT NULL, reference TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_target ON events (target_id);
CREATE TABLE IF NOT EXISTS verifications (
    id TEXT PRIMARY KEY, ts REAL NOT NULL, target_id TEXT NOT NULL, name TEXT NOT NULL, subject TEXT,
    model TEXT, attacks INTEGER, leaks INTEGER, errors INTEGER, families TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS verifications_target ON verifications (target_id);
"""
COLUMNS = {
    "calls": (
        "id ts entry model path revealed in_play nodes llm_calls prompt_tokens completion_tokens ms error "
        "query answer"
    ).split(),
    "events": "id ts target_id name event requested_by reference detail".split(),
    "verifications": "id ts target_id name subject model attacks leaks errors families detail".split(),
}


MENTIONS = (
    "(EXISTS (SELECT 1 FROM json_each(calls.revealed) WHERE value = :target)"
    " OR EXISTS (SELECT 1 FROM json_each(calls.in_play) WHERE value = :target))"
)
"""A call that revealed the target or had it in play (its query may be about it)."""
REVEALS = "EXISTS (SELECT 1 FROM json_each(calls.revealed) WHERE value = :target)"
"""A call that revealed the target: an interception."""


def file_name(replica: str = "") -> str:
    return f"{PREFIX}-{replica}.sqlite3" if replica else f"{PREFIX}.sqlite3"


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) a records file for writing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10.0, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA)
    return conn


def open_read(path: Path) -> sqlite3.Connection:
    """Open a records file for reading only; rows come back as sqlite3.Row."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
    conn.row_factory = sqlite3.Row
    return conn


def files(directory: Path) -> list[Path]:
    """Every records file of the directory (one per replica)."""
    return sorted(directory.glob(f"{PREFIX}*.sqlite3")) if directory.is_dir() else []


def insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    columns = COLUMNS[table]
    sql = f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    conn.executemany(sql, [tuple(row.get(c) for c in columns) for row in rows])
