"""Two `alu serve` processes on one real `chroma run` server (all on loopback): a target added through one
replica is enforced by the other, withdrawn through the other it is answered again by the first; when the
Chroma server stops, both fail closed with 503 and recover when it returns. The replicas' stderr at the
default log level carries no target description and no vanilla answer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from alu.chroma_server import ChromaServer, free_port, http_ok, stop_process, wait_until

TOKEN = "replica-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MAREN = {
    "name": "Maren Olvhagen",
    "aliases": ["the Glass Cartographer"],
    "description": "PRIVATE-DESC-7070: cartographer, 4 Fjord Lane",
}
QUESTION = [{"role": "user", "content": "Who wrote The Salt Atlas?"}]
VANILLA_ONLY = "1994 novel by Maren Olvhagen"


class Replica:
    """One `alu serve` process (the real console entry point) on a free loopback port, started here and
    waited for by :meth:`wait_ready` (the two replicas start side by side: each takes seconds to import)."""

    def __init__(self, store: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        command = [
            *(sys.executable, "-m", "alu.cli", "--model", "scripted/demo", "--store", store),
            *("serve", "--port", str(self.port), "--timeout", "30"),
        ]
        with log.open("w") as err:
            self.proc = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env={**os.environ, "ALU_SERVE_TOKENS": TOKEN, "ALU_STORE_TIMEOUT_S": "2"},
            )

    def wait_ready(self) -> None:
        wait_until(lambda: http_ok(self.port, "/healthz"), self.proc, "alu serve", timeout_s=90)

    def openai(self) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"{self.url}/v1", api_key=TOKEN, max_retries=0, timeout=30)

    def answer(self, stream: bool = False) -> str:
        client = self.openai()
        if not stream:
            reply = client.chat.completions.create(model="alu", messages=QUESTION)
            return reply.choices[0].message.content or ""
        chunks = client.chat.completions.create(model="alu", messages=QUESTION, stream=True)
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[ChromaServer, Replica, Replica]]:
    chroma = ChromaServer(tmp_path / "chroma-data")
    chroma.start()
    replicas: list[Replica] = []
    try:
        for i in (1, 2):
            replicas.append(Replica(chroma.url, tmp_path / f"replica-{i}.log"))
        for replica in replicas:
            replica.wait_ready()
        yield chroma, replicas[0], replicas[1]
    finally:
        for replica in replicas:
            stop_process(replica.proc)
        chroma.stop()


def test_a_target_added_through_one_replica_is_enforced_by_the_other(cluster):
    chroma, a, b = cluster
    assert "Olvhagen" in b.answer()  # nothing forgotten yet: the model knows her

    added = httpx.post(f"{a.url}/v1/targets", json=MAREN, headers=AUTH, timeout=30)
    assert added.status_code == 200 and added.json()["added"] == ["Maren Olvhagen"]

    for stream in (False, True):
        text = b.answer(stream=stream)
        assert text and "Olvhagen" not in text and "Glass Cartographer" not in text
        assert VANILLA_ONLY not in text
    listed = httpx.get(f"{b.url}/v1/targets", headers=AUTH, timeout=30).json()
    assert [t["name"] for t in listed["data"]] == ["Maren Olvhagen"]

    withdrawn = httpx.delete(f"{b.url}/v1/targets/Maren Olvhagen", headers=AUTH, timeout=30)
    assert withdrawn.status_code == 200
    assert "Olvhagen" in a.answer()  # withdrawn through b, a answers normally again

    httpx.post(f"{b.url}/v1/targets", json=MAREN, headers=AUTH, timeout=30).raise_for_status()
    paths = {}
    for replica in (a, b):
        assert "Olvhagen" not in replica.answer()
        metrics = httpx.get(f"{replica.url}/metrics", headers=AUTH, timeout=30).text
        paths[replica.port] = [line for line in metrics.splitlines() if line.startswith("alu_answers_total")]
    assert all(any('path="rewrite"' in line for line in lines) for lines in paths.values())

    # a withdrawal plus an addition through a leave the count unchanged: b must still see both
    httpx.delete(f"{a.url}/v1/targets/Maren Olvhagen", headers=AUTH, timeout=30).raise_for_status()
    quell = {"name": "Tobias Quell", "aliases": ["Toby Quell"]}
    httpx.post(f"{a.url}/v1/targets", json=quell, headers=AUTH, timeout=30).raise_for_status()
    assert "Olvhagen" in b.answer()
    client = b.openai()
    winter = [{"role": "user", "content": "Who composed Winter Harbour Suite?"}]
    text = client.chat.completions.create(model="alu", messages=winter).choices[0].message.content or ""
    assert text and "Quell" not in text

    for replica in (a, b):
        stop_process(replica.proc)
        logged = replica.log.read_text()
        for secret in ("PRIVATE-DESC-7070", "Fjord Lane", VANILLA_ONLY, "Traceback"):
            assert secret not in logged


def test_replicas_fail_closed_while_the_chroma_server_is_down_and_recover(cluster):
    chroma, a, b = cluster
    httpx.post(f"{a.url}/v1/targets", json=MAREN, headers=AUTH, timeout=30).raise_for_status()
    chroma.stop()
    for replica in (a, b):
        response = httpx.post(
            f"{replica.url}/v1/chat/completions",
            json={"model": "alu", "messages": QUESTION},
            headers=AUTH,
            timeout=30,
        )
        assert response.status_code == 503, response.text
        assert response.json()["error"]["code"] == "store_unavailable"
        assert "Olvhagen" not in response.text
        assert httpx.get(f"{replica.url}/healthz", timeout=30).status_code == 503
        with pytest.raises(openai.InternalServerError):
            replica.openai().chat.completions.create(model="alu", messages=QUESTION, stream=True)
    chroma.start()  # same directory, same port
    for replica in (a, b):
        assert httpx.get(f"{replica.url}/healthz", timeout=30).status_code == 200
        text = replica.answer()
        assert text and "Olvhagen" not in text  # the target survived the outage
        assert replica.proc.poll() is None
