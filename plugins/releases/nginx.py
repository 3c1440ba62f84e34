"""Render the shipped nginx site template (deploy/nginx/site.conf); read its headers."""

import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "site.conf"


def render_site_conf(site_root, listen="80", server_name="_", template=TEMPLATE):
    """The site's server{} and maps, with root folder, listen and name filled in."""
    site_root = str(site_root).rstrip("/")
    if not site_root.startswith("/"):
        raise ValueError(f"site root must be an absolute path: {site_root!r}")
    text = Path(template).read_text(encoding="utf-8")
    for placeholder, value in (("@SITE_ROOT@", site_root), ("@LISTEN@", str(listen)),
                               ("@SERVER_NAME@", server_name)):
        text = text.replace(placeholder, value)
    return text


# `add_header Name "literal value" always;` at the start of a line; headers whose value
# is a variable (Cache-Control, per kind of file) are nginx's own business.
_LITERAL_HEADER = re.compile(
    r'^\s*add_header\s+([A-Za-z-]+)\s+"([^"$]*)"\s+always;', re.M)


def security_headers(template=TEMPLATE):
    """The (name, value) headers site.conf sends on every response (CSP and others).

    The preview server sends the same ones, read from here, so an editor sees the
    site under the policy readers get.
    """
    text = Path(template).read_text(encoding="utf-8")
    return _LITERAL_HEADER.findall(text)
