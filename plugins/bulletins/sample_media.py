"""Draw the covers and PDFs of the sample bulletin issues (content/bulletins/).

The department's real issues are not in the repository; these stand-ins have the
right shape: a cover (JPEG) and a small multi-page PDF whose pages carry the titles
listed in each issue's ``Contents:``. Called by ``invoke sample-media``; the output
is committed, and is the same on every run (fixed PDF dates, fixed drawing).
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from vn_dates.formatting import DATE_FORMAT

# DejaVu has every Vietnamese letter; Pillow's built-in font is the fallback.
FONT_FILES = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
PAGE_SIZE = (595, 842)  # A4 at 72 dpi: small files, readable on screen
COVER_SIZE = (600, 848)
RED, GOLD, INK, PAPER = (150, 30, 30), (245, 196, 0), (30, 30, 30), (255, 255, 255)


@dataclass(frozen=True)
class SampleIssue:
    number: int
    year: int
    published: datetime
    headline: str
    articles: tuple[str, ...]  # one page of the PDF each, from page 2 on
    accent: tuple[int, int, int]


ISSUES = (
    SampleIssue(4, 2018, datetime(2018, 12, 28), "Tổng kết hoạt động KH&CN năm 2018", (
        "Kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2018",
        "Công nhận 151 sáng kiến cấp tỉnh năm 2018",
        "Kiểm định phương tiện đo phục vụ quản lý nhà nước",
    ), (40, 110, 70)),
    SampleIssue(1, 2019, datetime(2019, 3, 29),
                "Chuỗi giá trị chuối tiêu hồng Yên Lạc", (
        "Mô hình liên kết sản xuất chuối tiêu hồng ứng dụng công nghệ cao",
        "Nhân giống cây trồng bằng nuôi cấy mô tại Trung tâm",
        "Hướng dẫn đăng ký nhãn hiệu chứng nhận cho nông sản",
        "Hỏi đáp: an toàn bức xạ trong phòng chụp X-quang",
    ), (30, 90, 150)),
    SampleIssue(2, 2019, datetime(2019, 6, 28),
                "Ngày Khoa học và Công nghệ Việt Nam 18/5", (
        "Hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5/2019",
        "Áp dụng TCVN ISO 9001:2015 tại các cơ quan hành chính",
        "Sàn giao dịch công nghệ và thiết bị trực tuyến",
        "Giá thể cho mạ khay cấy máy: kết quả sản xuất thử nghiệm",
    ), (120, 60, 140)),
    SampleIssue(3, 2019, datetime(2019, 9, 30),
                "Sơ kết công tác 6 tháng đầu năm 2019", (
        "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2019",
        "Thanh tra chuyên đề đo lường và an toàn bức xạ",
        "Kiểm tra chất lượng xăng dầu tại cơ sở bán lẻ",
    ), (150, 30, 30)),
)


def _font(weight, size):
    path = FONT_FILES[weight]
    if Path(path).exists():
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _wrap(draw, text, font, width):
    """Split ``text`` into lines no wider than ``width`` pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def draw_cover(issue, size=COVER_SIZE):
    """The front page: masthead, issue number, headline, a stand-in photo."""
    width, height = size
    image = Image.new("RGB", size, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 190), fill=issue.accent)
    draw.text((36, 30), "SỞ KHOA HỌC VÀ CÔNG NGHỆ VĨNH PHÚC", font=_font("bold", 20),
              fill=GOLD)
    draw.text((36, 70), "BẢN TIN", font=_font("bold", 54), fill=PAPER)
    draw.text((36, 140), "KHOA HỌC VÀ CÔNG NGHỆ", font=_font("bold", 24), fill=PAPER)
    label = f"Số {issue.number}/{issue.year}"
    label_font = _font("bold", 26)
    draw.text((width - 36 - draw.textlength(label, font=label_font), 80), label,
              font=label_font, fill=GOLD)
    # A stand-in photograph: fields under a sky, drawn, not a real picture.
    draw.rectangle((36, 230, width - 36, 560), fill=(170, 205, 230))
    draw.polygon([(36, 460), (250, 380), (420, 440), (width - 36, 360),
                  (width - 36, 560), (36, 560)], fill=(90, 150, 80))
    draw.ellipse((width - 160, 260, width - 90, 330), fill=GOLD)
    # A sample says what it is, wherever the cover is shown or copied.
    stamp = "BẢN MẪU – hình vẽ, không phải bản tin thật"
    stamp_font = _font("bold", 20 * width // COVER_SIZE[0])
    draw.rectangle((36, 500, width - 36, 540), fill=PAPER)
    draw.text((48, 508), stamp, font=stamp_font, fill=RED)
    y = 590
    for line in _wrap(draw, issue.headline, _font("bold", 30), width - 72):
        draw.text((36, y), line, font=_font("bold", 30), fill=INK)
        y += 40
    draw.line((36, y + 12, width - 36, y + 12), fill=issue.accent, width=3)
    y += 30
    for title in issue.articles:
        lines = _wrap(draw, "• " + title, _font("regular", 18), width - 72)
        if y + 26 * len(lines) > height - 60:
            break  # only whole titles, and none over the date line
        for line in lines:
            draw.text((36, y), line, font=_font("regular", 18), fill=INK)
            y += 26
    draw.text((36, height - 40), f"Phát hành: {issue.published.strftime(DATE_FORMAT)}",
              font=_font("regular", 16), fill=INK)
    return image


# Inside pages' text: sentences from the department's 2019 mid-year report.
BODY_TEXT = (
    "Sở Khoa học và Công nghệ đã tham mưu UBND tỉnh ban hành các Quyết định điều "
    "chỉnh, bổ sung Chương trình nghiên cứu ứng dụng khoa học và công nghệ. Đối với"
    " các nhiệm vụ KH&CN cấp tỉnh, tổ chức nghiệm thu, công nhận kết quả đối với 48"
    " nhiệm vụ thực hiện hoàn thành năm 2018; hoàn thiện công tác thẩm định thuyết "
    "minh 39 đề tài đợt 1 năm 2019. Công tác quản lý công nghệ và an toàn bức xạ "
    "được đẩy mạnh với việc thẩm định, đóng góp ý kiến về công nghệ cho 30 dự án "
    "đầu tư trên địa bàn tỉnh. Về hoạt động dịch vụ Tiêu chuẩn - Đo lường - Chất "
    "lượng: đã kiểm định hơn 15.000 phương tiện đo; thí nghiệm vật liệu xây dựng "
    "hơn 150 mẫu và tổ mẫu; thử nghiệm hơn 20 mẫu nước, xăng dầu. Trong hoạt động "
    "ứng dụng tiến bộ KHCN, Trung tâm duy trì công nghệ nhân giống một số cây trồng"
    " bằng nuôi cấy mô, lưu giữ một số chủng giống vi sinh vật và sản xuất thử "
    "nghiệm giá thể cho mạ khay cấy máy."
)


def draw_page(issue, number, title):
    """One inside page: running head, the article's title, then body text."""
    width, height = PAGE_SIZE
    image = Image.new("RGB", PAGE_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    small = _font("regular", 11)
    running_head = f"Bản tin Khoa học và Công nghệ · Số {issue.number}/{issue.year}"
    draw.text((40, 24), running_head, font=small, fill=issue.accent)
    draw.line((40, 44, width - 40, 44), fill=issue.accent, width=1)
    y = 70
    for line in _wrap(draw, title, _font("bold", 22), width - 80):
        draw.text((40, y), line, font=_font("bold", 22), fill=INK)
        y += 30
    y += 16
    body = _font("regular", 12)
    while y < height - 100:  # the same paragraph again until the page is full
        for line in _wrap(draw, BODY_TEXT, body, width - 80):
            if y >= height - 100:
                break
            draw.text((40, y), line, font=body, fill=INK)
            y += 17
        y += 10
    draw.text((width / 2 - 10, height - 40), str(number), font=small, fill=INK)
    return image


def draw_bulletin_media(root):
    """Write the cover and PDF of every sample issue; return the paths written."""
    written = []
    for issue in ISSUES:
        folder = Path(root) / "content" / "bulletins" / str(issue.year)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"ban-tin-so-{issue.number}-{issue.year}"
        cover = draw_cover(issue)
        cover_path = folder / f"{stem}-bia.jpg"
        cover.save(cover_path, "JPEG", quality=80, optimize=True)
        # Inside pages in greyscale: text costs JPEG many bytes, colour even more.
        pages = [draw_cover(issue, PAGE_SIZE)] + [
            draw_page(issue, number, title).convert("L")
            for number, title in enumerate(issue.articles, start=2)
        ]
        pdf_path = folder / f"{stem}.pdf"
        published = issue.published.timetuple()  # fixed dates: same bytes every run
        pages[0].save(
            pdf_path, "PDF", save_all=True, append_images=pages[1:], resolution=72,
            quality=60,
            title=f"Bản tin Khoa học và Công nghệ số {issue.number}/{issue.year}",
            author="Sở Khoa học và Công nghệ tỉnh Vĩnh Phúc",
            creationDate=published, modDate=published,
        )
        written += [cover_path, pdf_path]
    return written
