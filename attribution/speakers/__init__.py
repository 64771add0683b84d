"""Speakers: who each candidate's mention refers to, resolved to the fullest name in the document.

``table`` builds the document's entities from ``names`` (person names),
``people`` (grouping them) and ``organizations``; ``resolver`` resolves mentions.
"""

from attribution.speakers.resolver import resolve_speakers
from attribution.speakers.table import build_entity_table

__all__ = ["build_entity_table", "resolve_speakers"]
