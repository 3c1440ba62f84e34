"""How long after an editor saves an article does `make serve` show it? (prints figures)

    .venv/bin/python bench/serve_reload.py 1000          # sample content + 1,000 articles
    .venv/bin/python bench/serve_reload.py 1000 --edits 5

What `invoke serve` does, on a corpus (bench/corpus.py) instead of content/: a first
build, the preview server (editorial.livereload) on 127.0.0.1, the watcher. Debian's
Chromium (Playwright, never a downloaded browser) opens one article; then, for each
edit, one sentence is appended to that article's file and the clock runs until the
page open in the browser shows the sentence (it reloads by itself: the livereload
script polls the build number once a second). Printed per edit: that time, and the
rebuild's own time as the serve command prints it.

Figures only; nothing is asserted. The watcher waits 300 ms for more changes
(debounce) and the page polls once a second: about 0.3-1.3 s of any figure is that.
"""

import argparse
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from corpus import write_news

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    arguments = parser.parse_args()

    from editorial import livereload
    from playwright.sync_api import sync_playwright
    from sitebuild.build import BuildFailed, build_site, init_logging

    init_logging()
    livereload.PreviewHandler.log_request = lambda *args, **kwargs: None
    workdir = Path(tempfile.mkdtemp(prefix="serve-reload-"))
    try:
        content, output, cache = workdir / "content", workdir / "output", workdir / "cache"
        shutil.copytree(ROOT / "content", content)
        paths = write_news(content, arguments.articles)
        edited = paths[len(paths) // 2]
        state = livereload.PreviewState()
        server = livereload.make_server(output.parent / "output", state, "127.0.0.1", 0)
        host, port = server.server_address[:2]

        def rebuild():
            build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
                       CACHE_PATH=str(cache),
                       FEEDS_DEVELOPMENT_SITEURL=f"http://{host}:{port}")

        started = time.perf_counter()
        livereload.rebuild_once(rebuild, state, BuildFailed)
        print(f"{arguments.articles:,} articles: first build "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        stop = threading.Event()
        watcher = threading.Thread(target=livereload.watch_and_rebuild, daemon=True,
                                   args=([content], rebuild, state, stop, BuildFailed))
        watcher.start()
        time.sleep(1)  # the watcher is watching
        slug = re.search(r"^Slug:\s*(\S+)", edited.read_text("utf-8"), re.M)
        page = next(p for p in output.rglob("index.html")
                    if slug and p.parent.name == slug.group(1))
        url = f"http://{host}:{port}/{page.parent.relative_to(output).as_posix()}/"
        figures = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            tab = browser.new_page()
            tab.goto(url)
            for number in range(1, arguments.edits + 1):
                sentence = f"Câu bổ sung số {number} lúc {time.time():.0f}."
                text = edited.read_text("utf-8")
                saved = time.perf_counter()
                edited.write_text(text.rstrip("\n") + f" {sentence}\n", "utf-8")
                tab.wait_for_function("s => document.body.innerText.includes(s)",
                                      arg=sentence, timeout=600_000, polling=100)
                seconds = time.perf_counter() - saved
                figures.append(seconds)
                print(f"  edit {number}: shown in the browser {seconds:.1f} s after "
                      "the save", flush=True)
                time.sleep(1.5)
            browser.close()
        stop.set()
        server.shutdown()
        figures.sort()
        print(f"median {figures[len(figures) // 2]:.1f} s over {len(figures)} edits")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
