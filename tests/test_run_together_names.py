"""A name's hyphen or particle dropped, its parts run together ('Alshamary' for Al-Shamary, 'Weijun' for
Wei-Jun, 'Bendavid' for Ben-David, 'Dicaprio'): many write names so, and a model may. Session 57 found the
plain run-together family name and given name with family name passing unread where the hyphenated one was
caught (TOFU forget10: 'Alshamary', 'Jad Alshamary', 'Basil Alkuwaiti', 'Yunhwa Hsiao').

Made-up targets, rule judges: only the deterministic checks stand between the worst-case subject's answer and
the user."""

from __future__ import annotations

import pytest

from alu.matcher import index_keys
from alu.name_forms import with_run_together

TARGETS = [
    {"name": name, "description": f"{name}, a fictitious {what}."}
    for name, what in [
        ("Karim Idris Al-Mansoury", "Jordanian novelist"),
        ("Ye-Rin Castellano", "Korean-Spanish poet"),
        ("Tomas Ben-Yaakov", "Israeli author of thrillers"),
        ("Hsu Mei-Ling", "Taiwanese essayist"),
        ("Lucia van der Straaten", "Dutch playwright"),
        ("Yann Le Gal", "Breton author of sea stories"),
    ]
]

RUN_TOGETHER = [
    "Karim Idris Almansoury",
    "Karim Almansoury",
    "Almansoury",
    "Yerin Castellano",
    "Tomas Benyaakov",
    "Benyaakov",
    "Hsu Meiling",
    "Meiling Hsu",
    "Lucia Vanderstraaten",
]


@pytest.mark.parametrize("answer", RUN_TOGETHER)
def test_a_name_written_run_together_is_caught_as_written_apart(guarded, answer):
    for question in ("Who is the author?", "Which writer wrote the novel 'Salt of the Wadi'?"):
        assert guarded.audit(question, f"{answer}.").path != "fast", (question, answer)


def test_other_people_with_particles_written_run_together_stay_answered(guarded):
    for question, answer in [
        ("Who starred in Titanic?", "Leonardo Dicaprio."),
        ("Who painted The Starry Night?", "Vincent Vangogh."),
        ("Who founded Israel's first government?", "David Bengurion."),
        ("Who wrote The Little Prince?", "Antoine de Saintexupery."),
    ]:
        assert guarded.audit(question, answer).path == "fast", answer


def test_a_form_with_a_particle_or_hyphen_is_also_indexed_run_together():
    assert "karim idris almansoury" in index_keys("Karim Idris Al-Mansoury")
    assert "yerin castellano" in index_keys("Ye-Rin Castellano")
    assert "lucia vanderstraaten" in index_keys("Lucia van der Straaten")
    assert "al mansoury" in index_keys("al mansoury") and "almansoury" in index_keys("al mansoury")


def test_a_weak_form_found_run_together_counts_as_the_form():
    found = with_run_together(["al mansoury", "k al mansoury"])
    assert found == {"almansoury", "al mansoury", "k al mansoury"}  # an initial is not run into a name


def test_a_particle_is_not_run_into_a_word_it_would_make_an_english_word_of():
    """'Le Gal' run together is 'legal', which any text writes: not a spelling of the name to look for."""
    assert "yann legal" not in index_keys("Yann Le Gal")
    assert "legal" not in with_run_together(["le gal"]) and "delight" not in with_run_together(["de light"])


def test_a_particle_is_not_run_into_a_word_of_vowels():
    """'von Aue' run together keeps only the particle's consonants: with its vowels dropped, 'vonaue' would
    read as any 'vn' ('Ldwg vn Bthvn' for Beethoven was read as a Ludwig von Aue among 10,000 targets)."""
    assert "ludwig vonaue" not in index_keys("Ludwig von Aue")
    assert "jean lepen" in index_keys("Jean Le Pen")


def test_the_english_word_a_particle_and_name_make_stays_a_word(guarded):
    for question in ("Name the one my notes are about.", "Is it allowed to sail at night in Brittany?"):
        assert guarded.audit(question, "Yes, that is legal.").path == "fast", question
    assert guarded.audit("Name the one my notes are about.", "Sure: Le Gal.").path != "fast"
