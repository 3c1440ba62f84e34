"""Installed package: modules import normally, and no project file edits sys.path."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

# Folders that are not the project's own Python code.
NOT_OURS = {".git", ".venv", "node_modules", "output", "cache", "dist", "build",
            "test-artifacts", "__pycache__"}


def project_python_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders
                         if name not in NOT_OURS and not name.startswith("output.")
                         and not name.endswith(".egg-info")]
        yield from (Path(folder) / name for name in files if name.endswith(".py"))


def test_no_python_file_outside_tests_edits_sys_path():
    files = [path for path in project_python_files()
             if not path.is_relative_to(ROOT / "tests")]
    assert len(files) > 50  # the walk really reached plugins/ and bench/
    offenders = [path.relative_to(ROOT).as_posix() for path in files
                 if "sys.path" in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_plugins_and_tools_import_from_the_installed_package(tmp_path):
    # A fresh interpreter, away from the checkout and without PYTHONPATH: only the
    # editable install can make these importable.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    names = ["content_check", "source_errors", "releases", "sitebuild.build",
             "sitebuild.publish", "editorial.commands", "bulletins", "qa"]
    done = subprocess.run(
        [sys.executable, "-c", "import importlib, sys\n"
         f"for name in {names!r}:\n"
         "    print(importlib.import_module(name).__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for line in done.stdout.split():
        assert line.startswith(str(ROOT / "plugins")), line


def test_the_package_reads_its_dependencies_from_requirements_txt():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "dependencies" in project["dynamic"]
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert tool["dynamic"]["dependencies"]["file"] == ["requirements.txt"]


def test_no_script_shadows_a_package_of_plugins():
    # `python bench/x.py` puts bench/ first on the import path: a bench/images.py
    # made `import images.images` (the image pool's workers) fail with
    # "'images' is not a package", and the bench's build with it.
    packages = {path.name for path in (ROOT / "plugins").iterdir()
                if (path / "__init__.py").exists()}
    scripts = {path.stem for folder in ("bench", "tests")
               for path in (ROOT / folder).glob("*.py")}
    assert len(packages) > 20
    assert sorted(scripts & packages) == []
