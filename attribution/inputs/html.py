"""Web pages as documents: the article's main text and metadata, read by trafilatura.

Menus, cookie banners, share buttons, related links, footers and comment
sections are dropped (trafilatura favouring precision). trafilatura writes each block of the article (a
paragraph, a heading, a list item, a line break) on a line of its own; each
non-blank line becomes a paragraph of the document, paragraphs separated by
a blank line, so a quote running over several paragraphs reads as in the
plain-text form of the article. The stored text is this extracted text, so
quote offsets index it, not the HTML.
"""

from __future__ import annotations

from attribution.inputs.binary import binary_kind
from attribution.inputs.items import InputError
from attribution.model import Document

#: Between two paragraphs of an extracted article.
PARAGRAPH_BREAK = "\n\n"
#: A date is the page's publication date from its metadata and markup, never one guessed from
#: its text (the year of a copyright line would become 1 January).
DATE_SEARCH = {"original_date": True, "extensive_search": False}


def html_document(
    page: bytes | str,
    name: str,
    source: str,
    *,
    external_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    default_url: str | None = None,
    default_date: str | None = None,
) -> Document | InputError:
    """The article of ``page``, or the error saying why there is none.

    ``title``, ``url`` and ``published`` given by the caller win over the
    page's own metadata; ``default_url`` and ``default_date`` (a web
    archive's headers) are used only where the page has none.
    """
    what = binary_kind(page) if isinstance(page, bytes) else None
    if what:
        return InputError(name, f"{name}: binary file ({what}), not an HTML page")
    import trafilatura  # here, not at the top: it takes a while to import, and only HTML needs it

    extracted = trafilatura.bare_extraction(
        page,
        url=url or default_url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,  # a page of links and menus has no article, not one made of its menu
        date_extraction_params=DATE_SEARCH,
    )
    text = article_text(extracted.text if extracted is not None else None)
    if not text:
        return InputError(name, f"{name}: no article text found")
    return Document(
        name=name,
        text=text,
        source=source,
        external_id=external_id,
        title=title or extracted.title,
        url=url or extracted.url or default_url,
        published=published or extracted.date or default_date,
        author=extracted.author,
        site_name=extracted.sitename,
    )


def article_text(extracted: str | None) -> str:
    """trafilatura's text with each non-blank line a paragraph, separated by ``PARAGRAPH_BREAK``."""
    lines = (line.strip() for line in (extracted or "").splitlines())
    return PARAGRAPH_BREAK.join(line for line in lines if line)
