"""Live preview: rebuild on every change, reload the browser after a good build.

``invoke serve`` (``make serve``) serves output/ on 127.0.0.1 and watches content/,
theme/ and the settings with watchfiles. Each change runs the safe build: a clean
build replaces output/ and bumps a build number; a failing build prints its errors
in the terminal and output/ keeps the last good build, still served.

The browser side is a few lines of JavaScript added to HTML responses by this
server only (never written into output/): it polls ``/__build-id`` once a second
and reloads when the number changes. No other host is contacted. Plugin code is not
reloaded: restart the command after editing plugins/.
"""

import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BUILD_ID_PATH = "/__build-id"
SCRIPT = (
    "<script>/* livereload (make serve only) */(function(){var id=null;"
    "setInterval(function(){fetch('" + BUILD_ID_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text()}).then(function(t){"
    "if(id!==null&&t!==id){location.reload()}id=t}).catch(function(){})},1000)"
    "})();</script>"
)


@dataclass
class PreviewState:
    """What the server and the watcher share."""

    build_id: int = 0
    failures: int = 0
    last_errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def inject_script(html):
    """``html`` with the reload script before ``</body>`` (or at the end)."""
    index = html.lower().rfind("</body>")
    if index < 0:
        return html + SCRIPT
    return html[:index] + SCRIPT + html[index:]


def rebuild_once(build, state, failure_type=Exception):
    """Run ``build()``; bump the build id on success, print the errors on failure.

    Returns True when the build succeeded. ``failure_type`` is the exception a
    failed build raises (tasks.BuildFailed); output/ is left alone by the build.
    """
    try:
        build()
    except failure_type as failure:
        with state.lock:
            state.failures += 1
            state.last_errors = list(getattr(failure, "errors", [str(failure)]))
        print(f"\nXây dựng thất bại, vẫn phục vụ bản tốt gần nhất:\n{failure}",
              flush=True)
        return False
    with state.lock:
        state.build_id += 1
        state.last_errors = []
    print(f"Đã xây dựng lại (lần {state.build_id}).", flush=True)
    return True


def watch_and_rebuild(paths, build, state, stop_event=None, failure_type=Exception):
    """Rebuild each time something under ``paths`` changes, until ``stop_event``."""
    from watchfiles import watch

    existing = [str(p) for p in paths if Path(p).exists()]
    for _changes in watch(*existing, stop_event=stop_event, debounce=300,
                          raise_interrupt=False):
        rebuild_once(build, state, failure_type)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves output/, adding the reload script to HTML and answering the build id."""

    def __init__(self, *args, state, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self):
        if self.path.split("?", 1)[0] == BUILD_ID_PATH:
            return self._send(str(self.state.build_id).encode(), "text/plain")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = inject_script(path.read_text(encoding="utf-8", errors="replace"))
            return self._send(page.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if BUILD_ID_PATH not in self.path:  # one poll a second would flood the log
            super().log_message(format, *args)


def make_server(directory, state, host="127.0.0.1", port=0):
    """A threading HTTP server for ``directory`` (port 0: any free port)."""
    handler = partial(PreviewHandler, directory=str(directory), state=state)
    return ThreadingHTTPServer((host, port), handler)
