"""Helpers for the deploy tests and bench/publish.py: stamped releases, readers."""

import gzip
import http.client
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]


def stamped_theme(folder, stamp):
    """A copy of the theme whose pages and CSS say which release they belong to."""
    if not folder.exists():
        shutil.copytree(ROOT / "theme", folder)
        base_html = folder / "templates/base.html"
        base_html.write_text(base_html.read_text().replace(
            "<head>", f'<head>\n  <meta name="release" content="{stamp}">', 1))
        with (folder / "static/css/base.css").open("a") as css:
            css.write(f"\n/* release: {stamp} */\n")
    return folder


# As stamped_theme writes them and base.html links the stylesheet.
_RELEASE_META = re.compile(rb'<meta name="release" content="(\w+)">')
_STYLESHEET = re.compile(rb'<link rel="stylesheet" href="([^"]+)"')


def release_of(html_bytes):
    page = BeautifulSoup(html_bytes, "html.parser")
    meta = page.find("meta", attrs={"name": "release"})
    return meta["content"] if meta else None


def get(server, path, headers=None):
    """(status, headers, body) of one request; body decompressed if gzip."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def path_of(url):
    """The path of a (possibly absolute) URL: readers talk to nginx on 127.0.0.1."""
    return urlsplit(url).path


class Reader(threading.Thread):
    """Fetches a page then its stylesheet, over and over, and checks both agree."""

    def __init__(self, server, paths, stop_event, max_seconds=300):
        super().__init__(daemon=True)
        self.server, self.paths, self.stop_event = server, paths, stop_event
        self.max_seconds = max_seconds  # a bound, should the test never stop us
        self.requests = 0
        self.errors = []  # (path, status or exception)
        self.mixed = []  # (page release, stylesheet release)
        self.releases_seen = set()
        self.last_release = None

    def run(self):
        deadline = time.monotonic() + self.max_seconds
        round_number = 0
        while not self.stop_event.is_set() and time.monotonic() < deadline:
            path = self.paths[round_number % len(self.paths)]
            round_number += 1
            try:
                self.read(path)
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                self.errors.append((path, repr(error)))

    def read(self, path):
        headers = {"Accept-Encoding": "gzip"} if self.requests % 2 else {}
        status, response_headers, body = self.fetch(path, headers)
        if status != 200:
            self.errors.append((path, status))
            return
        # Readers share the GIL with the publish under test: a regex, not a parser.
        page_release = _RELEASE_META.search(body)[1].decode()
        stylesheet = _STYLESHEET.search(body)[1].decode()
        status, _, css = self.fetch(path_of(stylesheet), headers)
        if status != 200:
            self.errors.append((stylesheet, status))
            return
        css_release = re.search(rb"release: (\w+)", css)[1].decode()
        self.releases_seen.add(page_release)
        self.last_release = page_release
        if css_release != page_release:
            self.mixed.append((page_release, css_release))

    def fetch(self, path, headers):
        self.requests += 1
        status, response_headers, body = get(self.server, path, headers)
        if response_headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return status, response_headers, body


def wait_until_read(readers, release, seconds=30):
    """Wait until a reader has just read ``release``, so readers span every switch."""
    deadline = time.monotonic() + seconds
    while not any(reader.last_release == release for reader in readers):
        if time.monotonic() > deadline:
            errors = [e for reader in readers for e in reader.errors][:5]
            state = [(r.is_alive(), r.requests, r.last_release) for r in readers]
            raise AssertionError(f"no reader saw release {release} within {seconds} s;"
                                 f" readers (alive, requests, last): {state};"
                                 f" errors: {errors}")
        time.sleep(0.01)
