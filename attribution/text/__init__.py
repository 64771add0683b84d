"""Plain text, no spaCy: paragraphs, quotation-mark spans and the text handed to the parser.

Every function works with offsets into the original text and never shifts them.
"""
