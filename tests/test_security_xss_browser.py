"""Escaping and sanitising in a real browser: the hostile site (every attack in
every field and body of every content type, built with the refusals turned off) is
opened in headless Chromium with the shipped Content-Security-Policy and without
one (the preview server and a saved page have none). Nothing may open a dialog,
navigate to another host or send a request to another host, even when the editor's
HTML gets the events (mouse over, click, focus, ...) an attack waits for.

A control page with the unsanitised attacks proves the harness sees each of the
three when it happens.
"""

import contextlib
import re
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, served
from security_attacks import BODY_ATTACKS

ARTICLE = "tin-tuc/2020/02/tan-cong/"
# One page of each template that shows editor content (category and day pages use
# the listing's partials, as tin-tuc/ does).
PAGES = [
    ARTICLE, "tin-tuc/2020/02/ma-hoa/", "tin-tuc/", "", "hoi-dap/hoi-tan-cong/",
    "hoi-dap/", "ban-tin/2020/so-1/", "ban-tin/", "trang-tan-cong/",
    "nhiem-vu/nhiem-vu-tan-cong/", "nhiem-vu/thong-bao/thong-bao-tan-cong/",
    "tim-kiem/?q=alert",
]
# Where editor HTML lands on the pages: every element there gets the events an
# attack waits for (what a reader's mouse, keyboard and clicks would send). Plain
# Events, not MouseEvents, so that a click runs handlers without following links.
EDITOR_HTML = (".prose *, .qa-answer-body *, .bulletin-intro *, .document-body *, "
               ".summary, .byline")
FIRE_EVENTS = """selector => {
  const types = ["mouseover", "mouseenter", "mousemove", "mousedown", "click",
                 "focus", "focusin", "toggle", "load", "error", "animationstart"];
  for (const element of document.querySelectorAll(selector)) {
    for (const type of types) element.dispatchEvent(new Event(type));
  }
}"""


def shipped_csp():
    conf = (ROOT / "deploy/nginx/site.conf").read_text(encoding="utf-8")
    return re.search(r'add_header Content-Security-Policy "([^"]+)"', conf)[1]


class Watch:
    """Dialogs, foreign requests and foreign navigations of one page."""

    def __init__(self, page, origin, csp):
        self.dialogs, self.foreign, self.navigations = [], [], []
        self.host = urlsplit(origin).netloc
        page.on("dialog", self._dialog)
        page.on("framenavigated", self._navigated)
        page.on("popup", lambda popup: self.navigations.append(popup.url))
        page.route("**/*", lambda route: self._route(route, csp))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _navigated(self, frame):
        parts = urlsplit(frame.url)
        web = parts.scheme in ("http", "https")
        if (web and parts.netloc != self.host) or (
                not web and parts.scheme not in ("about", "")):
            self.navigations.append(frame.url)

    def _route(self, route, csp):
        if urlsplit(route.request.url).netloc != self.host:
            self.foreign.append(route.request.url)
            route.abort()
        elif csp and route.request.resource_type == "document":
            response = route.fetch()
            route.fulfill(response=response,
                          headers={**response.headers, "content-security-policy": csp})
        else:
            route.continue_()

    @property
    def everything(self):
        return {"dialogs": self.dialogs, "requests": self.foreign,
                "navigations": self.navigations}


def visit(browser, url, origin, csp):
    """Open ``url``, fire events at the editor's HTML; return what was seen."""
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(page, origin, csp)
        page.goto(url, wait_until="load")
        if "tim-kiem" in url:
            page.wait_for_selector("[data-search-results] li", timeout=10_000)
        # The page may have navigated away already (the watch has seen it).
        with contextlib.suppress(Exception):
            page.evaluate(FIRE_EVENTS, EDITOR_HTML)
        page.wait_for_timeout(300)  # meta refresh 0, timers, late onerror
        return watch.everything
    finally:
        context.close()


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
@pytest.mark.parametrize("path", PAGES)
def test_hostile_content_runs_nothing(browser, hostile_site, path, csp):
    seen = visit(browser, hostile_site.url(path), hostile_site.origin,
                 shipped_csp() if csp else None)
    assert seen == {"dialogs": [], "requests": [], "navigations": []}


def test_search_shows_hostile_titles_as_text(browser, hostile_site):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(hostile_site.url("tim-kiem/?q=alert"))
        page.wait_for_selector("[data-search-results] li", timeout=10_000)
        text = page.inner_text("[data-search-results]")
        assert "<script>alert(101)</script>" in text
        assert page.evaluate(
            "document.querySelectorAll('[data-search-results] script, "
            "[data-search-results] img[onerror]').length") == 0
    finally:
        context.close()


def test_the_harness_sees_a_dialog_a_request_and_a_navigation(browser, tmp_path):
    """Control: the same harness on the raw attacks, without sanitising or CSP."""
    raw = dict((name, html) for name, html, _ in BODY_ATTACKS)
    (tmp_path / "dialog.html").write_text(
        "<!DOCTYPE html><p class=summary>" + raw["img-onerror-charcode"] + "</p>",
        encoding="utf-8")
    (tmp_path / "request.html").write_text(
        "<!DOCTYPE html><div class=prose>" + raw["external-image"].replace(
            "![Ảnh](", '<img src="').replace(")", '">') + "</div>", encoding="utf-8")
    (tmp_path / "navigation.html").write_text(
        "<!DOCTYPE html>" + raw["meta-refresh"].replace("https:", "http:"),
        encoding="utf-8")
    (tmp_path / "hover.html").write_text(
        "<!DOCTYPE html><div class=prose>" + raw["anchor-onmouseover"] + "</div>",
        encoding="utf-8")
    with served(tmp_path) as origin:
        seen = {name: visit(browser, f"{origin}/{name}.html", origin, None)
                for name in ("dialog", "request", "navigation", "hover")}
        with_csp = visit(browser, f"{origin}/dialog.html", origin, shipped_csp())
    assert seen["dialog"]["dialogs"]
    assert any("evil.example" in url for url in seen["request"]["requests"])
    assert any("evil.example" in url for url in seen["navigation"]["navigations"]
               + seen["navigation"]["requests"])
    assert seen["hover"]["dialogs"]  # the fired events reach event handlers
    assert with_csp["dialogs"] == []  # the CSP really is applied by the harness
