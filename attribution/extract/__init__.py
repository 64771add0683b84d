"""The extraction core: a parsed spaCy ``Doc`` in, ``Quote`` dataclasses out."""

from attribution.extract.pipeline import quotes_from_doc

__all__ = ["quotes_from_doc"]
