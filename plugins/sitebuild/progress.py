"""Progress of a long build: the phase and a count, a few updates a second at most.

On a terminal, one rich status line that updates in place ("Đọc nội dung
12.340/20.000"); elsewhere (CI logs, a pipe), a plain line when a phase starts and
then every ``PLAIN_EVERY`` seconds, so a log shows the build is alive without
thousands of lines. :func:`build_progress` follows a Pelican run through its
signals: files read (``content_object_init``, out of the Markdown files under
PATH) and pages written (``content_written``).
"""

import contextlib
import sys
import time

from pelican import signals
from pelican.contents import Static

# Plain lines: at most one every this many seconds per phase (and its last count).
PLAIN_EVERY = 5.0
# rich: redraws a second.
REFRESH_PER_SECOND = 4


class Progress:
    """Phases with a count (and a total when known), shown on ``stream``."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.live = self.stream.isatty()
        self.phase, self.count, self.total, self.shown_at = None, 0, None, 0.0
        self._rich = None
        self._last_line = None

    def start(self, phase, total=None):
        """Begin ``phase`` (a Vietnamese verb phrase); the previous one is done.

        Shown from its first step on (``advance``).
        """
        self._finish_phase()
        self.phase, self.count, self.total = phase, 0, total
        self.shown_at = 0.0

    def advance(self, steps=1):
        self.count += steps
        self._show(force=self.count == steps)

    def close(self):
        self._finish_phase()
        if self._rich is not None:
            self._rich.stop()
            self._rich = None

    def text(self):
        if self.total:
            return f"{self.phase} {self.count:,}/{self.total:,}".replace(",", ".")
        return f"{self.phase} {self.count:,}".replace(",", ".")

    def _finish_phase(self):
        if self.phase is not None and not self.live:
            self._write_line()  # the final count of the phase
        self.phase = None

    def _show(self, force=False):
        now = time.monotonic()
        if self.live:
            if self._rich is None:
                from rich.console import Console
                from rich.status import Status

                self._rich = Status("", console=Console(file=self.stream),
                                    refresh_per_second=REFRESH_PER_SECOND)
                self._rich.start()
            # rich redraws on its own clock; updating the text costs nothing.
            self._rich.update(self.text())
        elif force or now - self.shown_at >= PLAIN_EVERY:
            self._write_line()
            self.shown_at = now

    def _write_line(self):
        line = self.text()
        if line != self._last_line:  # a phase that ended where it was last shown
            self.stream.write(line + "\n")
            self.stream.flush()
            self._last_line = line


def markdown_files(content_root):
    """How many Markdown files Pelican will read under ``content_root``."""
    from pathlib import Path

    return sum(1 for _ in Path(content_root).rglob("*.md"))


@contextlib.contextmanager
def build_progress(settings, stream=None):
    """Show reading and writing progress while a Pelican run happens in the block."""
    progress = Progress(stream)
    state = {"phase": None}

    def read_one(content):
        if isinstance(content, Static):  # pictures and PDFs: not in the total
            return
        if state["phase"] != "read":
            state["phase"] = "read"
            progress.start("Đọc nội dung", markdown_files(settings["PATH"]))
        progress.advance()

    def wrote_one(path, context=None):
        if state["phase"] != "write":
            state["phase"] = "write"
            progress.start("Ghi trang")
        progress.advance()

    with signals.content_object_init.connected_to(read_one), \
            signals.content_written.connected_to(wrote_one):
        try:
            yield progress
        finally:
            progress.close()
