"""The extraction core: a parsed spaCy ``Doc`` in, ``Quote`` dataclasses out.

Start at ``attribution.extract.pipeline.quotes_from_doc``. This package
imports nothing on its own, so ``import attribution`` stays cheap.
"""
