"""The per-target decision of an entity (a person, a work, a place): its facts, not its name.

An entity's name is matched by the name automaton; what knowledge screening has to catch is a text that
states or asks the entity's facts without naming it ("What does the author's father do? A paramedic.").
Two things make that work where one vector per text of the target did not:
- Fact views: every text of an entity is embedded with the entity's names masked (:func:`fact_view`), so its
  vector holds the facts. Kept with the names, the vectors sat closer to any text about a named person than
  to the entity's own facts asked without its name.
- Another subject: a text that names something (a capitalised, uncommon word: a person, a place, a title)
  which none of the entity's own texts mention is about that, and has to be closer to one of the entity's
  facts (`strict`, fitted at STRICT_FP of the negatives) than a text that names nothing foreign (`threshold`,
  at LENIENT_FP). Measured on TOFU forget10 (oracle subject; questions about other fictitious authors, who
  are named, as negatives): one threshold for all texts intercepted 82% of the masked questions at 0.5%
  false interception, or 94% at 2%; the two thresholds 96% at 1%.
  A name written in common words counts too: two or more capitalised words in a row that the entity's own
  texts never write ('Linda Harrison', 'Invisible Man'). Measured on TOFU (oracle subject, both setups),
  questions about other authors with common names (TOFU retain_perturbed) had fired on facts of the forgotten
  authors at the lenient threshold. So does a year the entity's texts never write ('the author born in Baku
  in 1960', of an entity born there in 1970): with the forget10 authors forgotten, false interception of TOFU
  retain90's 3,600 questions about other authors went 50 -> 40 (examples) and 59 -> 47 (documents), recall
  unchanged.
- A contradicting date: a text that gives a full date (day, month, year) none of which the entity's texts
  write, when they write some, is about someone else whatever its similarity (:func:`contradicted`): "the
  author born in Baku on February 14, 1960" and the entity's "born in Baku on June 11, 1960" share their whole
  frame. With forget10 forgotten (oracle subject, rule judges), retain90's false interceptions went 29 -> 21
  (examples) and 37 -> 29 (documents); no masked question about the forgotten authors is contradicted.
Fitted once per target when it is written, like alu.decision; screening pays a regex over the text and a
set lookup per target in the text's neighbourhood."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from alu.decision import GRAY_FP, NEAREST_FLOOR, Decision, nearest_of
from alu.keys import rarer_than
from alu.occurrence import casing_informative, mask_names
from alu.text import DATE_DIGITS, DAY_FIRST, MONTH_FIRST, MONTHS, YEAR_DIGITS, opens_sentence
from alu.types import Target

LENIENT_FP = 0.01
"""Share of the negatives a text that names nothing foreign may reach (the negatives are the background set,
other targets' facts and the user's retain examples; none of them is about this entity)."""
STRICT_FP = 0.001
"""Share of the negatives a text that names something foreign may reach."""
STRICT_FLOOR = 0.75
"""The strict threshold is never lower. A target alone in its store has few negatives that look like its
facts (the background set is generic; other people's facts come from other targets): with the entity's two
TOFU forget01 authors, the fitted strict thresholds (0.65-0.67) let through 4.2% of the questions about other
fictitious authors (TOFU retain_perturbed, named); at 0.75 0.5%, recall unchanged (examples, prototype on
cached embeddings). With the 20 forget10 authors the fitted thresholds are above it (mean 0.80)."""
FOREIGN_ZIPF = 4.0
"""A capitalised word rarer than this in English (wordfreq Zipf; 4.0: about 1 in 100,000 words) names
something: 'Manama', 'Gebre', 'Ingrid'; 'What', 'Paris' and 'English' do not count."""
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
_RUN = re.compile(r"(?<![\w’-])(?<!\w')[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)+")
"""Two or more capitalised words in a row on one line (a name, a title, a place), after a space, a quote or
a bracket (not inside a word: "O'Brien")."""
_WORD = re.compile(r"[\w'’-]+")
_YEAR = re.compile(rf"(?<![\d.]){YEAR_DIGITS}(?!\d|\.\d)")
"""A year (1000-2099), in words or in a date in digits ('07/15/1964'); not part of a longer number or a
decimal."""


def fact_view(target: Target, text: str) -> str:
    """What is embedded for a text of the target: an entity's text with its names masked."""
    return mask_names(text, [target]) if target.kind == "entity" else text


def _key(word: str) -> str:
    word = word.lower().replace("’", "'").strip("'-")
    return word[:-2] if word.endswith("'s") else word


def _rare(word: str) -> bool:
    return bool(word) and rarer_than(word, FOREIGN_ZIPF)


def own_words(texts: Iterable[str]) -> list[str]:
    """The uncommon words of the target's own texts (its names included): what may be named in a text
    about it."""
    return sorted({k for text in texts for w in _WORD.findall(text) if _rare(k := _key(w))})


def own_names(texts: Iterable[str]) -> list[str]:
    """The names the target's own texts write in capitalised words (every stretch of two or more words of
    each run, lower case: 'The Bram Stoker Award' gives 'bram stoker award', 'the bram stoker'...)."""
    runs = [[_key(w) for w in run.split()] for text in texts for run in _RUN.findall(text)]
    return sorted({" ".join(r[i:j]) for r in runs for i in range(len(r)) for j in range(i + 2, len(r) + 1)})


def own_years(texts: Iterable[str]) -> list[str]:
    """The years the target's own texts write."""
    return sorted({y for text in texts for y in _YEAR.findall(text)})


def own_dates(texts: Iterable[str]) -> list[str]:
    """The dates (day, month and year) the target's own texts write, as 'YYYY-MM-DD'."""
    return sorted({d for text in texts for d in _dates(text)})


def contradicted(text: str, dates: set[str] | None) -> bool:
    """Whether the text gives a full date and none of its dates is one of the entity's, which has some: 'the
    author born in Baku on February 14, 1960' is not the one born there on June 11, 1960. The question's
    frame (born in the same city, on some date) makes the two texts as close as the entity's own facts are."""
    if not dates:
        return False  # nothing to contradict: the text's dates are not even read
    found = _dates(text)
    return bool(found) and not found & dates


@lru_cache(maxsize=1024)
def _dates(text: str) -> frozenset[str]:
    """A text's full dates as 'YYYY-MM-DD'; a date in digits gives both readings (month first, day first)."""
    out: set[tuple[int, int, int]] = set()
    for month, day, year in MONTH_FIRST.findall(text):
        out.add((int(year), MONTHS[month.lower()], int(day)))
    for day, month, year in DAY_FIRST.findall(text):
        out.add((int(year), MONTHS[month.lower()], int(day)))
    for first, second, year in DATE_DIGITS.findall(text):
        out |= {(int(year), int(first), int(second)), (int(year), int(second), int(first))}
    return frozenset(f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in out if 1 <= m <= 12 and 1 <= d <= 31)


def foreign(text: str, words: set[str], names: set[str] | None = None, years: set[str] | None = None) -> bool:
    """Whether the text names something the target's own texts never mention: a capitalised uncommon word
    outside `words`, a name in common words (:func:`_common_names`) outside `names`, or a year outside
    `years` (None: a decision stored before they were kept, which does not look at them)."""
    if not _named(text) <= words:
        return True
    if years is not None and not _years(text) <= years:
        return True
    return names is not None and not _common_names(text) <= names


@lru_cache(maxsize=1024)
def _named(text: str) -> frozenset[str]:
    """The capitalised uncommon words of a text: asked once per candidate target of the text (~16)."""
    return frozenset(k for w in _CAPITALISED.findall(text) if _rare(k := _key(w)))


@lru_cache(maxsize=1024)
def _years(text: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(text))


@lru_cache(maxsize=1024)
def _common_names(text: str) -> frozenset[str]:
    """The names a text writes in common capitalised words ('Linda Harrison', 'Invisible Man'), lower case.
    A run that opens a sentence loses its first word, which is capitalised anyway ('Did Linda Harrison'
    names 'linda harrison'; 'The Times' names nothing). Runs with an uncommon word are left to
    :func:`_named`, which checks their uncommon words."""
    if not casing_informative(text):
        return frozenset()  # title case or capitals: capitals tell nothing ('WHERE WAS THE AUTHOR BORN')
    out: set[str] = set()
    for match in _RUN.finditer(text):
        run = [_key(w) for w in match.group().split()]
        if opens_sentence(text, match.start()):
            run = run[1:]
        if len(run) >= 2 and not any(_rare(w) for w in run):
            out.add(" ".join(run))
    return frozenset(out)


@dataclass
class EntityDecision(Decision):
    """Nearest-fact decision of an entity: `threshold` for texts that name nothing foreign, `strict` for
    texts that do; no probe (on 20 facts a probe learns the question style, not the person)."""

    strict: float = 1.0
    words: set[str] = field(default_factory=set)
    names: set[str] | None = None
    """The names the entity's texts write in common capitalised words (:func:`own_names`); None in a
    decision stored before they were kept."""
    years: set[str] | None = None
    """The years the entity's texts write (:func:`own_years`); None in a decision stored before."""
    dates: set[str] | None = None
    """The full dates the entity's texts write (:func:`own_dates`); None in a decision stored before."""

    def score_text(self, vector: np.ndarray, nearest: float, text: str) -> tuple[str, float] | None:
        """('nearest', similarity) when the text reveals the entity, None otherwise (always for a text whose
        dates contradict the entity's: :func:`contradicted`)."""
        if contradicted(text, self.dates):
            return None
        needed = self.strict if self.names_foreign(text) else self.threshold
        return ("nearest", nearest) if nearest >= needed else None

    def without_foreign(self, text: str) -> str:
        """The text with what it names that the entity's texts never mention replaced by 'someone' (its
        uncommon capitalised words, and its runs of common capitalised words): what it says of whoever it
        names, as the entity's fact views say it of the entity (alu.entity_decision.fact_view)."""
        names = self.names or set()

        def run(match: re.Match[str]) -> str:
            words = [_key(w) for w in match.group().split()]
            if any(_rare(w) for w in words) or " ".join(words) in names or len(words) < 2:
                return match.group()
            return "someone"

        text = _RUN.sub(run, text) if casing_informative(text) else text
        return _CAPITALISED.sub(
            lambda m: "someone" if _key(m.group()) in _named(text) - self.words else m.group(), text
        )

    def names_foreign(self, text: str) -> bool:
        """Whether the text names something the entity's own texts never mention (:func:`foreign`): it is
        then about that, and has to reach the strict threshold."""
        return foreign(text, self.words, self.names, self.years)

    def dumps(self) -> str:
        raw = json.loads(super().dumps())
        return json.dumps(
            raw
            | {"kind": "entity", "strict": round(self.strict, 4), "words": sorted(self.words)}
            | ({} if self.names is None else {"names": sorted(self.names)})
            | ({} if self.years is None else {"years": sorted(self.years)})
            | ({} if self.dates is None else {"dates": sorted(self.dates)})
        )

    @classmethod
    def from_raw(cls, raw: dict) -> EntityDecision:
        return cls(
            threshold=raw["threshold"],
            stats=raw.get("stats", {}),
            gray=raw.get("gray", 1.0),
            strict=raw["strict"],
            words=set(raw["words"]),
            names=set(raw["names"]) if "names" in raw else None,
            years=set(raw["years"]) if "years" in raw else None,
            dates=set(raw["dates"]) if "dates" in raw else None,
        )


def load_decision(text: str) -> Decision | None:
    """A stored decision, entity or not (see :meth:`Decision.loads`)."""
    if not text:
        return None
    raw = json.loads(text)
    return EntityDecision.from_raw(raw) if raw.get("kind") == "entity" else Decision.loads(text)


def fit_entity(
    own: np.ndarray, negatives: np.ndarray, texts: list[str], *, nearest: np.ndarray | None = None
) -> EntityDecision:
    """Fit an entity's decision on its fact vectors (rows of `own`, embedded by :func:`fact_view`) against
    `negatives`; `texts`: everything the entity holds (names, description, examples, documents).
    `nearest`: each negative's best similarity to `own`, when the caller computed it (alu.negatives)."""
    nearest = nearest_of(own, negatives) if nearest is None else nearest
    nearest = nearest if len(nearest) else np.zeros(1)
    lenient_at, strict_at, gray_at = map(
        float, np.quantile(nearest, [1.0 - LENIENT_FP, 1.0 - STRICT_FP, 1.0 - GRAY_FP])
    )  # one call: each sorts the negatives (~30% of an entity's fit)
    lenient = max(NEAREST_FLOOR, lenient_at)
    strict = max(lenient, STRICT_FLOOR, strict_at)
    return EntityDecision(
        threshold=lenient,
        strict=strict,
        gray=min(lenient, gray_at),
        stats={"vectors": float(len(own)), "strict_threshold": round(strict, 4)},
        words=set(own_words(texts)),
        names=set(own_names(texts)),
        years=set(own_years(texts)),
        dates=set(own_dates(texts)),
    )
