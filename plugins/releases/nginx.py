"""Render the shipped nginx site template (deploy/nginx/site.conf) and test it.

``check_release(site_dir)`` is the publishing gate's look at what nginx will read
from a release: every line of its ``nginx/*.map`` files must be one quoted entry
whose target is a path on this site (never ``//other.host/``), and the rendered
site configuration, with those maps, must pass a real ``nginx -t`` (when nginx is
installed here). Codes: E-NGINX-MAP, E-NGINX-CONFIG. ``security_headers()`` reads
the headers the template sends, for the preview server to send the same.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "site.conf"
# What legacy_urls writes (output_guard.paths.nginx_map_line): nothing else may be
# in a map, so no line can add an entry of its own or a variable.
_MAP_ENTRY = re.compile(r'^"/[A-Za-z0-9._~!*()+,=:@%/?&-]*" '
                        r'"/(?![/\\])[A-Za-z0-9._~!*()+,=:@%/?&-]*";$')


def render_site_conf(site_root, listen="80", server_name="_", template=TEMPLATE,
                     feedback=None):
    """The site's server{} and maps, with root folder, listen and name filled in.

    ``feedback``: keyword arguments of citizen_feedback.nginx.feedback_blocks (the
    service's ``upstream`` and its limits); None: the forms say the service is off.
    """
    from citizen_feedback.nginx import feedback_blocks

    site_root = str(site_root).rstrip("/")
    if not site_root.startswith("/"):
        raise ValueError(f"site root must be an absolute path: {site_root!r}")
    text = Path(template).read_text(encoding="utf-8")
    feedback_http, feedback_server = feedback_blocks(**(feedback or {}))
    for placeholder, value in (("@SITE_ROOT@", site_root), ("@LISTEN@", str(listen)),
                               ("@SERVER_NAME@", server_name),
                               ("@FEEDBACK_HTTP@", feedback_http.rstrip("\n")),
                               ("@FEEDBACK_SERVER@", feedback_server.rstrip("\n"))):
        text = text.replace(placeholder, value)
    return text


def main_conf(workdir, site_conf):
    """An nginx.conf that runs as this user under ``workdir`` and includes the site."""
    workdir = Path(workdir)
    temp = workdir / "temp"
    temp.mkdir(parents=True, exist_ok=True)
    # Workers of a root master would drop to "nobody", who may not read the files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(f"    {kind}_temp_path {temp}/{kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                      "scgi"))
    return f"""{user}worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp_paths}    include {site_conf};
}}
"""


def map_problems(site_dir):
    """(file, line number, text) of every map line that is not one safe entry."""
    problems = []
    for map_file in sorted(Path(site_dir).glob("nginx/*.map")):
        text = map_file.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.split("\n"), start=1):
            if line and not _MAP_ENTRY.match(line):
                problems.append((map_file.relative_to(site_dir).as_posix(), number,
                                 line[:200]))
    return problems


def nginx_test(site_dir, nginx="nginx"):
    """nginx -t's complaint about the site conf serving ``site_dir``; None if happy.

    The release is served as ``<tmp>/current`` like on the server, so the site
    conf's ``include .../current/nginx/*.map`` reads this release's maps.
    """
    with tempfile.TemporaryDirectory(prefix="nginx-test-") as folder:
        work = Path(folder)
        (work / "current").symlink_to(Path(site_dir).resolve())
        (work / "site.conf").write_text(render_site_conf(work, "127.0.0.1:9", "_"))
        (work / "nginx.conf").write_text(main_conf(work, work / "site.conf"))
        done = subprocess.run(
            [nginx, "-t", "-q", "-p", str(work), "-c", str(work / "nginx.conf"),
             "-e", str(work / "error.log")],
            capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return None
        message = (done.stderr or done.stdout).strip()
        return message.replace(f"{work}/current/", "").replace(str(work), "<thử>")


def check_release(site_dir, nginx="nginx"):
    """Every reason nginx must not get this release's maps (strings, Vietnamese)."""
    failures = [
        f"[E-NGINX-MAP] {name}:{number}: dòng không phải một mục chuyển hướng hợp lệ "
        f"('\"/địa-chỉ-cũ\" \"/đường-dẫn-mới/\";', đích trong trang này): {line}"
        for name, number, line in map_problems(site_dir)
    ]
    if shutil.which(nginx):
        complaint = nginx_test(site_dir, nginx)
        if complaint:
            failures.append("[E-NGINX-CONFIG] nginx -t từ chối cấu hình trang với bản "
                            f"đồ chuyển hướng của bản phát hành này: {complaint}")
    return failures


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
