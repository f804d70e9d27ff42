"""The `alu` command line. Every command calls the same SDK methods a Python user would."""

from __future__ import annotations

from alu._offline import own_process

own_process()  # the CLI (and `alu serve`) owns its process: offline defaults before litellm loads

from alu.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]
