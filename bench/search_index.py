"""How big is the search index, what does indexing cost, and what does one search fetch?

Builds a site with the real configuration (so the site_search plugin runs
Pagefind, sharded), keeps the records the plugin indexes, then indexes them again
outside the build, cold, both ways: one Pagefind run per shard (as the build
does) and one run for everything (the unsharded index, for comparison), and
measures:

- indexing: wall time and the peak memory of each Pagefind process (os.wait4);
- each bundle: total bytes and files, by kind, and the most files in one folder;
- for each query, in Debian's Chromium with an empty cache: every response's
  bytes (body + headers) while the search page opens with that query and shows
  its first results, split into our page (HTML, CSS, JS) and Pagefind's part,
  and the time until the results show; once against the sharded bundle (as
  built), once against the unsharded one (same pages, pagefind/ swapped).

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
import re
import shutil
import tempfile
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from content_types import search_sections
from corpus import write_news
from pelican import signals
from pelican.settings import read_settings
from site_search import indexer
from site_search.records import collect_entries, record_html
from site_search.shards import plan_shards
from site_search.site_search import MANIFEST, SHARD_FILTER
from sitebuild.build import build_site, init_logging

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
CATEGORIES = SETTINGS["NEWS_CATEGORIES"]
LANGUAGE = SETTINGS.get("SEARCH_LANGUAGE", "vi")
QUERIES = ["Đảng", "dang", "tim kiem", "chuyen doi so", "tiêu chuẩn đo lường"]
FOLDER_KINDS = {"fragment": "fragments", "index": "word index", "filter": "filters"}
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]



def build(content, workdir):
    """Build the site; also return its search records, shard by shard."""
    shards = []

    def keep_records(generators):
        settings = generators[0].settings
        language = settings["SEARCH_LANGUAGE"]
        entries = collect_entries(generators[0].context, search_sections(settings))
        for shard in plan_shards(entries, settings["SEARCH_SHARD_MAX_PAGES"],
                                 settings["SEARCH_PINNED_TYPES"]):
            shards.append((shard.key, [(item.url, record_html(item, label, language))
                                       for item, label in shard.entries]))

    signals.all_generators_finalized.connect(keep_records)
    started = time.perf_counter()
    try:
        output = build_site(
            ROOT / "pelicanconf.py", workdir / "output",
            PATH=str(content), CACHE_PATH=str(workdir / "cache"),
            LOAD_CONTENT_CACHE=False,
        )
    finally:
        signals.all_generators_finalized.disconnect(keep_records)
    return output, time.perf_counter() - started, shards


def index_cold(shards, folder):
    """Index the records again, cold: one run per shard, then one run for all.

    Returns {"sharded"|"unsharded": (seconds, peak bytes of the largest run)} and
    the unsharded bundle.
    """
    executable = indexer.pagefind_executable()
    figures = {}
    started, peak = time.perf_counter(), 0
    for key, records in shards:
        peak = max(peak, indexer.index_records(
            records, folder / "sharded" / key, executable, LANGUAGE))
    figures["sharded"] = (time.perf_counter() - started, peak)
    everything = [record for _, records in shards for record in records]
    bundle = folder / "unsharded"
    started = time.perf_counter()
    peak = indexer.index_records(everything, bundle, executable, LANGUAGE)
    figures["unsharded"] = (time.perf_counter() - started, peak)
    (bundle / MANIFEST).write_text(
        '{"filter": "%s", "shards": [{"key": "all", "path": ""}]}\n' % SHARD_FILTER)
    return figures, bundle


def site_with_bundle(output, bundle, folder):
    """``output`` with pagefind/ replaced by ``bundle`` (symbolic links, no copy)."""
    folder.mkdir()
    for entry in output.iterdir():
        if entry.name != "pagefind":
            (folder / entry.name).symlink_to(entry)
    (folder / "pagefind").symlink_to(bundle)
    return folder


def bundle_figures(bundle):
    sizes = Counter()
    files = Counter()
    per_folder = Counter()
    for path in bundle.rglob("*"):
        if path.is_file():
            top_level = path.parent == bundle
            kind = (path.suffix or path.name) if top_level else path.parent.name
            sizes[kind] += path.stat().st_size
            files[kind] += 1
            per_folder[path.parent] += 1
    return sizes, files, max(per_folder.values())


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
    started = time.perf_counter()
    page.goto(f"{base_url}tim-kiem/?q={quote(query)}")
    status = page.locator("[data-search-status]")
    status.filter(has_text="kết quả").wait_for(timeout=120_000)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    results = page.locator(".search-result").count()
    text = status.inner_text()
    context.close()
    for url, size in finished:
        # The primary's folders are pagefind/index/...; a shard's pagefind/<key>/index/...
        folder = re.search(r"/pagefind/(?:[^/]+/)?(fragment|index|filter)/", url)
        if folder:
            fetched[f"pagefind {FOLDER_KINDS[folder.group(1)]}"] += size
        elif "/pagefind/" in url:
            fetched["pagefind runtime+meta"] += size
        else:
            fetched["our page (html/css/js/img)"] += size
    return fetched, results, text, seconds


def kib(size):
    return f"{size / 1024:,.1f} KiB"


def print_bundle(label, bundle):
    sizes, files, most = bundle_figures(bundle)
    total, count = sum(sizes.values()), sum(files.values())
    print(f"{label}: {kib(total)} in {count} files, at most {most} in one folder")
    for kind in sorted(sizes, key=sizes.get, reverse=True)[:6]:
        print(f"  {kind:28} {kib(sizes[kind]):>12}  {files[kind]:>6} files")


def print_queries(label, site, browser):
    server = serve(site)
    base_url = f"http://127.0.0.1:{server.server_port}/"
    try:
        for query in QUERIES:
            fetched, shown, status, seconds = bytes_per_query(browser, base_url, query)
            pagefind_part = sum(
                size for kind, size in fetched.items() if kind.startswith("pagefind")
            )
            print(f"[{label}] query {query!r}: {status}")
            print(f"  fetched {kib(sum(fetched.values()))} in all, of which "
                  f"Pagefind {kib(pagefind_part)}; {shown} results shown "
                  f"after {seconds:.2f} s")
            for kind in sorted(fetched):
                print(f"    {kind:28} {kib(fetched[kind]):>12}")
    finally:
        server.shutdown()
        server.server_close()


def measure(label, content, browser):
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        workdir = Path(tmp)
        output, seconds, shards = build(content, workdir)
        pages = sum(len(records) for _, records in shards)
        print(f"\n== {label}: {pages} items indexed in {len(shards)} shards, "
              f"build {seconds:.1f} s (Pelican + index)")
        figures, unsharded = index_cold(shards, workdir / "cold")
        for kind, (wall, peak) in figures.items():
            print(f"indexing {kind:9}: {wall:6.1f} s wall, "
                  f"peak memory of one Pagefind run {peak / 2**20:,.0f} MiB")
        print_bundle("pagefind/ sharded (as built)", output / "pagefind")
        print_bundle("pagefind/ unsharded", unsharded)
        print_queries("sharded", output, browser)
        print_queries("unsharded",
                      site_with_bundle(output, unsharded, workdir / "unsharded-site"),
                      browser)


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
