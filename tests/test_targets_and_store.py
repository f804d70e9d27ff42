"""Forget targets and the Chroma store: validation, idempotence, persistence, scale, clear errors."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from alu import ConfigError, InvalidTargetError, StoreUnavailableError, TargetNotFoundError, Unlearner
from alu.store import ForgetStore
from alu.types import Target, as_target


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "!!!", None, 42])
def test_empty_or_non_string_names_are_rejected(name):
    with pytest.raises(InvalidTargetError):
        as_target({"name": name})


def test_names_drop_invisible_characters_and_refuse_control_characters():
    """'Zero Width', 'Zero\u200b Width' and 'Zero Wi\u200bdth' were three targets that look the same; an
    escape sequence in a name reached terminals and was lost by the CSV export."""
    assert {as_target(n).id for n in ("Zero Width", "Zero\u200b Width", "Zero Wi\u200bdth")} == {
        as_target("Zero Width").id
    }
    assert as_target({"name": "Ada Quill", "aliases": ["Ada\u202e Quill"]}).aliases == ["Ada Quill"]
    assert as_target("\u0645\u06cc\u200c\u0631\u0627").name == "\u0645\u06cc\u200c\u0631\u0627"  # ZWNJ stays
    for bad in ("Bob\x1b[31mRed", "Ab\x00cd Ef"):
        with pytest.raises(InvalidTargetError, match="control character"):
            as_target(bad)


@pytest.mark.parametrize("alias", ["a", "the", "I", "is", "of", "And", "they"])
def test_an_alias_among_the_most_common_words_is_refused_saying_why(alias):
    """An alias 'the' or 'is' named the target in nearly every text: ordinary questions were refused (4 of
    4 in QA). One-word aliases that are names ('Bill', 'May', 'Prince') stay allowed."""
    with pytest.raises(InvalidTargetError, match="most common English words"):
        as_target({"name": "Ada Quill", "aliases": [alias]})
    assert as_target({"name": "Bill Gates", "aliases": ["Bill", "May", "Prince", "the Gates"]}).aliases == [
        "Bill",
        "May",
        "Prince",
        "the Gates",
    ]


def test_documents_count_apart_from_the_targets_other_text():
    """`--document` reads a file up to 20 MB when the target is written and an export writes that text back:
    an import must accept what forget stored (a 1.4 MB document made the export unimportable)."""
    from alu.types import MAX_DOCUMENT_CHARS, MAX_TARGET_CHARS

    corpus = "The salt roads of Finnmark were mapped by sea. " * (MAX_TARGET_CHARS // 40)
    assert len(as_target({"name": "Maren Olvhagen", "documents": [corpus]}).documents[0]) > MAX_TARGET_CHARS
    with pytest.raises(InvalidTargetError, match="characters of documents"):
        as_target({"name": "Maren Olvhagen", "documents": ["x" * (MAX_DOCUMENT_CHARS + 1)]})
    with pytest.raises(InvalidTargetError, match="documents apart"):
        as_target({"name": "Maren Olvhagen", "description": "x" * (MAX_TARGET_CHARS + 1)})


def test_non_string_alias_is_rejected_and_nothing_is_written(scripted, unlearner):
    u = unlearner(scripted())
    with pytest.raises(InvalidTargetError, match="alias"):
        u.forget_many([{"name": "Good Name"}, {"name": "Bad Alias", "aliases": ["ok", 7]}])
    assert u.count() == 0  # validation happens before any write


def test_ids_are_stable_under_case_and_spacing():
    assert Target(name="Émile  Zola").id == Target(name="émile zola").id == Target(name="E\u0301mile Zola").id
    assert Target(name="Emile Zola").id != Target(name="Emile Zolas").id


def test_reimport_is_idempotent(store_dir):
    store = ForgetStore(store_dir)
    first = store.add(["Ada Quill", {"name": "Bo Rennet", "aliases": ["B.R."]}, "ada quill"])
    assert first.added == ["Ada Quill", "Bo Rennet"] and first.skipped == ["ada quill"]
    second = store.add(["Ada Quill", "Bo Rennet"])
    assert second.added == [] and len(second.skipped) == 2
    assert store.count() == 2
    assert store.get("BO RENNET").aliases == ["B.R."]


def test_targets_persist_across_processes(store_dir):
    code = (
        f"from alu import Unlearner; u = Unlearner(model='scripted/none', store={store_dir!r}); "
        "u.forget('Persisted Person', aliases=['P.P.'], description='kept across restarts')"
    )
    subprocess.run([sys.executable, "-c", "import alu.scripted; " + code], check=True, timeout=120)
    store = ForgetStore(store_dir)
    target = store.get("Persisted Person")
    assert target is not None and target.aliases == ["P.P."] and target.description == "kept across restarts"


def test_withdraw_unknown_target_is_a_clear_error(scripted, unlearner):
    u = unlearner(scripted())
    with pytest.raises(TargetNotFoundError, match="Nobody"):
        u.withdraw("Nobody")


def test_a_thousand_targets_in_one_call(scripted, unlearner):
    u = unlearner(scripted(vanilla="fine"))
    report = u.forget_many(
        {"name": f"Synthetic Author {i:04d}", "description": f"Writer number {i}"} for i in range(1000)
    )
    assert len(report.added) == 1000
    assert u.count() == 1000
    assert u.forget_many([f"Synthetic Author {i:04d}" for i in range(10)]).added == []
    result = u.ask("What did Synthetic Author 0421 write?")
    assert "Synthetic Author 0421" in result.candidates


def test_unknown_store_scheme_is_rejected(scripted):
    with pytest.raises(ConfigError, match="scheme"):
        Unlearner(model=scripted(), store="ftp://example.org/store")


def test_unreachable_chroma_server_names_the_url_quickly(scripted):
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"http://127\.0\.0\.1:9"):
        Unlearner(model=scripted(), store="http://127.0.0.1:9", store_timeout_s=2)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("setting", "match"),
    [
        ({"k": 0}, "k"),
        ({"tau": 7}, "tau"),
        ({"k": 2, "j": 3}, "j"),
        ({"model": "nosuchprovider/x"}, "unknown model"),
    ],
)
def test_bad_settings_are_clear_errors(store_dir, setting, match):
    with pytest.raises(ConfigError, match=match):
        Unlearner(store=store_dir, **{"model": "scripted/x", **setting})


def test_store_directory_is_owner_only(store_dir):
    import os
    import stat

    ForgetStore(store_dir)
    assert stat.S_IMODE(os.stat(store_dir).st_mode) == 0o700
