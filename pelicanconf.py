"""Development settings: `make html` and `make serve` read this file.

publishconf.py imports everything here and overrides only what production needs.
Site identity (name, address, contacts, menus) lives here, never in templates.
"""

import sys
from pathlib import Path

# Our plugins share small libraries (source_errors, ...). Pelican finds plugins
# through PLUGIN_PATHS without putting that folder on sys.path, so add it here.
_PLUGINS_DIR = str(Path(__file__).resolve().parent / "plugins")
if _PLUGINS_DIR not in sys.path:
    sys.path.insert(0, _PLUGINS_DIR)

# --- Site identity -----------------------------------------------------------------
SITENAME = "Sở Khoa học và Công nghệ tỉnh Vĩnh Phúc"
SITESUBTITLE = "Cổng thông tin điện tử"
SITEURL = ""

PORTAL_SHORT_NAME = "Sở KH&CN Vĩnh Phúc"
PORTAL_PARENT = "Ủy ban nhân dân tỉnh Vĩnh Phúc"
PORTAL_ADDRESS = "Số 2 đường Hai Bà Trưng, phường Vĩnh Phúc, tỉnh Phú Thọ"
PORTAL_PHONE = "0211 3862 480"
PORTAL_EMAIL = "sokhcn@vinhphuc.gov.vn"
PORTAL_RESPONSIBLE = "Giám đốc Sở Khoa học và Công nghệ"
PORTAL_EMBLEM = "theme/images/emblem.svg"  # a neutral placeholder; replace with the real emblem

# --- Language, time, dates -----------------------------------------------------------
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
# Pages show dates through our vn_* filters; this only covers Pelican's own
# `locale_date`, and has no month or day names so the OS locale cannot leak in.
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
DEFAULT_DATE = None  # an article without Date: is an error, not "today"

# --- Content -------------------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "files"]
ARTICLE_EXCLUDES = []
USE_FOLDER_AS_CATEGORY = False  # folders are years, not categories
DEFAULT_CATEGORY = "Chưa phân loại"  # never published: content_rules refuses it

NEWS_CATEGORIES = [
    "Hoạt động của Sở",
    "Xây dựng Đảng - Đoàn thể",
    "Khoa học - Công nghệ",
    "Tiêu chuẩn - Đo lường - Chất lượng",
    "Thanh tra",
    "Sở hữu trí tuệ - Sáng kiến",
    "An toàn bức xạ",
]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# --- URLs: ASCII slugs from Vietnamese titles ------------------------------------------
# unidecode folds Vietnamese (đ→d too); "/" and "." become hyphens so that
# "số 3/2019" gives so-3-2019, not so-32019.
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[/.]", " "),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
ARTICLE_URL = "tin-tuc/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Scheduled (future-dated) articles and drafts are written nowhere.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""

DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
# The web server's "page not found" (404.html at the root; see deploy/nginx/site.conf).
# The other direct templates stay off through their *_SAVE_AS = "" above.
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]

# --- Feeds (our own feeds plugin owns them; Pelican's are off) ---------------------------
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None

# --- Theme and plugins -------------------------------------------------------------------
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "vn_dates",
    "figures",
    "content_rules",
]

# --- Build ------------------------------------------------------------------------------
CACHE_PATH = "cache"
OUTPUT_PATH = "output"
