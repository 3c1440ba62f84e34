"""`invoke next-change`: declared moments, scheduled articles, midnight countdowns.

A small site of its own: a scheduled article and a test plugin type whose
``changes_at`` is its ``Closes:`` date, so it does not depend on the documents' or
the science tasks' types. The clock is frozen with BUILD_NOW.
"""

import subprocess
import sys
import textwrap
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, write_files
from next_change import next_change
from pelican import Pelican
from pelican.settings import read_settings

import pelicanconf

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

CALLS_PLUGIN = '''
from datetime import datetime, time
from zoneinfo import ZoneInfo
from content_types import ContentType, register_content_type
from content_types.generator import ContentTypeGenerator
from pelican import signals
from pelican.contents import Page
from vn_dates.parsing import parse_editor_date


class Call(Page):
    default_template = "page"


def closing(call, settings):
    day = parse_editor_date(call.metadata["closes"])
    tz = ZoneInfo(settings["TIMEZONE"])
    return [datetime.combine(day.date(), time(23, 59, 59), tzinfo=tz)]


CALL_TYPE = register_content_type(ContentType(
    "testcall", Call, "TESTCALL_PATHS", ("calls",),
    required=("title", "date", "closes"), context_key="testcalls",
    label="Thông báo thử", changes_at=closing,
))


class CallsGenerator(ContentTypeGenerator):
    content_type = CALL_TYPE

    def generate_context(self):
        self.finalize([c for c in self.read_all() if self.is_public(c)])


def defaults(pelican):
    for key, value in {"TESTCALL_PATHS": ["calls"], "CALL_URL": "goi/{slug}/",
                       "CALL_SAVE_AS": "goi/{slug}/index.html"}.items():
        pelican.settings.setdefault(key, value)


def get_generators(pelican):
    return CallsGenerator


def register():
    signals.initialized.connect(defaults)
    signals.get_generators.connect(get_generators)
'''

FILES = {
    "calls/goi-1.md": """\
        Title: Thông báo tuyển chọn nhiệm vụ năm 2027
        Date: 01/06/2026
        Closes: 30/06/2026

        Hồ sơ nộp trước ngày 30/06/2026.
        """,
    "news/2026/hen-gio.md": """\
        Title: Bài hẹn giờ
        Date: 20/06/2026 08:30
        Category: Hoạt động của Sở
        Author: Ban biên tập

        Nội dung.
        """,
    "news/2026/nhap.md": """\
        Title: Bài nháp
        Date: 10/06/2026 09:00
        Status: draft
        Category: Hoạt động của Sở

        Nội dung.
        """,
}


@pytest.fixture
def site(tmp_path):
    plugin = tmp_path / "extra_plugins" / "calls_demo"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(CALLS_PLUGIN, encoding="utf-8")
    write_files(tmp_path / "content", {k: textwrap.dedent(v) for k, v in FILES.items()})
    overrides = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"),
                 "PLUGIN_PATHS": [str(ROOT / "plugins"), str(plugin.parent)],
                 "PLUGINS": [*pelicanconf.PLUGINS, "calls_demo"]}

    def at(now, **extra):
        settings = read_settings(str(ROOT / "pelicanconf.py"),
                                 override={**overrides, "BUILD_NOW": now, **extra})
        return Pelican(settings)

    at.overrides = overrides
    return at


def moment(*parts):
    return datetime(*parts, tzinfo=TZ)


def test_next_midnight_while_a_deadline_counts_down(site):
    first, _ = next_change(site(moment(2026, 6, 15, 10, 0)))
    assert first.moment == moment(2026, 6, 16, 0, 0)
    assert "còn N ngày" in first.reason


def test_the_scheduled_article_and_the_deadline_itself(site):
    # On the 19th at 23:00, midnight comes first; at 00:30 on the 20th, the
    # article (08:30) comes before the next midnight.
    first, _ = next_change(site(moment(2026, 6, 20, 0, 30)))
    assert (first.moment, first.source) == (moment(2026, 6, 20, 8, 30),
                                             "news/2026/hen-gio.md")
    # The last day: the deadline at 23:59:59 comes before midnight.
    first, _ = next_change(site(moment(2026, 6, 30, 12, 0)))
    assert (first.moment, first.source) == (moment(2026, 6, 30, 23, 59, 59),
                                             "calls/goi-1.md")


def test_nothing_after_the_deadline_and_drafts_are_not_scheduled(site):
    first, _ = next_change(site(moment(2026, 7, 1, 8, 0)))
    assert first is None


def test_countdown_range_setting(site):
    # With countdowns shown only 5 days before, midnight on 15/06 is no change:
    # the article on the 20th is next.
    first, _ = next_change(site(moment(2026, 6, 15, 10, 0), NEXT_CHANGE_COUNTDOWN_DAYS=5))
    assert first.moment == moment(2026, 6, 20, 8, 30)


def test_changed_within(site):
    from datetime import timedelta
    hour = timedelta(minutes=60)
    assert next_change(site(moment(2026, 6, 20, 9, 0)), since=hour)[1] is True
    assert next_change(site(moment(2026, 6, 20, 10, 0)), since=hour)[1] is False
    assert next_change(site(moment(2026, 7, 1, 0, 30)), since=hour)[1] is True


def test_invoke_prints_vietnamese_and_iso(site, tmp_path):
    settings = tmp_path / "settings.py"
    settings.write_text(textwrap.dedent(f"""\
        from datetime import datetime
        from zoneinfo import ZoneInfo
        from pelicanconf import *
        PATH = {site.overrides["PATH"]!r}
        CACHE_PATH = {site.overrides["CACHE_PATH"]!r}
        PLUGIN_PATHS = {site.overrides["PLUGIN_PATHS"]!r}
        PLUGINS = {site.overrides["PLUGINS"]!r}
        BUILD_NOW = datetime(2026, 6, 20, 0, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        """), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "invoke", "next-change",
                               "--settings", str(settings), *args], cwd=ROOT,
                              capture_output=True, text=True, env={
                                  "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})

    printed = run()
    assert printed.returncode == 0, printed.stderr
    assert "Lần thay đổi tiếp theo: 20/06/2026 08:30 (2026-06-20T08:30:00+07:00)" in printed.stdout
    assert run("--iso").stdout == "2026-06-20T08:30:00+07:00\n"
    assert run("--systemd").stdout == "2026-06-20 01:30:00 UTC\n"

