"""`Records`: what the SDK writes to the records directory (decision rows, target events, verifications).

No query or answer text is stored unless `log_content` is on: a log that kept the forgotten facts would
re-create them. Target ids (not names) identify what a call revealed or put in play."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alu.config import Settings
from alu.errors import RecordsError
from alu.records import db
from alu.records.entry import ENTRY
from alu.records.writer import writer_for
from alu.types import Result, Target

DEFAULT_REMOTE_DIR = "~/.alu/records"


def records_dir(settings: Settings) -> Path | None:
    """Where the records of these settings live; None when the log is off."""
    if settings.records.strip().lower() == "off":
        return None
    if settings.records.strip():
        return Path(settings.records).expanduser()
    if settings.is_remote_store:
        return Path(DEFAULT_REMOTE_DIR).expanduser()
    store = settings.store_path
    return store.with_name(store.name + ".records")


def new_id() -> str:
    return uuid.uuid4().hex[:16]


class Records:
    """The records of one Unlearner. Writing never raises and never waits for the disk."""

    def __init__(self, settings: Settings) -> None:
        self.directory = records_dir(settings)
        self.log_content = settings.log_content
        self.purge_on_withdraw = settings.records_purge_on_withdraw
        self._path = self.directory / db.file_name(settings.records_replica) if self.directory else None

    @property
    def enabled(self) -> bool:
        return self._path is not None

    def _put(self, table: str, row: dict[str, Any]) -> None:
        if self._path is not None:
            writer_for(self._path).put(table, row)

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Wait until this process's rows are on disk (readers in the same process call it first)."""
        return writer_for(self._path).flush(timeout_s) if self._path is not None else True

    # -- decisions ----------------------------------------------------------------------------------
    def call(
        self,
        *,
        model: str,
        query: str,
        ms: float,
        result: Result | None = None,
        revealed: Iterable[str] = (),
        in_play: Iterable[str] = (),
        error: BaseException | None = None,
    ) -> None:
        """One row for one answered (or failed) call. `revealed` and `in_play` are target ids."""
        if self._path is None:
            return
        trace = result.trace if result is not None else []
        row = {
            "id": new_id(),
            "ts": time.time(),
            "entry": ENTRY.get(),
            "model": model,
            "path": result.path if result is not None else None,
            "revealed": json.dumps(list(revealed)),
            "in_play": json.dumps(list(in_play)),
            "nodes": json.dumps([[t.node, t.outcome] for t in trace], ensure_ascii=False),
            "llm_calls": result.llm_calls if result is not None else 0,
            "prompt_tokens": result.prompt_tokens if result is not None else 0,
            "completion_tokens": result.completion_tokens if result is not None else 0,
            "ms": round(ms, 3),
            "error": _error_class(result, error),
        }
        if self.log_content:
            row["query"] = query
            row["answer"] = result.text if result is not None else None
        self._put("calls", row)

    # -- targets ------------------------------------------------------------------------------------
    def targets(self, event: str, targets: Iterable[Target], **detail: Any) -> None:
        """History events (forgotten, requested, changed, expanded, withdrawn) with the request metadata."""
        now = time.time()
        for t in targets:
            self._put(
                "events",
                {
                    "id": new_id(),
                    "ts": now,
                    "target_id": t.id,
                    "name": t.name,
                    "event": event,
                    "requested_by": t.requested_by,
                    "reference": t.reference,
                    "detail": json.dumps(detail, ensure_ascii=False, default=str),
                },
            )

    def verification(self, target: Target, summary: dict[str, Any]) -> None:
        """The outcome of `alu verify` for one target (see alu.records.verify.summarise)."""
        self._put(
            "verifications",
            {
                "id": new_id(),
                "ts": summary["ts"],
                "target_id": target.id,
                "name": target.name,
                "subject": summary["subject"],
                "model": summary["model"],
                "attacks": summary["attacks"],
                "leaks": summary["leaks"],
                "errors": summary["errors"],
                "families": json.dumps(summary["families"]),
                "detail": json.dumps(summary.get("detail") or {}, ensure_ascii=False),
            },
        )

    def purge(self, target_id: str) -> int:
        """Delete the decision rows that revealed or had in play the target, in every file of the
        directory, and return how many; the target's history and verifications stay (they are the erasure
        record). Raises RecordsError when a file cannot be changed."""
        if self.directory is None:
            return 0
        self.flush()
        deleted = 0
        for path in db.files(self.directory):
            try:
                conn = db.connect(path)
                try:
                    with conn:
                        deleted += conn.execute(
                            f"DELETE FROM calls WHERE {db.MENTIONS}", {"target": target_id}
                        ).rowcount
                finally:
                    conn.close()
            except (sqlite3.Error, OSError) as exc:
                raise RecordsError(f"could not purge decision rows from {path}: {exc}") from exc
        return deleted


def _error_class(result: Result | None, error: BaseException | None) -> str | None:
    if error is not None:
        return type(error).__name__
    if result is not None and result.error:
        return "ModelError"  # the graph keeps only a model failure that the fail policy then decided
    return None
