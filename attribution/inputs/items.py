"""What reading inputs yields besides documents: errors and skipped archive records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from attribution.model import Document

InputFormat = Literal["auto", "text", "jsonl", "html"]


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read as a document, and why."""

    name: str
    message: str


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A web archive record that is no article (an image, a redirect, a request ...), and what it is."""

    name: str
    reason: str


InputItem = Document | InputError | SkippedRecord
