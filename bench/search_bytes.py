"""What a reader on a phone downloads before the first search results, and how long.

Builds the repository's content/ (documents, procedures, the seed article...) plus
N synthetic news articles (bench/corpus.py) with the production configuration
(publishconf.py: fingerprinted theme files) on the server's address, writes
the precompressed .gz copies a publish writes, serves the site through real nginx
with the project's own configuration (deploy/nginx/site.conf, as tests/servers.py
starts it), and drives Debian's Chromium (never a downloaded browser), a 390 px
phone viewport, a fresh browser context (cold cache) for every measurement:

- the home page and the seed article: bytes transferred (all of it, and without
  images), and whether any search code was asked for;
- for each query, the search page tim-kiem/?q=...: bytes transferred until the
  first result is on screen (everything: HTML, CSS, our JS, Pagefind's code,
  WebAssembly, index, fragments; headers included), bytes once the network is
  idle, the time to the first result; then the same under Chrome's "Fast 3G"
  profile (CDP Network.emulateNetworkConditions);
- the same query typed into the home page's header box under Fast 3G: the
  seconds from Enter to the first results (the box's focus has loaded the
  search code while the reader typed);
- then "Xem kết quả cũ hơn" once: the bytes it adds.

    PYTHONPATH=tests .venv/bin/python bench/search_bytes.py --articles 1000
    PYTHONPATH=tests .venv/bin/python bench/search_bytes.py --articles 5000 --no-throttle

(PYTHONPATH=tests: the bench reuses the tests' real nginx helper.)

Bytes are Chromium's own counts (encoded body + response headers) for every
request of the page and its Pagefind worker.
"""

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from corpus import vocabulary, write_news
from pelican.settings import read_settings
from releases import precompress
from servers import Nginx
from sitebuild.build import build_site, init_logging

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
# Chrome DevTools' "Fast 3G" preset.
FAST_3G = {"offline": False, "latency": 562.5,
           "downloadThroughput": 1.6 * 1024 * 1024 * 0.9 / 8,
           "uploadThroughput": 750 * 1024 * 0.9 / 8}
SEED_PAGE = "tin-tuc/2019/08/so-ket-cong-tac-xay-dung-dang-6-thang-dau-nam-2019/"
IMAGE = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg")


def queries():
    """Ten 1-3 word queries: common words, a phrase, rare syllables, a number."""
    words, _ = vocabulary(random.Random(2019))  # the corpus's own vocabulary
    return ["Đảng", "tỉnh", "xây dựng Đảng", "hiệu chuẩn", "đo lường chất lượng",
            "chuyen doi so", words[-1], f"{words[-400]} {words[-900]}",
            "15/2024/QĐ-UBND", "qđ 15"]


class Log:
    """Every request of a page (and its workers) with its size and end time."""

    def __init__(self, page):
        self.entries = []
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        sizes = request.sizes()
        timing = request.timing
        ended = timing["startTime"] + max(timing["responseEnd"], 0)
        self.entries.append((request.url, ended,
                             sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def total(self, until=None, keep=lambda url: True):
        return sum(size for url, ended, size in self.entries
                   if keep(url) and (until is None or ended <= until))

    def urls(self):
        return [url for url, _, _ in self.entries]


def is_search_code(url):
    return "/pagefind/" in url or "/js/search." in url


def open_page(browser, url, throttle=False):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
    log = Log(page)
    return context, page, log


def wait_until(page, expression, seconds=300):
    """Poll ``expression`` in the page (wait_for_function evaluates a string, which
    the site's Content-Security-Policy forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.02)


def measure_page(browser, url):
    context, page, log = open_page(browser, url)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    result = (log.total(), log.total(keep=lambda u: not u.lower().endswith(IMAGE)),
              any(is_search_code(u) for u in log.urls()))
    context.close()
    return result


# When the first results (or "nothing found") are on screen, in epoch ms.
FIRST_RESULTS = """
    new MutationObserver((changes, observer) => {
      const status = document.querySelector('[data-search-status]');
      if (status && /^(Tìm thấy|Không tìm thấy)/.test(status.textContent)) {
        window.firstResultsAt = Date.now();
        observer.disconnect();
      }
    }).observe(document, {subtree: true, childList: true, characterData: true});
"""


def measure_box(browser, base, query):
    """Seconds from Enter in the home page's box to the first results, Fast 3G,
    the query typed at a phone's pace after focusing the box (which loads the
    search code while the reader types)."""
    context, page, _ = open_page(browser, base, throttle=True)
    page.add_init_script(FIRST_RESULTS)
    page.goto(base, wait_until="load")
    page.focus("#search-box-q")
    page.keyboard.type(query, delay=150)
    started = page.evaluate("Date.now()")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/**")
    wait_until(page, "window.firstResultsAt")
    seconds = (page.evaluate("window.firstResultsAt") - started) / 1000
    context.close()
    return seconds


def measure_query(browser, base, query, throttle=False):
    """(bytes to first results, bytes in all, seconds, results shown, older bytes)."""
    context, page, log = open_page(browser, base, throttle)
    page.add_init_script(FIRST_RESULTS)
    started = time.time() * 1000
    page.goto(f"{base}tim-kiem/?q={quote(query)}")
    wait_until(page, "window.firstResultsAt")
    first = page.evaluate("window.firstResultsAt")
    page.wait_for_load_state("networkidle")
    shown = page.locator(".search-result").count()
    to_first, in_all = log.total(until=first), log.total()
    older = page.get_by_role("button", name="Xem kết quả cũ hơn")
    older_bytes = None
    if not throttle:
        if page.locator("[data-search-more]").is_visible():
            page.locator("[data-search-more]").click()
            page.wait_for_load_state("networkidle")
        if older.is_visible():
            before = log.total()
            older.click()
            wait_until(page, "!/Đang tìm/.test(document.querySelector("
                             "'[data-search-status]').textContent)")
            page.wait_for_load_state("networkidle")
            older_bytes = log.total() - before
    context.close()
    return to_first, in_all, (first - started) / 1000, shown, older_bytes


def kb(size):
    return f"{size / 1000:,.1f} KB"


def build(articles, workdir):
    content = workdir / "content"
    shutil.copytree(ROOT / "content", content)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    write_news(content, articles, categories=settings["NEWS_CATEGORIES"])
    output = workdir / "site" / "current"
    started = time.perf_counter()
    # The production settings (fingerprinted theme files, kept by browsers), on
    # this server's address.
    build_site(ROOT / "publishconf.py", output, PATH=str(content),
               CACHE_PATH=str(workdir / "cache"), SITEURL="")
    seconds = time.perf_counter() - started
    precompress(output)
    return output, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--no-throttle", action="store_true",
                        help="skip the Fast 3G runs")
    parser.add_argument("--workdir", type=Path,
                        help="keep the build here; reuse it when it is there")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    init_logging()
    with tempfile.TemporaryDirectory(prefix="search-bytes-") as tmp:
        workdir = args.workdir or Path(tmp)
        if (workdir / "site" / "current" / "index.html").is_file():
            output, seconds = workdir / "site" / "current", 0.0
        else:
            output, seconds = build(args.articles, workdir)
        shards = len([p for p in (output / "pagefind").iterdir() if p.is_dir()
                      and (p / "pagefind-entry.json").is_file()]) + 1
        print(f"== {args.articles} synthetic articles + content/: built in "
              f"{seconds:.0f} s, search index in {shards} shards")
        server = Nginx(workdir / "nginx", workdir / "site").start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS)
                base = server.url("/")
                for label, path in (("home page", ""), ("seed article", SEED_PAGE)):
                    total, no_images, search = measure_page(browser, base + path)
                    print(f"{label:13}: {kb(total)} transferred, {kb(no_images)} "
                          f"without images; search code asked for: {search}")
                print(f"{'query':24} {'to 1st results':>15} {'in all':>11} "
                      f"{'time':>7} {'shown':>5} {'Fast 3G':>8} {'3G box':>8} "
                      f"{'older +':>11}")
                for query in queries():
                    first, total, secs, shown, older = measure_query(
                        browser, base, query)
                    slow = box = ""
                    if not args.no_throttle:
                        slow = f"{measure_query(browser, base, query, True)[2]:.2f} s"
                        box = f"{measure_box(browser, base, query):.2f} s"
                    print(f"{query:24} {kb(first):>15} {kb(total):>11} {secs:6.2f}s "
                          f"{shown:>5} {slow:>8} {box:>8} "
                          f"{kb(older) if older else '-':>11}", flush=True)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
