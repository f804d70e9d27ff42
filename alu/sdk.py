"""`Unlearner`: the object users hold. The CLI and the server call the same methods."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from alu.config import Settings, resolve_settings
from alu.errors import ModelError
from alu.model_names import check_model
from alu.openai_shapes import check_text_answer, content_text
from alu.records import Records
from alu.state import PipelineState
from alu.store import AddReport, ForgetStore
from alu.types import Result, Target, as_target

if TYPE_CHECKING:  # the graph, the screener and litellm are imported when the first answer needs them
    from alu.graph import Pipeline
    from alu.screen import Screener

R = TypeVar("R")
log = logging.getLogger(__name__)

UNSUPPORTED = {
    "tools": "tool calls",
    "functions": "function calls",
    "tool_choice": "tool calls",
    "function_call": "function calls",
}
"""Options whose answer is not one text: alu cannot audit it, and must not pass it on unaudited."""


class _BackgroundLoop:
    """One event loop on a daemon thread that every sync call runs on.

    A fresh loop per call (asyncio.run) would leave litellm's pooled HTTP sessions bound to dead loops:
    "Unclosed client session" warnings on every call and new connections each time (measured p50 54 ms
    against 34 ms for the same call with one loop kept alive). It also lets sync calls come from inside a
    running loop (notebooks)."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def run(self, coro: Coroutine[Any, Any, R]) -> R:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="alu-sync", daemon=True).start()
                atexit.register(self._shutdown, self._loop)
            loop = self._loop
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result()
        except BaseException:  # Ctrl-C in the caller: stop the work, don't leave it running behind
            future.cancel()
            raise

    @staticmethod
    def _shutdown(loop: asyncio.AbstractEventLoop) -> None:
        """Cancel what still runs there (litellm's logging worker) so exit is quiet, then stop the loop."""

        async def cancel_rest() -> None:
            rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in rest:
                task.cancel()
            await asyncio.gather(*rest, return_exceptions=True)

        if loop.is_running():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(cancel_rest(), loop).result(timeout=2)
            loop.call_soon_threadsafe(loop.stop)


_run_sync = _BackgroundLoop().run


def _validate_messages(messages: Any) -> list[dict[str, Any]]:
    """The conversation with each message's content as one string (text parts joined, see
    `alu.openai_shapes.content_text`); a ValueError saying what is wrong otherwise."""
    if not isinstance(messages, list) or not messages:
        raise ValueError("messages must be a non-empty list of {'role': ..., 'content': ...} dicts")
    messages = [_text_message(i, m) for i, m in enumerate(messages)]
    users = [m for m in messages if m["role"] == "user"]
    if not users:
        raise ValueError("messages must contain at least one user message")
    if not (users[-1].get("content") or "").strip():
        raise ValueError("the last user message is empty: there is nothing to answer")
    return messages


def _text_message(i: int, message: Any) -> dict[str, Any]:
    if not isinstance(message, dict) or message.get("role") not in (
        "system",
        "user",
        "assistant",
        "tool",
        "developer",
    ):
        raise ValueError(f"messages[{i}] needs a 'role' of system, user, assistant, tool or developer")
    try:
        content = content_text(message.get("content"))
    except ValueError as exc:
        raise ValueError(f"messages[{i}]['content']: {exc}") from None
    if not _valid_unicode(content or ""):
        raise ValueError(not_utf8(f"messages[{i}]['content']"))
    return message if content is message.get("content") else {**message, "content": content}


def _turns_after(messages: list[dict[str, Any]], last_user: int) -> list[str]:
    """The text of the turns after the last user message: tool results, an assistant's tool calls, and an
    assistant turn the model is to continue (a prefill: 'Maren Olvhagen was born in'). The model reads them as
    part of what it is asked now, so they are screened with the question: an agent loop's search result about
    a forgotten person, or a prefill naming one, makes the answer that follows about them too."""
    texts = []
    for message in messages[last_user + 1 :]:
        if message["role"] in ("system", "developer"):
            continue  # screened with the question only when a client sent them (screen_system)
        calls = [
            *(message.get("tool_calls") or []),
            *([message["function_call"]] if message.get("function_call") else []),
        ]
        arguments = [
            str((c.get("function") or c).get("arguments") or "") for c in calls if isinstance(c, dict)
        ]
        texts += [t for t in [message.get("content") or "", *arguments] if t.strip()]
    return texts


def check_text_only(options: Mapping[str, Any]) -> None:
    """Refuse the options of a call whose answer would not be one text (see UNSUPPORTED), or would carry
    more than its text (logprobs, audio: alu.openai_shapes.NOT_TEXT_OPTIONS)."""
    for name, what in UNSUPPORTED.items():
        if options.get(name) is not None:
            raise ValueError(f"alu audits text answers; {what} ({name}=) are not supported")
    check_text_answer(options)


def _strings(value: Iterable[str] | str | None, what: str) -> list[str]:
    """A list argument as a list: None is empty and one string is one item, as in Target's own fields."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{what} must be a list of strings, got {type(value).__name__}")
    items = list(value)
    if odd := [i for i in items if not isinstance(i, str)]:
        raise TypeError(f"{what} must be a list of strings, got {type(odd[0]).__name__} {odd[0]!r} in it")
    return items


def _many(targets: Any) -> list[Any]:
    """forget_many's targets as a list; one target alone (a name, a mapping, a Target) is a mistake that
    iterating would turn into one target per letter or key."""
    if isinstance(targets, (str, bytes, Mapping, Target)) or not isinstance(targets, Iterable):
        raise TypeError(
            f"forget_many takes a list of targets, got {type(targets).__name__}; "
            "for one target use forget(name) or forget_many([target])"
        )
    return list(targets)


def not_utf8(what: str) -> str:
    """The error for a text holding a lone surrogate. Such text is nearly always input that was not UTF-8
    (Latin-1 bytes read with errors='surrogateescape', as Python reads a non-UTF-8 command line): saying so
    tells the user what to fix, where 'lone surrogate' alone told them nothing."""
    return (
        f"{what} is not valid Unicode: it holds a lone surrogate, which is what input that is not UTF-8 "
        "(e.g. Latin-1 bytes) becomes; give UTF-8 text"
    )


def _valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Unlearner:
    """Inference-time unlearning in front of any litellm model.

    >>> u = Unlearner()                                   # embedded local model, local store, offline
    >>> u.forget("Severus Snape", aliases=["the Half-Blood Prince"])
    >>> u.ask("Who was the potions master at Hogwarts?").text
    """

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        self.settings = s = resolve_settings(settings, **overrides)
        check_model(s.model)
        check_model(s.judge_model)
        self.store = ForgetStore(
            s.store, collection=s.collection, timeout_s=s.store_timeout_s, batch_size=s.batch_size
        )
        self._screener: Screener | None = None
        self._opening: Callable[[], Screener] | None = None  # the screener opening in the background
        self._pipeline: Pipeline | None = None
        self._build_lock = threading.Lock()
        self.records = Records(s)

    @property
    def screener(self) -> Screener:
        """The name index and similarity screening over the store, built on first use: managing targets
        (`alu targets add|remove|count`) never pays for indexing every name in the store."""
        if self._screener is None:
            with self._build_lock:
                if self._screener is None:
                    from alu.screen import Screener

                    s = self.settings
                    self._screener = Screener(
                        self.store,
                        m=s.m,
                        screen_threshold=s.screen_threshold,
                        margin=s.screen_margin,
                        growth=s.screen_growth,
                        strong_threshold=s.strong_threshold,
                        fuzzy_threshold=s.fuzzy_threshold,
                        knowledge_m=s.knowledge_m,
                    )
        return self._screener

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from alu.graph import Pipeline
            from alu.llm import LLMClient

            s = self.settings
            client = LLMClient(retries=s.retries, timeout_s=s.timeout_s, temperature=s.temperature)
            screens = self._screener if self._screener is not None else self._opening or self._screener_soon()
            self._pipeline = Pipeline(s, screens, client)
        return self._pipeline

    def open_soon(self) -> None:
        """Start opening the screener (name indexes, in-memory rows) in a background thread now, for a caller
        that will answer next: `alu ask` starts it before the first answer imports the pipeline, so the open
        overlaps those imports and the model's load. Answering waits for it, as it does without this."""
        if self._screener is None and self._opening is None:
            self._opening = self._screener_soon()

    def _screener_soon(self) -> Callable[[], Screener]:
        """Open the screener in a background thread; return how to get it (waiting until it is open). The
        first answer's model call starts meanwhile: a cold `alu ask` on 10,000 targets spent seconds loading
        the name indexes before the model got the question. A failed open is left to the caller's own
        access, which opens again and raises. The embedding model loads meanwhile too, off the GIL
        (alu.embeddings.load_in_background)."""
        from alu.embeddings import load_in_background

        load_in_background()

        def open_screener() -> None:
            try:
                _ = self.screener
            except Exception as exc:
                log.debug("opening the screener in the background failed: %s", exc)

        threading.Thread(target=open_screener, name="alu-open-screener", daemon=True).start()
        return lambda: self.screener

    # -- targets --------------------------------------------------------------------------------------
    def forget(
        self,
        name: str,
        *,
        aliases: Iterable[str] | str | None = (),
        description: str = "",
        tags: Iterable[str] | str | None = (),
        examples: Iterable[str] | str | None = (),
        documents: Iterable[str] | str | None = (),
        keys: Iterable[str] | str | None = (),
        probes: Iterable[str] | str | None = (),
        kind: str | None = None,
        retain: Iterable[str] | str | None = (),
        replace: bool = False,
        requested_by: str = "",
        reference: str = "",
    ) -> Target:
        """Add one forget target, or merge new material into the stored one of that name (`replace=True`
        replaces it instead); returns the target as stored. `forget_many` reports which happened.

        examples: texts that reveal the target; documents: texts, UTF-8 file paths or folders of them (cut
        in sentences); retain: texts that must NOT count as the target (used only to fit its decision, not
        stored). `requested_by` and `reference` (e.g. a ticket id) are kept with the target and in its
        erasure history (`alu targets report NAME`). With an agent model that can judge the target is also
        expanded, once (see `forget_many`), and returned as expanded. A list argument given one string takes
        it as one item, and None as no item."""
        target = as_target(
            {
                "name": name,
                "aliases": aliases,
                "description": description,
                "tags": tags,
                "examples": examples,
                "documents": documents,
                "keys": keys,
                "probes": probes,
                "kind": kind,
                "requested_by": requested_by,
                "reference": reference,
            }
        )
        report = self.forget_many([target], replace=replace, retain=retain)
        if report.stored and not report.expanded:
            return report.stored[0]
        return self.store.get_by_id(target.id) or target  # as expanded, or as it was already stored

    def forget_many(
        self,
        targets: Iterable[Target | str | dict[str, Any]],
        progress: Callable[[int], None] | None = None,
        *,
        replace: bool = False,
        retain: Iterable[str] | str | None = (),
        expand: bool | None = None,
    ) -> AddReport:
        """Add many targets in batches (stored ones get new material merged in, or are replaced with
        `replace`). Every item is validated before anything is written; the report says what happened to
        each: `added`, `merged`, `replaced` or `skipped` (already there, nothing new). Each one leaves an
        event in the records: 'forgotten' when new, 'changed' when merged or replaced, 'requested' when it
        was a target already and nothing changed.

        `expand` (default: `Settings.expand_on_forget`, on when an agent model can judge) then expands each
        written target not expanded yet (see `expand`): the report's `expanded`, and `not_expanded` with why
        for those whose expansion call failed after retries (they stay stored, unexpanded)."""
        items = [as_target(t) for t in _many(targets)]
        retained = _strings(retain, "retain")
        report = self.store.add(items, progress=progress, replace=replace, retain=retained)
        if self._screener is not None:  # not built yet: it reads the store, these included, when it is
            self._screener.added(report.stored)
        added, changed = set(report.added), set(report.merged + report.replaced)
        self.records.targets("forgotten", [t for t in items if t.name in added])
        self.records.targets("changed", [t for t in items if t.name in changed])
        self.records.targets("requested", [t for t in items if t.name not in added | changed])
        if self.settings.expands_on_forget if expand is None else expand:
            from alu.expansion import expand_all

            report.note_expansions(_run_sync(expand_all(self, report.stored)))
        return report

    def write_expansions(self, updates: list[Target]) -> AddReport:
        """Merge expansions into their stored targets (alu.expansion): a re-forget, recorded in the history
        as 'expanded' rather than 'changed' (no one asked for a change). A target withdrawn meanwhile stays
        withdrawn (the report's `absent`)."""
        report = self.store.add(updates, stored_only=True)
        if self._screener is not None:
            self._screener.added(report.stored)
        written = set(report.written)
        self.records.targets("expanded", [t for t in updates if t.name in written])
        return report

    def expand(
        self,
        names: str | Sequence[str] | None = None,
        *,
        force: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> list[Any]:
        """Expand one target, several (by name) or every target: aliases, identifying keys and probe
        questions proposed by the expansion agent (an agent model that can judge) or the offline extractor,
        merged into the store and marked as generated. Targets already expanded are skipped unless `force`.
        Returns one `alu.expansion.Expanded` per target; one whose model call failed after retries has `by`
        'failed' and the reason in `error`, and the others are stored all the same. `progress` is called with
        the number of targets done so far."""
        from alu.errors import TargetNotFoundError
        from alu.expansion import expand_all

        if names is None:
            targets = self.store.all()
        else:
            targets = []
            for name in _strings(names, "names"):
                found = self.store.get(name)
                if found is None:
                    raise TargetNotFoundError(f"no forget target named {name!r}")
                targets.append(found)
        return _run_sync(expand_all(self, targets, force=force, progress=progress))

    def withdraw(self, name: str | None = None, *, id: str | None = None) -> Target:
        """Remove a target again, by name (the same name up to case and spacing) or, explicitly, by `id=`.
        Raises TargetNotFoundError when there is none; a name is never taken for an id. Its history stays in
        the records; with `records_purge_on_withdraw` its decision rows are deleted."""
        target = self.store.remove(name, id=id)
        if self._screener is not None:
            self._screener.removed(target)
        self.records.targets("withdrawn", [target])
        if self.records.purge_on_withdraw:
            self.records.purge(target.id)
        return target

    def targets(self) -> list[Target]:
        return self.store.all()

    def count(self) -> int:
        return self.store.count()

    # -- answering ------------------------------------------------------------------------------------
    async def achat(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str | None = None,
        defaults: bool = True,
        screen_system: bool = False,
        **options: Any,
    ) -> Result:
        """Answer the last user turn of an OpenAI-style conversation; the whole conversation is audited.

        `model` overrides the answering model for this call; `options` are passed to its completion call
        (max_tokens, temperature, stop, ...). With `defaults` (the SDK's own ask/chat), Settings.max_tokens
        and Settings.temperature fill in the ones not given; `defaults=False` (alu.completion, wrap, serve)
        sends the caller's options and nothing else, so the wrapped model answers as it would unwrapped.
        The agents keep their own settings either way.

        System messages in `messages` are the caller's own instructions and context, not screened, unless
        `screen_system`: `alu serve`, the wrappers and the guardrail pass it, because there a client wrote
        them, and "the user asks about X" in a system message is the user asking. The operator's own
        instructions then go in the `system_prompt` setting, which is never screened.

        A model that keeps failing gets the fail policy (refusal by default). A store that fails raises
        StoreError (StoreUnavailableError when a Chroma server does not answer), whatever the policy: without
        the store nothing can be audited, and an outage must not pass for a refusal or an answer.

        Tool and function calls (`tools=`, ...) are refused with a ValueError: their answer is not a text alu
        can audit."""
        messages = _validate_messages(messages)
        check_text_only(options)
        if model is not None and model != self.settings.model:
            check_model(model)
        options.pop("stream", None)  # alu never streams before the audit; callers chunk the final text
        if defaults:
            options = {"max_tokens": self.settings.max_tokens, "temperature": self.settings.temperature} | {
                k: v for k, v in options.items() if v is not None
            }
        return await self._run(messages, model=model, options=options, screen_system=screen_system)

    async def aask(self, text: str, *, model: str | None = None, **options: Any) -> Result:
        if not isinstance(text, str) or not text.strip():
            raise ValueError("the question must be a non-empty string")
        return await self.achat([{"role": "user", "content": text}], model=model, **options)

    async def aaudit(
        self, query: str | list[dict[str, Any]], answer: str, *, screen_system: bool = False
    ) -> Result:
        """Check an answer produced elsewhere: which targets it reveals and what alu would return instead.

        `query` is the question, or the whole conversation whose last user turn `answer` replies to. No model
        answers the question; the auditing agents run only when a target is in play. `screen_system`: as for
        :meth:`achat`."""
        messages = [{"role": "user", "content": query}] if isinstance(query, str) else query
        messages = _validate_messages(messages)
        if not isinstance(answer, str):
            raise ValueError("the answer to audit must be a string")
        if not _valid_unicode(answer):
            raise ValueError(not_utf8("the answer to audit"))
        return await self._run(messages, answer=answer, screen_system=screen_system)

    def chat(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str | None = None,
        defaults: bool = True,
        screen_system: bool = False,
        **options: Any,
    ) -> Result:
        """The sync twin of :meth:`achat`, with the same options."""
        return _run_sync(
            self.achat(messages, model=model, defaults=defaults, screen_system=screen_system, **options)
        )

    def ask(self, text: str, *, model: str | None = None, **options: Any) -> Result:
        """The sync twin of :meth:`aask`, with the same options."""
        return _run_sync(self.aask(text, model=model, **options))

    def audit(self, query: str | list[dict[str, Any]], answer: str, *, screen_system: bool = False) -> Result:
        """The sync twin of :meth:`aaudit`, with the same options."""
        return _run_sync(self.aaudit(query, answer, screen_system=screen_system))

    async def _run(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str | None = None,
        options: dict[str, Any] | None = None,
        answer: str | None = None,
        screen_system: bool = False,
    ) -> Result:
        """Answer (or audit) once; leave one row in the decision log whatever happens."""
        from alu.llm import noting_failures

        started = time.perf_counter()
        final: dict[str, Any] = {}
        result: Result | None = None
        error: BaseException | None = None
        try:
            with noting_failures() as failures:
                final = await self._answer(
                    messages, model=model, options=options, answer=answer, screen_system=screen_system
                )
            result = _to_result(final, failures)
            return result
        except BaseException as exc:
            error = exc
            raise
        finally:
            self._log(messages, model, final, result, error, started)

    async def _answer(
        self,
        messages: list[dict[str, Any]],
        *,
        model: str | None,
        options: dict[str, Any] | None,
        answer: str | None,
        screen_system: bool,
    ) -> dict[str, Any]:
        from alu.turns import conversation_text

        pipeline = self.pipeline
        last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
        query = "\n".join(
            t for t in [messages[last_user].get("content") or "", *_turns_after(messages, last_user)] if t
        )
        if screen_system:  # a client's system text is screened as part of what it asks now
            sent = [m.get("content") or "" for m in messages if m["role"] in ("system", "developer")]
            query = "\n".join([*[s for s in sent if s.strip()], query])
        if self.settings.system_prompt:
            messages = [{"role": "system", "content": self.settings.system_prompt}, *messages]
            last_user += 1
        state = PipelineState(
            messages=messages,
            query=query,
            context=conversation_text(messages[:last_user]),
            model=model,
            options=options or {},
            vanilla=answer or "",
            answer_given=answer is not None,
        )
        return await pipeline.run(state)

    def _log(
        self,
        messages: list[dict[str, Any]],
        model: str | None,
        final: dict[str, Any],
        result: Result | None,
        error: BaseException | None,
        started: float,
    ) -> None:
        """The decision row (never raises: the log must not change an answer)."""
        if not self.records.enabled:
            return
        try:
            self.records.call(
                model=model or self.settings.model,
                query=next((m.get("content") or "" for m in reversed(messages) if m["role"] == "user"), ""),
                ms=(time.perf_counter() - started) * 1000,
                result=result,
                revealed=[t.id for t in final.get("revealed") or []],
                # paper mode puts every target in play on every call: only what was revealed is kept
                in_play=[] if self.settings.mode == "paper" else list(final.get("candidates") or {}),
                error=error,
            )
        except Exception as exc:  # a bug in logging is reported, never raised into the answer
            log.warning("decision log row not written: %s", exc.__class__.__name__)


def _to_result(final: dict[str, Any], failures: Sequence[ModelError] = ()) -> Result:
    """The Result of a run; `failures`: the model calls that failed in it, of which the one `error` names
    is kept as `Result.exception`."""
    revealed = final.get("revealed") or []
    result = Result(
        text=final.get("text", ""),
        path=final.get("path") or "refuse",
        leaked=[t.name for t in revealed],
        vanilla=final.get("vanilla", ""),
        candidates=[t.name for t in (final.get("candidates") or {}).values()],
        findings=final.get("findings") or [],
        ratings=final.get("ratings") or [],
        trace=final.get("trace") or [],
        error=final.get("error"),
    )
    error = result.error
    result._exception = next((f for f in failures if error and error.endswith(str(f))), None)
    return result
