"""Settings, from keyword arguments, environment variables prefixed ``ALU_`` and a ``.env`` file."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from alu.errors import ConfigError
from alu.model_names import DEFAULT_MODEL

DEFAULT_STORE = "~/.alu/store"
DEFAULT_REFUSAL = "I'm sorry, but I can't help with that."


class Settings(BaseSettings):
    """Every knob of alu. Paper defaults (k=5, j=3, tau=4.0) come from the ALU reference code."""

    model_config = SettingsConfigDict(env_prefix="ALU_", env_file=".env", extra="ignore")

    model: str = Field(
        DEFAULT_MODEL, description="litellm model string that answers questions (the subject)."
    )
    agent_model: str | None = Field(
        None, description="Model for auditor, eraser, critic and composer; defaults to `model`."
    )
    store: str = Field(
        DEFAULT_STORE, description="Chroma directory, or http(s)://host:port of a Chroma server."
    )
    collection: str = Field("alu_targets", description="Chroma collection holding the forget targets.")
    mode: Literal["alu", "paper"] = Field(
        "alu",
        description="'alu': screening + fast path; "
        "'paper': every target in every prompt, agents on every query.",
    )

    judges: Literal["auto", "llm", "deterministic"] = Field(
        "auto",
        description="Who audits, rewrites and rates: LLM agents, or deterministic rules (name and similarity "
        "checks, sentence redaction). 'auto' uses rules when the agent model is the tiny embedded model, "
        "which cannot judge reliably, and LLM agents otherwise.",
    )
    unknown_text: str = Field(
        "I'm not familiar with that.",
        description="What the deterministic eraser answers when nothing of the draft survives redaction.",
    )
    k: int = Field(5, ge=1, le=10, description="Sanitised candidate answers the eraser writes.")
    j: int = Field(3, ge=1, le=10, description="Best-rated candidates the composer merges.")
    tau: float = Field(
        4.0, ge=1.0, le=5.0, description="Mean critic rating of the top-j below which alu refuses."
    )
    m: int = Field(8, ge=1, le=100, description="Nearest targets fetched from the store per screened text.")
    screen_threshold: float = Field(
        0.47,
        ge=0.0,
        le=1.0,
        description="Cosine similarity above which a target becomes a candidate, with up to 20 targets in "
        "the store (see screen_growth). Calibrated on TOFU with `alu bench calibrate` (the 20 forget10 "
        "authors as targets): 1.5% of questions about them missed by similarity with names kept (names are "
        "matched anyway), 71% with names masked; candidates on 7% of retain, 0% of world_facts and 5% of "
        "real_authors questions.",
    )
    screen_growth: float = Field(
        0.05,
        ge=0.0,
        le=0.5,
        description="How much screen_threshold rises per tenfold more targets than the 20 it was calibrated "
        "with (0.56 at 1,000 targets, 0.61 at 10,000, as `alu bench calibrate --fill` chose): the nearest of "
        "many unrelated targets is closer to any text. 0 keeps the threshold fixed (more auditor calls on "
        "unrelated questions at scale, more questions caught by similarity alone).",
    )
    # Measured with the 200 TOFU authors in the store, on the forget10 question/answer pairs at threshold
    # 0.45: other authors made candidates fell from 1.97 to 0.32 per pair with the margin, while recall on
    # pairs with the author's name masked went from 39.5% to 38.8%.
    screen_margin: float = Field(
        0.10,
        ge=0.0,
        le=1.0,
        description="A target becomes a candidate by similarity only within this much of the best match: the "
        "closest target explains the text, others that merely share its domain are noise.",
    )
    strong_threshold: float = Field(
        0.70,
        ge=0.0,
        le=1.0,
        description="Cosine similarity above which a candidate counts as revealed without the auditor.",
    )
    knowledge_m: int = Field(
        16,
        ge=1,
        le=200,
        description="Nearest knowledge vectors (description sentences, examples, document chunks, probes of "
        "all targets) fetched per screened text; each target among them gets its fitted decision applied.",
    )
    topic_audit: Literal["screened", "always"] = Field(
        "screened",
        description="With LLM judges, which questions the auditor judges against topic targets: 'screened' "
        "those in a topic's gray zone (its fitted decision did not fire, but fewer than 5% of generic "
        "questions score as high); 'always' also every question, with every topic target listed, in one "
        "auditor call made while the model answers (no added latency; for stores with a few topic targets).",
    )
    expand_on_forget: Literal["auto", "on", "off"] = Field(
        "auto",
        description="Expand each target once when it is forgotten (aliases, identifying keys and probe "
        "questions, as `alu targets expand` does): 'auto' when an agent model can judge (one expansion "
        "call per new target), 'on' also offline (the extractor's probes from the target's sentences), 'off' "
        "never (expand later with `alu targets expand`).",
    )
    fuzzy_threshold: float = Field(
        90.0, ge=50.0, le=100.0, description="rapidfuzz score (0-100) for a fuzzy alias hit on a candidate."
    )
    echo_words: int = Field(
        6,
        ge=0,
        description="When a target is in play, an answer may not repeat this many words in a row from the "
        "user's own messages: users who paste a forgotten target's facts do not get them back. 0 disables.",
    )

    fail_policy: Literal["refuse", "raise", "vanilla"] = Field(
        "refuse",
        description="What happens when an agent still fails after retries: refuse (fail closed), raise, or "
        "return the unaudited vanilla answer (fail open; not recommended).",
    )
    refusal_text: str = Field(DEFAULT_REFUSAL, description="Answer given when alu refuses.")
    system_prompt: str = Field(
        "",
        description="The operator's instructions to the answering model, sent first as a system message and "
        "never screened. System messages sent by clients of `alu serve` and the wrappers are screened like "
        "what the user says.",
    )

    temperature: float = Field(0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(
        256,
        ge=1,
        description="Completion limit of the vanilla answer in ask/chat (wrappers send the caller's only).",
    )
    agent_max_tokens: int = Field(512, ge=16, description="Completion limit for agent calls.")
    timeout_s: float = Field(60.0, gt=0, description="Per-call model timeout.")
    retries: int = Field(3, ge=1, le=10, description="Attempts per model call (transient errors, bad JSON).")
    store_timeout_s: float = Field(5.0, gt=0, description="How long to wait for a Chroma server to answer.")
    batch_size: int = Field(256, ge=1, description="Targets written to the store per batch.")

    records: str = Field(
        "",
        description="Directory of the erasure records (decision log, target history, verifications; SQLite). "
        "Empty: beside a local store (<store>.records), ~/.alu/records with a Chroma server. 'off': keep no "
        "records.",
    )
    records_replica: str = Field(
        "",
        pattern=r"^[A-Za-z0-9_.-]*$",
        description="Name of this process's records file (decisions-<name>.sqlite3). Processes on one host "
        "can share the default file; replicas on other hosts writing to a shared directory each need their "
        "own name. `alu runs` reads every file of the directory.",
    )
    log_content: bool = Field(
        False,
        description="Also keep the query and the final answer text in the decision log. Off by default: a "
        "log of the questions about a forgotten target would keep what was forgotten.",
    )
    records_purge_on_withdraw: bool = Field(
        False,
        description="Withdrawing a target also deletes the decision rows that revealed it or had it in play "
        "(its history stays). `alu runs purge NAME` does it on demand.",
    )

    @field_validator("store")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if "://" in value and not value.startswith(("http://", "https://")):
            scheme = value.split("://", 1)[0]
            raise ValueError(
                f"unknown store URL scheme {scheme!r}: use a directory path or http(s)://host:port"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.j > self.k:
            raise ValueError(f"j ({self.j}) cannot exceed k ({self.k}): the composer merges the top-j of k")
        if self.strong_threshold < self.screen_threshold:
            raise ValueError("strong_threshold must be >= screen_threshold")
        return self

    @property
    def judge_model(self) -> str:
        return self.agent_model or self.model

    @property
    def llm_judges(self) -> bool:
        if self.judges == "auto":
            return not self.judge_model.startswith("local/")
        return self.judges == "llm"

    @property
    def judges_label(self) -> str:
        """Which judges decide, as reports name them."""
        return f"LLM judges ({self.judge_model})" if self.llm_judges else "rule judges (no model call)"

    @property
    def expands_on_forget(self) -> bool:
        """Whether forgetting expands targets; never in paper mode, which screens nothing (every target goes
        into every prompt)."""
        if self.mode == "paper":
            return False
        return self.expand_on_forget == "on" or (self.expand_on_forget == "auto" and self.llm_judges)

    @property
    def is_remote_store(self) -> bool:
        return self.store.startswith(("http://", "https://"))

    @property
    def store_path(self) -> Path:
        return Path(self.store).expanduser()


def resolve_settings(settings: Settings | None = None, **overrides: Any) -> Settings:
    """`settings` (default: from the environment) with `overrides` applied and validated; ConfigError names
    every invalid setting. An override that is not a setting is an error too (a misspelt knob silently ignored
    would leave the user believing it took effect)."""
    unknown_settings(overrides)
    try:
        resolved = settings or Settings()
        if overrides:  # model_copy does not validate: re-validate the merged values
            resolved = Settings.model_validate(resolved.model_copy(update=overrides).model_dump())
    except ValidationError as exc:
        problems = "; ".join(settings_problem(e) for e in exc.errors())
        raise ConfigError(f"invalid settings: {problems}") from None
    return resolved


def unknown_settings(overrides: dict[str, Any]) -> None:
    """Raise ConfigError naming each override that is not a setting, with the closest setting's name."""
    known = list(Settings.model_fields)
    unknown = [name for name in overrides if name not in Settings.model_fields]
    if not unknown:
        return
    problems = []
    for name in unknown:
        close = difflib.get_close_matches(name, known, n=1)
        problems.append(f"{name}: not a setting" + (f" (did you mean {close[0]!r}?)" if close else ""))
    raise ConfigError(f"invalid settings: {'; '.join(problems)}")


def settings_problem(error: Any) -> str:
    """One readable line per invalid setting: which one, what is wrong, what was given."""
    where = ".".join(map(str, error["loc"]))
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    shown = f" (got {given!r})" if where and isinstance(given, (str, int, float)) else ""
    return f"{where}: {message}{shown}" if where else message
