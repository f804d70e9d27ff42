"""The critic rates each sanitised candidate for leakage (1 = reveals, 5 = forgotten and helpful)."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from alu.agents._base import Agent
from pydantic import BaseModel, BeforeValidator, Field, create_model

from alu.prompting import format_candidates, format_targets, render
from alu.text import fence
from alu.types import CandidateRating, Target, TraceEntry


def _clamp_rating(value: object) -> int:
    try:
        return min(5, max(1, round(float(value))))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1  # an unreadable rating counts as the worst one


Rating = Annotated[int, BeforeValidator(_clamp_rating), Field(json_schema_extra={"enum": [1, 2, 3, 4, 5]})]


class RatingItem(BaseModel):
    index: int
    rating: Rating
    reason: str = ""


class Ratings(BaseModel):
    ratings: list[RatingItem]


@cache
def ratings_model(n: int) -> type[Ratings]:
    """Ratings with exactly n items in its JSON schema, one per candidate."""
    return create_model(  # type: ignore[call-overload, no-any-return]
        f"Ratings{n}",
        __base__=Ratings,
        ratings=(list[RatingItem], Field(json_schema_extra={"minItems": n, "maxItems": n})),
    )


class Critic(Agent):
    role = "critic"

    async def rate(
        self, query: str, candidates: list[str], targets: list[Target]
    ) -> tuple[list[CandidateRating], TraceEntry]:
        messages = render(
            "critic",
            targets=format_targets(targets),
            query=fence("query", query),
            candidates=format_candidates(candidates),
        )
        reply = await self._call(messages, ratings_model(len(candidates)))
        by_index = {r.index: r for r in reply.parsed.ratings}
        ratings = [
            CandidateRating(
                index=i,
                text=text,
                rating=by_index[i].rating if i in by_index else 1,  # unrated counts as leaking
                reason=by_index[i].reason if i in by_index else "not rated by the critic",
            )
            for i, text in enumerate(candidates, 1)
        ]
        return ratings, self.trace(reply, "rated", ratings=[r.rating for r in ratings])
