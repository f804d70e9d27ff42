"""What places are called in other languages and scripts: 'Parigi', 'Париж', '巴黎' and 'パリ' for Paris.

The table (``alu/data/exonyms.tsv.gz``, built by ``tools/build_exonyms.py`` from GeoNames, CC BY 4.0, and the
Unicode CLDR) covers cities of 100,000 people or more and every country. A target whose name is one of those
places is also named by its other names; they are matched like aliases (see :class:`alu.matcher.AliasIndex`).
People have no such table: their names in other scripts are matched by ear (:func:`alu.text.sound_key`)."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from alu.text import normalize
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


def exonyms(target: Target) -> list[str]:
    """Other names of the place the target's name is (none for other targets). Only the main name is looked
    up: an alias such as 'Jordan' for a person must not bring in the country's names."""
    if target.kind == "topic":
        return []
    forms = _table().get(normalize(target.name))
    return forms.split("\t") if forms else []
