"""Build alu/data/compounds.txt.gz: fixed English expressions that hold a proper name but name something
else (plaster of Paris, Paris green, Cooper's hawk, Gram's stain, Heimlich maneuver, Bose-Einstein
statistics); and alu/data/noun_compounds.txt.gz: compound nouns of two lower-case words (bell pepper, bush
bean, brown sugar), whose first word, capitalised at a sentence's start, is no name ('Bell peppers are
sweet').

Run by hand when the source changes (alu reads the result and needs nothing else):

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb /tmp/wordnet
    python tools/build_compounds.py /tmp/wordnet/usr/share/wordnet/data.noun

Source: the noun lemmas of Princeton WordNet 3.0 (WordNet 3.0 license: use, copy, modify and distribute
with the copyright notice; "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.").
A lemma is kept when it has two or more words, one capitalised and one a common word in lower case (not a
function word): a compound of a name and a common word. Names are left out (University of Paris, whose only
lower-case word is "of"). One
lemma a line, words separated by spaces, sorted; the file is written with mtime 0, so a rebuild from the
same source is byte-identical.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "alu" / "data"
FUNCTION_WORDS = {
    "of",
    "the",
    "and",
    "for",
    "in",
    "on",
    "at",
    "to",
    "by",
    "de",
    "du",
    "la",
    "le",
    "von",
    "van",
}
HEADER = (
    "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. See tools/build_compounds.py."
)


def lemmas(data_noun: Path) -> list[str]:
    """Every noun lemma of WordNet's data file, words separated by spaces."""
    out = []
    for line in data_noun.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):  # the license header
            continue
        fields = line.split()
        for i in range(int(fields[3], 16)):
            out.append(re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " "))
    return out


def compounds(nouns: list[str]) -> list[str]:
    out: set[str] = set()
    for lemma in nouns:
        words = lemma.split()
        common = [w for w in words if w[:1].islower() and w not in FUNCTION_WORDS]
        if len(words) >= 2 and any(w[:1].isupper() for w in words) and common:
            out.add(lemma)
    return sorted(out)


def noun_compounds(nouns: list[str]) -> list[str]:
    """Two lower-case words of letters each ('bell pepper'; not 'A battery', 'x-ray tube')."""
    return sorted(
        {n for n in nouns if len(w := n.split()) == 2 and all(x.isalpha() and x.islower() for x in w)}
    )


def _write(name: str, lines: list[str]) -> None:
    path = DATA / name
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write("\n".join([HEADER, *lines, ""]).encode("utf-8"))
    print(f"{len(lines)} lines -> {path}")


def main() -> None:
    nouns = lemmas(Path(sys.argv[1]))
    _write("compounds.txt.gz", compounds(nouns))
    _write("noun_compounds.txt.gz", noun_compounds(nouns))


if __name__ == "__main__":
    main()
