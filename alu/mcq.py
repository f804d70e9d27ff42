"""Multiple-choice examples: recognised in a target's examples and embedded in the shapes screening sees.

A topic's examples often come from a question bank: a question, lettered options and the correct answer.
Screening embeds what a conversation looks like: the question as asked (often with its options and an
instruction), and the question with the answer (a letter and the option, or the option alone). An example
embedded in one shape only matches questions asked in that shape, so a multiple-choice example becomes one
vector per shape (:func:`views`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alu.state import EXCHANGE_USER, exchange_text

_MARKER = r"(?:^|(?<=\s))\(?{letter}[.):](?=\s)"
_ANSWER = re.compile(r"\s(?:correct\s+)?answer\s*[:=-]\s*(\S.*?)\s*$", re.IGNORECASE)
_LETTER = re.compile(r"^\(?([A-Ja-j])\)?(?:[.):]\s*(.*))?$")
LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class MultipleChoice:
    """A parsed multiple-choice example; `answer` is the index of the correct option (None: not given)."""

    question: str
    options: tuple[str, ...]
    answer: int | None

    @property
    def lettered(self) -> str:
        """The question with its options lettered A, B, C..."""
        options = "\n".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(self.options))
        return f"{self.question}\n\n{options}"

    @property
    def correct(self) -> str | None:
        return None if self.answer is None else self.options[self.answer]


def parse(text: str) -> MultipleChoice | None:
    """The example as a multiple-choice question: a question, then options lettered from A in order
    (`A. …`, `B) …`, `(c) …`; on lines of their own or in one line, as a target stores them), then an answer
    (`Answer: B`, `Answer: B. option` or the option's text): at least two options with an answer, three
    without. None without that shape."""
    text = " ".join(text.split())
    answer = _ANSWER.search(text)
    body = text[: answer.start()] if answer else text
    best: list[re.Match[str]] = []
    for first in re.finditer(_MARKER.format(letter="[Aa]"), body):
        markers = [first]
        for letter in LETTERS[1:]:
            found = re.compile(_MARKER.format(letter=f"[{letter}{letter.lower()}]")).search(
                body, markers[-1].end()
            )
            if found is None:
                break
            markers.append(found)
        if len(markers) > len(best):
            best = markers
    question = body[: best[0].start()].strip() if best else ""
    if len(best) < (2 if answer else 3) or not question:
        return None  # two lettered pieces without an answer line are prose ('plan A. … plan B. …')
    ends = [m.start() for m in best[1:]] + [len(body)]
    options = tuple(body[m.end() : end].strip() for m, end in zip(best, ends, strict=True))
    if not all(options):
        return None
    return MultipleChoice(question, options, _answer_index(answer.group(1) if answer else None, options))


def _answer_index(line: str | None, options: tuple[str, ...]) -> int | None:
    if not line:
        return None
    letter = _LETTER.match(line)
    if letter and LETTERS.index(letter.group(1).upper()) < len(options):
        return LETTERS.index(letter.group(1).upper())
    folded = [o.casefold() for o in options]
    return folded.index(line.casefold()) if line.casefold() in folded else None


def example_of(text: str) -> str:
    """The example a screened text was made from: an exchange of :func:`views` gives its question (its first
    line, the question being one line), which is also the question's own view; any other text is its own
    example (a document's chunk whose first line another chunk shares is still its own)."""
    if not text.startswith(EXCHANGE_USER):
        return text
    return text.removeprefix(EXCHANGE_USER).split("\n", 1)[0]


def views(item: MultipleChoice) -> list[str]:
    """The shapes a conversation about the item takes when screened: the question alone and, when the
    answer is known, the question answered in words and the lettered question answered with a letter.

    Measured on WMDP (20% of each domain as examples, oracle answers, MMLU dev as retain): these views
    intercepted 91/83/77% of bio/cyber/chem at 1.6% MMLU test against 77/73/47% at 0.9% for the question
    with its answer alone; the lettered question without its answer added nothing."""
    if item.answer is None:
        return [item.question, item.lettered]
    reply = f"{LETTERS[item.answer]}. {item.correct}"
    return [
        item.question,
        exchange_text(item.question, item.correct or ""),
        exchange_text(item.lettered, reply),
    ]
