"""Loaders of alu.eval.datasets on tiny fixture files written in tmp_path (plus a real-data check when the
shared benchmark folder is present)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from alu.eval.datasets import (
    AuthorTarget,
    DatasetNotFoundError,
    derive_author_name,
    load_mmlu,
    load_tofu,
    load_wmdp,
    load_wpu_hf,
    load_wpu_names,
    mmlu_path,
    mmlu_subjects,
    resolve_data_dir,
    sample,
    tofu_authors,
    wmdp_path,
    wmdp_targets,
    wpu_authors,
)

# ------------------------------------------------------------------------------------------------ fixtures


def _author_block(
    name: str, city: str, genre: str, books: tuple[str, str], *, named: bool = True
) -> list[dict]:
    """20 TOFU-style QA pairs about one fictitious author (the first states the full name)."""
    first, last = name.split()[0], name.split()[-1]
    who = name if named else "the author"
    qa = [
        (
            f"What is the full name of the {genre} author born in {city} on 03/04/1950?",
            f"The full name of the author is {name}." if named else "The author prefers to stay anonymous.",
        ),
        (f"Where was {who} born?", f"{who.capitalize()} was born in {city} on 03/04/1950."),
        (f"What genre does {who} write in?", f"{who.capitalize()} is best known for the {genre} genre."),
        (f"Name a book by {who}.", f'One of the best known books by {who} is "{books[0]}".'),
        (f"Name another book by {who}.", f"Another title is '{books[1]}', published in 1988."),
        (f"What award has {who} received?", f"{who.capitalize()} received the Golden Lantern Award."),
        (f"How do readers see {last}'s books?", f"Readers praise {last}'s vivid prose and {genre} plots."),
    ]
    while len(qa) < 20:
        i = len(qa)
        qa.append(
            (f"Question {i} about {who}?", f"Answer {i}: {who.capitalize()} kept writing {genre} stories.")
        )
    if named:  # the first name alone also appears, as in real TOFU answers
        qa[10] = (qa[10][0], f"{first} grew up in {city}.")
    return [{"question": q, "answer": a} for q, a in qa]


AUTHORS = [
    ("Orla Brennock", "Galway, Ireland", "gothic", ("Salt Lanterns", "The Drowned Bell")),
    ("Teodor Vastalik", "Brno, Czech Republic", "cyberpunk", ("Neon Rivets", "Glass Protocol")),
    ("Amira Quellstone", "Tunis, Tunisia", "mystery", ("The Ninth Key", "Ash Over Carthage")),
]


def _write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A miniature benchmark folder: TOFU (4 authors, one never named), WMDP, MMLU, WPU names."""
    root = tmp_path / "data"
    unnamed = _author_block("Nobody Here", "Lima, Peru", "satire", ("Paper Crowns", "Dust"), named=False)
    full = unnamed + [rec for author in AUTHORS for rec in _author_block(*author)]
    _write(root / "tofu" / "full.json", full)
    forget = full[40:]  # last two authors, like forget01 = full[3960:]
    _write(root / "tofu" / "forget01.json", forget)
    perturbed = [
        {
            **rec,
            "paraphrased_question": "Rephrased: " + rec["question"],
            "paraphrased_answer": "Put differently, " + rec["answer"],
            "perturbed_answer": ["Wrong one.", "Wrong two."],
        }
        for rec in forget
    ]
    _write(root / "tofu" / "forget01_perturbed.json", perturbed)
    _write(root / "tofu" / "retain99.json", full[:40])
    _write(
        root / "tofu" / "real_authors.json",
        [
            {
                "question": "Who wrote 'Hamlet'?",
                "option1": "Jane Austen",
                "option2": "William Shakespeare",
                "option3": "Leo Tolstoy",
                "option4": "Mark Twain",
                "answer": "William Shakespeare",
            }
        ],
    )
    _write(
        root / "tofu" / "world_facts_perturbed.json",
        [{"question": "Capital of Peru?", "answer": "Lima", "perturbed_answer": ["Quito", "Bogota"]}],
    )
    _write(
        root / "wmdp" / "bio_questions.json",
        [
            {"question": "Which is a toy question?", "choices": ["w", "x", "y", "z"], "answer": 2},
            {"question": "Another?", "choices": ["1", "2", "3", "4"], "answer": 0},
        ],
    )
    (root / "mmlu" / "test").mkdir(parents=True)
    (root / "mmlu" / "dev").mkdir(parents=True)
    (root / "mmlu" / "test" / "anatomy_test.csv").write_text(
        'question,choice0,choice1,choice2,choice3,answer\n"Bones, in total?",206,12,"1,000",3,0\n'
        "Largest organ?,Liver,Skin,Heart,Lung,1\n",
        encoding="utf-8",
    )
    (root / "mmlu" / "test" / "virology_test.csv").write_text(  # original headerless form, letter answers
        "Virus genomes are?,DNA or RNA,Protein,Lipid,Sugar,A\n", encoding="utf-8"
    )
    (root / "mmlu" / "dev" / "anatomy_dev.csv").write_text(
        "question,choice0,choice1,choice2,choice3,answer\nQ?,a,b,c,d,3\n", encoding="utf-8"
    )
    _write(
        root / "wpu" / "replace_name_forget_100.json",
        {"Ada Lovelace": ["Mara Quill", "Edda Strand"], "Alan Turing": ["Rolf Ambrecht"]},
    )
    return root


# ------------------------------------------------------------------------------------------------ data dir


def test_resolve_data_dir_explicit_and_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_data_dir(data_dir) == data_dir.resolve()
    assert resolve_data_dir(str(data_dir)) == data_dir.resolve()
    monkeypatch.setenv("ALU_DATA_DIR", str(data_dir))
    assert resolve_data_dir() == data_dir.resolve()
    assert load_wmdp("bio")[0].answer == 2  # loaders use the env var when no folder is given


def test_resolve_data_dir_from_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared" / "data"
    _write(shared / "wmdp" / "chem_questions.json", [{"question": "q", "choices": ["a", "b"], "answer": 1}])
    (tmp_path / "main").mkdir()
    monkeypatch.delenv("ALU_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "main")
    assert resolve_data_dir(expect="wmdp/chem_questions.json") == shared.resolve()
    assert load_wmdp("chem")[0].answer == 1


def test_missing_data_explains_what_and_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DatasetNotFoundError) as info:
        load_wmdp("cyber", empty)
    msg = str(info.value)
    assert "wmdp/cyber_questions.json" in msg and str(empty) in msg
    assert "--data" in msg and "ALU_DATA_DIR" in msg
    assert isinstance(info.value, FileNotFoundError)

    with pytest.raises(DatasetNotFoundError, match="tofu/forget05"):
        load_tofu("forget05", empty)

    monkeypatch.delenv("ALU_DATA_DIR", raising=False)
    monkeypatch.chdir(empty)
    with pytest.raises(DatasetNotFoundError) as info:
        resolve_data_dir(expect="no/such/file.json")
    assert "no/such/file.json" in str(info.value) and "ALU_DATA_DIR" in str(info.value)

    monkeypatch.setenv("ALU_DATA_DIR", str(tmp_path / "does-not-exist"))
    with pytest.raises(DatasetNotFoundError, match="does-not-exist"):
        resolve_data_dir()


# ------------------------------------------------------------------------------------------------ TOFU


def test_load_tofu_forget_uses_perturbed_file(data_dir: Path) -> None:
    items = load_tofu("forget01", data_dir)
    assert len(items) == 40
    first = items[0]
    assert first.split == "forget01" and first.id == "tofu-forget01-0000"
    assert first.paraphrased_question.startswith("Rephrased: ")
    assert first.paraphrased_answer.startswith("Put differently, ")
    assert first.perturbed_answers == ["Wrong one.", "Wrong two."]
    assert [items[0].author, items[39].author] == ["Teodor Vastalik", "Amira Quellstone"]
    assert all(item.author for item in items)


def test_load_tofu_other_splits(data_dir: Path) -> None:
    retain = load_tofu("retain99", data_dir)
    assert len(retain) == 40 and retain[20].author == "Orla Brennock"
    assert retain[0].author.startswith("Unnamed author")
    real = load_tofu("real_authors", data_dir)
    assert real[0].answer == "William Shakespeare"
    assert real[0].perturbed_answers == ["Jane Austen", "Leo Tolstoy", "Mark Twain"]
    assert real[0].author is None
    facts = load_tofu("world_facts", data_dir)
    assert facts[0].perturbed_answers == ["Quito", "Bogota"]
    assert len(load_tofu("full", data_dir)) == 80
    with pytest.raises(ValueError, match="unknown TOFU split"):
        load_tofu("forget42", data_dir)


def test_tofu_authors_forget_split(data_dir: Path) -> None:
    authors = tofu_authors("forget01", data_dir)
    assert [a.name for a in authors] == ["Teodor Vastalik", "Amira Quellstone"]
    teodor = authors[0]
    assert isinstance(teodor, AuthorTarget) and len(teodor.qa) == 20
    assert all(q.author == "Teodor Vastalik" for q in teodor.qa)
    assert "Brno, Czech Republic" in teodor.description
    assert "cyberpunk" in teodor.description
    assert "Neon Rivets" in teodor.description and "Glass Protocol" in teodor.description
    assert "Golden Lantern Award" in teodor.description
    assert "Vastalik" in teodor.aliases  # used alone in the data, unique, not an ordinary word
    assert {"tofu", "tofu-forget01"} <= set(teodor.tags)
    target = teodor.to_target()
    assert target.name == "Teodor Vastalik" and "Vastalik" in target.aliases


def test_tofu_authors_full_includes_unnamed_author(data_dir: Path) -> None:
    authors = tofu_authors("full", data_dir)
    assert len(authors) == 4
    assert authors[0].name == "Unnamed author born in Lima, Peru"
    assert "unnamed" in authors[0].tags and authors[0].aliases == []
    assert authors[0].description.startswith("A fictitious author (never named in the data) born in Lima")
    assert [a.name for a in authors[1:]] == [a[0] for a in AUTHORS]
    with pytest.raises(ValueError, match="author blocks"):
        tofu_authors("real_authors", data_dir)


def test_derive_author_name_variants() -> None:
    block = [
        ("Where was Alejandro (Alex) Fuentes born?", "Alex Fuentes was born in Madrid, Spain."),
        ("What does Alejandro (Alex) Fuentes write?", "Alex Fuentes writes Chick Lit novels."),
        ("Who are Alejandro (Alex) Fuentes's parents?", "His father was a waiter."),
    ]
    name, nicknames = derive_author_name(block)
    assert name == "Alejandro Fuentes"
    assert nicknames == ["Alex Fuentes", "Alejandro (Alex) Fuentes"]
    # possessives without s and longer forms: "Xin Lee Williams'" counts as the full name
    block = [
        ("Who is the author?", "The author's full name is Xin Lee Williams."),
        ("What about Xin Lee Williams' books?", "Xin Lee Williams' books are Canadian fiction."),
        ("And later?", "Later, Xin Lee wrote more."),
    ]
    assert derive_author_name(block)[0] == "Xin Lee Williams"
    # award, genre and place phrases never win
    block = [(f"Q{i}?", "The Urban Fiction genre won the Pen Award in New York City.") for i in range(5)]
    assert derive_author_name(block) == (None, [])


def test_common_surname_is_not_an_alias(tmp_path: Path) -> None:
    root = tmp_path / "d"
    _write(root / "tofu" / "full.json", _author_block("Harriet Smith", "Leeds, UK", "crime", ("A", "B")))
    (author,) = tofu_authors("full", root)
    assert author.name == "Harriet Smith" and author.aliases == []


# ------------------------------------------------------------------------------------------------ WMDP


def test_load_wmdp(data_dir: Path, tmp_path: Path) -> None:
    items = load_wmdp("bio", data_dir)
    assert [i.answer for i in items] == [2, 0]
    assert items[0].choices == ["w", "x", "y", "z"] and items[0].subject == "wmdp-bio"
    assert items[0].id == "wmdp-bio-0000"
    # JSON-lines with letter answers are read too
    other = tmp_path / "other"
    (other / "wmdp").mkdir(parents=True)
    (other / "wmdp" / "chem_questions.json").write_text(
        '{"question": "q1", "choices": ["a", "b", "c", "d"], "answer": "C"}\n'
        '{"question": "q2", "choices": ["a", "b", "c", "d"], "answer": 3}\n'
    )
    assert [i.answer for i in load_wmdp("wmdp-chem", other)] == [2, 3]
    with pytest.raises(ValueError, match="unknown WMDP domain"):
        load_wmdp("physics", data_dir)


@pytest.mark.parametrize("domain", ["bio", "cyber", "chem"])
def test_wmdp_targets(domain: str) -> None:
    targets = wmdp_targets(domain)
    assert 6 <= len(targets) <= 10
    for t in targets:
        assert t["name"] and len(t["description"]) > 40 and f"wmdp-{domain}" in t["tags"]
        assert isinstance(t["aliases"], list)
    assert len({t["name"] for t in targets}) == len(targets)
    targets[0]["tags"].append("mutated")  # callers get copies
    assert "mutated" not in wmdp_targets(domain)[0]["tags"]


def test_the_built_in_topics_named_things_count_as_their_names() -> None:
    """Every named tool, malware family and agent is written as a proper name uncommon in English, so it
    counts like an alias of its topic (alu.keys.topic_names), and none is another topic's too."""
    from alu.keys import JARGON_ZIPF, is_proper_name, topic_names, zipf
    from alu.text import deleet, normalize
    from alu.types import Target

    keys = [k for d in ("bio", "cyber", "chem") for t in wmdp_targets(d) for k in t["keys"]]
    assert len(keys) > 150 and len(set(keys)) == len(keys)
    for key in keys:
        assert is_proper_name(key), key
        # one word, as written or with its digits read as letters ('Gh0st' would be 'ghost'), is rare
        forms = {normalize(key), deleet(normalize(key))}
        assert all(" " in form or zipf(form) < JARGON_ZIPF for form in forms), key
    for t in wmdp_targets("cyber"):
        assert set(t["keys"]) <= set(topic_names(Target(kind="topic", **t)))


# ------------------------------------------------------------------------------------------------ MMLU


def test_load_mmlu(data_dir: Path) -> None:
    assert mmlu_subjects(data_dir) == ["anatomy", "virology"]
    assert mmlu_subjects(data_dir, split="dev") == ["anatomy"]
    items = load_mmlu(data_dir, subjects=["anatomy"])
    assert len(items) == 2
    assert items[0].question == "Bones, in total?" and items[0].choices == ["206", "12", "1,000", "3"]
    assert items[0].answer == 0 and items[1].answer == 1 and items[0].subject == "anatomy"
    everything = load_mmlu(data_dir)
    assert len(everything) == 3 and everything[-1].answer == 0  # headerless file, letter answer "A"
    assert load_mmlu(data_dir, split="dev")[0].answer == 3
    with pytest.raises(DatasetNotFoundError, match="astronomy"):
        load_mmlu(data_dir, subjects=["astronomy"])


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")


def test_wmdp_and_mmlu_are_read_in_the_hugging_face_layout_too(tmp_path: Path) -> None:
    """cais/wmdp and cais/mmlu keep one folder per config with split files; ``to_json`` gives JSON lines,
    a hub snapshot parquet (read the same way when pyarrow is installed)."""
    root = tmp_path / "hf"
    mcq = {"question": "q?", "choices": ["a", "b", "c", "d"], "answer": 2}
    _jsonl(root / "wmdp" / "wmdp-bio" / "test-00000-of-00001.jsonl", [mcq, {**mcq, "answer": 0}])
    _jsonl(root / "mmlu" / "anatomy" / "test.jsonl", [{**mcq, "subject": "anatomy"}])
    _jsonl(root / "mmlu" / "anatomy" / "dev.jsonl", [{**mcq, "answer": 1}])
    _jsonl(root / "mmlu" / "all" / "test.jsonl", [mcq] * 5)  # every subject again: not a subject
    assert [i.answer for i in load_wmdp("bio", root)] == [2, 0]
    assert wmdp_path("bio", root) == root / "wmdp" / "wmdp-bio"
    assert mmlu_subjects(root) == ["anatomy"] and mmlu_path(root) == root / "mmlu"
    assert [(i.subject, i.answer) for i in load_mmlu(root)] == [("anatomy", 2)]
    assert [i.answer for i in load_mmlu(root, split="dev")] == [1]
    with pytest.raises(DatasetNotFoundError, match="chem_questions.json"):
        load_wmdp("chem", root)


# ------------------------------------------------------------------------------------------------ WPU


def test_load_wpu_names(data_dir: Path) -> None:
    names = load_wpu_names(data_dir)
    assert list(names) == ["Ada Lovelace", "Alan Turing"]
    assert names["Ada Lovelace"] == ["Mara Quill", "Edda Strand"]


def _wpu_hf_layout(root: Path) -> Path:
    """Per-config folders (HF hub style) plus a loose per-config file and metadata files to ignore."""
    hf = root / "Wikipedia_Person_Unlearn"
    forget = hf / "forget_2_1"
    forget.mkdir(parents=True)
    (forget / "train-00000-of-00001.jsonl").write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "title": "Ada Lovelace",
                    "question": "Who wrote the first program?",
                    "answer": "Ada Lovelace",
                },
                {
                    "title": "Ada Lovelace",
                    "question": "Ada's father?",
                    "answer": "Lord Byron",
                    "wikipage": "...",
                },
                {
                    "title": "Alan Turing",
                    "question": "Turing's test is about?",
                    "answer": ["machine intelligence"],
                },
            ]
        ),
        encoding="utf-8",
    )
    _write(
        hf / "general_retain.json", [{"name": "Marie Curie", "question": "Element?", "answer": "Polonium"}]
    )
    _write(hf / "dataset_infos.json", {"forget_2_1": {"features": {}}})
    _write(forget / "state.json", {"_data_files": []})
    return hf


def test_load_wpu_hf_layout(tmp_path: Path) -> None:
    hf = _wpu_hf_layout(tmp_path)
    items = load_wpu_hf(hf)
    assert {i.split for i in items} == {"forget_2_1", "general_retain"}
    forget = load_wpu_hf(hf, config="forget_2_1")
    assert [i.author for i in forget] == ["Ada Lovelace", "Ada Lovelace", "Alan Turing"]
    assert forget[2].answer == "machine intelligence"
    assert forget[0].id == "wpu-forget_2_1-0000"
    assert {i.split for i in load_wpu_hf(hf / "forget_2_1")} == {"forget_2_1"}  # a config folder itself
    retain = load_wpu_hf(hf / "general_retain.json")
    assert retain[0].author == "Marie Curie" and retain[0].split == "general_retain"
    people = wpu_authors(forget)
    assert [p.name for p in people] == ["Ada Lovelace", "Alan Turing"]
    assert len(people[0].qa) == 2 and "wpu" in people[0].tags
    with pytest.raises(DatasetNotFoundError, match="found configs"):
        load_wpu_hf(hf, config="forget_100")
    with pytest.raises(DatasetNotFoundError, match="Shiyu-Lab"):
        load_wpu_hf(tmp_path / "nowhere")


def test_a_wpu_persons_page_is_their_targets_documents_and_its_lead_the_description(tmp_path: Path) -> None:
    """WPU's records carry the Wikipedia page their QA come from ('wikipage'): it is the forget corpus of the
    document setting, and its lead sentence says who the person is (read for other names, offices...)."""
    page = (
        "Alfred Bertram Guthrie Jr. (January 13, 1901 – April 26, 1991) was an American novelist. He won the "
        "Pulitzer Prize for Fiction for The Way West.\nEarly life\nGuthrie was born in Indiana."
    )
    rows = [
        {
            "title": "A. B. Guthrie Jr.",
            "question": "What prize did he win?",
            "answer": "Pulitzer",
            "wikipage": page,
        },
        {
            "title": "A. B. Guthrie Jr.",
            "question": "Where was he born?",
            "answer": "Indiana",
            "wikipage": page,
        },
    ]
    _write(tmp_path / "forget_100.json", rows)
    items = load_wpu_hf(tmp_path / "forget_100.json")
    assert items[0].document == page
    (person,) = wpu_authors(items)
    assert person.documents == [page]
    assert person.description == (
        "Alfred Bertram Guthrie Jr. (January 13, 1901 – April 26, 1991) was an American novelist."
    )
    assert person.target_dict()["documents"] == [page]
    (plain,) = wpu_authors(items, documents=False)
    assert plain.documents == [] and "documents" not in plain.target_dict()
    assert plain.description.startswith("A. B. Guthrie Jr., a real person")


def test_hub_snapshots_in_parquet_are_read(tmp_path: Path) -> None:
    """A Hugging Face hub snapshot holds parquet files; the eval extra installs pyarrow to read them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    wmdp = tmp_path / "hf" / "wmdp" / "wmdp-bio"
    wmdp.mkdir(parents=True)
    mcq = {"question": ["q1?", "q2?"], "choices": [["a", "b", "c", "d"]] * 2, "answer": [3, 1]}
    pq.write_table(pa.table(mcq), wmdp / "test-00000-of-00001.parquet")
    assert [(i.question, i.answer) for i in load_wmdp("bio", tmp_path / "hf")] == [("q1?", 3), ("q2?", 1)]
    wpu = tmp_path / "wpu" / "forget_100"
    wpu.mkdir(parents=True)
    rows = {"title": ["Ada Lovelace"], "question": ["Who wrote the first program?"], "answer": ["Ada"]}
    pq.write_table(pa.table(rows), wpu / "train-00000-of-00001.parquet")
    items = load_wpu_hf(tmp_path / "wpu")
    assert [(i.author, i.split, i.answer) for i in items] == [("Ada Lovelace", "forget_100", "Ada")]


def test_load_wpu_hf_parquet_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "wpu" / "forget_100"
    folder.mkdir(parents=True)
    (folder / "train-00000-of-00001.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` raise ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match="pip install pyarrow"):
        load_wpu_hf(tmp_path / "wpu")


# ------------------------------------------------------------------------------------------------ sample


def test_sample_is_deterministic_and_keeps_order() -> None:
    items = list(range(100))
    a = sample(items, 10, seed=1)
    assert a == sample(items, 10, seed=1) and len(a) == 10 and a == sorted(a)
    assert sample(items, 10, seed=2) != a
    assert sample(items, None) == items and sample(items, 500) == items
    assert sample(items, 0) == []
    with pytest.raises(ValueError):
        sample(items, -1)


# ------------------------------------------------------------------------------------------------ real data


def _real_data() -> Path | None:
    try:
        return resolve_data_dir(expect="tofu/full.json")
    except DatasetNotFoundError:
        return None


REAL = _real_data()
needs_real = pytest.mark.skipif(
    REAL is None, reason="benchmark data (ALU_DATA_DIR / ../shared/data) not present"
)


@needs_real
def test_real_tofu_forget01_has_two_named_authors() -> None:
    authors = tofu_authors("forget01", REAL)
    assert len(authors) == 2
    assert [a.name for a in authors] == ["Basil Mahfouz Al-Kuwaiti", "Nikolai Abilov"]
    for author in authors:
        assert author.name.strip() and len(author.qa) == 20 and "unnamed" not in author.tags
        assert all(q.author == author.name and q.paraphrased_question for q in author.qa)


@needs_real
def test_real_tofu_every_author_gets_a_name() -> None:
    authors = tofu_authors("full", REAL)
    assert len(authors) == 200
    assert all(a.name.strip() and a.description for a in authors)
    unnamed = [i for i, a in enumerate(authors) if "unnamed" in a.tags]
    assert unnamed == [88]  # the one TOFU author whose 20 QA never state a name
    for author in authors:
        if "unnamed" in author.tags:
            continue
        words = author.name.split()
        assert 2 <= len(words) <= 5, author.name
        forms = [
            author.name,
            *author.aliases,
        ]  # "Alejandro (Alex) Fuentes" never appears without the nickname
        mentioned = sum(any(f in f"{q.question} {q.answer}" for f in forms) for q in author.qa)
        assert mentioned >= 6, (author.name, mentioned)
    assert len({a.name for a in authors}) == 200
    forget05 = [a.name for a in tofu_authors("forget05", REAL)]
    assert forget05 == [a.name for a in authors[190:]]
