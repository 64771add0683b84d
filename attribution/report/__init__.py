"""``attribution report``: one self-contained HTML file of charts and tables.

Needs the ``report`` extra (matplotlib); ``attribution.report.page`` imports it.
"""
