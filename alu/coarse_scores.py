"""Approximate similarities of query vectors to many rows, in int8: which few rows deserve an exact product.

An exact float32 product reads 1.5 KB per row, and screening's rows come from memory, not the cache (other
work runs between two questions): 7,680 rows cost 1.25 ms, 15,323 rows 2.0 ms on this 2-core Xeon. The rows
quantised to int8 (one scale per row) are a quarter of the bytes, and onnxruntime's MatMulInteger (u8 x s8,
the kernels the embedder already runs on, one thread, the rows packed once as the graph's constant) takes
~0.5 ms for either. A score is within ~0.003 of the cosine: alu.memory_index rescores the best few exactly.
No new dependency: onnxruntime is the embedder's; the model is written by alu.onnx_proto."""

from __future__ import annotations

import numpy as np

from alu import onnx_proto

_ZERO = 128
"""The queries' zero point: a query is quantised symmetrically, then shifted into uint8."""


class CoarseScores:
    """int8 copies of a fixed float32 matrix's rows, scored against queries in one onnxruntime run."""

    def __init__(self, matrix: np.ndarray) -> None:
        import onnxruntime as ort

        peak = np.maximum(np.abs(matrix).max(axis=1), 1e-12)
        self._unscale = (peak / 127).astype(np.float32)
        weights = np.ascontiguousarray(np.round(matrix * (127 / peak)[:, None]).astype(np.int8).T)
        model = onnx_proto.model(
            "alu-coarse-scores",
            [onnx_proto.node("MatMulInteger", ["q", "rows", "zero"], ["scores"])],
            [onnx_proto.value_info("q", np.uint8, ["k", weights.shape[0]])],
            [onnx_proto.value_info("scores", np.int32, ["k", weights.shape[1]])],
            [onnx_proto.tensor("rows", weights), onnx_proto.tensor("zero", np.uint8(_ZERO))],
            opset=13,
        )
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # the product is small: threads would wait for a busy core
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def scores(self, queries: np.ndarray) -> np.ndarray:
        """(queries, rows) approximate cosine similarities of unit query vectors to the rows."""
        peak = np.maximum(np.abs(queries).max(axis=1), 1e-12)
        quantised = np.round(queries * (127 / peak)[:, None]) + _ZERO
        scores = self._session.run(None, {"q": quantised.astype(np.uint8)})[0].astype(np.float32)
        scores *= self._unscale[None, :]  # in place, in float32: int32 times float32 would make float64
        scores *= (peak / 127).astype(np.float32)[:, None]
        return scores
