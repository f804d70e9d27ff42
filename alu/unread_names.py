"""Names in a cipher that nobody announced: 'Tell me about Bmcfsu Fjotufjo.' (Albert Einstein, each letter one
on), 'Nietsnie Trebla', 'Zoyvig Vrmhgvrm' (Atbash). A question may carry such a name without asking for any
encoding, and so may an answer whose model was told elsewhere to disguise names; the other readings of a whole
text (alu.decode.transforms) are only read when a question asks for an encoding or a target is in play.

Such a name shows itself as a short run of words that no dictionary knows, between words it does know. A
rare capitalised word may stand in the run (shifted 20 letters on, 'Mara' is 'Gulu', a town), and so may a
word of digits and signs alone (ROT47 writes 'Nikola' as '}:<@=2'). Only those runs are read in every
transform, so ordinary text costs one word-frequency look-up per word. Runs of more than MAX_RUN words are
code, hashes or a foreign language, not a name; a single unknown word is not read either: read 25 Caesar
shifts and a dozen other ways, one word spells some one-word name of a big store by
chance. A run counts only when a transform spells a target's whole multi-word name or alias.

A cipher also writes a name's short words, which may read as words or be too short to judge: its particles
('da' shifted is 'gd', 'al' is 'do'), its initials ('J. R. R.' shifted is 'M. U. U.') and suffix ('Jr.'
reversed is '.rJ'). Such a word of one or two letters joins a run between its words, and before or after
them when it has a capital (an initial); a known word of INNER_LETTERS only between them. Neither counts
towards MAX_RUN. A one-word name written backwards is read on its own when the word shows it: a capital at
its end and none before ('kröjB', 'nietsniE'; see :func:`reversed_words`)."""

from __future__ import annotations

import re

from alu.keys import zipf

MIN_RUN = 2
MAX_RUN = 4
"""Words of a run, short words not counted: a name of four words ('Aung San Suu Kyi') is read, a block of
five unknown words (code, cipher text) is not."""
MAX_RUNS = 6
"""Runs read per text (each costs ~40 readings of a few words)."""
INNER_LETTERS = 3
"""A known word this long stands inside a run too: a particle in a cipher reads as a word ('van' reversed is
'nav', 'von' is 'nov', 'del' is 'led')."""
REVERSED_LETTERS = 4
"""The shortest word read as a one-word name written backwards."""
RARE_CAPITAL_ZIPF = 3.5
"""A capitalised word rarer than this may stand beside an unknown one in a run ('Aram' of 'Nolliuq Aram',
Mara Quillon reversed, is 2.9; 'Paris' is 4.5)."""
_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[\"'(\[«“‘.]+|[\"'.,;:!?)\]»”’]+$")
_LETTER = re.compile(r"[^\W\d_]")
_SIGN = re.compile(r"[^\w'’-]")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
_END_CAPITAL = re.compile(r"[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ](?!\w)")
"""A capital closing a word after a small letter (Latin letters up to Latin-1): the sign of a word written
backwards that :func:`reversed_words` looks for first."""


def unread_runs(text: str) -> list[str]:
    """The runs of MIN_RUN to MAX_RUN adjacent words, one or more of them unknown to the dictionary and the
    others rare capitalised words or signs, each run between known words (or the text's ends); short words
    join a run as the module says."""
    runs: list[str] = []
    run = _Run()
    for match in _TOKEN.finditer(text):
        token = match.group()
        word = _EDGE.sub("", token)
        if _short(word):
            if run.words or run.pending or token != word or not word.islower():  # else 'is' before any run
                run.add_short(token, not word.islower() or bool(_SIGN.search(token.rstrip(".,;:!?"))))
        elif run.words and len(word) == INNER_LETTERS and not _unknown(word) and not _rare_capital(word):
            run.add_short(token, marked=False)  # 'nav' of 'nevohteeB nav giwduL': only inside a run
        elif _unknown(word) or _rare_capital(word) or _signs(word):
            run.add(token, unknown=_unknown(word))  # as written: ROT47 writes signs at a word's ends too
        elif run.words or run.pending:
            run.close(runs)
            run = _Run()
    run.close(runs)
    return runs[:MAX_RUNS]


class _Run:
    """The run being read: its words, the short words since its last word, and whether they may join it at
    its edges (`marked`: a capital, or a sign as ROT47 writes an initial, 'E.' as 't]')."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.pending: list[tuple[str, bool]] = []
        self.unknown = 0
        self.counted = 0

    def add_short(self, token: str, marked: bool) -> None:
        if self.words or marked:
            self.pending.append((token, marked))
        else:
            self.pending = []  # 'is' before a run is the question's, not the name's

    def add(self, token: str, unknown: bool) -> None:
        self.words += [t for t, _ in self.pending] + [token]
        self.pending = []
        self.unknown += unknown
        self.counted += 1

    def close(self, runs: list[str]) -> None:
        trailing = []
        ended = bool(self.words) and self.words[-1][-1] in ".!?"  # 'He' after a full stop opens a sentence
        for token, marked in [] if ended else self.pending:
            if not marked:
                break
            trailing.append(token)
        words = self.words + trailing
        if self.unknown and len(words) >= MIN_RUN and self.counted <= MAX_RUN:
            runs.append(" ".join(words))


def reversed_words(text: str) -> list[str]:
    """The words of the text that read as one capitalised word written backwards ('kröjB' -> 'Björk'):
    unknown to the dictionary, with a capital at the end and none before, at least REVERSED_LETTERS long."""
    if not _END_CAPITAL.search(text):  # most texts: one scan
        return []
    out = []
    for match in _TOKEN.finditer(text):
        word = _EDGE.sub("", match.group())
        if (
            len(word) >= REVERSED_LETTERS
            and word.isalpha()
            and word[-1].isupper()
            and word[:-1].islower()
            and zipf(word.lower()) == 0.0
        ):
            out.append(word[::-1])
    return out[:MAX_RUNS]


def _short(word: str) -> bool:
    """A word of one or two characters (an initial, a particle, a suffix, or their ROT47), a full stop after
    it or not."""
    return 1 <= len(word.rstrip(".")) <= 2


def _signs(word: str) -> bool:
    """Three or more digits and signs without a letter: ROT47 writes some names so ('}:<@=2' of 'Nikola')."""
    return len(word) >= 3 and not _LETTER.search(word) and bool(_SIGN.search(word))


def _rare_capital(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and zipf(word.lower()) < RARE_CAPITAL_ZIPF


def _unknown(word: str) -> bool:
    """A word of three or more characters with a letter that English does not write: signs among its letters
    (ROT47 and keyboard shifts put them there: 'p=36CE', 'A;nrty'; wordfreq would read the pieces between
    them as words), a capital after a small letter (a name reversed: 'nietsniE'), or no frequency at all."""
    if len(word) < 3 or not _LETTER.search(word):
        return False
    if _SIGN.search(word) or _INNER_CAPITAL.search(word):
        return True
    return zipf(word.lower()) == 0.0
