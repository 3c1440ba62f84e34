"""Production settings: everything from pelicanconf.py, plus what publishing needs."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = "https://sokhcn.vinhphuc.gov.vn"
RELATIVE_URLS = False
# An absolute SITEURL turns on the RSS/Atom feeds (plugins/feeds).
