"""Whether to screen the question while the model answers, or to wait for the answer and screen both at once.

Screening the question while the model answers hides its cost behind the model's latency. A model that
answers faster than the question can be screened (a cache, a classifier, a model on the same machine) hides
nothing: the two screenings then run one after the other, and the question's competes with the model call
for the interpreter. Screening both texts in one pass (as an audit does: one embedding call that runs them
side by side, one read of each index for both) costs less than the two passes. :class:`Pace` keeps recent
latencies of each model and of the question's screening and says, per call, how long to wait for the answer
before screening the question anyway; a model not seen yet is screened beside, as before."""

from __future__ import annotations

import threading

WEIGHT = 0.2
"""Weight of the newest measurement in the running averages (about the last ten calls count)."""
MAX_WAIT_S = 0.05
"""The longest wait for an answer before the question is screened anyway: a screening that took longer was
waiting for something else (a store opening, a busy machine), and a model that answers within this gains
little from the wait."""


class Pace:
    """Running averages, in seconds, of each model's answer time and of the question's screening."""

    def __init__(self, max_wait_s: float = MAX_WAIT_S) -> None:
        self.max_wait_s = max_wait_s
        self._model: dict[str, float] = {}
        self._screen: float | None = None
        self._seen: set[str] = set()
        """Series measured once: the first call of each carries one-time costs (imports, opening the store
        and its indexes, a new connection) and is not averaged."""
        self._lock = threading.Lock()

    def head_start(self, model: str) -> float | None:
        """Seconds to wait for `model`'s answer before screening the question; None: screen it at once (the
        model is known to be slower than screening, or not known yet). The wait is what screening the
        question alone would take: a model slower than usual costs at most that much more."""
        with self._lock:
            answer, screen = self._model.get(model), self._screen
        if answer is None or screen is None:
            return None
        wait = min(screen, self.max_wait_s)
        return wait if answer < wait else None

    def answered(self, model: str, seconds: float) -> None:
        with self._lock:
            if self._past_first(f"model:{model}"):
                self._model[model] = _averaged(self._model.get(model), seconds)

    def screened(self, seconds: float) -> None:
        with self._lock:
            if self._past_first("screen"):
                self._screen = _averaged(self._screen, seconds)

    def _past_first(self, series: str) -> bool:
        """Whether the series was measured before (the caller holds the lock); marks it measured."""
        seen = series in self._seen
        self._seen.add(series)
        return seen


def _averaged(average: float | None, seconds: float) -> float:
    return seconds if average is None else average + WEIGHT * (seconds - average)
