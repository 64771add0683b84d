"""Datasette hooks of ``attribution serve``: read-only connections, quote links, quote pages.

- every connection to the quote database gets ``PRAGMA query_only``;
- a ``quote_id`` cell (quote_view, canned queries) links to ``/-/quote/ID``;
- ``/-/quote/ID`` shows the quote's document with the quote, and the
  mention of its speaker, highlighted by their offsets.
"""

from __future__ import annotations

from typing import NamedTuple

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

DATABASE = "quotes"

QUOTE_SQL = """SELECT v.*, d.text AS document_text, d.title AS title, d.url AS url,
    d.published AS published
FROM quote_view AS v JOIN documents AS d ON d.id = v.document_id
WHERE v.quote_id = :quote_id"""


class Segment(NamedTuple):
    """A run of document text; ``mark`` is ``quote``, ``speaker`` or None (plain text)."""

    text: str
    mark: str | None


def segments(text: str, quote: tuple[int, int], speaker: tuple[int, int] | None) -> list[Segment]:
    """``text`` cut at the quote span and, if it lies outside the quote, the speaker span."""
    spans = [(*quote, "quote")]
    if speaker is not None and (speaker[1] <= quote[0] or speaker[0] >= quote[1]):
        spans.append((*speaker, "speaker"))
    pieces, position = [], 0
    for start, end, mark in sorted(spans):
        pieces += [Segment(text[position:start], None), Segment(text[start:end], mark)]
        position = end
    pieces.append(Segment(text[position:], None))
    return [piece for piece in pieces if piece.text]


def quote_path(datasette, quote_id: int) -> str:
    """The path of the page showing quote ``quote_id`` in its document."""
    return datasette.urls.path(f"/-/quote/{quote_id}")


@hookimpl
def prepare_connection(conn, database) -> None:
    if database == DATABASE:
        conn.execute("PRAGMA query_only = ON")


@hookimpl
def render_cell(value, column, database, datasette):
    if database == DATABASE and column == "quote_id" and isinstance(value, int):
        return Markup('<a href="{}" title="this quote in its document">{}</a>').format(
            quote_path(datasette, value), value
        )
    return None


async def quote_page(datasette, request) -> Response:
    """The document of one quote, the quote highlighted and scrolled to."""
    quote_id = int(request.url_vars["quote_id"])
    result = await datasette.get_database(DATABASE).execute(QUOTE_SQL, {"quote_id": quote_id})
    row = result.first()
    if row is None:
        raise NotFound(f"no quote with id {quote_id}")
    quote = dict(row)
    speaker = None
    if quote["speaker_start"] is not None:
        speaker = (quote["speaker_start"], quote["speaker_end"])
    context = {
        "quote": quote,
        "segments": segments(quote["document_text"], (quote["start"], quote["end"]), speaker),
        "database": DATABASE,
    }
    html = await datasette.render_template("attribution_quote.html", context, request=request)
    return Response.html(html)


@hookimpl
def register_routes():
    return [(r"^/-/quote/(?P<quote_id>\d+)$", quote_page)]
