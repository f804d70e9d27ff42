"""alu's embedder as a Chroma embedding function: only the store's Chroma client needs it, so importing the
embedder (screening, `alu ask`) does not import chromadb (0.6 s of CPU)."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from alu.embeddings import get_embedder


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
