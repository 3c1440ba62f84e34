"""Two builds or publishes from one checkout.

Two builds sharing one CACHE_PATH used to read each other's half-written caches,
and two publishes from one checkout delete each other's release folder. The
second now stops at once with a Vietnamese message naming the setting, and
touches nothing; once the first is done, it works.
"""

import subprocess
import sys

import pytest
from conftest import ROOT, write_files

import sitebuild

HOLD_LOCK = """
import fcntl, sys, time
handle = open(sys.argv[1], "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def other_process():
    """other_process(lock_file): another process, holding that lock till the end."""
    held = []

    def _hold(lock_file):
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock_file)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   text=True)
        assert process.stdout.readline() == "locked\n"
        held.append(process)
        return process

    yield _hold
    for process in held:
        process.stdin.close()
        process.wait(timeout=10)


ARTICLE = ("Title: Bài một\nDate: 09/08/2019\nCategory: Thanh tra\nSummary: Một.\n\n"
           "Nội dung.\n")


def test_a_second_build_on_one_cache_stops_and_keeps_the_output(tmp_path,
                                                                 other_process):
    write_files(tmp_path / "content", {"news/a.md": ARTICLE})
    settings = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "c")}
    output = sitebuild.build_site(ROOT / "pelicanconf.py", tmp_path / "out", **settings)
    first = (output / "tin-tuc/2019/08/bai-mot/index.html").read_bytes()

    holder = other_process(tmp_path / "c" / sitebuild.build.BUILD_LOCK)
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.build_site(ROOT / "pelicanconf.py", tmp_path / "out", **settings)
    [message] = failure.value.errors
    assert "CACHE_PATH" in message and "đang được một lần xây dựng khác dùng" in message
    assert (output / "tin-tuc/2019/08/bai-mot/index.html").read_bytes() == first

    holder.stdin.close()
    holder.wait(timeout=10)
    sitebuild.build_site(ROOT / "pelicanconf.py", tmp_path / "out", **settings)
    assert (tmp_path / "c" / sitebuild.build.BUILD_LOCK).exists()  # the cache purge keeps it


def test_a_second_publish_from_one_checkout_stops_before_building(tmp_path,
                                                                  other_process):
    write_files(tmp_path / "content", {"news/a.md": ARTICLE})
    other_process(tmp_path / "dist/.publish.lock")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        sitebuild.publish_site(report=lambda _: None, content_check=False,
                           PATH=str(tmp_path / "content"),
                           CACHE_PATH=str(tmp_path / "c"),
                           DEPLOY_BUILD_DIR=str(tmp_path / "dist"),
                           DEPLOY_TARGET=str(tmp_path / "srv"))
    assert "DEPLOY_BUILD_DIR" in str(failure.value)
    assert [p.name for p in (tmp_path / "dist").iterdir()] == [".publish.lock"]
    assert not (tmp_path / "srv").exists()
