"""Process-wide defaults alu sets only when it owns the process (the `alu` CLI and `alu serve`).

`import alu` changes nothing in its host: litellm's cost map, LangSmith tracing and litellm's console hints
are the host's to choose. When alu *is* the program it runs offline by default, so it pins litellm's bundled
cost map (litellm otherwise fetches it over the network at import, retrying for seconds when offline), keeps
LangSmith tracing and chromadb telemetry off unless the user set them, and quiets litellm's "Give Feedback"
banner on every failed call. A library user who wants the same sets these variables before importing
litellm (see README, "Using alu as a library"). It also skips the `overrides` package's signature checks of
chromadb's classes (see :func:`before_chromadb`)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from typing import Any

PROCESS_DEFAULTS = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb's posthog telemetry
}


_owned = False


def own_process() -> None:
    """Apply the defaults (the user's own environment wins). Call before litellm is imported."""
    global _owned
    _owned = True
    for name, value in PROCESS_DEFAULTS.items():
        os.environ.setdefault(name, value)
    _quiet_litellm_once_loaded()


def _quiet_litellm_once_loaded() -> None:
    """Quiet litellm the moment its import completes. litellm prints its hints with `print`, to stdout
    ("Provider List: …" when a model string names no provider it knows), where `--json` output goes, and the
    first thing that imports it (checking the model string, inside `Unlearner(...)`) already triggers that
    hint, before any command could quiet it: no switch set after the fact is early enough."""
    if "litellm" in sys.modules:
        quiet_litellm()
    elif not any(isinstance(finder, _QuietOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _QuietOnImport())


class _QuietOnImport:
    """An import hook for `litellm` alone: it finds the module as the other finders would and has its loader
    run `quiet_litellm` right after the module's own code (which sets `suppress_debug_info = False`). It
    removes itself on first use, so every later import costs nothing."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "litellm":
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        loader = getattr(spec, "loader", None)
        run = getattr(loader, "exec_module", None)
        if run is None:
            return spec

        def run_then_quiet(module: Any) -> None:
            run(module)
            vars(loader).pop("exec_module", None)
            quiet_litellm()  # the module is in sys.modules while its code runs, and after

        with contextlib.suppress(AttributeError):  # a loader that takes no attribute stays as it is
            loader.exec_module = run_then_quiet
        return spec


def before_chromadb() -> None:
    """Called before alu first imports chromadb. In a process alu owns, chromadb's classes are created
    without the `overrides` package's checks: its `@override` decorator disassembles the calling frame and
    compares each of ~160 chromadb methods' signatures with the base class's when the class is created, a
    check of chromadb's own code (its test suite runs it) that cost every `alu targets add|remove` 0.1-0.25 s
    of CPU. The decorator still marks each method as an override, as chromadb's `EnforceOverrides` classes
    require. A library host's `overrides` is left alone."""
    if not _owned or "chromadb" in sys.modules:
        return
    try:
        import overrides
        import overrides.overrides as module
    except ImportError:  # chromadb without it: nothing to skip
        return
    overrides.override = overrides.overrides = module.override = module.overrides = _marked


def _marked(method: Any = None, **_: Any) -> Any:
    """`overrides.override` without its signature check: marks the method (or, called with options only,
    returns itself as the decorator)."""
    if method is None:
        return _marked
    method.__override__ = True
    return method


def quiet_litellm() -> None:
    """Once litellm is loaded (it is, by the time a CLI command builds its Unlearner): no banners."""
    litellm = sys.modules.get("litellm")
    if litellm is not None:
        litellm.suppress_debug_info = True
