"""Request counters and latency histograms in the Prometheus text format (no extra dependency)."""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
Labels = tuple[tuple[str, str], ...]


class Histogram:
    def __init__(self) -> None:
        self.counts = [0] * len(BUCKETS)
        self.total = 0
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        self.total += 1
        self.sum += seconds
        for i, bound in enumerate(BUCKETS):
            if seconds <= bound:
                self.counts[i] += 1


class Metrics:
    """What `/metrics` reports: requests by route and status, answers by path (fast/rewrite/refuse), and
    latency histograms of every request and of answered chats by path."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[Labels, int] = defaultdict(int)
        self.answers: dict[Labels, int] = defaultdict(int)
        self.request_seconds: dict[Labels, Histogram] = defaultdict(Histogram)
        self.answer_seconds: dict[Labels, Histogram] = defaultdict(Histogram)

    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(("route", route), ("method", method), ("status", str(status)))] += 1
            self.request_seconds[(("route", route),)].observe(seconds)

    def answer(self, path: str, stream: bool, seconds: float) -> None:
        with self._lock:
            self.answers[(("path", path), ("stream", str(stream).lower()))] += 1
            self.answer_seconds[(("path", path),)].observe(seconds)

    def path_counts(self) -> dict[str, int]:
        """Answers by path, streamed or not (for benchmarks and tests)."""
        out: dict[str, int] = defaultdict(int)
        with self._lock:
            for labels, n in self.answers.items():
                out[dict(labels)["path"]] += n
        return dict(out)

    def render(self) -> str:
        with self._lock:
            lines = [
                "# HELP alu_requests_total HTTP requests by route, method and status.",
                "# TYPE alu_requests_total counter",
                *(f"alu_requests_total{_fmt(k)} {v}" for k, v in sorted(self.requests.items())),
                "# HELP alu_answers_total Chat completions answered, by path (fast, rewrite, refuse).",
                "# TYPE alu_answers_total counter",
                *(f"alu_answers_total{_fmt(k)} {v}" for k, v in sorted(self.answers.items())),
            ]
            lines += _histogram(
                "alu_request_seconds", "Time to serve an HTTP request, by route.", self.request_seconds
            )
            lines += _histogram(
                "alu_answer_seconds", "Time to answer a chat completion, by path.", self.answer_seconds
            )
        return "\n".join(lines) + "\n"


def _fmt(labels: Labels) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    return "{" + inner + "}" if inner else ""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _histogram(name: str, help_text: str, series: dict[Labels, Histogram]) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} histogram"]
    for labels, h in sorted(series.items()):
        for bound, count in zip(BUCKETS, h.counts, strict=True):
            lines.append(f"{name}_bucket{_fmt((*labels, ('le', repr(bound))))} {count}")
        lines.append(f"{name}_bucket{_fmt((*labels, ('le', '+Inf')))} {h.total}")
        lines.append(f"{name}_sum{_fmt(labels)} {h.sum:.6f}")
        lines.append(f"{name}_count{_fmt(labels)} {h.total}")
    return lines
