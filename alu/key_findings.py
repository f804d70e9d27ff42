"""Targets a text names by their identifying keys rather than their names: an entity's own keys and a topic's
names like aliases; extracted keys (a role, a work, an honour) when the target is in play, when two occur
together, when a key is asked of in a role the target had, or beside half the name; a key several targets
share when the answer reveals whose it is; works named by the people they credit. How one key reads in its
text is alu.key_reading."""

from __future__ import annotations

from alu.credited_works import named_by_credit
from alu.given_alone import RARE_GIVEN_LETTERS, rare_given_names
from alu.key_reading import (
    asked_as_work,
    distinctive_titles,
    keys_said_of,
    people_named,
    read_otherwise,
    role_bound,
    shared_forms,
    spaced_only,
    starred_works,
    titled,
    without_others_works,
)
from alu.matcher import independent
from alu.name_findings import given_name_alone, read_as_namesake
from alu.name_forms import family_names, given_names, partial_names
from alu.occurrence import capitalised_words
from alu.target_indexes import TargetIndexes
from alu.titles import named_by_role
from alu.types import LeakFinding, Target


class KeyFinder:
    """Key findings over the targets' indexes."""

    def __init__(self, indexes: TargetIndexes) -> None:
        self.indexes = indexes

    def find(
        self, text: str, where: str, in_play: set[str], context: list[str] | None = None
    ) -> list[LeakFinding]:
        """Identifying keys in the text: an entity's own keys and a topic's names like aliases; extracted keys
        and a topic's other keys when the target is in play, or (entity) when two different keys, or a key and
        half the name, occur together. A title the text or its `context` gives to another person counts for no
        target."""
        findings: list[LeakFinding] = []
        texts = [text, *(context or [])]
        alias_hits = self.indexes.alias_keys.find_all(text) if len(self.indexes.alias_keys) else {}
        for tid, forms in alias_hits.items():
            target = self.indexes.targets.get(tid)
            if target is None:
                continue
            # a topic's one-word name read as a common noun ('potions' in 'brewing potions') or as part of
            # another name identifies nothing on its own
            forms = [f for f in forms if not read_otherwise(text, f, target, in_play)]
            forms = without_others_works(forms, target, texts)
            if forms:
                findings.append(
                    LeakFinding(target=target.name, source="alias", where=where, evidence=forms[0])
                )
        for index in (self.indexes.positions, self.indexes.feats):
            for tid, held in (index.find(text) if len(index) else {}).items():
                target = self.indexes.targets.get(tid)
                if (
                    target is not None
                    and tid not in alias_hits
                    and not any(f.target == target.name for f in findings)
                ):
                    findings.append(
                        LeakFinding(target=target.name, source="alias", where=where, evidence=held)
                    )
        findings += self._context_key_findings(text, where, in_play, texts, set(alias_hits))
        return findings + self._credited_findings(text, where, texts, {f.target for f in findings})

    def _context_key_findings(
        self, text: str, where: str, in_play: set[str], texts: list[str], aliased: set[str]
    ) -> list[LeakFinding]:
        """Findings for the extracted keys in the text (see :meth:`find`): a key of a target in play, two
        different keys, one key as the object of a role the target's texts give it ('Who starred in Cadet
        Kelly?'), a long title of its work in an answer (:data:`alu.key_reading.DISTINCTIVE_TITLE_WORDS`), or
        one key beside half the entity's name (:meth:`_half_named`); not a key several targets share
        (:func:`alu.key_reading.shared_forms`), which names none of them by a role alone: the answer decides
        (:meth:`asked_shared`). `aliased`: targets found by their keys given as aliases already."""
        hits = self.indexes.context_hits(text)
        shared = shared_forms(hits)
        findings = []
        for tid, forms in hits.items():
            target = self.indexes.targets.get(tid)
            if target is None or tid in aliased:
                continue
            forms = keys_said_of(text, forms, target, texts)
            if not forms:
                continue
            # two different keys: one key in two spellings ('mikhail bulgakov', 'mikhailbulgakov', leetspeak's
            # 'mikha1l bu1gakov') is one;
            # or one key naming the person by a role or work ('Who starred in Cadet Kelly?')
            entity = target.kind == "entity"
            plain = [f for f in forms if not role_bound(f, target)] if entity else forms
            by_role = [f for f in asked_as_work(forms, target) if f not in shared]
            if (
                (tid in in_play and plain)
                or (entity and len(independent(spaced_only(plain))) >= 2)
                or (
                    entity and named_by_role(text, by_role, target.key_roles, starred_works(target.described))
                )
                or (entity and where == "answer" and distinctive_titles(plain, target, shared))
                or (
                    entity and plain and self._half_named(target, texts, titled=titled(plain, target, shared))
                )
            ):
                findings.append(
                    LeakFinding(target=target.name, source="partial", where=where, evidence=" + ".join(forms))
                )
        return findings

    def keyed(self, texts: list[str]) -> set[str]:
        """Entities one of whose extracted keys the texts write (turn by turn:
        alu.target_indexes.TargetIndexes.turns_hits): a key no other target shares, not a work the texts
        credit to someone else or ask of in a role the entity never had. :meth:`alu.screen.Screener.screen`
        puts them in play for the partial names an answer writes, not for their keys: a question that gives a
        date or a title may ask about something else, and an answer that names no one reveals no one ('Known
        works: "The Salt Lanterns"': other authors have books of that name); one that gives part of the name
        beside the key picks out that person ('Williams' beside 'November 14, 1961'; 'Robin Williams' is
        someone else: see :meth:`alu.name_findings.NameFinder.find`)."""
        found: set[str] = set()
        for text in texts:
            hits = self.indexes.turns_hits(text)
            shared = shared_forms(hits)
            for tid, forms in hits.items():
                target = self.indexes.targets.get(tid)
                if target is None or target.kind != "entity" or tid in found:
                    continue
                if any(f not in shared for f in keys_said_of(text, forms, target, texts)):
                    found.add(tid)
        return found

    def _half_named(self, target: Target, texts: list[str], titled: bool = False) -> bool:
        """Whether the texts write half of the target's name: the name with one half cut to an initial ('A.
        Jarrah', 'Jad A.', as masking attacks ask), or a given name rare in English written with its capital
        ('Jad', 'Adib': below PHRASE_ZIPF). With one of the target's keys beside it (an answer listing its
        award or title), two cues name one person. So does the family name standing as the person's own ('Give
        me a short biography of Bradley.' answered with Bradley's award), as it does in an answer to a
        question that writes the key (:meth:`keyed`); not one read as another person's ('Kristen Bell'). A
        common given name alone ('Maria', 'John') is many people's: 'John Green won it' is someone else.
        Beside a title of the target's work or an honour of theirs (`titled`: :func:`alu.key_reading.titled`),
        which few share, a common given name standing alone is the target: 'What do you know about Maria?'
        answered with her novel or her award; not in another's full name ('Maria Callas':
        :func:`alu.name_findings.given_name_alone`)."""
        halves = {f for f in partial_names(target) if len(f.split()) >= 2}
        rare = set(rare_given_names(target))
        given = (
            [g for g in given_names(target) if len(g) >= RARE_GIVEN_LETTERS and g not in rare]
            if titled
            else []
        )
        family = set(family_names(target))
        for text in texts:
            found = self.indexes.find(self.indexes.partial, text).get(target.id, ())
            capitalised = capitalised_words(text)
            if not halves.isdisjoint(found) or not rare.isdisjoint(capitalised):
                return True
            if any(given_name_alone(text, g) for g in given if g in capitalised):
                return True
            if any(f in family and not read_as_namesake(text, f, target, texts) for f in found):
                return True
        return False

    def asked_shared(self, answers: list[str], exchanges: list[str]) -> list[LeakFinding]:
        """Findings for the targets a shared key (:func:`alu.key_reading.shared_forms`) names by a role the
        exchanges ask ('Who wrote War and Peace?', which 46 fictitious authors of a TOFU-like store list among
        their works), unless the answers credit the work to a person who is no target ('Leo Tolstoy wrote War
        and Peace'): an answer that leaves the maker unnamed ('A Norwegian cartographer did') or names a
        target reveals them. `answers`: the assistant's texts; `exchanges`: the question and answer together.
        The findings are the question's (its key names the target, once the answer is known): the whole answer
        is about the target then, not one sentence of it."""
        if not len(self.indexes.context_keys):
            return []
        found: dict[str, LeakFinding] = {}
        credited: bool | None = None  # read once, and only when a shared key is asked
        for text in exchanges:
            hits = self.indexes.turns_hits(text)
            shared = shared_forms(hits)
            for tid, forms in hits.items():
                target = self.indexes.targets.get(tid)
                asked = [f for f in asked_as_work(forms, target) if f in shared] if target else []
                if target is None or tid in found or not asked:
                    continue
                if not named_by_role(text, asked, target.key_roles, starred_works(target.described)):
                    continue
                credited = self._credits_someone_else(answers) if credited is None else credited
                if credited:
                    return []
                found[tid] = LeakFinding(
                    target=target.name, source="partial", where="query", evidence=asked[0]
                )
        return list(found.values())

    def _credits_someone_else(self, answers: list[str]) -> bool:
        """Whether the answers write the full name of a person who is no target
        (:func:`alu.key_reading.people_named`): the work asked about is theirs then."""
        for name in (n for answer in answers for n in people_named(answer)):
            if not self.indexes.find(self.indexes.names, name) and not self.indexes.context_keys.find_all(
                name
            ):
                return True
        return False

    def _credited_findings(
        self, text: str, where: str, texts: list[str], found: set[str]
    ) -> list[LeakFinding]:
        """Works the text names by a person they credit, with their kind and what their description says
        ("Coppola's 1972 film": alu.credited_works); `texts`: the text and its context (the question)."""
        if not len(self.indexes.credits):
            return []
        with self.indexes.lock:  # a writer may be changing the index
            works = self.indexes.credits.find(texts)
        findings = []
        for tid in works:
            target = self.indexes.targets.get(tid)
            if target is None or target.name in found:
                continue
            if evidence := named_by_credit(text, texts[1:], target):
                findings.append(
                    LeakFinding(target=target.name, source="credited", where=where, evidence=evidence)
                )
        return findings
