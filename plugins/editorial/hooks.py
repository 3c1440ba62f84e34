"""The git pre-commit hook that runs the content checker on staged content files.

``invoke install-hooks`` writes it into the repository's hooks folder (found with
``git rev-parse --git-path hooks``, which also works in worktrees). The hook runs
``python -m content_check --staged`` from the top of the working tree with the
Python of the .venv that installed it (where the project is installed editable,
so content_check is importable); a commit with a content error is refused, with the
checker's messages. ``git commit --no-verify`` skips it once.
"""

import shlex
import subprocess
import sys
from pathlib import Path

MARKER = "# installed by `invoke install-hooks` (plugins/editorial/hooks.py)"

HOOK = """#!/bin/sh
{marker}
# Refuse a commit whose staged content files have errors. Skip once: --no-verify.
top=$(git rev-parse --show-toplevel) || exit 1
cd "$top" || exit 1
[ -f pelicanconf.py ] || exit 0
exec {python} -m content_check --staged --settings pelicanconf.py
"""


class HookExists(RuntimeError):
    """A pre-commit hook we did not write is already installed."""


def hooks_dir(repository):
    out = subprocess.run(
        ["git", "rev-parse", "--git-path", "hooks"], cwd=repository, check=True,
        capture_output=True, text=True,
    ).stdout.strip()
    return (Path(repository) / out).resolve()


def install_pre_commit(repository, python=None, force=False):
    """Write the hook; returns its path. Refuses to replace a foreign hook."""
    target = hooks_dir(repository) / "pre-commit"
    if target.exists() and MARKER not in target.read_text(errors="replace"):
        if not force:
            raise HookExists(
                f"{target} đã có hook khác; dùng --force để thay (bản cũ lưu .bak)")
        target.rename(target.with_suffix(".bak"))
    target.parent.mkdir(parents=True, exist_ok=True)
    python = python or sys.executable
    target.write_text(HOOK.format(marker=MARKER, python=shlex.quote(str(python))))
    target.chmod(0o755)
    return target
