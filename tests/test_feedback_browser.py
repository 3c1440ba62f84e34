"""End to end: Chromium submits each form through real nginx to the real service.

One site, one service (``invoke feedback-serve``) and one nginx configured by
``invoke nginx-conf --feedback-upstream`` for the module. Chromium (Debian's) fills
in the question, the comment on an open draft and the rating, with JavaScript off
(the service asks to confirm, then takes it) and on (the token the script fetches
when the reader moves into the form lets it in at once); the thank-you page shows
the reference code; ``invoke inbox`` lists every code. Then the service is stopped
and nginx answers a post with its Vietnamese page.
"""

import http.client
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import sitebuild
from playwright.sync_api import expect
from feedback_helpers import ServiceProcess
from releases import main_conf
from servers import free_port, stop, wait_for_port

from conftest import ROOT, write_files

CODE = re.compile(r"^(HD|GY|DG)-[0-9A-HJKMNP-TV-Z]{8}$")
DRAFT = "du-thao-quy-che-gop-y"
MIN_SECONDS = 1


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback-e2e")
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    files = {f"qa/{p.name}": p.read_text("utf-8")
             for p in sorted((ROOT / "content/qa").glob("*.md"))}
    files[f"documents/du-thao/{DRAFT}.md"] = f"""\
        Title: Dự thảo Quy chế tiếp nhận góp ý
        Type: Quyết định
        Issuer: Ủy ban nhân dân tỉnh Phú Thọ
        Field: Quản lý khoa học
        Consultation-opens: {(today - timedelta(days=2)):%d/%m/%Y}
        Consultation-closes: {(today + timedelta(days=20)):%d/%m/%Y}
        File: {DRAFT}.pdf
        Slug: {DRAFT}

        Nội dung dự thảo.
        """
    files[f"documents/du-thao/{DRAFT}.pdf"] = b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n"
    write_files(root / "content", files)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    release = root / "srv/releases/r1"
    sitebuild.build_site(ROOT / "pelicanconf.py", release, PATH=str(root / "content"),
                         CACHE_PATH=str(root / "cache"), SITEURL=origin,
                         RELATIVE_URLS=False)
    (root / "srv/current").symlink_to(release)
    database = f"sqlite:///{root / 'data/feedback.sqlite3'}"
    service = ServiceProcess(root / "service", database, root / "srv/current",
                             origin=origin, min_seconds=MIN_SECONDS).start()
    # nginx exactly as `invoke nginx-conf` writes it for the server.
    conf = subprocess.run(
        [sys.executable, "-m", "invoke", "nginx-conf", "--root", str(root / "srv"),
         "--listen", f"127.0.0.1:{port}", "--server-name", "localhost",
         "--feedback-upstream", f"127.0.0.1:{service.port}",
         # Every post here comes from 127.0.0.1: room for the module's dozen.
         "--feedback-rate", "600", "--feedback-burst", "50"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    work = root / "nginx"
    work.mkdir()
    (work / "site.conf").write_text(conf)
    (work / "nginx.conf").write_text(main_conf(work, work / "site.conf"))
    nginx = subprocess.Popen(["nginx", "-p", str(work), "-c", str(work / "nginx.conf"),
                              "-e", str(work / "error.log"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, nginx, work / "error.log")
        yield SimpleNamespace(origin=origin, service=service, database=database,
                              root=root, codes=[], nginx_log=work / "error.log")
    finally:
        stop(nginx)
        service.stop()


def fill_question(page):
    page.fill("#q-ho-ten", "Phạm Thị Hồng")
    page.fill("#q-dia-phuong", "Thanh Sơn")
    page.select_option("#q-linh-vuc", "Sở hữu trí tuệ")
    page.fill("#q-cau-hoi", "Hợp tác xã chè muốn đăng ký chỉ dẫn địa lý thế nào?")
    page.fill("#q-lien-he", "hong.pham@example.vn")
    page.check("input[name=dong_y]")


def fill_comment(page):
    page.fill("#c-ho-ten", "Công ty TNHH Chè Phú Thọ")
    page.fill("#c-y-kien", "Đề nghị bổ sung thời hạn trả lời tại Điều 5.")
    page.check("input[name=dong_y]")


def fill_rating(page):
    page.check("input[name=diem][value='4']")
    page.fill("#r-nhan-xet", "Trang dễ dùng trên điện thoại.")


FORMS = [
    ("hoi-dap/", "hoi-dap", fill_question, "Đã nhận câu hỏi", "HD"),
    (f"van-ban/{DRAFT}/", "gop-y", fill_comment, "Đã nhận ý kiến góp ý", "GY"),
    ("danh-gia/", "danh-gia", fill_rating, "Đã nhận đánh giá", "DG"),
]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("path,form,fill,heading,prefix", FORMS,
                         ids=[f[1] for f in FORMS])
def test_form_submitted_and_code_shown(portal, new_page, javascript, path, form, fill,
                                       heading, prefix):
    page = new_page(java_script_enabled=javascript)
    page.goto(f"{portal.origin}/{path}")
    selector = f"form[data-feedback-form={form}]"
    fill(page)
    if javascript:  # moving into the form, the script fetched a token into it
        # Playwright's own matcher, not wait_for_function: once its first check
        # fails, that one polls by evaluating a string, which the page's CSP
        # (no 'unsafe-eval') refuses.
        expect(page.locator(f"{selector} input[name=the]")).to_have_value(
            re.compile(r".{21,}"))
    time.sleep(MIN_SECONDS + 0.2)
    page.click(f"{selector} button[type=submit]")
    page.wait_for_load_state()
    if not javascript:  # no token: the service shows what was sent, to confirm
        assert page.locator("h1").inner_text() == "Xác nhận gửi"
        time.sleep(MIN_SECONDS + 0.2)
        page.click("form[data-feedback-confirm] button[type=submit]")
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == heading
    code = page.locator("output#ma-tiep-nhan").inner_text().strip()
    assert CODE.match(code) and code.startswith(prefix)
    assert page.url.endswith(f"?ma={code}")
    portal.codes.append(code)


def test_inbox_lists_every_code(portal):
    assert len(portal.codes) == 6
    listed = subprocess.run(
        [sys.executable, "-m", "invoke", "inbox"], cwd=ROOT, check=True,
        capture_output=True, text=True, env=portal.service.env).stdout
    assert "Câu hỏi" in listed and "Góp ý dự thảo" in listed and "Đánh giá" in listed
    for code in portal.codes:
        assert code in listed
    assert "hong.pham@example.vn" not in listed


def test_thank_you_page_shows_only_a_valid_code(portal, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(f"{portal.origin}/phan-hoi/da-nhan-cau-hoi/?ma=%3Cscript%3Ealert(1)%3C/script%3E")
    assert page.locator("output#ma-tiep-nhan").inner_text() == ""
    assert "alert" not in page.content()


def test_nothing_personal_in_the_logs(portal):
    logs = (portal.service.log.read_text("utf-8", "replace")
            + Path(portal.nginx_log).read_text("utf-8", "replace"))
    for personal in ("Phạm Thị Hồng", "hong.pham", "Thanh Sơn", "Chè Phú Thọ",
                     "127.0.0.1 -", "Hợp tác xã"):
        assert personal not in logs


def test_nginx_refuses_a_ten_megabyte_body_in_vietnamese(portal):
    port = int(portal.origin.split(":")[-1])
    connection = http.client.HTTPConnection("127.0.0.1", port)
    body = b"y_kien=" + b"a" * (10 * 1024 * 1024)
    try:
        connection.request("POST", "/phan-hoi/gui/gop-y", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": portal.origin})
        response = connection.getresponse()
        page = response.read().decode("utf-8")
    except (BrokenPipeError, ConnectionResetError):
        pytest.fail("nginx closed the connection instead of answering")
    finally:
        connection.close()
    assert response.status == 413
    assert "Nội dung quá lớn" in page


def test_nginx_rate_limit_answers_in_vietnamese(portal):
    statuses, pages = [], []
    for _ in range(90):  # the token zone: 120 a minute, 60 at once
        connection = http.client.HTTPConnection("127.0.0.1",
                                                int(portal.origin.split(":")[-1]))
        connection.request("GET", "/phan-hoi/gui/the?loai=danh-gia")
        response = connection.getresponse()
        statuses.append(response.status)
        pages.append(response.read().decode("utf-8"))
        connection.close()
    assert statuses[0] == 200 and 429 in statuses
    assert "Gửi quá nhiều lần" in pages[statuses.index(429)]


def test_service_down_gives_the_vietnamese_page(portal, new_page):
    portal.service.stop()
    page = new_page(java_script_enabled=False)
    page.goto(f"{portal.origin}/danh-gia/")
    fill_rating(page)
    with page.expect_response(lambda r: "/phan-hoi/gui/" in r.url) as answer:
        page.click("form[data-feedback-form=danh-gia] button[type=submit]")
    assert answer.value.status == 503
    assert page.locator("h1").inner_text() == "Hệ thống tiếp nhận tạm ngừng"
    assert "502 Bad Gateway" not in page.content()
