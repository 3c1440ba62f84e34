"""`invoke install-hooks`: a real git repository refuses a commit of broken content."""

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from editorial.hooks import HookExists, install_pre_commit

GOOD = ("Title: Tin tốt\nDate: 01/02/2020\nAuthor: Việt Hưng\nCategory: Thanh tra\n"
        "Summary: Tóm tắt.\n\nBài.\n")
BROKEN = GOOD.replace("Bài.", "Bài.\n\n<iframe src='https://x.example'></iframe>")


def git(repo, *args, check=True):
    return subprocess.run(
        ["git", "-c", "user.name=Biên tập", "-c", "user.email=bt@example.test",
         *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.fixture
def repo(tmp_path):
    """A site repository: settings, plugins, theme and one good article."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "site"
    repo.mkdir()
    shutil.copy(ROOT / "pelicanconf.py", repo)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "plugins", repo / "plugins", ignore=ignore)
    shutil.copytree(ROOT / "theme", repo / "theme", ignore=ignore)
    (repo / "content/news").mkdir(parents=True)
    (repo / "content/news/tot.md").write_text(GOOD, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Khởi tạo")
    install_pre_commit(repo, python=sys.executable)
    return repo


def test_commit_with_a_content_error_is_refused(repo):
    (repo / "content/news/xau.md").write_text(BROKEN, encoding="utf-8")
    git(repo, "add", "content/news/xau.md")
    commit = git(repo, "commit", "-m", "Bài lỗi", check=False)
    assert commit.returncode != 0
    assert "content/news/xau.md:9: [E-RAW-HTML]" in commit.stderr
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1


def test_clean_commit_passes_and_warnings_do_not_block(repo):
    (repo / "content/news/moi.md").write_text(
        GOOD.replace("Tin tốt", "Tin mới").replace("Summary: Tóm tắt.\n", ""),
        encoding="utf-8")
    git(repo, "add", "-A")
    commit = git(repo, "commit", "-m", "Bài mới", check=False)
    assert commit.returncode == 0, commit.stderr
    assert "W-SUMMARY-MISSING" in commit.stderr


def test_only_staged_files_are_judged(repo):
    (repo / "content/news/nhap.md").write_text(BROKEN, encoding="utf-8")  # not staged
    (repo / "README").write_text("x")
    git(repo, "add", "README")
    assert git(repo, "commit", "-m", "Khác", check=False).returncode == 0


def test_staged_file_colliding_with_a_committed_one_is_refused(repo):
    (repo / "content/news/trung.md").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "-A")
    commit = git(repo, "commit", "-m", "Trùng", check=False)
    assert commit.returncode != 0
    assert "E-URL-COLLISION" in commit.stderr


def test_a_staged_file_colliding_with_an_unstaged_one_names_both(repo):
    # The first commit leaves the unstaged draft's front matter in cache/check/;
    # the second hook reads it from there and still finds the collision.
    # Its Title: on line 2: the line reported comes from the cache.
    (repo / "content/news/nhap.md").write_text(
        "Status: published\n" + GOOD.replace("Tin tốt", "Tin nháp"), encoding="utf-8")
    (repo / "content/news/khac.md").write_text(GOOD.replace("Tin tốt", "Tin khác"),
                                               encoding="utf-8")
    git(repo, "add", "content/news/khac.md")
    assert git(repo, "commit", "-m", "Khác", check=False).returncode == 0
    assert list((repo / "cache/check").glob("*.json"))
    (repo / "content/news/trung.md").write_text(GOOD.replace("Tin tốt", "Tin nháp"),
                                                encoding="utf-8")
    git(repo, "add", "content/news/trung.md")
    commit = git(repo, "commit", "-m", "Trùng", check=False)
    assert commit.returncode != 0
    assert ("content/news/nhap.md:2: [E-URL-COLLISION] trùng địa chỉ "
            "'tin-tuc/2020/02/tin-nhap/index.html' với content/news/trung.md:1"
            ) in commit.stderr
    assert not [p for p in (repo / "content").rglob("*") if p.suffix == ".json"]


def test_a_foreign_hook_is_not_replaced_without_force(repo):
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    with pytest.raises(HookExists):
        install_pre_commit(repo)
    install_pre_commit(repo, python=sys.executable, force=True)
    assert (repo / ".git/hooks/pre-commit.bak").read_text() == "#!/bin/sh\nexit 0\n"
    assert "content_check" in hook.read_text()
