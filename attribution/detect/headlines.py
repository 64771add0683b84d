"""Headlines inside an article, which are not quotes (``GUIDELINES.md``, "What is a quote").

Three kinds of paragraph are headlines, not the article's own text:

- the first paragraph, when it is short and others follow (the title);
- a link line: a label from ``rules/link_labels.tsv`` and a colon, then
  another story's headline (``READ MORE: Mayor says the bridge will close``);
- a subheading: a paragraph that is one short quotation whose words end
  without punctuation (``'Not a lot of units available'``), as papers set
  a quote above the section that reports it. A quotation said in the text
  ends its words with a stop, a comma or a question mark.
"""

from __future__ import annotations

from functools import lru_cache
import re

from attribution.model import Candidate
from attribution.rules import load_table
from attribution.rules.punctuation import SCORING_TRIMMED_MARKS, UTTERANCE_END
from attribution.text.paragraphs import paragraph_at


#: A first paragraph with at most this many words is the headline.
MAX_HEADLINE_WORDS = 25
#: A quotation paragraph of at most this many words, without final punctuation, is a subheading.
MAX_SUBHEADING_WORDS = 12


def in_title(text: str, offset: int, paragraph: int) -> bool:
    """True when ``offset``, in paragraph number ``paragraph``, lies in a short first
    paragraph that other paragraphs follow."""
    if paragraph != 0:
        return False
    _, paragraph_end = paragraph_at(text, offset)
    if not text[paragraph_end:].strip():
        return False
    return len(text[:paragraph_end].split()) <= MAX_HEADLINE_WORDS


def drop_headline_quotes(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` without those in a link line or that are a subheading."""
    return [c for c in candidates if not (_in_link_line(text, c) or _is_subheading(text, c))]


@lru_cache(maxsize=None)
def _link_line() -> re.Pattern[str]:
    """A link label and its colon at the start of a paragraph."""
    labels = sorted((label for label, *_ in load_table("link_labels")), key=len, reverse=True)
    return re.compile(r"\s*(?:%s)\s*:" % "|".join(re.escape(label) for label in labels), re.IGNORECASE)


def _in_link_line(text: str, candidate: Candidate) -> bool:
    start, end = paragraph_at(text, candidate.start)
    return _link_line().match(text, start, end) is not None


def _is_subheading(text: str, candidate: Candidate) -> bool:
    """The candidate is a direct quote whose paragraph is nothing but its marks and its
    words, few of them, the last not followed by punctuation."""
    if candidate.type != "direct":
        return False
    start, end = paragraph_at(text, candidate.start)
    before = text[start : candidate.start].strip()
    after = text[candidate.end : end].strip()
    if not before or not after or before.strip(SCORING_TRIMMED_MARKS) or after.strip(SCORING_TRIMMED_MARKS):
        return False
    words = text[candidate.start : candidate.end].rstrip()
    return words[-1:] not in UTTERANCE_END and len(words.split()) <= MAX_SUBHEADING_WORDS
