"""The background writer: log rows leave the answer path through a bounded queue.

A call only builds a small dict and puts it in the queue (no I/O, no lock held while writing). One daemon
thread per records file writes batches in single transactions. When the queue is full, the disk is full or
the file is read-only, rows are dropped and ONE warning is logged per writer; answers never wait for, or fail
because of, the log. Rows still queued at interpreter exit are written (bounded wait)."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import sqlite3
import threading
from pathlib import Path
from typing import Any

from alu.records import db

log = logging.getLogger("alu.records")

QUEUE_SIZE = 10_000
BATCH = 500
EXIT_WAIT_S = 5.0
IDLE_S = 2.0
"""A writer thread with nothing to write for this long closes its file and ends; the next row starts one."""


class Writer:
    """Writes rows of the records tables to one SQLite file, off the caller's thread."""

    def __init__(self, path: Path, maxsize: int = QUEUE_SIZE) -> None:
        self.path = path
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | threading.Event] = queue.Queue(maxsize)
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None
        self._conn: sqlite3.Connection | None = None
        self.warned = False
        self.dropped = 0

    def put(self, table: str, row: dict[str, Any]) -> None:
        """Queue one row; never blocks, never raises."""
        try:
            self._queue.put_nowait((table, row))
        except queue.Full:
            self._drop(1, "the write queue is full (the disk cannot keep up)")
        self._ensure_thread()

    def flush(self, timeout_s: float = EXIT_WAIT_S) -> bool:
        """Wait until every row queued before this call is written (or dropped); False on timeout."""
        if self._thread is None and self._queue.empty():
            return True
        done = threading.Event()
        try:
            self._queue.put(done, timeout=timeout_s)
        except queue.Full:
            return False
        self._ensure_thread()
        return done.wait(timeout_s)

    def _ensure_thread(self) -> None:
        """Start the writer thread unless it runs. Under the lock the thread also decides to end, so a row
        queued while it ends is never left behind."""
        with self._start:
            if self._thread is None:
                thread = threading.Thread(target=self._loop, name="alu-records", daemon=True)
                self._thread = thread
                thread.start()

    def _idle_end(self) -> bool:
        with self._start:
            if not self._queue.empty():
                return False
            self._thread = None
            conn, self._conn = self._conn, None  # a thread started from now on opens its own
        if conn is not None:  # outside the lock: closing may checkpoint the WAL; `put` must never wait for it
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        return True

    def _loop(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=IDLE_S)
            except queue.Empty:
                if self._idle_end():
                    return
                continue
            batch = [first]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            rows = [item for item in batch if not isinstance(item, threading.Event)]
            if rows:
                self._write(rows)
            for item in batch:
                if isinstance(item, threading.Event):
                    item.set()

    def _write(self, rows: list[tuple[str, dict[str, Any]]]) -> None:
        by_table: dict[str, list[dict[str, Any]]] = {}
        for table, row in rows:
            by_table.setdefault(table, []).append(row)
        try:
            if self._conn is None:
                self._conn = db.connect(self.path)
            with self._conn:
                self._conn.execute("BEGIN")
                for table, items in by_table.items():
                    db.insert(self._conn, table, items)
        except (sqlite3.Error, OSError) as exc:
            self._close()  # reopened on the next batch: a disk that has room again is used again
            self._drop(len(rows), str(exc))

    def _close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def _drop(self, n: int, why: str) -> None:
        self.dropped += n
        if not self.warned:
            self.warned = True
            log.warning(
                "alu decision log %s: %s; log rows are dropped (answers are not affected). "
                "This warning is shown once.",
                self.path,
                why,
            )


_WRITERS: dict[tuple[int, Path], Writer] = {}
_LOCK = threading.Lock()


def writer_for(path: Path) -> Writer:
    """The one writer of this process for a records file (a forked worker gets its own)."""
    key = (os.getpid(), path)
    writer = _WRITERS.get(key)
    if writer is None:
        with _LOCK:
            writer = _WRITERS.get(key)
            if writer is None:
                if not _WRITERS:
                    atexit.register(flush_all)
                writer = _WRITERS[key] = Writer(path)
    return writer


def flush_all(timeout_s: float = EXIT_WAIT_S) -> None:
    """Write what is queued in every writer of this process (the CLI exits right after its call)."""
    for (pid, _), writer in list(_WRITERS.items()):
        if pid == os.getpid():
            writer.flush(timeout_s)
