"""Erasure records: a decision log of every call, target history and verifications, in SQLite.

`Records` writes (through one background writer per file), `alu.records.query` reads (every file of the
records directory, so replicas that each write their own file are read as one log), `entry_point` names who
is calling (sdk, cli, server, wrapper, guardrail)."""

from alu.records.entry import entry_point
from alu.records.log import Records

__all__ = ["Records", "entry_point"]
