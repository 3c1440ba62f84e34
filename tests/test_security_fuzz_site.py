"""Fuzz: hostile news articles through the checker and the build, and the site.

(test_security_fuzz.py fuzzes every content type's parsing; this one fuzzes
what a successful build publishes.)

Hypothesis writes one news article (and a page) from pieces an attacker or a
careless editor would use: markup and script in every field, obfuscated
``javascript:`` links, control characters, paths that climb out of their folder
or name another part of the site, nginx syntax in slugs and legacy URLs. For
every example:

- the checker never raises: it reports coded findings, each naming a file
  under content/ and a line;
- the build (run even when the checker refused, as `make html` would not, and
  half the time with EDITOR_HTML_REFUSE off, so that what the sanitiser lets
  through is published and examined) either fails, with every error naming a
  content file, a line and a code, and the output folder as it was; or it
  succeeds, and then no page, feed or search record carries executable content,
  every file lies where its owner writes, the theme's own files are untouched,
  and the nginx redirect map is accepted by a real ``nginx -t`` and sends no one
  to another host.
"""

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from servers import Nginx

import tasks

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pelicanconf.py"
SITEURL = "https://sokhcn.example.vn"

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[bấm](javascript:alert(1))",
    "[bấm][r]\n\n[r]: JaVaScRiPt:alert(1)",
    "<javascript:alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">'
    "x</a>",
    "<svg/onload=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><button formaction="javascript:alert(1)">x'
    "</button></form>",
    "<style>body{background:url(https://evil.example/x)}</style>",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<scr\nipt>alert(1)</scr\nipt>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'-alert(1)-'",
    "{{ 7*7 }}{% if 1 %}x{% endif %}",
    "<details open ontoggle=alert(1)>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "\x0b", "\x00", "\u202e", "\ufeff", "\r\n", "\t",
    "; } server { listen 80; }", "$host", '"', "'", "\\", "%0d%0aLocation: x",
    "//evil.example/", "https://evil.example/", "../../../../etc/passwd", "/etc",
    "/", "/404.html", "/index.html", "/tin-tuc/", "/theme/js/portal.js",
    "index.html", "404.html", "nginx/legacy-redirects.map", "theme/css/x.css",
    "a" * 300,
]
VIETNAMESE = [
    "Sơ kết công tác xây dựng Đảng", "Hội nghị triển khai nhiệm vụ năm 2019",
    "Tiêu chuẩn đo lường chất lượng", "số 3/2019", "Đường mới", "ISO 9001:2015",
]
CATEGORIES = ["Xây dựng Đảng - Đoàn thể", "Khoa học - Công nghệ"]
DATES = ["09/08/2019 08:00", "31/12/2019", "2019-08-09"]

# Ordinary Vietnamese half of the time, so that many examples build and their
# output is examined, not only refused.
ordinary = st.sampled_from(VIETNAMESE)
# Random text without control characters (HOSTILE has those, few and named), or
# nearly every example would stop at E-CONTROL-CHAR.
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
piece = st.one_of(ordinary, ordinary, st.sampled_from(HOSTILE), printable)
text = st.lists(piece, min_size=1, max_size=4).map(" ".join)
optional = st.one_of(*[st.none()] * 3, text)


@st.composite
def articles(draw):
    """Front matter fields (None: left out) and a body."""
    fields = {
        "Title": draw(text),
        "Date": draw(st.one_of(*[st.sampled_from(DATES)] * 3, text)),
        "Category": draw(st.one_of(*[st.sampled_from(CATEGORIES)] * 3, text)),
        "Author": draw(optional),
        "Summary": draw(optional),
        "Slug": draw(optional),
        "Legacy-URL": draw(optional),
        "Url": draw(optional),
        "Save_as": draw(optional),
    }
    body = "\n\n".join(draw(st.lists(text, min_size=1, max_size=5)))
    return fields, body


def write_article(content, fields, body):
    """Write the article with fields in one line each (newlines folded to spaces)."""
    lines = []
    for key, value in fields.items():
        if value is not None:
            lines.append(f"{key}: {value.replace(chr(10), ' ').replace(chr(13), ' ')}")
    path = content / "news" / "2019" / "bai-thu.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n\n" + body + "\n", encoding="utf-8")
    page = content / "pages" / "gioi-thieu.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("Title: Giới thiệu\nSlug: gioi-thieu\n\nGiới thiệu Sở.\n",
                    encoding="utf-8")
    return path


# "file.md:12: [E-CODE] message" (the file shown relative to the working folder).
CODED = re.compile(
    r"(?P<path>[^\s:][^:]*\.md):(?P<line>\d+): \[(?P<code>[EW]-[A-Z0-9-]+)\]")


def run_checker(content):
    """The checker's (status, printed findings); a Python exception fails the test."""
    from content_check.cli import main

    printed = io.StringIO()
    with contextlib.redirect_stderr(printed), contextlib.redirect_stdout(io.StringIO()):
        status = main(["--settings", str(CONFIG), "--path", str(content)])
    # One finding a line: only "\n" ends one (a message may quote a control character).
    findings = [line for line in printed.getvalue().split("\n") if line.strip()]
    return status, findings


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset",
                  "xlink:href", "background")
SCRIPTY = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
THEME_FORM = re.compile(r"(^|/)(luu-tru|tim-kiem)/$|(^|/)phan-hoi/gui/[a-z-]+$")
THEME_SCRIPT = re.compile(r"(^|/)theme/js/[\w.-]+\.js$")
FORBIDDEN_TAGS = ("iframe", "object", "embed", "base", "frame", "frameset", "applet")


def executable_content(html, where):
    """Every reason ``html`` could run script or leave the site; empty when inert."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"{where}: <{tag.name} {name}=...>")
            if name.lower() in URL_ATTRIBUTES:
                # Browsers drop tabs and newlines inside a URL's scheme.
                cleaned = re.sub(r"[\x00-\x20]", "", str(value))
                if SCRIPTY.match(cleaned):
                    problems.append(f"{where}: <{tag.name} {name}={value!r}>")
        if tag.name in FORBIDDEN_TAGS:
            problems.append(f"{where}: <{tag.name}>")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        if tag.name == "script":
            if tag.get("type") == "application/ld+json":
                data = tag.string or ""
                json.loads(data)  # JSON-LD must stay data
                if "<" in data:
                    problems.append(f"{where}: '<' inside JSON-LD")
            elif not THEME_SCRIPT.search(tag.get("src") or ""):
                problems.append(f"{where}: <script> not from the theme: {tag}")
    for tag in soup.select("main style, main link, main meta"):
        problems.append(f"{where}: <{tag.name}> inside the page's content")
    # The theme's own forms (search, date picker, the feedback service's forms)
    # send readers to this site only.
    for form in soup.find_all("form"):
        action = form.get("action") or ""
        if not THEME_FORM.search(action) or "//" in action.replace(SITEURL, ""):
            problems.append(f"{where}: a form to {action!r}")
    return problems


def site_problems(output):
    """Everything wrong with a built site (see the module docstring)."""
    problems = []
    for path in sorted(output.rglob("*")):
        if path.is_symlink():
            problems.append(f"symlink in the output: {path}")
        if not path.is_file():
            continue
        relative = path.relative_to(output).as_posix()
        if path.suffix == ".html":
            problems += executable_content(path.read_text(encoding="utf-8"), relative)
        elif path.suffix == ".xml":
            for item in BeautifulSoup(path.read_text(encoding="utf-8"), "xml").find_all(
                    ["content", "description", "summary"]):
                problems += executable_content(item.get_text(), relative)
    # The theme's own files are the theme's, byte for byte.
    for source in (ROOT / "theme" / "static").rglob("*"):
        if source.is_file():
            built = output / "theme" / source.relative_to(ROOT / "theme" / "static")
            if built.is_file() and built.read_bytes() != source.read_bytes():
                problems.append(f"theme file replaced: {built}")
    # The home page and the 404 page are the theme's, not a redirect page.
    for page in (output / "index.html", output / "404.html"):
        if not page.exists() or "refresh" in page.read_text(encoding="utf-8").lower():
            problems.append(f"{page.name} missing or replaced by a redirect")
    return problems


def nginx_accepts(output, workdir):
    """(accepted, nginx's words) for the site conf with this build as ``current``."""
    site_root = workdir / "site"
    site_root.mkdir()
    (site_root / "current").symlink_to(output)
    server = Nginx(workdir / "nginx", site_root)
    done = subprocess.run(
        ["nginx", "-t", "-p", str(server.workdir),
         "-c", str(server.workdir / "nginx.conf"), "-e", str(server.log)],
        capture_output=True, text=True, check=False)
    return done.returncode == 0, done.stderr


def redirect_targets(output):
    """The targets of the legacy redirect map, if the build wrote one."""
    found = list(output.glob("nginx/*.map"))
    targets = []
    for map_file in found:
        for line in map_file.read_text(encoding="utf-8").splitlines():
            parts = line.strip().rstrip(";").split(None, 1)
            if len(parts) == 2 and not line.lstrip().startswith("#"):
                targets.append(parts[1].strip("'\""))
    return targets


@pytest.mark.skipif(shutil.which("nginx") is None,
                    reason="needs nginx (make test installs it)")
# 30 sites keep the suite within its time (1–2 s each); FUZZ_SITES=500 explores
# further by hand (derandomized: the first 30 are always the same examples).
@settings(max_examples=int(os.environ.get("FUZZ_SITES", 30)),
          deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(article=articles(), refuse_markup=st.booleans())
# Found by this test: Pelican's own English refusal came next to our coded one.
@example(article=({"Title": "Tin", "Date": DATES[0], "Category": CATEGORIES[0],
                   "Author": "Thu Hà", "Summary": None, "Slug": None,
                   "Legacy-URL": None, "Url": None, "Save_as": "//evil.example/"},
                  "Nội dung."), refuse_markup=False)
def test_hostile_article_is_refused_or_inert(article, refuse_markup, tmp_path_factory):
    fields, body = article
    workdir = tmp_path_factory.mktemp("fuzz")
    content = workdir / "content"
    source = write_article(content, fields, body)

    _, findings = run_checker(content)
    for finding in findings[:-1]:  # the last line counts them
        assert CODED.search(finding), f"a finding without file, line, code: {finding}"

    output = workdir / "output"
    output.mkdir()
    (output / "previous.txt").write_text("the site as it was")
    try:
        tasks.build_site(CONFIG, output, PATH=str(content),
                         CACHE_PATH=str(workdir / "cache"), SITEURL=SITEURL,
                         RELATIVE_URLS=False, EDITOR_HTML_REFUSE=refuse_markup)
    except tasks.BuildFailed as failure:
        for error in failure.errors:
            assert CODED.search(error), f"a build error without file/line/code: {error}"
        assert [p.name for p in output.iterdir()] == ["previous.txt"]
        event("refused by the build: " + " ".join(sorted(
            {CODED.search(error).group("code") for error in failure.errors})))
        return
    event("built")

    problems = site_problems(output)
    assert not problems, "\n".join(problems)
    for target in redirect_targets(output):
        assert target.startswith("/") and not target.startswith("//"), target
    accepted, words = nginx_accepts(output, workdir)
    assert accepted, f"nginx -t refused the built site's config:\n{words}"
    assert source.exists()
