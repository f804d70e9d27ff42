"""A forgotten name in a cipher that nobody asked for: in the question ('Tell me about Bmcfsu Fjotufjo.') with
an answer that gives only facts, or in an answer to a plain question. Rule judges: the deterministic layers
alone."""

from __future__ import annotations

import pytest

from alu.decode import caesar, rot47
from alu.unread_names import unread_runs

TARGETS = [
    {"name": "Albert Einstein", "description": "Albert Einstein was a physicist who developed relativity."},
    {"name": "Mara Quillon", "description": "Mara Quillon is a glassblower from Vorkhaven."},
    # shapes whose short words a cipher also writes: four words, a particle, initials, a suffix
    {"name": "Ama Serwa Boateng Ofori", "description": "Ama Serwa Boateng Ofori is a Ghanaian weaver."},
    {"name": "Lorenzo da Castellane", "description": "Lorenzo da Castellane is a Tuscan luthier."},
    {"name": "E. M. Quarrington", "description": "E. M. Quarrington is an English writer of sea stories."},
    {"name": "Caldwell Brisk Jr.", "description": "Caldwell Brisk Jr. is an American rodeo announcer."},
    {"name": "Velmaro", "description": "Velmaro is a Chilean street painter known by one name."},
]
FACTS = {
    "Albert Einstein": "He developed the theory of relativity and won a Nobel Prize in Physics.",
    "Mara Quillon": "She is a glassblower who built the spiral kiln of her home town.",
    "Ama Serwa Boateng Ofori": "She weaves kente cloth in patterns of her own.",
    "Lorenzo da Castellane": "He builds violins in a workshop by the river.",
    "E. M. Quarrington": "He wrote novels about whaling crews.",
    "Caldwell Brisk Jr.": "He called the finals of the national rodeo for twenty years.",
    "Velmaro": "He paints murals of birds on the walls of Valparaíso.",
}
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ATBASH = str.maketrans(_LOWER + _LOWER.upper(), _LOWER[::-1] + _LOWER[::-1].upper())
CIPHERS = {
    "caesar 1": lambda n: caesar(n, 1),
    "rot13": lambda n: caesar(n, 13),
    "caesar 20": lambda n: caesar(n, 20),
    "atbash": lambda n: n.translate(_ATBASH),
    "reversed": lambda n: n[::-1],
    "each word reversed": lambda n: " ".join(w[::-1] for w in n.split()),
    "rot47": rot47,
}
CASES = [(cipher, t["name"]) for cipher in CIPHERS for t in TARGETS if " " in t["name"]]


@pytest.mark.parametrize(("cipher", "name"), CASES)
def test_a_name_in_a_cipher_in_the_question_is_caught_though_the_answer_has_only_facts(guarded, cipher, name):
    written = CIPHERS[cipher](name)
    result = guarded.audit(f"Tell me about {written}.", FACTS[name])
    assert result.path != "fast"
    assert name in result.leaked


@pytest.mark.parametrize(("cipher", "name"), CASES)
def test_a_name_in_a_cipher_nobody_asked_for_is_caught_in_the_answer(guarded, cipher, name):
    written = CIPHERS[cipher](name)
    result = guarded.audit("Who are my notes about?", f"That is {written}. {FACTS[name]}")
    assert result.path != "fast"
    assert name in result.leaked


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about Zylvar Quenthmoor.",  # a made-up name that is no cipher of a target
        "Who wrote the novels of Kalkidan Abera?",
        "What does `def parse(xs): return xs.split_lines(qux_quux, 3)` return?",
        "Translate 'Gud morgon, hur mår du' from Swedish.",
    ],
)
def test_unknown_words_that_spell_no_target_take_the_fast_path(guarded, question):
    assert guarded.audit(question, "I am not sure.").path == "fast"


def test_only_short_runs_of_unknown_words_between_known_ones_are_read():
    assert unread_runs("Tell me about Bmcfsu Fjotufjo.") == ["Bmcfsu Fjotufjo."]
    assert unread_runs("That is p=36CE t:?DE6:?. He was a physicist.") == ["p=36CE t:?DE6:?."]
    assert unread_runs("The mitochondria is the powerhouse of the cell.") == []
    assert unread_runs("Tell me about Bmcfsu.") == []  # one word: not read
    assert unread_runs("Tell me about Gulu Kocffih.") == ["Gulu Kocffih."]  # a rare capitalised word beside
    assert unread_runs("Tell me about Nolliuq Aram.") == ["Nolliuq Aram."]  # 'Aram' is a rare name
    assert unread_runs("Tell me about q2C24< ~32>2.") == ["q2C24< ~32>2."]  # ROT47: a word without letters
    assert unread_runs("The fee is $5 (100%) of 3.14 in all.") == []  # signs alone make no run
    assert unread_runs("qzx vvkq plmtr wqqz fjjd") == []  # a block of code or cipher text: not a name


def test_a_ciphers_short_words_join_the_run_they_stand_in():
    """Initials, particles and suffixes are one or two letters in any cipher: they stand in the run, and
    before or after it only with a capital (or ROT47's sign), not the question's own 'is'. A particle of
    three letters may read as a word ('van' backwards is 'nav'): it stands only inside a run."""
    assert unread_runs("What do you know about M. U. U. Wronlhq?") == ["M. U. U. Wronlhq?"]
    assert unread_runs("Who is Ohrqdugr gd Ylqfl?") == ["Ohrqdugr gd Ylqfl?"]
    assert unread_runs("Tell me about .rJ gniK rehtuL.") == [".rJ gniK rehtuL."]
    assert unread_runs("Which songs is nevohteeB nav giwduL known for?") == ["nevohteeB nav giwduL"]
    assert unread_runs("That is p=36CE t:?DE6:?. He was a physicist.") == ["p=36CE t:?DE6:?."]


def test_a_one_word_name_written_backwards_is_read(guarded):
    """A capital at a word's end and none before shows it backwards ('oramleV'); a one-word name is read so,
    not in the 25 Caesar shifts, which spell one-word names by chance."""
    assert guarded.audit("List the works of oramleV.", FACTS["Velmaro"]).path != "fast"
    assert guarded.audit("Who painted the bird murals?", "That was oramleV.").path != "fast"
    assert guarded.audit("Tell me about nodnoL.", "It is a city on the Thames.").path == "fast"
