"""Streams of chunks that are already audited: what a streaming request gets back from alu.

They behave like the streams of litellm and of the OpenAI client where callers touch them (iteration, `with`,
`close()`), and keep the alu `Result` the chunks spell out in `.result`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from alu.types import Result

C = TypeVar("C")


class ChunkStream(Generic[C]):
    def __init__(self, chunks: Sequence[C], result: Result) -> None:
        self._chunks = iter(chunks)
        self.result = result

    def __iter__(self) -> ChunkStream[C]:
        return self

    def __next__(self) -> C:
        return next(self._chunks)

    def __enter__(self) -> ChunkStream[C]:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._chunks = iter(())


class AsyncChunkStream(Generic[C]):
    def __init__(self, chunks: Sequence[C], result: Result) -> None:
        self._chunks = iter(chunks)
        self.result = result

    def __aiter__(self) -> AsyncChunkStream[C]:
        return self

    async def __anext__(self) -> C:
        try:
            return next(self._chunks)
        except StopIteration:
            raise StopAsyncIteration from None

    async def __aenter__(self) -> AsyncChunkStream[C]:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def close(self) -> None:
        self._chunks = iter(())
