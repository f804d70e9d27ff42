"""The unlearning pipeline: screening, the model's answer, the audit, and a LangGraph StateGraph for rewrites.

START ─┬─► screen ──┬─► audit ─(nothing revealed)─► END                          path = fast
       └─► vanilla ─┘     └─(revealed)─► erase ─► critic ─► compose ─► check ─► END   path = rewrite | refuse
Screening the question needs no answer, so it runs while the model answers (its ~10 ms leave the fast path).
Any agent failure routes to `fail`, which applies the fail policy (refuse by default).

`Pipeline.run` calls the first three nodes itself and enters the compiled graph at `erase` only when the audit
found something to rewrite: invoking LangGraph costs a few milliseconds per query (channels, checkpoint-free
supersteps, task scheduling), which an unrelated question should not pay. The nodes are the same functions
either way, and their updates are merged with the state's own reducers.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from alu.agents import Auditor, Composer, Critic, Eraser, VanillaAgent
from alu.ciphertext import plain_readings
from alu.config import Settings
from alu.decode import asks_for_encoding
from alu.errors import ModelError
from alu.follow_ups import refers_back
from alu.given_alone import given_handles
from alu.llm import LLMClient
from alu.occurrence import capitalised_words, mask_names
from alu.pace import Pace
from alu.screen import Screener, Screening
from alu.state import PipelineState, exchange_text
from alu.text import shared_words, split_sentences, tokens
from alu.types import CandidateRating, LeakFinding, Target, TraceEntry
from alu.unsaid import says_nothing

_SPEAKS_OF_A_PERSON = re.compile(r"\b(?:he|she|his|her|hers|him|himself|herself)\b", re.IGNORECASE)
"""A sentence speaking of one person it does not name (the deterministic eraser's carry-over)."""
_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d{1,2}[.)])\s")
NAME_SOURCES = ("alias", "partial", "fuzzy", "context", "decoded", "credited")
"""Findings that name a target (in any spelling or encoding), as opposed to similarity or an echo."""
FULL_NAME_SOURCES = ("alias", "fuzzy", "decoded")
"""Findings of a target's full name or an alias (the others: a part of the name, a key, knowledge)."""
Node = Callable[[PipelineState], Awaitable[dict[str, Any]]]
MAX_SUSPECTS = 1
"""Similar, unnamed candidates listed to the eraser and critic beside the revealed targets. Each costs a
description in two prompts (~110 tokens each for a TOFU author); the deterministic leak checks guard all of
them. Measured on the relevant queries of `alu bench scale` at 10,000 targets with a fixed similarity
threshold: listing 1 cost 6% more prompt tokens than at 10 targets, listing 2 cost 9% more."""
MAX_UNNAMED = 1
"""Revealed entities that no text names in full (found by a family name alone, a shared key, their knowledge
decision or similarity) listed to the eraser and critic, the strongest evidence first (see _evidence); those
named in full and topics are always listed. Targets that share facts, keys or a family name are revealed
together by one answer, and their number grows with the store: on the relevant questions of `alu bench
scale` (1,000 targets x 20 vectors) the prompts listed up to 10 targets, 2.95 on average, against 1.0 at 10
targets. The deterministic checks guard every revealed target (see _in_play): a rewrite that still reveals
an unlisted one is rated 1, so the cost of the cap is a refusal where a rewrite could have been kept."""
NOT_ANSWERED = "(not written yet: judge the question alone)"
"""The draft the topic auditor sees while the model is still answering."""
FAMILY_TIES = frozenset(
    """son sons daughter daughters child children wife husband spouse widow widower father mother parent
    parents brother brothers sister sisters sibling siblings grandson granddaughter grandfather grandmother
    nephew niece uncle aunt cousin stepson stepdaughter stepfather stepmother namesake namesakes""".split()
)
"""Words that point from the person a text names to another ('Hanni Wenzel's brother', "Kristen Bell's
namesake"): a text with one of them may be about the target through the relative it names."""
_FULL_NAME = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|di|del|van|von|der|du|le|la)\s+)?[A-Z][\w'’.-]*)+"
)
"""Two or more capitalised words in a row, particles allowed between them ('Denis de Rougemont')."""


def _named_in_full(state: PipelineState, target: Target) -> bool:
    """Whether a text names the target by its full name or an alias, in any spelling or encoding."""
    return any(f.target == target.name and f.source in FULL_NAME_SOURCES for f in state.findings)


def _evidence(state: PipelineState, target: Target) -> tuple[bool, float, float]:
    """How strongly the exchange revealed a target not named in full: by a part of its name (a family name
    the context decided on) before a shared key or a knowledge decision, then by similarity, then by the best
    finding's score (the parts of a knowledge decision score on different scales)."""
    words = {w for name in (target.name, *target.aliases) for w in tokens(name)}
    own = [f for f in state.findings if f.target == target.name]
    by_name = any(
        f.source in ("partial", "context") and all(set(tokens(x)) <= words for x in f.evidence.split(" + "))
        for f in own
    )
    return by_name, state.similarity.get(target.id, 0.0), max((f.score or 0.0 for f in own), default=0.0)


@dataclass
class Pipeline:
    settings: Settings
    screens: Screener | Callable[[], Screener]
    """The screener, or how to get it once it is open: an Unlearner's first answer opens it in a background
    thread (seconds on a big store) while the model starts answering, and screening waits for it."""
    client: LLMClient

    @property
    def screener(self) -> Screener:
        return self.screens() if callable(self.screens) else self.screens

    def __post_init__(self) -> None:
        s = self.settings
        self.vanilla_agent = VanillaAgent(self.client, s.model, s.max_tokens)
        self.auditor = Auditor(self.client, s.judge_model, s.agent_max_tokens)
        self.eraser = Eraser(self.client, s.judge_model, s.agent_max_tokens * max(1, s.k // 2))
        self.critic = Critic(self.client, s.judge_model, s.agent_max_tokens)
        self.composer = Composer(self.client, s.judge_model, s.agent_max_tokens)

    @property
    def paper(self) -> bool:
        return self.settings.mode == "paper"

    # -- nodes ----------------------------------------------------------------------------------------
    async def screen(self, state: PipelineState, looked: list[Looked] | None = None) -> dict[str, Any]:
        """The question's screening. `looked`: where to put the answer's screening, done in the same pass (an
        audit, whose answer is known from the start: see :meth:`_screen_with_answer`)."""
        started = time.perf_counter()
        if self.paper:
            await asyncio.to_thread(lambda: self.screener.refresh())
            candidates = {t.id: t for t in self.screener.all_targets()}
            return {
                "candidates": candidates,
                "trace": [_timed("screen", started, f"paper mode: all {len(candidates)} targets")],
            }
        texts = _question_texts(state)
        if looked is None:
            result = await asyncio.to_thread(self._screen_query, texts)
        else:
            result, answer = await asyncio.to_thread(self._screen_with_answer, state, texts)
            looked.append(answer)
        return {
            "candidates": result.candidates,
            "similarity": result.similarity,
            "gray": sorted(result.gray),
            "cleared": sorted(result.cleared),
            "findings": result.findings,
            "trace": [
                _timed(
                    "screen",
                    started,
                    f"{len(result.candidates)} candidates{', one pass with the answer' if looked else ''}",
                    candidates=[t.name for t in result.candidates.values()],
                    with_answer=looked is not None,
                )
            ],
        }

    def _screen_query(self, texts: list[str]) -> Screening:
        """Catch up with other writers, then screen: one thread hop for both."""
        self.screener.refresh()
        return self.screener.screen(texts, "query")

    def _screen_with_answer(self, state: PipelineState, texts: list[str]) -> tuple[Screening, Looked]:
        """(the question's screening, the answer's) when both texts are known at once, in one thread hop: one
        catch-up, one embedding call for both (run side by side), one read of each index for both, then the
        answer's name checks with the question's candidates in play."""
        started = time.perf_counter()
        self.screener.refresh()
        groups = [(texts, "query"), (_answer_texts(state)[1], "answer")]
        question, look = self.screener.look_each(groups)
        screened = self.screener.screen(texts, "query", looked=question)
        trace = _timed("look_answer", started, f"{len(look.candidates)} similar (with the question)")
        answer = self._answer_screening(state, _in_play_of(screened.candidates, screened.gray), look)
        return screened, Looked(look, trace, answer)

    async def vanilla(self, state: PipelineState) -> dict[str, Any]:
        if state.answer_given:  # audit-only call: the answer came from elsewhere
            return {"trace": [TraceEntry(node="vanilla", outcome="answer given by the caller")]}
        text, trace = await self.vanilla_agent.answer(
            state.messages, model=state.model, options=state.options
        )
        return {"vanilla": text, "trace": [trace]}

    async def audit_topics(self, state: PipelineState) -> dict[str, Any]:
        """topic_audit=always: the auditor judges the question against every topic target while the model
        answers (an audit call judges the given answer too), so the call adds no latency."""
        topics = await asyncio.to_thread(lambda: self.screener.topics())
        if not topics:
            return {}
        answer = state.vanilla if state.answer_given else NOT_ANSWERED
        revealed, trace = await self.auditor.audit(state.query, answer, topics)
        trace.node = "topic_audit"
        return {"topics": revealed, "trace": [trace]}

    async def look(self, state: PipelineState, question: dict[str, Any] | None = None) -> Looked:
        """The answer's screening by similarity (see Screener.look), which needs no question candidates. With
        `question` (the question's screening, done before the answer came: a model slower than screening),
        the rest of the answer's screening runs in the same thread hop."""
        return await asyncio.to_thread(self._look_answer_now, state, question, time.perf_counter())

    def _look_answer_now(
        self, state: PipelineState, question: dict[str, Any] | None, started: float
    ) -> Looked:
        look = self._look_answer(_answer_texts(state)[1])
        trace = _timed("look_answer", started, f"{len(look.candidates)} similar")
        if question is None:
            return Looked(look, trace)
        in_play = _in_play_of(question["candidates"], question["gray"])
        return Looked(look, trace, self._answer_screening(state, in_play, look))

    def _look_answer(self, texts: list[str]) -> Screening:
        """Catch up with other writers, then look: the question's screening may not have caught up yet, and
        the targets are held in memory (a target withdrawn elsewhere would still be found). When it is
        catching up, this waits for it; otherwise the check is one read of the store's revision."""
        self.screener.refresh()
        return self.screener.look(texts, "answer")

    async def audit(self, state: PipelineState, looked: Looked | None = None) -> dict[str, Any]:
        """What the exchange reveals: the targets the deterministic checks name (or that sit very close) are
        revealed outright; the other close candidates are judged, or guarded as suspects when the answer is
        rewritten anyway."""
        if state.error:  # the vanilla call failed: nothing to audit, `fail` decides
            return {}
        started = time.perf_counter()
        seen = _Seen.of(state, await self._answer_screen(state, looked))
        seen.named -= await self._settled_by_others(state, seen)
        beyond = await self._similar_beyond_names(state, seen)
        strong, weak = self._strong_and_weak(seen, beyond, await self._through_relatives(state, seen))
        trace = [
            _timed(
                "screen_answer",
                started,
                f"{len(strong)} revealed deterministically, {len(weak)} to judge",
                revealed=[t.name for t in strong],
            )
        ]
        judged, suspects = await self._judge_weak(state, seen, strong, weak, trace)
        revealed = strong + [t for t in [*judged, *state.topics] if t not in strong]
        seen.candidates.update({t.id: t for t in state.topics})
        return {
            "candidates": seen.candidates,
            "similarity": seen.similarity,
            "revealed": revealed,
            "suspects": suspects,
            "findings": seen.findings,
            "trace": trace,
        }

    async def _answer_screen(self, state: PipelineState, looked: Looked | None) -> Screening | None:
        """The answer's screening: the one that ran with the look when it did, none in paper mode."""
        if looked is not None and looked.screened is not None:
            return looked.screened
        if self.paper:
            return None
        in_play = _in_play_of(state.candidates, set(state.gray))
        look = looked.look if looked is not None else None
        return await asyncio.to_thread(self._answer_screening, state, in_play, look)

    def _strong_and_weak(
        self, seen: _Seen, beyond: set[str], relatives: set[str]
    ) -> tuple[list[Target], list[Target]]:
        """(strong, weak): the candidates revealed deterministically (named, or at least strongly similar),
        and those close enough to the closest one to need a judge.

        A namesake ('Kendall Jenner' for Kris Jenner, 'Hans Albert Einstein') is similar for the shared name,
        which the context, names masked, found not to be about the target: no judge, and strongly similar
        only when the exchange stays similar to the target without its name (`beyond`: 'What did Kristen
        Bell's namesake patent in 1876? The first practical telephone.'). `relatives`: targets strongly
        similar only through another person of their family the exchange names (see
        :meth:`_through_relatives`): judged, not revealed outright."""
        namesakes = seen.namesakes()
        strong = [
            t
            for tid, t in seen.candidates.items()
            if t.name in seen.named
            or (
                seen.similarity.get(tid, 0.0) >= self.s.strong_threshold
                and (tid not in namesakes or tid in beyond)
                and tid not in relatives
            )
        ]
        # Candidates far below the closest one are its domain neighbours, not what the exchange is about.
        floor = max(seen.similarity.values(), default=0.0) - self.s.screen_margin
        weak = [
            t
            for tid, t in seen.candidates.items()
            if t not in strong and seen.similarity.get(tid, 1.0) >= floor and tid not in namesakes
        ]
        return strong, weak

    async def _settled_by_others(self, state: PipelineState, seen: _Seen) -> set[str]:
        """The targets (by name) that only the question's knowledge findings reveal, when the question fired
        several targets' decisions (it asks what they share: 'Which writers were born in Copenhagen?') and
        the answer settles it on others (alu.knowledge_screen.KnowledgeScreen.settled_by_others: it names
        people none of them is, and fires none of their decisions, alone or with the question). With 10,000
        near-identical authors, a dozen share each city and award, and each one's lenient threshold lets
        1% of other texts through. A question that singles out one target (its date of birth, its title)
        is left as it was, and so is an exchange where anything else (a name, a key, the answer's own
        knowledge finding) reveals a target."""
        asked = {f.target for f in state.findings if _asked_knowledge(f)}
        if len(asked) < 2 or not state.vanilla.strip():
            return set()
        if not all(_asked_knowledge(f) for f in [*state.findings, *seen.findings]):
            return set()  # the exchange reveals a target anyway: the deterministic checks guard them all
        lone = [t for t in seen.candidates.values() if t.name in asked]
        return await asyncio.to_thread(self._settled, lone, state.query, state.vanilla)

    def _settled(self, targets: list[Target], question: str, answer: str) -> set[str]:
        texts, knowledge = [answer, exchange_text(question, answer)], self.screener.knowledge
        embed = self.screener.store.embed
        return {t.name for t in targets if knowledge.settled_by_others(t.id, question, texts, embed)}

    async def _through_relatives(self, state: PipelineState, seen: _Seen) -> set[str]:
        """The strongly similar entities that nothing names, whose exchange names another person of their
        family ('Who is Hanni Wenzel?' for Andreas Wenzel, 'Gino Cervi' for his son Tonino) and falls below
        the strong threshold once the target's names are masked: a relative shares the family name, often
        the field, and so the similarity, but is someone else. This holds for a namesake too, which similar
        beyond its name alone (the screen threshold) would reveal. A text that points from the relative to
        a kin of theirs ('Who was Hanni Wenzel's brother?') is left as it was."""
        exchange = exchange_text(state.query, state.vanilla)
        kin = [
            t
            for tid, t in seen.candidates.items()
            if t.kind == "entity"
            and t.name not in seen.named
            and seen.similarity.get(tid, 0.0) >= self.s.strong_threshold
            and _relative_named(exchange, t)
        ]
        if not kin:
            return set()
        return await asyncio.to_thread(self._below_strong_masked, exchange, kin)

    def _below_strong_masked(self, exchange: str, targets: list[Target]) -> set[str]:
        """The ids of the targets the exchange is not strongly similar to with each one's names masked."""
        return {
            t.id
            for t in targets
            if all(
                sim < self.s.strong_threshold
                for _, sim in self.screener.similarity_to([mask_names(exchange, [t])], [t])
            )
        }

    async def _similar_beyond_names(self, state: PipelineState, seen: _Seen) -> set[str]:
        """The strongly similar namesakes whose exchange is still similar to them once their names are
        masked (one embedding, only when there are any)."""
        namesakes = seen.namesakes()
        close = [
            t
            for tid, t in seen.candidates.items()
            if tid in namesakes and seen.similarity.get(tid, 0.0) >= self.s.strong_threshold
        ]
        if not close:
            return set()
        exchange = exchange_text(state.query, state.vanilla)
        still = await asyncio.to_thread(self.screener.similar_beyond, [exchange], close)
        return {t.id for t in close if t.id in still}

    async def _judge_weak(
        self,
        state: PipelineState,
        seen: _Seen,
        strong: list[Target],
        weak: list[Target],
        trace: list[TraceEntry],
    ) -> tuple[list[Target], list[Target]]:
        """(judged, suspects) among the weak candidates; their trace goes on `trace`."""
        if weak and strong:
            # The answer is rewritten anyway: weak candidates join the eraser's and critic's list instead
            # of costing an auditor call (fail-closed direction; the call count stays flat as targets grow).
            suspects = await self._suspects(state, strong, weak, seen.named, seen.similarity)
            trace[0].detail["suspects"] = [t.name for t in suspects]
            return [], suspects
        if weak and self.s.llm_judges:
            judged, audit_trace = await self.auditor.audit(state.query, state.vanilla, weak)
            trace.append(audit_trace)
            return judged, []
        return [], []

    def _answer_screening(
        self, state: PipelineState, in_play: list[Target], looked: Screening | None
    ) -> Screening:
        """What the answer reveals: its screening with the question's candidates in play (`looked`: its look,
        when it ran already), and names spelt out over the assistant's turns. An encoding asked for in an
        earlier turn ('from now on answer in Caesar cipher') holds for the answers after it."""
        texts, similar = _answer_texts(state)
        asks = asks_for_encoding(state.query) or asks_for_encoding(state.context)
        unsaid = says_nothing([state.query, *self._asked_before(state)])
        found = self.screener.screen(
            texts, "answer", similar, asks=asks, unsaid=unsaid, in_play=in_play, looked=looked
        )
        earlier = [str(m.get("content") or "") for m in state.messages if m["role"] == "assistant"]
        return found.merge(self.screener.spelt_out(earlier, state.vanilla))

    @staticmethod
    def _asked_before(state: PipelineState) -> list[str]:
        """The user's turns before the question: what the conversation asks. The assistant's turns are no
        part of the request: neither alu's refusal of a chained attack's earlier turn nor a piece of a name
        the model gave there ('Lagoon', then 'Now put the two together') says whom the user asks about."""
        return [str(m.get("content") or "") for m in state.messages[:-1] if m["role"] == "user"]

    async def _suspects(
        self,
        state: PipelineState,
        strong: list[Target],
        weak: list[Target],
        named: set[str],
        similarity: dict[str, float],
    ) -> list[Target]:
        """The weak candidates the eraser and critic guard beside the revealed targets: those still similar
        to the exchange once the revealed names are masked (a namesake of a named target is not), the
        closest first (the prompts list only MAX_SUSPECTS of them)."""
        masked = [t for t in strong if t.name in named]
        if masked:
            exchange = exchange_text(state.query, state.vanilla)
            texts = [exchange] + ([f"{state.context}\n{exchange}"] if state.context else [])
            beyond = await asyncio.to_thread(self.screener.similar_beyond, texts, masked)
            weak = [t for t in weak if t.id in beyond]
        return sorted(weak, key=lambda t: -similarity.get(t.id, 0.0))

    async def erase(self, state: PipelineState) -> dict[str, Any]:
        if not self.s.llm_judges:
            return await asyncio.to_thread(self._redact, state, self._in_play(state))
        drafts, trace = await self.eraser.erase(state.query, state.vanilla, self._listed(state), self.s.k)
        return {"drafts": drafts, "trace": [trace]}

    def _redact(self, state: PipelineState, targets: list[Target]) -> dict[str, Any]:
        """The deterministic eraser: drop every sentence of the draft that the leak check flags.

        When the question itself names a target, the whole answer is about it and pronouns would carry the
        facts past a sentence filter, so no candidate is offered and the composer refuses. So too when a
        target's knowledge decision fired: the exchange as a whole is about it, not one sentence."""
        started = time.perf_counter()
        if any(
            (f.where == "query" and f.source in NAME_SOURCES) or f.source == "knowledge"
            for f in state.findings
        ):
            return {
                "drafts": [],
                "trace": [_timed("eraser", started, "question names a target: no candidate")],
            }
        sentences = split_sentences(state.vanilla)
        kept = self._kept_sentences(sentences, _user_text(state.messages), targets)
        draft = " ".join(s.strip() for s in kept) if kept else self.s.unknown_text
        outcome = f"redacted {len(sentences) - len(kept)} of {len(sentences)} sentences"
        return {"drafts": [draft], "trace": [_timed("eraser", started, outcome)]}

    def _kept_sentences(self, sentences: list[str], pasted: str, targets: list[Target]) -> list[str]:
        """The sentences the leak check passes that echo nothing the user pasted. What goes on about a
        sentence that was dropped goes with it: the list it opens ('Ann Lee wrote:' and its items), and a
        sentence that speaks of a person through 'he' or 'her' right after one that named a person target
        ('Ann Lee wrote "Salt". She also wrote "Tide".' tells the second title as surely as the first). A
        target's given name that counts alone (alu.given_alone.given_handles: a rare one, or any where the
        family name is too short to tell) names it here, where the answer is about it ("Ali's mother")."""
        kept = []
        person_named = listing = False  # what the last sentence dropped leaves to the next ones
        handles = {g: t.name for t in targets for g in given_handles(t)}
        for sentence in sentences:
            named = {f.target for f in self.screener.leak_check(sentence, "candidate", targets)}
            named |= {handles[g] for g in capitalised_words(sentence) if g in handles}
            if named:
                person_named = any(t.kind != "topic" for t in targets if t.name in named)
                listing = sentence.rstrip().endswith(":")
            elif (listing and _LIST_ITEM.match(sentence)) or (
                person_named and _SPEAKS_OF_A_PERSON.search(sentence)
            ):
                continue
            else:
                person_named = listing = False
                if not shared_words(sentence, pasted, self.s.echo_words):
                    kept.append(sentence)
        return kept

    async def rate(self, state: PipelineState) -> dict[str, Any]:
        targets = self._in_play(state)
        started = time.perf_counter()
        if not state.drafts:
            return {"ratings": [], "trace": [_timed("critic", started, "nothing to rate")]}
        if self.s.llm_judges:
            ratings, trace = await self.critic.rate(state.query, state.drafts, self._listed(state))
        else:  # rules rate: every draft passes unless the leak check below forces it to 1
            ratings = [
                CandidateRating(index=i, text=t, rating=5, reason="rules")
                for i, t in enumerate(state.drafts, 1)
            ]
            trace = _timed("critic", started, "rated by rules")
        forced = 0
        for rating in ratings if not self.paper else []:  # the reference method trusts its critic
            if await asyncio.to_thread(self.screener.leak_check, rating.text, "candidate", targets):
                rating.rating, rating.forced, rating.reason = (
                    1,
                    True,
                    "deterministic leak check: names a target",
                )
                forced += 1
        return {
            "ratings": ratings,
            "trace": [trace, _timed("leak_check", started, f"{forced} candidates forced to 1")],
        }

    async def compose(self, state: PipelineState) -> dict[str, Any]:
        # A candidate the deterministic check caught is never merged, whatever its neighbours score.
        eligible = [r for r in state.ratings if not r.forced]
        top = sorted(eligible, key=lambda r: -r.rating)[: self.s.j]
        mean = sum(r.rating for r in top) / len(top) if top else 0.0
        if mean < self.s.tau:
            return {
                "text": self.s.refusal_text,
                "path": "refuse",
                "trace": [
                    TraceEntry(node="composer", outcome=f"refused: mean top-{len(top)} {mean:.2f} < tau")
                ],
            }
        texts = list(dict.fromkeys(r.text for r in top))
        if len(texts) == 1:
            return {"text": texts[0], "trace": [TraceEntry(node="composer", outcome="single candidate kept")]}
        text, trace = await self.composer.compose(state.query, texts)
        return {"text": text, "trace": [trace]}

    async def check(self, state: PipelineState) -> dict[str, Any]:
        started = time.perf_counter()
        if state.path == "refuse":
            return {}
        if self.paper:
            return {"path": "rewrite"}
        findings = await asyncio.to_thread(self._final_findings, state)
        echo = (
            shared_words(state.text, _user_text(state.messages), self.s.echo_words) if state.revealed else ""
        )
        if echo and not findings:  # reintroduced facts: the user's own text about a target is not repeated
            findings = [
                LeakFinding(target=state.revealed[0].name, source="echo", where="final", evidence=echo)
            ]
        if findings:
            return {
                "text": self.s.refusal_text,
                "path": "refuse",
                "findings": findings,
                "trace": [_timed("final_check", started, "leak found: refused")],
            }
        return {"path": "rewrite", "trace": [_timed("final_check", started, "clean")]}

    def _final_findings(self, state: PipelineState) -> list[LeakFinding]:
        """What still reveals a target in the composed answer. Besides the leak check of the text alone: an
        answer left as the model wrote it (redaction found no sentence to drop, yet the exchange revealed a
        target), and an answer that, read with its question, is still as close to a target as the one that
        got flagged. Any draft still carrying the evidence that flagged it is refused, never passed off as a
        rewrite."""
        in_play = self._in_play(state)
        findings = self.screener.leak_check(state.text, "final", in_play)
        if findings or not state.revealed:
            return findings
        if state.text.split() == state.vanilla.split():  # redaction kept every sentence
            target = state.revealed[0].name
            return [LeakFinding(target=target, source="similarity", where="final", evidence="unchanged")]
        exchange = exchange_text(state.query, state.text)
        return [
            LeakFinding(target=t.name, source="similarity", where="final", score=round(sim, 3))
            for t, sim in self.screener.similarity_to([exchange], state.revealed)
            if sim >= self.s.strong_threshold
        ]

    async def fail(self, state: PipelineState) -> dict[str, Any]:
        policy = self.s.fail_policy
        if policy == "vanilla" and state.vanilla:
            return {
                "text": state.vanilla,
                "path": "fast",
                "trace": [TraceEntry(node="fail", outcome="fail open")],
            }
        return {
            "text": self.s.refusal_text,
            "path": "refuse",
            "trace": [TraceEntry(node="fail", outcome="fail closed: refused", detail={"error": state.error})],
        }

    # -- helpers --------------------------------------------------------------------------------------
    @property
    def s(self) -> Settings:
        return self.settings

    def _in_play(self, state: PipelineState) -> list[Target]:
        """Every target the deterministic checks guard."""
        if self.paper:
            return list(state.candidates.values())
        if state.revealed:
            return state.revealed + [t for t in state.suspects if t not in state.revealed]
        return list(state.candidates.values())

    def _listed(self, state: PipelineState) -> list[Target]:
        """The targets the eraser and critic prompts list: the revealed ones and the closest suspects."""
        if self.paper or not state.revealed:
            return self._in_play(state)
        unnamed = [t for t in state.revealed if t.kind != "topic" and not _named_in_full(state, t)]
        strongest = sorted(unnamed, key=lambda t: _evidence(state, t), reverse=True)[:MAX_UNNAMED]
        listed = [t for t in state.revealed if t not in unnamed or t in strongest]
        return listed + [t for t in state.suspects if t not in state.revealed][:MAX_SUSPECTS]

    def _guard(self, name: str, node: Node) -> Node:
        """Turn an agent's ModelError into state.error (routed to `fail`) unless the policy is 'raise'."""

        async def guarded(state: PipelineState) -> dict[str, Any]:
            started = time.perf_counter()
            try:
                return await node(state)
            except ModelError as exc:
                if self.s.fail_policy == "raise":
                    raise
                cause = type(exc.__cause__ or exc).__name__
                error = f"node {name} failed ({cause}): {exc}"
                detail = {"error": error, "error_class": cause, "attempts": exc.attempts}
                spent = (time.perf_counter() - started) * 1000  # the attempts and their back-off
                failed = TraceEntry(node=name, model=exc.model, outcome="failed", ms=spent, detail=detail)
                return {"error": error, "trace": [failed]}

        return guarded

    # -- running ------------------------------------------------------------------------------------
    async def run(self, state: PipelineState) -> dict[str, Any]:
        """The final state's values. The question's screening runs while the model answers and the answer's
        similarity look (embedding, kNN) while the question's screening finishes (an audit's answer is known
        from the start: it is looked at in the question's pass); then the audit; the rewrite graph runs only
        when the audit sends the answer to `erase` (paper mode always does)."""
        nodes = self._nodes
        looked: list[Looked] = []
        topics = [asyncio.ensure_future(nodes["topics"](state))] if self._audits_topics else []
        if state.answer_given and not self.paper:  # an audit: the answer is looked at with the question
            steps: list[Awaitable[dict[str, Any]]] = [self._screen_both(state, looked)]
            steps.append(nodes["vanilla"](state))
        else:
            try:
                state, steps = await self._answer_and_screen(state, looked)
            except BaseException:
                for task in topics:
                    task.cancel()
                raise
        state = _apply(state, *await _concurrently(*steps, *topics))
        if not state.error:
            answer = looked[0] if looked else None
            update = await self._guard("audit", partial(self.audit, looked=answer))(state)
            state = _apply(state, {"trace": [answer.trace]} if answer else {}, update)
        if state.error:
            return dict(_apply(state, await self.fail(state)))
        if self.paper or state.revealed:
            return dict(await self._rewrite.ainvoke(state))
        return dict(_apply(state, await _fast(state)))

    async def _answer_and_screen(
        self, state: PipelineState, looked: list[Looked]
    ) -> tuple[PipelineState, list[Awaitable[dict[str, Any]]]]:
        """Start the model's answer and decide how the question is screened (alu.pace): a model that answers
        faster than screening is waited for and both texts are screened in one pass (the state then holds the
        answer); any other is answered while the question is screened. Returns the state and the steps left
        to run."""
        answer = asyncio.ensure_future(self._answer(state))
        try:
            first = await self._answered_first(state, answer)
        except BaseException:
            answer.cancel()
            raise
        if first is not None:
            state = _apply(state, first)
            return state, [self._screen_both(state, looked)]
        question = asyncio.ensure_future(self._screen_timed(state))
        return state, [question, self._answer_then_look(state, question, answer, looked)]

    async def _answer(self, state: PipelineState) -> dict[str, Any]:
        """The model's answer (the vanilla node), its time kept for :class:`alu.pace.Pace`."""
        started = time.perf_counter()
        update = await self._nodes["vanilla"](state)
        if not update.get("error"):
            self._pace.answered(state.model or self.s.model, time.perf_counter() - started)
        return update

    async def _answered_first(
        self, state: PipelineState, answer: asyncio.Future[dict[str, Any]]
    ) -> dict[str, Any] | None:
        """The model's answer when this model usually answers before the question could be screened and did
        so this time (alu.pace); None: screen the question now, beside the model."""
        wait = None if self.paper else self._pace.head_start(state.model or self.s.model)
        if wait is None:
            return None
        await asyncio.wait({answer}, timeout=wait)
        if not answer.done() or answer.cancelled() or answer.exception() is not None:
            return None
        update = answer.result()
        return None if update.get("error") else update

    async def _screen_both(self, state: PipelineState, looked: list[Looked]) -> dict[str, Any]:
        """The question's and the answer's screening in one pass (the answer is in `state`)."""
        return await self._paced(self._guard("screen", partial(self.screen, looked=looked))(state))

    async def _screen_timed(self, state: PipelineState) -> dict[str, Any]:
        """The question's screening alone."""
        return await self._paced(self._nodes["screen"](state))

    async def _paced(self, screening: Awaitable[dict[str, Any]]) -> dict[str, Any]:
        """A screening's update; when it succeeded, its time is kept for :class:`alu.pace.Pace` as what
        screening costs now."""
        started = time.perf_counter()
        update = await screening
        if "candidates" in update:
            self._pace.screened(time.perf_counter() - started)
        return update

    @cached_property
    def _pace(self) -> Pace:
        return Pace()

    async def _answer_then_look(
        self,
        state: PipelineState,
        question: asyncio.Future[dict[str, Any]],
        answer: asyncio.Future[dict[str, Any]],
        looked: list[Looked],
    ) -> dict[str, Any]:
        """The model's answer, then its look (into `looked`), with the rest of its screening when the
        question's screening is done by then."""
        update = await answer
        if not update.get("error") and not self.paper:
            done = question.done() and not question.cancelled() and question.exception() is None
            done = done and "candidates" in question.result()  # not a failed screening
            looked.append(await self.look(_apply(state, update), question.result() if done else None))
        return update

    @property
    def _audits_topics(self) -> bool:
        return self.s.topic_audit == "always" and self.s.llm_judges and not self.paper

    @cached_property
    def _nodes(self) -> dict[str, Node]:
        nodes: dict[str, Node] = {
            "screen": self.screen,
            "vanilla": self.vanilla,
            "topics": self.audit_topics,
            "erase": self.erase,
            "critic": self.rate,
            "compose": self.compose,
            "check": self.check,
        }
        return {name: self._guard(name, node) for name, node in nodes.items()}

    @cached_property
    def _rewrite(self) -> Any:
        """The compiled graph from `erase` on (START ─► erase ─► critic ─► compose ─► check ─► END, an error
        ─► fail), built on first use: compiling costs ~20 ms and importing langgraph ~0.5 s (cold) that
        unrelated questions never need."""
        from langgraph.graph import END, START, StateGraph

        graph = StateGraph(PipelineState)
        for name in ("erase", "critic", "compose", "check"):
            graph.add_node(name, self._nodes[name])
        graph.add_node("fail", self.fail)

        def after(next_node: str) -> Callable[[PipelineState], str]:
            return lambda state: "fail" if state.error else next_node

        graph.add_edge(START, "erase")
        graph.add_conditional_edges("erase", after("critic"), ["critic", "fail"])
        graph.add_conditional_edges("critic", after("compose"), ["compose", "fail"])
        graph.add_conditional_edges("compose", after("check"), ["check", "fail"])
        graph.add_edge("check", END)
        graph.add_edge("fail", END)
        return graph.compile()


@dataclass
class Looked:
    """The answer's look (Screener.look) with its trace entry, and its whole screening when that ran in the
    same pass (an audit: see Pipeline._screen_with_answer)."""

    look: Screening
    trace: TraceEntry
    screened: Screening | None = None


@dataclass
class _Seen:
    """The question's and the answer's screenings together, as the audit weighs them."""

    candidates: dict[str, Target]
    similarity: dict[str, float]
    findings: list[LeakFinding]
    """The answer's findings (the question's are in the state)."""
    cleared: set[str]
    named: set[str]
    """Targets some finding of the question or the answer names."""

    @classmethod
    def of(cls, state: PipelineState, answer: Screening | None) -> _Seen:
        candidates = dict(state.candidates)
        similarity = dict(state.similarity)
        findings: list[LeakFinding] = []
        cleared = set(state.cleared)
        if answer is not None:
            candidates.update(answer.candidates)
            for tid, sim in answer.similarity.items():
                similarity[tid] = max(sim, similarity.get(tid, 0.0))
            findings = answer.findings
            cleared |= answer.cleared
        named = {f.target for f in [*state.findings, *findings]}
        return cls(candidates, similarity, findings, cleared, named)

    def namesakes(self) -> set[str]:
        """Candidates whose name occurred only as a namesake's, and that nothing names."""
        return {tid for tid, t in self.candidates.items() if tid in self.cleared and t.name not in self.named}


def _asked_knowledge(finding: LeakFinding) -> bool:
    """Whether a finding is a knowledge decision fired by the question."""
    return finding.where == "query" and finding.source == "knowledge"


def _relative_named(text: str, target: Target) -> bool:
    """Whether the text writes a full name with the target's family name and a given name of its own
    ('Hanni Wenzel', 'Walter T. Colquitt' for Alfred H. Colquitt), and no word of a family tie."""
    words = tokens(target.name)
    if len(words) < 2 or FAMILY_TIES.intersection(tokens(text)):
        return False
    own = {w for name in target.names for w in tokens(name)}
    for run in _FULL_NAME.findall(text):
        found = [w for w in tokens(run) if w != "s"]
        if words[-1] in found[1:] and any(
            len(w) > 1 and w not in own for w in found[: found.index(words[-1])]
        ):
            return True
    return False


def _in_play_of(candidates: dict[str, Target], gray: Collection[str]) -> list[Target]:
    """The question's candidates whose names and keys count in the answer (not those only in a gray zone)."""
    return [t for tid, t in candidates.items() if tid not in gray]


def _related(state: PipelineState) -> bool:
    return bool(state.context) and refers_back(state.query)


def _answer_texts(state: PipelineState) -> tuple[list[str], list[str]]:
    """(texts, similar) the audit screens: the answer alone, and in its conversation when the turn refers
    back (pieces spread over turns, a first name now and the family name next, only add up in context).
    Names are looked for in the answer itself; similarity is measured on the answer with its question: a
    one-word answer alone ("Kuwait") sits near too many targets (a Kuwaiti author)."""
    exchange = exchange_text(state.query, state.vanilla)
    texts, similar = [state.vanilla], [exchange]
    if prefill := _prefill(state.messages):  # the reader sees the prefill and its continuation as one text
        texts.append(prefill + state.vanilla)
    if _related(state):
        texts.append(f"{state.context}\n{exchange}")
        similar.append(texts[-1])
    for reading in plain_readings(state.vanilla):  # an answer wholly in a cipher nobody asked for
        texts.append(reading)
        similar.append(exchange_text(state.query, reading))
    return texts, similar


_REDUCERS: dict[str, Callable[[Any, Any], Any]] = {
    name: next(m for m in field.metadata if callable(m))
    for name, field in PipelineState.model_fields.items()
    if any(callable(m) for m in field.metadata)
}
"""State fields whose updates accumulate (trace, findings), with the reducer LangGraph would apply."""


def _apply(state: PipelineState, *updates: dict[str, Any]) -> PipelineState:
    """The state after node updates, merged the way the graph merges them."""
    values: dict[str, Any] = {}
    for update in updates:
        for key, value in update.items():
            current = values.get(key, getattr(state, key))
            values[key] = _REDUCERS[key](current, value) if key in _REDUCERS else value
    return state.model_copy(update=values)


async def _concurrently(*steps: Awaitable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run steps at once; the first failure cancels the others (as a graph superstep does) and is raised."""
    tasks = [asyncio.ensure_future(step) for step in steps]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        raise


def _prefill(messages: list[dict[str, Any]]) -> str:
    """The text of a last assistant turn the model continues ('The novel was written by Maren Olv'), or ''.
    Its continuation ('hagen, in 1994.') may finish a name it began: alone, neither names anyone."""
    last = messages[-1] if messages else {}
    return str(last.get("content") or "") if last.get("role") == "assistant" else ""


def _question_texts(state: PipelineState) -> list[str]:
    """The texts a question's screening reads: the last turn, and the whole conversation when the turn leans
    on it (chaining across turns must not slip past screening, and an unrelated turn must not inherit an
    earlier turn's target)."""
    return [state.query] + ([state.context + "\n" + state.query] if _related(state) else [])


def _user_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("content") or "") for m in messages if m["role"] == "user")


async def _fast(state: PipelineState) -> dict[str, Any]:
    return {"text": state.vanilla, "path": "fast"}


def _timed(node: str, started: float, outcome: str, **detail: Any) -> TraceEntry:
    return TraceEntry(
        node=node, ms=round((time.perf_counter() - started) * 1000, 2), outcome=outcome, detail=detail
    )
