"""What may reach a URL, an output path or the nginx map (pure functions).

Every value an editor controls that ends up in a path or a server configuration is
checked here, by the checker (``invoke check``), by the build and by the map writer,
so that all three accept and refuse the same values. Each ``*_problem`` function
returns None for a good value, else a Vietnamese reason.
"""

import re
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

SLUG_MAX_BYTES = 200
LEGACY_URL_MAX_CHARS = 2000
# A slug: lower-case ASCII letters, digits and single hyphens inside.
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# One segment of a Url:/Save_as: path (Pelican's own slugs also keep "_" and ".").
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# Characters never allowed in an old address: whitespace and controls (a header
# split, a second map entry), quotes, backslash, nginx syntax and variables.
_LEGACY_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\"'`\\;{}$<>|^\u2028\u2029]")
# What a map key or value may contain once percent-encoded: no quote, backslash,
# space, ";", "{", "}" or "$", so nothing can end the entry or name a variable.
_MAP_SAFE = re.compile(r"^/[A-Za-z0-9._~!*()+,=:@%/?&-]*$")
# Kept as they are when an old address is percent-encoded (as a browser sends it).
_URI_KEEP = "/?=&%.-_~!*()+,:@"


def slug_problem(slug):
    """Why ``slug`` is not a usable slug, or None."""
    if len(slug.encode("utf-8")) > SLUG_MAX_BYTES:
        return (f"dài {len(slug.encode('utf-8'))} byte, quá giới hạn {SLUG_MAX_BYTES} "
                "byte; đặt 'Slug:' ngắn hơn")
    if not _SLUG.match(slug):
        return ("chỉ được gồm chữ thường không dấu a-z, chữ số 0-9 và dấu gạch nối "
                "'-' ở giữa (ví dụ 'hoi-nghi-tong-ket-2019')")
    return None


def relative_path_problem(value):
    """Why ``value`` (a Url: or Save_as:) is not a plain path inside the site."""
    if len(value.encode("utf-8")) > 4 * SLUG_MAX_BYTES:
        return "quá dài"
    if value.startswith("/") or "\\" in value or ":" in value:
        return ("phải là đường dẫn tương đối trong trang, không bắt đầu bằng '/', "
                "không có '\\' hay ':' (không được trỏ sang máy chủ khác)")
    segments = value.split("/")
    if value.endswith("/"):
        segments = segments[:-1]
    for segment in segments:
        if segment in ("", ".", ".."):
            return "không được có '//', './' hay '../'"
        if not _SEGMENT.match(segment) or len(segment.encode()) > SLUG_MAX_BYTES:
            return (f"phần '{segment}' chỉ được gồm chữ thường không dấu, chữ số, "
                    f"'-', '_' và '.' (tối đa {SLUG_MAX_BYTES} byte)")
    return None


def output_path_problem(value, section, key="save_as"):
    """Why ``value`` (a ``Url:``, or a ``Save_as:`` when key is "save_as") may not
    be one of this content's addresses: not a plain path, outside ``section`` (the
    fixed folder of its type's ``*_SAVE_AS``, "" for the root), not an HTML file."""
    problem = relative_path_problem(value)
    if not problem and not value.startswith(section):
        problem = f"phải nằm trong mục '{section}' của loại nội dung này"
    if not problem and key == "save_as" and not value.endswith(".html"):
        problem = "phải là một tệp .html (ví dụ 'gioi-thieu/index.html')"
    return problem


def legacy_address(value):
    """(``/path?query`` percent-encoded as a browser sends it, None) or (None, why)."""
    if "\n" in value or "\r" in value:
        return None, "địa chỉ cũ phải nằm trên một dòng"
    value = value.strip()
    if len(value) > LEGACY_URL_MAX_CHARS:
        return None, f"dài {len(value)} ký tự, quá giới hạn {LEGACY_URL_MAX_CHARS}"
    bad = _LEGACY_FORBIDDEN.search(value)
    if bad:
        return None, (f"có ký tự không được phép {bad[0]!r} (khoảng trắng, ký tự điều "
                      "khiển, dấu nháy, '\\', ';', '{', '}', '$', '<', '>')")
    parts = urlsplit(value)
    # "//host/path" (no scheme) is another host too, not a path of this one.
    if parts.scheme not in ("", "http", "https") or bool(parts.scheme) != bool(
            parts.netloc):
        return None, "phải là http://tên-miền/đường-dẫn hoặc /đường-dẫn"
    path = parts.path
    if not path.startswith("/") or path.startswith("//") or parts.fragment:
        return None, "phần đường dẫn phải bắt đầu bằng một '/' (và không có '#')"
    address = quote(path, safe=_URI_KEEP) + (
        "?" + quote(parts.query, safe=_URI_KEEP) if parts.query else "")
    decoded_segments = re.split(r"/|%2f|%5c", address.split("?", 1)[0],
                                flags=re.IGNORECASE)
    if any(s in (".", "..", "%2e", "%2e%2e", ".%2e", "%2e.")
           for s in (seg.lower() for seg in decoded_segments)) or "" in (
            decoded_segments[1:-1]):
        return None, "không được có '.', '..' hay '//' (kể cả viết dạng %2e, %2f)"
    return address, None


def redirect_target_problem(target):
    """Why ``target`` is not a path on this site (a redirect target), or None."""
    if not _MAP_SAFE.match(target) or target.startswith("//"):
        return f"đích chuyển hướng '{target}' không phải đường dẫn trong trang"
    return None


def nginx_map_line(address, target):
    """One quoted ``map`` entry; ValueError if either side could break out of it."""
    for value in (address, target):
        if not _MAP_SAFE.match(value) or value.startswith("//"):
            raise ValueError(f"không ghi được vào bản đồ nginx: {value!r}")
    return f'"{address}" "{target}";'


# Static files an editor may publish: pictures, PDF and office documents. Anything
# else (HTML, SVG, JavaScript, CSS, XML, archives, programs) could run in a reader's
# browser under the site's own origin, which the CSP trusts; it is refused.
STATIC_ALLOWED = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
})


def static_type_allowed(name):
    """True for a file name whose type may be published as a static file."""
    return PurePosixPath(name).suffix.lower() in STATIC_ALLOWED
