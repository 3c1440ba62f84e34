"""The Debian packages the test suite drives for real, and their installer.

Settings / Templates / Signals: none. Errors: SystemExit when a package is missing
and we are not root.
"""

import os
import shutil
import sys
from pathlib import Path

# Debian packages the test suite drives for real (servers, browser). Plugins and
# tasks that need one more add it here; `invoke test` installs what is missing.
SYSTEM_PACKAGES = {
    # command on PATH (or absolute path): Debian package that provides it
    "/usr/bin/chromium": "chromium",  # browser tests (Playwright drives it)
    "java": "default-jre-headless",  # the Nu Html Checker (vnu.jar)
    # deploy tests: a real web server, SSH server and rsync on 127.0.0.1
    "nginx": "nginx",
    "/usr/sbin/sshd": "openssh-server",
    "ssh": "openssh-client",
    "rsync": "rsync",
    "flock": "util-linux",
    # the feedback service's tests: a throw-away PostgreSQL cluster on 127.0.0.1
    "/usr/lib/postgresql": "postgresql",
}


def missing_packages():
    """The Debian packages whose command is not installed, sorted."""
    return sorted({
        package for command, package in SYSTEM_PACKAGES.items()
        if not (Path(command).exists() if "/" in command else shutil.which(command))
    })


def install_system_packages(run):
    """Install what is missing with apt-get; ``run`` is invoke's ``c.run``."""
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("Thiếu gói hệ thống (cần quyền root để cài): " + " ".join(missing))
    print("Cài gói hệ thống: " + " ".join(missing))
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get update -q", env=env, hide="out")
    run("apt-get install -y -q --no-install-recommends " + " ".join(missing),
        env=env, hide="out")
