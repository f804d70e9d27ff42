"""Words drawn as ASCII art in a FIGlet font ('figlet', pyfiglet, the `art` package, web banner makers), read
back as their letters.

A drawing hides a name from every check that reads characters: ' _  | |/ _` |' spells nothing. A block of
lines that looks drawn (two lines or more, mostly signs or wide gaps) is read against the fonts of
:data:`FONTS` whose height fits it and that have every sign it uses: letter by letter, each letter's glyph
rendered after the letters read so far (pyfiglet lays glyphs out with each font's own kerning and smushing)
and kept when the drawing begins with that rendering. Only the last column of each row may differ: the
next glyph smushes into it. A beam of the readings that cover the most of the drawing goes on, so a narrow
glyph that fits anywhere ('i', '.') does not crowd out the letter that fits.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import chain, product
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyfiglet

FONTS = (
    "standard", "big", "slant", "small", "banner", "block", "doom", "3x5", "shadow", "script", "lean", "mini",
    "digital", "bubble", "smslant", "smshadow", "smscript", "larry3d", "starwars", "epic", "colossal",
    "isometric1", "ogre", "rectangles", "speed", "stop", "univers", "graffiti", "avatar", "basic", "roman",
    "alphabet", "banner3", "banner4", "5lineoblique", "chunky", "cybermedium", "cybersmall", "cyberlarge",
    "contessa", "cricket", "fuzzy", "gothic", "nancyj", "o8", "puffy", "rounded", "thick", "thin", "twopoint",
    "3-d", "ansi_shadow", "big_money-ne", "georgia11", "calvin_s", "electronic", "modular", "dos_rebel",
    "bloody", "sub-zero", "small_slant",
)  # fmt: skip
"""FIGlet's own fonts and the ones banner makers offer first; pyfiglet ships 571, and reading one costs a
font load (~8 ms) and a search, so a drawing is read in these only."""
LETTERS = string.ascii_lowercase + string.ascii_uppercase + "-'."
BEAM = 8
"""Readings kept at each letter, those covering the most of the drawing first."""
MAX_LETTERS = 40
MAX_BANDS = 4
"""Drawings read together as one name wrapped into bands, each seam a space or none."""
_ROWS = (2, 30)
"""A drawing's height, in rows: fewer are not letters drawn ('mini' draws in two), more are not a name."""
_GAP = re.compile(r"\S {2,}\S")
_PROSE = re.compile(r"[^\W\d_]{2,} [^\W\d_]{2,}|:\s*$")
"""Words written in a row, or a label ('Sure:'): the lines around a drawing, not its rows."""
_LEAD_IN = re.compile(r"^[^\s:][^:]{0,39}: (?=.*\S)")
"""A lead-in on a drawing's first row ('Sure: ' + its first row): the row is what follows it."""


@lru_cache(maxsize=256)
def drawn_texts(text: str) -> tuple[str, ...]:
    """What the drawings in the text spell, one reading per drawing, and the drawings' readings joined when
    there are several (a long name wrapped into bands of rows, between words or inside one: every way).
    Cached: a text is decoded where each of its readings is looked up."""
    if text.count("\n") < _ROWS[0] - 1:
        return ()
    read = [band for _, rows in _drawings(text) for band in _read_block(rows)]
    if not 2 <= len(read) <= MAX_BANDS:
        return tuple(read)
    joins = product(("", " "), repeat=len(read) - 1)  # wrapped between words or inside one
    return (*read, *("".join(chain.from_iterable(zip(read, (*seams, ""), strict=True))) for seams in joins))


def without_drawings(text: str) -> str:
    """The text without the lines of its drawings of three rows or more: read as a drawing, a drawing is
    not also read reversed, shifted or by its lines' first letters (60 readings of a drawing, each decoded,
    cost seconds, and none of them is a drawing any more)."""
    if text.count("\n") < 2:
        return text
    lines = text.split("\n")
    drawn = {n for span, rows in _drawings(text) if len(rows) >= 3 for n in span}
    return "\n".join(line for n, line in enumerate(lines) if n not in drawn) if drawn else text


def _drawings(text: str) -> Iterator[tuple[range, list[str]]]:
    """Runs of consecutive non-blank lines (two at least, at most :data:`_ROWS`), without a lead-in and the
    prose lines that open or close them, most of which look drawn: most of their characters are signs, or they
    have two gaps of two spaces or more between marks. Each with the numbers of its lines."""
    run: list[str] = []
    first = 0
    for n, line in enumerate([*text.split("\n"), ""]):
        if line.strip():
            if not run:
                first = n
            run.append(line.rstrip() if len(run) else _LEAD_IN.sub("", line.rstrip(), count=1))
            continue
        last = n
        while run and _PROSE.search(run[0]):
            run.pop(0)
            first += 1
        while run and _PROSE.search(run[-1]):
            run.pop()
            last -= 1
        if _ROWS[0] <= len(run) <= _ROWS[1] and 2 * sum(map(_looks_drawn, run)) > len(run):
            yield range(first, last), _common_indent_removed(run)
        run = []


def _looks_drawn(line: str) -> bool:
    marks = line.replace(" ", "")
    signs = sum(not c.isalnum() for c in marks)
    return 2 * signs > len(marks) or len(_GAP.findall(line)) >= 2


def _common_indent_removed(rows: list[str]) -> list[str]:
    indent = min((len(r) - len(r.lstrip(" ")) for r in rows if r.strip()), default=0)
    return [r[indent:] for r in rows]


def _read_block(rows: list[str]) -> list[str]:
    """What the drawing spells, in the first font that reads it: whole, or as bands of the font's height one
    under the other (a name wrapped at 80 columns in a font that draws on every row leaves no blank row
    between its bands)."""
    marks = set("".join(rows)) - {" "}
    for font in FONTS:
        height, signs = _font_outline(font)
        if not height or not marks <= signs:
            continue
        if height >= len(rows):
            reading = _FontReader.of(font).read(rows)
            if reading:
                return [reading]
        elif len(rows) <= MAX_BANDS * height:
            bands = [_common_indent_removed(rows[top : top + height]) for top in range(0, len(rows), height)]
            readings = [_FontReader.of(font).read(band) for band in bands]
            if all(readings):
                return readings
    return []


@cache
def _font_outline(font: str) -> tuple[int, frozenset[str]]:
    """The font's height in rows and every character its file holds, read without laying out its glyphs."""
    import pyfiglet

    try:
        data = pyfiglet.FigletFont.preloadFont(font)
    except pyfiglet.FontNotFound:
        return 0, frozenset()
    return int(data.split("\n", 1)[0].split()[1]), frozenset(data)


class _FontReader:
    """One font's glyphs, and the search that reads a drawing letter by letter."""

    def __init__(self, figlet: pyfiglet.Figlet) -> None:
        font = figlet.Font
        self.figlet = figlet
        self.height: int = font.height
        self.space = max(map(len, font.chars.get(32, [""])), default=0)
        self.glyph_marks = {c: _inner_marks(font, c) for c in LETTERS}

    @staticmethod
    @cache
    def of(font: str) -> _FontReader:
        import pyfiglet

        return _FontReader(pyfiglet.Figlet(font=font, width=1_000_000))

    def read(self, drawing: list[str]) -> str:
        """The letters whose rendering is the drawing, or '' when none is."""
        width = max(map(len, drawing))
        beam: list[tuple[str, list[str]]] = [("", [])]
        for _ in range(MAX_LETTERS):
            grown: dict[tuple[str, ...], str] = {}
            for letters, rows in beam:
                for letter in self._next_letters(drawing, letters, rows):
                    found = self._placed(drawing, width, letters + letter)
                    if found is None:
                        continue
                    if found == drawing:
                        return letters + letter
                    grown.setdefault(tuple(found), letters + letter)
            if not grown:
                return ""
            ranked = sorted(grown.items(), key=lambda item: -_covered(drawing, item[0]))
            beam = [(letters, list(rows)) for rows, letters in ranked[:BEAM]]
        return ""

    def _next_letters(self, drawing: list[str], letters: str, rows: list[str]) -> Iterator[str]:
        """The letters whose glyph is found where the next one would start (a cheap test before rendering);
        a space after a letter."""
        start = max(min(map(len, rows)) - 3, 0) if rows else 0
        end = (max(map(len, rows)) + 2 if rows else 2) + (self.space if letters.endswith(" ") else 0)
        if letters and not letters.endswith(" "):
            yield " "
        tops = range(self.height - len(drawing) + 1)
        for letter in LETTERS:
            marks = self.glyph_marks[letter]
            if marks is not None and any(
                _marks_at(drawing, marks, top, x) for top in tops for x in range(start, end + 1)
            ):
                yield letter

    def _placed(self, drawing: list[str], width: int, letters: str) -> list[str] | None:
        """The rows of the letters' rendering (without the indent they share) that the drawing's rows are,
        when the drawing begins with it: all but the last mark of each row, which the next glyph may smush."""
        rendered = [r.rstrip() for r in self.figlet.renderText(letters).split("\n")][: self.height]
        for top in range(self.height - len(drawing) + 1):
            if any(rendered[:top]) or any(rendered[top + len(drawing) :]):
                continue
            rows = _common_indent_removed(rendered[top : top + len(drawing)])
            if max(map(len, rows)) <= width and all(
                line[:end] == row[:end]
                for line, row in zip(drawing, rows, strict=True)
                if (end := len(row) - 1) > 0
            ):
                return rows
        return None


def _inner_marks(font: pyfiglet.FigletFont, letter: str) -> list[tuple[int, int, str]] | None:
    """The glyph's marks but the first and last of each row (smushing may change those), at (row, column)
    from its top-left mark; None for a glyph the font lacks."""
    rows = [r.replace(font.hardBlank, " ") for r in font.chars.get(ord(letter), [])]
    inked = [x for row in rows for x, c in enumerate(row) if c != " "]
    if not inked:
        return None
    left = min(inked)
    marks = []
    for y, row in enumerate(rows):
        xs = [x for x, c in enumerate(row) if c != " "]
        marks += [(y, x - left, row[x]) for x in xs[1:-1]]
    return marks


def _marks_at(drawing: list[str], marks: list[tuple[int, int, str]], top: int, left: int) -> bool:
    return all(_at(drawing, y - top, left + x) == c for y, x, c in marks)


def _at(drawing: list[str], y: int, x: int) -> str:
    return drawing[y][x] if 0 <= y < len(drawing) and 0 <= x < len(drawing[y]) else ""


def _covered(drawing: list[str], rows: tuple[str, ...]) -> int:
    return sum(len(row) for line, row in zip(drawing, rows, strict=True) if line.startswith(row))
