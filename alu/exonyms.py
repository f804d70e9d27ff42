"""What places are called in other languages and scripts: 'Parigi', 'Париж', '巴黎' and 'パリ' for Paris.

The table (``alu/data/exonyms.tsv.gz``, built by ``tools/build_exonyms.py`` from GeoNames, CC BY 4.0, and the
Unicode CLDR) covers cities of 100,000 people or more and every country. A target whose name is one of those
places is also named by its other names; they are matched like aliases (see :class:`alu.matcher.AliasIndex`).
People have no such table: their names in other scripts are matched by ear (:func:`alu.text.sound_key`)."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import cache
from importlib import resources

from alu.text import normalize, script_of
from alu.types import Target

_DATA = "exonyms.tsv.gz"
"""Gzipped: the table is 1.8 MB as text, 0.8 MB packed."""


@cache
def _table() -> dict[str, str]:
    """Place name (normalised) -> its other names, tab-separated (split only for the places asked about).
    Read once, on the first target indexed: ~5,700 places, ~120,000 names."""
    table: dict[str, str] = {}
    text = gzip.decompress((resources.files("alu.data") / _DATA).read_bytes()).decode("utf-8")
    for line in text.splitlines():
        key, _, forms = line.partition("\t\t")
        table[key] = forms
    return table


_PLACE_WORDS = re.compile(
    r"\b(city|capital|town|village|country|nation|state|province|region|island|port|municipality|kingdom|"
    r"republic|metropolis|county|district)\b",
    re.IGNORECASE,
)
"""Words by which a description says its target is a place."""


def is_place(form: str) -> bool:
    """Whether a normalised name is one of the table's places (a country, or a city of 100,000 or more)."""
    return form in _table()


def place_of_adjective(word: str, suffixes: tuple[str, ...], ends: tuple[str, ...]) -> str:
    """The place a people's adjective names, by its ending ('chilean' -> 'chile', 'canadian' -> 'canada'): the
    normalised word without one of `suffixes` (a stem of three letters or more) and with one of `ends`, the
    first that is a place (:func:`is_place`); '' when none is."""
    for suffix in suffixes:
        stem = word.removesuffix(suffix)
        if stem != word and len(stem) >= 3:
            for end in ends:
                if is_place(stem + end):
                    return stem + end
    return ""


def place_alias(form: str, target: Target) -> bool:
    """Whether a one-word form of a person or work (not its name, and not of a target its description calls
    a place) is the name of a place ('Washington' for George Washington, 'Jordan' for Michael Jordan)."""
    if target.kind == "topic" or " " in form or normalize(target.name) == form:
        return False
    return is_place(form) and not _PLACE_WORDS.search(target.description)


def exonyms(target: Target) -> list[str]:
    """Other names of the place the target is (none for other targets): of its main name, and of its
    aliases (an expansion agent's too: 'Paris' for a target forgotten as 'the City of Light') when the
    description says the target is a place. An alias such as 'Jordan' for a basketball player must not
    bring in the country's names."""
    if target.kind == "topic":
        return []
    table = _table()
    names = [target.name]
    if _PLACE_WORDS.search(target.description):
        names += target.aliases
    out: list[str] = []
    for name in names:
        forms = table.get(normalize(name))
        out += [f for f in forms.split("\t") if f not in out] if forms else []
    return out


BORROWED_USES = 3
"""Uses in the table's Chinese names from which a character is one Chinese writes foreign names with."""


@cache
def borrowed_characters() -> frozenset[str]:
    """The Chinese characters the table's Chinese names of places use :data:`BORROWED_USES` times or more
    (~870: 亚, 尼, 达, 斯...): most of them are transliterations, so these are the characters a foreign name
    written by ear is made of, where ordinary words use others (人, 说, 责)."""
    uses: Counter[str] = Counter()
    for forms in _table().values():
        for form in forms.split("\t"):
            if form and all(script_of(c) == "CJK" for c in form if not c.isspace()):
                uses.update(c for c in form if not c.isspace())
    return frozenset(c for c, n in uses.items() if n >= BORROWED_USES)
