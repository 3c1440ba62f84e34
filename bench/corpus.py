"""The one synthetic Vietnamese news corpus every bench script builds.

    from corpus import write_news, edit_article
    paths = write_news(content_folder, 5000)      # content/news/<year>/bai-NNNNN.md

Articles read like the portal's news to the parts of the build that care: about
950 words each (the length of a real article), a realistic vocabulary (the
portal's own words, frequent, then a few thousand generated syllables used
rarely, Zipf-weighted, so the search index and the Markdown reader see what a
decade of real news gives them), dd/mm/yyyy dates over 15 years with several
articles on busy days, every category of NEWS_CATEGORIES, an author and a summary
(so the checker passes). The same ``seed`` always gives the same bytes.
"""

import itertools
import random
import unicodedata
from datetime import date, timedelta

FIRST_DAY = date(2011, 1, 1)
YEARS = 15
WORDS_PER_ARTICLE = 950
AUTHORS = ("Việt Hưng", "Thu Hà", "Minh Đức", "Phòng Quản lý khoa học")

def _words(text):
    return text.split()


# Words of the portal's news (many syllables share letters once accents are
# folded: đang/Đảng/dạng/đăng, which is what the search folding must handle).
DOMAIN_WORDS = _words("""
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

# Vietnamese writes one syllable per word; a real archive uses a few thousand of
# them, a few very often and most rarely. The rare ones are generated: onset +
# rhyme + tone, which gives real-looking (if often meaningless) syllables.
ONSETS = _words("b c ch d đ g gh gi h k kh l m n ng nh p ph qu r s t th tr v x")
RHYMES = _words("""a ai ao an ang anh at ac ach e em en eng et ec i ia inh it ich o oi
on ong ot oc u ui un ung ut uc uyên uyêt ươ ương ươc ưa ưu ươi ân âm ât ây âu ăn ăng
ăt ăc ê ên êt ênh êch ô ôi ôn ông ôt ôc ơ ơi ơn ơt iêu iên iêt uôi uôn uông uôt""")
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # ` ´ ~ ? .

DEFAULT_CATEGORIES = (
    "Hoạt động của Sở", "Xây dựng Đảng - Đoàn thể", "Khoa học - Công nghệ",
    "Tiêu chuẩn - Đo lường - Chất lượng", "Thanh tra", "Sở hữu trí tuệ - Sáng kiến",
    "An toàn bức xạ",
)


def vocabulary(rng, rare=4000):
    """Domain words (frequent), then ``rare`` generated syllables; Zipf weights.

    Returns ``(words, cumulative_weights)`` for ``rng.choices``.
    """
    words = list(dict.fromkeys(DOMAIN_WORDS))
    seen = set(words)
    target = len(words) + rare
    while len(words) < target:
        rhyme = rng.choice(RHYMES)
        # The tone mark sits on the rhyme's first vowel (close enough for a corpus).
        syllable = rng.choice(ONSETS) + rhyme[0] + rng.choice(TONES) + rhyme[1:]
        syllable = unicodedata.normalize("NFC", syllable)
        if syllable not in seen:
            seen.add(syllable)
            words.append(syllable)
    # Cumulative weights, computed once: choices() would redo the sum every call.
    ranks = range(1, len(words) + 1)
    cumulative = list(itertools.accumulate(1 / rank for rank in ranks))
    return words, cumulative


def sentence(rng, lexicon, low=8, high=22):
    words, cumulative = lexicon
    words = rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + "."


def body(rng, lexicon, words=WORDS_PER_ARTICLE):
    """Paragraphs of 3-6 sentences until about ``words`` words."""
    paragraphs, total = [], 0
    while total < words:
        paragraph = " ".join(sentence(rng, lexicon) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        total += paragraph.count(" ") + 1
    return "\n\n".join(paragraphs)


def write_news(content, count, seed=2019, categories=DEFAULT_CATEGORIES,
               words=WORDS_PER_ARTICLE, image=None):
    """Write ``count`` articles under ``content``/news/<year>/; return their paths.

    ``image``: a path under ``content`` that every article shows with a caption.
    """
    rng = random.Random(seed)
    lexicon = vocabulary(rng)
    span = (date(FIRST_DAY.year + YEARS, 1, 1) - FIRST_DAY).days
    paths = []
    for number in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(span))
        title = sentence(rng, lexicon, 8, 14).rstrip(".")
        summary = sentence(rng, lexicon, 20, 30)
        path = content / "news" / str(day.year) / f"bai-{number:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Title: {title}\n"
            f"Date: {day:%d/%m/%Y} {rng.randint(7, 17):02}:{rng.randint(0, 59):02}\n"
            f"Category: {rng.choice(categories)}\n"
            f"Author: {rng.choice(AUTHORS)}\n"
            f"Slug: bai-{number:05d}\n"
            f"Summary: {summary}\n\n"
            f"{body(rng, lexicon, words)}\n"
            + (f'\n![Ảnh]({{static}}/{image} "Ảnh minh họa")\n' if image else ""),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def edit_article(path, note="Bài viết được cập nhật thêm thông tin."):
    """An editor's small correction: one sentence appended; returns the old text."""
    old = path.read_text(encoding="utf-8")
    path.write_text(old.rstrip("\n") + f" {note}\n", encoding="utf-8")
    return old
