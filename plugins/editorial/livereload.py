"""Live preview: rebuild on every change, reload the browser, show what readers see.

``invoke serve`` (``make serve``) serves output/ on 127.0.0.1 and watches content/,
theme/ and the settings with watchfiles. Each change runs the safe build: a clean
build replaces output/ and bumps a build number; a failing build prints its errors
in the terminal, output/ keeps the last good build, still served, and every page
then opens with the errors (file:line) in a box at its top until a build succeeds.

The server answers as nginx does for readers (deploy/nginx/site.conf): the same
Content-Security-Policy and security headers (read from that file, not copied), the
site's own 404.html for a missing page, no folder listings, and the date picker's
GET query redirected to the day's page (``archives.picker_redirect``).

The browser side is a script file served by this server only (``/__livereload.js``,
a file so the CSP allows it; never written into output/): it polls ``/__build-id``
once a second and reloads when the build number or the failure count changes. No
other host is contacted. Plugin code is not reloaded: restart after editing plugins/.
"""

import logging
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from archives.archives import DEFAULTS as ARCHIVE_DEFAULTS
from archives.archives import picker_redirect
from markupsafe import Markup
from releases import security_headers

BUILD_ID_PATH = "/__build-id"
SCRIPT_PATH = "/__livereload.js"
STYLE_PATH = "/__livereload.css"
SCRIPT = (
    "/* livereload (make serve only) */(function(){var id=null;"
    "setInterval(function(){fetch('" + BUILD_ID_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text()}).then(function(t){"
    "if(id!==null&&t!==id){location.reload()}id=t}).catch(function(){})},1000)"
    "})();\n"
)
# Messages quote long paths and addresses with no space to break at: they wrap
# anywhere rather than push the box past the right edge of a phone.
STYLE = (
    ".preview-errors{box-sizing:border-box;max-width:100%;margin:0;"
    "padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;"
    "border-bottom:4px solid #b00020;font:1rem/1.5 system-ui,sans-serif;"
    "overflow-wrap:anywhere}"
    ".preview-errors h2{margin:0 0 .5rem;font-size:1.15rem}"
    ".preview-errors ol{margin:0;padding-left:1.5rem}"
    ".preview-errors li{white-space:pre-wrap;overflow-wrap:anywhere;"
    "font-family:ui-monospace,monospace}\n"
)
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'
STYLE_TAG = f'<link rel="stylesheet" href="{STYLE_PATH}">'


@dataclass
class PreviewState:
    """What the server and the watcher share."""

    build_id: int = 0
    failures: int = 0
    last_errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def version(self):
        """Changes on every build, good or failed: the page reloads for both."""
        with self.lock:
            return f"{self.build_id}-{self.failures}"


def error_box(errors):
    """The failed build's errors as HTML, each escaped (they quote editors' text)."""
    items = Markup("").join(Markup("<li>%s</li>") % error for error in errors)
    return Markup(
        '<section class="preview-errors" role="alert" aria-labelledby="preview-errors">'
        '<h2 id="preview-errors">Lần xây dựng gần nhất thất bại (%s lỗi); trang này là '
        "bản tốt trước đó. Sửa rồi lưu lại, trang tự tải lại.</h2><ol>%s</ol></section>"
    ) % (len(errors), items)


def inject(html, errors=(), base=None):
    """``html`` with the reload script (and, after a failed build, the error box).

    ``base``: a ``<base href>`` to add first in ``<head>``.
    """
    if base and "<base " not in html.lower():
        head = html.lower().find("<head")
        if head >= 0:
            start = html.find(">", head) + 1
            html = html[:start] + str(Markup('<base href="%s">') % base) + html[start:]
    lower = html.lower()
    head_end = lower.find("</head>")
    if head_end >= 0:
        html = html[:head_end] + SCRIPT_TAG + STYLE_TAG + html[head_end:]
    else:
        html = SCRIPT_TAG + STYLE_TAG + html
    if errors:
        body = html.lower().find("<body")
        start = html.find(">", body) + 1 if body >= 0 else 0
        html = html[:start] + str(error_box(errors)) + html[start:]
    return html


def preview_build(settings_file, output=None, **overrides):
    """One build of the preview: the same rules as `make html` and publishing, the
    editors' rules (a by-line, image limits) included."""
    from sitebuild.build import build_site

    return build_site(settings_file, output, CHECK_EDITORIAL=True, **overrides)


LEVEL_LABELS = {logging.CRITICAL: "Lỗi", logging.ERROR: "Lỗi",
                logging.WARNING: "Cảnh báo"}


class EditorLogFormatter(logging.Formatter):
    """The preview's log as the checker speaks: Vietnamese, file and line, no level
    names in English and no Python file names."""

    def format(self, record):
        from sitebuild.build import editor_message

        message = record.getMessage()
        error = record.exc_info[1] if record.exc_info else None
        if error is None and message.startswith("Could not process"):
            error = sys.exc_info()[1]  # Pelican logs it while handling the reason
        message = editor_message(message, error)
        label = LEVEL_LABELS.get(record.levelno)
        return f"{label}: {message}" if label else message


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (not when made)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def init_logging():
    """Warnings and errors on stderr through :class:`EditorLogFormatter` only."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(EditorLogFormatter())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def rebuild_once(build, state, failure_type=Exception):
    """Run ``build()``; bump the build id on success, print the errors on failure.

    Returns True when the build succeeded. ``failure_type`` is the exception a
    failed build raises (tasks.BuildFailed); output/ is left alone by the build.
    """
    started = time.monotonic()
    try:
        build()
    except failure_type as failure:
        with state.lock:
            state.failures += 1
            state.last_errors = list(getattr(failure, "errors", [str(failure)]))
        print(f"\nXây dựng thất bại, vẫn phục vụ bản tốt gần nhất "
              f"(lỗi hiện cả trên trang; 'make check' để kiểm tra):\n{failure}",
              flush=True)
        return False
    with state.lock:
        state.build_id += 1
        state.last_errors = []
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    print(f"Đã xây dựng lại (lần {state.build_id}, {seconds} giây).", flush=True)
    return True


def watch_and_rebuild(paths, build, state, stop_event=None, failure_type=Exception):
    """Rebuild each time something under ``paths`` changes, until ``stop_event``."""
    from watchfiles import watch

    existing = [str(p) for p in paths if Path(p).exists()]
    for _changes in watch(*existing, stop_event=stop_event, debounce=300,
                          raise_interrupt=False):
        rebuild_once(build, state, failure_type)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves output/ as nginx would, plus the reload script and the build id."""

    def __init__(self, *args, state, headers, archive_settings, **kwargs):
        self.state = state
        self.extra_headers = headers
        self.archive_settings = archive_settings
        super().__init__(*args, **kwargs)

    def do_GET(self):
        url = urlsplit(self.path)
        own = {BUILD_ID_PATH: (self.state.version, "text/plain; charset=utf-8"),
               SCRIPT_PATH: (lambda: SCRIPT, "text/javascript; charset=utf-8"),
               STYLE_PATH: (lambda: STYLE, "text/css; charset=utf-8")}
        if url.path in own:
            text, content_type = own[url.path]
            return self._send(HTTPStatus.OK, text().encode(), content_type)
        if url.path == "/" + self.archive_settings["ARCHIVE_INDEX_URL"] and url.query:
            target = self._picker_target(url.query)
            if target:
                return self._redirect("/" + target)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url.path.endswith("/"):
            path = path / "index.html"
        if path.is_dir():
            return super().do_GET()  # the usual redirect to "folder/"
        if not path.is_file():
            return self._not_found()
        if path.suffix == ".html":
            return self._send_page(HTTPStatus.OK, path)
        return super().do_GET()

    def _picker_target(self, query):
        values = {name: found[0] for name, found in parse_qs(query).items()}
        root = Path(self.directory)
        return picker_redirect(values, lambda save_as: (root / save_as).is_file(),
                               self.archive_settings)

    def _send_page(self, status, path, base=None):
        with self.state.lock:
            errors = list(self.state.last_errors)
        page = inject(path.read_text(encoding="utf-8", errors="replace"), errors, base)
        return self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        if page.is_file():
            # Development builds link relatively ("./theme/…"): resolve them from
            # the root, where 404.html lives, whatever address was asked for.
            return self._send_page(HTTPStatus.NOT_FOUND, page, base="/")
        return self._send(HTTPStatus.NOT_FOUND, "Không tìm thấy trang.".encode(),
                          "text/plain; charset=utf-8")

    def _redirect(self, location):
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def list_directory(self, path):
        self._not_found()  # nginx lists no folder either

    def end_headers(self):
        for name, value in self.extra_headers:
            self.send_header(name, value)
        super().end_headers()

    def log_request(self, code="-", size="-"):
        if not self.path.startswith(BUILD_ID_PATH):  # one poll a second would flood
            sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {int(code)} "
                             f"{self.command} {self.path}\n")

    def log_error(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] lỗi phục vụ "
                         f"{self.path if hasattr(self, 'path') else ''}: "
                         f"{format % args}\n")


def make_server(directory, state, host="127.0.0.1", port=0, archive_settings=None):
    """A threading HTTP server for ``directory`` (port 0: any free port).

    ``archive_settings`` holds the site's ``ARCHIVE_*`` URL patterns (default: the
    archives plugin's defaults, which deploy/nginx/site.conf uses too).
    """
    handler = partial(PreviewHandler, directory=str(directory), state=state,
                      headers=security_headers(),
                      archive_settings={**ARCHIVE_DEFAULTS, **(archive_settings or {})})
    return ThreadingHTTPServer((host, port), handler)
