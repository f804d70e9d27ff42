"""What a target's knowledge looks like to screening: the texts that become its vectors, with provenance.

A target is recognised by more than its name: the sentences of its description, the examples the user gave,
chunks of its documents and probe questions each become one vector of the target. Every text records where it
came from (`source`) and who wrote it (`provenance`: user, extracted, generated), so `alu targets show` can
print everything alu holds and nothing is hidden."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alu import mcq
from alu.errors import InvalidTargetError
from alu.text import ABBREVIATION
from alu.types import MAX_DOCUMENT_CHARS, Target

Source = Literal["description", "example", "chunk", "probe"]
Provenance = Literal["user", "extracted", "generated"]
CHUNK_WORDS = 150
"""Words per document chunk: ~200 MiniLM tokens, inside the embedder's 256-token window."""
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_CHARS
FACTS_PER_DOCUMENT = 5_000
"""Sentences of a topic's document embedded one by one (about a novel's worth); a longer corpus is cut in
~150-word chunks instead, so that a book series stays thousands of vectors, not a hundred thousand."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n\s*\n")


@dataclass(frozen=True)
class Knowledge:
    """One text of a target that screening searches by similarity."""

    target_id: str
    text: str
    source: Source
    provenance: Provenance

    @property
    def id(self) -> str:
        """Stable row id: the same text of the same target is stored once whatever adds it. Screening reads
        the target id back from it (alu.vectors.VectorIndex.nearest)."""
        digest = hashlib.sha256(f"{self.source}\0{self.text}".encode()).hexdigest()[:16]
        return f"{self.target_id}:{digest}"


def owner_of(row_id: str) -> str:
    """The target id a stored row belongs to: a knowledge row's id is `<target id>:<digest>` (Knowledge.id),
    a target's own row id is the target id."""
    return row_id.split(":", 1)[0]


def sentences(text: str) -> list[str]:
    """Sentences of a description, each long enough to mean something alone (short ones join the next)."""
    out: list[str] = []
    pending = ""
    for part in split_at_sentence_ends(text):
        part = " ".join(part.split())
        if not part:
            continue
        pending = f"{pending} {part}".strip()
        if len(pending.split()) >= 5:
            out.append(pending)
            pending = ""
    if pending:
        if out:
            out[-1] = f"{out[-1]} {pending}"
        else:
            out.append(pending)
    return out


def split_at_sentence_ends(text: str) -> list[str]:
    """The text cut where a sentence ends: at a blank line, or after '.', '!' or '?' followed by a capital,
    a digit or an opening quote, unless the period closes an initial or an abbreviation."""
    parts: list[str] = []
    start = 0
    for end in _SENTENCE.finditer(text):
        stop = end.start()  # just after the period: only the word before it is read (long documents)
        if text[stop - 1] == "." and ABBREVIATION.search(text, max(0, stop - 12), stop):
            continue
        parts.append(text[start:stop])
        start = end.end()
    return [*parts, text[start:]]


def chunks(text: str, words: int = CHUNK_WORDS) -> list[str]:
    """A document cut into pieces of about `words` words at sentence ends (a sentence longer than that is cut
    by words)."""
    out: list[str] = []
    current: list[str] = []
    for sentence in sentences(text):
        tokens = sentence.split()
        if current and len(current) + len(tokens) > words:
            out.append(" ".join(current))
            current = []
        while len(tokens) > words:
            out.append(" ".join(tokens[:words]))
            tokens = tokens[words:]
        current += tokens
    if current:
        out.append(" ".join(current))
    return out


def facts(text: str) -> list[str]:
    """A document cut at its sentences (a sentence longer than a chunk is cut by words)."""
    return [piece for sentence in sentences(text) for piece in chunks(sentence)]


_PATH_SHAPE = re.compile(r"\S+\.[A-Za-z][A-Za-z0-9]{0,4}|(?:~|\.{1,2})?[/\\](?:\S*|.*\.\w{1,5})")
"""A text that can only be meant as a file's path: one word ending in a file extension ('notes/chem.txt',
'bio.md'), or a path from the root, the home or the current folder ('/data/bio', '~/My Notes/bio.txt'). A
missing file so named is an error, not a document holding its path."""


TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".rst")
"""The files of a folder given as a document that are read: its plain-text files, in name order."""


def read_document(item: str) -> str:
    """A document given as text, or as the path of a UTF-8 text file or of a folder of them (its
    TEXT_SUFFIXES files, in name order, joined: one corpus), read when the target is written: its sentences
    become the target's vectors, and the target lists the path (a later re-forget does not read it again)."""
    stripped = item.strip()
    if "\n" in stripped or len(stripped) > 4096:
        return item
    path = Path(stripped).expanduser()
    try:
        is_file = path.is_file()
    except OSError:  # a long sentence is no path
        return item
    if path.is_dir():
        return _read_folder(path)
    if not is_file:
        if _PATH_SHAPE.fullmatch(stripped):
            raise InvalidTargetError(
                f"document {path}: no such file (a document is a file's path or its text)"
            )
        return item
    return _read_file(path, path.stat().st_size)


def _read_folder(folder: Path) -> str:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if not files:
        raise InvalidTargetError(
            f"document {folder} is a folder with no text file in it ({', '.join(TEXT_SUFFIXES)})"
        )
    sizes = [p.stat().st_size for p in files]
    if sum(sizes) > MAX_DOCUMENT_BYTES:
        raise InvalidTargetError(
            f"document {folder}: its text files hold more than {MAX_DOCUMENT_BYTES // 1_000_000} MB"
        )
    return "\n\n".join(_read_file(p, size) for p, size in zip(files, sizes, strict=True))


def _read_file(path: Path, size: int) -> str:
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidTargetError(f"document {path} is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB")
    raw = path.read_bytes()
    kind = next((name for magic, name in _PACKED.items() if raw.startswith(magic)), None)
    if kind is not None:
        raise InvalidTargetError(
            f"document {path} is a {kind} file: alu reads plain UTF-8 text; extract its text first"
            " (e.g. pdftotext, pandoc)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidTargetError(f"document {path} is not UTF-8 text; convert it first") from None
    if not text.strip():
        raise InvalidTargetError(f"document {path} is empty")
    if "\x00" in text:
        raise InvalidTargetError(f"document {path} holds NUL bytes: it is no text file")
    return text


_PACKED = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "zip (Word, OpenDocument or EPUB)",
    b"\xd0\xcf\x11\xe0": "Microsoft Office (binary)",
}
"""Leading bytes of the document formats people most often hand over, which are no text (a PDF may even
decode as UTF-8) and need their text extracted first."""


def _example_rows(target_id: str, example: str) -> list[Knowledge]:
    """An example as the user wrote it or, for a multiple-choice question, in the shapes screening sees
    (alu.mcq.views; provenance `extracted`, the example itself stays in the target's examples)."""
    item = mcq.parse(example)
    if item is None:
        return [Knowledge(target_id, " ".join(example.split()), "example", "user")]
    return [Knowledge(target_id, view, "example", "extracted") for view in mcq.views(item)]


def _pieces(document: str, kind: str) -> list[str]:
    """A document's texts to embed: its sentences (an entity's always; a topic's up to FACTS_PER_DOCUMENT),
    else ~150-word chunks. A chunk's vector blurs the facts it holds, measured on TOFU forget10 (each
    author's answers joined as one document, paraphrased questions and answers with the names masked,
    oracle answers, rule judges; `alu bench knowledge --suites documents`): as an entity's, 21% intercepted
    with chunks and 94% with sentences; as a topic's, 43% (173/400) with chunks and 79% (315/400) with
    sentences, while other fictitious authors' questions intercepted went from 24 to 40 of 400, real
    authors' 4 and 4 of 100, world facts 0 and 0 of 117 (a topic's threshold is fitted on its own vectors,
    so a generic sentence raises it)."""
    text = read_document(document)
    cut = facts(text)
    return cut if kind == "entity" or len(cut) <= FACTS_PER_DOCUMENT else chunks(text)


LEAD_CHARS = 600
"""The most of a document's opening sentence kept as the target's lead (an encyclopedia's lead sentence
with its dates and roles is ~150-400 characters)."""


def lead_of(target: Target) -> str:
    """The opening sentence of a person's or a work's first document (:attr:`Target.lead`): what it says of
    who the target is counts like the description ('Alfred Bertram Guthrie Jr. (January 13, 1901 – April 26,
    1991) was an American novelist' for A. B. Guthrie Jr.); '' for a topic or without documents."""
    if target.kind == "topic" or not target.documents:
        return ""
    return opening_sentence(read_document(target.documents[0]))


def opening_sentence(text: str) -> str:
    """A text's first sentence (an initial or an abbreviation ends none: 'A. B. Guthrie Jr. (...) was'), at
    most LEAD_CHARS characters."""
    opening = sentences(text)
    return opening[0][:LEAD_CHARS] if opening else ""


def knowledge_of(target: Target) -> list[Knowledge]:
    """Every text of a target that becomes a vector, deduplicated, in a stable order. Description, examples
    and documents are the user's (documents cut in sentences, one fact per vector: see :func:`_pieces`);
    probes are the user's or, when listed in `target.generated`, the expansion agent's.

    An entity's one-sentence description is a vector too: the target's row in the targets collection (name,
    aliases, description) holds it with the names, which a question about the facts never carries ('Which
    city was formerly called Edo?' for Tokyo, described in one sentence, was not seen); fired alone, its
    decision makes the target a candidate for the judges, not a finding (alu.knowledge_screen). A topic's one
    sentence stays in its row alone: as a knowledge vector it became a near negative of the other targets of
    its domain (WMDP few-shot, cyber: 90% -> 80% intercepted). Name-only targets add none, and an entity's
    sentences that state its name and nothing else are no facts of it (alu.name_statements)."""
    tid = target.id
    rows = [row for e in target.examples for row in _example_rows(tid, e)]
    rows += [Knowledge(tid, c, "chunk", "user") for d in target.documents for c in _pieces(d, target.kind)]
    generated = set(target.generated)
    rows += [
        Knowledge(tid, " ".join(p.split()), "probe", "generated" if p in generated else "user")
        for p in target.probes
    ]
    described = sentences(target.description)
    if rows or len(described) > 1 or target.kind == "entity":
        rows = [Knowledge(tid, s, "description", "user") for s in described] + rows
    if target.kind == "entity":
        # imported here: listing targets reads knowledge_of's module without numpy (alu.cli cold start)
        from alu.entity_decision import fact_view
        from alu.name_statements import name_only

        rows = [row for row in rows if not name_only(fact_view(target, row.text))]
    unique: dict[str, Knowledge] = {}
    for row in rows:
        if row.text:
            unique.setdefault(row.id, row)
    return list(unique.values())
