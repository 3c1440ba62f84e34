"""Old portal addresses keep working after the move to the static site.

Any content may carry ``Legacy-URL:`` (the address it had on the old portal, full
URL or path; ``invoke import-legacy`` fills it in). For each one the build writes

- a small redirect page at the old path (meta refresh, canonical link and a plain
  link, so it works without JavaScript), unless the old address had a query string
  (``/Default.aspx?id=12``), which no static file can answer;
- one line in ``legacy-redirects.map``, ``"/old/path?query" /new/url/;``, for nginx::

      map $request_uri $legacy_redirect { include .../legacy-redirects.map; }
      if ($legacy_redirect) { return 301 $legacy_redirect; }

Signals: ``initialized`` (defaults), ``get_generators`` (adds
:class:`LegacyRedirectsGenerator`, which writes after every content generator has
filled the context). Settings: ``LEGACY_URLS_MAP_SAVE_AS`` (default
"legacy-redirects.map"; "" writes no map), ``LEGACY_URLS_PAGES`` (default True).
Errors: E-LEGACY-URL-INVALID, E-LEGACY-URL-DUPLICATE, E-LEGACY-URL-CONFLICT.
Templates: none (the redirect page is a fixed, tiny HTML document).
"""

import html
import logging
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator
from source_errors import ContentError, metadata_line, report

logger = logging.getLogger(__name__)

FIELD = "legacy-url"

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
    parts = urlsplit(value.strip())
    if parts.scheme not in ("", "http", "https") or not parts.path.startswith("/"):
        return None
    if ".." in PurePosixPath(parts.path).parts or any(c in value for c in ' "\\;'):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def redirect_file(address):
    """Where the redirect page for ``address`` goes in output/, or None."""
    if "?" in address:
        return None
    path = address.lstrip("/")
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
        seen = set()
        for value in self.context.values():
            if not isinstance(value, list):
                continue
            for item in value:
                if isinstance(item, Content) and id(item) not in seen:
                    seen.add(id(item))
                    yield item

    def generate_output(self, writer):
        site_url = self.settings.get("SITEURL", "").rstrip("/")
        contents = list(self._contents())
        taken = {item.save_as for item in contents if item.save_as}
        static = self.context.get("staticfiles", [])
        taken |= {getattr(s, "save_as", "") for s in static}
        redirects = {}
        for item in sorted(contents, key=lambda c: c.source_path):
            value = item.metadata.get(FIELD)
            if not value or not item.save_as:
                continue
            path, line = item.source_path, metadata_line(item.source_path, FIELD)
            address = old_address(value)
            if address is None:
                report(ContentError(
                    "E-LEGACY-URL-INVALID", path, line,
                    f"'Legacy-URL: {value}' không phải địa chỉ cũ hợp lệ; ghi dạng "
                    "http://tên-miền/đường-dẫn hoặc /đường-dẫn"))
                continue
            if address in redirects:
                report(ContentError(
                    "E-LEGACY-URL-DUPLICATE", path, line,
                    f"địa chỉ cũ '{address}' đã được bài "
                    f"{redirects[address][0].source_path} dùng; mỗi địa chỉ cũ chỉ "
                    "chuyển tới một bài"))
                continue
            target_file = redirect_file(address)
            if target_file in taken:
                report(ContentError(
                    "E-LEGACY-URL-CONFLICT", path, line,
                    f"địa chỉ cũ '{address}' trùng một trang của trang mới "
                    f"('{target_file}'); hãy xóa hoặc sửa 'Legacy-URL:'"))
                continue
            redirects[address] = (item, target_file)
        for item, target_file in redirects.values():
            target = f"{site_url}/{item.url}"
            if self.settings.get("LEGACY_URLS_PAGES") and target_file:
                self._write(target_file, REDIRECT_PAGE.format(
                    title=html.escape(item.title), target=html.escape(target)))
        map_name = self.settings.get("LEGACY_URLS_MAP_SAVE_AS")
        if map_name and redirects:
            lines = [f'"{address}" /{item.url};'
                     for address, (item, _) in sorted(redirects.items())]
            self._write(map_name, "\n".join(lines) + "\n")
        logger.info("legacy_urls: %d redirect(s)", len(redirects))

    def _write(self, relative, text):
        target = Path(self.output_path) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def add_generator(pelican):
    """Run after the content generators, which fill the context it reads."""
    return LegacyRedirectsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(add_generator)
