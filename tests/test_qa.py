"""Q&A entries (Hỏi đáp): index, field pages, entry pages with JSON-LD, refusals."""

import json
import logging
from datetime import datetime, timedelta

import pytest
from pelican import signals
from qa.contacts import find_contact_details

import sitebuild

SITEURL = "https://example.test"
FIELDS = ["Ứng dụng tiến bộ kỹ thuật nông nghiệp", "Tiêu chuẩn - Đo lường - Chất lượng",
          "Sở hữu trí tuệ"]


def entry(title, *, field=FIELDS[0], asked="02/05/2019", answered="10/05/2019",
          question=("Gia đình tôi nuôi ong ở Tam Đảo.\n"
                    "    Có đăng ký nhãn hiệu được không?"),
          asker="Nguyễn Văn H.", locality="Tam Đảo",
          answerer="Phòng Quản lý công nghệ và Sở hữu trí tuệ", expert=None,
          answer="Được. Hộ gia đình đăng ký đứng tên chủ hộ."):
    lines = [f"Title: {title}", f"Question: {question}", f"Asker: {asker}",
             f"Locality: {locality}", f"Asked: {asked}", f"Field: {field}"]
    if answerer:
        lines.append(f"Answerer: {answerer}")
    if expert:
        lines.append(f"Expert: {expert}")
    if answered:
        lines.append(f"Date: {answered}")
    return "\n".join(lines) + "\n\n" + answer + "\n"


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def build_qa(build_site):
    def _build(files):
        return build_site(files, QA_FIELDS=FIELDS)
    return _build


# --- index and field pages --------------------------------------------------------
def test_index_lists_answered_entries_newest_answer_first(build_qa, read_html):
    output = build_qa({
        "qa/a.md": entry("Câu hỏi A", answered="10/05/2019"),
        "qa/b.md": entry("Câu hỏi B", asked="01/01/2019", answered="20/06/2019",
                         field=FIELDS[1]),
        "qa/c.md": entry("Câu hỏi C", answered="03/05/2019", field=FIELDS[2]),
    })
    index = read_html(output / "hoi-dap/index.html")
    titles = [a.get_text() for a in index.select(".qa-item h2 a")]
    assert titles == ["Câu hỏi B", "Câu hỏi A", "Câu hỏi C"]
    first = index.select_one(".qa-item h2 a")["href"]
    assert first == f"{SITEURL}/hoi-dap/cau-hoi-b/"
    # The listing shows the question, not the start of the answer.
    assert "Gia đình tôi nuôi ong" in index.select_one(".qa-item .summary").get_text()


def test_each_field_has_its_page_with_only_its_entries(build_qa, read_html):
    output = build_qa({
        "qa/a.md": entry("Nuôi ong", field=FIELDS[0], answered="10/05/2019"),
        "qa/b.md": entry("Chuối mô", field=FIELDS[0], answered="12/05/2019"),
        "qa/c.md": entry("Cột đo xăng", field=FIELDS[1]),
    })
    fields = output / "hoi-dap/linh-vuc"
    farming = read_html(fields / "ung-dung-tien-bo-ky-thuat-nong-nghiep/index.html")
    assert farming.h1.get_text() == FIELDS[0]
    assert [a.get_text() for a in farming.select(".qa-item h2 a")] == [
        "Chuối mô", "Nuôi ong"]
    measuring = read_html(fields / "tieu-chuan-do-luong-chat-luong/index.html")
    assert [a.get_text() for a in measuring.select(".qa-item h2 a")] == ["Cột đo xăng"]
    # A configured field with no entry yet still has a page: its menu link works.
    empty = read_html(fields / "so-huu-tri-tue/index.html")
    assert empty.select(".qa-item") == []
    menu = {a.get_text(): a["href"] for a in empty.select(".qa-fields a")}
    assert menu[FIELDS[1]] == (
        f"{SITEURL}/hoi-dap/linh-vuc/tieu-chuan-do-luong-chat-luong/")


# --- entry page ------------------------------------------------------------------
def test_entry_page_shows_question_asker_and_answer(build_qa, read_html):
    output = build_qa({"qa/ong.md": entry(
        "Có đăng ký nhãn hiệu mật ong được không?", expert="ThS. Trần Thị B",
        answer="Được. Hồ sơ gồm **tờ khai** và mẫu nhãn hiệu.")})
    page = read_html(
        output / "hoi-dap/co-dang-ky-nhan-hieu-mat-ong-duoc-khong/index.html")
    assert page.h1.get_text() == "Có đăng ký nhãn hiệu mật ong được không?"
    question = page.select_one(".qa-question").get_text(" ", strip=True)
    assert ("Gia đình tôi nuôi ong ở Tam Đảo. Có đăng ký nhãn hiệu được không?"
            in question)
    assert "Nguyễn Văn H. (Tam Đảo)" in question and "02/05/2019" in question
    answer = page.select_one("#tra-loi")
    assert answer.select_one("strong").get_text() == "tờ khai"
    answerer = answer.select_one(".qa-answerer").get_text(" ", strip=True)
    assert "ThS. Trần Thị B, Phòng Quản lý công nghệ và Sở hữu trí tuệ" in answerer
    assert "10/05/2019" in answerer


def test_entry_page_carries_qapage_json_ld(build_qa, read_html):
    output = build_qa({"qa/ong.md": entry(
        "Nhãn hiệu mật ong?", asked="02/05/2019", answered="10/05/2019 14:30",
        # What a citizen types must not break out of the <script>.
        question="Tôi thấy chữ </script><b>lạ</b> trên nhãn, có sao không?")})
    page = read_html(output / "hoi-dap/nhan-hieu-mat-ong/index.html")
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "QAPage"
    question = data["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == "Nhãn hiệu mật ong?"
    assert question["text"] == (
        "Tôi thấy chữ </script><b>lạ</b> trên nhãn, có sao không?")
    assert question["author"] == {"@type": "Person", "name": "Nguyễn Văn H. (Tam Đảo)"}
    assert question["answerCount"] == 1
    answer = question["acceptedAnswer"]
    assert answer["@type"] == "Answer"
    assert answer["text"] == "Được. Hộ gia đình đăng ký đứng tên chủ hộ."
    assert answer["author"]["@type"] == "Organization"
    assert answer["url"] == f"{SITEURL}/hoi-dap/nhan-hieu-mat-ong/#tra-loi"
    asked = datetime.fromisoformat(question["dateCreated"])
    answered = datetime.fromisoformat(answer["dateCreated"])
    assert asked.utcoffset() == answered.utcoffset() == timedelta(hours=7)
    assert question["dateCreated"] == "2019-05-02T00:00:00+07:00"
    assert answer["dateCreated"] == "2019-05-10T14:30:00+07:00"
    # The question is shown escaped in the page, not as markup.
    assert page.select_one(".qa-question b") is None


def test_generator_lists_for_other_plugins(build_qa):
    """Feeds and archives rely on `qa_entries` (published, newest first)."""
    seen = {}

    def keep(generators):
        seen["context"] = generators[0].context

    signals.all_generators_finalized.connect(keep)
    build_qa({
        "qa/a.md": entry("Câu A", answered="10/05/2019"),
        "qa/b.md": entry("Câu B", answered="11/05/2019"),
        "qa/c.md": entry("Câu C chưa trả lời", answer=""),
    })
    entries = seen["context"]["qa_entries"]
    assert [e.title for e in entries] == ["Câu B", "Câu A"]
    assert entries[0].url == "hoi-dap/cau-b/"
    assert entries[0].question_date.isoformat() == "2019-05-02T00:00:00+07:00"
    assert entries[0].date.isoformat() == "2019-05-11T00:00:00+07:00"
    assert "Gia đình tôi nuôi ong" in entries[0].summary


# --- work in progress ------------------------------------------------------------
@pytest.mark.parametrize(
    "missing",
    [{"answer": ""}, {"answerer": None}, {"answered": None}],
    ids=["no-answer", "no-answerer", "no-answer-date"],
)
def test_unanswered_entry_is_not_published_and_warned(build_qa, caplog, missing):
    with caplog.at_level(logging.WARNING):
        output = build_qa({
            "qa/xong.md": entry("Đã trả lời"),
            "qa/dang-soan.md": entry("Đang soạn", **missing),
        })
    assert (output / "hoi-dap/da-tra-loi/index.html").exists()
    assert not (output / "hoi-dap/dang-soan").exists()
    index = (output / "hoi-dap/index.html").read_text(encoding="utf-8")
    assert "Đang soạn" not in index
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("qa/dang-soan.md" in w and "chưa có câu trả lời" in w for w in warnings)


# --- refusals --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("question", "Xin gọi lại cho tôi theo số 0912 345 678 nhé."),
        ("question", "Số máy tôi: 0912.345.678"),
        ("question", "ĐT 0211-3862-499 (cơ quan)"),
        ("question", "Liên hệ +84 912 345 678"),
        ("question", "hoặc (+84)912345678"),
        ("question", "Trả lời qua thư nguyenvanh@gmail.com giúp tôi."),
        ("question", "thư: nguyenvanh [at] gmail.com"),
        ("asker", "Nguyễn Văn H. - 0987654321"),
        ("locality", "Tam Đảo, nvh@yahoo.com.vn"),
        ("title", "Gọi 0365 123 456 hỏi về nhãn hiệu"),
    ],
)
def test_contact_details_of_the_asker_are_refused(build_qa, field, value):
    text = entry("Câu hỏi có liên hệ", **{field: value}) if field != "title" else (
        entry(value))
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/lien-he.md": text})
    line = line_of(text, value)
    assert f"qa/lien-he.md:{line}: [E-QA-CONTACT]" in str(failure.value)


def test_contact_details_on_a_continuation_line_name_that_line(build_qa):
    text = entry("Câu hỏi dài", question="Dòng một của câu hỏi.\n"
                 "    Dòng hai vẫn là câu hỏi.\n    Số của tôi 0987 654 321.")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/dai.md": text})
    assert f"qa/dai.md:{line_of(text, '0987 654 321')}: [E-QA-CONTACT]" in str(
        failure.value)


def test_contact_details_in_unanswered_entry_are_refused_too(build_qa):
    with pytest.raises(sitebuild.BuildFailed, match=r"E-QA-CONTACT"):
        build_qa({"qa/a.md": entry("Chưa trả lời", asker="H. 0912345678", answer="")})


def test_answerer_may_give_the_units_phone(build_qa, read_html):
    from pelicanconf import PORTAL_PHONE  # the department's own, published number

    output = build_qa({"qa/a.md": entry(
        "Hỏi về kiểm định", answerer=f"Chi cục TCĐLCL (ĐT {PORTAL_PHONE})")})
    assert (output / "hoi-dap/hoi-ve-kiem-dinh/index.html").exists()


@pytest.mark.parametrize(
    "text",
    ["Thông tư 23/2013/TT-BKHCN", "TCVN ISO 9001:2015", "giá 1.050.000 đồng",
     "khoảng 200 đàn ong", "năm 2019, 0,5 ha", "QCVN 01-183:2016/BNNPTNT",
     "Điều 87 khoản 1", "mã 8936012345678 trên bao bì"],
)
def test_ordinary_numbers_are_not_contact_details(text):
    assert find_contact_details(text) is None


def test_unknown_field_is_refused_with_its_line(build_qa):
    text = entry("Câu hỏi", field="Linh tinh")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/a.md": text})
    message = str(failure.value)
    assert f"qa/a.md:{line_of(text, 'Field:')}: [E-QA-FIELD]" in message
    assert "Linh tinh" in message


def test_empty_asker_is_refused(build_qa):
    text = entry("Câu hỏi", asker="")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/a.md": text})
    message = str(failure.value)
    assert f"qa/a.md:{line_of(text, 'Asker:')}: [E-QA-META]" in message
    assert "'Asker:'" in message


def test_answer_before_question_is_refused(build_qa):
    text = entry("Câu hỏi", asked="10/05/2019", answered="02/05/2019")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/a.md": text})
    assert f"qa/a.md:{line_of(text, 'Date:')}: [E-QA-DATE]" in str(failure.value)


def test_unreadable_asked_date_is_refused(build_qa):
    text = entry("Câu hỏi", asked="2019/05/02")
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/a.md": text})
    assert f"qa/a.md:{line_of(text, 'Asked:')}: [E-DATE]" in str(failure.value)


def test_sample_entries_build(sample_site, read_html):
    """The committed sample Q&A: at least 8 entries over at least 3 fields."""
    index = read_html(sample_site.output / "hoi-dap/index.html")
    counts = [
        int(li.get_text().rsplit("(", 1)[1].rstrip(")"))
        for li in index.select(".qa-fields li")
    ]
    assert sum(counts) >= 8
    assert sum(1 for count in counts if count) >= 3


def test_two_entries_with_one_slug_collide(build_qa):
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/a.md": entry("Đường mới?"), "qa/b.md": entry("Dương mới?")})
    message = str(failure.value)
    assert "[E-URL-COLLISION]" in message and "qa/a.md" in message
    assert "qa/b.md" in message


def test_entries_are_never_read_as_articles(build_qa):
    output = build_qa({"qa/a.md": entry("Câu hỏi")})
    # The news list exists (a direct template) but no article page was written.
    pages = [p.relative_to(output).as_posix() for p in (output / "tin-tuc").rglob("*")]
    assert pages == ["tin-tuc/index.html"]


def test_unanswered_copy_of_a_published_entry_is_not_a_collision(build_qa, read_html):
    """An editor copies an entry to rewrite its answer: the copy waits, unpublished."""
    output = build_qa({
        "qa/a.md": entry("Câu hỏi"),
        "qa/a-sua.md": entry("Câu hỏi", answerer=None, answer="Bản mới, đang soạn."),
    })
    page = read_html(output / "hoi-dap/cau-hoi/index.html")
    assert "đang soạn" not in page.select_one("#tra-loi").get_text()


def test_index_is_paginated_and_pages_link_to_each_other(build_site, read_html):
    files = {f"qa/q{n:02d}.md": entry(f"Câu hỏi {n:02d}", answered=f"{n:02d}/06/2019")
             for n in range(1, 13)}
    output = build_site(files, QA_FIELDS=FIELDS, DEFAULT_PAGINATION=5)
    first = read_html(output / "hoi-dap/index.html")
    titles = [a.get_text() for a in first.select(".qa-item h2 a")]
    assert titles == [f"Câu hỏi {n:02d}" for n in range(12, 5, -1)]
    following = first.select_one('.pagination a[rel="next"]')["href"]
    assert following.startswith(f"{SITEURL}/hoi-dap/")
    second = read_html(output / following.removeprefix(f"{SITEURL}/"))
    assert [a.get_text() for a in second.select(".qa-item h2 a")] == [
        f"Câu hỏi {n:02d}" for n in range(5, 0, -1)]
    back = second.select_one('.pagination a[rel="prev"]')["href"]
    assert back == f"{SITEURL}/hoi-dap/index.html"


@pytest.mark.parametrize("extra",
                         ["Address: Số 12, ngõ 34, thôn Đông", "Phone: (không)"])
def test_fields_beyond_name_and_locality_are_refused(build_qa, extra):
    text = entry("Câu hỏi").replace("Locality: Tam Đảo", "Locality: Tam Đảo\n" + extra)
    with pytest.raises(sitebuild.BuildFailed) as failure:
        build_qa({"qa/a.md": text})
    line = line_of(text, extra)
    assert f"qa/a.md:{line}: [E-QA-META]" in str(failure.value)
