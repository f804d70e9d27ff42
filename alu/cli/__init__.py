"""The `alu` command line. Every command calls the same SDK methods a Python user would."""

from __future__ import annotations

from alu.cli.app import app, main

__all__ = ["app", "main"]
