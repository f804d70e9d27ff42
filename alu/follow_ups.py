"""Whether a turn of a conversation leans on the turns before it (alu.graph screens it together with them).

A follow-up that names nobody ('Who did she marry?', 'And the family name?') asks about whoever the
conversation was about; one that says what it asks about ('What is the boiling point of water?') does not,
and screening it with the conversation would refuse it for an earlier turn's target."""

from __future__ import annotations

import re

_ROLE_NOUNS = (
    r"author|writer|novelist|poet|playwright|journalist|artist|painter|sculptor|photographer|cartographer|actor"
    r"|actress|singer|rapper|musician|composer|songwriter|director|producer|filmmaker|comedian|dancer|scientist"
    r"|engineer|inventor|philosopher|scholar|professor|teacher|doctor|politician|president|senator|minister"
    r"|leader|founder|entrepreneur|businessman|businesswoman|ceo|athlete|player|footballer|star|celebrity"
    r"|figure|person|people|man|woman|guy|lady|boy|girl|individual|couple|family|husband|wife|son|daughter"
    r"|father|mother|brother|sister|character|hero|villain|king|queen|prince|princess|company|firm|band|group"
    r"|team|book|novel|story|poem|film|movie|series|show|album|song|work|works|city|country|town|place|name"
    r"|\w{3,}(?:ist|ian)"
)
"""Nouns that refer back to someone or something named before ('the novelist', 'that actress', 'the
pianist', 'the Norwegian'), unless a phrase of their own says which ('the president of France')."""
_QUALIFIED = r"of|in|from|at|for|who|whom|that|which"
_PLEASANTRY = re.compile(
    r"\W*(?:(?:thanks|thank you|thx|cheers|hello|hi|hey|bye|goodbye)(?: (?:a lot|so much|very much))?\W*)+",
    re.IGNORECASE,
)
"""Thanks or a greeting alone. 'ok' or 'go on' alone still refers back: it asks the model to continue."""
_ELLIPTICAL = re.compile(r"\W*\w+(?:[\s'’-]+\w+)?\s*\?\W*")
"""A question of one or two words ('Birthplace?', 'Her age?', 'Why?'): about what was said before."""
_DUMMY_IT = re.compile(
    r"\b(?:is|was|isn't|wasn't|will|would|does|did|can|could)\s+it\s+(?:\w+\s+){0,2}(?:to|that|when|if)\b"
    r"|\bit(?:'s|\s+is|\s+was|\s+will\s+be|\s+would\s+be)\s+(?:\w+\s+){0,2}(?:to|that|when|if)\b"
    r"|\bit\s+(?:takes?|took|costs?|rains?|rained|snows?|snowed)\b|\btake\s+it\s+easy\b"
    r"|\btime\s+is\s+it\b|\bhow\s+is\s+it\s+going\b"
    r"|\b(?:it(?:'s|\s+is|\s+was)|(?:is|was)\s+it)\s+(?:raining|snowing|sunny|cloudy|cold|hot|warm|windy|late|early)\b",
    re.IGNORECASE,
)
"""'It' that stands for nothing said before: 'How long does it take...', 'Is it true that...', 'What time
is it?', 'Is it safe to...', 'It is raining'."""
_REFERS_BACK = re.compile(
    r"\b(?:he|she|him|his|her|hers|they|them|their|theirs|it|its|the same|the above|again|earlier|previous|"
    r"(?:this|these|those) (?!(?:year|week|month|time|morning|evening|afternoon|day|weekend|season|century"
    r"|decade|way|question)\b)\w+|"
    rf"(?:that|the) (?:\w+ )?(?:{_ROLE_NOUNS})(?:'s)?(?![\w'’-]|\s+(?:{_QUALIFIED})\b)|"
    r"(?:the|this|that|these|those) (?:ones?|letters?|words?)|"
    r"(?:first|family|last|full|given|middle|sur) ?names?|initials?|letters|pieces?|parts?|together|join|"
    r"combine|spell|rest)\b"
    r"|^\W*(?:and|also|now|then|so|but|ok|okay|fine|great|sure|yes|go on|continue|more)\b",
    re.IGNORECASE,
)


def refers_back(query: str) -> bool:
    """Whether a follow-up turn leans on what was said before (a pronoun, 'and', 'the family name', 'now
    join them', 'the novelist', 'this writer'): only then is it screened together with the conversation.
    'What is the boiling point of water?' after a turn about a target is a question of its own, and takes the
    fast path on its own merits; chaining ('And the family name?', 'Who wrote it?') always refers back, and
    so does a question of a word or two ('Birthplace?', 'Why?'). Thanks or a greeting alone does not: it asks
    nothing; nor does an 'it' that stands for nothing ('How long does it take to boil an egg?')."""
    if _PLEASANTRY.fullmatch(query):
        return False
    return bool(_REFERS_BACK.search(_DUMMY_IT.sub(" ", query)) or _ELLIPTICAL.fullmatch(query))
