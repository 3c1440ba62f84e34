"""Development settings: `make html` and `make serve` read this file.

publishconf.py imports everything here and overrides only what production needs.
Site identity (name, address, contacts, menus) lives here, never in templates.
"""

# Our plugins share small libraries (source_errors, ...): they import them, and this
# file imports the date format, from the project package that `make` installs into
# .venv editable (pyproject.toml).
from vn_dates.formatting import DATE_FORMAT as _DATE_FORMAT

# --- Site identity -----------------------------------------------------------------
# A sample identity, fictional but consistent: since 1 July 2025 the former Vĩnh Phúc
# province is part of Phú Thọ, whose department publishes the archive of both (the
# 2019 news were Vĩnh Phúc's). Names, numbers and the licence are made up.
SITENAME = "Sở Khoa học và Công nghệ tỉnh Phú Thọ"
SITESUBTITLE = "Cổng thông tin điện tử"
SITEURL = ""

PORTAL_PARENT = "Ủy ban nhân dân tỉnh Phú Thọ"
PORTAL_ADDRESS = "Số 1 đường Trần Phú, phường Việt Trì, tỉnh Phú Thọ"
PORTAL_PHONE = "0210 3846 112"
PORTAL_FAX = "0210 3846 113"
PORTAL_EMAIL = "sokhcn@phutho.gov.vn"
PORTAL_WORKING_HOURS = "Sáng 7h30 – 11h30, chiều 13h30 – 17h00, từ thứ Hai đến thứ Sáu"
# Where security vulnerabilities are reported (SECURITY.md).
PORTAL_SECURITY_CONTACT = PORTAL_EMAIL
# The person responsible for the portal's content, by name and title (footer).
PORTAL_RESPONSIBLE = "Nguyễn Văn Minh"
PORTAL_RESPONSIBLE_TITLE = "Giám đốc Sở Khoa học và Công nghệ"
# The licence line; "" for none (a state body's own portal may need none).
PORTAL_LICENCE = ("Giấy phép số 15/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin "
                  "điện tử cấp ngày 12/9/2025")
PORTAL_COPYRIGHT = ("Bản quyền thuộc Sở Khoa học và Công nghệ tỉnh Phú Thọ. Ghi rõ "
                    "nguồn khi phát hành lại thông tin từ cổng thông tin này.")
# The emblem beside the name: a path under output/ (put the file in theme/static/images/
# or content/images/). The sample ships a neutral placeholder, not the national
# emblem; PORTAL_EMBLEM_PLACEHOLDER = True marks it as one on every page ("biểu
# trưng tạm"). Set the real file and False before publishing.
PORTAL_EMBLEM = "theme/images/emblem.svg"
PORTAL_EMBLEM_PLACEHOLDER = True
# Footer links after the contacts (the RSS page is added when feeds exist).
PORTAL_FOOTER_LINKS = [
    {"title": "Tuyên bố trợ năng", "url": "tuyen-bo-tro-nang/"},
    {"title": "Liên hệ", "url": "lien-he/"},
    {"title": "Lưu trữ", "url": "luu-tru/"},
]

# The main menu, in order. "url" is relative to the site root ("" is the home page);
# "categories": True lists NEWS_CATEGORIES under the item as a submenu.
PORTAL_MENU = [
    {"title": "Trang chủ", "url": ""},
    {"title": "Tin tức - Sự kiện", "url": "tin-tuc/", "categories": True},
    {"title": "Văn bản", "url": "van-ban/"},
    {"title": "Bản tin", "url": "ban-tin/"},
    {"title": "Thủ tục hành chính", "url": "thu-tuc-hanh-chinh/"},
    {"title": "Nhiệm vụ KH&CN", "url": "nhiem-vu/"},
    {"title": "Hỏi đáp", "url": "hoi-dap/"},
    {"title": "Lưu trữ", "url": "luu-tru/"},
    # "children": a configured submenu (url relative to the site root).
    {"title": "Giới thiệu", "url": "gioi-thieu/", "children": [
        {"title": "Chức năng, nhiệm vụ", "url": "gioi-thieu/"},
        {"title": "Cơ cấu tổ chức", "url": "gioi-thieu/co-cau-to-chuc/"},
        {"title": "Lãnh đạo Sở", "url": "gioi-thieu/lanh-dao/"},
        {"title": "Lịch sử hình thành", "url": "gioi-thieu/lich-su/"},
        {"title": "Công khai thông tin", "url": "cong-khai-thong-tin/"},
    ]},
    {"title": "Liên hệ", "url": "lien-he/"},
]

# --- Language, time, dates -----------------------------------------------------------
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
# Pages show dates through our vn_* filters; this only covers Pelican's own
# `locale_date`, and has no month or day names so the OS locale cannot leak in.
DEFAULT_DATE_FORMAT = _DATE_FORMAT
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

# Content is Markdown only: Pelican would otherwise read .html/.htm files under
# content/ as articles, raw (the checker refuses them: E-STATIC-TYPE), and without
# the reStructuredText reader no build logs Docutils' "no localization for 'vi'".
READERS = {"html": None, "htm": None, "rst": None}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# --- URLs: ASCII slugs from Vietnamese titles ------------------------------------------
# unidecode folds Vietnamese (đ→d too); "/" and "." become hyphens so that
# "số 3/2019" gives so-3-2019, not so-32019, and "ISO 9001:2015" iso-9001-2015.
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[/.:]", " "),
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
# The home page (index.html) shows the latest news of each category; the paginated
# list of all news ("Tin tức - Sự kiện") lives at tin-tuc/. 404.html is the
# Vietnamese "page not found" page, at the root where web servers look for it
# (deploy/nginx/site.conf serves it); its links are absolute in production.
DIRECT_TEMPLATES = ["index", "home", "404"]
INDEX_SAVE_AS = "tin-tuc/index.html"
INDEX_URL = "tin-tuc/"
HOME_SAVE_AS = "index.html"
HOME_URL = ""
RELATIVE_URLS = True

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
# plugins/feeds writes feeds/tin-tuc.{rss,atom}.xml, feeds/chuyen-muc/<slug>.*,
# feeds/ban-tin.*, feeds/hoi-dap.*, and the page rss/ that lists them. Feeds need an
# absolute URL: FEEDS_SITEURL, else SITEURL (publishconf.py), else this one, the
# preview's (`make serve` sets the port it really listens on), so development
# builds have feeds too.
FEEDS_DEVELOPMENT_SITEURL = "http://127.0.0.1:8000"
FEEDS_MAX_ITEMS = 20
FEEDS_FULL_TEXT = True  # False: the summary only
# Entry ids are tag:<this>:<source path under content/>; never change it once published.
# (The 2019 host is right: a tag URI names a domain as it was owned on that date.)
FEEDS_ID_AUTHORITY = "sokhcn.vinhphuc.gov.vn,2019"

# --- Theme and plugins -------------------------------------------------------------------
THEME = "theme"
# Autoescape every template: only sanitised editor HTML (content, summaries; plugin
# editor_html) is marked |safe. The rest are Pelican's defaults.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    # Build speed: each content's url and save_as computed once, when every
    # generator's context is built (Pelican recomputes them on every access).
    # First: its receiver of all_generators_finalized runs before the others,
    # which read those addresses (receivers run in connection order).
    "frozen_urls",
    # One owner per output file (every writer after it is guarded), and no
    # symlink or active file type from content/ is ever published.
    "output_guard",
    "vn_dates",
    # Editor HTML sanitised with an allowlist as it is read, and the plain_text
    # filter; after vn_dates, whose Markdown reader it wraps, and before the
    # plugins that transform content HTML.
    "editor_html",
    "figures",
    "content_rules",
    # Content types: bulletin issues (Bản tin) and Q&A (Hỏi đáp khoa học kỹ thuật)
    "bulletins",
    "qa",
    # Văn bản and Dự thảo lấy ý kiến (plugins/documents): DOCUMENTS_* settings below.
    "documents",
    # Thủ tục hành chính (plugins/procedures), and Giới thiệu (units, leaders) with
    # the "Công khai thông tin" page and the information contact point
    # (plugins/organisation; after the other types: it lists their disclosure).
    "procedures",
    # Nhiệm vụ KH&CN and their calls (plugins/science_tasks): SCIENCE_* settings below.
    "science_tasks",
    "organisation",
    # Citizens' questions, comments on drafts and ratings (plugins/citizen_feedback):
    # the forms' pages and the data file the feedback service reads; after the
    # content types whose context it reads. FEEDBACK_* settings below.
    "citizen_feedback",
    # Date archives and the date picker (plugins/archives): ARCHIVE_* settings,
    # defaults in the plugin; Pelican's YEAR/MONTH/DAY_ARCHIVE_SAVE_AS stay "".
    "archives",
    # RSS/Atom feeds with feedgen (plugins/feeds): FEEDS_* settings above.
    "feeds",
    # Editors' workflow: the content checker's rules, also enforced by the build
    # (after content_rules, whose codes it does not repeat), and legacy URLs
    # (after the content types, so their pages are in the context).
    "content_check",
    "legacy_urls",
    # theme: menus, home sections, "Các tin khác", SEO tags, sitemap, images
    "portal",
    "images",
    "html_postprocess",
    "sitemap",
    # Search (plugins/site_search): the Pagefind index and the tim-kiem/ page.
    "site_search",
    # Build speed: every generator's Jinja environment shares one compiled copy of
    # each template (Pelican makes one environment per generator).
    "jinja_shared",
]

# --- Bulletins (plugins/bulletins): content/bulletins/<year>/*.md -------------------
# URLs ban-tin/<year>/so-<number>/ and the index ban-tin/ are the plugin's defaults.
BULLETIN_NAME = "Bản tin Khoa học và Công nghệ"

# --- Q&A (plugins/qa): content/qa/*.md -----------------------------------------------
# URLs hoi-dap/<slug>/, hoi-dap/linh-vuc/<field-slug>/ and hoi-dap/ are the defaults.
QA_TITLE = "Hỏi đáp khoa học kỹ thuật"
QA_FIELDS = [
    "Ứng dụng tiến bộ kỹ thuật nông nghiệp",
    "Tiêu chuẩn - Đo lường - Chất lượng",
    "Sở hữu trí tuệ",
    "An toàn bức xạ",
    "Chuyển giao công nghệ",
]

# --- Documents (plugins/documents): content/documents/**/*.md -------------------------
# URLs van-ban/<slug>/, van-ban/du-thao/, van-ban/<facet>/<value>/ are the defaults.
DOCUMENTS_TITLE = "Văn bản"
DOCUMENTS_TYPES = [
    "Quyết định", "Chỉ thị", "Nghị quyết", "Thông tư", "Kế hoạch", "Công văn",
    "Báo cáo", "Thông báo", "Hướng dẫn", "Chương trình",
]
# The types whose legal force (Còn hiệu lực, Hết hiệu lực, Bị thay thế) the pages
# state; a report, a notice, a plan or an official letter has none.
DOCUMENTS_FORCE_TYPES = ["Quyết định", "Chỉ thị", "Nghị quyết", "Thông tư"]
DOCUMENTS_FIELDS = [
    "Quản lý khoa học", "Tiêu chuẩn - Đo lường - Chất lượng", "Sở hữu trí tuệ",
    "An toàn bức xạ và hạt nhân", "Ứng dụng và chuyển giao công nghệ",
    "Đổi mới sáng tạo", "Tổ chức - Hành chính",
]
# Cơ quan ban hành: the issuers the index filters by (empty: any).
DOCUMENTS_ISSUERS = [
    "Ủy ban nhân dân tỉnh Phú Thọ", "Sở Khoa học và Công nghệ",
    "Bộ Khoa học và Công nghệ", "Hội đồng nhân dân tỉnh Phú Thọ",
]
# Drafts for comment: where citizens send comments (besides the department's
# e-mail and postal address, DOCUMENTS_COMMENT_EMAIL/ADDRESS, default PORTAL_EMAIL
# and PORTAL_ADDRESS): the provincial portal's comment form, an https URL ("" = none).
DOCUMENTS_COMMENT_URL = "https://phutho.gov.vn/gop-y-du-thao"
DOCUMENTS_HOME_LATEST = 5  # "Văn bản mới" on the home page

# --- Thủ tục hành chính (plugins/procedures): content/procedures/*.md ----------------
# Each procedure links to its page on the national public-service portal: the code
# replaces {code}; the link must be https on PROCEDURES_PORTAL_HOST or the build fails.
PROCEDURES_PORTAL_NAME = "Cổng Dịch vụ công quốc gia"
PROCEDURES_PORTAL_HOST = "dichvucong.gov.vn"
PROCEDURES_PORTAL_URL = ("https://dichvucong.gov.vn/p/home/"
                         "dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}")
PROCEDURE_LEVELS = ["Toàn trình", "Một phần", "Không trực tuyến"]
PROCEDURE_FIELDS = [
    "Hoạt động khoa học và công nghệ",
    "Chuyển giao công nghệ",
    "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân",
    "Tiêu chuẩn, đo lường, chất lượng",
    "Sở hữu trí tuệ",
]

# --- Nhiệm vụ KH&CN (plugins/science_tasks): content/tasks/*.md, content/task-calls/*.md
# URLs nhiem-vu/<slug>/, nhiem-vu/<facet>/<value>/, nhiem-vu/danh-muc/<year>/ (with
# its .csv and .json) and nhiem-vu/thong-bao/<slug>/ are the plugin's defaults.
SCIENCE_TASKS_TITLE = "Nhiệm vụ khoa học và công nghệ"
SCIENCE_TASK_LEVELS = ["Cấp tỉnh", "Cấp cơ sở"]
# The six fields of science of the national classification.
SCIENCE_TASK_FIELDS = [
    "Khoa học tự nhiên", "Khoa học kỹ thuật và công nghệ", "Khoa học y, dược",
    "Khoa học nông nghiệp", "Khoa học xã hội", "Khoa học nhân văn",
]
SCIENCE_TASK_STATUSES = ["Đề xuất", "Tuyển chọn", "Đang thực hiện", "Đã nghiệm thu",
                         "Thanh lý"]
# "Đã nghiệm thu" must state its acceptance date and grade; only these two statuses
# may carry results at all (Accepted:, Grade:, Result:, Product:).
SCIENCE_TASK_ACCEPTED_STATUSES = ["Đã nghiệm thu"]
SCIENCE_TASK_RESULT_STATUSES = ["Đã nghiệm thu", "Thanh lý"]
SCIENCE_TASK_GRADES = ["Xuất sắc", "Khá", "Đạt", "Không đạt"]
SCIENCE_CALL_KINDS = ["Tuyển chọn", "Giao trực tiếp"]

# --- Giới thiệu and Công khai thông tin (plugins/organisation) ------------------------
# content/organisation/units/*.md and leaders/*.md; the chart gioi-thieu/co-cau-to-chuc/,
# the leaders gioi-thieu/lanh-dao/, the disclosure list cong-khai-thong-tin/.
ORGANISATION_UNIT_GROUPS = ["Văn phòng, Thanh tra và các phòng chuyên môn",
                            "Đơn vị sự nghiệp trực thuộc"]
# The contact point for information requests (Luật Tiếp cận thông tin 2016): an
# office's contacts, shown on the contact page and the disclosure page. The build
# refuses a mobile number here (a person's phone is not the office's).
PORTAL_INFORMATION_CONTACT = {
    "name": "Bộ phận tiếp nhận yêu cầu cung cấp thông tin",
    "title": "đầu mối cung cấp thông tin của Sở",
    "unit": "Văn phòng Sở Khoa học và Công nghệ",
    "address": PORTAL_ADDRESS,
    "email": "vanphong.sokhcn@phutho.gov.vn",
    "phone": "0210 3846 112",
}
# Disclosed information published elsewhere, after the rows generated from the
# content types: {"what", "law", "url" (http(s) or a path of this site), "how",
# "when" (dd/mm/yyyy)}.
DISCLOSURE_ENTRIES = [
    {"what": "Báo cáo công khai dự toán, quyết toán ngân sách năm 2025",
     "law": "Báo cáo tài chính năm (Điều 19 khoản 1 điểm e)",
     "url": "https://stc.phutho.gov.vn/", "how": "Tệp PDF trên Cổng thông tin của Sở Tài chính",
     "when": "31/03/2026"},
    {"what": "Thông tin liên hệ và đầu mối cung cấp thông tin",
     "law": "Điều 19 khoản 1 điểm đ", "url": "lien-he/", "how": "Trang web"},
]

# --- Legacy URLs (plugins/legacy_urls) ------------------------------------------------
# The nginx map of old portal addresses, where deploy/nginx/site.conf includes it.
LEGACY_URLS_MAP_SAVE_AS = "nginx/legacy-redirects.map"

# --- Content checker (plugins/content_check; `invoke check`) ----------------------------
CHECK_MAX_IMAGE_BYTES = 2 * 1024 * 1024  # bytes per image file
CHECK_MAX_IMAGE_WIDTH = 4000  # pixels
CHECK_MAX_IMAGE_HEIGHT = 4000

# --- portal (theme data) ------------------------------------------------------------------
PORTAL_HOME_LATEST = 6  # "Tin mới nhất" beside the lead story on the home page
PORTAL_HOME_PER_CATEGORY = 4  # articles per category on the home page
# The home page's blocks, each {"title", "kind", ...}: kind "links" (configured
# links, absolute or relative to the site), "bulletin" (the latest issue with its
# cover), "documents" (the DOCUMENTS_HOME_LATEST newest documents), "consultations"
# (drafts open for comment, with their countdown; not shown while there is none),
# "calls" (open calls for science tasks, likewise) or "procedures" (the newest
# `count` procedures, a link to all of them, then its "links").
# What citizens act on comes right after the lead story (on a phone, before
# "Tin mới nhất"); the side column follows the news categories.
PORTAL_HOME_ACTION_BLOCKS = [
    {"title": "Đang lấy ý kiến", "kind": "consultations"},
    {"title": "Thông báo tuyển chọn nhiệm vụ", "kind": "calls"},
    {"title": "Văn bản mới", "kind": "documents"},
    {"title": "Thủ tục hành chính / Dịch vụ công", "kind": "procedures", "count": 5,
     "links": [
        {"title": "Cổng Dịch vụ công quốc gia", "url": "https://dichvucong.gov.vn/"},
        {"title": "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Phú Thọ",
         "url": "https://dichvucong.phutho.gov.vn/"},
    ]},
]
PORTAL_HOME_SIDE_BLOCKS = [
    {"title": "Bản tin Khoa học và Công nghệ", "kind": "bulletin"},
    {"title": "Liên kết website", "kind": "links", "links": [
        {"title": "Cổng thông tin điện tử tỉnh Phú Thọ", "url": "https://phutho.gov.vn/"},
        {"title": "Bộ Khoa học và Công nghệ", "url": "https://mst.gov.vn/"},
        {"title": "Cổng thông tin điện tử Chính phủ", "url": "https://chinhphu.vn/"},
    ]},
]
# Articles without a photo show their category's neutral thumbnail in lists.
PORTAL_DEFAULT_THUMBNAIL = "theme/images/thumbnails/tin-tuc.svg"
PORTAL_CATEGORY_THUMBNAILS = {
    "Thanh tra": "theme/images/thumbnails/thanh-tra.svg",
    "Tiêu chuẩn - Đo lường - Chất lượng": "theme/images/thumbnails/do-luong.svg",
    "An toàn bức xạ": "theme/images/thumbnails/buc-xa.svg",
}
PORTAL_OTHER_NEWS = 8  # "Các tin khác" under an article

# --- images (Pillow derivatives) ----------------------------------------------------------
# 240: list thumbnails (6.5-12rem) and the home's bulletin cover (6rem).
IMAGES_WIDTHS = [240, 480, 960, 1440]
IMAGES_MAX_PIXELS = 40_000_000  # a larger picture fails the build (E-IMAGE-TOO-LARGE)

# --- sitemap / robots.txt -----------------------------------------------------------------
SITEMAP_EXCLUDE = ["404.html"]

# --- Search (site_search) -------------------------------------------------------
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = "tim-kiem/index.html"
# What is searchable, and under which type label, is declared by each content type
# (plugins/content_types: searchable, label); static pages are not indexed.
# Where the search page sends readers whose browser runs no JavaScript.
SEARCH_ARCHIVE_URL = "luu-tru/"

# --- Build ------------------------------------------------------------------------------
CACHE_PATH = "cache"
# Cache what the Markdown reader made of each file, keyed by the file's content hash
# (not its mtime, which git checkouts reset). tasks.build_site drops this cache when
# our plugins' code changes.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha1"
# Pelican writes that cache again at every build; gzip made that 1.7 s of a
# one-article rebuild at 1,000 articles (more than the page rendered), for a file
# of a few MB a disk does not miss.
GZIP_CACHE = False
OUTPUT_PATH = "output"

# --- Sample content (plugins/sample_content) ------------------------------------------
# The list of sample files (patterns relative to content/) that `make publish` refuses
# while they are in the site; ALLOW_SAMPLE_CONTENT=1 publishes a demonstration anyway.
SAMPLE_CONTENT_LIST = "sample-content.txt"

# --- Citizens' feedback (plugins/citizen_feedback; invoke feedback-serve) -----------
# Forms on hoi-dap/, each open draft and danh-gia/ post to FEEDBACK_POST_PREFIX, which
# nginx proxies to the service (invoke nginx-conf --feedback-upstream). Defaults in
# plugins/citizen_feedback/settings.py; the server's folders are in publishconf.py.
FEEDBACK_ENABLED = True
FEEDBACK_CONTACT_RETENTION_DAYS = 365  # contact for a reply: deleted after 12 months
# Monthly rating counts (invoke inbox-ratings), beside content/ (not in it).
FEEDBACK_RATINGS_FILE = "feedback/danh-gia.json"
