"""Real databases and a real feedback service for the feedback tests.

- ``postgres_cluster``: a throw-away PostgreSQL cluster from Debian's package
  (initdb/pg_ctl under /usr/lib/postgresql/*/bin), on a free loopback port, run by
  the ``postgres`` user (the tests run as root, which PostgreSQL refuses), stopped
  afterwards. One per test session; each test gets a fresh database in it.
- ``database_url``: parametrised over SQLite and PostgreSQL.
- :class:`ServiceProcess`: ``invoke feedback-serve`` in a subprocess, as on the
  server, with its settings in the environment.
- :func:`post_form`: one form post through http.client (a token first).
"""

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from servers import free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parents[1]


def _pg_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else None


def _as_postgres(command):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresCluster:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="feedback-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")

    def start(self):
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.data), "-A",
                                     "trust", "-U", "feedback", "-E", "UTF8",
                                     "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=200 -c fsync=on -c synchronous_commit=on")
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-o",
                                     options, "-l", str(self.folder / "log"), "-w",
                                     "start"]), check=True, capture_output=True)
        return self

    def new_database(self):
        import psycopg
        from psycopg import sql

        name = "feedback_" + uuid.uuid4().hex[:10]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=feedback "
                             "dbname=postgres", autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(name)))
        return f"postgresql+psycopg://feedback@127.0.0.1:{self.port}/{name}"

    def stop(self):
        # Immediate: no shutdown checkpoint for a cluster about to be deleted.
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m",
                                     "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster():
    if _pg_bin("initdb") is None:
        pytest.fail("PostgreSQL is not installed (Debian package postgresql; "
                    "invoke system-deps installs it)")
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    return request.getfixturevalue("postgres_cluster").new_database()


def write_forms_data(site_dir, drafts=(), fields=("Sở hữu trí tuệ",)):
    """The built site's phan-hoi/bieu-mau.json: ``drafts`` as (slug, opens, closes)."""
    target = Path(site_dir) / "phan-hoi" / "bieu-mau.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({
        "qa_fields": list(fields),
        "drafts": [{"slug": slug, "title": f"Dự thảo {slug}",
                    "opens": opens.isoformat(), "closes": closes.isoformat()}
                   for slug, opens, closes in drafts]}, ensure_ascii=False))
    return target


class ServiceProcess:
    """``invoke feedback-serve`` on a free port, configured by environment."""

    def __init__(self, workdir, database_url, site_dir, origin=None, port=None,
                 **settings):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.origin = origin or f"http://127.0.0.1:{self.port}"
        self.log = self.workdir / f"service-{self.port}.log"
        self.env = {
            **os.environ,
            "FEEDBACK_DATA_DIR": str(self.workdir / "data"),
            "FEEDBACK_DATABASE_URL": database_url,
            "FEEDBACK_SITE_DIR": str(site_dir),
            "FEEDBACK_ALLOWED_ORIGINS": self.origin,
            "FEEDBACK_MIN_SECONDS": "0",
            "FEEDBACK_RATE_PER_MINUTE": "100000",
            "FEEDBACK_RATE_BURST": "100000",
            **{f"FEEDBACK_{k.upper()}": str(v) for k, v in settings.items()},
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "feedback-serve", "--listen",
             f"127.0.0.1:{self.port}"], cwd=ROOT, env=self.env,
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, self.log)
        return self

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process:
            stop(self.process)


def form_fields(kind, n=0, draft="du-thao-mo"):
    if kind == "hoi-dap":
        return {"ho_ten": f"Người hỏi {n}", "dia_phuong": "Việt Trì",
                "linh_vuc": "Sở hữu trí tuệ", "cau_hoi": f"Câu hỏi số {n} về nhãn hiệu",
                "lien_he": f"nguoi{n}@example.vn", "dong_y": "co"}
    if kind == "gop-y":
        return {"du_thao": draft, "ho_ten": f"Doanh nghiệp {n}",
                "y_kien": f"Ý kiến số {n} về điều 3", "dong_y": "co"}
    return {"diem": str(n % 5 + 1), "nhan_xet": f"Nhận xét {n}"}


def post_form(port, kind, fields, origin, token=True, host="127.0.0.1", path=None,
              timeout=30):
    """(status, headers dict, body text) of one post, with a fresh token first."""
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        fields = dict(fields)
        if token:
            connection.request("GET", f"/phan-hoi/gui/the?loai={kind}")
            response = connection.getresponse()
            answer = response.read()
            if response.status != 200:
                return (response.status, dict(response.getheaders()),
                        answer.decode("utf-8", "replace"))
            fields["the"] = json.loads(answer)["the"]
        body = urlencode(fields).encode()
        connection.request("POST", path or f"/phan-hoi/gui/{kind}", body=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Origin": origin})
        response = connection.getresponse()
        return (response.status, dict(response.getheaders()),
                response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def wait_until(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
