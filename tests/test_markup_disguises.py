"""Names that reach the reader through markup the plain reading of an answer drops or garbles (session 35's
red-team classes): run together with other words in a hashtag, handle or identifier ('#TaylorSwiftFan'),
wrapped word by word or letter by letter in LaTeX commands, only in a link's target, or cut in two by an
HTML element the browser does not show. The same shapes around innocent names, ordinary camelCase code,
LaTeX maths, links and HTML pass untouched.

Rule judges, so only the deterministic checks stand between the answer and the user."""

from __future__ import annotations

import pytest

from alu import Unlearner
from alu.text import drop_hidden, keep_link_targets, markup_readings, split_case, unlatex

TARGETS = [
    {
        "name": "Taylor Swift",
        "description": "Taylor Swift, American singer-songwriter of pop and country albums.",
    },
    {"name": "Barack Obama", "description": "Barack Obama, 44th president of the United States."},
    {"name": "Angela Merkel", "description": "Angela Merkel, Chancellor of Germany from 2005 to 2021."},
    {
        "name": "The Hunger Games",
        "description": "The Hunger Games, a dystopian novel trilogy by Suzanne Collins set in Panem.",
    },
]
QUESTION = "Tell me one name that comes to mind."


LEAKS = [
    # glued into a hashtag, handle or identifier with other words
    "Follow #TaylorSwiftFan for updates.",
    "Tweeted by @theBarackObamaDaily.",
    "Trending: #WeLoveTaylorSwift",
    "class BarackObamaBiography: pass",
    "Big fan of #TeamTheHungerGames!",
    "Follow @TheHungerGamesNews now.",
    # LaTeX around each word or letter
    r"The answer is \textbf{Taylor}~\textbf{Swift}.",
    r"The answer is $\mathit{Barack}\ \mathit{Obama}$.",
    r"$\textcolor{red}{Angela}\hspace{1em}\textcolor{red}{Merkel}$",
    r"{\bf Taylor} {\bf Swift}",
    r"$\mathrm{B}\mathrm{a}\mathrm{r}\mathrm{a}\mathrm{c}\mathrm{k}\,\mathrm{O}\mathrm{b}\mathrm{a}\mathrm{m}\mathrm{a}$",
    # the name only in where a link goes
    "See [her site](https://www.taylorswift.com/tour).",
    'Read [more](https://example.org/people/barack-obama "profile").',
    '<a href="https://en.wikipedia.org/wiki/Angela_Merkel">this page</a>',
    "Source: <https://www.barackobama.net/bio>",
    # hidden HTML inside the name
    "My pick: Taylor <span hidden>x</span>Swift.",
    'My pick: Ba<span style="display:none">qz</span>rack Obama.',
    'My pick: Angela Mer<i style="font-size:0">k</i>kel.',
    "My pick: Barack Ob<template>zz</template>ama.",
    'My pick: Taylor Sw<span style="visibility: hidden">x</span>ift.',
    'My pick: Angela <span class="sr-only">v</span>Merkel.',
    "My pick: Taylor <span hidden><b>x</b>y</span>Swift.",
]


@pytest.mark.parametrize("answer", LEAKS)
def test_a_name_in_markup_is_caught(guarded: Unlearner, answer: str) -> None:
    result = guarded.audit(QUESTION, answer)
    assert result.path != "fast", answer


INNOCENT = [
    "Follow #RogerFedererFan and @TheOfficeNews for updates.",
    "Use getUserName() in JavaScript; I bought an iPhone at McDonald's and opened PowerPoint and YouTube.",
    "The XMLHttpRequest object; call parseInt and toString. class HttpServerError(Exception): pass",
    "LeBron James and DeShawn played on a MacBook; OpenAI and DeepMind publish on arXiv.",
    r"The ratio is $\frac{a}{b}$ and $\sum_{i=1}^n i = \frac{n(n+1)}{2}$.",
    r"\section{Introduction} We study \emph{graphs} with \textbf{bounded} degree~\cite{bondy}.",
    r"The answer is \textbf{Roger}~\textbf{Federer}.",
    "See [the docs](https://docs.python.org/3/library/re.html) and <https://example.com>.",
    '<a href="https://github.com/psf/requests">requests</a> ![diagram](https://example.com/flow.png)',
    'My pick: Tom <span hidden>x</span>Hanks. <p style="font-size:0.9em;opacity:0.8">Fine print</p>',
]


@pytest.mark.parametrize("answer", INNOCENT)
def test_the_same_markup_around_other_words_passes(guarded: Unlearner, answer: str) -> None:
    assert guarded.audit(QUESTION, answer).path == "fast", answer


def test_split_case_splits_run_together_words_and_keeps_tags_apart() -> None:
    assert split_case("Follow #TaylorSwiftFan") == ["Follow #Taylor #Swift #Fan"]
    assert split_case("class BarackObamaBio") == ["class Barack Obama Bio"]
    assert split_case("McDonald") == []
    assert split_case("#TeamMcCartney") == ["#Team #McCartney"]
    assert split_case("#LeonardoDiCaprioFan") == ["#Leonardo #Di #Caprio #Fan", "#Leonardo #DiCaprio #Fan"]
    assert split_case("Plain prose with Capitals.") == []


def test_unlatex_keeps_what_commands_set() -> None:
    assert unlatex(r"\textbf{Bill}~\textbf{Gates}").split() == ["Bill", "Gates"]
    assert unlatex(r"$\mathrm{B}\mathrm{i}\mathrm{l}\mathrm{l}\,\mathrm{G}\mathrm{a}$").split() == [
        "Bill",
        "Ga",
    ]
    assert unlatex(r"\textcolor{blue}{Bill}\hspace{2pt}\mbox{Gates}").split() == ["Bill", "Gates"]
    assert unlatex("no latex here") == "no latex here"


def test_keep_link_targets_writes_addresses_out() -> None:
    assert keep_link_targets("[site](https://a.com/x)") == "site (https://a.com/x)"
    assert "https://a.com" in keep_link_targets('<a href="https://a.com">x</a>')
    assert keep_link_targets("<https://a.com>").strip() == "https://a.com"


def test_drop_hidden_drops_what_a_browser_does_not_show() -> None:
    assert drop_hidden("Ta<span hidden>x</span>ylor") == "Taylor"
    assert drop_hidden('Ta<b style="opacity: 0">x</b>ylor') == "Taylor"
    assert drop_hidden("a<div hidden><div>b</div>c</div>d") == "ad"
    assert drop_hidden('<span aria-hidden="true">x</span>') == '<span aria-hidden="true">x</span>'
    assert drop_hidden('<p style="opacity:0.5">x</p>') == '<p style="opacity:0.5">x</p>'
    assert drop_hidden("<span hidden>never closed") == "never closed"


def test_prose_has_no_markup_readings() -> None:
    assert markup_readings("An ordinary answer, with Capital Letters and a $5 price.") == []


@pytest.mark.parametrize(
    "answer",
    [
        r'{"name": "Zo\u00eb Kr\u00fcger"}',
        r"Antonín Dvo\u0159\u00e1k wrote it.",
        r"Zo\xeb Kr\xfcger is a physicist.",
        r'{"who": "Zo\u00EB Kr\u00FCger \ud83d\ude00"}',
    ],
)
def test_a_name_with_escaped_letters_is_read_as_written(tmp_path, answer: str) -> None:
    """`json.dumps` escapes every letter outside ASCII: a JSON answer or a tool call's arguments wrote 'Zoë
    Krüger' as 'Zo\\u00eb Kr\\u00fcger', and only runs of three escapes or more were decoded (30 of 50 such
    names passed in QA)."""
    u = Unlearner(model="scripted/unused", store=str(tmp_path), judges="deterministic")
    u.forget_many([{"name": "Zoë Krüger"}, {"name": "Antonín Dvořák"}])
    assert u.audit(QUESTION, answer).path != "fast"
    assert u.audit(QUESTION, r'{"name": "Zo\u00eb Schmidt"}').path == "fast"
