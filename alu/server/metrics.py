"""Request counters and latency histograms for `/metrics`, in the Prometheus text format (prometheus_client).

A server of one process keeps its counts in memory. `alu serve --workers N` runs N processes and a scrape
reaches any one of them, so there each worker writes its counts to files of its own (named by its pid) in a
folder the parent made for this run of the server, and every worker's /metrics sums all the files:
prometheus_client's multiprocess mode, chosen by PROMETHEUS_MULTIPROC_DIR when prometheus_client is first
imported (the parent sets it before starting the workers, see alu.server.workers).

A worker that exits keeps its counts (its files stay, and counters never go down) until the server stops and
removes the folder. A restarted server makes a new folder, so no earlier run's file is ever counted again."""

from __future__ import annotations

from collections import defaultdict

from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, Counter, Histogram, values
from prometheus_client.exposition import generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
SHARED_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
"""The folder where every worker of one server writes its counts (prometheus_client reads it at import)."""
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4


class Metrics:
    """What `/metrics` reports: requests by route and status, answers by path (fast/rewrite/refuse), and
    latency histograms of every request and of answered chats by path.

    `shared_dir`: the folder of a multi-process server, whose /metrics sums every worker's counts; None: this
    process's counts only."""

    def __init__(self, shared_dir: str | None = None) -> None:
        if shared_dir is not None and not getattr(values.ValueClass, "_multiprocess", False):
            raise RuntimeError(
                f"prometheus_client was imported before {SHARED_DIR_ENV} was set: this process's counts "
                "would not reach the shared folder"
            )
        self._registry = CollectorRegistry(auto_describe=False)
        self._requests = Counter(
            "alu_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=self._registry,
        )
        self._answers = Counter(
            "alu_answers",
            "Chat completions answered, by path (fast, rewrite, refuse).",
            ["path", "stream"],
            registry=self._registry,
        )
        self._request_seconds = Histogram(
            "alu_request_seconds",
            "Time to serve an HTTP request, by route.",
            ["route"],
            buckets=BUCKETS,
            registry=self._registry,
        )
        self._answer_seconds = Histogram(
            "alu_answer_seconds",
            "Time to answer a chat completion, by path.",
            ["path"],
            buckets=BUCKETS,
            registry=self._registry,
        )
        self._scraped = self._registry
        if shared_dir is not None:
            self._scraped = CollectorRegistry(auto_describe=False)
            MultiProcessCollector(self._scraped, path=shared_dir)

    def request(self, route: str, method: str, status: int, seconds: float) -> None:
        self._requests.labels(route, method, str(status)).inc()
        self._request_seconds.labels(route).observe(seconds)

    def answer(self, path: str, stream: bool, seconds: float) -> None:
        self._answers.labels(path, str(stream).lower()).inc()
        self._answer_seconds.labels(path).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text (CONTENT_TYPE): this process's counts, or every worker's summed."""
        return generate_latest(self._scraped)


def answers_by_path(text: str) -> dict[str, int]:
    """Answers by path (streamed or not) in a /metrics text: for benchmarks and tests."""
    out: dict[str, int] = defaultdict(int)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "alu_answers_total":
                out[sample.labels["path"]] += int(sample.value)
    return dict(out)
