"""Live preview: a change triggers a rebuild; an error keeps the last good output;
the served pages carry the reload script, output/ never does."""

import threading
import time
import urllib.error
import urllib.request

import pytest
from conftest import ROOT, write_files
from editorial import livereload

import sitebuild

ARTICLE = ("Title: {title}\nDate: 01/02/2020\nCategory: Thanh tra\n"
           "Summary: Tóm.\n\nBài.\n")
PAGE = "tin-tuc/2020/02/{slug}/index.html"


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    write_files(content, {"news/a.md": ARTICLE.format(title="Bản đầu")})
    output = tmp_path / "output"

    def build():
        sitebuild.build_site(ROOT / "pelicanconf.py", output, PATH=str(content),
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
    assert livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    assert state.build_id == 1 and (output / PAGE.format(slug="ban-dau")).exists()
    (content / "news/a.md").write_text(
        ARTICLE.format(title="Bản hai") + "\n<script>x()</script>\n", encoding="utf-8")
    assert not livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    assert state.build_id == 1 and state.failures == 1
    assert "E-RAW-HTML" in capsys.readouterr().out
    assert (output / PAGE.format(slug="ban-dau")).exists()  # last good build stays
    assert not (output / PAGE.format(slug="ban-hai")).exists()


def test_watch_loop_rebuilds_on_change_and_survives_errors(site):
    content, output, build = site
    state = livereload.PreviewState()
    livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    stop = threading.Event()
    watcher = threading.Thread(target=livereload.watch_and_rebuild, args=(
        [content], build, state, stop, sitebuild.BuildFailed), daemon=True)
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


@pytest.fixture
def preview(site):
    """The preview server on a free port over a built site: (base URL, state)."""
    content, output, build = site
    state = livereload.PreviewState()
    livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    server = livereload.make_server(output, state)  # port 0: a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


def fetch(url):
    """(status, headers, body text) of a GET, errors included."""
    try:
        response = urllib.request.urlopen(url)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read().decode()


def test_server_links_the_script_and_answers_the_build_id(site, preview):
    content, output, build = site
    base, state = preview
    status, _, page = fetch(f"{base}/{PAGE.format(slug='ban-dau')}")
    assert status == 200
    assert page.index(livereload.SCRIPT_TAG) < page.index("</head>")
    assert livereload.BUILD_ID_PATH in fetch(base + livereload.SCRIPT_PATH)[2]
    assert fetch(base + livereload.BUILD_ID_PATH)[2] == "1-0"
    css = next(output.rglob("*.css")).relative_to(output).as_posix()
    assert "livereload" not in fetch(f"{base}/{css}")[2]
    # Nothing of the preview is written into the site itself.
    assert not any("livereload" in p.read_text(encoding="utf-8")
                   for p in output.rglob("*.html"))
    assert "http" not in livereload.SCRIPT  # no other host


def test_preview_sends_the_security_headers_of_the_nginx_config(preview):
    base, _ = preview
    conf = (ROOT / "deploy/nginx/site.conf").read_text(encoding="utf-8")
    csp = conf.split('add_header Content-Security-Policy "', 1)[1].split('"', 1)[0]
    for path in ("/", "/theme/css/base.css", "/no-such-page/", livereload.SCRIPT_PATH):
        _, headers, _ = fetch(base + path)
        assert headers["Content-Security-Policy"] == csp, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_missing_page_is_the_sites_vietnamese_404(preview):
    base, _ = preview
    for path in ("/khong-co/", "/tin-tuc/2020/02/khong-co/", "/theme/"):
        status, headers, page = fetch(base + path)
        assert status == 404, path
        assert "Không tìm thấy trang" in page
        assert "Error response" not in page
        assert headers["Content-Type"].startswith("text/html")
        # Its relative links resolve from the root at any depth.
        assert page.index('<base href="/">') < page.index('href="./theme/css/base.css"')


def test_a_failed_rebuild_shows_its_errors_on_every_page(site, preview):
    content, output, build = site
    base, state = preview
    (content / "news/b.md").write_text("Title: Lỗi <b>\nDate: 31/02/2020\n\nBài.\n",
                                       encoding="utf-8")
    assert not livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    assert fetch(base + livereload.BUILD_ID_PATH)[2] == "1-1"  # the page reloads
    for path in ("/", f"/{PAGE.format(slug='ban-dau')}", "/khong-co/"):
        page = fetch(base + path)[2]
        box = page.split('<section class="preview-errors"', 1)[1].split("</section>")[0]
        assert "E-DATE" in box and "b.md" in box, path
    (content / "news/b.md").unlink()
    assert livereload.rebuild_once(build, state, sitebuild.BuildFailed)
    assert "preview-errors" not in fetch(base + "/")[2]


def test_error_box_escapes_what_it_quotes():
    box = str(livereload.error_box(["a.md:1: <script>alert(1)</script>"]))
    assert "<script>" not in box and "&lt;script&gt;" in box


def test_inject_without_head_tag_prepends():
    assert livereload.inject("<p>x</p>").startswith(livereload.SCRIPT_TAG)


def test_in_chromium_the_page_reloads_under_the_csp_and_shows_a_failed_build(
        site, preview, browser):
    content, output, build = site
    base, state = preview
    context = browser.new_context()
    try:
        page = context.new_page()
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{base}/{PAGE.format(slug='ban-dau')}", wait_until="load")
        page.wait_for_timeout(1500)  # the script has polled at least once
        (content / "news/b.md").write_text("Title: Lỗi\nDate: 31/02/2020\n\nBài.\n",
                                           encoding="utf-8")
        assert not livereload.rebuild_once(build, state, sitebuild.BuildFailed)
        # The script (allowed by script-src 'self') reloads the page by itself.
        page.wait_for_selector(".preview-errors", timeout=10_000)
        assert "E-DATE" in page.text_content(".preview-errors")
        assert "news/b.md" in page.text_content(".preview-errors")
        assert page.evaluate(
            "getComputedStyle(document.querySelector('.preview-errors')).borderBottomStyle"
        ) == "solid"  # its stylesheet loaded under the CSP
        assert not [text for text in console if "Content Security Policy" in text]
    finally:
        context.close()
