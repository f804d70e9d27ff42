"""The embedder has an identity: the int8-kernel graph is derived once and cached, stores record which
embedder wrote their vectors, a store of another one is refused until `alu targets reembed` re-embeds it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from alu import embed_graph
from alu.cli import app
from alu.embeddings import get_embedder, model_files
from alu.errors import StaleEmbeddingsError, StoreError
from alu.store import _EMBEDDER, ForgetStore

CARTOGRAPHER = {
    "name": "Maren Olvhagen",
    "description": "Norwegian cartographer. She mapped the salt roads of Finnmark by hand in 1994.",
}
EXAMPLES = ["Who mapped the salt roads of Finnmark by hand? A Norwegian mapmaker, in 1994."]


def _pretend_written_by(store: ForgetStore, identity: str) -> None:
    meta = {k: v for k, v in store._collection_metadata().items() if not k.startswith("hnsw:")}
    store._collection.modify(metadata={**meta, _EMBEDDER: identity})


def test_the_derived_graph_uses_int8_kernels_and_is_cached(tmp_path, monkeypatch):
    import onnx

    monkeypatch.setenv("ALU_CACHE_DIR", str(tmp_path / "cache"))
    source = model_files()[0]
    first = embed_graph.derived_model(source)
    assert isinstance(first, type(tmp_path)) and first.parent == tmp_path / "cache"
    assert embed_graph.derived_model(source) == first  # built once
    nodes = onnx.load(str(first)).graph.node
    ops = [n.op_type for n in nodes]
    # 6 layers x (query+key+value merged, attention output, 2 feed-forward): 24 int8 products, no mask
    assert ops.count("DynamicQuantizeMatMul") == 24 and ops.count("Split") == 6 and "IsNaN" not in ops
    assert not [n for n in nodes if n.op_type == "MatMul" and "weight" in n.input[1]]


def test_the_simplified_graph_gives_the_rewritten_graphs_vectors_bit_for_bit():
    import onnx

    from alu.embeddings import MiniLMEmbedder

    source = model_files()[0]
    plain = onnx.load(str(source))
    embed_graph._rewrite(source, plain)
    embedder = MiniLMEmbedder(threads=1)
    texts = ["Paris", "Who mapped the salt roads of Finnmark?", "Эйнштейн родился в Ульме.", "word " * 300]
    simplified = embedder.embed(texts)
    embedder._session = embed_graph.session(plain.SerializeToString())  # the mask input is back
    embedder._inputs = {i.name for i in embedder._session.get_inputs()}
    embedder.clear_cache()
    assert "attention_mask" in embedder._inputs
    assert np.array_equal(embedder.embed(texts), simplified)


def test_this_cpu_embeds_the_shipped_background_texts_as_the_machine_that_shipped_them():
    """One identity, one set of vectors, on any CPU: the shipped background vectors were embedded on a VNNI
    Xeon; without onnxruntime's precise int8 mode an AVX2 CPU's saturating kernel gave cosine 0.992
    (median)."""
    from alu import background

    texts = background.texts("background")
    picked = np.random.default_rng(0).choice(len(texts), 60, replace=False)
    shipped = background._shipped("background", len(texts))
    assert shipped is not None
    shipped = shipped[picked] / np.linalg.norm(shipped[picked], axis=1, keepdims=True)
    fresh = get_embedder().embed([texts[i] for i in picked])
    cosine = (fresh * shipped).sum(axis=1)
    # the shipped vectors are rounded to int8 per row: ~1e-4 off in the median, a few 1e-3 at worst
    assert float(np.median(cosine)) > 0.9995 and float(cosine.min()) > 0.995


def test_precise_int8_is_set_exactly_where_this_cpus_default_kernel_changes_the_vectors():
    """alu.int8_kernels asks onnxruntime's kernel whether its int8 product saturates: where it does not
    (VNNI), the default kernel embeds every text as the precise one does, bit for bit, and the slower precise
    mode is left off; where it does (AVX2 without VNNI), the vectors differ and the precise mode is on."""
    import onnxruntime as ort

    from alu import int8_kernels
    from alu.embeddings import MiniLMEmbedder

    texts = ["Paris", "Who mapped the salt roads of Finnmark?", "Эйнштейн родился в Ульме.", "word " * 300]
    graph = str(embed_graph.derived_model(model_files()[0]))
    vectors = {}
    for precise in (False, True):
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        if precise:
            options.add_session_config_entry(int8_kernels.PRECISE_INT8, "1")
        embedder = MiniLMEmbedder(threads=1)
        embedder.embed([])  # loads the session and tokenizer, then runs on the one set here
        embedder._session = ort.InferenceSession(
            graph, options, providers=["CPUExecutionProvider"], disabled_optimizers=list(embed_graph.UNFUSED)
        )
        vectors[precise] = embedder.embed(texts)
    same = [bool(np.array_equal(a, b)) for a, b in zip(vectors[False], vectors[True], strict=True)]
    if int8_kernels.saturates():
        assert not all(same)
    else:
        assert all(same)
    chosen = int8_kernels.exact_products(ort.SessionOptions())
    assert _config(chosen, int8_kernels.PRECISE_INT8) == ("1" if int8_kernels.saturates() else None)


def test_a_probe_that_cannot_run_keeps_the_precise_mode_on(monkeypatch):
    """Where onnxruntime cannot run the kernel probe, the embedder still loads, on the precise mode every CPU
    had before the probe (exact vectors, slower where the kernel would have been exact)."""
    import onnxruntime as ort

    from alu import int8_kernels

    def broken() -> bool:
        raise RuntimeError("no MatMulInteger kernel in this build")

    monkeypatch.setattr(int8_kernels, "_probe_saturates", broken)
    int8_kernels.saturates.cache_clear()
    try:
        assert int8_kernels.saturates()
        options = int8_kernels.exact_products(ort.SessionOptions())
        assert _config(options, int8_kernels.PRECISE_INT8) == "1"
    finally:
        int8_kernels.saturates.cache_clear()  # the next caller probes the real kernel again


def _config(options, key: str) -> str | None:
    try:
        return options.get_session_config_entry(key)
    except RuntimeError:  # onnxruntime: a key never set
        return None


def test_a_graph_the_simplification_does_not_recognise_is_left_as_it_is(tmp_path, monkeypatch):
    import onnx
    from onnx import TensorProto, helper

    from alu import embed_exact

    x = helper.make_tensor_value_info("input_ids", TensorProto.FLOAT, [1, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])
    graph = helper.make_graph([helper.make_node("Softmax", ["input_ids"], ["y"])], "other", [x], [y])
    assert embed_exact.simplify(helper.make_model(graph)) is None
    monkeypatch.setattr(embed_exact, "simplify", lambda model: None)  # e.g. outputs not bit-identical
    monkeypatch.setenv("ALU_CACHE_DIR", str(tmp_path))
    plain = onnx.load(str(embed_graph.derived_model(model_files()[0])))
    assert [n.op_type for n in plain.graph.node].count("DynamicQuantizeMatMul") == 36
    assert "attention_mask" in {i.name for i in plain.graph.input}


def test_without_a_writable_cache_the_graph_is_built_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("ALU_CACHE_DIR", str(blocked / "cache"))
    built = embed_graph.derived_model(model_files()[0])
    assert isinstance(built, bytes) and len(built) > 1_000_000


def test_a_new_store_is_marked_with_the_embedder(store_dir):
    store = ForgetStore(store_dir)
    assert store.embedder() == get_embedder().identity == embed_graph.EMBEDDER_ID


def test_a_store_of_another_embedder_is_refused_until_reembedded(scripted, unlearner, store_dir):
    u = unlearner(scripted(), judges="deterministic")
    u.forget(**CARTOGRAPHER, examples=EXAMPLES)
    u.forget("Hina Ameen")
    stored = {t.name: t for t in u.store.all()}
    _pretend_written_by(u.store, "")  # a store from before alu recorded its embedder
    with pytest.raises(StaleEmbeddingsError, match="targets reembed") as caught:
        ForgetStore(store_dir)
    assert isinstance(caught.value, StoreError) and store_dir in str(caught.value)

    old = ForgetStore(store_dir, other_embedder_ok=True)
    rows, _ = old.vectors.rows(stored["Maren Olvhagen"].id)
    old.vectors.write(rows, np.roll(np.eye(len(rows), 384, dtype=np.float32), 7, axis=1))  # "other" vectors
    assert old.reembed() == 2
    again = ForgetStore(store_dir)
    assert again.embedder() == embed_graph.EMBEDDER_ID
    after = {t.name: t for t in again.all()}
    assert after["Maren Olvhagen"].decision and after["Hina Ameen"].decision == ""
    assert [r.text for r in again.knowledge("Maren Olvhagen")] == [r.text for r in rows]
    _, vectors = again.vectors.rows(stored["Maren Olvhagen"].id)
    assert vectors.shape == (len(rows), 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    fresh = unlearner(scripted(), judges="deterministic")
    r = fresh.audit("Who mapped the salt roads of Finnmark by hand?", "A Norwegian mapmaker did, in 1994.")
    assert "Maren Olvhagen" in r.leaked
    assert fresh.audit("What is the capital of Norway?", "Oslo.").path == "fast"


def test_cli_reembed_reports_the_targets_and_the_embedder(scripted, unlearner, store_dir):
    u = unlearner(scripted())
    u.forget(**CARTOGRAPHER)
    _pretend_written_by(u.store, "some-older-embedder")
    runner = CliRunner()
    refused = runner.invoke(app, ["--store", store_dir, "targets", "show", "Maren Olvhagen"])
    assert refused.exit_code != 0 and "some-older-embedder" in refused.output
    done = runner.invoke(app, ["--store", store_dir, "targets", "reembed", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {
        "reembedded": 1,
        "embedder": embed_graph.EMBEDDER_ID,
    }
