"""nginx's part of the feedback service, for ``invoke nginx-conf``.

:func:`feedback_blocks` returns the text for the two places of deploy/nginx/site.conf
that hold it: ``@FEEDBACK_HTTP@`` (rate-limit zones, the upstream, the map that
lets a thank-you page show its reference code) and ``@FEEDBACK_SERVER@`` (the
locations). With an upstream, form posts go to the service with ``limit_req``,
``client_max_body_size`` and Vietnamese pages for nginx's own refusals (the
service down: 503 with ``phan-hoi/tam-ngung/``, never nginx's 502). Without one,
the same addresses answer with that page, so a site built with forms never posts
into a 404 or 405.

The thank-you pages are static; nginx writes the code from ``?ma=`` into them
(``sub_filter``), only when it matches the code's pattern, so nothing from the
query string but those characters reaches the page (the pages' script does the same
where nginx does not, e.g. under ``invoke serve``).
"""

import re
from pathlib import Path

from .store import CODE_PATTERN

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "feedback.conf"
# host:port, [v6]:port or unix:/path: nothing that could end a directive.
_UPSTREAM = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$"
                       r"|^unix:/[A-Za-z0-9._/-]+$")

THANKS_LOCATION = """location ^~ /phan-hoi/da-nhan- {
    # Plain files (sub_filter cannot edit a precompressed one).
    gzip_static off;
    sub_filter_once on;
    sub_filter 'id="ma-tiep-nhan">' 'id="ma-tiep-nhan">$feedback_code';
    try_files $uri $uri/ =404;
}
"""
CODE_MAP = f"""map $arg_ma $feedback_code {{
    default "";
    "~^(?<feedback_checked_code>{CODE_PATTERN})$" $feedback_checked_code;
}}
"""
NO_SERVICE = """location ^~ /phan-hoi/gui/ {
    # No feedback service on this server: say so in Vietnamese.
    error_page 503 /phan-hoi/tam-ngung/;
    return 503;
}
"""


def _sections(text):
    parts, name = {}, None
    for line in text.splitlines(keepends=True):
        marker = re.match(r"^# --- (\w+) ---$", line.strip())
        if marker:
            name = marker.group(1)
            parts[name] = ""
        elif name:
            parts[name] += line
    return parts


def _indent(text, spaces):
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line
                   for line in text.splitlines(keepends=True))


def feedback_blocks(upstream=None, rate_per_minute=10, burst=5, max_body="64k",
                    token_rate_per_minute=120, token_burst=60, template=TEMPLATE):
    """(http-level text, server-level text) for the site's configuration."""
    if upstream is None:
        return CODE_MAP, _indent(THANKS_LOCATION + NO_SERVICE, 4)
    if not _UPSTREAM.match(upstream):
        raise ValueError(f"feedback upstream must be HOST:PORT or unix:/path, got "
                         f"{upstream!r}")
    if not re.fullmatch(r"[0-9]+[km]?", str(max_body)):
        raise ValueError(f"max body must be like 64k, got {max_body!r}")
    parts = _sections(Path(template).read_text(encoding="utf-8"))
    values = {"@FEEDBACK_UPSTREAM@": upstream,
              "@FEEDBACK_RATE@": str(int(rate_per_minute)),
              "@FEEDBACK_BURST@": str(int(burst)),
              "@FEEDBACK_TOKEN_RATE@": str(int(token_rate_per_minute)),
              "@FEEDBACK_TOKEN_BURST@": str(int(token_burst)),
              "@FEEDBACK_MAX_BODY@": str(max_body)}
    proxy = parts["proxy"].strip().replace("\n", "\n    ")
    http, server = parts["http"], parts["server"]
    server = server.replace("@FEEDBACK_PROXY@", proxy)
    for placeholder, value in values.items():
        http, server = http.replace(placeholder, value), server.replace(placeholder,
                                                                        value)
    return http + CODE_MAP, _indent(server + THANKS_LOCATION, 4)
