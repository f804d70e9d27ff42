"""What a report needs to be reproduced: package versions and hashes of the data files it read."""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

PACKAGES = ("alu", "litellm", "langgraph", "chromadb", "pydantic", "numpy", "rouge-score", "onnxruntime")


def package_versions(packages: Iterable[str] = PACKAGES) -> dict[str, str]:
    """Python and the installed version of each package ("not installed" when absent)."""
    out = {"python": platform.python_version()}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_hash(path: str | Path) -> str:
    """sha256 of a file; of a folder, sha256 over its files' relative paths and hashes (sorted), so a
    folder of CSVs (MMLU) has one fingerprint. "missing" when the path does not exist."""
    p = Path(path)
    if p.is_file():
        return _sha256(p)
    if not p.is_dir():
        return "missing"
    digest = hashlib.sha256()
    for f in sorted(x for x in p.rglob("*") if x.is_file()):
        digest.update(f"{f.relative_to(p).as_posix()}\0{_sha256(f)}\n".encode())
    return digest.hexdigest()


def data_hashes(paths: Iterable[str | Path]) -> dict[str, str]:
    return {str(p): data_hash(p) for p in paths}
