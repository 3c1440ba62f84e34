"""Publishing for real: the gate, atomic releases over SSH, rollback, nginx serving.

Every test builds a small site with the real publishconf.py and sends it with the
real `invoke publish` code to a target on this machine, reached through a real sshd
(or as a local folder), and reads it back through a real nginx with the shipped
configuration.
"""

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import releases
from PIL import Image
import sitecheck
from bs4 import BeautifulSoup
from conftest import ROOT, menu_pages
from test_incremental import contents
from deploy_helpers import (
    Reader,
    get,
    path_of,
    release_of,
    stamped_theme,
    wait_until_read,
)
from servers import _descendants, sshd, start_nginx  # noqa: F401 - fixtures

import sitebuild

SITEURL = "https://sokhcn.example.test"
ARTICLE_URL = "/tin-tuc/2020/02/ket-qua-thanh-tra-quy-i/"


def article(title, day, body):
    # With an author: a publish checks the content with the editors' rules.
    return (f"Title: {title}\nDate: {day}/02/2020\nAuthor: Phòng Thanh tra\n"
            f"Category: Thanh tra\nSummary: Tóm tắt: {title}.\n\n{body}\n")


def gradient_png():
    """A real 16 KiB picture with the same bytes on every call (the images plugin
    refuses anything that is not one)."""
    import io

    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((128, 128)).save(buffer, "PNG")
    return buffer.getvalue()


class SiteSource:
    """Content and a theme copy whose pages and CSS carry a release stamp."""

    def __init__(self, tmp_path):
        self.base = tmp_path / "source"
        self.content = self.base / "content"
        self.files = {
            "news/a.md": article("Kết quả thanh tra quý I", "01",
                                 "Đoàn thanh tra đã kiểm tra 13 đơn vị. "
                                 "Xem [trang chủ](/)."),
            "news/b.md": article("Kiểm định phương tiện đo", "02",
                                 "![Phòng thí nghiệm]({static}/images/lab.png)"),
            "images/lab.png": gradient_png(),
            # The main menu (PORTAL_MENU) links to these pages: without them the
            # gate rightly refuses every page.
            **menu_pages(),
        }

    def write(self, stamp, **extra_files):
        """Lay out the sources of release ``stamp``; returns the publish overrides."""
        shutil.rmtree(self.content, ignore_errors=True)
        for relpath, data in {**self.files, **extra_files}.items():
            target = self.content / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                target.write_bytes(data)
            else:
                target.write_text(data, encoding="utf-8")
        theme = stamped_theme(self.base / f"theme-{stamp}", stamp)
        return {
            "PATH": str(self.content),
            "THEME": str(theme),
            "CACHE_PATH": str(self.base / "cache"),
            "SITEURL": SITEURL,
            "DEPLOY_BUILD_DIR": str(self.base / "dist"),
        }


@pytest.fixture
def source(tmp_path):
    return SiteSource(tmp_path)


@pytest.fixture
def target_root(tmp_path):
    return tmp_path / "srv" / "site"


@pytest.fixture
def publish(source, sshd, target_root):  # noqa: F811
    """publish(stamp, **settings): the real publish, to target_root through sshd."""

    def _publish(stamp, extra_files=None, **settings):
        overrides = {**source.write(stamp, **(extra_files or {})),
                     **sshd.deploy_settings(target_root), **settings}
        # The content checker (`invoke check`, when the project has it) reads the
        # project's content/, not this test's: the gate tests run it, these skip it.
        return sitebuild.publish_site(report=lambda _: None, content_check=False,
                                  **overrides)

    return _publish


def publish_until_uploading(overrides, target_root):
    """Start a publish in a thread; return once rsync is writing its big file.

    Returns the thread and a list that receives "published" or the DeployError.
    """
    outcome = []

    def publish():
        try:
            sitebuild.publish_site(report=lambda _: None, content_check=False, **overrides)
            outcome.append("published")
        except releases.DeployError as error:
            outcome.append(error)

    publisher = threading.Thread(target=publish)
    publisher.start()
    deadline = time.monotonic() + 60
    while not list(target_root.glob("releases/.partial-*/files/.big.pdf.*")):
        assert time.monotonic() < deadline and publisher.is_alive(), outcome
        time.sleep(0.02)
    return publisher, outcome


def live_release(root):
    return (root / "current").readlink().name


# --- The gate -------------------------------------------------------------------------

def test_gate_refuses_a_broken_link_and_uploads_nothing(source, sshd, target_root):  # noqa: F811
    overrides = source.write("A", **{
        "news/c.md": article("Thông báo", "03", "Xem [văn bản](/van-ban/khong-co/)."),
    })
    with pytest.raises(sitebuild.GateFailed) as failure:
        sitebuild.publish_site(report=lambda _: None, **overrides,
                           **sshd.deploy_settings(target_root))
    message = str(failure.value)
    assert "E-LINK-BROKEN" in message
    assert "tin-tuc/2020/02/thong-bao/index.html" in message
    assert "/van-ban/khong-co/" in message
    assert not target_root.exists()  # nothing reached the server, not even a folder


def test_gate_refuses_assets_from_other_hosts_and_bad_feeds(tmp_path):
    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><head><script src="https://cdn.example.com/x.js"></script></head>'
        '<body><a href="https://other.example/">ok</a>'
        '<img srcset="/a.png 1x, /missing.png 2x" src="/a.png"></body></html>')
    (site / "a.png").write_bytes(b"png")
    (site / "feeds/all.atom.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="/tin-tuc/"/></feed>')
    (site / "feeds/bad.rss.xml").write_text("<rss><channel><link>x</link></rss>")
    problems = sitecheck.check_site(site, SITEURL)
    assert {(p.code, p.page) for p in problems} == {
        ("E-ASSET-EXTERNAL", "index.html"),
        ("E-LINK-BROKEN", "index.html"),
        ("E-FEED-LINK", "feeds/all.atom.xml"),
        ("E-FEED-XML", "feeds/bad.rss.xml"),
    }
    broken = next(p for p in problems if p.code == "E-LINK-BROKEN")
    assert broken.target == "/missing.png"


# --- Releases: publish, unchanged files, rollback, keep N, lock -----------------------

def test_publish_then_rollback_through_ssh(publish, target_root, start_nginx):  # noqa: F811
    first = publish("A")
    server = start_nginx(target_root)
    assert live_release(target_root) == first.release
    second = publish("B")
    assert second.previous == first.release
    assert release_of(get(server, ARTICLE_URL)[2]) == "B"

    assert releases.rollback(deploy_target(target_root)) == (second.release,
                                                             first.release)
    assert release_of(get(server, ARTICLE_URL)[2]) == "A"
    with pytest.raises(releases.DeployError, match="không có bản phát hành"):
        releases.rollback(deploy_target(target_root))  # nothing older than A
    releases.rollback(deploy_target(target_root), to=second.release)
    assert release_of(get(server, ARTICLE_URL)[2]) == "B"


def test_only_changed_files_travel(publish, source, target_root, capsys, tmp_path):
    first = publish("A")
    body = source.files["news/a.md"]
    source.files["news/a.md"] = body.replace("13 đơn vị", "14 đơn vị")
    capsys.readouterr()
    second = publish("A")
    # The release was built from the last one: only the edited article's page was
    # rendered, and the release is what a cold build of the same content gives.
    reused = re.search(r"Dựng lại (\d+) trang; giữ nguyên (\d+) trang",
                       capsys.readouterr().out)
    assert reused and reused[1] == "1" and int(reused[2]) > 20, reused
    built = source.base / "dist" / second.release
    cold = sitebuild.build_site(
        ROOT / "publishconf.py", tmp_path / "cold", CHECK_EDITORIAL=False,
        PATH=str(source.content), THEME=str(source.base / "theme-A"),
        SITEURL=SITEURL, CACHE_PATH=str(tmp_path / "cold-cache"))
    cold_files, built_files = contents(cold), contents(built)
    # Added by the publish: compressed copies. (Pagefind names its index files
    # differently at each run: see assert_same_tree.)
    added = {name for name in built_files if name not in cold_files
             and not name.startswith("pagefind/")}
    assert [name for name in added if not name.endswith((".gz", ".br"))] == []
    assert [name for name, data in cold_files.items() if not name.startswith(
        "pagefind/") and built_files.get(name) != data] == []
    old = target_root / "releases" / first.release
    new = target_root / "releases" / second.release
    changed = "tin-tuc/2020/02/ket-qua-thanh-tra-quy-i/index.html"
    assert (new / changed).stat().st_ino != (old / changed).stat().st_ino
    assert "14 đơn vị" in (new / changed).read_text()
    for unchanged in ("images/lab.png", "tin-tuc/2020/02/kiem-dinh-phuong-tien-do/"
                      "index.html.gz", "theme/css/base.css"):
        assert (new / unchanged).stat().st_ino == (old / unchanged).stat().st_ino
    stats = second.rsync_stats
    sent_files = stats["Number of regular files transferred"]
    assert 0 < sent_files < stats["Number of files"] / 4
    assert stats["Total bytes sent"] < first.rsync_stats["Total bytes sent"] / 2


def test_keeps_the_newest_releases(publish, target_root):
    ids = [publish("A", DEPLOY_KEEP_RELEASES=2).release for _ in range(3)]
    assert releases.list_releases(deploy_target(target_root)) == ids[1:]
    assert live_release(target_root) == ids[2]


def test_a_held_lock_refuses_a_second_publish(publish, sshd, target_root):  # noqa: F811
    first = publish("A")
    target = releases.Target.from_settings(sshd.deploy_settings(target_root))
    with releases.target_lock(target, "publish by a colleague"):
        with pytest.raises(releases.LockHeld, match="publish by a colleague"):
            publish("B")
        with pytest.raises(releases.LockHeld):
            releases.rollback(target)
        assert releases.list_releases(target) == [first.release]
    assert publish("B").previous == first.release  # the lock went with its holder


def test_a_publish_that_lost_its_lock_does_not_switch(source, target_root):
    """If the lock holder dies mid-upload, another publish may run: do not switch."""
    local = {"DEPLOY_TARGET": str(target_root)}
    first = sitebuild.publish_site(report=lambda _: None, content_check=False,
                               **source.write("A"), **local)
    overrides = {**source.write("B", **{"files/big.pdf": os.urandom(400_000)}),
                 **local, "DEPLOY_RSYNC_OPTIONS": ["--bwlimit=200"]}
    publisher, outcome = publish_until_uploading(overrides, target_root)
    holders = [pid for pid in _descendants(os.getpid())
               if b".deploy.lock" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert holders
    for holder in holders:
        for pid in [holder, *_descendants(holder)]:  # the lock script and its `cat`
            os.kill(pid, signal.SIGKILL)
    publisher.join(timeout=60)

    [error] = outcome
    assert "mất khóa" in str(error)  # "lost the lock"
    assert live_release(target_root) == first.release


def test_a_killed_publish_leaves_the_live_site(source, sshd, target_root, start_nginx,  # noqa: F811
                                               tmp_path):
    overrides = {**source.write("A"), **sshd.deploy_settings(target_root)}
    first = sitebuild.publish_site(report=lambda _: None, **overrides)
    server = start_nginx(target_root)

    # Release B carries a large file and travels slowly, so it can be killed midway.
    overrides = {**source.write("B", **{"files/big.pdf": os.urandom(2_000_000)}),
                 **sshd.deploy_settings(target_root),
                 "DEPLOY_RSYNC_OPTIONS": ["--bwlimit=200"]}
    settings_file = tmp_path / "publish-b.py"
    settings_file.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from publishconf import *  # noqa\n"
        + "".join(f"{key} = {value!r}\n" for key, value in overrides.items()))
    publisher = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish", "--settings", str(settings_file)],
        cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    # Wait until rsync is writing big.pdf (as a hidden temporary file), then kill.
    in_transfer = []
    deadline = time.monotonic() + 60
    while not in_transfer and time.monotonic() < deadline:
        in_transfer = list(target_root.glob("releases/.partial-*/files/.big.pdf.*"))
        time.sleep(0.02)
    assert in_transfer, publisher.communicate()[0]
    os.killpg(publisher.pid, signal.SIGKILL)  # the publisher, its rsync and its ssh
    publisher.wait()

    assert live_release(target_root) == first.release
    status, _, body = get(server, ARTICLE_URL)
    assert (status, release_of(body)) == (200, "A")

    overrides["DEPLOY_RSYNC_OPTIONS"] = []
    second = wait_for_lock_then(lambda: sitebuild.publish_site(report=lambda _: None,
                                                           **overrides))
    assert second.previous == first.release
    assert release_of(get(server, ARTICLE_URL)[2]) == "B"
    assert not list((target_root / "releases").glob(".partial-*"))


def test_a_cut_connection_leaves_the_live_site(source, sshd, target_root,  # noqa: F811
                                                start_nginx):  # noqa: F811
    overrides = {**source.write("A"), **sshd.deploy_settings(target_root)}
    first = sitebuild.publish_site(report=lambda _: None, content_check=False, **overrides)
    server = start_nginx(target_root)

    overrides = {**source.write("B", **{"files/big.pdf": os.urandom(2_000_000)}),
                 **sshd.deploy_settings(target_root),
                 "DEPLOY_RSYNC_OPTIONS": ["--bwlimit=200"]}
    publisher, outcome = publish_until_uploading(overrides, target_root)
    assert sshd.cut_connections() > 0
    publisher.join(timeout=60)

    [error] = outcome
    assert isinstance(error, releases.DeployError)
    assert "trang đang chạy không đổi" in str(error)  # "the live site is unchanged"
    assert live_release(target_root) == first.release
    assert release_of(get(server, ARTICLE_URL)[2]) == "A"

    overrides["DEPLOY_RSYNC_OPTIONS"] = []
    second = wait_for_lock_then(lambda: sitebuild.publish_site(
        report=lambda _: None, content_check=False, **overrides))
    assert release_of(get(server, ARTICLE_URL)[2]) == "B"
    assert second.previous == first.release


def wait_for_lock_then(action, seconds=10):
    """Run ``action``, retrying while the killed publisher's lock is being released.

    The server drops the lock when it sees the dead connection: at once on loopback,
    but a busy machine may take a moment.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except releases.LockHeld:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def deploy_target(root):
    return releases.Target.parse(str(root))


# --- nginx with the shipped configuration ---------------------------------------------

LEGACY_ADDRESS = "/Pages/tin-tuc-xem.aspx?ItemID=1204"
# Article a (ARTICLE_URL) with the address it had on the old portal: the
# legacy_urls plugin writes the map line nginx reads.
WITH_LEGACY_URL = {
    "news/a.md": article("Kết quả thanh tra quý I", "01",
                         "Đoàn thanh tra đã kiểm tra 13 đơn vị. Xem [trang chủ](/).")
    .replace("Summary:", f"Legacy-URL: {LEGACY_ADDRESS}\nSummary:"),
}


@pytest.fixture
def served(publish, target_root, start_nginx):  # noqa: F811
    """A published site (with an article that has an old address) behind nginx."""
    result = publish("A", extra_files=WITH_LEGACY_URL)
    return start_nginx(target_root), target_root / "releases" / result.release


def test_precompressed_files_are_served_gzipped(served):
    server, release = served
    status, headers, body = get(server, ARTICLE_URL, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    page = release / ARTICLE_URL.strip("/") / "index.html"
    assert gzip.decompress(body) == page.read_bytes()
    status, headers, body = get(server, ARTICLE_URL)  # a client without gzip
    assert headers.get("Content-Encoding") is None
    assert body == page.read_bytes()


def test_security_and_cache_headers(served):
    server, _ = served
    _, headers, body = get(server, "/")
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "max-age=60" in headers["Cache-Control"]
    assert headers["Content-Type"] == "text/html; charset=utf-8"

    page = BeautifulSoup(body, "html.parser")
    stylesheet = page.find("link", rel="stylesheet")["href"]
    assert re.search(r"/theme/css/base\.[0-9a-f]{10}\.css$", stylesheet)
    status, headers, _ = get(server, stylesheet.removeprefix(SITEURL))
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"  # on every response


def test_feeds_have_their_media_types(served):
    server, _ = served
    status, headers, body = get(server, "/feeds/tin-tuc.atom.xml")
    assert status == 200
    assert headers["Content-Type"].startswith("application/atom+xml")
    assert b"<feed" in body
    status, headers, body = get(server, "/feeds/tin-tuc.rss.xml")
    assert status == 200
    assert headers["Content-Type"].startswith("application/rss+xml")
    assert b"<rss" in body


def test_task_catalogue_csv_is_served_as_csv_with_its_bom(publish, target_root,
                                                         start_nginx):  # noqa: F811
    """The yearly task list (plugins/science_tasks): nginx's mime.types has no CSV."""
    task = ("Title: Bảo tồn di sản Hát Xoan\nCode: ĐT.XH.01-2025\nLevel: Cấp tỉnh\n"
            "Field: Khoa học nhân văn\nHost: Trường Đại học Hùng Vương\n"
            "Investigator: TS. Lê Minh Tâm\nStarts: 01/01/2025\nEnds: 31/12/2026\n"
            "Budget: 980.000.000\nStage: Đang thực hiện\nDate: 10/01/2025 08:00\n\n"
            "Nội dung.\n")
    publish("A", extra_files={"tasks/xoan.md": task})
    server = start_nginx(target_root)
    status, headers, body = get(
        server, "/nhiem-vu/danh-muc/2025/danh-muc-nhiem-vu-2025.csv")
    assert status == 200
    assert headers["Content-Type"] == "text/csv"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body.startswith("\ufeffMã số,".encode("utf-8"))
    status, headers, _ = get(
        server, "/nhiem-vu/danh-muc/2025/danh-muc-nhiem-vu-2025.json")
    assert (status, headers["Content-Type"]) == (200, "application/json; charset=utf-8")


def test_unknown_address_gets_the_vietnamese_404_page(served):
    server, _ = served
    status, headers, body = get(server, "/tin-tuc/khong-co-bai-nay/")
    assert status == 404
    page = BeautifulSoup(body, "html.parser")
    assert page.h1.get_text(strip=True) == "Không tìm thấy trang"
    assert page.find("link", rel="stylesheet")["href"].startswith(SITEURL + "/")
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_legacy_addresses_redirect_and_deploy_files_stay_private(served):
    server, _ = served
    status, headers, _ = get(server, LEGACY_ADDRESS)
    assert (status, headers["Location"]) == (301, ARTICLE_URL)
    assert get(server, "/nginx/legacy-redirects.map")[0] == 404
    assert get(server, "/assets-manifest.txt")[0] == 404


def test_reload_command_brings_in_a_new_redirect_map(publish, target_root,
                                                     start_nginx):  # noqa: F811
    publish("A")
    server = start_nginx(target_root)
    assert get(server, LEGACY_ADDRESS)[0] == 404  # no old address in release A
    publish("B", extra_files=WITH_LEGACY_URL,
            DEPLOY_RELOAD_COMMAND=f"kill -HUP {server.process.pid}")
    deadline = time.monotonic() + 10  # nginx swaps its workers gracefully
    while get(server, LEGACY_ADDRESS)[0] != 301:
        assert time.monotonic() < deadline, "nginx did not pick up the new map"
        time.sleep(0.1)


# --- Readers during publish and rollback ----------------------------------------------

def test_readers_never_see_an_error_or_a_mix_during_publish_and_rollback(
        publish, target_root, start_nginx):  # noqa: F811
    publish("A")
    server = start_nginx(target_root)
    stop_event = threading.Event()
    readers = [Reader(server, ["/", ARTICLE_URL], stop_event) for _ in range(4)]
    for reader in readers:
        reader.start()
    try:
        wait_until_read(readers, "A")
        publish("B")
        wait_until_read(readers, "B")
        releases.rollback(deploy_target(target_root))  # B → A
        wait_until_read(readers, "A")
        publish("C")
        wait_until_read(readers, "C")
        releases.rollback(deploy_target(target_root))  # C → B, the one before it
        wait_until_read(readers, "B")
    finally:
        stop_event.set()
        for reader in readers:
            reader.join(timeout=30)

    requests = sum(r.requests for r in readers)
    assert [e for r in readers for e in r.errors] == []
    assert [m for r in readers for m in r.mixed] == []
    # The readers were really reading while the site changed under them.
    assert set().union(*(r.releases_seen for r in readers)) >= {"A", "B", "C"}
    assert requests > 100


# --- The published site in a browser, under the shipped security headers ------------

def test_published_site_works_under_its_content_security_policy(served, browser):
    """Pages served by nginx with the shipped CSP run their scripts and search works.

    The release links to SITEURL (https); the browser's requests for it are answered
    from our nginx, headers included, so Chromium enforces the real policy.
    """
    server, _ = served
    context = browser.new_context()
    problems = []

    def from_nginx(route):
        path = path_of(route.request.url)
        status, headers, body = get(server, path)  # no Accept-Encoding: plain body
        route.fulfill(status=status, headers=dict(headers), body=body)

    context.route(f"{SITEURL}/**", from_nginx)
    context.route(lambda url: not url.startswith(SITEURL),
                  lambda route: (problems.append(f"other host: {route.request.url}"),
                                 route.abort()))
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        for path in ("/", ARTICLE_URL):
            page.goto(f"{SITEURL}{path}")
            assert page.evaluate("document.documentElement.classList.contains('js')")
        page.goto(f"{SITEURL}/tim-kiem/?q=thanh%20tra")
        page.wait_for_selector("[data-search-results] li", timeout=15000)
        titles = page.locator("[data-search-results] li").all_text_contents()
        assert any("Kết quả thanh tra quý I" in title for title in titles)
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("placeholder", [True, False])
def test_a_publish_with_the_placeholder_emblem_says_so(tmp_path, placeholder):
    source = SiteSource(tmp_path)
    said = []
    sitebuild.publish_site(report=said.append, content_check=False,
                           **{**source.write("1"),
                              "DEPLOY_TARGET": str(tmp_path / "srv"),
                              "DEPLOY_RELOAD_COMMAND": "",
                              "PORTAL_EMBLEM_PLACEHOLDER": placeholder})
    warned = [line for line in said if "PORTAL_EMBLEM_PLACEHOLDER" in line]
    assert len(warned) == (1 if placeholder else 0), said
    page = (tmp_path / "srv/current/index.html").read_text(encoding="utf-8")
    assert ("emblem-placeholder" in page) == placeholder
