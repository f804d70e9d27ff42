"""Build alu/data/common_words.txt.gz: English words written in lower case as common words ('bell',
'potter', 'china'), which a forgotten name may also be.

Run by hand when the source changes (alu reads the result and needs nothing else):

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb /tmp/wordnet
    python tools/build_common_words.py /tmp/wordnet/usr/share/wordnet

Source: the lemmas of Princeton WordNet 3.0, all parts of speech (WordNet 3.0 license: use, copy, modify and
distribute with the copyright notice; "WordNet 3.0 Copyright 2006 by Princeton University. All rights
reserved."). A lemma is kept when it is one word of letters written in lower case in some synset: 'bell'
is, 'tokyo' and 'olvhagen' are not (WordNet writes 'Tokyo'). One word a line, sorted; the file is written
with mtime 0, so a rebuild from the same source is byte-identical.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "alu" / "data" / "common_words.txt.gz"
NOTICE = (
    "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
    "See tools/build_common_words.py."
)


def lemmas(data: Path) -> set[str]:
    """Lower-case one-word lemmas of a WordNet data file (data.noun, data.verb, ...)."""
    words: set[str] = set()
    for line in data.read_text(encoding="latin-1").splitlines():
        if not line[:1].isdigit():
            continue  # the licence header
        fields = line.split()
        count = int(fields[3], 16)
        for word in fields[4 : 4 + 2 * count : 2]:
            word = word.split("(")[0]  # adjective markers: 'galore(ip)'
            if word.isalpha() and word.islower() and len(word) >= 2:
                words.add(word)
    return words


def main(folder: str) -> None:
    words: set[str] = set()
    for part in ("noun", "verb", "adj", "adv"):
        words |= lemmas(Path(folder) / f"data.{part}")
    text = "\n".join([NOTICE, *sorted(words)]) + "\n"
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
