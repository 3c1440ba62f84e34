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
import random
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

import pelicanconf  # noqa: E402
import tasks  # noqa: E402

QUERIES = ["dang", "tim kiem", "chuyen doi so", "Đảng", "tiêu chuẩn đo lường"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]



def _words(text):
    return text.split()


# Words of the portal's news, so the index has a realistic Vietnamese vocabulary
# (many syllables share letters once accents are folded: đang/Đảng/dạng/đăng).
VOCABULARY = _words("""
Sở Khoa học và Công nghệ tỉnh tổ chức hội nghị hội thảo triển khai kế hoạch nhiệm vụ
năm đề tài dự án nghiệm thu đánh giá kết quả ứng dụng chuyển giao tiến bộ kỹ thuật
doanh nghiệp hợp tác xã nông dân sản xuất giống cây trồng vật nuôi chất lượng tiêu
chuẩn đo lường kiểm định phương tiện đo hàng đóng gói sẵn thanh tra kiểm tra xử phạt vi
phạm hành chính an toàn bức xạ hạt nhân y tế công nghiệp sở hữu trí tuệ nhãn hiệu sáng
chế kiểu dáng sáng kiến đổi mới sáng tạo khởi nghiệp chuyển đổi số dữ liệu cơ sở hệ
thống quản lý ISO TCVN cán bộ công chức viên chức Đảng bộ Đảng ủy chi bộ đảng viên
đoàn thể công đoàn đoàn thanh niên phụ nữ cựu chiến binh đồng chí Giám đốc Phó Giám
đốc Trưởng phòng chuyên môn đơn vị địa phương huyện thành phố xã phường đường giao
thông nông thôn mới thị trường công nghệ thiết bị sàn giao dịch trực tuyến tìm kiếm
đối tác thông tin tuyên truyền phổ biến pháp luật văn bản quy phạm hướng dẫn thủ tục
hồ sơ cấp phép đăng ký tiếp nhận giải quyết đang được đã sẽ tiếp tục tăng cường nâng
cao hiệu quả phát triển bền vững kinh tế xã hội môi trường năng lượng tiết kiệm sạch
nghiên cứu khoa học nhà khoa học trường đại học viện trung tâm phòng thí nghiệm mẫu
sản phẩm hàng hóa người tiêu dùng cửa hàng xăng dầu cân chợ dân sinh quyền lợi
""")
CATEGORIES = pelicanconf.NEWS_CATEGORIES


# Vietnamese writes one syllable per word; a real archive uses a few thousand of
# them, a few very often and most rarely. The rare ones are generated: onset +
# rhyme + tone, which gives real-looking (if often meaningless) syllables.
ONSETS = _words("b c ch d đ g gh gi h k kh l m n ng nh p ph qu r s t th tr v x")
RHYMES = _words("""a ai ao an ang anh at ac ach e em en eng et ec i ia inh it ich o oi
on ong ot oc u ui un ung ut uc uyên uyêt ươ ương ươc ưa ưu ươi ân âm ât ây âu ăn ăng
ăt ăc ê ên êt ênh êch ô ôi ôn ông ôt ôc ơ ơi ơn ơt iêu iên iêt uôi uôn uông uôt""")
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # ` ´ ~ ? .


def vocabulary(rng, rare=4000):
    """Domain words (frequent), then ``rare`` generated syllables; Zipf weights."""
    import unicodedata

    words = list(dict.fromkeys(VOCABULARY))
    seen = set(words)
    while len(words) < len(VOCABULARY) + rare:
        rhyme = rng.choice(RHYMES)
        # The tone mark sits on the rhyme's first vowel (close enough for a corpus).
        syllable = rng.choice(ONSETS) + rhyme[0] + rng.choice(TONES) + rhyme[1:]
        syllable = unicodedata.normalize("NFC", syllable)
        if syllable not in seen:
            seen.add(syllable)
            words.append(syllable)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    return words, weights


def sentence(rng, lexicon, low=8, high=22):
    words = rng.choices(*lexicon, k=rng.randint(low, high))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + "."


def write_corpus(content, count, seed=2019):
    """Write ``count`` synthetic news articles under content/news/<year>/."""
    rng = random.Random(seed)
    lexicon = vocabulary(rng)
    for number in range(count):
        year = 2010 + number % 15
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        title = sentence(rng, lexicon, 8, 14).rstrip(".")
        paragraphs = [
            " ".join(sentence(rng, lexicon) for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(4, 8))
        ]
        target = content / "news" / str(year) / f"bai-{number:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"Title: {title}\nDate: {day:02d}/{month:02d}/{year} 08:00\n"
            f"Category: {rng.choice(CATEGORIES)}\nSlug: bai-{number:05d}\n\n"
            + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8",
        )


def build(content, workdir):
    started = time.perf_counter()
    output = tasks.build_site(
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

    tasks._init_logging()
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
                write_corpus(corpus, args.articles)
                measure(f"synthetic corpus of {args.articles}", corpus, browser)
            finally:
                shutil.rmtree(corpus, ignore_errors=True)
        browser.close()


if __name__ == "__main__":
    main()
