"""Fingerprinted theme assets, for caches that never need to ask again.

After the build, every theme CSS/JS file is copied to a name carrying a hash of its
content (``theme/css/base.css`` → ``theme/css/base.3f2a9c1b7e.css``) and every page
is rewritten to ask for that name. A browser or proxy may then keep such a file
forever (nginx sends ``immutable``): a changed file gets a new name. The original
names stay in place, so anything that still asks for them keeps working.

The rewrite is a pure function, ``link_fingerprinted_assets(html, manifest, siteurl)``, that
other post-processing (and tests) can call on a plain string. It edits only the
``href``/``src`` values it recognises, with a regular expression, so a page is not
re-serialised and costs no HTML parse.

The manifest is also written to ``ASSETS_MANIFEST`` (one ``original fingerprinted``
pair a line): the deploy step reads it to carry the previous release's assets into
the next one, so a reader holding an old page still finds its CSS after a switch.

Enabled in publishconf.py only (development keeps plain names).
Signals: ``initialized`` (defaults), ``finalized`` (fingerprint, rewrite, manifest).
Settings: ``ASSETS_EXTENSIONS`` (default ``(".css", ".js")``), ``ASSETS_HASH_LENGTH``
(default 10), ``ASSETS_MANIFEST`` (default ``"assets-manifest.txt"``).
Templates: none; pages keep linking ``{{ SITEURL }}/{{ THEME_STATIC_DIR }}/...``.
"""

import hashlib
import logging
import os
import re
import shutil
from pathlib import Path

from output_guard import owners
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {
    "ASSETS_EXTENSIONS": (".css", ".js"),
    "ASSETS_HASH_LENGTH": 10,
    "ASSETS_MANIFEST": "assets-manifest.txt",
}

# href="..." / src='...' in any tag; the value is group "url".
_URL_ATTRIBUTE = re.compile(
    r"""(?P<head>\b(?:href|src)\s*=\s*)(?P<quote>["'])(?P<url>[^"'<>]*)(?P=quote)""",
    re.IGNORECASE,
)


def fingerprint_name(relpath, data, length=DEFAULTS["ASSETS_HASH_LENGTH"]):
    """Return ``relpath`` with a content hash before its extension."""
    digest = hashlib.sha256(data).hexdigest()[:length]
    path = Path(relpath)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def build_manifest(output_path, static_dir, extensions, length):
    """Copy each asset under ``output_path/static_dir`` to its fingerprinted name.

    Returns {original relpath: fingerprinted relpath}, POSIX-style, relative to
    ``output_path``. Files that already carry a fingerprint are skipped, so running
    twice over one folder adds nothing.
    """
    output_path = Path(output_path)
    root = output_path / static_dir
    fingerprinted = re.compile(rf"\.[0-9a-f]{{{length}}}$")
    manifest = {}
    for source in sorted(root.rglob("*")):
        if source.suffix not in extensions or not source.is_file():
            continue
        if fingerprinted.search(source.stem):
            continue
        relpath = source.relative_to(output_path).as_posix()
        target = fingerprint_name(relpath, source.read_bytes(), length)
        shutil.copyfile(source, output_path / target)
        manifest[relpath] = target
    return manifest


def link_fingerprinted_assets(html, manifest, siteurl=""):
    """Point every href/src naming an asset of ``manifest`` at its fingerprinted name.

    Recognised forms: ``SITEURL/theme/css/base.css``, ``/theme/css/base.css`` (root
    relative, with SITEURL's path if it has one); a query or fragment is kept.
    """
    siteurl = siteurl.rstrip("/")
    site_path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", siteurl)
    prefixes = [p + "/" for p in dict.fromkeys((siteurl, site_path))]

    def replace(match):
        url = match["url"]
        path, sep, rest = _split_suffix(url)
        for prefix in prefixes:
            if path.startswith(prefix) and path[len(prefix):] in manifest:
                new_url = prefix + manifest[path[len(prefix):]] + sep + rest
                return f"{match['head']}{match['quote']}{new_url}{match['quote']}"
        return match[0]

    return _URL_ATTRIBUTE.sub(replace, html)


def _split_suffix(url):
    """Split ``url`` into (path, "?" or "#" or "", the rest)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=-1)
    if cut < 0:
        return url, "", ""
    return url[:cut], url[cut], url[cut + 1:]


def apply_defaults(pelican):
    """Fill in the ASSETS_* defaults once."""
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def fingerprint_site(pelican):
    """Fingerprint the theme assets, rewrite every page, write the manifest."""
    settings = pelican.settings
    output_path = Path(settings["OUTPUT_PATH"])
    manifest = build_manifest(
        output_path,
        settings["THEME_STATIC_DIR"],
        tuple(settings["ASSETS_EXTENSIONS"]),
        settings["ASSETS_HASH_LENGTH"],
    )
    if not manifest:
        return
    for page in output_path.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        rewritten = link_fingerprinted_assets(html, manifest, settings["SITEURL"])
        if rewritten != html:
            # A new file renamed over the page, never written in place: a page
            # the build took from the last one is a hard link to that build's.
            temporary = page.with_name(f".{page.name}.assets-{os.getpid()}")
            temporary.write_text(rewritten, encoding="utf-8")
            os.replace(temporary, page)
    lines = "".join(f"{original} {target}\n" for original, target in manifest.items())
    owners.write_text(settings, settings["ASSETS_MANIFEST"], lines,
                      owners.Owner("ASSETS_MANIFEST"), output_path=output_path)
    logger.info("assets: %d theme files fingerprinted", len(manifest))


def register():
    signals.initialized.connect(apply_defaults)
    signals.finalized.connect(fingerprint_site)
