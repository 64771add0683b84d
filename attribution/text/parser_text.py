"""The text handed to spaCy: odd whitespace as plain spaces, same offsets."""

from __future__ import annotations

import re

from attribution.rules.marks import parser_marks
from attribution.text.paragraphs import paragraph_spans


#: Whitespace the tokenizer would keep as tokens of their own (``parser_text``).
PARSER_SPACES = re.compile("[\t\r\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
LINE_BREAK = re.compile("\n")
#: An opening single mark typed for the apostrophe of a possessive (``Schumer‘s flip phone``).
MISTYPED_POSSESSIVE = re.compile("(?<=[^\\W\\d_])\u2018(?=s\\b)")


def parser_text(text: str) -> str:
    """``text`` as spaCy should parse it: the same length, every character where it was.

    spaCy's tokenizer splits on plain spaces only; any other whitespace (a
    no-break space, a tab, ``\\r``, a byte-order mark, a wrapped line's break)
    becomes a token of its own and changes the parse and the entities around
    it. Those characters become plain spaces here; the line breaks between
    paragraphs stay. Quotation marks the English models misparse (guillemets)
    become the curly marks they know (``parser_marks``), and an opening single
    mark typed for a possessive's apostrophe becomes the apostrophe. Offsets into the
    result are offsets into ``text``, so a caller parses this and reads the
    quote strings from ``text``.
    """
    spaced = PARSER_SPACES.sub(lambda m: " " * len(m.group()), text)
    chars = list(MISTYPED_POSSESSIVE.sub("\u2019", spaced).translate(parser_marks()))
    for start, end in paragraph_spans(text):
        for match in LINE_BREAK.finditer(text, start, end):
            chars[match.start()] = " "
    return "".join(chars)
