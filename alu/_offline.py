"""Environment defaults that must be in place before litellm or langgraph are imported.

litellm fetches a model cost map over the network at import unless told to use its bundled copy, and
LangSmith tracing retries against an unreachable host for seconds. alu runs offline by default, so both are
switched off here unless the user has set them explicitly.
"""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LANGSMITH_TRACING", "false")
os.environ.setdefault("LANGCHAIN_TRACING_V2", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # chromadb's posthog telemetry
