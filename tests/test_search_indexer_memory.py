"""Pagefind's peak memory is its own, not the build's (site_search.indexer)."""

import sys
import tempfile

import pytest
from site_search.indexer import SearchIndexError, run_pagefind

SMALL = [sys.executable, "-c", "print('indexed')"]


def test_the_peak_is_the_child_s_own_however_large_the_build_is():
    ballast = bytearray(400 * 2**20)  # the build's process, holding its pages
    ballast[::4096] = b"x" * len(ballast[::4096])  # resident, not just reserved
    with tempfile.TemporaryFile() as log:
        peak = run_pagefind(SMALL, log)
        log.seek(0)
        assert log.read().strip() == b"indexed"
    assert 0 < peak < 100 * 2**20
    del ballast


def test_a_failed_run_names_its_code_and_output():
    with tempfile.TemporaryFile() as log, pytest.raises(SearchIndexError) as failure:
        run_pagefind([sys.executable, "-c", "print('hỏng'); raise SystemExit(3)"], log)
    assert "mã 3" in str(failure.value) and "hỏng" in str(failure.value)


def test_a_killed_run_says_the_signal():
    command = [sys.executable, "-c",
               "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
    with tempfile.TemporaryFile() as log, pytest.raises(SearchIndexError) as failure:
        run_pagefind(command, log)
    assert "mã -9" in str(failure.value)


def test_a_missing_program_cannot_be_run():
    with tempfile.TemporaryFile() as log, pytest.raises(SearchIndexError) as failure:
        run_pagefind(["/nonexistent/pagefind", "--site", "x"], log)
    assert str(failure.value).startswith("không chạy được /nonexistent/pagefind: ")
