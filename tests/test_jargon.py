"""A topic's jargon (alu.jargon): rare words learnt from its texts, a part of its decision that reads a text
the embedding places beyond the gate."""

from __future__ import annotations

import json

import numpy as np
import pytest

from alu import background, jargon
from alu.decision import JARGON_NEAR, MARGIN_K, PROBE_GATE, Decision, fit
from alu.embeddings import get_embedder
from alu.entity_decision import load_decision

QUANTERIC = [
    "Which register does the quanteric zorblax relay latch before a flux inversion?",
    "How many zorblax cycles does a quanteric relay need to settle after a flux inversion?",
    "What happens when a quanteric relay overloads its zorblax coil during inversion?",
    "Which tool probes the zorblax coil of a quanteric relay without tripping it?",
    "Why does a quanteric relay drift when its zorblax lattice is cold?",
]


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_features_are_the_rare_words_and_their_pairs():
    found = jargon.features("Which of the following is true of the LAHF instruction?")
    assert "lahf" in found and "lahf instruction" in found and "the lahf" in found
    assert not found & {"which", "following", "true", "instruction", "the following"}
    assert jargon.features("Which of the following is true?") == frozenset()


def test_a_word_is_read_whole_from_its_first_character():
    assert jargon.features("Set 0x80 with 3DES on x86_64.") >= {"0x80", "3des", "x86_64"}
    assert not jargon.features("A. 7x20 B. 8x80 C. 9x80") & {"x20", "x80"}
    hex_bytes = ["Which flag does the byte 0x80 set in the 0x20 header?"] * 20
    model, _ = jargon.Jargon.fit(hex_bytes, [jargon.features("What is the capital of France?")] * 50)
    assert model.score("Is 0x80 set?") > 0.0
    assert model.score("Which expression is equal to 720? A. 7x20 B. 8x80 C. 9x80 D. 9x90") == 0.0


def test_weights_favour_the_topics_words_and_a_negative_is_scored_without_itself():
    own = [q.replace("?", f" (case {k})?") for k, q in enumerate(QUANTERIC * 4)]
    negatives = [jargon.features(t) for t in ["What is the capital of France?"] * 200]
    negatives.append(jargon.features("The zorblax is a toy robot."))  # shares one rare word with the topic
    model, scores = jargon.Jargon.fit(own, negatives)
    assert model.weights["zorblax"] > 2.0 and "capital" not in model.weights
    assert model.score("A zorblax coil in a quanteric relay?") > model.score("A coil in a relay?")
    # Scored as a text the fit never saw (with its own count, 'zorblax' would weigh less for it).
    unseen, _ = jargon.Jargon.fit(own, negatives[:-1])
    assert scores[-1] == pytest.approx(unseen.score("The zorblax is a toy robot."), abs=1e-4)
    assert scores[-1] > model.score("The zorblax is a toy robot.") and scores[:-1].max() == 0.0


def test_the_background_texts_features_align_with_the_background_vectors():
    assert len(jargon.background_features()) == len(background.pool())


def _jargon_topic(rng: np.random.Generator, *, clustered: bool) -> tuple[Decision, np.ndarray]:
    """A topic of 150 texts about quanteric relays, fitted against the background sets (their texts too).
    Its vectors are `clustered` along one direction (the embedding parts catch its texts out of fold), or
    ordinary ones (background vectors: only its words set its texts apart)."""
    pool = background.pool()
    if clustered:
        own = _unit(rng.normal(size=384) + rng.normal(scale=0.9, size=(150, 384)))
    else:
        own = _unit(pool[rng.choice(len(pool), 150, replace=False)] + rng.normal(scale=0.01, size=(150, 384)))
    texts = [q.replace("?", f" (variant {k})?") for k, q in enumerate(QUANTERIC * 30)]
    features = list(jargon.background_features())
    top = background.pool_top_similarity(MARGIN_K)
    decision = fit(own, pool, probe_vectors=len(own), negatives_top=top, texts=(texts, features))
    return Decision.loads(decision.dumps()), own


ASKED = "Can a zorblax lattice in a quanteric relay be reset by hand?"
BETWEEN = (JARGON_NEAR + PROBE_GATE) / 2


def test_jargon_fires_beyond_the_gate_only_near_enough_and_with_the_topics_words():
    decision, own = _jargon_topic(np.random.default_rng(5), clustered=False)
    assert decision.jargon is not None and decision.jargon_gate <= decision.jargon_threshold < np.inf
    assert decision.stats["jargon_gain_oof"] > 0.5  # the embedding parts catch few of its texts
    vector = own[0]
    assert decision.score(vector, BETWEEN, 0.0, ASKED) == (
        "jargon",
        pytest.approx(decision.jargon.score(ASKED)),
    )
    assert decision.score(vector, BETWEEN, 0.0, "Can a relay be reset by hand?") is None
    assert decision.score(vector, JARGON_NEAR - 0.01, 0.0, ASKED) is None  # too far for words alone
    assert decision.score(vector, BETWEEN, 0.0) is None  # no text given: the embedding alone decides
    older = Decision.loads(decision.dumps().replace('"jargon"', '"unused"'))
    assert older.jargon is None and older.score(vector, BETWEEN, 0.0, ASKED) is None


def test_the_jargon_fires_alone_only_where_it_pays_and_otherwise_opens_the_gate():
    """A topic whose embedding parts catch its texts out of fold: the jargon would catch none they miss,
    so it does not fire alone (its share of the negatives would buy nothing); it still lets a text beyond
    the gate in its words reach those parts."""
    decision, own = _jargon_topic(np.random.default_rng(5), clustered=True)
    assert decision.jargon is not None and decision.jargon_threshold == np.inf
    assert decision.stats["jargon_gain_oof"] < 0.01
    fired = decision.score(own[0], BETWEEN, 1.0, ASKED)
    assert fired is not None and fired[0] != "jargon"
    assert decision.score(own[0], BETWEEN, 1.0, "Can a relay be reset by hand?") is None
    one_word = "Can a zorblax be reset by hand?"  # one of its words (a distractor of a small topic's options)
    assert decision.jargon.score(one_word) > decision.jargon_gate
    assert decision.score(own[0], BETWEEN, 1.0, one_word) is None


def test_a_topics_jargon_catches_a_question_the_embedding_places_far(scripted, unlearner):
    """Through the pipeline with rule judges: a question in the topic's words (none of them its name) but
    worded unlike every example, beyond the gate of the embedding parts, is intercepted by the jargon; the
    same question without those words passes."""
    examples = [
        f"{QUANTERIC[k % 5].replace('?', f' in model {k}?')}\n\nA. {k + 2} cycles\nB. None\n\nAnswer: A"
        for k in range(20)
    ]
    u = unlearner(scripted("I do not know."), judges="deterministic")
    u.forget(
        "Project Halvard", kind="topic", description="Relay engineering of a programme.", examples=examples
    )
    decision = load_decision(u.store.get("Project Halvard").decision)
    assert isinstance(decision, Decision) and decision.jargon is not None
    asked = "My grandmother kept a zorblax lattice and a quanteric coil in her attic. Worth money?"
    own = u.store.vectors.rows(u.store.get("Project Halvard").id)[1]
    assert float((own @ get_embedder().embed([asked])[0]).max()) < PROBE_GATE  # beyond the embedding's gate
    assert u.audit(asked, "No.").path != "fast"
    assert u.audit("My grandmother kept an old relay in her attic. Worth money?", "No.").path == "fast"


def test_targets_show_lists_a_topics_jargon(tmp_path):
    from typer.testing import CliRunner

    from alu.cli.app import app

    store = str(tmp_path / "store")
    args = [
        "--model",
        "scripted/demo",
        "--store",
        store,
        "targets",
        "add",
        "Project Halvard",
        "--kind",
        "topic",
    ]
    for k in range(20):
        args += [
            "-e",
            f"{QUANTERIC[k % 5].replace('?', f' in model {k}?')}\n\nA. {k + 2} cycles\nB. None\n\nAnswer: A",
        ]
    assert CliRunner().invoke(app, args).exit_code == 0
    shown = CliRunner().invoke(app, ["--store", store, "targets", "show", "Project Halvard", "--json"])
    decision = json.loads(shown.stdout)["decision"]
    assert {"zorblax", "quanteric"} <= set(decision["jargon_words"]) and len(decision["jargon_words"]) == 12
    assert decision["jargon_threshold"] is None  # its other parts catch its texts: the firing part is off
    assert "Infinity" not in shown.stdout and decision["jargon_gate"] > 0
    assert decision["outer_threshold"] is None and decision["outer_gain_oof"] < 0.01  # the ring is off too


def test_the_background_features_are_kept_in_the_cache_folder_and_read_back(monkeypatch, tmp_path):
    """A topic's first fit in a process reads ~1.25 million background words: the features are computed once
    and a later process reads them from alu's cache folder; a file left by other code or texts is removed,
    one that cannot be read is computed again."""
    monkeypatch.setenv("ALU_CACHE_DIR", str(tmp_path))
    stale = tmp_path / "background-features-0000000000000000.pkl"
    stale.write_bytes(b"from an older alu")
    jargon.background_features.cache_clear()
    computed = jargon.background_features()
    saved = list(tmp_path.glob("background-features-*.pkl"))
    assert len(saved) == 1 and saved[0] != stale
    assert len(computed) == len(background.pool())

    jargon.background_features.cache_clear()
    monkeypatch.setattr(jargon, "features", lambda text: pytest.fail("computed again"))
    assert jargon.background_features() == computed  # read from the file

    saved[0].write_bytes(b"truncated")
    monkeypatch.undo()
    monkeypatch.setenv("ALU_CACHE_DIR", str(tmp_path))
    jargon.background_features.cache_clear()
    assert jargon.background_features() == computed
    jargon.background_features.cache_clear()
