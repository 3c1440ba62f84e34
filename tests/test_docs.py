"""The documentation: built by MkDocs in strict mode, complete, offline, and a README
that stays a front door.

The handbook's table of error codes is generated from the checker's registry while
the docs are built; here it is compared with the codes the plugins' code can report
(every E-/W- code written in a string of plugins/, docstrings aside).
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"(?<![\w-])([EW]-[A-Z0-9]+(?:-[A-Z0-9]+)*)(?![\w-])")


def mkdocs_build(config, site_dir):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(config), "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory):
    site = tmp_path_factory.mktemp("site-docs")
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site, result


def _docstrings(tree):
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, nodes) and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def codes_in_plugins():
    """Every code written in a string of plugins/ (messages, rule declarations,
    log lines), not in docstrings or comments, which only talk about codes."""
    codes = {}
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings):
                for code in CODE.findall(node.value):
                    codes.setdefault(code, path.relative_to(ROOT))
    return codes


def test_strict_build_has_no_warning(built_docs):
    _, result = built_docs
    assert "WARNING" not in result.stderr, result.stderr


def test_every_code_the_plugins_can_report_is_in_the_handbook(built_docs):
    site, _ = built_docs
    page = BeautifulSoup((site / "bien-tap" / "ma-loi.html").read_text("utf-8"),
                         "html.parser")
    rows = {}
    for anchor in page.select("td code[id]"):  # each code's row, linkable: #e-date
        cells = anchor.find_parent("tr").find_all("td")
        rows[cells[0].get_text(strip=True)] = [c.get_text(strip=True) for c in cells]
    expected = codes_in_plugins()
    assert len(expected) > 60  # the scan found the codes, not nothing
    missing = {code: str(path) for code, path in expected.items() if code not in rows}
    assert not missing, f"codes missing from docs/bien-tap/ma-loi.md: {missing}"
    for code, (_, kind, meaning, fix) in rows.items():
        assert kind == ("cảnh báo" if code.startswith("W-") else "lỗi"), code
        assert meaning and fix, code


VIETNAMESE_WORD = re.compile(
    r"[ăâđêôơưàáạảãằắặẳẵầấậẩẫèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]",
    re.IGNORECASE)


def test_the_editors_handbook_is_in_vietnamese(built_docs):
    site, _ = built_docs
    pages = sorted((site / "bien-tap").glob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        article = BeautifulSoup(page.read_text("utf-8"), "html.parser").article
        for code in article.find_all(["code", "pre"]):
            code.decompose()  # field names, commands and example files
        words = re.findall(r"[^\W\d_]+", article.get_text(" "))
        vietnamese = [w for w in words if VIETNAMESE_WORD.search(w)]
        assert len(vietnamese) > 0.3 * len(words), page.name


def test_the_docs_load_nothing_from_another_host(built_docs):
    site, _ = built_docs
    external = re.compile(r"""(?:src|href)=["']?(?:https?:)?//""")
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source"]):
            address = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"(?:https?:)?//", address), (page, str(tag))
        assert not external.search(str(soup.head)), page
    for asset in list(site.rglob("*.css")):
        assert "fonts.googleapis" not in asset.read_text("utf-8"), asset


def test_a_broken_link_or_a_missing_page_fails_the_build(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    with (docs / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n[trang không có](khong-co-trang-nay.md)\n")
    (docs / "bien-tap" / "hen-gio.md").unlink()  # named in the nav
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"hooks: [{ROOT / 'docs' / '_hooks' / 'error_codes.py'}]\n",
        encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "khong-co-trang-nay.md" in result.stderr
    assert "bien-tap/hen-gio.md" in result.stderr


def test_readme_is_a_short_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    first_block = readme.split("```")[1]
    assert "make html" in first_block and "make test" in first_block
    for target in re.findall(r"\]\(((?:docs/|SECURITY)[^)#]*)", readme):
        assert (ROOT / target).exists(), target
