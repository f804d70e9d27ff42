"""A `chroma run` server (the CLI ships with chromadb) on a free loopback port, as a child process.

For the serving benchmark and the scale-out and fault tests: replicas of `alu serve` share it as their store.
It can be stopped, restarted on the same directory and port, and frozen (accepts connections, never
answers)."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from alu.errors import AluError

_CHROMA_MAIN = "import sys; from chromadb.cli.cli import app; sys.exit(app())"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_ok(port: int, path: str) -> bool:
    """True when GET http://127.0.0.1:port/path answers 200."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    finally:
        conn.close()


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen, what: str, timeout_s: float) -> None:
    """Poll `ready` until it holds; fail at once when `proc` exits, and after `timeout_s` otherwise."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AluError(f"{what} exited during startup (exit code {proc.returncode})")
        with contextlib.suppress(OSError, http.client.HTTPException):
            if ready():
                return
        time.sleep(0.2)
    raise AluError(f"{what} did not answer within {timeout_s:g} s")


def stop_process(proc: subprocess.Popen | None, *, grace_s: float = 0.0) -> None:
    """End a child process and reap it: SIGTERM first when given a grace period, then SIGKILL (which also
    ends a frozen one)."""
    if proc is None or proc.poll() is not None:
        return
    if grace_s > 0:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace_s)
            return
    proc.kill()
    proc.wait()


class ChromaServer:
    """`chroma run --path DIR` on 127.0.0.1 at a free port; `url` is what `--store` takes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 60.0) -> None:
        """Start (or restart, same directory and port) and wait until its heartbeat answers."""
        args = ["run", "--path", str(self.path), "--port", str(self.port), "--host", "127.0.0.1"]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _CHROMA_MAIN, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        wait_until(lambda: http_ok(self.port, "/api/v2/heartbeat"), self.proc, "chroma run", timeout_s)

    def stop(self) -> None:
        stop_process(self.proc)

    def freeze(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)
