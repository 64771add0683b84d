"""``attribution serve``: Datasette on the quote database, read-only.

Needs the ``serve`` extra (Datasette); ``attribution.serve.app`` imports it.
"""
