"""Follow-ups in the languages alu reads besides English: a pronoun, a role after a determiner, a verb of the
past whose subject is left unsaid ('Wo wurde sie geboren?', '¿Con quién se casó?'). alu.follow_ups asks
:func:`refers_in_its_language` after its English rules."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class _Language:
    """How a turn in one language leans on the conversation, its patterns written for the folded text (lower
    case, accents off, one character for one: 'ее' for 'её'), but Chinese and Japanese as written."""

    cues: str
    """Frequent words of the language, which say what a turn is written in."""
    refers: str
    """Third-person pronouns, and a role or demonstrative before a noun ('die Autorin', 'cet homme')."""
    expletive: str = r"(?!)"
    """A pronoun that stands for nothing ('gibt es', 'il faut')."""
    possessive: str = r"(?!)"
    """Possessives, which a name before them in their own question is what they stand for."""
    subjectless: str = r"(?!)"
    """Where the language leaves the subject unsaid, a verb of the past with none ('¿Con quién se casó?',
    'Jaką firmę założył?'), read on the lower-case text, its accents on."""
    determiner: str = r"(?!)"
    """Articles: a turn with one has a noun of its own, which its verb may be about."""


_ROLE_AFTER = r"(?:\s+(?:{qualified})\b|['’]|\s*[«\"“])"
"""What says which one a role is ('der Autor von Faust', "l'auteur de 'Germinal'", 'el autor del Quijote')."""


def _role(determiners: str, nouns: str, qualified: str) -> str:
    """A determiner before a noun of a role, with no phrase of its own after it that says which."""
    return (
        rf"\b(?:{determiners})\s*(?P<role>{nouns})\b(?P<qualified>{_ROLE_AFTER.format(qualified=qualified)})?"
    )


_GERMAN_ROLES = (
    r"(?:autor|schriftsteller|dichter|sanger|schauspieler|musiker|regisseur|politiker|wissenschaftler|forscher"
    r"|kunstler|maler|komponist|erfinder|grunder|unternehmer|sportler|spieler|kanzler|prasident)(?:in(?:nen)?)?"
    r"(?:e?n|e?s)?|person(?:en)?|mann(?:es)?|frau|mensch(?:en)?|ehemann|ehefrau|sohn(?:es)?|tochter|vater"
    r"|mutter|bruder|schwester|figur|band|gruppe|film(?:s|es)?|buch(?:es)?|roman(?:s|es)?|serie|firma"
    r"|unternehmen(?:s)?|werk(?:s|es)?"
)
_FRENCH_ROLES = (
    r"(?:auteur|autrice|ecrivain|ecrivaine|poete|chanteur|chanteuse|acteur|actrice|musicien|musicienne"
    r"|realisateur|realisatrice|politicien|politicienne|homme politique|scientifique|chercheur|chercheuse"
    r"|artiste|peintre|compositeur|compositrice|inventeur|inventrice|fondateur|fondatrice|joueur|joueuse"
    r"|personne|homme|femme|mari|epouse|fils|fille|pere|mere|frere|soeur|chancelier|chanceliere|president"
    r"|presidente|personnage|groupe|film|livre|roman|serie|entreprise|societe|oeuvre)s?"
)
_SPANISH_ROLES = (
    r"(?:autor|autora|escritor|escritora|poeta|cantante|actor|actriz|music[oa]|director|directora|politic[oa]"
    r"|cientific[oa]|artista|pintor|pintora|compositor|compositora|inventor|inventora|fundador|fundadora"
    r"|empresari[oa]|jugador|jugadora|persona|hombre|mujer|marido|espos[oa]|hij[oa]|padre|madre|herman[oa]"
    r"|personaje|canciller|president[ea]|grupo|banda|pelicula|libro|novela|serie|empresa|obra|saga)(?:e?s)?"
)
_ITALIAN_ROLES = (
    r"autor[ei]|autric[ei]|scrittor[ei]|scrittric[ei]|poet[ai]|cantant[ei]|attor[ei]|attric[ei]|musicist[ai]"
    r"|regist[ai]|politic[oa]|scienziat[oa]|artist[ai]|pittor[ei]|pittric[ei]|compositor[ei]|inventor[ei]"
    r"|fondator[ei]|fondatric[ei]|imprenditor[ei]|giocator[ei]|person[ae]|uomo|donna|marito|moglie"
    r"|figli[oa]|padre|madre|fratello|sorella|personaggio|cancelliere|president[ei]|gruppo|band|film|libro"
    r"|romanzo|serie|azienda|societa|opera|saga"
)
_PORTUGUESE_ROLES = (
    r"(?:autor|autora|escritor|escritora|poeta|cantor|cantora|ator|atriz|music[oa]|diretor|diretora"
    r"|realizador|politic[oa]|cientista|artista|pintor|pintora|compositor|compositora|inventor|inventora"
    r"|fundador|fundadora|empresari[oa]|jogador|jogadora|pessoa|homem|mulher|marido|esposa|filh[oa]|pai|mae"
    r"|irmao|irma|personagem|chanceler|presidente|grupo|banda|filme|livro|romance|serie|empresa|obra|saga)"
    r"(?:e?s)?"
)
_PAST_VERB = {
    "es": r"\b\w{2,}i?ó\b|\b(?:fue|ha|había)\s+\w+(?:ad|id)[oa]s?\b",
    "it": r"\b(?:ha|hanno|aveva|[eè]|si [eè]|era|fu)\s+\w{2,}[ts][oaie]\b"
    r"|\b(?!(?:pu|per|cos|lunedi|marted|mercoled|gioved|venerd)[òì])\w{3,}[òì]\b",
    "pt": r"\b(?!(?:estou|museu|europeu|judeu|chapéu|troféu|ateu|plebeu|pigmeu)\b)\w{3,}(?:ou|eu|iu)\b"
    r"|\bfoi\s+\w+(?:ad|id)[oa]s?\b",
    "pl": r"\b(?!by[łl]\w*\b)\w{3,}(?:ł|ła|ło)(?:\s+się)?\s*[?.!]*\s*$",
    "ru": r"\b(?!был\w*\b)\w{2,}(?:[иаеяыу]л|[иаеяыу]ла)(?:ся|сь)?\s*[?.!]*\s*$",
}
"""A verb of the past, third person, where the language may leave its subject unsaid; Polish and Russian,
which have no articles and a free order, only as the question's last word ('Gdzie się urodziła?')."""
_EVENT = (
    r"pas[oó]|sucedi[oó]|ocurri[oó]|successo|accaduto|avvenuto|aconteceu|ocorreu|sta[łl]o|случилось|произошло"
)
"""'What happened (in 1989)?': the question word is the subject."""

_LANGUAGES: dict[str, _Language] = {
    "de": _Language(
        cues=r"wer|wo|woher|wann|was|wie|warum|wieso|welche[rsnm]?|ist|sind|wurde|wurden|hat|haben|hatte|war"
        r"|der|die|das|den|dem|des|und|nicht|ein|eine[mnrs]?|mit|von|vom|er|sie|es|im|zum|zur|auch|ihn|ihm"
        r"|seine[mnrs]?|ihre[mnrs]?|geboren|gestorben|heute",
        refers=r"\b(?:er|sie|ihn|ihm|ihnen|ihr|ihre[mnrs]?|sein(?=\s+\w)|seine[mnrs]?|es|dessen|deren)\b"
        r"|\bdies(?:e[rsnm]?)?\s+(?!(?:woche|jahr|jahres|monat|tag|zeit|frage|mal|sommer|winter|weise)\b)\w+\b|"
        + _role(
            "der|die|das|den|dem|des", _GERMAN_ROLES, r"von|vom|des|der|aus|namens|mit dem namen|aus dem"
        ),
        expletive=r"\bes\s+gibt\b|\bgibt\s+es\b|\bgeht\s+es\b|\bspat\s+ist\s+es\b|\bregnet\s+es\b|\bes\s+regnet\b"
        r"|\b(?:ist|war)\s+es\s+(?:\w+\s+)?(?:moglich|wahr|sicher|gefahrlich|erlaubt|normal|sinnvoll|besser|wichtig)\b"
        r"|\bes\s+(?:ist|war)\s+(?:\w+\s+)?(?:moglich|wahr|sicher|gefahrlich|erlaubt|normal|sinnvoll|besser)\b"
        r"|\b(?:dauert|kostet|lohnt|braucht)\s+es\b|\bes\s+(?:dauert|kostet|lohnt)\b",
    ),
    "fr": _Language(
        cues=r"qui|que|quoi|ou|quand|comment|pourquoi|quel(?:le)?s?|est|etait|a|ont|avait|le|la|les|du|des|de|et"
        r"|un|une|il|elle|ils|elles|ce|cette|cet|ces|qu|t|son|sa|ses|lui|leur|dans|pour|avec|sur|ne|pas|l|d|ete",
        refers=r"\b(?:il|elle|ils|elles|lui|leur|leurs|sa|ses)\b"
        r"|(?<!\bdu )(?<!\ble )(?<!\bau )(?<!\bun )\bson\b"
        r"|\bl['’](?=(?:a|ont|avait|avaient|aura|aime|epouse)\b)"
        r"|\b(?:cette|cet|ces)\s+(?!(?:annee|semaine|mois|jour|soiree|fois|question|epoque|saison|nuit)s?\b)\w+|"
        + _role("le|la|les|l['’]|ce", _FRENCH_ROLES, r"de|du|des|d|qui|que|dont|nomme|nommee|appele|appelee"),
        expletive=r"\b(?:le|la|les|l['’])\s*\w+(?:\s+\w+)?\s+\w+-(?:t-)?(?:il|elle)s?\b|\bil\s+y\s+a\b|\by\s+a-t-il\b|\bil\s+(?:faut|fait|pleut|neige|reste|existe|vaut)\b"
        r"|\b(?:faut|fait|reste|existe|vaut)-(?:t-)?il\b|\bs['’]il\b|\bs['’]agit(?:-il)?\b|\bil\s+s['’]agit\b"
        r"|\bheure\s+est-il\b|\b(?:est-il|il\s+est)\s+(?:\w+\s+)?(?:possible|vrai|utile|necessaire|dangereux"
        r"|normal|interdit|legal|temps|difficile|facile)\b",
        possessive=r"son|sa|ses|leur|leurs",
    ),
    "es": _Language(
        cues=r"quien(?:es)?|que|donde|cuando|como|cual(?:es)?|cuant[oa]s?|es|fue|era|el|la|los|las|del|y|un|una"
        r"|en|lo|su|sus|se|ha|ella|ellos|le|les|con|para|por|nacio|hay|esta|este|de",
        refers=r"\b(?:ella|ellos|ellas|le|les|su|sus|suy[oa]s?)\b"
        r"|\b(?:la|las|los)\s+(?!(?:mano|radio|foto|moto)\b)\w+(?:o|aron|ieron)\b(?=\s*[?!.]*\s*$)"
        r"|\blo\b(?!\s+(?:que|mas|mejor|peor|mismo|cual|bueno|malo|siento|antes|posible)\b)|"
        + _role(
            "el|la|los|las|este|esta|estos|estas|ese|esa|esos|esas|aquel|aquella",
            _SPANISH_ROLES,
            r"de|del|que|quien|llamad[oa]",
        ),
        possessive=r"su|sus",
        subjectless=_PAST_VERB["es"],
        determiner=r"el|la|los|las|un|una|unos|unas",
    ),
    "it": _Language(
        cues=r"chi|che|cosa|dove|quando|come|perche|qual[ei]?|quant[oaie]|e|era|fu|ha|hanno|il|lo|la|gli|le|del"
        r"|della|dei|di|un|una|nel|nella|lui|lei|suo|sua|si|ci|con|per|non|l",
        refers=r"\b(?:lui|lei|loro|suo|sua|suoi|sue)\b|\bl['’](?=(?:ha|hanno|aveva|avevano)\b)"
        r"|\b(?:questo|questa|questi|queste|quest['’]|quel|quello|quella|quei|quegli|quelle)\s*(?!(?:anno|anni"
        r"|settimana|mese|giorno|sera|volta|domanda|momento|periodo|estate|inverno)\b)\w+|"
        + _role(
            "il|lo|la|l['’]|i|gli|le",
            _ITALIAN_ROLES,
            r"di|del|dello|della|dei|degli|delle|che|chiamat[oa]",
        ),
        possessive=r"suo|sua|suoi|sue",
        subjectless=_PAST_VERB["it"],
        determiner=r"il|lo|la|i|gli|le|un|una|uno|l['’]",
    ),
    "pt": _Language(
        cues=r"quem|que|onde|quando|como|porque|qual|quais|quant[oa]s?|e|foi|era|o|a|os|as|do|da|dos|das|de|um"
        r"|uma|no|na|ele|ela|dele|dela|seu|sua|se|com|para|por|nao|em|nasceu",
        refers=r"\b(?:ele|ela|eles|elas|dele|dela|deles|delas|nele|nela|seu|sua|seus|suas|lhe|lhes)\b|"
        + _role(
            "o|a|os|as|este|estes|estas|esse|essa|esses|essas|aquele|aquela",
            _PORTUGUESE_ROLES,
            r"de|do|da|dos|das|que|quem|chamad[oa]",
        ),
        possessive=r"seu|sua|seus|suas",
        subjectless=_PAST_VERB["pt"],
        determiner=r"o|os|as|um|uma",
    ),
    "pl": _Language(
        cues=r"kto|co|gdzie|kiedy|jak|dlaczego|czy|jaki\w*|jak\w*|ktor\w*|jest|byl\w*|się|sie|w|z|i|na|do|nie"
        r"|on|ona|jego|jej|go|mu|ich|ile|ten|ta|tego|tej|kogo|kim",
        refers=r"\b(?:on|ona|ono|oni|jego|jej|go|mu|jemu|niego|niej|nia|nim|nimi|ich|im|nich|niemu)\b"
        r"|\b(?:ten|ta|tego|tej|temu|tym|te|tę|tą|tych)\s+(?!(?:rok\w*|tydzie\w*|tygodni\w*|miesi\w*|dzie\w*"
        r"|dnia|czas\w*|raz\w*|sposob\w*|pytani\w*|lat\w*)\b)\w+",
        possessive=r"jego|jej|ich",
        subjectless=_PAST_VERB["pl"],
    ),
    "ru": _Language(
        cues="",
        refers=r"\b(?:он|она|оно|они|его|ее|ему|еи|него|нее|нему|неи|ним|ними|них|их|им)\b"
        r"|\b(?:этот|эта|этого|этои|этому|этим|эту|этих|эти|тот|того|тои)\s+(?!(?:год\w*|недел\w*|месяц\w*"
        r"|день|дня|раз\w*|время|времени|вопрос\w*|момент\w*)\b)\w+",
        possessive=r"его|ее|их",
        subjectless=_PAST_VERB["ru"],
    ),
    "zh": _Language(
        cues="",
        refers=r"(?<!其)(?<!吉)(?<!利)(?<!排)[他她它](?![人国乡者])|[这那该此](?:位|个人|名|部|本|首|家|人)",
        subjectless=r"^\W*(?:在哪|哪一?年|什么时候|何时|和谁|跟谁|与谁)[^。]*(?:出生|去世|逝世|结婚|毕业|获得|发表|出版"
        r"|写|创作|导演|发现|成立|创立|创办|当选|学习|就读|长大|住|生活|工作|任职|担任|发明|嫁|娶)",
    ),
    "ja": _Language(
        cues="",
        refers=r"彼(?!岸)|同氏|(?:この|その|あの)(?:人|方|作家|作者|女性|男性|歌手|俳優|女優|本|映画|小説|作品|会社"
        r"|バンド|グループ|政治家|科学者|人物)",
        subjectless=r"^[^はがも]*(?:ました|でした)(?:か|\s*[?？])",
    ),
}
"""The languages alu reads a follow-up in besides English (those requests are written in most often: see
alu.decode's), each by its pronouns, its roles and, where it drops the subject, its verbs."""
_CUES = {code: re.compile(rf"\b(?:{lang.cues})\b") for code, lang in _LANGUAGES.items() if lang.cues}
_ENGLISH_CUES = re.compile(
    r"\b(?:the|what|who|where|when|which|why|how|is|was|are|were|did|does|do|of|and|an|in|to|he|she|his|her"
    r"|they|it|you|with|born)\b"
)
_FORMAL_YOU = re.compile(r"(?<![.!?¿¡:]\s)(?<!^)\b(?:Sie|Ihr|Ihre[mnrs]?|Ihnen)\b")
"""German's polite 'you', written capitalised within a sentence ('Können Sie mir sagen...'), is no 'she'."""
_CAPITALISED = re.compile(r"(?<![.?!¿¡]\s)(?<!^)(?<![¿¡\"'«“‘])\b[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w'’-]+")
"""A name (or, in German, any noun) past a sentence's first word."""


def _fold(text: str) -> str:
    """Lower case without accents, one character for each ('Qu'a-t-elle étudié' -> "qu'a-t-elle etudie"),
    so that what matches the folded text can be read in the text as written."""
    return "".join(_fold_one(c) for c in text)


def _fold_one(c: str) -> str:
    folded = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x)).lower()
    return folded if len(folded) == 1 else c


_PREPOSITIONS = frozenset(
    "en de a con por in di da su per tra fra em com sobre para desde hasta durante entre".split()
)
"""A noun after a preposition is not the subject ('¿Qué libros escribió en los años 90?')."""
_COMPILED = {
    code: (
        re.compile(lang.refers),
        re.compile(lang.expletive),
        re.compile(rf"\b(?:{lang.possessive})\b"),
        re.compile(lang.subjectless),
        re.compile(rf"(?:(?P<before>\w+)\s+)?\b(?:{lang.determiner})(?:\s+|(?<=['’]))[^\W\d_]"),
    )
    for code, lang in _LANGUAGES.items()
}
_UNFOLDED = ("zh", "ja")
"""Folding would take the voicing marks off kana ('が' -> 'か')."""


def _languages_of(text: str) -> list[str]:
    """The languages a turn may be in besides English: by script for Russian, Chinese and Japanese, and by
    the most cue words for the others (none when English has as many)."""
    if re.search("[\u3040-\u30ff]", text):
        return ["ja"]
    if re.search("[\u4e00-\u9fff]", text):
        return ["zh"]
    if re.search("[\u0400-\u04ff]", text):
        return ["ru"]
    folded = _fold(text)
    counts = {code: len(cues.findall(folded)) for code, cues in _CUES.items()}
    best = max(counts.values())
    if best == 0 or len(_ENGLISH_CUES.findall(folded)) >= best:
        return []
    return [code for code, n in counts.items() if n == best]


def refers_in_its_language(query: str) -> bool:
    """Whether a turn in another language leans on the conversation: a pronoun ('Wo wurde sie geboren?',
    'Quem era a esposa dele?'), a role of no phrase of its own ("l'autrice", 'questo film'), or a verb whose
    subject it leaves unsaid ('Quale album ha pubblicato nel 2020?')."""
    return any(_refers_in(query, code) for code in _languages_of(query))


def _refers_in(query: str, code: str) -> bool:
    refers, expletive, possessive, subjectless, determiner = _COMPILED[code]
    written = _FORMAL_YOU.sub(lambda m: " " * len(m.group()), query) if code == "de" else query
    folded = expletive.sub(lambda m: " " * len(m.group()), written if code in _UNFOLDED else _fold(written))
    for match in refers.finditer(folded):
        if match.groupdict().get("qualified"):
            continue  # 'el autor del Quijote': a role its question says which of
        if match.groupdict().get("role") and re.match(r"\s+[A-Z]", written[match.end() :]):
            continue
        if (
            possessive.fullmatch(match.group())
            and code != "de"
            and _CAPITALISED.search(written[: match.start()])
        ):
            continue  # its own question's name: '¿Cuál es la capital de Perú y su población?'
        return True
    if code == "es" and re.search(r"(?<!\w)él\b", query.lower()):
        return True  # 'él', which folded is the article
    return _leaves_subject_unsaid(query, code, subjectless, determiner)


def _leaves_subject_unsaid(
    query: str, code: str, subjectless: re.Pattern[str], determiner: re.Pattern[str]
) -> bool:
    """A verb of the past with no subject in a question that names nothing ('¿Con quién se casó?', 'Em que
    ano nasceu?'); not one with a noun of its own ('¿Cuándo terminó la guerra?', '¿Qué pasó en 1989?')."""
    lowered = query.lower()
    if not subjectless.search(lowered) or re.search(rf"\b(?:{_EVENT})\b", lowered):
        return False
    if code in ("zh", "ja"):
        return True
    nouns = determiner.finditer(_fold(query))
    return not (_CAPITALISED.search(query) or any(m.group("before") not in _PREPOSITIONS for m in nouns))
