"""Live preview: a change triggers a rebuild; an error keeps the last good output;
the served pages carry the reload script, output/ never does."""

import threading
import time
import urllib.request

import pytest
from conftest import ROOT, write_files

import tasks
from editorial import livereload

ARTICLE = ("Title: {title}\nDate: 01/02/2020\nCategory: Thanh tra\n"
           "Summary: Tóm.\n\nBài.\n")
PAGE = "tin-tuc/2020/02/{slug}/index.html"


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": ARTICLE.format(title="Bản đầu")})
    output = tmp_path / "output"

    def build():
        tasks.build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
                         CACHE_PATH=str(tmp_path / "cache"))

    return content, output, build


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_rebuild_once_bumps_the_id_only_on_success(site, capsys):
    content, output, build = site
    state = livereload.PreviewState()
    assert livereload.rebuild_once(build, state, tasks.BuildFailed)
    assert state.build_id == 1 and (output / PAGE.format(slug="ban-dau")).exists()
    (content / "news/a.md").write_text(
        ARTICLE.format(title="Bản hai") + "\n<script>x()</script>\n", encoding="utf-8")
    assert not livereload.rebuild_once(build, state, tasks.BuildFailed)
    assert state.build_id == 1 and state.failures == 1
    assert "E-RAW-HTML" in capsys.readouterr().out
    assert (output / PAGE.format(slug="ban-dau")).exists()  # last good build stays
    assert not (output / PAGE.format(slug="ban-hai")).exists()


def test_watch_loop_rebuilds_on_change_and_survives_errors(site):
    content, output, build = site
    state = livereload.PreviewState()
    livereload.rebuild_once(build, state, tasks.BuildFailed)
    stop = threading.Event()
    watcher = threading.Thread(target=livereload.watch_and_rebuild, args=(
        [content], build, state, stop, tasks.BuildFailed), daemon=True)
    watcher.start()
    try:
        time.sleep(0.5)  # let the watcher start before changing anything
        (content / "news/a.md").write_text(ARTICLE.format(title="Bản hai"),
                                           encoding="utf-8")
        assert wait_for(lambda: state.build_id == 2)
        assert (output / PAGE.format(slug="ban-hai")).exists()

        (content / "news/b.md").write_text("Title: Lỗi\nDate: 31/02/2020\n\nBài.\n",
                                           encoding="utf-8")
        assert wait_for(lambda: state.failures == 1)
        assert state.build_id == 2
        assert any("E-DATE" in error for error in state.last_errors)
        assert (output / PAGE.format(slug="ban-hai")).exists()
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert not watcher.is_alive()


def test_server_injects_the_script_and_answers_the_build_id(site):
    content, output, build = site
    state = livereload.PreviewState()
    livereload.rebuild_once(build, state, tasks.BuildFailed)
    server = livereload.make_server(output, state)  # port 0: a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = urllib.request.urlopen(f"{base}/{PAGE.format(slug='ban-dau')}").read()
        assert livereload.BUILD_ID_PATH.encode() in page
        assert page.decode().index("livereload") < page.decode().index("</body>")
        assert urllib.request.urlopen(base + livereload.BUILD_ID_PATH).read() == b"1"
        css = next(output.rglob("*.css")).relative_to(output).as_posix()
        assert b"livereload" not in urllib.request.urlopen(f"{base}/{css}").read()
    finally:
        server.shutdown()
        server.server_close()
    # Nothing of the preview is written into the site itself.
    assert not any("livereload" in p.read_text(encoding="utf-8")
                   for p in output.rglob("*.html"))
    assert "http" not in livereload.SCRIPT  # no other host


def test_inject_without_body_tag_appends():
    assert livereload.inject_script("<p>x</p>").endswith("</script>")
