"""A topic's jargon score: how much a text's rare words and word pairs are those of the topic's knowledge
texts rather than of ordinary ones (naive Bayes log-ratios, fitted when the target is written).

The embedding misses what the words give away: 165 of the 220 WMDP cyber questions the few-shot topic missed
were farther from every example than alu.decision.PROBE_GATE, yet many are written in the examples' words
('NERC CIP', 'Juniper Networks Junos', 'PIE and ASLR', 'bitsadmin /transfer', 'Jeep Cherokee').
Only words rarer than ZIPF in English count, alone or with a neighbour: common words carry the question's
style (multiple choice, 'which of the following'), and a score learnt on them set against alu's background
sets passed ~5x its share of MMLU; on jargon alone the share carried over (measured offline: cyber, 20% as
examples, seed 0; 1% of the background -> 1.0% of MMLU test)."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from alu import saved_files
from alu.keys import rarer_than

ZIPF = 3.5
"""A word counts when its Zipf frequency in English is below this (wordfreq's small list)."""
SMOOTHING = 0.5
_WORD = re.compile(r"(?<![A-Za-z0-9_])(?=[0-9_]*[A-Za-z])[A-Za-z0-9_]{3,}")
"""A word: a whole run of letters, digits and underscores with a letter in it ('3DES', '0x80', 'x86_64').
Read from its first letter, '0x80' was 'x80', the hex of cyber's examples, and an arithmetic option list
('A. 7x20 B. 8x80 C. 9x80') fired WMDP cyber's jargon as if it held three hex bytes."""


@lru_cache(maxsize=256)
def features(text: str) -> frozenset[str]:
    """The text's rare words (lower case) and the pairs of adjacent words of which one is rare (cached: each
    topic in a text's neighbourhood reads them)."""
    words = [w.lower() for w in _WORD.findall(text)]
    rare = list(map(_rare, words))
    found = {w for w, r in zip(words, rare, strict=True) if r}
    pairs = zip(words, words[1:], rare, rare[1:], strict=False)  # the second list of each is one shorter
    found.update(f"{a} {b}" for a, b, ra, rb in pairs if ra or rb)
    return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _rare(word: str) -> bool:
    """:func:`alu.keys.rarer_than` at ZIPF, cached by the word alone: a topic's first fit reads the ~1.25
    million words of alu's background texts (a one-argument cache key costs less than a two-argument one)."""
    return rarer_than(word, ZIPF)


@dataclass
class Jargon:
    """Log-ratio weights of the features the topic's own texts use; a text scores the sum of its features'."""

    weights: dict[str, float]

    def score(self, text: str) -> float:
        return self.read(text)[0]

    def read(self, text: str) -> tuple[float, int]:
        """(score, words): the text's score and how many of its rare words (not pairs) weigh for the topic."""
        found = features(text)
        words = sum(" " not in f and self.weights.get(f, 0.0) > 0.0 for f in found)
        return sum(self.weights.get(f, 0.0) for f in found), words

    def strongest(self, n: int) -> list[str]:
        """The n features of heaviest weight (what `alu targets show` lists)."""
        return sorted(self.weights, key=lambda f: (-self.weights[f], f))[:n]

    @staticmethod
    def weight(own: int, n_own: int, neg: int, n_neg: int) -> float:
        """A feature's weight: the log-ratio of its smoothed rates in the own texts and in the negatives."""
        return math.log((own + SMOOTHING) / (n_own + 2 * SMOOTHING)) - math.log(
            (neg + SMOOTHING) / (n_neg + 2 * SMOOTHING)
        )

    @classmethod
    def fit(cls, own: Sequence[str], negatives: Sequence[frozenset[str]]) -> tuple[Jargon, np.ndarray]:
        """The jargon of the `own` texts against the `negatives` (each a text's :func:`features`), and each
        negative's score by the weights without its own count (leave-one-out: a feature one negative and a
        few own texts share must not let that negative pass its own cut)."""
        own_counts = Counter(f for text in own for f in features(text))
        neg_counts = _counts_among(negatives, own_counts)
        p, n = len(own), len(negatives)
        weights = {f: Jargon.weight(c, p, neg_counts[f], n) for f, c in own_counts.items()}
        loo = {f: Jargon.weight(own_counts[f], p, c - 1, n - 1) for f, c in neg_counts.items()}
        scores = np.array([sum(loo[f] for f in fs if f in loo) for fs in negatives], dtype=np.float32)
        return cls(weights), scores

    @staticmethod
    def out_of_fold(own: Sequence[str], negatives: Sequence[frozenset[str]], folds: np.ndarray) -> np.ndarray:
        """Each own text's score by the weights fitted without its fold (`folds`: each text's fold). The
        negatives are counted and each text read once for all folds."""
        read = [features(text) for text in own]
        neg_counts = _counts_among(negatives, Counter(f for fs in read for f in fs))
        scores = np.empty(len(own), dtype=np.float32)
        for k in np.unique(folds):
            held_in = [fs for fs, fold in zip(read, folds, strict=True) if fold != k]
            counts = Counter(f for fs in held_in for f in fs)
            weights = {
                f: Jargon.weight(c, len(held_in), neg_counts[f], len(negatives)) for f, c in counts.items()
            }
            for i in np.flatnonzero(folds == k):
                scores[i] = sum(weights.get(f, 0.0) for f in read[i])
        return scores


def _counts_among(negatives: Sequence[frozenset[str]], wanted: Counter[str]) -> Counter[str]:
    """How many negatives have each of the `wanted` features."""
    return Counter(f for fs in negatives for f in fs if f in wanted)


@cache
def background_features() -> tuple[frozenset[str], ...]:
    """The features of every text of alu's background sets, aligned with alu.background.pool(). Read once per
    process, paid only when a topic with a probe is written: computed (~1-1.8 s on a 2-core EPYC) and kept
    in alu's cache folder, from which a later process reads them (~0.15 s) while the texts, this module,
    alu.keys and wordfreq's version are the same (see :func:`_saved_path`)."""
    from alu import background

    texts = [t for stem in background.SETS for t in background.texts(stem)]
    path = _saved_path(texts)
    saved = saved_files.load(path)
    if isinstance(saved, tuple) and len(saved) == len(texts):
        return saved
    computed = tuple(map(features, texts))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{_SAVED}-*.pkl"):  # from other versions of the code or texts
            stale.unlink(missing_ok=True)
    except OSError:
        return computed
    saved_files.save(path, computed)
    return computed


_SAVED = "background-features"


def _saved_path(texts: Sequence[str]) -> Path:
    """The cache file of the background features of these texts, named by all they are computed from."""
    from importlib.metadata import version

    from alu.embed_graph import cache_dir

    digest = hashlib.sha256(
        f"{saved_files.fingerprint('jargon.py', 'keys.py')}\0{version('wordfreq')}".encode()
    )
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    return cache_dir() / f"{_SAVED}-{digest.hexdigest()[:16]}.pkl"
