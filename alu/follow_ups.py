"""Whether a turn of a conversation leans on the turns before it (alu.graph screens it together with them).

A follow-up that names nobody ('Who did she marry?', 'And the family name?') asks about whoever the
conversation was about; one that says what it asks about ('What is the boiling point of water?') does not,
and screening it with the conversation would refuse it for an earlier turn's target."""

from __future__ import annotations

import re

from alu.follow_ups_languages import refers_in_its_language

_PERSON_WORDS = (
    r"author|writer|novelist|poet|playwright|journalist|artist|painter|sculptor|photographer|cartographer|actor"
    r"|actress|singer|rapper|musician|composer|songwriter|director|producer|filmmaker|comedian|dancer|scientist"
    r"|engineer|inventor|philosopher|scholar|professor|teacher|doctor|politician|president|senator|minister"
    r"|chancellor|governor|mayor|leader|founder|entrepreneur|businessman|businesswoman|ceo|athlete|player"
    r"|footballer|star|celebrity|figure|person|people|man|woman|guy|lady|boy|girl|individual|couple|family"
    r"|husband|wife|spouse|partner|son|daughter|father|mother|brother|sister|manager|coach|mentor|agent|lawyer"
    r"|character|hero|villain|king|queen|prince|princess"
)
_PERSON_NOUNS = _PERSON_WORDS + r"|\w{3,}(?:ist|ian)"
_THING_NOUNS = (
    r"company|firm|band|group|team|book|novel|story|poem|film|movie|series|show|album|song|work|works|sequel"
    r"|prequel|debut|headquarters|city|country|town|place|name"
)
_ROLE_NOUNS = rf"{_PERSON_NOUNS}|{_THING_NOUNS}"
"""Nouns that refer back to someone or something named before ('the novelist', 'that actress', 'the
pianist', 'the Norwegian'), unless a phrase of their own says which ('the president of France')."""
_QUALIFYING = rf"(?!\s+(?:{_PERSON_WORDS}|{_THING_NOUNS})\b)"
"""Not before a noun of the lists (not an -ist or -ian word: 'persist'): 'the Canadian author of...', 'the
dystopian novel 1984', 'the Italian city' say what the noun is, and refer to nothing before."""
_QUALIFIED = r"of|in|from|at|for|who|whom|that|which|by|whose|named|called"
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
    r"|\btime\s+is\s+it\b|\bhow\s+is\s+it\s+going\b|\b(?:call|hate|love|like|mind)\s+it\s+(?:when|if)\b"
    r"|\b(?:it(?:'s|\s+is|\s+was)|(?:is|was)\s+it)\s+(?:raining|snowing|sunny|cloudy|cold|hot|warm|windy|late|early)\b",
    re.IGNORECASE,
)
"""'It' that stands for nothing said before: 'How long does it take...', 'Is it true that...', 'What time
is it?', 'Is it safe to...', 'It is raining'."""
_PRONOUN = r"he|she|him|his|her|hers|they|them|their|theirs|it|its"
_DESCRIBING = r"first|second|third|last|only|best|most|least|top|leading|famous|\w+est|best-\w+|most-\w+"
"""Adjectives that make 'the ... person' a description of its own ('the first person to...', 'the
best-selling author'), not a reference to someone named before."""
_REFERS_BACK = re.compile(
    rf"\b(?:(?P<pronoun>{_PRONOUN})|the same|the above|again|earlier|previous|"
    r"(?:this|these|those) (?!(?:year|week|month|time|morning|evening|afternoon|day|weekend|season|century"
    r"|decade|way|question)\b)\w+|"
    rf"(?P<role>(?:that|the) (?:(?!(?:{_DESCRIBING})\b)\w+ )?(?:{_ROLE_NOUNS})(?:['’]s|{_QUALIFYING}))"
    rf"(?![\w'’-]|\s+(?:{_QUALIFIED})\b|\s+(?-i:['\"“‘A-Z]))|"
    r"(?:the|this|that|these|those) (?:ones?|letters?|words?)|"
    r"(?:first|family|last|full|given|middle|sur) ?names?|initials?|letters|pieces?|parts?|together|join|"
    r"combine|spell|rest)\b"
    r"|^\W*(?:go on|continue|more)\b|\btell me more\b(?!\s+about)",
    re.IGNORECASE,
)
_MARKERS = (
    r"ok(?:ay)?|fine|great|sure|yes|yeah|yep|alright|all right|right|cool|good|got it|i see|understood|please"
    r"|well|hmm|anyway|(?:a )?(?:different|new|another|unrelated|separate|other)"
    r" (?:topic|question|subject|thing)"
    r"|on another note|changing (?:the )?(?:topic|subject)|unrelated|switching (?:topics?|gears)"
)
_MARKER = re.compile(
    rf"^[^\w'\"‘“]*(?:{_MARKERS})\b[\s,.!:;-]*"  # not a quoted title: "'Great Expectations' is..."
    rf"(?:(?:{_MARKERS}|then|whatever|(?:but )?first|thanks|thank you)\b[\s,.!:;-]*)*",
    re.IGNORECASE,
)
"""Words that open a turn and say nothing of what it asks: 'Okay, different topic: what is the capital of
Peru?' asks that; 'Okay.' alone asks the model to go on, and 'Okay, and his wife?' what follows it. 'Then'
opens no turn of its own that way ('Then who wrote it?')."""
_GOING_ON = re.compile(r"^\W*(?:also|now|so|but)\b[\s,.:;-]*", re.IGNORECASE)
"""Words that carry a conversation on: a fragment after them leans on it ('So what year?', 'But why?'), a
question of its own does not ('Now, how do I bake sourdough bread?')."""
_CHAINING = re.compile(
    r"^\W*(?:and|then)\b[\s,.:;-]*(?:(?:then|also|now|so|um|uh)\b[\s,.:;-]*)*", re.IGNORECASE
)
"""Words that chain a turn onto the one before: a fragment after them leans on it ('And the family name?',
'Then what?'), and so does a whole question about something the conversation named ('And where did the
wedding take place?'); a whole question that says what it asks about does not ('And what is the capital of
Peru?')."""
_END = r"\s*[?.!]*\s*$"
_LIFE = (
    r"siblings|children|kids|parents|friends?|boyfriend|girlfriend|critics|fans|career|wedding|marriage|divorce"
    r"|funeral|death|birth|childhood|retirement|trial|scandal|relationship"
)
"""The people and events of a life, which a question chained onto a turn about someone asks about ('And
where did the wedding take place?'); in a question of its own they are as likely the user's ('How do I get the
kids to sleep?')."""
_LEANS_AFTER_CHAINING = re.compile(
    rf"\bthe\s+(?:[\w'’-]+\s+)?(?:{_LIFE})\b(?!\s+(?:{_QUALIFIED})\b)"
    rf"|\bthe\s+(?:[\w'’-]+\s+)?(?:{_ROLE_NOUNS})(?:\s+(?:called|{_QUALIFIED}))?{_END}"
    r"|\b(?:that|this)(?:\s+(?:go|went|happen|happened|mean|means|meant|come|came|start|started|end|ended)\b"
    rf"|{_END})|\b(?:next|then|afterwards|after that|later|before that){_END}"
    rf"|^\W*how\s+(?:many|much|old|long)\s+[\w'’-]+{_END}",
    re.IGNORECASE,
)
"""What leans a chained question on the conversation: a life's people or events ('And where did the wedding
take place?'), a role it ends on ('And what was the first novel?', 'And what was the sequel called?'), a bare
'that' ('And how did that go?'), 'next' or 'then' ('And what happened next?'), or a count with nothing
counted ('And how many children?')."""
_IS_THERE_A_ROLE = re.compile(
    rf"^\W*(?:is|are|was|were)\s+there\s+(?:a|an|any)\s+(?:\w+\s+)?(?:{_ROLE_NOUNS})s?(?:\s+\w+)?{_END}",
    re.IGNORECASE,
)
"""A short question whether there is a work or a person of a role, naming no one ('Is there a sequel?', 'Are
there any movies?', 'Is there a film adaptation?'): it asks about what the conversation named."""
_SHORT_DEFINITE_END = re.compile(rf"\bthe(?:\s+(?!(?-i:[A-Z0-9]))[\w'’-]+){{1,2}}{_END}", re.IGNORECASE)
SHORT_CHAINED = 5
"""Words up to which a chained question ending on 'the' and a noun or two leans on the conversation ('And
where is the grave?', 'Then how did the career end?'); a longer one says more of what it asks ('And what is
the largest desert in the world?')."""
_OWN_BEFORE = re.compile(r"\b(?:my|our|your)\s+(?:\w+\s+)?\w+", re.IGNORECASE)
"""The user's own person or thing, which a pronoun after it stands for ('My cat scratches the sofa: how do I
stop him?')."""
_GIVES = r"(?::|\s[\"“'‘])"
"""Where a turn's material begins: after a colon, or at a quote opening after a space (not an apostrophe)."""
_MATERIAL = re.compile(rf"^.*?{_GIVES}\s*\S+")
"""Material given after 'this word', 'this email' ('Fix this sentence: ...'): what 'this' points to."""
_OWN_QUESTION = re.compile(
    r"(?:what|who|whom|whose|where|when|which|why|how|is|are|was|were|do|does|did|can|could|will|would"
    r"|should|tell|explain|give|name|list|translate|write|describe|define|calculate|recommend|suggest|convert"
    r"|summari[sz]e|compare|show|find|teach|solve|plan|draft|compose|create|make|help)(?:['’](?:s|re))?\s+\S+\s+\S",
    re.IGNORECASE,
)
"""A question of its own, of three words or more: one a marker opens is read as if it stood alone; a
fragment after one ('Okay, the other half', 'Sure, what year?') leans on what came before."""
_NOT_NOUN = (
    r"did|does|do|is|was|are|were|has|have|had|can|could|will|would|should|might|must|may|of|in|on|at|to"
)
_NAME_BEFORE = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'’-]+")
_PERSON_BEFORE = re.compile(rf"\b(?i:which|what|the|a|an)\s+(?:\w+\s+)?(?i:{_PERSON_NOUNS})\b")
_THING_BEFORE = re.compile(rf"\b(?i:which|what|the|a|an)\s+(?!(?:{_NOT_NOUN})\b)[a-z][\w-]*")
"""What a singular pronoun may stand for in its own question: a name ('Where was Nelson Mandela imprisoned for
18 of his 27 years?'), a person ('the first woman to fly... her plane') or, for 'it' and 'its', any noun
phrase ('Which city is known for its bridge?')."""


def _without_material(query: str) -> str:
    """The turn without the material it gives after 'this sentence:', 'this email:' ("Fix this sentence: 'me
    and him goes'"): its pronouns are the material's, not references to the conversation."""
    given = re.search(rf"\b(?:this|these)\s+\w+.*?{_GIVES}", query, re.IGNORECASE)
    return query[: given.end()] + " (given)" if given else query


def _refers(query: str, match: re.Match[str]) -> bool:
    """Whether one match of _REFERS_BACK leans on the conversation: a singular subject or possessive pronoun
    with an antecedent before it in its own question does not; an object ('Did Jonas Vik marry her?') or a
    plural does."""
    pronoun = (match.group("pronoun") or "").lower()
    if match.group().lower().startswith(("this ", "these ", "those ")) and _MATERIAL.match(
        query[match.end() :]
    ):
        return False  # 'Is this email polite: "Send me the report."'
    if pronoun and _OWN_BEFORE.search(query[: match.start()]):
        return False
    if not pronoun or pronoun in ("him", "them", "hers", "theirs", "they", "their"):
        return True  # objects, and plurals: 'What jobs do their parents hold?' is not about the jobs
    if pronoun == "her" and not re.match(r"\s+[a-z]", query[match.end() :]):
        return True  # 'her' as an object
    before = query[: match.start()]
    if pronoun in ("it", "its"):
        return not (_NAME_BEFORE.search(before) or _THING_BEFORE.search(before))
    return not (_NAME_BEFORE.search(before) or _PERSON_BEFORE.search(before))


def _chained_leans(rest: str) -> bool:
    """Whether a turn after 'And'/'Then' leans on the conversation: a fragment or a question about what it
    named does; a whole question of its own does not."""
    if not _OWN_QUESTION.match(rest) or refers_back(rest) or _LEANS_AFTER_CHAINING.search(rest):
        return True
    return bool(_SHORT_DEFINITE_END.search(rest)) and len(re.findall(r"\w+", rest)) <= SHORT_CHAINED


def refers_back(query: str) -> bool:
    """Whether a follow-up turn leans on what was said before (a pronoun, 'and', 'the family name', 'now
    join them', 'the novelist', 'this writer'): only then is it screened together with the conversation.
    'What is the boiling point of water?' after a turn about a target is a question of its own, and takes the
    fast path on its own merits; chaining ('And the family name?', 'Who wrote it?') refers back, unless
    'And'/'Then' opens a whole question of its own ('And what is the capital of Peru?'), and so does a
    question of a word or two ('Birthplace?', 'Why?'). Thanks or a greeting alone does not: it asks
    nothing; nor does an 'it' that stands for nothing ('How long does it take to boil an egg?'), a pronoun
    that stands for a name or noun of its own question ('In what year did India gain its independence?'),
    or a role that its question says more of ('the first person to...', 'the novel 1984')."""
    if _PLEASANTRY.fullmatch(query):
        return False
    if ((marker := _MARKER.match(query)) and marker.end()) or (marker := _GOING_ON.match(query)):
        rest = query[marker.end() :]
        if chained := _CHAINING.match(rest):  # 'Yes, and what is 12 squared?'
            return _chained_leans(rest[chained.end() :])
        return not _OWN_QUESTION.match(rest) or refers_back(rest)
    if chained := _CHAINING.match(query):
        return _chained_leans(query[chained.end() :])
    if _ELLIPTICAL.fullmatch(query) or _IS_THERE_A_ROLE.match(query):
        return True
    cleaned = _DUMMY_IT.sub(" ", _without_material(query))
    return any(_refers(cleaned, m) for m in _REFERS_BACK.finditer(cleaned)) or refers_in_its_language(query)
