"""The editors' commands behind `invoke new-*` and `invoke import-legacy`.

Each reads the development settings, runs the tool and prints the outcome in
Vietnamese; a refusal exits with the reason (SystemExit), nothing half-written.
Settings: the whole of pelicanconf.py (CONFIG["settings_dev"]).
"""

import shlex
import sys
from pathlib import Path

from sitebuild.project import CONFIG, ROOT


def site_settings():
    """The development settings, as the checker reads them."""
    from content_check.cli import load_settings

    return load_settings(CONFIG["settings_dev"])


def create(function, **arguments):
    """Create one content file with ``function`` (editorial.new_content) and say where."""
    from editorial.new_content import NewContentError

    try:
        path = function(site_settings(), **arguments)
    except NewContentError as error:
        sys.exit(f"Không tạo được: {error}")
    print(f"Đã tạo {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def import_legacy(path, **options):
    """Import the pages in ``path`` (space-separated, shell-quoted) and report each."""
    from editorial import legacy_import

    paths = [Path(p) for p in shlex.split(path)]
    try:
        results = legacy_import.import_paths(site_settings(), paths, **options)
    except legacy_import.ImportFailed as error:
        sys.exit(f"Không nhập được: {error}")
    for result in results:
        print(f"{result.action}: {result.path}")
        for caption in result.captions:
            print(f"    chú thích ảnh: {caption}")
        for warning in result.warnings:
            print(f"    cảnh báo: {warning}")
