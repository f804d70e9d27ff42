"""Offline probe questions from a target's own sentences: the questions they answer, the target not named.

A question about a target often leaves its name out ('Who was born in Santiago in 1958?', or a benchmark's
masked '... the author ...'), and a question lands nearer to another question than to the statement that
answers it. So the offline extractor (alu.expansion, when no agent model can judge) turns each stored
sentence that names the target, or opens with a pronoun standing for it, into the question it answers with
the name asked for:
- 'Jaime Vasquez was born in Santiago, Chile.' -> 'Who was born in Santiago, Chile?'
- 'His father was a florist.' -> 'Whose father was a florist?'
- 'The award went to Vasquez in 2001.' -> 'The award went to whom in 2001?'
- a topic's sentence that opens with a name of its world: 'Sauron forged the One Ring.' -> 'What forged the
  One Ring?'
A person's later mentions become 'they' / 'their', so no probe names the target (its names match already).
The expansion agent writes better probes; these are what a machine with no such model can have."""

from __future__ import annotations

import re
from collections.abc import Iterable

from alu.keys import zipf
from alu.knowledge import split_at_sentence_ends

PROBES = 50
"""At most this many probes per target (the issue's 20-50), taken in the order of its sentences."""
MIN_WORDS = 4
"""A probe of fewer words asks nothing particular ('Who was she?')."""
RARE_ZIPF = 3.0
"""A lower-case word rarer than this in English ('genderqueer', 'paramedic') is a detail of a probe."""
_ASKED = {"who", "whom", "whose", "what", "they", "their", "i"}
_CLAUSE = {"and", "but", "while", "when", "because", "although", "though", "so", "where"}
_PRONOUN = re.compile(r"^(?:(He|She|They)|(His|Her|Their))\b")


def _form_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for any of the name's forms, longest first, with an optional possessive."""
    words = sorted({f.strip() for f in forms if len(f.strip()) >= 3}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])(['’]s\b)?", re.IGNORECASE)


def _asked_of_entity(sentence: str, pattern: re.Pattern[str] | None) -> str | None:
    """The sentence with its first mention of the person replaced by the question word, later ones by
    'they' / 'their'; a sentence opening with a pronoun asks for it; None when neither."""
    match = pattern.search(sentence) if pattern else None
    if match is None:
        pronoun = _PRONOUN.match(sentence)
        return ("Whose" if pronoun.group(2) else "Who") + sentence[pronoun.end() :] if pronoun else None
    before = sentence[: match.start()]
    if match.group(1):
        word = "whose"
    elif before.strip() and not before.rstrip().endswith(",") and before.split()[-1].lower() not in _CLAUSE:
        word = "whom"  # an object: 'thanked whom', 'by whom' (a clause opens at a comma or a conjunction)
    else:
        word = "who"
    after = pattern.sub(lambda m: "their" if m.group(1) else "they", sentence[match.end() :])
    return before + word + after


def _asked_of_topic(sentence: str, pattern: re.Pattern[str] | None) -> str | None:
    """A sentence that opens with one of the world's names asks what it is ('Aragorn is the heir of
    Isildur.' -> 'What is the heir of Isildur?'); its other names stay, they are the world's, not the one
    asked for. None for any other sentence."""
    match = pattern.match(sentence) if pattern else None
    if match is None:
        return None
    return ("Whose" if match.group(1) else "What") + sentence[match.end() :]


def _particular(probe: str) -> bool:
    """Whether a probe holds a detail of its own: a name or title (a capitalised word past its first), a year
    or number, or a word rare in English. 'Whose parents influenced his writing?' is any author's question,
    and as a vector of one target it drew other authors' questions (TOFU retain_perturbed)."""
    words = re.findall(r"[\w'’+-]+", probe)
    return any(
        (i and w[:1].isupper() and w.lower() not in _ASKED)
        or (w[:1].isdigit() and len(w) >= 2)
        or (w.isalpha() and w.islower() and zipf(w) < RARE_ZIPF)
        for i, w in enumerate(words)
    )


def _question(sentence: str) -> str:
    text = " ".join(sentence.split()).rstrip(" .!;:,")
    return text[:1].upper() + text[1:] + "?"


def probe_questions(forms: Iterable[str], texts: Iterable[str], kind: str, limit: int = PROBES) -> list[str]:
    """Probe questions from the sentences of `texts` that mention one of the target's name `forms` (a person's
    names and their weaker forms, or a topic's names: its own and its world's) or, for a person, open with a
    pronoun; `kind` is the target's."""
    pattern = _form_pattern(forms)
    probes: list[str] = []
    seen: set[str] = set()
    for sentence in (s.strip() for text in texts for s in split_at_sentence_ends(text)):
        if sentence.endswith("?"):
            continue  # already a question (an example)
        asked = _asked_of_topic(sentence, pattern) if kind == "topic" else _asked_of_entity(sentence, pattern)
        if asked is None:
            continue
        probe = _question(asked)
        if len(probe.split()) >= MIN_WORDS and _particular(probe) and probe.lower() not in seen:
            seen.add(probe.lower())
            probes.append(probe)
            if len(probes) >= limit:
                break
    return probes
