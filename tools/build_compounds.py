"""Build alu/data/compounds.txt.gz: fixed English expressions that hold a proper name but name something
else (plaster of Paris, Paris green, Cooper's hawk, Gram's stain, Heimlich maneuver, Bose-Einstein
statistics).

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

OUT = Path(__file__).resolve().parents[1] / "alu" / "data" / "compounds.txt.gz"
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


def compounds(data_noun: Path) -> list[str]:
    out: set[str] = set()
    for line in data_noun.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):  # the license header
            continue
        fields = line.split()
        for i in range(int(fields[3], 16)):
            lemma = re.sub(r"\(.*\)$", "", fields[4 + 2 * i]).replace("_", " ")
            words = lemma.split()
            common = [w for w in words if w[:1].islower() and w not in FUNCTION_WORDS]
            if len(words) >= 2 and any(w[:1].isupper() for w in words) and common:
                out.add(lemma)
    return sorted(out)


def main() -> None:
    lemmas = compounds(Path(sys.argv[1]))
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write("\n".join([HEADER, *lemmas, ""]).encode("utf-8"))
    print(f"{len(lemmas)} compounds -> {OUT}")


if __name__ == "__main__":
    main()
