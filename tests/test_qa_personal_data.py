"""A citizen's personal data in a Q&A entry is refused however it is spelled.

Planted in the spellings that got past a check of the Markdown source alone (HTML
entities, Markdown escapes, emphasis splitting a number, a %-encoded mailto link,
bracketed "@" and ".", commas between digit groups) and the personal data that is
neither a phone nor an e-mail (a citizen ID number, a home address, a date of
birth): `invoke check`, the pre-commit hook and the build refuse each with file,
line and code. Ordinary news wording with numbers passes all three.
"""

import subprocess

import pytest
from qa.contacts import find_contact_details
from qa.personal_data import find_personal_data, rendered_texts
from security_helpers import (
    assert_build_refused,
    corpus_fixtures,
    run_check,
    write_corpus,
)

from pelicanconf import MARKDOWN

# spelling planted in an answer: the code that must refuse it
PLANTED = {
    "nguyenvana&#64;gmail&#46;com": "E-QA-CONTACT",
    "nguyenvana&amp;#64;gmail.com": "E-QA-CONTACT",
    r"0987\.654\.321": "E-QA-CONTACT",
    "0987*654*321": "E-QA-CONTACT",
    "**0987**654**321**": "E-QA-CONTACT",
    "[thư](mailto:tranthib%40yahoo.com.vn)": "E-QA-CONTACT",
    "[thư](mailto:&#116;ranthib&#64;yahoo.com.vn)": "E-QA-CONTACT",
    "<tranthib&#64;yahoo.com.vn>": "E-QA-CONTACT",
    "nguyenvana(@)gmail.com": "E-QA-CONTACT",
    "nguyenvana[@]gmail[.]com": "E-QA-CONTACT",
    "nguyenvana [@] gmail [.] com": "E-QA-CONTACT",
    "0987,654,321": "E-QA-CONTACT",
    "CCCD 001099012345": "E-QA-PERSONAL",
    "CCCD số: 001 099 012 345": "E-QA-PERSONAL",
    "CMND 123456789": "E-QA-PERSONAL",
    "căn cước công dân 001099012345": "E-QA-PERSONAL",
    "số 12 ngõ 34 phố Hàng Bông": "E-QA-PERSONAL",
    "ngách 5/12 Trần Phú": "E-QA-PERSONAL",
    "hẻm 23 đường Lê Lợi": "E-QA-PERSONAL",
    "tổ 7, phường Liên Bảo": "E-QA-PERSONAL",
    "tổ dân phố 3, thị trấn Tam Đảo": "E-QA-PERSONAL",
    "thôn 3, xã Đại Đình": "E-QA-PERSONAL",
    "xóm 2, xã Hợp Châu": "E-QA-PERSONAL",
    "Nguyễn Văn An, sinh năm 1985": "E-QA-PERSONAL",
    "Nguyễn Văn An, sinh ngày 12/3/1985": "E-QA-PERSONAL",
    "Nguyễn Văn An (12/03/1985)": "E-QA-PERSONAL",
    "Nguyễn Văn An (SN 1985)": "E-QA-PERSONAL",
}
# Ordinary news text with numbers and the same words: never personal data.
ORDINARY = [
    "Theo Quyết định số 12/2024/QĐ-UBND ngày 09/08/2024",
    "Sở đã tổ chức hội thảo cho 30 doanh nghiệp",
    "mô hình tại Thôn Đông, xã Tam Hợp",
    "mỗi tổ 5 người, 12 tổ công tác",
    "thôn có 30 hộ tham gia",
    "Điều 5, 6, 7, 8, 9 của Luật",
    "năm 2019, 0,5 ha",
    "Bản tin số 3 năm 2019",
    "Hội nghị ngày 12/03/2019 (ông Phạm Văn A chủ trì)",
    "trụ sở số 8 đường Nguyễn Trãi",
    "giai đoạn 2021-2025, kinh phí 1.050.000 đồng",
    "Đọc [Quyết định](https://example.gov.vn/qd-12-2024.pdf) và **Điều 5**",
]


def _find(text):
    contact = find_contact_details(text)
    if contact:
        return "E-QA-CONTACT"
    found = find_personal_data(text)
    if found:
        return "E-QA-PERSONAL"
    rendered = rendered_texts(text, {"MARKDOWN": MARKDOWN})
    return ("E-QA-CONTACT" if find_contact_details(rendered)
            else "E-QA-PERSONAL" if find_personal_data(rendered) else None)


@pytest.mark.parametrize("text", PLANTED)
def test_each_planted_spelling_is_found(text):
    assert _find(f"Ông H. hỏi: {text}. Xin cảm ơn.") == PLANTED[text]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_news_text_is_not_personal_data(text):
    assert _find(text) is None


def test_rendered_text_and_links_are_what_a_reader_gets():
    text = rendered_texts("[thư](mailto:a%40b.vn) &#64; 0987\\.6",
                          {"MARKDOWN": MARKDOWN})
    assert "a@b.vn" in text
    assert "@ 0987.6" in text


# --- whole Q&A files: line 10 is the answer ------------------------------------
def entry(answer, title):
    return (f"Title: {title}\nQuestion: Thủ tục đăng ký thế nào?\nAsker: Ông H.\n"
            "Locality: Tam Đảo\nAsked: 02/05/2019\nField: Sở hữu trí tuệ\n"
            "Answerer: Phòng Quản lý công nghệ\nDate: 10/05/2019\n\n"
            f"Đã trả lời ông H. ({answer}).\n")


def _files():
    files = {f"qa/planted-{number}.md": entry(text, f"Câu hỏi {number}")
             for number, text in enumerate(PLANTED)}
    files["qa/ordinary.md"] = entry("; ".join(ORDINARY), "Câu hỏi thường")
    return files


corpus, checked, built = corpus_fixtures("qa-personal-data", _files)


def _refused(printed):
    return [number for number, text in enumerate(PLANTED)
            if f"qa/planted-{number}.md:10: [{PLANTED[text]}]" in printed]


def test_invoke_check_refuses_every_planted_spelling_with_file_and_line(checked):
    status, printed = checked
    assert status == 1
    assert len(_refused(printed)) == len(PLANTED)
    assert "Nghị định 13/2023/NĐ-CP" in printed
    assert "qa/ordinary.md" not in printed


def test_the_build_refuses_every_planted_spelling(built):
    message = built[0]
    assert len(_refused(message)) == len(PLANTED)
    assert_build_refused(built, "qa/planted-0.md:10: [E-QA-CONTACT]")
    assert "qa/ordinary.md" not in message


def test_the_hook_refuses_an_id_number(tmp_path, monkeypatch):
    content = write_corpus(tmp_path, {"qa/a.md": entry("CMND số 123456789", "A")})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "content"], check=True)
    monkeypatch.chdir(tmp_path)
    status, printed = run_check(content, "--staged")
    assert status == 1
    assert "qa/a.md:10: [E-QA-PERSONAL]" in printed
    assert "số căn cước/CMND" in printed
