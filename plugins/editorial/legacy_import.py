"""Turn pages saved from the old portal into Markdown articles.

Two inputs are understood:

- **HTML pages** saved from the old ASP.NET portal (parsed with BeautifulSoup): the
  title, date, body paragraphs, pictures with their captions, the by-line, the
  category from the breadcrumb and the old address from ``<link rel=canonical>`` or
  ``og:url``;
- **plain-text exports** (tests/data/seed-*.txt): blocks separated by blank lines —
  title, date line, paragraphs, photo captions, by-line, and the portal's trailing
  "Các tin đã đưa ngày:" list, which is dropped.

**Captions in text exports.** The export lost the pictures, so a caption is only a
paragraph. A paragraph counts as a caption when it (1) is a single sentence with no
sentence-ending punctuation, (2) is at most ``CAPTION_MAX_CHARS`` long and (3)
starts the way the portal's captions start (``CAPTION_STARTS``: "Đồng chí", "Toàn
cảnh", "Ảnh:", ...) or ends with a photo credit "(Ảnh: ...)". All three together:
body text ends with a period, and a short heading-like line without one ("Kết quả
đạt được") does not start like a caption. "The paragraph just before the by-line"
would not do: in the seed the caption stands in the middle of the article, where
the photo was. Editors can instead name the captions (``--caption "Đồng chí
Phạm"``, the start of each caption paragraph), which turns the guess off; the
command prints every caption it took so a wrong guess is seen at once. A caption
without a picture becomes a ``<figure>`` holding only its ``<figcaption>``;
``--image`` adds a picture (``--illustration`` marks it as a stand-in).

**Re-importing** updates instead of duplicating: an existing article with the same
``Legacy-URL:``, or else the same ``Legacy-ID:`` (a hash of the normalised title and
date, for exports that carry no address), is rewritten in place — fields the
importer does not produce (Summary, Slug, Tags added by an editor) are kept, and a
file whose text would not change is not touched at all.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString
from content_check import runner
from content_check.urls import slug_for
from editor_html.sanitiser import is_allowed_url
from sources import IMAGE_EXTENSIONS
from vn_dates.formatting import DATE_FORMAT, DATETIME_FORMAT
from vn_dates.parsing import DateFormatError, parse_editor_date

CHROME_STARTS = ("Các tin đã đưa ngày", "Các tin khác", "Tin cùng chuyên mục")
CAPTION_STARTS = (
    "Ảnh:", "Ảnh ", "Hình ", "Đồng chí", "Các đồng chí", "Toàn cảnh", "Quang cảnh",
    "Lãnh đạo", "Các đại biểu", "Đại biểu", "Đoàn công tác", "Hội nghị", "Hội thảo",
)
PHOTO_CREDIT = re.compile(r"\((?:Ảnh|Nguồn ảnh)\s*:[^)]*\)\s*$")
INNER_SENTENCE_END = re.compile(r"[.!?…]\s+\S")  # a caption is a single sentence
SENTENCE_END = (".", "!", "?", "…", ":", ";", '"', "”", "»")
CAPTION_MAX_CHARS = 300
BYLINE_MAX_CHARS = 60
DATE_IN_TEXT = re.compile(
    r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\D{0,5}?(\d{1,2})\s*[:hg]\s*(\d{2}))?")


class ImportFailed(ValueError):
    """The page cannot be imported; the message says what to do, in Vietnamese."""


@dataclass
class Block:
    kind: str  # "p", "caption" (a figure) or "h" (a heading)
    text: str  # Markdown-ready (escaped) text; for captions, plain text
    image: Path | None = None  # local picture for a caption, if any
    image_alt: str = ""


@dataclass
class LegacyPage:
    source: Path
    title: str
    date: object  # datetime
    date_has_time: bool
    blocks: list
    author: str | None = None
    category: str | None = None
    legacy_url: str | None = None
    summary: str | None = None
    warnings: list = field(default_factory=list)

    @property
    def legacy_id(self):
        key = f"{clean(self.title).lower()}|{self.date:%Y-%m-%d}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class ImportResult:
    path: Path
    action: str  # "tạo mới", "cập nhật", "không đổi"
    captions: list
    warnings: list


# --- Text helpers ------------------------------------------------------------------


def clean(text):
    """NFC, no soft hyphens or non-breaking spaces, whitespace runs made single."""
    text = unicodedata.normalize("NFC", text).replace("\xad", "").replace("\xa0", " ")
    return " ".join(text.split())


def escape_markdown(text):
    """Text that Markdown shows as written (no lists, emphasis or raw HTML)."""
    text = text.replace("\\", "\\\\")
    for char in "*_`[]":
        text = text.replace(char, "\\" + char)
    text = text.replace("<", "&lt;")
    text = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", text)
    return re.sub(r"^([#>+\-=])", r"\\\1", text)


def is_caption(text):
    """The caption rule for text exports (see the module docstring)."""
    if not text or len(text) > CAPTION_MAX_CHARS:
        return False
    if PHOTO_CREDIT.search(text):
        return True
    if text.endswith(SENTENCE_END) or INNER_SENTENCE_END.search(text):
        return False
    return text.startswith(CAPTION_STARTS)


def is_byline(text):
    return bool(text) and len(text) <= BYLINE_MAX_CHARS and not text.endswith(
        SENTENCE_END) and len(text.split()) <= 6


def parse_date(text, source):
    match = DATE_IN_TEXT.search(text)
    if not match:
        raise ImportFailed(f"{source}: không thấy ngày (dd/mm/yyyy) trong '{text}'")
    day, month, year, hour, minute = match.groups()
    value = f"{day}/{month}/{year}" + (f" {hour}:{minute}" if hour else "")
    try:
        return parse_editor_date(value), bool(hour)
    except DateFormatError as error:
        raise ImportFailed(f"{source}: {error}") from None


def _chrome_start(blocks):
    for index, text in enumerate(blocks):
        if text.startswith(CHROME_STARTS):
            return index
    return len(blocks)


def _mark_captions(texts, explicit):
    """Kinds for body paragraphs: explicit caption starts, else the caption rule."""
    if explicit:
        starts = [clean(c) for c in explicit]
        return ["caption" if any(t.startswith(s) for s in starts) else "p"
                for t in texts]
    return ["caption" if is_caption(t) else "p" for t in texts]


# --- Plain-text exports ------------------------------------------------------------


def parse_text_export(path, captions=()):
    text = Path(path).read_text(encoding="utf-8-sig")
    blocks = [clean(b) for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    blocks = [b for b in blocks if b]
    blocks = blocks[:_chrome_start(blocks)]
    if len(blocks) < 3:
        raise ImportFailed(f"{path}: cần ít nhất tiêu đề, dòng ngày và một đoạn văn")
    title, date_line, *body = blocks
    date, has_time = parse_date(date_line, path)
    author = None
    if body and is_byline(body[-1]) and not is_caption(body[-1]):
        author = body.pop()
    kinds = _mark_captions(body, captions)
    page_blocks = [
        Block(kind, text if kind == "caption" else escape_markdown(text))
        for kind, text in zip(kinds, body, strict=True)
    ]
    return LegacyPage(Path(path), title, date, has_time, page_blocks, author)


# --- HTML pages ----------------------------------------------------------------------

TITLE_HINT = re.compile(r"title|tieude|headline", re.I)
DATE_HINT = re.compile(r"date|ngay|time", re.I)
BODY_HINT = re.compile(r"content|noidung|detail|body|chitiet", re.I)
SUMMARY_HINT = re.compile(r"summary|sapo|tomtat|lead", re.I)
CAPTION_HINT = re.compile(r"desc|caption|chuthich|chu-thich|note", re.I)
BREADCRUMB_HINT = re.compile(r"breadcrumb|duongdan|navpath", re.I)


def _hint(tag, pattern):
    values = [tag.get("id") or "", *(tag.get("class") or [])]
    return any(pattern.search(v) for v in values)


def _inline_markdown(tag, warnings=None):
    """Markdown for the inline content of ``tag``: bold, italic, links, text.

    A link the site's sanitiser would not keep (``javascript:``, ``data:``, ...)
    keeps its text only, and ``warnings`` says so.
    """
    parts = []
    for child in tag.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(escape_markdown(str(child)) if str(child).strip() else " ")
        elif child.name in ("strong", "b"):
            inner = _inline_markdown(child, warnings).strip()
            parts.append(f"**{inner}**" if inner else "")
        elif child.name in ("em", "i"):
            inner = _inline_markdown(child, warnings).strip()
            parts.append(f"*{inner}*" if inner else "")
        elif child.name == "a" and child.get("href"):
            inner = _inline_markdown(child, warnings).strip()
            href = child["href"].strip()
            if is_allowed_url(href):
                parts.append(f"[{inner}]({_link_destination(href)})")
            else:
                parts.append(inner)
                if warnings is not None:
                    warnings.append(f"bỏ liên kết không an toàn '{href[:60]}'")
        elif child.name == "br":
            parts.append(" ")
        elif child.name not in ("img", "script", "style"):
            parts.append(_inline_markdown(child, warnings))
    return clean("".join(parts))


def _link_destination(href):
    # Spaces and parentheses would end a Markdown link destination early.
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _find_caption(image):
    """Text of the caption that belongs to ``image`` and the element holding it."""
    figure = image.find_parent("figure")
    if figure and figure.find("figcaption"):
        caption = figure.find("figcaption")
        return clean(caption.get_text(" ")), caption
    container = image.find_parent("table") or image.parent
    for candidate in container.find_all(True):
        if candidate is not image and _hint(candidate, CAPTION_HINT):
            text = clean(candidate.get_text(" "))
            if text:
                return text, candidate
    # The portal's other habit: the next paragraph, in italics only.
    holder = image.find_parent("p") or image
    following = holder.find_next_sibling()
    if following is not None and following.name == "p":
        emphasis = following.find(["em", "i"])
        text = clean(following.get_text(" "))
        if text and emphasis is not None and clean(emphasis.get_text(" ")) == text:
            return text, following
    return "", None


def _local_image(src, page_path):
    """The saved copy of the picture ``src`` next to the HTML page, or None."""
    if not src or src.startswith("data:"):
        return None
    path = unquote(urlsplit(src).path)
    name = PurePosixPath(path).name
    folder = Path(page_path).parent
    candidates = [folder / path.lstrip("/"), folder / name,
                  folder / f"{Path(page_path).stem}_files" / name]
    return next((c for c in candidates if c.is_file()), None)


def _body_container(soup):
    candidates = [t for t in soup.find_all(["div", "td", "article", "section"])
                  if _hint(t, BODY_HINT)]
    if not candidates:
        candidates = [soup.body or soup]
    return max(candidates, key=lambda t: len(t.find_all("p", recursive=True)))


def parse_html(path, categories=(), captions=()):
    soup = BeautifulSoup(Path(path).read_bytes(), "html.parser")
    for junk in soup.find_all(["script", "style", "noscript"]):
        junk.decompose()
    canonical = soup.find("link", rel="canonical")
    og_url = soup.find("meta", property="og:url")
    legacy_url = (canonical and canonical.get("href")) or (og_url and og_url.get(
        "content")) or None
    # A saved page whose canonical link is the portal's home page says nothing of
    # its own old address; as Legacy-URL it would claim the home page (refused).
    if legacy_url and urlsplit(legacy_url).path in ("", "/"):
        legacy_url = None

    title_tag = next((t for t in soup.find_all(["span", "h1", "h2", "div"])
                      if _hint(t, TITLE_HINT) and clean(t.get_text(" "))), None)
    title_tag = title_tag or soup.find("h1")
    if title_tag is None:
        raise ImportFailed(f"{path}: không tìm thấy tiêu đề bài")
    title = clean(title_tag.get_text(" "))
    date_tag = next((t for t in soup.find_all(["span", "div", "p", "time"])
                     if _hint(t, DATE_HINT) and DATE_IN_TEXT.search(t.get_text())),
                    None)
    date, has_time = parse_date(
        date_tag.get_text(" ") if date_tag else soup.get_text(" "), path)

    summary_tag = next((t for t in soup.find_all(["div", "span", "p"])
                        if _hint(t, SUMMARY_HINT) and clean(t.get_text(" "))), None)
    summary = clean(summary_tag.get_text(" ")) if summary_tag else None

    category = None
    breadcrumb = next((t for t in soup.find_all(True) if _hint(t, BREADCRUMB_HINT)),
                      None)
    if breadcrumb is not None:
        trail = clean(breadcrumb.get_text(" "))
        category = next((c for c in categories if c in trail), None)

    body = _body_container(soup)
    blocks, consumed, warnings = [], set(), []
    for element in body.find_all(["p", "img", "h2", "h3", "h4"]):
        if any(id(parent) in consumed for parent in [element, *element.parents]):
            continue
        if element.name == "img":
            caption, holder = _find_caption(element)
            if holder is not None:
                consumed.add(id(holder))
            local = _local_image(element.get("src"), path)
            if local is None:
                warnings.append(f"không có bản lưu của ảnh '{element.get('src')}'")
            blocks.append(Block("caption", caption, local,
                                clean(element.get("alt") or "") or caption))
            continue
        if element.name == "p" and element.find("img") and not clean(
                element.get_text(" ")):
            continue  # only holds a picture, handled as img
        text = _inline_markdown(element, warnings)
        if not text or (summary and clean(element.get_text(" ")) == summary):
            continue
        if text.startswith(CHROME_STARTS):
            break
        blocks.append(Block("h" if element.name != "p" else "p", text))
    if not any(b.kind == "p" for b in blocks):
        # Some old pages have no <p>: text lines separated by <br>.
        for line in body.get_text("\n").splitlines():
            line = clean(line)
            if line.startswith(CHROME_STARTS):
                break
            if line and line != title:
                blocks.append(Block("p", escape_markdown(line)))
    author = None
    paragraphs = [b for b in blocks if b.kind == "p"]
    if paragraphs and blocks[-1] is paragraphs[-1]:
        plain = re.sub(r"[*\\]", "", paragraphs[-1].text)
        if is_byline(plain):
            author = plain
            blocks.pop()
    if captions:  # explicit captions also apply to HTML paragraphs
        kinds = _mark_captions([b.text for b in blocks], captions)
        for block, kind in zip(blocks, kinds, strict=True):
            if kind == "caption" and block.kind == "p":
                block.kind = "caption"
    page = LegacyPage(Path(path), title, date, has_time, blocks, author, category,
                      legacy_url, summary)
    page.warnings = warnings
    return page


# --- Writing -----------------------------------------------------------------------


def _existing_articles(settings):
    """{legacy-url or legacy-id: path} of the articles already in content/."""
    content_root = Path(settings["PATH"]).resolve()
    known = {}
    for source in runner.collect(settings, content_root):
        if source.kind != "markup" or source.text is None:
            continue
        for key in ("legacy-url", "legacy-id"):
            if source.value(key):
                known.setdefault((key, source.value(key)), source)
    return known


def _copy_image(image, year, content_root):
    """Copy ``image`` to images/<year>/ (reusing an identical copy); return relpath."""
    folder = content_root / "images" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    data = image.read_bytes()
    stem = slug_for(image.stem, {}) or "anh"
    suffix = image.suffix.lower()
    for number in range(1, 1000):
        name = f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        target = folder / name
        if not target.exists():
            target.write_bytes(data)
            return target.relative_to(content_root).as_posix()
        if target.read_bytes() == data:
            return target.relative_to(content_root).as_posix()
    raise ImportFailed(f"quá nhiều ảnh trùng tên {image.name}")


def _caption_markdown(block, year, content_root, illustration):
    if block.image is None:
        caption = block.text.replace("&", "&amp;").replace("<", "&lt;")
        return (f'<figure class="caption-only"><figcaption>{caption}'
                "</figcaption></figure>")
    relpath = _copy_image(block.image, year, content_root)
    if illustration:
        return _illustration_markdown(relpath, block.text)
    alt = escape_markdown(block.image_alt or block.text)
    if not block.text:
        return f"![{alt}]({{static}}/{relpath})"
    title = block.text.replace('"', "”")
    return f'![{alt}]({{static}}/{relpath} "{title}")'


def _illustration_markdown(relpath, caption):
    """A stand-in picture, captioned as what it is (never as the person the lost
    photo showed: E-ILLUSTRATION-PERSON), then the original caption as text."""
    picture = (f"![Ảnh minh họa thay cho ảnh gốc của bài]({{static}}/{relpath} "
               '"Ảnh minh họa, không phải ảnh chụp của bài; ảnh gốc không còn lưu")'
               "{: .illustration}")
    if not caption:
        return picture
    return (f"{picture}\n\nChú thích của ảnh gốc:\n{{: .figure-note}}\n\n"
            f"{escape_markdown(caption)}")


def render(page, fields, content_root, illustration=False):
    """The Markdown file for ``page``: front matter ``fields``, then the body."""
    lines = [f"{key}: {value}" for key, value in fields if value]
    body = []
    for block in page.blocks:
        if block.kind == "caption":
            body.append(_caption_markdown(block, page.date.year, content_root,
                                          illustration))
        elif block.kind == "h":
            body.append(f"## {block.text}")
        else:
            body.append(block.text)
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"


def _merge_fields(importer_fields, existing):
    """Importer fields first (updated), then fields an editor added, unchanged."""
    if existing is None:
        return importer_fields
    names = {key.lower() for key, _ in importer_fields}
    kept = [(f.key.title() if f.key != "legacy-url" else "Legacy-URL", f.value)
            for f in existing.fields if f.key not in names]
    # An editor's Summary or Slug stays; the importer's own values win otherwise.
    return importer_fields + kept


def import_page(settings, page, image=None, illustration=False, category=None):
    """Write (or update) the article for ``page``; returns an ImportResult."""
    content_root = Path(settings["PATH"]).resolve()
    allowed = settings.get("NEWS_CATEGORIES") or []
    category = category or page.category
    if not category:
        raise ImportFailed(f"{page.source}: trang không ghi chuyên mục; thêm --category"
                           " (một trong: " + ", ".join(allowed) + ")")
    if allowed and category not in allowed:
        raise ImportFailed(f"chuyên mục '{category}' không có trong NEWS_CATEGORIES")
    if image is not None:
        for block in page.blocks:
            if block.kind == "caption" and block.image is None:
                block.image = Path(image)
                break
    known = _existing_articles(settings)
    existing = None
    if page.legacy_url:
        existing = known.get(("legacy-url", page.legacy_url))
    existing = existing or known.get(("legacy-id", page.legacy_id))

    date_text = page.date.strftime(DATETIME_FORMAT if page.date_has_time
                                   else DATE_FORMAT)
    fields = [("Title", page.title), ("Date", date_text), ("Author", page.author),
              ("Category", category), ("Legacy-URL", page.legacy_url),
              ("Legacy-ID", page.legacy_id)]
    if page.summary:
        # Pelican reads Summary: as Markdown: the page's text must stay text.
        fields.append(("Summary", escape_markdown(page.summary)))
    fields = _merge_fields(fields, existing)
    text = render(page, fields, content_root, illustration)
    captions = [b.text for b in page.blocks if b.kind == "caption"]

    if existing is not None:
        if existing.text == text:
            return ImportResult(existing.path, "không đổi", captions, page.warnings)
        existing.path.write_text(text, encoding="utf-8")
        return ImportResult(existing.path, "cập nhật", captions, page.warnings)

    from editorial.new_content import NewContentError, check_unique

    slug = slug_for(page.title, settings)
    folders = settings.get("ARTICLE_PATHS") or ["news"]
    target = content_root / folders[0] / f"{page.date:%Y}" / f"{slug}.md"
    try:
        check_unique(settings, "article", target, text, slug)
    except NewContentError as error:
        raise ImportFailed(
            f"{error}. Nếu đó chính là bài này, thêm vào bài có sẵn dòng "
            f"'Legacy-ID: {page.legacy_id}' rồi nhập lại để cập nhật") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return ImportResult(target, "tạo mới", captions, page.warnings)


def import_paths(settings, paths, legacy_url=None, category=None, captions=(),
                 image=None, illustration=False):
    """Import every page in ``paths`` (files, or folders of .html/.htm/.txt)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.suffix.lower() in (".html", ".htm", ".txt"))
        elif path.is_file():
            files.append(path)
        else:
            raise ImportFailed(f"không có tệp {path}")
    if legacy_url and len(files) > 1:
        raise ImportFailed("--legacy-url chỉ dùng khi nhập một trang")
    categories = settings.get("NEWS_CATEGORIES") or []
    results = []
    for path in files:
        if path.suffix.lower() in (".html", ".htm"):
            page = parse_html(path, categories, captions)
        else:
            page = parse_text_export(path, captions)
        if legacy_url:
            page.legacy_url = legacy_url
        if image is not None and Path(image).suffix.lower() not in IMAGE_EXTENSIONS:
            raise ImportFailed(f"{image} không phải tệp ảnh")
        results.append(import_page(settings, page, image, illustration, category))
    return results
