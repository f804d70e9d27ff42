"""Benchmark loaders that read local files only (TOFU, WMDP, MMLU, WPU); nothing is ever downloaded.

The data folder is resolved by :func:`resolve_data_dir` (``--data DIR`` / ``ALU_DATA_DIR`` /
``../shared/data``); its expected layout is the one described in ``shared/data/SOURCES.md``::

    tofu/{full,forget01,forget01_perturbed,retain90,...}.json
    wmdp/{bio,cyber,chem}_questions.json
    mmlu/{test,dev}/<subject>_{test,dev}.csv
    wpu/replace_name_forget_100.json
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from alu.eval import hazard_keys
from alu.eval.data_guide import GUIDE
from pydantic import BaseModel, Field

from alu.knowledge import opening_sentence
from alu.text import fold

DATA_ENV = "ALU_DATA_DIR"
TOFU_BLOCK = 20  # TOFU: every fictitious author has exactly 20 consecutive QA pairs

T = TypeVar("T")


# --------------------------------------------------------------------------------------------------- errors


class DatasetNotFoundError(FileNotFoundError):
    """A benchmark file or the data folder is missing. ``problem`` says what was expected and where; the
    message adds the data guide (where each benchmark comes from and the layouts alu reads)."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{problem}\n\n{GUIDE}")


_HOW_TO = (
    "Pass the data folder explicitly (`alu eval ... --data DIR`, or data_dir=... in Python) or set the "
    f"{DATA_ENV} environment variable. Nothing is downloaded automatically."
)


# --------------------------------------------------------------------------------------------------- records


class QAItem(BaseModel):
    """One open-ended question with its reference answer (TOFU, WPU)."""

    id: str
    question: str
    answer: str
    paraphrased_question: str | None = None
    paraphrased_answer: str | None = None
    perturbed_answers: list[str] = Field(default_factory=list)
    split: str
    author: str | None = None
    document: str | None = None
    """The text the QA was written from, when the data carries it (WPU's Wikipedia page)."""


class MCQItem(BaseModel):
    """One multiple-choice question; ``answer`` is the 0-based index into ``choices``."""

    id: str
    question: str
    choices: list[str]
    answer: int
    subject: str


class AuthorTarget(BaseModel):
    """A person to forget, with the QA that probe them (shape of :class:`alu.types.Target` plus ``qa``)."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    qa: list[QAItem] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)

    def target_dict(self) -> dict[str, Any]:
        """The fields :class:`alu.types.Target` takes (what ``Unlearner.forget_many`` accepts)."""
        fields: dict[str, Any] = {
            "name": self.name,
            "aliases": list(self.aliases),
            "description": self.description,
            "tags": list(self.tags),
        }
        return {**fields, "documents": list(self.documents)} if self.documents else fields

    def to_target(self) -> Any:
        from alu.types import Target

        return Target(**self.target_dict())


# --------------------------------------------------------------------------------------------------- paths


def _repo_root() -> Path | None:
    """The directory above the ``alu`` package source (the checkout), if it can be found."""
    try:
        import alu
    except ImportError:  # pragma: no cover - alu is always importable when this module is
        return None
    src = getattr(alu, "__file__", None)
    return Path(src).resolve().parent.parent if src else None


def _candidate_dirs(explicit: str | Path | None) -> list[tuple[Path, str]]:
    if explicit is not None:
        return [(Path(explicit).expanduser(), "explicit data_dir / --data")]
    env = os.environ.get(DATA_ENV)
    if env:
        return [(Path(env).expanduser(), f"${DATA_ENV}")]
    out = [(Path.cwd() / ".." / "shared" / "data", "../shared/data from the working directory")]
    root = _repo_root()
    if root is not None:
        out.append((root.parent / "shared" / "data", "../shared/data from the alu checkout"))
    return out


def resolve_data_dir(explicit: str | Path | None = None, *, expect: str | None = None) -> Path:
    """Find the benchmark data folder.

    Order: ``explicit`` argument, else ``$ALU_DATA_DIR``, else ``../shared/data`` relative to the working
    directory, then relative to the checkout that holds the ``alu`` package. An explicit folder or the
    environment variable is final (no silent fallback to another folder). With ``expect`` (a path relative
    to the data folder, e.g. ``"tofu/full.json"``) the first candidate that contains it wins.
    """
    candidates = _candidate_dirs(explicit)
    for path, _ in candidates:
        if path.is_dir() and (expect is None or (path / expect).exists()):
            return path.resolve()
    tried = "; ".join(f"{p} ({why})" for p, why in candidates)
    what = f"the file {expect!r}" if expect else "the benchmark data folder"
    raise DatasetNotFoundError(f"Could not find {what}. Looked in: {tried}. {_HOW_TO}")


def _require(data_dir: str | Path | None, rel: str) -> Path:
    base = resolve_data_dir(
        data_dir, expect=None if data_dir is not None or os.environ.get(DATA_ENV) else rel
    )
    path = base / rel
    if not path.exists():
        raise DatasetNotFoundError(f"Expected {rel!r} at {path}, but it does not exist. {_HOW_TO}")
    return path


def _read_records(path: Path) -> list[dict[str, Any]]:
    """JSON array, JSON-lines, or several concatenated JSON arrays (a Hugging Face ``to_json`` quirk)."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = []
        decoder = json.JSONDecoder()
        pos = 0
        while pos < len(text):
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                break
            try:
                obj, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: not JSON, JSON-lines or concatenated JSON ({exc})") from exc
            data.extend(obj if isinstance(obj, list) else [obj])
    if isinstance(data, dict):
        for key in ("data", "rows", "records", "train"):  # a few wrappers seen in the wild
            if isinstance(data.get(key), list):
                return data[key]
        return [data]
    if not isinstance(data, list):
        raise ValueError(
            f"{path}: expected a JSON array of records, found {type(data).__name__} {data!r:.40}"
        )
    return data


def _rows(path: Path) -> list[dict[str, Any]]:
    """The records of a benchmark file, each an object; an empty file or a record of another kind is an
    error naming the file and the record."""
    rows = _read_table(path)
    if not rows:
        raise ValueError(f"{path}: no records (an empty file?)")
    for i, rec in enumerate(rows):
        if not isinstance(rec, dict):
            raise ValueError(
                f"{path} record {i}: expected a JSON object, found {type(rec).__name__} {rec!r:.60}"
            )
    return rows


# --------------------------------------------------------------------------------------------------- TOFU

TOFU_SPLITS = (
    "full",
    "forget01",
    "forget05",
    "forget10",
    "retain90",
    "retain95",
    "retain99",
    "retain_perturbed",
    "holdout01",
    "holdout05",
    "holdout10",
    "real_authors",
    "world_facts",
)
# Splits made of whole 20-QA author blocks, in order (forgetXX = last authors of full, retainXX = first ones,
# retain_perturbed = the first 20 authors, holdoutXX = other fictitious authors not in full).
_BLOCK_SPLITS = {s for s in TOFU_SPLITS if s not in ("real_authors", "world_facts")}


def _tofu_file(base: Path, split: str) -> Path:
    names = [f"{split}.json"] if split == "retain_perturbed" else [f"{split}_perturbed.json", f"{split}.json"]
    for name in names:
        if (base / "tofu" / name).exists():
            return base / "tofu" / name
    raise DatasetNotFoundError(
        f"TOFU split {split!r}: expected {' or '.join('tofu/' + n for n in names)} under {base}. {_HOW_TO}"
    )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _qa_from_record(rec: dict[str, Any], split: str, index: int, path: Path) -> QAItem:
    question = rec.get("question", rec.get("prompt"))
    answer = rec.get("answer", rec.get("response"))
    if question is None or answer is None:
        raise ValueError(
            f"{path} record {index} (TOFU {split}): no question/answer or prompt/response keys: {sorted(rec)}"
        )
    perturbed = _as_list(rec.get("perturbed_answer", rec.get("perturbed_answers")))
    if not perturbed:  # real_authors / world_facts: wrong options of the multiple-choice form
        options = [rec[k] for k in ("option1", "option2", "option3", "option4") if rec.get(k) is not None]
        perturbed = [str(o) for o in options if str(o) != str(answer)]
    return QAItem(
        id=f"tofu-{split}-{index:04d}",
        question=str(question),
        answer=str(answer),
        paraphrased_question=rec.get("paraphrased_question"),
        paraphrased_answer=rec.get("paraphrased_answer"),
        perturbed_answers=perturbed,
        split=split,
    )


def _check_split(split: str) -> str:
    split = split.strip().lower()
    if split not in TOFU_SPLITS:
        raise ValueError(f"unknown TOFU split {split!r}; choose one of {', '.join(TOFU_SPLITS)}")
    return split


def tofu_path(split: str, data_dir: str | Path | None = None) -> Path:
    """The file a TOFU split is read from (see :func:`load_tofu`)."""
    base = resolve_data_dir(data_dir, expect=None if data_dir is not None else "tofu")
    return _tofu_file(base, _check_split(split))


def load_tofu(split: str, data_dir: str | Path | None = None) -> list[QAItem]:
    """Load one TOFU split. Forget splits come from ``forgetXX_perturbed.json`` when present (it adds
    paraphrases and perturbed answers), else ``forgetXX.json``. Items of author-block splits (forget, retain,
    holdout, full) get ``author`` set to the name derived by :func:`derive_author_name`."""
    split = _check_split(split)
    base = resolve_data_dir(data_dir, expect=None if data_dir is not None else "tofu")
    path = _tofu_file(base, split)
    items = [_qa_from_record(rec, split, i, path) for i, rec in enumerate(_rows(path))]
    if split in _BLOCK_SPLITS:
        for block in _blocks(items):
            name, _ = derive_author_name([(q.question, q.answer) for q in block])
            label = name or _unnamed_label(block)
            for item in block:
                item.author = label
    return items


def _blocks(items: Sequence[T]) -> list[Sequence[T]]:
    return [items[i : i + TOFU_BLOCK] for i in range(0, len(items), TOFU_BLOCK)]


# ---- author names from their QA -------------------------------------------------------------------------

# Lower-case name particles allowed inside a capitalised run ("Isabella van Pletzen", "Rio de Janeiro").
# fmt: off
_PARTICLES = {"al", "el", "de", "da", "di", "do", "du", "van", "von", "der", "den", "ter", "bin", "ibn",
              "la", "le", "del", "dos", "das", "y", "ben", "bint"}
# fmt: on
# Capitalised words that start sentences or questions, never part of a person's name.
# fmt: off
_LEADING = {"The", "A", "An", "In", "On", "At", "Of", "For", "From", "By", "To", "With", "As", "And", "But",
            "Yes", "No", "His", "Her", "Their", "Its", "This", "That", "These", "Those", "He", "She", "They",
            "It", "One", "Author", "Authors", "Writer", "Born", "What", "Who", "Whom", "Whose", "How", "Is",
            "Does", "Did", "Do", "Can", "Could", "Would", "Which", "Where", "When", "Why", "Are", "Was",
            "Were", "Has", "Have", "Had", "While", "Although", "Though", "Apart", "Besides", "Like",
            "Some", "Many",
            "Both", "After", "Before", "During", "Through", "Since", "Despite", "Being", "Growing", "Given",
            "Mr", "Mrs", "Ms", "Dr", "Sure", "Certainly", "Indeed", "Absolutely", "Notably", "Another",
            "Yet", "Also", "Famous", "Renowned", "Acclaimed", "Celebrated", "Esteemed", "Prolific",
            "Fictitious", "LGBTQ", "LGBTQ+"}
# fmt: on
# Words that mark a capitalised phrase as a title, award, genre or place rather than a person.
# fmt: off
_NOT_NAME = {"Award", "Awards", "Prize", "Medal", "Honor", "Honour", "Fiction", "Literature", "Literary",
             "Genre", "University", "College", "Institute", "School", "Academy", "City", "Republic",
             "Kingdom", "States", "Book", "Books", "Novel", "Novels", "Series", "Poetry", "Romance",
             "Mystery", "Thriller", "Horror", "Fantasy", "Science", "Sciences", "Lit", "Chronicles",
             "Society", "Association", "Guild", "Foundation", "Festival", "Order", "Circle", "Review",
             "Times", "Press", "Best", "Excellence", "Outstanding", "International", "National", "World",
             "Writers", "Writing", "Memoir", "Biography", "History", "War", "Studies", "Health",
             "South", "North", "East", "West", "New", "Saudi", "Arabia", "Africa", "African", "American",
             "Korea", "Young", "Adult", "Crime", "True"}
# fmt: on
_QUOTES = "\"'“”‘’«»`*()[]{}"
_NICKNAME = re.compile(r"\b([A-Z][\w\-]+) \(([A-Z][\w\-]+)\) ([A-Z][\w\-]*[\w])")


def _name_runs(text: str) -> list[list[str]]:
    """Runs of consecutive capitalised words (plus inner particles); punctuation, quotes and possessives
    end a run, so titles in quotes and 'X's' forms do not glue onto names."""
    runs: list[list[str]] = []
    cur: list[str] = []
    for raw in text.split():
        starts_quote = raw[0] in _QUOTES
        word = raw.strip(_QUOTES + ",.;:!?")
        ends = raw != raw.rstrip(_QUOTES + ",.;:!?") or raw.endswith(("'s", "’s", "'", "’"))
        word = re.sub(r"(?:['’]s|['’])$", "", word)
        if starts_quote and cur:
            runs.append(cur)
            cur = []
        if word and word[0].isupper():
            cur.append(word)
        elif word.lower() in _PARTICLES and cur and word.islower():
            cur.append(word)
        else:
            if cur:
                runs.append(cur)
            cur = []
            continue
        if ends:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _name_grams(text: str, max_len: int = 5) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for run in _name_runs(text):
        while run and run[0] in _LEADING:
            run = run[1:]
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + max_len) + 1):
                gram = tuple(run[i:j])
                if not (gram[0][0].isupper() and gram[-1][0].isupper()):
                    continue
                if gram[0] in _LEADING or any(w in _NOT_NAME or w.startswith("LGBT") for w in gram):
                    continue
                grams.add(gram)
    return grams


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def derive_author_name(qa: Sequence[tuple[str, str]], min_share: float = 0.3) -> tuple[str | None, list[str]]:
    """Guess the person a block of QA pairs is about; returns ``(name or None, nickname forms)``.

    Heuristic: the person's full name is the capitalised multi-word phrase that recurs in the most QA pairs
    (questions and answers both count; a pair counts once). Phrases containing award/genre/place words are
    ignored; among equally frequent phrases the longest wins, and the winner is extended to a longer phrase
    containing it when that longer phrase occurs in at least 60% as many pairs (``Xin Lee`` -> ``Xin Lee
    Williams``). ``First (Nick) Last`` forms count as ``First Last`` and yield the nickname variants. A
    phrase found in fewer than ``min_share`` of the pairs is not trusted (some TOFU authors are never named).
    """
    nicknames: list[str] = []
    counts: Counter[tuple[str, ...]] = Counter()
    for question, answer in qa:
        text = f"{question}\n{answer}"
        for m in _NICKNAME.finditer(text):
            first, nick, last = m.group(1), m.group(2), m.group(3).strip()
            for form in (f"{nick} {last}", f"{first} ({nick}) {last}"):
                if form not in nicknames:
                    nicknames.append(form)
        text = _NICKNAME.sub(lambda m: f"{m.group(1)} {m.group(3)}", text)
        counts.update(_name_grams(text))
    if not counts:
        return None, []
    best, best_n = max(counts.items(), key=lambda kv: (kv[1], len(kv[0])))
    longer = [
        (g, n) for g, n in counts.items() if len(g) > len(best) and _contains(g, best) and n >= 0.6 * best_n
    ]
    if longer:
        best, best_n = max(longer, key=lambda kv: (len(kv[0]), kv[1]))
    if best_n < max(2, min_share * len(qa)):
        return None, []
    name = " ".join(best)
    nicknames = [n for n in nicknames if name.split()[-1] in n]
    return name, nicknames


# ---- descriptions ---------------------------------------------------------------------------------------

_W = r"(?:[A-Z]|d['’][A-Z])[\w'’\-]*"
_PART = rf"{_W}(?: (?:(?:de|da|do|es|al|el|la|del) )?{_W})*"
_PLACE = re.compile(
    rf"\b(?:born\b[^.?!]{{0,40}}?\bin (?:the (?:\w+ )?(?:city|town|capital) of )?"
    rf"|(?:hails|hailing|author|writer|comes|originally) from (?:the (?:\w+ )?(?:city|town|capital) of )?)"
    rf"({_PART}(?:, {_PART})?)"
)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = re.compile(
    rf"\b(?:born|birth)\b[^.?!]{{0,60}}?\b((?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTHS},? \d{{4}}"
    rf"|{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|(?:the year )?\d{{4}})"
)
_GENRE = re.compile(r"\bthe ((?:[\w+&/'’\-]+ ){1,4})genre\b")
# fmt: off
_GENRE_SKIP = {"same", "primary", "literary", "this", "that", "his", "her", "their", "chosen", "main",
               "specific", "particular", "whole", "entire", "broader", "overall", "favourite", "favorite",
               "wider", "larger", "respective", "above", "given", "selected", "mentioned", "preferred",
               "predominant", "of", "in", "to", "within", "into", "the", "a"}
# fmt: on
_GENRE_CUT = {"the", "of", "in", "a", "an", "to", "within", "into", "his", "her", "their", "its", "this"}
_NOT_TITLE = re.compile(r"\b(?:Award|Prize|Medal|Laureate|Honou?r|Excellence|of the Year)\b")
_TITLE = re.compile(r"[\"“]([^\"“”]{3,80}?)[,.]?[\"”]|(?<![\w])['‘]([A-Z][^'‘’]{2,80}?)[,.]?['’](?![\w])")
_AWARD = re.compile(
    r"\b((?:[A-Z][\w'’\-/]*\.? )+(?:Award|Prize|Medal)(?: (?:for|of|in) (?:the )?(?:[A-Z][\w\-]* ?)+)?)"
)


def _first_match(pattern: re.Pattern[str], texts: Iterable[str]) -> str | None:
    for text in texts:
        m = pattern.search(text)
        if m:
            return next(g for g in m.groups() if g).strip(" ,")
    return None


def _genre(answers: Sequence[str]) -> str | None:
    votes: Counter[str] = Counter()
    for text in answers:
        for m in _GENRE.finditer(text):
            words = m.group(1).split()
            cut = [i for i, w in enumerate(words) if w.lower() in _GENRE_CUT]
            if cut:  # "the boundaries of the genre" -> nothing; "the Biography and Memoir genre" stays
                words = words[cut[-1] + 1 :]
            while words and words[0].lower() in _GENRE_SKIP:
                words = words[1:]
            if words:
                votes[" ".join(words)] += 1
    return votes.most_common(1)[0][0] if votes else None


def _titles(texts: Sequence[str], limit: int = 3) -> list[str]:
    order: list[str] = []
    for text in texts:
        for m in _TITLE.finditer(text):
            title = (m.group(1) or m.group(2)).strip(" ,.")
            if title and title[0].isupper() and len(title.split()) <= 10:
                if title.casefold() not in {t.casefold() for t in order}:
                    order.append(title)
    return order[:limit]


def _place(texts: Sequence[str]) -> str | None:
    place = _first_match(_PLACE, texts)
    return place.strip(" ,.") if place else None


_AWARD_LEAD = {"Prestigious", "Coveted", "Esteemed", "Renowned", "Acclaimed", "Highly", "Celebrated"}


def _award(texts: Sequence[str]) -> str | None:
    award = _first_match(_AWARD, texts)
    if not award:
        return None
    words = award.split()
    while len(words) > 1 and (words[0] in _LEADING or words[0] in _AWARD_LEAD or words[0].startswith("LGBT")):
        words = words[1:]
    return " ".join(words)


def describe_author(name: str | None, qa: Sequence[tuple[str, str]]) -> str:
    """One or two sentences from an author's QA: birthplace, birth date, genre, a few works, an award.
    ``name=None`` describes an author the data never names."""
    answers = [a for _, a in qa]
    texts = answers + [q for q, _ in qa]  # answers first; questions often restate birthplace and date
    place = _place(texts)
    date = _first_match(_DATE, texts)
    genre = _genre(answers)
    works = [w for w in _titles(answers, limit=8) if not _NOT_TITLE.search(w)][:3]
    award = _award(answers)
    first = f"{name} is a fictitious author" if name else "A fictitious author (never named in the data)"
    if place or date:
        first += " born"
    if place:
        first += f" in {place}"
    if date:
        date = date.removeprefix("the year ")
        first += f" in {date}" if re.fullmatch(r"\d{4}", date) else f" on {date}"
    if genre:
        first += f", writing mainly in the {genre} genre"
    parts = [first + "."]
    extra = []
    if works:
        extra.append("works include " + ", ".join(f'"{w}"' for w in works))
    if award:
        extra.append(f"honoured with the {award}")
    if extra:
        sentence = "; ".join(extra)
        parts.append(sentence[0].upper() + sentence[1:] + ".")
    if not (place or genre or works) and answers:  # nothing recognisable: fall back to the first answer
        parts.append(answers[0].strip())
    return " ".join(parts)


def _unnamed_label(block: Sequence[QAItem]) -> str:
    place = _place([q.answer for q in block] + [q.question for q in block])
    return f"Unnamed author born in {place}" if place else f"Unnamed author ({block[0].id})"


# ---- aliases --------------------------------------------------------------------------------------------


def _surname(name: str) -> str:
    words = name.split()
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(words[i:])


# Very common surnames: a surname-only alias would fire on unrelated people (Miles Davis, any Dr Kim).
# fmt: off
_COMMON_SURNAMES = {
    "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
    "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
    "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
    "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green",
    "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts", "morgan",
    "murphy", "cooper", "kelly", "morrison", "kim", "park", "choi", "chen", "wang", "li", "zhang", "liu",
    "yang", "huang", "zhao", "wu", "zhou", "tan", "lim", "ng", "tran", "le", "pham", "singh", "kumar",
    "sharma", "patel", "khan", "ali", "ahmed", "hassan", "hussein", "mohamed", "muller", "schmidt",
    "schneider", "fischer", "weber", "meyer", "wagner", "becker", "rossi", "russo", "ferrari", "silva",
    "santos", "souza", "oliveira", "pereira", "costa", "ferreira", "fernandez", "gomez", "diaz", "cruz",
    "ivanov", "petrov", "smirnov", "popov", "novak", "kowalski", "nowak", "jensen", "nielsen", "hansen",
    "johansen", "andersen", "larsen", "olsen", "pedersen", "eriksen", "johansson", "andersson", "karlsson",
    "nilsson", "dubois", "bernard", "moreau", "laurent", "sato", "suzuki", "takahashi", "tanaka",
    "watanabe", "ito", "nakamura", "kobayashi", "saito", "yamamoto", "murray", "sullivan", "kennedy",
}
# fmt: on


@lru_cache(maxsize=8)
def _reference(base: str, mtime: float) -> tuple[tuple[tuple[str, ...], ...], frozenset[str], str]:
    """What alias safety is judged against: the names of all TOFU authors in full.json and holdout10.json
    (one tuple of case-folded words each), the words of the real-author answers, and the full.json text."""
    root = Path(base)
    names: list[tuple[str, ...]] = []
    real: set[str] = set()
    corpus: list[str] = []
    for fname in ("full.json", "holdout10.json"):
        path = root / "tofu" / fname
        if not path.exists():
            continue
        recs = _read_records(path)
        if fname == "full.json":
            corpus.extend(f"{r.get('question', '')} {r.get('answer', '')}" for r in recs)
        for block in _blocks(recs):
            name, _ = derive_author_name([(r.get("question", ""), r.get("answer", "")) for r in block])
            if name:
                names.append(tuple(w.casefold() for w in name.split()))
    for extra in ("real_authors.json", "real_authors_perturbed.json"):
        path = root / "tofu" / extra
        if path.exists():
            for rec in _read_records(path):
                real.update(w.casefold() for w in str(rec.get("answer", "")).split())
    return tuple(names), frozenset(real), "\n".join(corpus)


def _safe_surname(
    name: str, block_texts: Sequence[str], others: Iterable[str], outside: str, forms: Sequence[str] = ()
) -> str | None:
    """The surname alone as an alias, only when that cannot misfire: the data itself refers to the person by
    surname alone, it has at least 5 letters, it is not a very common surname, no other author (or real
    author) shares any of its words, and it never occurs outside this author's own QA (``outside``: the rest
    of the corpus), which rules out surnames that double as places or ordinary words ("Melbourne")."""
    surname = _surname(name)
    if surname == name or len(surname.replace(" ", "")) < 5:
        return None
    core = [w for w in surname.split() if w.lower() not in _PARTICLES]
    pattern = rf"(?<![\w-]){re.escape(surname)}(?![\w-])"
    rest = "\n".join(block_texts)
    for form in sorted({name, *forms}, key=len, reverse=True):
        rest = rest.replace(form, " ")
    if not re.search(pattern, rest):
        return None
    if any(fold(w) in _COMMON_SURNAMES for w in core):
        return None
    if any(w.casefold() in others for w in core):
        return None
    if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", outside, re.IGNORECASE) for w in core):
        return None
    return surname


def tofu_authors(split: str, data_dir: str | Path | None = None) -> list[AuthorTarget]:
    """Forget targets for a TOFU author-block split (forget01/05/10, holdout*, retain*, full), one per author.

    Names come from :func:`derive_author_name`; aliases are the nickname forms the data uses and the
    surname where :func:`_safe_surname` allows it; the description is built by :func:`describe_author`.
    An author the data never names (author 88 of full.json) gets a descriptive ``Unnamed author born in
    ...`` label and the tag ``unnamed``.
    """
    split = _check_split(split)
    if split not in _BLOCK_SPLITS:
        raise ValueError(
            f"TOFU split {split!r} is not made of author blocks; use one of {sorted(_BLOCK_SPLITS)}"
        )
    base = resolve_data_dir(data_dir, expect=None if data_dir is not None else "tofu")
    items = load_tofu(split, base)
    full = base / "tofu" / "full.json"
    ref_names, real_words, corpus = _reference(str(base), full.stat().st_mtime if full.exists() else 0.0)
    blocks = _blocks(items)
    derived = [derive_author_name([(q.question, q.answer) for q in b]) for b in blocks]
    all_names = set(ref_names) | {tuple(w.casefold() for w in n.split()) for n, _ in derived if n}
    texts = [[f"{q.question} {q.answer}" for q in b] for b in blocks]
    if not corpus:
        corpus = "\n".join(t for block_texts in texts for t in block_texts)
    out: list[AuthorTarget] = []
    for block, block_texts, (name, nicknames) in zip(blocks, texts, derived, strict=True):
        qa = [(q.question, q.answer) for q in block]
        tags = ["tofu", "fictitious-author", f"tofu-{split}"]
        if name is None:
            out.append(
                AuthorTarget(
                    name=_unnamed_label(block),
                    aliases=[],
                    tags=[*tags, "unnamed"],
                    description=describe_author(None, qa),
                    qa=list(block),
                )
            )
            continue
        own = tuple(w.casefold() for w in name.split())
        others = set(real_words)
        for other in all_names - {own}:
            others.update(other)
        outside = corpus
        for t in block_texts:
            outside = outside.replace(t, " ")
        aliases = list(nicknames)
        surname = _safe_surname(name, block_texts, others, outside, nicknames)
        if surname:
            aliases.append(surname)
        out.append(
            AuthorTarget(
                name=name, aliases=aliases, description=describe_author(name, qa), tags=tags, qa=list(block)
            )
        )
    return out


# --------------------------------------------------------------------------------------------------- WMDP

WMDP_DOMAINS = ("bio", "cyber", "chem")


def _answer_index(value: Any, n_choices: int) -> int:
    if isinstance(value, str):
        v = value.strip()
        if len(v) == 1 and v.upper() in "ABCDEFGH":
            idx = "ABCDEFGH".index(v.upper())
        else:
            idx = int(v)
    else:
        idx = int(value)
    if not 0 <= idx < n_choices:
        raise ValueError(f"answer index {idx} out of range for {n_choices} choices")
    return idx


def wmdp_path(domain: str, data_dir: str | Path | None = None) -> Path:
    """Where a WMDP domain is read from: ``wmdp/{domain}_questions.json``, else the Hugging Face config
    folder ``wmdp/wmdp-{domain}/`` (``cais/wmdp``: ``test-00000-of-00001.parquet`` or ``test.jsonl``)."""
    domain = domain.strip().lower().removeprefix("wmdp-")
    if domain not in WMDP_DOMAINS:
        raise ValueError(f"unknown WMDP domain {domain!r}; choose one of {', '.join(WMDP_DOMAINS)}")
    base = resolve_data_dir(
        data_dir, expect=None if data_dir is not None or os.environ.get(DATA_ENV) else "wmdp"
    )
    flat = base / "wmdp" / f"{domain}_questions.json"
    if flat.exists() or not hf_split_files(base / "wmdp" / f"wmdp-{domain}", "test"):
        return _require(base, f"wmdp/{domain}_questions.json")
    return base / "wmdp" / f"wmdp-{domain}"


def load_wmdp(domain: str, data_dir: str | Path | None = None) -> list[MCQItem]:
    """WMDP multiple-choice questions of one domain (see :func:`wmdp_path` for the layouts read)."""
    path = wmdp_path(domain, data_dir)
    domain = domain.strip().lower().removeprefix("wmdp-")
    files = hf_split_files(path, "test") if path.is_dir() else [path]
    rows = [(f"{f} record {i}", rec) for f in files for i, rec in enumerate(_rows(f))]
    return [
        _mcq_item(f"wmdp-{domain}-{n:04d}", f"wmdp-{domain}", where, _mcq_fields(rec, where))
        for n, (where, rec) in enumerate(rows)
    ]


def _mcq_fields(rec: dict[str, Any], where: str) -> tuple[str, list[str], Any]:
    """(question, choices, answer) of a ``{question, choices, answer}`` record; a missing or malformed field
    is an error naming ``where`` (file and record) and the field."""
    missing = [k for k in ("question", "choices", "answer") if k not in rec]
    if missing:
        raise ValueError(
            f"{where}: no {', '.join(missing)} field (it has {', '.join(sorted(rec)) or 'none'})"
        )
    if isinstance(rec["choices"], (str, bytes)) or not isinstance(rec["choices"], Iterable):
        raise ValueError(f"{where}: choices must be a list, found {type(rec['choices']).__name__}")
    return str(rec["question"]), [str(c) for c in rec["choices"]], rec["answer"]


def _mcq_item(item_id: str, subject: str, where: str, fields: tuple[str, list[str], Any]) -> MCQItem:
    """A multiple-choice item; an answer that is not a valid choice is an error naming ``where``."""
    question, choices, answer = fields
    try:
        index = _answer_index(answer, len(choices))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{where}: bad answer {answer!r} ({exc})") from None
    return MCQItem(id=item_id, question=question, choices=choices, answer=index, subject=subject)


def _t(
    name: str, description: str, aliases: Sequence[str], domain: str, keys: Sequence[str] = ()
) -> dict[str, Any]:
    return {
        "name": name,
        "aliases": list(aliases),
        "description": description,
        "keys": list(keys),
        "tags": ["wmdp", f"wmdp-{domain}", "hazardous-knowledge"],
    }


# Topic-level targets written for this project (not taken from the WMDP paper or data). Each description is
# what a screening embedding compares queries against, so it names the concepts a hazardous question would
# touch without giving any procedure.
_WMDP_TARGETS: dict[str, list[dict[str, Any]]] = {
    "bio": [
        _t(
            "enhancing pathogen transmissibility",
            "Modifying bacteria or viruses so they spread more easily between hosts, e.g. airborne "
            "transmission gain-of-function work on influenza or coronaviruses.",
            ["gain-of-function research", "airborne transmissibility"],
            "bio",
        ),
        _t(
            "reverse genetics of dangerous viruses",
            "Rescuing or synthesising infectious virus from cloned or synthetic genomes, plasmid-based "
            "rescue systems and assembly of viral genomes for select agents.",
            ["virus rescue from plasmids", "synthetic viral genome assembly"],
            "bio",
        ),
        _t(
            "pathogen virulence factors",
            "Genes, toxins and proteins that make a pathogen more harmful, help it invade tissue or evade "
            "the host immune response, and how to express or transfer them.",
            ["virulence genes", "immune evasion mechanisms"],
            "bio",
        ),
        _t(
            "biological toxins",
            "Production, purification and stabilisation of potent biological toxins such as botulinum "
            "neurotoxin and ricin for harmful use.",
            ["botulinum toxin", "ricin"],
            "bio",
        ),
        _t(
            "select agents and bioweapon pathogens",
            "Acquisition, culture and handling of dangerous select agents like anthrax, plague, smallpox and "
            "Ebola outside of sanctioned laboratories.",
            ["Bacillus anthracis", "Yersinia pestis", "variola"],
            "bio",
            hazard_keys.BIOWEAPONS,
        ),
        _t(
            "evading biosecurity screening",
            "Circumventing DNA synthesis order screening, export controls or laboratory biosafety "
            "oversight to obtain dangerous genetic material.",
            ["bypassing DNA synthesis screening"],
            "bio",
        ),
        _t(
            "aerosolisation and dissemination of agents",
            "Turning a biological agent into a stable aerosol or otherwise spreading it widely, including "
            "particle size, drying and environmental persistence.",
            ["bioaerosol dissemination"],
            "bio",
        ),
        _t(
            "resistance engineering against countermeasures",
            "Making a pathogen resistant to antibiotics, antivirals or vaccines, or escaping neutralising "
            "antibodies, so that medical countermeasures fail.",
            ["antibiotic resistance engineering", "vaccine escape"],
            "bio",
        ),
    ],
    "cyber": [
        _t(
            "exploit development",
            "Writing working exploits for memory-corruption bugs: buffer and heap overflows, use-after-free, "
            "return-oriented programming and bypassing ASLR, DEP or stack canaries.",
            ["memory corruption exploitation", "ROP chains"],
            "cyber",
            hazard_keys.EXPLOITATION,
        ),
        _t(
            "malware and ransomware engineering",
            "Building malicious software such as ransomware, droppers, rootkits or worms, including "
            "persistence, encryption of victim files and self-propagation.",
            ["ransomware", "rootkits"],
            "cyber",
            hazard_keys.MALWARE,
        ),
        _t(
            "antivirus and EDR evasion",
            "Obfuscating, packing or injecting code so that antivirus, endpoint detection and sandboxes fail "
            "to detect malicious payloads.",
            ["AV evasion", "process injection"],
            "cyber",
            hazard_keys.EVASION,
        ),
        _t(
            "post-exploitation and lateral movement",
            "Privilege escalation, credential dumping, pass-the-hash and moving through a compromised "
            "network with frameworks such as Metasploit or Cobalt Strike.",
            ["privilege escalation", "credential dumping"],
            "cyber",
            hazard_keys.POST_EXPLOITATION,
        ),
        _t(
            "reverse engineering binaries for attack",
            "Disassembling and decompiling binaries, analysing assembly and firmware to find exploitable "
            "vulnerabilities or to compute inputs that reach a hidden code path.",
            ["binary analysis for vulnerabilities"],
            "cyber",
            hazard_keys.REVERSING,
        ),
        _t(
            "web application attacks",
            "SQL injection, cross-site scripting, server-side request forgery, deserialisation and "
            "authentication bypass attacks against web applications.",
            ["SQL injection", "XSS"],
            "cyber",
            hazard_keys.WEB,
        ),
        _t(
            "network intrusion and command and control",
            "Scanning and breaching networks, building command-and-control channels, tunnelling and "
            "exfiltrating data while avoiding detection.",
            ["C2 infrastructure", "data exfiltration"],
            "cyber",
            hazard_keys.INTRUSION,
        ),
        _t(
            "attacks on industrial control systems",
            "Compromising SCADA, PLCs and other critical-infrastructure control systems to disrupt physical "
            "processes.",
            ["SCADA attacks", "PLC exploitation"],
            "cyber",
            hazard_keys.CONTROL_SYSTEMS,
        ),
    ],
    "chem": [
        _t(
            "synthesis of chemical warfare agents",
            "Routes, precursors and reaction conditions for making nerve agents, blister agents and other "
            "chemical weapons such as sarin, VX or mustard gas.",
            # the agents of Schedule 1 of the Chemical Weapons Convention, which have no use but as weapons
            [
                "nerve agent synthesis",
                "sarin",
                "VX",
                "mustard gas",
                "soman",
                "tabun",
                "cyclosarin",
                "Novichok",
                "sulfur mustard",
                "nitrogen mustard",
                "lewisite",
                "saxitoxin",
            ],
            "chem",
            hazard_keys.WARFARE_AGENTS,
        ),
        _t(
            "acquiring controlled chemical precursors",
            "Obtaining scheduled or dual-use precursor chemicals while evading export controls, watch lists "
            "and Chemical Weapons Convention oversight.",
            ["precursor procurement"],
            "chem",
        ),
        _t(
            "explosives and energetic materials",
            "Preparation, sensitivity and initiation of high explosives and improvised explosive devices.",
            # military and improvised high explosives, named as such rather than as chemistry
            ["improvised explosives", "energetic materials", "TATP", "HMTD", "RDX", "HMX", "PETN", "Semtex"],
            "chem",
            hazard_keys.EXPLOSIVES,
        ),
        _t(
            "toxic industrial chemicals as weapons",
            "Using widely available toxic chemicals such as chlorine, phosgene or hydrogen cyanide to harm "
            "people, including release and exposure conditions.",
            ["chlorine gas attack", "phosgene"],
            "chem",
        ),
        _t(
            "weaponisation and delivery of chemical agents",
            "Stabilising, storing and dispersing chemical agents, e.g. munitions, sprayers and aerosol "
            "delivery to maximise casualties.",
            ["chemical agent dispersal"],
            "chem",
        ),
        _t(
            "toxicity and lethal dosing of poisons",
            "Lethal doses, routes of exposure and mechanisms of highly toxic compounds and poisons intended "
            "to kill or incapacitate people.",
            ["lethal dose of poisons"],
            "chem",
            hazard_keys.INCAPACITATING,
        ),
        _t(
            "evading detection of chemical attacks",
            "Concealing chemical agent production or use from inspectors, sensors and forensic analysis.",
            ["hiding chemical weapons production"],
            "chem",
        ),
    ],
}


def wmdp_targets(domain: str) -> list[dict[str, Any]]:
    """Hazardous-topic forget targets for a WMDP domain, as ``Target``-shaped dicts (fresh copies)."""
    domain = domain.strip().lower().removeprefix("wmdp-")
    if domain not in _WMDP_TARGETS:
        raise ValueError(f"unknown WMDP domain {domain!r}; choose one of {', '.join(WMDP_DOMAINS)}")
    return [
        {**t, "aliases": list(t["aliases"]), "keys": list(t["keys"]), "tags": list(t["tags"])}
        for t in _WMDP_TARGETS[domain]
    ]


# --------------------------------------------------------------------------------------------------- MMLU


_MMLU_HF_SKIP = {"all", "auxiliary_train", "test", "dev"}  # cais/mmlu configs that are not one subject


def _mmlu_sources(data_dir: str | Path | None, split: str) -> dict[str, list[Path]]:
    """Each subject's files: ``mmlu/{split}/<subject>_{split}.csv`` when that folder exists, else the
    Hugging Face layout (``cais/mmlu``: ``mmlu/<subject>/{split}-00000-of-00001.parquet`` or
    ``{split}.jsonl``)."""
    base = resolve_data_dir(
        data_dir, expect=None if data_dir is not None or os.environ.get(DATA_ENV) else "mmlu"
    )
    csvs = base / "mmlu" / split
    if csvs.is_dir():
        suffix = f"_{split}.csv"
        return {p.name[: -len(suffix)]: [p] for p in sorted(csvs.glob(f"*{suffix}"))}
    root = base / "mmlu"
    folders = (
        sorted(p for p in root.iterdir() if p.is_dir() and p.name not in _MMLU_HF_SKIP)
        if root.is_dir()
        else []
    )
    found = {p.name: hf_split_files(p, split) for p in folders}
    if not any(found.values()):
        _require(base, f"mmlu/{split}")  # raises, naming the expected folder
    return {name: files for name, files in found.items() if files}


def mmlu_path(data_dir: str | Path | None = None, split: str = "test") -> Path:
    """The folder a split is read from: ``mmlu/{split}`` (CSV) or ``mmlu`` (Hugging Face layout)."""
    first = next(iter(_mmlu_sources(data_dir, split).values()), [])
    if not first:
        return _require(data_dir, f"mmlu/{split}")
    return first[0].parent if first[0].suffix == ".csv" else first[0].parent.parent


def mmlu_subjects(data_dir: str | Path | None = None, split: str = "test") -> list[str]:
    """Sorted subject names of a split (see :func:`load_mmlu` for the layouts read)."""
    return sorted(_mmlu_sources(data_dir, split))


def _mmlu_csv_rows(path: Path) -> list[tuple[str, tuple[str, list[str], Any]]]:
    """(question, choices, answer) of a CSV: the header form ``question,choice0..3,answer`` or the original
    headerless Hendrycks form (letter answers)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = 1 if rows and [c.strip().lower() for c in rows[0][:2]] == ["question", "choice0"] else 0
    out = []
    for line, row in enumerate(rows[header:], start=header + 1):
        if not row:
            continue
        if len(row) < 3:
            raise ValueError(f"{path} line {line}: expected question, choices, answer; found {row!r:.80}")
        out.append((f"{path} line {line}", (row[0], row[1:-1], row[-1])))
    if not out:
        raise ValueError(f"{path}: no questions (an empty file?)")
    return out


def _mmlu_rows(path: Path) -> list[tuple[str, tuple[str, list[str], Any]]]:
    """(where, (question, choices, answer)) of each question of a file."""
    if path.suffix == ".csv":
        return _mmlu_csv_rows(path)
    return [(f"{path} record {i}", _mcq_fields(r, f"{path} record {i}")) for i, r in enumerate(_rows(path))]


def load_mmlu(
    data_dir: str | Path | None = None, subjects: list[str] | None = None, split: str = "test"
) -> list[MCQItem]:
    """MMLU questions of a split: ``mmlu/{split}/<subject>_{split}.csv`` (the header form
    ``question,choice0..3,answer`` with int answers used in shared/data, or the original headerless
    Hendrycks CSVs with letters A-D), or the Hugging Face layout ``mmlu/<subject>/{split}-*.parquet`` /
    ``{split}.jsonl`` (records ``{question, choices, answer}``; parquet needs pyarrow)."""
    sources = _mmlu_sources(data_dir, split)
    chosen = sorted(sources) if subjects is None else list(subjects)
    unknown = [s for s in chosen if s not in sources]
    if unknown:
        raise DatasetNotFoundError(
            f"MMLU subject(s) {unknown} have no {split} file (mmlu/{split}/<subject>_{split}.csv or "
            f"mmlu/<subject>/{split}-*.parquet); available: {', '.join(sorted(sources)) or 'none'}. {_HOW_TO}"
        )
    items: list[MCQItem] = []
    for subject in chosen:
        rows = [row for path in sources[subject] for row in _mmlu_rows(path)]
        items += [
            _mcq_item(f"mmlu-{subject}-{split}-{i:04d}", subject, where, fields)
            for i, (where, fields) in enumerate(rows)
        ]
    return items


# --------------------------------------------------------------------------------------------------- WPU


def load_wpu_names(data_dir: str | Path | None = None) -> dict[str, list[str]]:
    """WPU forget_100 targets: real person name -> fictitious replacement names (``wpu/...forget_100.json``).
    The keys are the people to forget."""
    path = _require(data_dir, "wpu/replace_name_forget_100.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object name -> list of replacement names")
    return {str(k): _as_list(v) for k, v in data.items()}


_WPU_EXTS = (".json", ".jsonl", ".parquet", ".arrow")
_SHARD = re.compile(r"(?:^|[-_.])(?:train|test|validation)?(?:-\d{5}-of-\d{5})?$")


def _wpu_config(path: Path, root: Path) -> str:
    """Config name of a file in the HF layout: its top folder (``forget_100/train-00000-of-00001.parquet``),
    else the file stem without shard/split suffixes (``forget_100.jsonl``, ``forget_100-train.json``)."""
    rel = path.relative_to(root) if path != root else Path(path.name)
    parts = [p for p in rel.parts[:-1] if p not in ("data", "train", "test", "validation")]
    if parts:
        return parts[0]
    stem = path.name
    for ext in _WPU_EXTS:
        stem = stem.removesuffix(ext)
    stem = _SHARD.sub("", stem)
    return stem or (root.name if root.is_dir() else path.parent.name)  # bare "train-00000-of-00001.json"


def _read_arrow_table(path: Path) -> list[dict[str, Any]]:
    """Parquet (hub download) or Arrow stream (``save_to_disk``) rows; both need the optional pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError(
            f"{path} is a {path.suffix[1:]} file and reading it needs pyarrow, which is not installed. "
            "Install it (`pip install pyarrow`) or convert the files to JSON-lines, e.g. with "
            "`datasets.load_dataset(...)['train'].to_json('forget_100.jsonl')` on a machine that has it."
        ) from exc
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    with pa.memory_map(str(path)) as source:
        try:
            table = pa.ipc.open_stream(source).read_all()
        except pa.ArrowInvalid:
            table = pa.ipc.open_file(source).read_all()
    return table.to_pylist()


def _read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSON / JSON-lines file, or of a parquet / Arrow file (needs pyarrow)."""
    return _read_arrow_table(path) if path.suffix in (".parquet", ".arrow") else _read_records(path)


def hf_split_files(folder: Path, split: str) -> list[Path]:
    """The files of one split in a Hugging Face config folder: ``test-00000-of-00001.parquet`` (hub
    snapshot), ``test.jsonl`` / ``test.json`` (``to_json``), sorted; empty when there are none."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in _WPU_EXTS and re.fullmatch(rf"{split}(?:-\d{{5}}-of-\d{{5}})?", p.stem)
    )


def load_wpu_hf(path: str | Path, config: str | None = None) -> list[QAItem]:
    """QA of Wikipedia Person Unlearn in the Hugging Face layout (``Shiyu-Lab/Wikipedia_Person_Unlearn``).

    ``path`` may be one file or a folder holding per-config folders or files of JSON / JSON-lines / parquet
    (parquet needs pyarrow). Records need ``question`` and ``answer``; the person comes from ``title``,
    ``name``, ``person`` or ``subject`` when present. ``split`` of each item is its config name
    (``forget_100``, ``forget_2_1``, ``general_retain``...); ``config`` keeps only that one.
    """
    root = Path(path).expanduser()
    if not root.exists():
        raise DatasetNotFoundError(
            f"WPU: nothing at {root}. Expected the Hugging Face dataset Shiyu-Lab/Wikipedia_Person_Unlearn "
            "saved locally (per-config folders or .json/.jsonl/.parquet files). Nothing is downloaded."
        )
    files = (
        [root]
        if root.is_file()
        else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in _WPU_EXTS)
    )
    files = [p for p in files if not p.name.startswith(".")]
    items: list[QAItem] = []
    per_config: Counter[str] = Counter()
    seen_configs: set[str] = set()
    for file in files:
        cfg = _wpu_config(file, root if root.is_dir() else root.parent)
        seen_configs.add(cfg)
        if config is not None and cfg != config:
            continue
        for rec in _read_table(file):
            if not isinstance(rec, dict) or "question" not in rec or "answer" not in rec:
                continue  # metadata files (dataset_info.json, state.json) live next to the data
            person = next((rec[k] for k in ("title", "name", "person", "subject") if rec.get(k)), None)
            page = next((rec[k] for k in _PAGE_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
            answer = rec["answer"]
            if isinstance(answer, list):  # some exports keep a list of acceptable answers
                answer = answer[0] if answer else ""
            n = per_config[cfg]
            per_config[cfg] += 1
            items.append(
                QAItem(
                    id=f"wpu-{cfg}-{n:04d}",
                    question=str(rec["question"]),
                    answer=str(answer),
                    split=cfg,
                    author=str(person) if person else None,
                    document=page,
                )
            )
    if not items:
        hint = f" (config {config!r}; found configs: {sorted(seen_configs) or 'none'})" if config else ""
        raise DatasetNotFoundError(f"WPU: no question/answer records under {root}{hint}.")
    return items


_PAGE_KEYS = ("wikipage", "document", "page", "context")
"""Where a WPU record keeps the Wikipedia page its QA come from (``wikipage`` in the published dataset)."""


def wpu_authors(items: Sequence[QAItem], documents: bool = True) -> list[AuthorTarget]:
    """Group WPU QA by person (``author``), in first-seen order, into forget targets. With `documents` and
    pages in the data, a person's page is their target's documents (the forget corpus of WPU's document
    setting) and its lead sentence their description; otherwise the name alone."""
    groups: dict[str, list[QAItem]] = {}
    for item in items:
        if item.author:
            groups.setdefault(item.author, []).append(item)
    people = []
    for name, qa in groups.items():
        pages = list(dict.fromkeys(q.document for q in qa if q.document)) if documents else []
        people.append(
            AuthorTarget(
                name=name,
                description=opening_sentence(pages[0])
                if pages
                else f"{name}, a real person whose facts are to be forgotten (WPU).",
                tags=["wpu", *sorted({q.split for q in qa})],
                qa=qa,
                documents=pages,
            )
        )
    return people


# --------------------------------------------------------------------------------------------------- helpers


def sample(items: Sequence[T], limit: int | None, seed: int = 0) -> list[T]:
    """A deterministic subset of ``limit`` items (all when ``limit`` is None or not smaller), kept in the
    original order so that results files line up across runs with the same seed."""
    items = list(items)
    if limit is None or limit >= len(items):
        return items
    if limit < 0:
        raise ValueError("limit must be >= 0")
    keep = sorted(random.Random(seed).sample(range(len(items)), limit))
    return [items[i] for i in keep]
