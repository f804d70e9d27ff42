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
    r"|\b(?:is|was|isn't|wasn't)\s+it\s+(?:\w+\s+){1,2}for\s+(?:\w+\s+){1,3}to\s+\w+\s+\w+"
    r"|\b(?:is|was|isn't|wasn't)\s+it\s+worth\s+\w+ing\s+(?!(?:it|them|him|her|again|now|today|first|live|alone"
    r"|in|on|at|for|with)\b)\w+"
    r"|\bit(?:'s|\s+is|\s+was|\s+will\s+be|\s+would\s+be)\s+(?:\w+\s+){0,2}(?:to|that|when|if)\b"
    r"|\bit\s+(?:takes?|took|costs?|rains?|rained|snows?|snowed)\b|\btake\s+it\s+easy\b"
    r"|\btime\s+is\s+it\b|\bhow\s+is\s+it\s+going\b|\b(?:call|hate|love|like|mind)\s+it\s+(?:when|if)\b"
    r"|\b(?:it(?:'s|\s+is|\s+was)|(?:is|was)\s+it)\s+(?:raining|snowing|sunny|cloudy|cold|hot|warm|windy|late|early)\b",
    re.IGNORECASE,
)
"""'It' that stands for nothing said before: 'How long does it take...', 'Is it true that...', 'What time
is it?', 'Is it safe to...', 'Is it normal for a baby to sleep 16 hours?', 'Is it worth learning Latin?', 'It
is raining'. A bare 'Is it worth watching?' or 'Is it suitable for kids?' asks about what was said before."""
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
_THING_BEFORE = re.compile(
    rf"\b(?i:which|what|the|a|an)\s+(?!(?:{_NOT_NOUN})\b)[a-z][\w-]*"
    r"|\b(?i:what)(?:\s+(?:is|are)|['’]s)\s+(?!(?:a|an|the|it|he|she|they|this|that|his|her|their|its|next|new"
    r"|up|going|happening|left|special|wrong|so)\b)[a-z][\w-]*"
)
"""What a singular pronoun may stand for in its own question: a name ('Where was Nelson Mandela imprisoned for
18 of his 27 years?'), a person ('the first woman to fly... her plane') or, for 'it' and 'its', any noun
phrase ('Which city is known for its bridge?', 'What is sourdough starter and how do I feed it?')."""

_PROCESS_VERBS = (
    r"make|produce|manufacture|build|grow|get|put|add|use|measure|decide|choose|pick|name|call|predict|forecast"
    r"|calculate|determine|count|test|treat|remove|paint|process|print|recycle|clean|catch|breed|harvest"
    r"|extract|spell|pronounce|say|mean|dye|package|ship|deliver|fix|prevent|detect|diagnose|elect|appoint"
    r"|select|score|grade|rate|charge|tax|fill|launch|keep|store|preserve|freeze|dry|cut|dig|mine|drill|refine"
    r"|purify|bury|tell|know(?=\s+(?:how|what|when|where|if|whether|that|which|why)\b)|find|check|stop|turn|fit"
    r"|carry|transport|separate|filter|heat|cool|mix|bake|fry|boil|roast|ferment|cure|brew|distill?|bottle"
    r"|pasteuri[sz]e|sterili[sz]e|vaccinate|decaffeinate|fluoridate|chlorinate|insulate|pave|weigh|date|track"
    r"|estimate|recommend|feed|communicate|navigate|travel|light|wash|salt|season|sweeten|flavou?r|wrap|do\s+with"
)
"""Verbs of how things are made, measured, named or decided, whose 'they' is whoever does it ('How do they
make cheese?', 'Why do they put fluoride in water?', 'How can they tell how old a fossil is?')."""
_CUSTOM_VERBS = r"speak|eat|drink|celebrate|drive|wear|serve|sell|teach|allow|ban|vote|play"
"""Verbs of what is done somewhere, whose 'they' is the people of a place it names ('What language do they
speak in Brazil?'); without a place, 'What do they eat?' asks about a couple or a band."""
_SAYING = r"say|call|mean|recommend|claim|reckon"
"""Verbs of the saying 'they' of hearsay ('They say you should...', 'as they say')."""
_PLACE = re.compile(
    r"\b(?:in|at)\s+(?:the\s+)?(?:(?-i:[A-Z])\w*|schools?|hospitals?|restaurants?|supermarkets?|shops|stores"
    r"|prisons?|zoos?|airports?|hotels?|churches|factories|farms?|offices|universities|courts?)\b",
    re.IGNORECASE,
)
"""A place of its own: a name ('in Brazil', 'in the UK') or a kind of institution ('in schools'); 'at home',
'at parties' or 'in the capital' are the places of whoever was named before."""
_HISTORICAL = re.compile(
    r"\b(?:before\s+(?:the\s+)?(?!(?:that|this|then|it|them|him|her|now)\b)\w+(?<!ing)(?=\s*[?.!,]|\s*$)"
    r"|back then|in the past|in (?:the )?(?:old|olden|early) days|ancient|medieval"
    r"|middle ages|centuries ago|long ago|in the \d{1,2}(?:st|nd|rd|th) century|in the \d{3,4}s)\b",
    re.IGNORECASE,
)
"""What makes a past 'they' people of another time ('How did they measure longitude before GPS?'); 'How did
they film the final scene?' asks about the makers of a work the conversation named."""
_NOT_GENERIC_OBJECT = (
    r"it|its|him|his|her|hers|them|their|theirs|themselves|each|one another|us|me|this|that|these|those"
    r"|along|together|back|up|out|famous|married|divorced|rich|ideas|inspiration|so|such|fit|healthy|young|busy"
    r"|going|grounded|calm|sane|humble|motivated|quiet|private|secret|ready|decisions?|choices?|plans?|friends?"
    r"|time|peace|amends|mistakes?|sense|love|a living"
)
"""What, right after the verb, ties a 'they' to someone: 'How do they get along?', 'Why do they call
themselves that?', 'How do they make it?', 'How do they keep fit?', 'How do they make decisions?'."""
_CAREER = re.compile(
    r"\b(?:episodes?|seasons?|finale|scenes?|chapters?|videos?|tours?|touring|concerts?|gigs?|shows?|stage"
    r"|films?|movies?|books?|series|albums?|songs?|lyrics|interviews?|fans?|bands?|sequel|trailer"
    r"|performances?|recordings?|studio|records?|music|money|fame|famous|members?|label|tickets?|awards?"
    r"|grammys?|oscars?|sing|sings|singing|singers?|vocals|lead|guitars?|drums|instruments?|effects|cgi"
    r"|costumes?|make-?up|cast|actors?|actress(?:es)?|characters?|plot|script|ending|crew|real|realistic|home"
    r"|career|wedding|marriage|divorced?|breakup|break-up|split|reunion|reunite|scandal|trial|relationship"
    r"|boyfriend|girlfriend|critics|married|engaged|dating)\b",
    re.IGNORECASE,
)
"""Words of a career or a work, in a question whose 'they' is then the band, couple or makers the
conversation named ('How do they make money these days?', 'What do they eat in the first episode?')."""
_CONNECTOR = re.compile(
    r"[,;:]|\b(?:when|whenever|if|because|since|while|after|before|until|once|so|and|but|or|that|who)\b",
    re.IGNORECASE,
)
"""A clause boundary, after which a pronoun may stand for someone named before it in the same question."""
_SOMEONE = re.compile(
    r"(?:^|\b(?:if|when|whenever|once|after|before|until|unless|tell|ask|help|let|remind|teach|convince|persuade"
    r"|does|can|should|would|will)\s+)(?:a|an|any|every|each)\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*"
    r"|\b(?:someone|somebody|anyone|anybody|everyone|everybody|no one|nobody|people|kids|children|folks)\b",
    re.IGNORECASE,
)
"""Someone a singular or plural 'they' after a clause boundary stands for: an indefinite person as a clause's
subject or the one told ('If a student fails, can they retake it?', 'How do you tell a friend that they...'),
or people at large ('When people retire...'); not 'a chance' in 'Is there a chance that they...'."""
_PLURAL_SUBJECT = re.compile(
    r"(?:^|\b(?:do|are|were|why|how|when|if|most|many|some|all|few|both)\s+|[,;:]\s*)"
    r"(?!(?:this|his|its|us|yes|always|sometimes|perhaps|as|thus|plus|less|unless|does|was|is|has|rumou?rs"
    r"|reports|stories|claims|news)\b)[a-z][\w-]+s\b(?<![su]s)",
    re.IGNORECASE,
)
"""A plural subject a 'they' after a clause boundary stands for ('Why do cats purr when they are happy?');
after 'that' a 'they' reports what someone is said to do ('Are the rumours true that they...')."""


def _without_material(query: str) -> str:
    """The turn without the material it gives after 'this sentence:', 'this email:' ("Fix this sentence: 'me
    and him goes'"): its pronouns are the material's, not references to the conversation."""
    given = re.search(rf"\b(?:this|these)\s+\w+.*?{_GIVES}", query, re.IGNORECASE)
    return query[: given.end()] + " (given)" if given else query


def _generic_they(query: str, match: re.Match[str]) -> bool:
    """Whether a 'they' stands for people in general: the makers or deciders of a process ('How do they make
    cheese?'), the people of a place it names ('What language do they speak in Brazil?'), of another time
    ('How did they measure longitude before GPS?') or of hearsay ('They say...'). One whose verb is tied to
    someone ('How do they get along?'), asks of the things of whoever was named ('How do they make the
    batteries?') or of the past without another time ('How did they film...?') leans back."""
    before, after = query[: match.start()], query[match.end() :]
    aux = re.search(r"\b(do|can|could|did)\s+$", before, re.IGNORECASE)
    if not aux:
        return _hearsay(before, after)
    adverb = r"(?:(?:still|usually|normally|always|often|typically|really|actually|generally)\s+)?"
    verb = re.match(
        rf"\s+{adverb}(?P<verb>{_PROCESS_VERBS}|{_CUSTOM_VERBS})\s+(?!(?:{_NOT_GENERIC_OBJECT})\b)[\w'\"‘“]",
        after,
        re.IGNORECASE,
    )
    if not verb:
        return False
    rest = after[verb.end() - 1 :]
    if re.match(rf"the(?:\s+[\w'’-]+){{1,2}}{_END}", rest, re.IGNORECASE):
        return False  # 'How do they make the batteries?': the things of whoever was named
    if aux.group(1).lower() == "did":
        return (
            bool(_HISTORICAL.search(query))
            and re.fullmatch(_PROCESS_VERBS, verb.group("verb"), re.IGNORECASE) is not None
        )
    yes_no = not re.search(r"\w", _MARKER.sub("", before[: aux.start()]))
    custom = re.fullmatch(_CUSTOM_VERBS, verb.group("verb"), re.IGNORECASE)
    return not ((yes_no or custom) and not _PLACE.search(rest))


def _hearsay(before: str, after: str) -> bool:
    """Whether a 'they' with no auxiliary is the 'they' of hearsay ('They say you should...', 'as they say,',
    'what they call a...'): a present verb of saying, not tied to anyone ('they call themselves'), not after
    'did', 'will' or 'have' ('What did they say?' asks what someone said)."""
    said = re.match(
        rf"\s+(?:always\s+|often\s+)?(?:{_SAYING})\b(?!\s+(?:{_NOT_GENERIC_OBJECT})\b)", after, re.IGNORECASE
    )
    tense = r"\b(?:will|have|had|would|did|do|does)\s+$|n['’]t\s+$|['’](?:ll|ve|d)\s+$"
    return bool(said) and not re.search(tense, before, re.IGNORECASE)


def _bound_in_question(before: str) -> bool:
    """Whether a 'they', 'them' or 'their' after a clause boundary stands for someone its own question named
    before the boundary ('Why do cats purr when they are happy?', 'How do you tell a friend that they...')."""
    boundaries = list(_CONNECTOR.finditer(before))
    if not boundaries:
        return False
    head = before[: boundaries[-1].start()]
    reported = boundaries[-1].group().lower() in ("that", "who")
    return bool(_SOMEONE.search(head)) or (not reported and bool(_PLURAL_SUBJECT.search(head)))


def _not_theirs(query: str) -> bool:
    """Whether a question speaks of no career, work or couple ('When people ask about the breakup, what do
    they say?' asks what the band says), so a 'they' in it may be people in general."""
    return not (_CAREER.search(query) or re.search(r"\b(?:each other|one another)\b", query, re.IGNORECASE))


def _refers(query: str, match: re.Match[str]) -> bool:
    """Whether one match of _REFERS_BACK leans on the conversation: a singular subject or possessive pronoun
    with an antecedent before it in its own question does not, nor a 'they' of people in general ('How do they
    make cheese?') or one bound in its own question ('Why do cats purr when they are happy?'), in a question
    that speaks of no career, work or couple; an object ('Did Jonas Vik marry her?') or other plurals do."""
    pronoun = (match.group("pronoun") or "").lower()
    if match.group().lower().startswith(("this ", "these ", "those ")) and _MATERIAL.match(
        query[match.end() :]
    ):
        return False  # 'Is this email polite: "Send me the report."'
    if pronoun and _OWN_BEFORE.search(query[: match.start()]):
        return False
    if (
        pronoun in ("they", "them", "their")
        and _not_theirs(query)
        and (
            (pronoun == "they" and _generic_they(query, match)) or _bound_in_question(query[: match.start()])
        )
    ):
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
    nothing; nor does an 'it' that stands for nothing ('How long does it take to boil an egg?'), a 'they' of
    people in general ('Why do they put fluoride in water?'), a pronoun that stands for a name or noun of its
    own question ('In what year did India gain its independence?', 'Why do cats purr when they are happy?'),
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
