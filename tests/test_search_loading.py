"""Search costs a reader nothing until they touch the search box (Chromium).

The real content/ (the ``sample_site`` of conftest.py) is opened in Chromium with
every request logged: the home page and the seed article ask for no search code
(neither search.js nor anything of Pagefind) until the header box gets focus;
then search.js and Pagefind come, from our host only.
"""

import re

import pytest
from conftest import settle
from servers import start_nginx  # noqa: F401  (fixture)
from test_seed_article import SEED_PAGE

SEARCH_CODE = re.compile(r"/js/search(\.[0-9a-f]+)?\.js|/pagefind/")


@pytest.mark.parametrize("path", ["", SEED_PAGE.removesuffix("index.html")])
def test_no_search_code_until_the_box_is_focused(browser, sample_site, path):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(sample_site.url(path))
    settle(page)
    page.mouse.wheel(0, 2000)  # scrolling, like reading, loads nothing of search
    page.wait_for_timeout(300)
    assert requests and not [u for u in requests if SEARCH_CODE.search(u)]
    with page.expect_request(re.compile(r"/pagefind/pagefind\.js$")):
        page.focus("#search-box-q")
    assert any(re.search(r"/js/search(\.[0-9a-f]+)?\.js$", u) for u in requests)
    assert all(u.startswith(sample_site.origin) for u in requests
               if not u.startswith("data:"))
    context.close()


def test_index_files_are_kept_by_browsers(sample_site, start_nginx, tmp_path):
    """Pagefind's content-hashed files are immutable for caches (a reader who
    searched once fetches them never again); its unhashed code is revalidated."""
    import urllib.request

    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "current").symlink_to(sample_site.output)
    server = start_nginx(tmp_path / "release")
    bundle = sample_site.output / "pagefind"
    hashed = [next(bundle.glob("pagefind.*.pf_meta")), next(bundle.glob("index/*")),
              next(bundle.glob("fragment/*"))]
    for path in hashed:
        address = server.url("/" + path.relative_to(sample_site.output).as_posix())
        with urllib.request.urlopen(address) as response:
            assert response.headers["Cache-Control"] == (
                "public, max-age=31536000, immutable"), address
    with urllib.request.urlopen(server.url("/pagefind/pagefind.js")) as response:
        assert "max-age=60" in response.headers["Cache-Control"]
