"""The build's check reads one file at a time and finds what reading every file
first finds (content_check.runner: file rules, and corpus rules naming their types)."""

import weakref
from pathlib import Path

from conftest import write_files
from content_check import runner
from content_check.runner import CheckContext
from test_content_check import BROKEN, COMPANIONS, OVERRIDES
from test_documents import LIBRARY, document


def reference(settings):
    """Every file read first, then each rule in order, as before (and as the CLI)."""
    runner.load_rule_modules()
    context = CheckContext(settings, Path(settings["PATH"]).resolve(), True)
    sources = runner.collect(settings, context.content_root)
    found = []
    for rule in runner.RULES:
        if not rule.in_build:
            continue
        if rule.scope == "file":
            found += [f for source in sources
                      for f in rule.function(source, context) or ()]
        else:
            found += list(rule.function(sources, context) or ())
    found.sort(key=lambda f: (str(f.path), f.line or 0, f.code))
    return found, len(sources)


def test_the_build_checks_file_by_file_with_the_same_findings(tmp_path, site_settings,
                                                              monkeypatch):
    files = {path: data for path, data, _ in BROKEN.values()}
    files.update(COMPANIONS)
    files.update(LIBRARY)
    files["documents/2025/trung.md"] = document(  # E-DOC-NUMBER-DUPLICATE
        "603/SKHCN-TĐC", "Một công văn khác cùng số", issued="12/06/2025",
        doc_type="Công văn", files=("qd.pdf",))
    write_files(tmp_path / "content", {
        k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()})
    settings = site_settings(**OVERRIDES)
    expected, files_read = reference(settings)
    assert "E-DOC-NUMBER-DUPLICATE" in {f.code for f in expected}

    held, most_alive = [], []
    load = runner.source_module.load

    def counting_load(*args, **kwargs):
        source = load(*args, **kwargs)
        held.append(weakref.ref(source))
        most_alive.append(sum(ref() is not None for ref in held))
        return source

    monkeypatch.setattr(runner.source_module, "load", counting_load)
    result = runner.run(settings, in_build=True)
    assert [(str(f), getattr(f, "related", None)) for f in result.findings] == [
        (str(f), getattr(f, "related", None)) for f in expected]
    assert result.files_checked == files_read
    # Only the documents (a corpus rule's type) stay until the end, with the file
    # being read and the one before it.
    documents = sum(1 for path in files if path.startswith("documents/"))
    assert len(held) > documents + 10 and max(most_alive) <= documents + 2
