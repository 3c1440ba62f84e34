"""Shared fixtures: build real sites in tmp_path with the real pelicanconf.py."""

import os
import textwrap
from contextlib import contextmanager
import weakref
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sitebuild

ROOT = Path(__file__).resolve().parents[1]
# The suite publishes sample content on purpose (test_sample_content.py unsets it to
# see `make publish` refuse): sample_content.ALLOW_VARIABLE.
os.environ.setdefault("ALLOW_SAMPLE_CONTENT", "1")
# The article as scraped from the old portal (a copy of shared/seeds/000_...).
SEED = Path(__file__).parent / "data" / "seed-000_45573ab34af7f165.txt"


@pytest.fixture
def build_site(tmp_path):
    """Write ``files`` under a fresh content dir and build it with the real config.

    ``files`` maps paths relative to content/ to text (dedented) or bytes.
    Returns the output folder. Raises sitebuild.BuildFailed when the build logs errors.
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
        return sitebuild.build_site(ROOT / "pelicanconf.py", output, **settings)

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


@pytest.fixture
def site_settings(tmp_path):
    """The real settings (plugin defaults applied) for a content dir in tmp_path."""
    from content_check.cli import load_settings

    def _settings(**overrides):
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"),
                     **overrides}
        return load_settings(ROOT / "pelicanconf.py", overrides)

    return _settings


def write_files(root, files):
    """Write ``files`` ({relpath: text (dedented) or bytes}) under ``root``."""
    for relpath, data in files.items():
        target = Path(root) / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(textwrap.dedent(data).lstrip(), encoding="utf-8")


def menu_pages():
    """The project's own pages ({"pages/<name>": text}): the main menu (PORTAL_MENU)
    links to them, so a site published without them fails the gate's link check."""
    return {f"pages/{page.name}": page.read_text("utf-8")
            for page in sorted((ROOT / "content/pages").glob("*.md"))}


@pytest.fixture
def tmp_config(tmp_path, monkeypatch):
    """Point the invoke tasks at a copy of pelicanconf.py whose content/ and output/
    are in tmp_path (theme and plugins stay the project's own)."""
    config = tmp_path / "pelicanconf.py"
    config.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8")
                      .replace('THEME = "theme"', f'THEME = "{ROOT / "theme"}"')
                      .replace('PLUGIN_PATHS = ["plugins"]',
                               f'PLUGIN_PATHS = ["{ROOT / "plugins"}"]'),
                      encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    monkeypatch.setitem(sitebuild.project.CONFIG, "settings_dev", config)
    monkeypatch.setitem(sitebuild.project.CONFIG, "output", tmp_path / "output")
    return config


# --- Serving built sites, and the browser that reads them ------------------------------

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    # Without these Chromium calls home at start-up; this machine has no network.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@contextmanager
def served(folder):
    """Serve ``folder`` over HTTP on a free loopback port; yield the origin.

    The folder is read per request, so it may be (re)built after the server starts,
    which lets a site be built with the origin as its SITEURL.
    """
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def settle(page):
    """Wait until ``page`` has what it asked for so far: the load event, its web fonts
    and every image that is not lazily deferred.

    Playwright's "networkidle" (no request for 500 ms) timed out after 30 s on a busy
    2-core CI runner; this waits for the things the tests reason about instead.
    """
    page.wait_for_load_state("load")
    # One evaluated function awaiting the fonts and the pictures, not
    # wait_for_function: its polling evaluates a string, which the site's CSP
    # (no 'unsafe-eval') refuses once the first check fails.
    page.evaluate("""async () => {
        await document.fonts.ready;
        await Promise.all([...document.images]
            .filter(image => image.loading !== 'lazy' && !image.complete)
            .map(image => new Promise(done => {
                image.addEventListener('load', done, {once: true});
                image.addEventListener('error', done, {once: true});
            })));
    }""")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright's sync API allows one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open pages in a fresh context (own localStorage); closed after the test."""
    contexts = []

    def _new_page(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The real content/ built once with the real settings and served over HTTP.

    Built with the server's origin as SITEURL (absolute canonical, Open Graph and
    sitemap URLs, as published). Yields ``output`` (Path), ``origin`` and ``url(path)``.
    """
    import shutil
    from types import SimpleNamespace

    root = tmp_path_factory.mktemp("sample-site")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    output = root / "output"
    output.mkdir()
    with served(output) as origin:
        sitebuild.build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
                         CACHE_PATH=str(root / "cache"), SITEURL=origin,
                         RELATIVE_URLS=False)
        yield SimpleNamespace(output=output, origin=origin,
                              url=lambda path="": f"{origin}/{path}")


@pytest.fixture(scope="session")
def node_modules():
    """The pinned npm checkers (package-lock.json), installed by `npm ci` if missing."""
    import subprocess

    folder = ROOT / "node_modules"
    if not folder.is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return folder


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    """Every attack of tests/security_attacks.py in every field and body of every
    content type, built once with the sanitiser's and the checker's refusals turned
    off (so the output shows what the sanitiser and the escaping made of them), and
    served over HTTP. Yields ``output``, ``origin``, ``url(path)`` and ``warnings``
    (what the build said it removed)."""
    import logging
    from types import SimpleNamespace

    from security_attacks import hostile_files

    root = tmp_path_factory.mktemp("hostile-site")
    write_files(root / "content", hostile_files())
    output = root / "output"
    output.mkdir()
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logging.getLogger("editor_html").addHandler(handler)
    try:
        with served(output) as origin:
            sitebuild.build_site(ROOT / "pelicanconf.py", output,
                             PATH=str(root / "content"), CACHE_PATH=str(root / "cache"),
                             SITEURL=origin, RELATIVE_URLS=False,
                             EDITOR_HTML_REFUSE=False, CHECK_IN_BUILD=False,
                             QA_FIELDS=["Sở hữu trí tuệ"])
            yield SimpleNamespace(output=output, origin=origin, warnings=records,
                                  url=lambda path="": f"{origin}/{path}")
    finally:
        logging.getLogger("editor_html").removeHandler(handler)


# The feedback tests' databases: one throw-away PostgreSQL cluster per test session
# (per worker), shared by every module that asks for it.
from feedback_helpers import database_url, postgres_cluster  # noqa: E402, F401
