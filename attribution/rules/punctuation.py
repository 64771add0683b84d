"""Punctuation classes and the patterns built on them, by what the extractor reads them for."""

from __future__ import annotations

import re


#: Characters after which a mark still counts as being at the start of a word.
OPENING_CONTEXT = "([{<—–-/\u00a0"
#: Punctuation that may follow a closing mark directly.
CLOSING_PUNCT = ",.;:!?)]}…—–-"
SENTENCE_END = {".", "!", "?"}
#: Punctuation a quoted utterance ends with (``"That," he added``).
UTTERANCE_END = ".,!?;:…"
#: Dashes that, right after a closing mark, introduce the speaker (``"…" — X``).
DASH_CHARS = "—–―-"
#: A transcript's speaker label at the start of a quote: ``PENCE:``, ``MR. TRUMP:``.
SPEAKER_LABEL = re.compile(r"((?:[A-Z][A-Z.'’-]+ )?[A-Z][A-Z'’-]+):[ \t\xa0]+")
#: Quotation marks that make a reported clause ``mixed`` when inside it.
QUOTE_MARKS = frozenset('"“”„«»')
OPENING_MARKS = frozenset("“„«")
CLOSING_MARKS = frozenset("”»")
#: Characters cut from either end of a reported span (a byte-order mark and a zero-width space too).
EDGE_PUNCTUATION = " \t\r\n\xa0\ufeff\u200b,;:.!?—–-(["
#: A colon that introduces a quotation (``…of Vladimir Putin: "it's worth …"``).
INTRODUCING_COLON = re.compile(r":[ \t\xa0]*[\"“„«]")
#: A run of whitespace (what ``str.strip`` removes).
LEADING_SPACE = re.compile(r"\s*")
POSSESSIVE_ENDINGS = frozenset({"’s", "'s", "’", "'"})
#: Deletes the punctuation a name's word may hold besides letters (``Holtz-Eakin``, ``O.``, ``O'Reilly``).
NAME_PUNCTUATION = str.maketrans("", "", "-.'’")
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
#: Punctuation that may stand inside a title phrase: "parliament (Duma)".
INNER_PUNCT = frozenset({"(", ")", "-", "–", "&"})
#: Punctuation that closes an apposition: "X, a professor at Y." / "(X, an MP)".
CLAUSE_END = frozenset({".", ";", ":", "!", "?", ")", "—", "–", '"', "”", "»"})
#: Quotation marks trimmed, with whitespace, from both ends of a span before scoring it
#: (``GUIDELINES.md``, "Scoring"; ``attribution.evaluate.matching.trim_span``).
SCORING_TRIMMED_MARKS = "\"'“”„‟«»‘’‚‛‹›「」『』"
#: Spaces and closing marks passed over after a quotation, before its question mark.
AFTER_QUOTE_SKIPPED = ' ”"»'
#: Punctuation that may stand between a quotation's last word and its closing mark.
TRAILING_PUNCT = ".,;:!?"
#: Spaces within a line (no line break).
INLINE_SPACE = " \t\xa0"
#: Tokens a speaker mention does not extend past, leftwards and rightwards (``noun_phrase``).
MENTION_LEFT_STOPS = frozenset({",", "(", "“", '"', "\n"})
MENTION_RIGHT_STOPS = frozenset({",", ")", "”", '"', "\n"})
#: Marks that, at the start of a paragraph after a colon, open a quotation (single ones too).
PARAGRAPH_QUOTE_OPENERS = QUOTE_MARKS | {"'", "‘"}
#: Punctuation after which a lower-case quoted fragment stands mid-sentence.
FRAGMENT_JOINING_PUNCT = frozenset({",", ":"})
#: Tokenizer infixes for a comma with no space after it between a word and a number
#: (``Khaled Belkacemi,60``), which the model's own infixes leave as one token.
MISSING_SPACE_INFIXES = (r"(?<=[^\W\d_]),(?=\d)",)
