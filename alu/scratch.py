"""Throw-away stores for demos, evaluations and benchmarks: removed afterwards together with the decision
log that an Unlearner keeps beside a local store (``<store>.records``)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scratch_store(prefix: str = "alu-") -> Iterator[str]:
    """A temporary store folder, removed on exit with its records."""
    folder = tempfile.mkdtemp(prefix=prefix)
    try:
        yield folder
    finally:
        from alu.records.writer import flush_all

        flush_all()  # a row still queued would recreate the records folder after it is removed
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(f"{folder}.records", ignore_errors=True)


@contextmanager
def given_or_scratch_store(store: str | None, prefix: str = "alu-") -> Iterator[str]:
    """The caller's store, left as it is, or a scratch store when none is given."""
    if store:
        yield store
        return
    with scratch_store(prefix) as folder:
        yield folder
