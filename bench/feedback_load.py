"""Load on the feedback service through nginx, on SQLite and PostgreSQL (figures).

    PYTHONPATH=tests .venv/bin/python bench/feedback_load.py   # 1,000 posts, 50 clients
    PYTHONPATH=tests .venv/bin/python bench/feedback_load.py --posts 2000 \
        --clients 100 --only sqlite

(PYTHONPATH=tests: the bench reuses the tests' PostgreSQL, service and nginx helpers.)

For each database: the real service (``invoke feedback-serve``, one process) behind
real nginx configured by ``render_site_conf(feedback=...)`` (what ``invoke nginx-conf
--feedback-upstream`` prints; the rate limits raised, since every client here is
127.0.0.1), PostgreSQL a throw-away cluster from Debian's package. Each client asks
for a form token, then posts a question, a comment or a rating (in turn), over
loopback. Printed: throughput (posts answered a second), p50/p95 latency of the
post, and "lost": posts not answered 303, plus 303s whose code is not in the
database afterwards. Nothing is asserted.
"""

import argparse
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from citizen_feedback.store import Store
from feedback_helpers import (
    PostgresCluster,
    ServiceProcess,
    form_fields,
    post_form,
    write_forms_data,
)
from releases import main_conf, render_site_conf
from servers import free_port, stop, wait_for_port

KINDS = ("hoi-dap", "gop-y", "danh-gia")


def run_load(port, origin, posts, clients):
    latencies, codes, failures = [], [], []
    lock = threading.Lock()

    def one(n):
        kind = KINDS[n % 3]
        started = time.perf_counter()
        try:
            status, headers, _ = post_form(port, kind, form_fields(kind, n), origin)
        except OSError as error:
            failures.append(repr(error))
            return
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if status == 303:
                codes.append(headers["location"].split("?ma=")[1])
            else:
                failures.append(status)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(posts)))
    return time.perf_counter() - started, latencies, codes, failures


def bench(kind, posts, clients, folder):
    cluster = None
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'data/feedback.sqlite3'}"
    else:
        cluster = PostgresCluster().start()
        url = cluster.new_database()
    now = datetime.now(UTC)
    site = folder / "srv/current"
    write_forms_data(site, drafts=[("du-thao-mo", now - timedelta(days=1),
                                    now + timedelta(days=30))])
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    service = ServiceProcess(folder / "service", url, site, origin=origin).start()
    work = folder / "nginx"
    work.mkdir()
    (work / "site.conf").write_text(render_site_conf(
        folder / "srv", f"127.0.0.1:{port}", "localhost",
        feedback={"upstream": f"127.0.0.1:{service.port}",
                  "rate_per_minute": 10**6, "burst": 10**6,
                  "token_rate_per_minute": 10**6, "token_burst": 10**6}))
    (work / "nginx.conf").write_text(main_conf(work, work / "site.conf"))
    nginx = subprocess.Popen(["nginx", "-p", str(work), "-c", str(work / "nginx.conf"),
                              "-e", str(work / "error.log"), "-g", "daemon off;"])
    try:
        wait_for_port(port, nginx, work / "error.log")
        seconds, latencies, codes, failures = run_load(port, origin, posts, clients)
    finally:
        stop(nginx)
        service.stop()
    store = Store(url)
    stored = set(store.all_codes())
    store.close()
    if cluster:
        cluster.stop()
    missing = [code for code in codes if code not in stored]
    quantiles = statistics.quantiles(latencies, n=100)
    p50, p95 = quantiles[49] * 1000, quantiles[94] * 1000
    print(f"{kind:<10} {posts} posts, {clients} clients: {len(codes) / seconds:7.1f} "
          f"posts/s; p50 {p50:6.1f} ms, p95 {p95:6.1f} ms (token + post); "
          f"lost {len(failures) + len(missing)} "
          f"(not 303: {len(failures)}, 303 not stored: {len(missing)}); "
          f"stored {len(stored)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    options = parser.parse_args()
    for kind in [options.only] if options.only else ["sqlite", "postgresql"]:
        with tempfile.TemporaryDirectory(prefix=f"feedback-load-{kind}-") as folder:
            bench(kind, options.posts, options.clients, Path(folder))


if __name__ == "__main__":
    main()
