"""Shared fixtures: build real sites in tmp_path with the real pelicanconf.py."""

import textwrap
import weakref
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import tasks

ROOT = Path(__file__).resolve().parents[1]
# The article as scraped from the old portal (a copy of shared/seeds/000_...).
SEED = Path(__file__).parent / "data" / "seed-000_45573ab34af7f165.txt"


@pytest.fixture
def build_site(tmp_path):
    """Write ``files`` under a fresh content dir and build it with the real config.

    ``files`` maps paths relative to content/ to text (dedented) or bytes.
    Returns the output folder. Raises tasks.BuildFailed when the build logs errors.
    """

    def _build(files, **overrides):
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        for relpath, data in files.items():
            target = content / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(textwrap.dedent(data).lstrip(), encoding="utf-8")
        output = tmp_path / "output"
        settings = {
            "PATH": str(content),
            "CACHE_PATH": str(tmp_path / "cache"),
            "SITEURL": "https://example.test",
            "RELATIVE_URLS": False,
            **overrides,
        }
        return tasks.build_site(ROOT / "pelicanconf.py", output, **settings)

    return _build


@pytest.fixture
def read_html():
    """Parse one built page into BeautifulSoup."""

    def _read(path):
        return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")

    return _read


@pytest.fixture(autouse=True)
def _isolate_signal_receivers():
    """Disconnect any receiver a plugin connected during the test.

    Pelican's signals are process-wide: without this, a plugin registered by one
    test would keep running in the next.
    """
    from blinker import NamedSignal
    from pelican.plugins import signals

    all_signals = [s for s in vars(signals).values() if isinstance(s, NamedSignal)]
    before = {s: set(s.receivers) for s in all_signals}
    yield
    for sig in all_signals:
        for receiver_id in set(sig.receivers) - before[sig]:
            receiver = sig.receivers[receiver_id]
            if isinstance(receiver, weakref.ref):
                receiver = receiver()
            if receiver is not None:
                sig.disconnect(receiver)


# Debian's Chromium, driven by Playwright; never a downloaded browser.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session, shared by every browser test module.

    It lives here because a second sync Playwright in the same process fails ("Sync
    API inside the asyncio loop"), so no test module may start its own.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
