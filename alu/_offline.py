"""Process-wide defaults alu sets only when it owns the process (the `alu` CLI and `alu serve`).

`import alu` changes nothing in its host: litellm's cost map, LangSmith tracing and litellm's console hints
are the host's to choose. When alu *is* the program it runs offline by default, so it pins litellm's bundled
cost map (litellm otherwise fetches it over the network at import, retrying for seconds when offline), keeps
LangSmith tracing and chromadb telemetry off unless the user set them, and quiets litellm's "Give Feedback"
banner on every failed call. A library user who wants the same sets these variables before importing
litellm (see README, "Using alu as a library")."""

from __future__ import annotations

import os
import sys

PROCESS_DEFAULTS = {
    "LITELLM_LOCAL_MODEL_COST_MAP": "True",
    "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb's posthog telemetry
}


def own_process() -> None:
    """Apply the defaults (the user's own environment wins). Call before litellm is imported."""
    for name, value in PROCESS_DEFAULTS.items():
        os.environ.setdefault(name, value)


def quiet_litellm() -> None:
    """Once litellm is loaded (it is, by the time a CLI command builds its Unlearner): no banners."""
    litellm = sys.modules.get("litellm")
    if litellm is not None:
        litellm.suppress_debug_info = True
