"""Headless Chromium for the tests, driven by Playwright; skips when it cannot start.

Chromium is Debian's (``.ci/install-chromium`` installs it), never
Playwright's own download. Screenshots go to ``tests/artifacts/`` (not committed).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ATTRIBUTION_TEST_CHROMIUM", "/usr/bin/chromium"))
#: How Chromium must start on these machines: no sandbox as root, and no
#: background connections (the network is closed; they would be refused).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on headless Chromium; the test is skipped, saying why, without one."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (.ci/install-chromium installs Debian's)")
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed (dev extra)"
    )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot of ``page`` as ``tests/artifacts/NAME.png`` and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    return path
