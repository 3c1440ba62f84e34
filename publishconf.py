"""Production settings: everything from pelicanconf.py, plus what publishing needs.

`invoke publish` builds with this file into a fresh release folder, runs the quality
gate, then uploads the release (docs/van-hanh/xuat-ban.md).
"""

import os
import runpy
from pathlib import Path

# Everything from pelicanconf.py beside this file, read by path (as Pelican reads a
# settings file), so it works from any folder without putting one on the path.
_DEVELOPMENT = runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
globals().update({name: value for name, value in _DEVELOPMENT.items() if name.isupper()})

SITEURL = "https://sokhcn.phutho.gov.vn"
RELATIVE_URLS = False  # absolute links: the 404 page is served at any depth
# An absolute SITEURL turns on the RSS/Atom feeds (plugins/feeds).

# --- Assets: fingerprinted theme CSS/JS (cache-busting), production only -------------
PLUGINS = [*PLUGINS, "assets"]  # noqa: F821 (from pelicanconf.py)

# --- Deploy (invoke publish / invoke rollback) ----------------------------------------
# Where releases go: "user@host:/srv/sokhcn" over SSH, or a local "/srv/sokhcn". The
# environment overrides each, so CI keeps the host and key in its secrets.
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", "")
DEPLOY_SSH_PORT = int(os.environ.get("DEPLOY_SSH_PORT", "22"))
DEPLOY_SSH_KEY = os.environ.get("DEPLOY_SSH_KEY") or None  # path to a private key
DEPLOY_SSH_OPTIONS = []  # extra ssh options, e.g. ["-o", "UserKnownHostsFile=..."]
DEPLOY_KEEP_RELEASES = 5  # releases kept on the server, the live one always among them
DEPLOY_BUILD_DIR = "dist"  # local folder of built releases (relative to the project)
DEPLOY_BROTLI_QUALITY = 5  # .br copies too (None: gzip only); 5 is 40x faster than 9
DEPLOY_RSYNC_OPTIONS = []  # extra rsync options, e.g. ["--bwlimit=2000"]
# Run on the target after each switch, so nginx rereads the legacy-URL redirect map
# of the new release; e.g. "sudo -n /usr/sbin/nginx -s reload". None: skip.
DEPLOY_RELOAD_COMMAND = os.environ.get("DEPLOY_RELOAD_COMMAND") or None

# --- Citizens' feedback service (docs/van-hanh/feedback-service.md) ---------------
# Its data folder (SQLite database, form secret): outside output/ and the releases,
# owned by the service's own user. FEEDBACK_DATABASE_URL (PostgreSQL) when several
# web servers share the submissions; the environment overrides each.
FEEDBACK_DATA_DIR = os.environ.get("FEEDBACK_DATA_DIR", "/var/lib/sokhcn-feedback")
FEEDBACK_DATABASE_URL = os.environ.get("FEEDBACK_DATABASE_URL", "")
# The live release on this server (DEPLOY_TARGET's folder, without any "host:").
_SERVER_ROOT = DEPLOY_TARGET.rpartition(":")[2] or "/srv/sokhcn"
FEEDBACK_SITE_DIR = os.environ.get("FEEDBACK_SITE_DIR", _SERVER_ROOT + "/current")
