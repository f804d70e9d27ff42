"""alu.onnx_proto writes the models onnx.helper would, byte for byte, and the int8 scores run without onnx."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

from alu import onnx_proto
from alu.coarse_scores import CoarseScores


@pytest.mark.parametrize(
    "values",
    [
        np.arange(-6, 6, dtype=np.int8).reshape(3, 4),
        np.uint8(128),
        np.linspace(-1, 1, 10, dtype=np.float32).reshape(2, 5),
        np.array([0, -7, 2**31 - 1], dtype=np.int32),
        np.zeros((0, 384), dtype=np.int8),
    ],
)
def test_a_tensor_is_written_as_numpy_helper_writes_it(values):
    written = numpy_helper.from_array(np.asarray(values), "t").SerializeToString()
    assert onnx_proto.tensor("t", values) == written


@pytest.mark.parametrize(
    ("dtype", "onnx_type", "shape"),
    [(np.uint8, TensorProto.UINT8, ["k", 384]), (np.int32, TensorProto.INT32, [-1, 300, "n"])],
)
def test_an_input_or_output_is_written_as_helper_writes_it(dtype, onnx_type, shape):
    written = helper.make_tensor_value_info("x", onnx_type, shape).SerializeToString()
    assert onnx_proto.value_info("x", dtype, shape) == written


def test_the_int8_scores_model_is_the_one_helper_makes():
    weights = np.random.default_rng(0).integers(-127, 128, (384, 300)).astype(np.int8)
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["q", "rows", "zero"], ["scores"])],
        "alu-coarse-scores",
        [helper.make_tensor_value_info("q", TensorProto.UINT8, ["k", 384])],
        [helper.make_tensor_value_info("scores", TensorProto.INT32, ["k", 300])],
        [numpy_helper.from_array(weights, "rows"), numpy_helper.from_array(np.uint8(128), "zero")],
    )
    made = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    made.ir_version = onnx_proto.IR_VERSION
    written = onnx_proto.model(
        "alu-coarse-scores",
        [onnx_proto.node("MatMulInteger", ["q", "rows", "zero"], ["scores"])],
        [onnx_proto.value_info("q", np.uint8, ["k", 384])],
        [onnx_proto.value_info("scores", np.int32, ["k", 300])],
        [onnx_proto.tensor("rows", weights), onnx_proto.tensor("zero", np.uint8(128))],
        opset=13,
    )
    assert written == made.SerializeToString()


def test_int8_scores_are_close_to_the_cosines():
    rng = np.random.default_rng(2)
    rows = rng.standard_normal((500, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    queries = rows[:3] + 0.02 * rng.standard_normal((3, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    scores = CoarseScores(rows).scores(queries)
    assert scores.shape == (3, 500) and scores.dtype == np.float32
    exact = queries @ rows.T
    assert np.abs(scores - exact).max() < 0.03  # random rows: wider peaks than an embedder's, coarser steps
    assert scores.argmax(axis=1).tolist() == exact.argmax(axis=1).tolist() == [0, 1, 2]


def test_int8_scores_do_not_import_onnx():
    """Importing onnx took 1.2-1.4 s on a 2-core EPYC: the first question to a big store paid it."""
    code = (
        "import sys, numpy as np\n"
        "from alu.coarse_scores import CoarseScores\n"
        "rows = np.eye(384, dtype=np.float32)\n"
        "print(CoarseScores(rows).scores(rows[:1]).argmax(), 'onnx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False"]
