"""Every page of the sample site is valid HTML for the Nu Html Checker (vnu.jar)."""

import json
import subprocess


def test_vnu_reports_no_error_on_any_page(sample_site, node_modules):
    pages = sorted(sample_site.output.rglob("*.html"))
    assert len(pages) >= 7  # home, news list, category, articles, pages, 404
    from test_browser import PORTAL_INFO_PAGES, SCIENCE_TASK_PAGES

    checked = {p.relative_to(sample_site.output).as_posix() for p in pages}
    assert {f"{path}index.html" for path in PORTAL_INFO_PAGES} <= checked
    assert {f"{path}index.html" for path in SCIENCE_TASK_PAGES} <= checked
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(node_modules / "vnu-jar" / "build" / "dist" / "vnu.jar"),
            "--errors-only",
            "--format",
            "json",
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)  # vnu writes JSON to stderr
    errors = [
        f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == []
    assert result.returncode == 0
