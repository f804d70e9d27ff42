"""Whether onnxruntime's int8 product is exact on this CPU, asked of the kernel itself.

onnxruntime multiplies uint8 activations by int8 weights. Its x86 kernels without VNNI (SSE4.1, AVX2, AVX-512
before VNNI) sum each pair of products in 16 bits, which saturate, so those CPUs gave other vectors under the
embedder's identity: on a 2-core AMD EPYC Zen 3 (AVX2), cosine 0.992 (median; 0.982 at worst) with a VNNI
Xeon's, the machine the shipped background vectors come from. With the session option PRECISE_INT8
onnxruntime stores the weights as uint8, whose kernel does not saturate: the VNNI vectors (median 0.99997 with
the shipped ones, which are rounded to int8) for more time per text there: +4-30% in two sittings, +34-80%
(8 to 128 tokens) in a third.

But onnxruntime applies that option by instruction set, not by kernel: a CPU with VNNI, whose kernel is
exact, takes the slower uint8 path too: the same vectors bit for bit (600 of 600 texts) for 44-104% more
time per text (3 to 128 tokens, one thread, three runs; 18 tokens 2.8-3.1 -> 4.2-4.5 ms) on a 2-core AMD
EPYC Zen 4 with AVX-512 VNNI (2026-12-03). So alu asks the kernel: one tiny product whose pair sums overflow
16 bits, run once per process (~5 ms), and sets the option only where it saturates."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import numpy as np

from alu import onnx_proto

log = logging.getLogger(__name__)

PRECISE_INT8 = "session.x64quantprecision"
"""onnxruntime's session option for a non-saturating int8 product on x86 (uint8 weights)."""
_DEPTH = 64
"""The probe's inner dimension: enough pairs to fill the kernels' vector registers."""


@cache
def saturates() -> bool:
    """Whether onnxruntime's default uint8 x int8 product saturates here: 255 x 127 per element, whose pair
    sums (64,770) do not fit in 16 bits. A probe that cannot run counts as saturating: the precise mode then
    stays on, as it was for every CPU before the probe."""
    try:
        return _probe_saturates()
    except Exception as exc:  # onnxruntime raises its own kinds; the embedder must load either way
        log.debug("int8 kernel probe failed, precise int8 mode stays on: %s", exc)
        return True


def _probe_saturates() -> bool:
    import onnxruntime as ort

    weights = np.full((_DEPTH, 8), 127, dtype=np.int8)
    probe = onnx_proto.model(
        "alu-int8-probe",
        [onnx_proto.node("MatMulInteger", ["a", "b"], ["y"])],
        [onnx_proto.value_info("a", np.uint8, ["m", _DEPTH])],
        [onnx_proto.value_info("y", np.int32, ["m", 8])],
        [onnx_proto.tensor("b", weights)],  # a constant, packed as the embedder's weights are
        opset=13,
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(probe, options, providers=["CPUExecutionProvider"])
    for rows in (1, 4):  # one row may take another kernel than several
        a = np.full((rows, _DEPTH), 255, dtype=np.uint8)
        if not np.array_equal(session.run(None, {"a": a})[0], a.astype(np.int32) @ weights.astype(np.int32)):
            return True
    return False


def exact_products(options: Any) -> Any:
    """Session options whose int8 products are exact: PRECISE_INT8 is added only where the default kernel
    saturates."""
    if saturates():
        options.add_session_config_entry(PRECISE_INT8, "1")
    return options
