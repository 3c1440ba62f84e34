"""How big is the search index, and how many bytes does one search fetch?

Builds a site with the real configuration (so the site_search plugin runs
Pagefind), then measures:

- the Pagefind bundle: total bytes and files in output/pagefind/, by kind;
- for each query, in Debian's Chromium with an empty cache: every response's
  bytes (body + headers) while the search page opens with that query and shows
  its first results, split into our page (HTML, CSS, JS) and Pagefind's part.

Sites measured: the repository's sample content (content/) and a generated
corpus of N synthetic Vietnamese news articles (default 5,000).

    .venv/bin/python bench/search_index.py                  # sample + 5,000
    .venv/bin/python bench/search_index.py --articles 1000  # sample + 1,000
    .venv/bin/python bench/search_index.py --content path/to/content --articles 0

The static server does not compress; a production server with gzip would send
less for pagefind.js and the HTML (Pagefind's index files are compressed already).
"""

import argparse
import functools
import logging
import shutil
import tempfile
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from corpus import write_news
from pelican.settings import read_settings
from sitebuild.build import build_site, init_logging

ROOT = Path(__file__).resolve().parents[1]

CATEGORIES = read_settings(str(ROOT / "pelicanconf.py"))["NEWS_CATEGORIES"]
QUERIES = ["dang", "tim kiem", "chuyen doi so", "Đảng", "tiêu chuẩn đo lường"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]



def build(content, workdir):
    started = time.perf_counter()
    output = build_site(
        ROOT / "pelicanconf.py", workdir / "output",
        PATH=str(content), CACHE_PATH=str(workdir / "cache"),
        LOAD_CONTENT_CACHE=False,
    )
    return output, time.perf_counter() - started


def bundle_figures(bundle):
    sizes = Counter()
    files = Counter()
    for path in bundle.rglob("*"):
        if path.is_file():
            top_level = path.parent == bundle
            kind = (path.suffix or path.name) if top_level else path.parent.name
            sizes[kind] += path.stat().st_size
            files[kind] += 1
    return sizes, files


def serve(folder):
    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def bytes_per_query(browser, base_url, query):
    """Bytes fetched (empty cache) to open tim-kiem/?q=query and show results."""
    context = browser.new_context()
    page = context.new_page()
    fetched = Counter()
    finished = []

    def count(request):
        sizes = request.sizes()
        finished.append((request.url, sizes["responseBodySize"]
                         + sizes["responseHeadersSize"]))

    page.on("requestfinished", count)
    page.goto(f"{base_url}tim-kiem/?q={quote(query)}")
    status = page.locator("[data-search-status]")
    status.filter(has_text="kết quả").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    results = page.locator(".search-result").count()
    text = status.inner_text()
    context.close()
    for url, size in finished:
        if "/pagefind/fragment/" in url:
            fetched["pagefind fragments"] += size
        elif "/pagefind/index/" in url:
            fetched["pagefind word index"] += size
        elif "/pagefind/filter/" in url:
            fetched["pagefind filters"] += size
        elif "/pagefind/" in url:
            fetched["pagefind runtime+meta"] += size
        else:
            fetched["our page (html/css/js/img)"] += size
    return fetched, results, text


def kib(size):
    return f"{size / 1024:,.1f} KiB"


def measure(label, content, browser):
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        workdir = Path(tmp)
        output, seconds = build(content, workdir)
        bundle = output / "pagefind"
        sizes, files = bundle_figures(bundle)
        # One fragment a searchable item (news, bulletin issue, Q&A entry).
        print(f"\n== {label}: {files.get('fragment', 0)} items indexed, "
              f"build {seconds:.1f} s (Pelican + index)")
        total, count = sum(sizes.values()), sum(files.values())
        print(f"pagefind/ total: {kib(total)} in {count} files")
        for kind in sorted(sizes, key=sizes.get, reverse=True):
            print(f"  {kind:28} {kib(sizes[kind]):>12}  {files[kind]:>6} files")
        server = serve(output)
        base_url = f"http://127.0.0.1:{server.server_port}/"
        try:
            for query in QUERIES:
                fetched, shown, status = bytes_per_query(browser, base_url, query)
                pagefind_part = sum(
                    size for kind, size in fetched.items()
                    if kind.startswith("pagefind")
                )
                print(f"query {query!r}: {status}")
                print(f"  fetched {kib(sum(fetched.values()))} in all, of which "
                      f"Pagefind {kib(pagefind_part)}; {shown} results shown")
                for kind in sorted(fetched):
                    print(f"    {kind:28} {kib(fetched[kind]):>12}")
        finally:
            server.shutdown()
            server.server_close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000,
                        help="synthetic articles to generate (0: none)")
    parser.add_argument("--content", type=Path, default=ROOT / "content",
                        help="sample content folder to measure first")
    parser.add_argument("--no-sample", action="store_true",
                        help="measure only the synthetic corpus")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    init_logging()
    # The plugin reports how long Pagefind took; show that line too.
    logging.getLogger("site_search").setLevel(logging.INFO)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        if not args.no_sample:
            measure(f"sample site ({args.content})", args.content, browser)
        if args.articles:
            corpus = Path(tempfile.mkdtemp(prefix="search-corpus-"))
            try:
                write_news(corpus, args.articles, categories=CATEGORIES)
                measure(f"synthetic corpus of {args.articles}", corpus, browser)
            finally:
                shutil.rmtree(corpus, ignore_errors=True)
        browser.close()


if __name__ == "__main__":
    main()
