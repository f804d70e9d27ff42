"""Exact simplifications of the derived MiniLM graph (alu.embed_graph): fewer nodes, the same bits.

The int8 kernels quantize each run's activations, so any change of float rounding upstream of one of them
moves the vector: folding a bias into DynamicQuantizeMatMul, a fused Gelu or a fused attention op gave
cosine 0.996-0.998 with today's vectors (349 varied texts), which would move every stored vector, the shipped
background vectors and every threshold calibrated on them. These rewrites change no arithmetic:

- the attention mask: alu runs each text alone, unpadded (alu.embeddings), so the mask is all ones, its
  additive bias is +0.0 and the NaN guard after each softmax never fires; the mask's ~20 nodes, the six
  additions and guards, and the graph's `attention_mask` input go;
- the keys transposed by one Transpose instead of Reshape, Transpose, Reshape and their shape arithmetic;
- a layer's query, key and value projections read the same input: one DynamicQuantizeMatMul over the three
  weight matrices side by side (the input quantized once, with the same scale as each had) and a Split.

313 nodes become 219; a 30-token run ~15% faster (80 tokens ~20%). :func:`simplify` returns the new graph
only when it gives bit-identical outputs on probe inputs with the runtime installed; otherwise None."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from alu.embed_graph import feeds, session

PROBE_LENGTHS = (3, 17, 61, 256)
"""Token counts of the probe inputs the simplified graph must reproduce bit for bit."""


class _Graph:
    """Producer and consumers of every tensor of an ONNX graph."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        self.constants = {c.name: c for c in graph.initializer}
        self.producer = {out: node for node in graph.node for out in node.output}
        self.consumers: dict[str, list[Any]] = defaultdict(list)
        for node in graph.node:
            for name in node.input:
                self.consumers[name].append(node)

    def made_by(self, name: str, op: str) -> Any | None:
        node = self.producer.get(name)
        return node if node is not None and node.op_type == op else None

    def sole_user(self, name: str, op: str) -> Any | None:
        users = self.consumers.get(name, [])
        return users[0] if len(users) == 1 and users[0].op_type == op else None

    def sources(self, name: str) -> set[str]:
        """The graph inputs a tensor is computed from."""
        inputs = {i.name for i in self.graph.input}
        seen, todo, found = set(), [name], set()
        while todo:
            tensor = todo.pop()
            if tensor in seen:
                continue
            seen.add(tensor)
            if tensor in inputs:
                found.add(tensor)
            elif (node := self.producer.get(tensor)) is not None:
                todo.extend(node.input)
        return found


def simplify(model: Any) -> Any | None:
    """The simplified copy of a derived graph (an onnx ModelProto), or None when a pattern is not where it
    is expected or the result is not bit-identical."""
    simplified = type(model)()
    simplified.CopyFrom(model)
    g = _Graph(simplified.graph)
    softmaxes = [n for n in simplified.graph.node if n.op_type == "Softmax"]
    same: dict[str, str] = {}
    replaced: dict[int, list[Any]] = {}
    for softmax in softmaxes:
        if not _unmask(g, softmax, same) or not _transpose_keys(g, softmax, replaced):
            return None
    if not softmaxes or not _merge_projections(g, replaced):
        return None
    _rebuild(simplified.graph, replaced, same)
    return simplified if identical(model, simplified) else None


def _unmask(g: _Graph, softmax: Any, same: dict[str, str]) -> bool:
    """Softmax(scores + mask bias) then Where(IsNaN(p), 0, p): the scores go to the softmax directly and the
    guard's output is its input (both exact with a mask of ones)."""
    add = g.made_by(softmax.input[0], "Add")
    sources = g.sources(add.input[1]) if add is not None else set()
    if "attention_mask" not in sources or "input_ids" in sources:  # the bias is the mask's alone
        return False
    guards = [n for n in g.consumers[softmax.output[0]] if n.op_type == "IsNaN"]
    where = g.sole_user(guards[0].output[0], "Where") if len(guards) == 1 else None
    if where is None or where.input[2] != softmax.output[0]:
        return False
    same[add.output[0]] = add.input[0]
    same[where.output[0]] = softmax.output[0]
    return True


def _transpose_keys(g: _Graph, softmax: Any, replaced: dict[int, list[Any]]) -> bool:
    """Scores = (q * s) @ (k^T * s), k^T made by Reshape(Transpose(Reshape(k))) from k as (b, heads, seq,
    dims): one Transpose(k, perm 0 1 3 2) gives the same tensor."""
    from onnx import helper

    add = g.producer[softmax.input[0]]
    scores = g.producer.get(add.input[0])
    scaled = g.made_by(scores.input[1], "Mul") if scores is not None and len(scores.input) == 2 else None
    outer = g.made_by(scaled.input[0], "Reshape") if scaled is not None else None
    turn = g.made_by(outer.input[0], "Transpose") if outer is not None else None
    inner = g.made_by(turn.input[0], "Reshape") if turn is not None else None
    keys = g.made_by(inner.input[0], "Transpose") if inner is not None else None
    if keys is None or [a.ints for a in keys.attribute if a.name == "perm"] != [[0, 2, 1, 3]]:
        return False
    # (b, seq, heads, dims) -> (b, heads, dims, seq): the keys' own transpose and this one in one
    transposed = helper.make_node(
        "Transpose", [keys.input[0]], [outer.output[0]], name=f"{outer.name}_keys", perm=[0, 2, 3, 1]
    )
    replaced[id(outer)] = [transposed]
    return True


def _merge_projections(g: _Graph, replaced: dict[int, list[Any]]) -> bool:
    """Three DynamicQuantizeMatMul nodes on one input (a layer's query, key, value), each followed by the
    addition of its bias, become one over the weights side by side, one addition of the three biases side
    by side, and a Split into the three biased outputs."""
    from onnx import helper, numpy_helper

    by_input: dict[str, list[Any]] = defaultdict(list)
    for node in g.graph.node:
        if node.op_type == "DynamicQuantizeMatMul" and len(node.input) == 3:
            by_input[node.input[0]].append(node)
    triples = [nodes for nodes in by_input.values() if len(nodes) == 3]
    for nodes in triples:
        adds = [g.sole_user(n.output[0], "Add") for n in nodes]
        if any(
            a is None or a.input[0] != n.output[0] or a.input[1] not in g.constants
            for a, n in zip(adds, nodes, strict=True)
        ):
            return False
        weights = [numpy_helper.to_array(g.constants[n.input[1]]) for n in nodes]
        scales = [numpy_helper.to_array(g.constants[n.input[2]]).reshape(-1) for n in nodes]
        biases = [numpy_helper.to_array(g.constants[a.input[1]]) for a in adds]
        if any(
            w.ndim != 2 or s.shape != (w.shape[1],) or b.shape != (w.shape[1],)
            for w, s, b in zip(weights, scales, biases, strict=True)
        ):
            return False
        name = f"{nodes[0].name}_qkv"
        g.graph.initializer.extend(
            [
                numpy_helper.from_array(np.concatenate(weights, axis=1), f"{name}_weight"),
                numpy_helper.from_array(np.concatenate(scales), f"{name}_scale"),
                numpy_helper.from_array(np.concatenate(biases), f"{name}_bias"),
                numpy_helper.from_array(np.array([w.shape[1] for w in weights], np.int64), f"{name}_split"),
            ]
        )
        merged = helper.make_node(
            "DynamicQuantizeMatMul",
            [nodes[0].input[0], f"{name}_weight", f"{name}_scale"],
            [f"{name}_out"],
            name=name,
            domain="com.microsoft",
        )
        biased = helper.make_node(
            "Add", [f"{name}_out", f"{name}_bias"], [f"{name}_biased"], name=f"{name}_add"
        )
        split = helper.make_node(
            "Split",
            [f"{name}_biased", f"{name}_split"],
            [a.output[0] for a in adds],
            name=f"{name}_split",
            axis=-1,
        )
        replaced[id(nodes[0])] = [merged, biased, split]
        replaced.update((id(n), []) for n in [*nodes[1:], *adds])
    return len(triples) > 0


def _rebuild(graph: Any, replaced: dict[int, list[Any]], same: dict[str, str]) -> None:
    """Apply the replacements, read every tensor through `same`, and drop what no output needs (nodes,
    constants, inputs)."""
    nodes = []
    for node in graph.node:
        for new in replaced.get(id(node), [node]):
            for i, name in enumerate(new.input):
                while name in same:
                    name = same[name]
                new.input[i] = name
            nodes.append(new)
    needed = {o.name for o in graph.output}
    alive = []
    for node in reversed(nodes):
        if any(out in needed for out in node.output):
            alive.append(node)
            needed.update(node.input)
    alive.reverse()
    constants = [c for c in graph.initializer if c.name in needed]
    inputs = [i for i in graph.input if i.name in needed]
    for field, kept in ((graph.node, alive), (graph.initializer, constants), (graph.input, inputs)):
        del field[:]
        field.extend(kept)


def identical(model: Any, other: Any) -> bool:
    """Whether two graphs give bit-identical outputs on the probe inputs (each fed the inputs it has)."""
    runs = [session(m.SerializeToString()) for m in (model, other)]
    rng = np.random.default_rng(0)
    for length in PROBE_LENGTHS:
        ids = np.concatenate([[101], rng.integers(1000, 30000, length - 2), [102]]).astype(np.int64)[None, :]
        outs = [s.run(None, feeds({i.name for i in s.get_inputs()}, ids))[0] for s in runs]
        if not np.array_equal(outs[0], outs[1]):
            return False
    return True
