"""The public records: targets going in, results and traces coming out."""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from alu.errors import InvalidTargetError, ModelError
from alu.text import normalize

AnswerPath = Literal["fast", "rewrite", "refuse"]
TargetKind = Literal["entity", "topic"]
FindingSource = Literal[
    "alias",
    "partial",
    "fuzzy",
    "context",
    "decoded",
    "similarity",
    "knowledge",
    "echo",
    "auditor",
    "credited",
]
MAX_TARGET_CHARS = 1_000_000
"""Characters of text in one target (every text field together): the one limit `forget`, the HTTP API and
every import apply, so whatever the store holds can be exported and imported again. A topic taught by a
question bank is large: 20% of WMDP-cyber as examples, with their options, is 301,000 characters; the HTTP
API's default body limit (`serve --max-body-bytes`, 1,000,000) is the same size. Documents count apart, up to
MAX_DOCUMENT_CHARS."""
MAX_DOCUMENT_CHARS = 20_000_000
"""Characters of a target's documents together: a forget corpus (a book series) is larger than the target's
other text. `forget` reads a document given as a file's path up to this size (alu.knowledge), and an export
writes the documents' text, so an import accepts as much (it refused what `--document` had stored)."""
STORED: dict[str, Any] = {"stored": True}
"""Validation context of a target read back from a store (`Target.model_validate(row, context=STORED)`): its
text went through these checks when it was written, so they are not run again (they were ~80% of reading
10,000 stored targets)."""


def name_key(name: str) -> str:
    """What makes two names the same target: equal up to case, spacing and Unicode compatibility forms
    (full-width letters, ligatures, composed vs decomposed accents). Punctuation, accents and marks such as
    the dakuten stay significant: `C++` is not `C`, `Zoë` is not `Zoe`, `パリ` is not `バリ`."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@lru_cache(maxsize=1 << 17)
def target_id(name: str) -> str:
    """Stable id of a target, derived from :func:`name_key`: the same name always maps to the same id (so
    re-importing a file is idempotent and two processes adding the same target cannot duplicate it), and
    distinct names never share one (a 128-bit hash). Stores written with the older, accent- and
    punctuation-folding ids are migrated when opened (see `alu.store`). Memoised: `Target.id` is derived on
    every use, and opening a 10,000-target store asked for each id three times (~0.2 s)."""
    return "t-" + hashlib.sha256(name_key(name).encode()).hexdigest()[:32]


def legacy_target_id(name: str) -> str:
    """The id older versions derived from the fully normalised name (it made `C++` and `C` collide)."""
    return "t-" + hashlib.sha256(normalize(name).encode()).hexdigest()[:20]


class Target(BaseModel):
    """Something the model must behave as if it never knew: a person, a work, a topic, a hazardous fact."""

    name: str = Field(description="Canonical name; matched in text (normalised) and embedded.")
    aliases: list[str] = Field(default_factory=list, description="Other names that identify the target.")
    description: str = Field("", description="What the target is; used for similarity screening and prompts.")
    tags: list[str] = Field(default_factory=list, description="Free labels, e.g. 'gdpr', 'tofu'.")
    kind: TargetKind | None = Field(
        None,
        description="'entity' (a person, a work, a place: its keys count like aliases) or 'topic' (a body of "
        "knowledge: its jargon counts only in context). Inferred from the name when omitted.",
    )
    examples: list[str] = Field(
        default_factory=list, description="Texts that reveal the target (questions, answers, passages)."
    )
    documents: list[str] = Field(
        default_factory=list,
        description="A forget corpus: texts, UTF-8 file paths or folders of them (read by `forget`), cut "
        "into sentences.",
    )
    keys: list[str] = Field(
        default_factory=list,
        description="Identifying keys (roles, titles, characters, places, jargon): matched in text like "
        "aliases for an entity, in context for a topic.",
    )
    extracted_keys: list[str] = Field(
        default_factory=list,
        description="Keys alu extracted from the description and documents (alu.keys); count in context.",
    )
    key_roles: dict[str, list[str]] = Field(
        default_factory=dict,
        exclude=True,
        repr=False,
        description="The roles in which the target's texts name its titles ('salt atlas': ['write']; "
        "alu.titles.title_roles): 'Who directed Little Women?' does not name the author of a book of that "
        "title. Derived when the target is written (not exported).",
    )
    lead: str = Field(
        "",
        exclude=True,
        repr=False,
        description="The opening sentence of the target's first document ('Alfred Bertram Guthrie Jr. "
        "(January 13, 1901 - April 26, 1991) was an American novelist'), derived when written (not "
        "exported): it says who the target is like a description does (alu.other_names, alu.positions, "
        "alu.feats).",
    )
    credited: list[str] = Field(
        default_factory=list,
        exclude=True,
        repr=False,
        description="The people a work's description credits with it ('francis ford coppola', 'marlon "
        "brando'; alu.keys.credited_people), normalised; none for a target that is not a work. Derived when "
        "written (not exported): written as the work's maker beside its kind and what its description says "
        "('Coppola's 1972 film'), they name it (alu.credited_works).",
    )
    probes: list[str] = Field(
        default_factory=list, description="Questions about the target (generated by expansion or by you)."
    )
    generated: list[str] = Field(
        default_factory=list,
        description="Which of the aliases, keys and probes the expansion agent proposed (the rest are the "
        "user's); shown by `alu targets show`, editable like the rest.",
    )
    expanded_at: float = Field(0.0, description="When the expansion agent or extractor last ran (0: never).")
    created_at: float = Field(default_factory=time.time)
    updated_at: float = Field(0.0, description="When a re-forget last merged new material in (0: never).")
    decision: str = Field(
        "", exclude=True, repr=False, description="The fitted per-target decision (alu.decision; derived)."
    )
    fitted_on: str = Field(
        "",
        exclude=True,
        repr=False,
        description="Which knowledge rows the decision was fitted on (alu.knowledge_write.rows_digest; "
        "derived; '' on rows written before it was recorded).",
    )
    requested_by: str = Field("", description="Who asked for the erasure (a person, team or authority).")
    reference: str = Field("", description="The request's reference, e.g. a ticket or case id.")
    _kind_given: bool = PrivateAttr(True)

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: Any, info: ValidationInfo) -> str:
        if _stored(info) and isinstance(value, str):
            return value
        if not isinstance(value, str):
            raise InvalidTargetError(f"target name must be a string, got {type(value).__name__}")
        value = _visible_name(value)
        if not value or not normalize(value):
            raise InvalidTargetError("target name is empty or has no letters or digits")
        return value

    @field_validator(
        "aliases",
        "tags",
        "examples",
        "documents",
        "keys",
        "extracted_keys",
        "probes",
        "generated",
        mode="before",
    )
    @classmethod
    def _check_strings(cls, value: Any, info: ValidationInfo) -> list[str]:
        if _stored(info) and isinstance(value, list):
            return value
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
            raise InvalidTargetError(
                f"{info.field_name} must be a list of strings, got {type(value).__name__}"
            )
        out: list[str] = []
        for item in value:
            if not isinstance(item, str):
                raise InvalidTargetError(f"aliases, tags and other text lists must be strings, got {item!r}")
            item = _visible_name(item) if info.field_name == "aliases" else " ".join(_unicode(item).split())
            if info.field_name == "aliases" and too_common_alias(item):
                raise InvalidTargetError(
                    f"alias {item!r} is one of the most common English words: every text would seem to name "
                    "the target; give a longer alias (a full name or a phrase)"
                )
            if item and normalize(item) and item not in out:
                out.append(item)
        return out

    @field_validator("description", "requested_by", "reference", mode="before")
    @classmethod
    def _check_description(cls, value: Any, info: ValidationInfo) -> str:
        if _stored(info) and isinstance(value, str):
            return value
        if value is None:
            return ""
        if not isinstance(value, str):
            raise InvalidTargetError(f"{info.field_name} must be a string, got {type(value).__name__}")
        return _unicode(value).strip()

    @model_validator(mode="after")
    def _check_size(self, info: ValidationInfo) -> Target:
        if _stored(info):
            return self
        size = sum(_text_size(getattr(self, name)) for name in type(self).model_fields if name != "documents")
        if size > MAX_TARGET_CHARS:
            raise InvalidTargetError(
                f"target {self.name[:40]!r} holds {size} characters of text; at most {MAX_TARGET_CHARS} "
                "(name, aliases, description and the other text fields together; documents apart)"
            )
        if (documents := _text_size(self.documents)) > MAX_DOCUMENT_CHARS:
            raise InvalidTargetError(
                f"target {self.name[:40]!r} holds {documents} characters of documents; at most "
                f"{MAX_DOCUMENT_CHARS}"
            )
        return self

    @model_validator(mode="after")
    def _infer_kind(self) -> Target:
        if self.kind is None:
            self.kind = infer_kind(self.name)
            self._kind_given = False
        return self

    @property
    def kind_given(self) -> bool:
        """False when `kind` was inferred from the name (a re-forget then keeps the stored kind)."""
        return self._kind_given

    @property
    def id(self) -> str:
        return target_id(self.name)

    @property
    def names(self) -> list[str]:
        """Name followed by aliases: every surface form that identifies the target."""
        return [self.name, *[a for a in self.aliases if normalize(a) != normalize(self.name)]]

    @property
    def described(self) -> tuple[str, ...]:
        """The texts that say who the target is: its description and its first document's opening sentence."""
        return tuple(text for text in (self.description, self.lead) if text)

    def embedding_text(self) -> str:
        text = self.name
        if self.aliases:
            text += " (" + ", ".join(self.aliases) + ")"
        if self.description:
            text += ": " + self.description
        return text


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context) and bool(info.context.get("stored"))


def infer_kind(name: str) -> TargetKind:
    """A proper name ('Maren Olvhagen', 'The Salt Atlas') is an entity; a phrase with a lowercase content word
    ('biological toxins', 'Reverse genetics of viruses') names a topic."""
    words = [w for w in name.split() if len(w) >= 4 and w[0].isalpha()]
    return "topic" if any(w[0].islower() for w in words) else "entity"


def _text_size(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(_text_size(v) for v in value)
    return 0


_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u200b\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
"""Characters a name never shows: zero-width spaces, soft hyphens, direction marks and overrides. Left in,
'Zero Width' and 'Zero\u200bWidth' were two targets that look the same, and an override can make a name read
backwards on screen. Joiners (U+200C, U+200D) stay: Persian and Indic names need them."""


COMMON_ALIAS_ZIPF = 6.5
"""English word frequency (Zipf scale) from which a one-word alias is refused: 'the', 'of', 'a', 'it', 'he',
'they' (the ~60 most frequent words); 'will' (6.45), 'May' and 'Bill' stay allowed."""


def too_common_alias(alias: str) -> bool:
    """Whether an alias is one word among the most common of English: as an alias it would name the target in
    nearly every text, and screening would refuse ordinary questions."""
    from alu.keys import zipf

    words = normalize(alias).split()
    return len(words) == 1 and zipf(words[0]) >= COMMON_ALIAS_ZIPF


def _visible_name(value: str) -> str:
    """A name or alias as shown: invisible characters dropped, spacing collapsed; control characters (NUL,
    escape sequences) are refused, since they would reach terminals and files as they are."""
    value = " ".join(_unicode(value).translate(_INVISIBLE).split())
    if bad := next((c for c in value if unicodedata.category(c) == "Cc"), None):
        raise InvalidTargetError(f"a target name holds a control character (U+{ord(bad):04X}); remove it")
    return value


def _unicode(text: str) -> str:
    """Reject text that cannot be stored or embedded (lone surrogates, e.g. from a bad JSON escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidTargetError(
            "text is not valid Unicode: it holds a lone surrogate, which is what input that is not UTF-8 "
            "(e.g. Latin-1 bytes) becomes; give UTF-8 text"
        ) from None
    return text


class LeakFinding(BaseModel):
    """Evidence that a text reveals a target."""

    target: str = Field(description="Target name.")
    source: FindingSource = Field(
        description="Which check found it ('partial': a partial name or quoted title of a target in play; "
        "'context': a one-word name that could be a namesake, decided by what the text says about it; "
        "'decoded': the name in a decoded or transformed reading of the text; "
        "'knowledge': the target's fitted decision over its examples, documents and probes; "
        "'echo': the answer repeats facts the user pasted about a target in play; "
        "'credited': a work written as by a person it credits, with its kind and what its description says: "
        '"Coppola\'s 1972 film").'
    )
    where: Literal["query", "answer", "candidate", "final"] = Field(description="Which text it was found in.")
    evidence: str = Field("", description="Matched span or auditor reason (never the hidden description).")
    score: float = Field(1.0, description="1.0 for exact hits; similarity or fuzzy score otherwise.")


class CandidateRating(BaseModel):
    """One sanitised candidate answer and the critic's verdict on it."""

    index: int
    text: str
    rating: int = Field(ge=1, le=5, description="1 = reveals the target, 5 = forgotten and still helpful.")
    reason: str = ""
    forced: bool = Field(False, description="True when the deterministic leak check overrode the critic.")


class TraceEntry(BaseModel):
    """What one node of the graph did."""

    node: str
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ms: float = 0.0
    outcome: str = ""
    detail: dict[str, Any] = Field(default_factory=dict)


class Result(BaseModel):
    """The answer alu returns, with everything needed to evaluate or debug it."""

    text: str = Field(description="The final answer shown to the user.")
    path: AnswerPath = Field(
        description="fast: vanilla answer unchanged; rewrite: sanitised; refuse: refusal."
    )
    leaked: list[str] = Field(
        default_factory=list, description="Targets the vanilla answer or query revealed."
    )
    vanilla: str = Field("", description="The unaudited answer of the wrapped model (for evaluation only).")
    candidates: list[str] = Field(default_factory=list, description="Targets screening put in play.")
    findings: list[LeakFinding] = Field(default_factory=list)
    ratings: list[CandidateRating] = Field(default_factory=list)
    trace: list[TraceEntry] = Field(default_factory=list)
    error: str | None = Field(None, description="Set when an agent failed and the fail policy decided.")
    _exception: ModelError | None = PrivateAttr(None)

    @property
    def exception(self) -> ModelError | None:
        """The exception behind `error` (the provider's own exception is its `__cause__`), in the process that
        produced this Result only: it is not part of the Result's JSON."""
        return self._exception

    @property
    def llm_calls(self) -> int:
        """Requests sent to models: every attempt, retried or failed, counts."""
        return sum(int(t.detail.get("attempts", 1)) for t in self.trace if t.model)

    @property
    def prompt_tokens(self) -> int:
        return sum(t.prompt_tokens for t in self.trace)

    @property
    def completion_tokens(self) -> int:
        return sum(t.completion_tokens for t in self.trace)

    @property
    def ms(self) -> float:
        return sum(t.ms for t in self.trace)

    @property
    def finish_reason(self) -> str:
        """OpenAI-style: "length" when the text is the model's own answer and max_tokens cut it off; "stop"
        otherwise (a rewrite or refusal is alu's complete answer)."""
        if self.path != "fast":
            return "stop"
        vanilla = next((t for t in self.trace if t.node == "vanilla" and t.model), None)
        return "length" if vanilla is not None and vanilla.detail.get("finish_reason") == "length" else "stop"


def as_target(item: Target | str | dict[str, Any]) -> Target:
    """Build a Target from a name, a dict or a Target, turning validation failures into InvalidTargetError."""
    from pydantic import ValidationError

    if isinstance(item, Target):
        return item
    if isinstance(item, str):
        item = {"name": item}
    if not isinstance(item, dict):
        raise InvalidTargetError(f"a target must be a name, a mapping or a Target, got {type(item).__name__}")
    try:
        return Target.model_validate(item)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'target'}: {str(e['msg']).removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise InvalidTargetError(f"invalid target {_shown(item.get('name'))}: {problems}") from None


def _shown(name: Any) -> str:
    """A name for an error message, cut short: the message must stay one readable line."""
    text = repr(name)
    return text if len(text) <= 60 else text[:57] + "..."
