"""Old portal addresses keep working after the move to the static site.

Content of any declared type (content_types) may carry ``Legacy-URL:`` (the
address it had on the old portal, full URL or path; ``invoke import-legacy`` fills
it in). For each one the build writes

- a small redirect page at the old path (meta refresh, canonical link and a plain
  link, so it works without JavaScript), unless the old address had a query string
  (``/Default.aspx?id=12``), which no static file can answer;
- one line in ``legacy-redirects.map``, ``"/old/path?query" "/new/url/";``, for nginx::

      map $request_uri $legacy_redirect { include .../legacy-redirects.map; }
      if ($legacy_redirect) { return 301 $legacy_redirect; }

Signals: ``initialized`` (defaults), ``get_generators`` (adds
:class:`LegacyRedirectsGenerator`, which writes after every content generator has
filled the context). Settings: ``LEGACY_URLS_MAP_SAVE_AS`` (default
"legacy-redirects.map"; "" writes no map), ``LEGACY_URLS_PAGES`` (default True).
Errors: E-LEGACY-URL-INVALID (output_guard.paths.legacy_address, the checker's own
rule), E-LEGACY-URL-DUPLICATE, E-LEGACY-URL-CONFLICT (the redirect page would replace
any other file of the site: the home page, 404.html, a section index, a PDF, a
picture; refused by output_guard's registry, naming both sources).

The map can hold nothing but entries: both sides are quoted, the old address is
percent-encoded as a browser sends it and may not hold quotes, backslashes,
whitespace, ``;``, ``{``, ``}`` or ``$``; the target is always a path on this site.
Templates: none (the redirect page is a fixed, tiny HTML document).
"""

import html
import logging
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from content_types import content_types
from output_guard import owners
from output_guard.paths import (
    SLUG_MAX_BYTES,
    legacy_address,
    nginx_map_line,
    redirect_target_problem,
)
from pelican import signals
from pelican.generators import Generator
from source_errors import ContentError, metadata_line, report

logger = logging.getLogger(__name__)

FIELD = "legacy-url"
_UNFIT_FOR_FILE = re.compile(r"[\x00-\x1f\x7f\\\\]")

REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Đã chuyển: {title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
<meta name="robots" content="noindex">
</head>
<body>
<p>Bài viết đã chuyển tới địa chỉ mới: <a href="{target}">{title}</a></p>
</body>
</html>
"""


def apply_defaults(pelican):
    """Set the LEGACY_URLS_* defaults once."""
    pelican.settings.setdefault("LEGACY_URLS_MAP_SAVE_AS", "legacy-redirects.map")
    pelican.settings.setdefault("LEGACY_URLS_PAGES", True)


def old_address(value):
    """``/path?query`` of a legacy URL (full URL or path), or None if unusable."""
    return legacy_address(value)[0]


def redirect_file(address):
    """Where the redirect page for ``address`` goes in output/, or None.

    None for an address with a query string, and for one no file could hold (a
    control character or backslash once decoded, a name too long for a file
    system): nginx's map answers those alone.
    """
    if "?" in address:
        return None
    path = unquote(address).lstrip("/")
    if _UNFIT_FOR_FILE.search(path) or any(
            len(part.encode()) > SLUG_MAX_BYTES or part in (".", "..")
            for part in path.split("/")):
        return None
    if not path or path.endswith("/"):
        return path + "index.html"
    if not PurePosixPath(path).suffix:
        return path + "/index.html"
    return path


class LegacyRedirectsGenerator(Generator):
    """Writes redirect pages and the nginx map for every ``Legacy-URL:``."""

    def generate_context(self):
        pass

    def _contents(self):
        """The published content of every declared type (drafts have no address)."""
        for content_type in content_types(self.settings):
            yield from self.context.get(content_type.context_key) or ()

    def generate_output(self, writer):
        site_url = self.settings.get("SITEURL", "").rstrip("/")
        redirects = {}
        for item in sorted(self._contents(), key=lambda c: c.source_path):
            value = item.metadata.get(FIELD)
            if not value or not item.save_as:
                continue
            if isinstance(value, list):  # a value continued on the next line
                value = "\n".join(value)
            path, line = item.source_path, metadata_line(item.source_path, FIELD)
            address, problem = legacy_address(value)
            target = "/" + item.url
            problem = problem or redirect_target_problem(target)
            if problem:
                report(ContentError(
                    "E-LEGACY-URL-INVALID", path, line,
                    f"'Legacy-URL:' không phải địa chỉ cũ hợp lệ: {problem}; ghi dạng "
                    "http://tên-miền/đường-dẫn hoặc /đường-dẫn trên một dòng"))
                continue
            if address in redirects:
                report(ContentError(
                    "E-LEGACY-URL-DUPLICATE", path, line,
                    f"địa chỉ cũ '{address}' đã được bài "
                    f"{redirects[address][0].source_path} dùng; mỗi địa chỉ cũ chỉ "
                    "chuyển tới một bài"))
                continue
            redirects[address] = (item, target, line)
        written = {}
        for address, (item, target, line) in redirects.items():
            target_file = redirect_file(address)
            owner = owners.Owner(owners.LEGACY, item.source_path, line)
            if target_file and self.settings.get("LEGACY_URLS_PAGES"):
                page = REDIRECT_PAGE.format(title=html.escape(item.title),
                                            target=html.escape(site_url + target))
                if not owners.write_text(self.settings, target_file, page, owner,
                                         code="E-LEGACY-URL-CONFLICT",
                                         output_path=self.output_path):
                    continue
            written[address] = target
        map_name = self.settings.get("LEGACY_URLS_MAP_SAVE_AS")
        if map_name and written:
            lines = [nginx_map_line(address, target)
                     for address, target in sorted(written.items())]
            owners.write_text(self.settings, map_name, "\n".join(lines) + "\n",
                              owners.Owner("LEGACY_URLS_MAP_SAVE_AS"),
                              output_path=self.output_path)
        logger.info("legacy_urls: %d redirect(s)", len(written))


def add_generator(pelican):
    """Run after the content generators, which fill the context it reads."""
    return LegacyRedirectsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(add_generator)
