"""ONNX models of a few nodes, serialized without importing the onnx package.

alu builds small graphs of its own at run time (alu.coarse_scores: one MatMulInteger over a store's rows).
Importing onnx to write them took 1.2-1.4 s on a 2-core EPYC (1.0 s of it initialising ml_dtypes, which
onnx imports), paid by the first question to a store of 4,096 rows or more. The messages such a graph needs
are few and their protobuf encoding is simple, so they are written here. Field numbers are onnx.proto's;
fields are written in field-number order, as protobuf itself writes them, so a model comes out byte for byte
as `onnx.helper` would make it (the tests compare). The onnx package still derives the embedder's graph,
once per installation (alu.embed_graph)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

IR_VERSION = 8
"""The model format version written: 8 suits opset 13 and every onnxruntime alu supports (1.20 reads up to
10; onnx's own default follows the newest onnxruntime)."""

_ELEMENT_TYPES = {np.dtype(np.float32): 1, np.dtype(np.uint8): 2, np.dtype(np.int8): 3, np.dtype(np.int32): 6}
"""onnx.TensorProto.DataType of the numpy types alu's graphs use."""

Dim = int | str
"""A dimension: its size, or a name for a size known only at run time."""


def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1  # a negative int64 is written as its two's complement
    while True:
        low, value = value & 0x7F, value >> 7
        if not value:
            out.append(low)
            return bytes(out)
        out.append(low | 0x80)


def _number(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _bytes(field: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(field << 3 | 2) + _varint(len(data)) + data


def element_type(dtype: np.dtype | type) -> int:
    """The onnx element type of a numpy dtype (only those alu's graphs use)."""
    return _ELEMENT_TYPES[np.dtype(dtype)]


def tensor(name: str, values: np.ndarray | np.generic) -> bytes:
    """A TensorProto holding the array's values (as `onnx.numpy_helper.from_array` writes it)."""
    array = np.asarray(values)
    dims = b"".join(_number(1, d) for d in array.shape)
    raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
    return dims + _number(2, element_type(array.dtype)) + _bytes(8, name) + _bytes(9, raw)


def value_info(name: str, dtype: np.dtype | type, shape: Sequence[Dim]) -> bytes:
    """A ValueInfoProto: a graph input or output of that element type and shape."""
    dims = b"".join(_bytes(1, _number(1, d) if isinstance(d, int) else _bytes(2, d)) for d in shape)
    tensor_type = _number(1, element_type(dtype)) + _bytes(2, dims)
    return _bytes(1, name) + _bytes(2, _bytes(1, tensor_type))


def node(op_type: str, inputs: Sequence[str], outputs: Sequence[str]) -> bytes:
    """A NodeProto of the default domain, without attributes."""
    return (
        b"".join(_bytes(1, i) for i in inputs) + b"".join(_bytes(2, o) for o in outputs) + _bytes(4, op_type)
    )


def model(
    name: str,
    nodes: Sequence[bytes],
    inputs: Sequence[bytes],
    outputs: Sequence[bytes],
    initializers: Sequence[bytes],
    *,
    opset: int,
) -> bytes:
    """A serialized ModelProto of one graph, importing the default domain at `opset`."""
    graph = (
        b"".join(_bytes(1, n) for n in nodes)
        + _bytes(2, name)
        + b"".join(_bytes(5, t) for t in initializers)
        + b"".join(_bytes(11, i) for i in inputs)
        + b"".join(_bytes(12, o) for o in outputs)
    )
    return _number(1, IR_VERSION) + _bytes(7, graph) + _bytes(8, _bytes(1, "") + _number(2, opset))
