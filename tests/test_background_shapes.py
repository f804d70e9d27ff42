"""The background sets' multiple-choice shapes draw their distractors from a lazy view of an area's other
answers (alu.background._Others): it must read exactly as the list it replaced, so the same seed gives the
same texts, the ones the shipped vectors were embedded from."""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alu import background
from alu.background import _Others


def _positions(answers: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for k, answer in enumerate(answers):
        found[answer].append(k)
    return found


@given(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=60), st.integers(0, 2**32 - 1))
def test_the_view_reads_and_samples_as_the_list_without_the_answer(answers, seed):
    positions = _positions(answers)
    for answer in set(answers):
        others = [a for a in answers if a != answer]
        view = _Others(answers, positions[answer])
        assert len(view) == len(others) and list(view) == others
        assert [view[k] for k in range(-len(others), 0)] == others
        if len(others) >= 3:
            assert random.Random(seed).sample(view, 3) == random.Random(seed).sample(others, 3)
        with pytest.raises(IndexError):
            view[len(others)]


@pytest.mark.parametrize("stem", ["background_field", "background_near"])
def test_the_field_sets_texts_are_still_the_ones_their_shipped_vectors_embed(stem):
    """Their areas are the largest (up to 1,468 answers), where the view replaced the most lists: the texts
    picked across the set embed as the shipped vectors do (a changed distractor moves a text's vector)."""
    from alu.embeddings import get_embedder

    texts = background.texts(stem)
    shipped = background._shipped(stem, len(texts))
    assert shipped is not None
    picked = np.random.default_rng(1).choice(len(texts), 40, replace=False)
    fresh = get_embedder().embed([texts[i] for i in picked])
    rows = shipped[picked] / np.linalg.norm(shipped[picked], axis=1, keepdims=True)
    assert float((fresh * rows).sum(axis=1).min()) > 0.995
