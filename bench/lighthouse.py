"""Lighthouse scores and page weight of the sample site, served locally.

    .venv/bin/python bench/lighthouse.py            # home page and the seed article
    .venv/bin/python bench/lighthouse.py gioi-thieu/   # any other paths

Builds content/ with the real pelicanconf.py into a temporary folder, with the local
server's origin as SITEURL (absolute URLs, as published), serves it with Python's
http.server (no compression: bytes transferred = bytes of the files, plus headers)
and runs the pinned Lighthouse (npm, node_modules/.bin/lighthouse) in Debian's
Chromium with its default mobile preset. Prints the four category scores of each
page, and its transferred weight with and without images. Targets: every score
>= 95; the seed article under 60 KB without its photo.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitebuild.build import build_site, init_logging

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
SEED = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build_and_serve(workdir):
    """Build the sample site for a free local port, serve it: (server, origin)."""
    output = workdir / "output"
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(QuietHandler, directory=str(output))
    )
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    init_logging()
    build_site(
        ROOT / "pelicanconf.py",
        output,
        PATH=str(ROOT / "content"),
        CACHE_PATH=str(workdir / "cache"),
        SITEURL=origin,
        RELATIVE_URLS=False,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, origin


def run_lighthouse(url, report_path):
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report_path}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        check=True,
    )
    return json.loads(Path(report_path).read_text(encoding="utf-8"))


def weight(report):
    """(total bytes, bytes without images, number of requests) transferred."""
    items = report["audits"]["network-requests"]["details"]["items"]
    total = sum(item.get("transferSize", 0) for item in items)
    images = sum(
        item.get("transferSize", 0)
        for item in items
        if item.get("resourceType") == "Image"
        or item["url"].split("?")[0].lower().endswith(IMAGE_SUFFIXES)
    )
    return total, total - images, len(items)


def main(paths):
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        workdir = Path(tmp)
        server, origin = build_and_serve(workdir)
        try:
            print(
                f"{'page':<44} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}"
                f" {'KB total':>9} {'KB w/o img':>10} {'requests':>8}"
            )
            worst = 100
            for path in paths:
                report = run_lighthouse(f"{origin}/{path}", workdir / "report.json")
                scores = [
                    round(report["categories"][c]["score"] * 100) for c in CATEGORIES
                ]
                worst = min(worst, *scores)
                total, without_images, requests = weight(report)
                print(
                    f"{'/' + path:<44.44} "
                    + " ".join(f"{s:>5}" for s in scores)
                    + f" {total / 1024:>9.1f} {without_images / 1024:>10.1f}"
                    f" {requests:>8}"
                )
                failed = [
                    a["id"]
                    for a in report["audits"].values()
                    if a.get("score") is not None
                    and a["score"] < 0.9
                    and a.get("scoreDisplayMode") in ("binary", "numeric")
                ]
                if failed:
                    print(f"    audits below 0.9: {', '.join(sorted(failed))}")
            print(f"lowest score: {worst} (target >= 95)")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:] or ["", SEED])
