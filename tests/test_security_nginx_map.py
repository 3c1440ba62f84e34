"""No Slug:, Url:, Save_as: or Legacy-URL: can break the nginx
configuration, add a map entry, or redirect a reader to another host.

Hostile values are refused by the checker and by the build with the same code,
file and line; values that are only odd (Vietnamese, percent-encoded CR/LF or
quotes, query strings) are written quoted and inert: the release's map passes the
gate and a real `nginx -t`, and a real nginx with the rendered site configuration
answers them with a 301 to a path on this site, never to another host.
"""

import http.client
import re
import shutil
from pathlib import Path

import pytest
import releases
from conftest import ROOT, menu_pages, write_files
from content_check import runner
from content_check.cli import load_settings
from output_guard.paths import (
    legacy_address,
    nginx_map_line,
    relative_path_problem,
    slug_problem,
)
from servers import Nginx

import sitebuild
import tasks

# "file:line: [CODE]" as ContentError prints it (the path may be absolute).
FINDING = re.compile(
    r"^(?P<path>[^\s:]+?)(?::(?P<line>\d+))?: \[(?P<code>[A-Z0-9-]+)\]")
MY_CODES = {"E-SLUG-INVALID", "E-SAVE-AS-INVALID", "E-LEGACY-URL-INVALID",
            "E-OUTPUT-CONFLICT", "E-LEGACY-URL-CONFLICT"}


def article(title, field="", value=""):
    """An article whose hostile field (if any) is on line 5."""
    extra = f"{field}: {value}\n" if field else ""
    return (f"Title: {title}\nDate: 09/08/2019\nCategory: Thanh tra\n"
            f"Summary: Tóm tắt.\n{extra}\nNội dung bài.\n")


def findings(messages, root):
    """{(code, path relative to root, line)} of the messages with a known code."""
    found = set()
    for message in messages:
        match = FINDING.match(str(message))
        if match and match["code"] in MY_CODES:
            path = Path(match["path"])
            path = (path if path.is_absolute() else Path.cwd() / path).resolve()
            found.add((match["code"], path.relative_to(root).as_posix(),
                       int(match["line"]) if match["line"] else None))
    return found


# --- Pure validators ----------------------------------------------------------------

# Old addresses that must be refused. The classic ones (";", " ", "}", "//host") and
# more: header splitting, nginx syntax and variables, path tricks, other schemes.
HOSTILE_LEGACY_URLS = [
    "/Pages/a;b.aspx",
    "/Pages/a b.aspx",
    "/Pages/a}b.aspx",
    "//other.example/",
    "http://old.example//other.example/x",
    "/a\r\nLocation: http://evil.example/",
    "/a\nb",
    "/a\tb",
    "/a\x00b",
    "/a\x0bb",
    "/a\u2028b",
    '/a"b',
    "/a'b",
    "/\\evil.example/",
    "/a\\b",
    "/$host",
    "/${request_uri}",
    "/a{1}",
    "/a#top",
    "/./x",
    "/a/../../etc/passwd",
    "/..%2f..%2fetc/passwd",
    "/%2e%2e/x",
    "/a/%2E/b",
    "/tin-tuc//index.html",
    "/tin-tuc/%2f/index.html",
    "~.*",
    "default",
    "include",
    "javascript:alert(1)",
    "ftp://old.example/x",
    "http:evil.example",
    "\uff0fevil.example/x",  # a fullwidth solidus is not a path
    "a/relative",
    "/a<script>",
    "/a|b",
    "/" + "a" * 10_000,
]


@pytest.mark.parametrize("value", HOSTILE_LEGACY_URLS)
def test_hostile_old_addresses_are_refused(value):
    address, problem = legacy_address(value)
    assert address is None and problem


# Accepted, but only in the quoted, percent-encoded form a browser sends.
INERT_LEGACY_URLS = {
    "http://sokhcn.vinhphuc.gov.vn/Pages/tin-tức-mới.aspx":
        "/Pages/tin-t%E1%BB%A9c-m%E1%BB%9Bi.aspx",
    "/Default.aspx?tabid=62&ID=99": "/Default.aspx?tabid=62&ID=99",
    "/a%0d%0aLocation:%20evil.example/": "/a%0d%0aLocation:%20evil.example/",
    "/a%22%3B%20default%20evil.example%3B": "/a%22%3B%20default%20evil.example%3B",
    "/\uff0fevil.example/": "/%EF%BC%8Fevil.example/",
    "/x+y,z=1:@!*()": "/x+y,z=1:@!*()",
}


@pytest.mark.parametrize("value,expected", INERT_LEGACY_URLS.items())
def test_odd_old_addresses_become_one_quoted_entry(value, expected):
    address, problem = legacy_address(value)
    assert (address, problem) == (expected, None)
    line = nginx_map_line(address, "/tin-tuc/2019/08/bai/")
    assert line == f'"{expected}" "/tin-tuc/2019/08/bai/";'
    assert line.count('"') == 4 and line.count(";") == 1


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example/", "http://evil.example/", "/a b/",
    '/a";', "/$host/", "/a}", "tin-tuc/x/", "/a\n/",
])
def test_a_map_entry_never_points_away_or_breaks_out(target):
    with pytest.raises(ValueError):
        nginx_map_line("/old.aspx", target)
    with pytest.raises(ValueError):
        nginx_map_line(target, "/tin-tuc/x/")


HOSTILE_SLUGS = [
    "a;b", "a b", "a}b", "A-B", "a_b", "a.b", "a/b", "../x", "-a", "a-", "a--b",
    "đường-mới", "a%2fb", "a\tb", "$host", "a" * 201, "tin-tuc/../../x",
]


@pytest.mark.parametrize("slug", HOSTILE_SLUGS)
def test_hostile_slugs_are_refused(slug):
    assert slug_problem(slug)


def test_a_slug_of_200_bytes_is_fine():
    assert slug_problem("a" * 200) is None
    assert slug_problem("hoi-nghi-tong-ket-2019") is None


HOSTILE_PATHS = [
    "//evil.example/", "/etc/passwd", "../../x.html", "tin-tuc/../../x.html",
    "http://evil.example/", "\\\\evil.example\\x", "tin-tuc/./x.html",
    "tin-tuc//x.html", "tin-tuc/%2e%2e/x.html", "tin-tuc/a b.html", "tin-tuc/x;.html",
    "TIN-TUC/x.html", "tin-tuc/" + "a" * 300 + ".html", "javascript:alert(1)",
]


@pytest.mark.parametrize("value", HOSTILE_PATHS)
def test_hostile_url_and_save_as_are_refused(value):
    assert relative_path_problem(value)


# --- Checker and build: one build with every hostile file ---------------------------

# (file, field, value) → the code expected on line 5 of that file.
HOSTILE_FILES = {
    "news/slug-semicolon.md": ("Slug", "a;b", "E-SLUG-INVALID"),
    "news/slug-space.md": ("Slug", "a b}", "E-SLUG-INVALID"),
    "news/slug-traversal.md": ("Slug", "../../../x", "E-SLUG-INVALID"),
    "news/slug-300-bytes.md": ("Slug", "a" * 300, "E-SLUG-INVALID"),
    "news/url-other-host.md": ("Url", "//evil.example/", "E-SAVE-AS-INVALID"),
    "news/url-backslash.md": ("Url", "\\evil.example/", "E-SAVE-AS-INVALID"),
    "news/save-as-absolute.md": ("Save_as", "/etc/cron.d/x.html", "E-SAVE-AS-INVALID"),
    "news/save-as-dotdot.md": ("Save_as", "tin-tuc/../../x.html", "E-SAVE-AS-INVALID"),
    "news/save-as-section.md": ("Save_as", "gioi-thieu/index.html",
                                "E-SAVE-AS-INVALID"),
    "news/save-as-php.md": ("Save_as", "tin-tuc/x.php", "E-SAVE-AS-INVALID"),
    "news/legacy-semicolon.md": ("Legacy-URL", "/Pages/a.aspx; default //evil;",
                                 "E-LEGACY-URL-INVALID"),
    "news/legacy-brace.md": ("Legacy-URL", "/Pages/a.aspx}", "E-LEGACY-URL-INVALID"),
    "news/legacy-other-host.md": ("Legacy-URL", "//evil.example/",
                                  "E-LEGACY-URL-INVALID"),
    "news/legacy-variable.md": ("Legacy-URL", "/$http_host", "E-LEGACY-URL-INVALID"),
    "news/legacy-10000.md": ("Legacy-URL", "/" + "a" * 10_000, "E-LEGACY-URL-INVALID"),
    # A value continued on the next (indented) line.
    "news/legacy-two-lines.md": ("Legacy-URL", "http://old.example/Pages/a.aspx\n"
                                 "    ?id=1", "E-LEGACY-URL-INVALID"),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The checker's report and the build's errors on one folder of hostile files."""
    root = tmp_path_factory.mktemp("hostile-addresses")
    content = root / "content"
    files = {name: article(f"Bài {name}", field, value)
             for name, (field, value, _) in HOSTILE_FILES.items()}
    # A title long enough that the slug folded from it is over 255 bytes.
    files["news/long-title.md"] = article("Tin " + "rất dài " * 60)
    write_files(content, files)
    overrides = {"PATH": str(content), "CACHE_PATH": str(root / "cache")}
    report = runner.run(load_settings(ROOT / "pelicanconf.py", overrides))
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build_site(ROOT / "pelicanconf.py", root / "output", **overrides)
    return content.resolve(), report, failure.value.errors, root / "output"


def test_the_checker_names_code_file_and_line_of_each(hostile_site):
    content, report, _, _ = hostile_site
    found = findings(report.errors, content)
    for name, (_, _, code) in HOSTILE_FILES.items():
        assert (code, name, 5) in found, name
    assert ("E-SLUG-INVALID", "news/long-title.md", 1) in found


def test_the_build_reports_the_same_and_writes_nothing(hostile_site):
    content, report, errors, output = hostile_site
    assert findings(errors, content) == findings(report.errors, content)
    assert not output.exists()
    # Every message is a sentence for an editor, never a Python exception.
    for message in errors:
        assert not re.search(r"Traceback|Error:|Errno|Exception", message), message


# --- The map a good build writes, under a real nginx ---------------------------------

ARTICLE = "/tin-tuc/2019/08/bai-{n}/"


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory):
    """A site whose articles carry the odd-but-valid old addresses, behind nginx."""
    root = tmp_path_factory.mktemp("legacy-nginx")
    files = {f"news/bai-{n}.md": article(f"Bài {n}", "Legacy-URL", value)
             for n, value in enumerate(INERT_LEGACY_URLS)}
    write_files(root / "content", files)
    release = root / "srv/releases/r1"
    sitebuild.build_site(ROOT / "pelicanconf.py", release, PATH=str(root / "content"),
                     CACHE_PATH=str(root / "cache"), SITEURL="", RELATIVE_URLS=True)
    (root / "srv/current").symlink_to(release)
    server = Nginx(root / "nginx", root / "srv").start()
    yield release, server
    server.stop()


def request(server, path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_the_map_is_quoted_and_passes_the_gate_and_nginx_t(nginx_site):
    release, _ = nginx_site
    lines = (release / "nginx/legacy-redirects.map").read_text().splitlines()
    assert len(lines) == len(INERT_LEGACY_URLS)
    entry = re.compile(r'"/[^"\s]*" "/tin-tuc/2019/08/bai-\d/";')
    assert all(entry.fullmatch(line) for line in lines)
    assert releases.check_release(release) == []


@pytest.mark.parametrize("n,value", list(enumerate(INERT_LEGACY_URLS)))
def test_each_old_address_redirects_to_its_own_article(nginx_site, n, value):
    _, server = nginx_site
    status, location = request(server, INERT_LEGACY_URLS[value])
    assert (status, location) == (301, ARTICLE.format(n=n))


@pytest.mark.parametrize("path", [
    "//evil.example/", "///evil.example/", "/\\evil.example/",
    "/%2f%2fevil.example/", "/a%0d%0aLocation:%20http://evil.example/x",
    "/a%22%3B%20default%20//evil.example", "/Default.aspx?tabid=62&ID=99&x=//evil",
    "/tin-tuc/2019/08/bai-0", "/%5cevil.example", "/$host",
])
def test_no_request_is_redirected_to_another_host(nginx_site, path):
    _, server = nginx_site
    status, location = request(server, path)
    if location is not None:
        assert location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("line", [
    '"/a" "/b/";}',
    '"/a" "//evil.example/";',
    '"/a" "http://evil.example/";',
    '"/a" "/b/"; "/" "//evil.example/";',
    "~.* //evil.example/;",
    "default //evil.example/;",
    '"/a" "$http_x_target";',
    "include /etc/nginx/*.conf;",
    '"/a" /b/;',
])
def test_the_gate_refuses_a_tampered_map(nginx_site, tmp_path, line):
    release, _ = nginx_site
    copy = tmp_path / "release"
    shutil.copytree(release / "nginx", copy / "nginx")
    with (copy / "nginx/legacy-redirects.map").open("a") as handle:
        handle.write(line + "\n")
    failures = releases.check_release(copy)
    assert failures and failures[0].startswith("[E-NGINX-MAP] nginx/legacy-redirects"
                                               ".map:7:")


def test_nginx_t_refuses_what_nginx_would_refuse(tmp_path):
    (tmp_path / "nginx").mkdir()
    (tmp_path / "nginx/bad.map").write_text('"/a" "/b/";\n"/c" "/d/";}\n')
    [map_line, config] = releases.check_release(tmp_path)
    assert map_line.startswith("[E-NGINX-MAP] nginx/bad.map:2:")
    assert config.startswith("[E-NGINX-CONFIG]") and "nginx/bad.map:2" in config


# --- A failed reload is a failed publish ---------------------------------------------

def test_a_failed_reload_fails_the_publish_and_says_the_map_is_stale(tmp_path):
    write_files(tmp_path / "content", {
        "news/a.md": article("Bài có địa chỉ cũ", "Legacy-URL", "/Pages/a.aspx?ID=1"),
        **menu_pages(),
    })
    target = tmp_path / "srv"
    with pytest.raises(sitebuild.ReloadFailed) as failure:
        sitebuild.publish_site(report=lambda _: None, content_check=False,
                           PATH=str(tmp_path / "content"),
                           CACHE_PATH=str(tmp_path / "cache"),
                           DEPLOY_BUILD_DIR=str(tmp_path / "dist"),
                           DEPLOY_TARGET=str(target),
                           DEPLOY_RELOAD_COMMAND="echo 'nginx: [emerg] x' >&2; exit 1")
    assert "DEPLOY_RELOAD_COMMAND" in str(failure.value)
    assert "CŨ" in str(failure.value) and "nginx: [emerg] x" in str(failure.value)
    # The release is live all the same: only the map nginx holds is old.
    result = failure.value.result
    assert (target / "current").resolve().name == result.release


def test_invoke_publish_exits_non_zero_when_the_reload_fails(monkeypatch, capsys):
    result = releases.PublishResult("20261202-010203-004", None)
    stale = sitebuild.ReloadFailed(sitebuild.publish.reload_failed_message("exit 1"))
    stale.result = result

    def publish_site(settings):
        raise stale

    monkeypatch.setattr(sitebuild.publish, "publish_site", publish_site)
    monkeypatch.setattr(tasks, "init_logging", lambda: None)
    with pytest.raises(SystemExit) as exit_status:
        tasks.publish.body(None)
    assert exit_status.value.code == 1
    err = capsys.readouterr().err
    assert "Trang đã chuyển sang 20261202-010203-004" in err and "CŨ" in err
