"""Reading articles: text and HTML files, JSON Lines, web archives, directories, standard input.

``iter_inputs`` turns command-line paths into a stream of ``Document``,
``InputError`` or ``SkippedRecord`` items. It never raises for a bad input:
an unreadable, binary, empty or malformed one becomes an ``InputError``
with a message a person understands, and the stream goes on. A web archive
record that is no web page (an image, a redirect ...) is a ``SkippedRecord``.

A file's name tells its kind: ``.txt`` (one article), ``.jsonl``/``.ndjson``
(one article a line), ``.html``/``.htm`` (one page), ``.warc`` (a web
archive), each also gzip-compressed with ``.gz`` added (``.warc.gz``).
"""

from attribution.inputs.files import count_input_files, iter_inputs, suffix_kind
from attribution.inputs.items import InputError, InputFormat, InputItem, SkippedRecord
from attribution.inputs.text import decode_text

__all__ = [
    "InputError",
    "InputFormat",
    "InputItem",
    "SkippedRecord",
    "count_input_files",
    "decode_text",
    "iter_inputs",
    "suffix_kind",
]
