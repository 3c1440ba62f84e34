"""A citizen's phone number or e-mail address never goes public.

The detector (qa/contacts.py) is tried with the spellings people use to get past a
filter, and with the numbers a Q&A answer legitimately holds (dates, document
numbers, standards, sums, the department's own contacts). Then whole Q&A files:
every public field, the slug and the answer body are refused with code, file and
line by `invoke check` and by the build (one shared build), and the legitimate
numbers pass both.
"""

import pytest
from qa.contacts import allowed_contacts, find_contact_details
from security_helpers import (
    assert_build_refused,
    corpus_fixtures,
    run_check,
    write_corpus,
)

from pelicanconf import PORTAL_EMAIL, PORTAL_FAX, PORTAL_PHONE

# Contacts a department publishes (the unit tests' own; the corpus build below
# uses pelicanconf.py's PORTAL_PHONE/PORTAL_FAX/PORTAL_EMAIL, imported above).
DEPARTMENT = {"PORTAL_PHONE": "0211 3862 480", "PORTAL_FAX": "0211 3862 481",
              "PORTAL_EMAIL": "sokhcn@vinhphuc.gov.vn",
              "QA_PUBLIC_CONTACTS": ["Chi cục TCĐLCL: 0211 3861 222"]}
ALLOWED = allowed_contacts(DEPARTMENT)

PHONES = [
    "0912 345 678", "0912.345.678", "0912-345-678", "0912345678",
    "+84 912 345 678", "(+84) 912345678", "84912345678", "0084 912 345 678",
    "+84 (0) 912 345 678", "84 0912 345 678", "0365 123 456", "0868.123.456",
    "0211-3862-499", "(0211) 3862 499", "024 3824 1234", "(04) 3824 1234",
    "0168 123 4567",  # an 11-digit mobile number from before 2018
    "O912 345 678", "o9l2.345.678", "09I2 345 678",  # letters for digits
    "０９１２３４５６７８", "０９１２－３４５－６７８",  # fullwidth
    "0912\u200b345\u200b678", "0912\u00ad345\u00ad678",  # zero-width, soft hyphen
    "0912/345/678", "0912_345_678", "0912–345–678", "09 12 34 56 78",
    "0 9 1 2 3 4 5 6 7 8", "0912 . 345 . 678", "(0912) (345) (678)",
    "zalo.me/0912345678", "sđt:0912345678", "sdtO912345678",
    "tel:+84912345678", "Ngày 09/08/2019 tôi gọi 0912345678",
    "０２１１・３８６２・４９９",
]
EMAILS = [
    "nguyenvanh@gmail.com", "Nguyen.Van.H@Yahoo.com.vn", "nvh+hoi@example.vn",
    "nguyenvanh [at] gmail.com", "nguyenvanh(at)gmail(dot)com",
    "nguyenvanh(a)gmail.com",
    "nguyenvanh {at} gmail {dot} com", "nguyenvanh @ gmail . com",
    "nguyenvanh＠gmail．com", "ｎｖｈ＠ｇｍａｉｌ．ｃｏｍ", "nguyenvanh@gmail",
    "nguyenvanh a còng gmail chấm com", "nguyenvanh A CÒNG gmail CHẤM com",
    "nvh [a còng] gmail [chấm] com", "nguyenvanh at gmail dot com",
    "nguyenvanh at gmail.com", "mailto:abc@xyz.vn", "hà@gmail.com",
    "nguyen\u200bvanh@gmail.com",
]
LEGITIMATE = [
    "09/08/2019", "09/08/2019 09/08/2019", "từ 01/01/2020 đến 31/12/2020",
    "08/2019 - 09/2019", "ngày 9/8 và 10/8/2019", "ngày 09.08.2019 và 10.08.2019",
    "2019-08-09 và 2019-08-10", "lúc 09 giờ 30", "giai đoạn 2021-2025",
    "năm 2019 2020 2021", "Số 32-KH/ĐU", "Quyết định 15/2024/QĐ-UBND",
    "Thông tư 23/2013/TT-BKHCN", "Nghị định 43/2017/NĐ-CP",
    "QCVN 01-183:2016/BNNPTNT", "ISO 9001:2015", "TCVN ISO/IEC 17025:2017",
    "giá 1.050.000 đồng", "12.500.000.000 đồng", "84.500.000.000 đồng",
    "84.912.345.678 đồng", "năm 2019, 0,5 ha", "khoảng 200 đàn ong",
    "mã 8936012345678 trên bao bì", "mã số thuế 0101234567",
    "tài khoản 0961000123456", "CCCD 001099012345", "Điều 5, 6, 7, 8, 9",
    "Co2 và H2O", "bình 10l nước", "06 tấn giá thể", "hotline 1900 1234",
    "Hội thảo @ Hà Nội", "Hội thảo @ Hanoi", "Tôi ở nhà at Vinh Yen", "@sokhcn",
    # the department's own, however written
    "ĐT: 0211 3862 480", "(0211) 3862.480", "+84 211 3862 480", "Fax 0211-3862-481",
    "sokhcn@vinhphuc.gov.vn", "SOKHCN@VINHPHUC.GOV.VN",
    "sokhcn [at] vinhphuc [dot] gov [dot] vn", "Chi cục: 0211 3861 222",
]


@pytest.mark.parametrize("text", PHONES + EMAILS)
def test_contact_details_are_found_however_written(text):
    found = find_contact_details(f"Nguyễn Văn H., {text}, Tam Đảo", ALLOWED)
    assert found, text
    assert found in text or text in found  # shown as written, to find it


@pytest.mark.parametrize("text", LEGITIMATE)
def test_legitimate_numbers_are_not_contact_details(text):
    assert find_contact_details(text, ALLOWED) is None


def test_two_numbers_in_one_run_are_both_seen():
    assert find_contact_details("0912 345 678 - 0987 654 321") == "0912 345 678"
    assert find_contact_details("ĐT 0211 3862 480 - 0987 654 321", ALLOWED) == (
        "0987 654 321")


# --- whole Q&A files ------------------------------------------------------------
def entry(*, title="Hỏi về nhãn hiệu", question="Thủ tục đăng ký thế nào?",
          asker="Nguyễn Văn H.", locality="Tam Đảo", extra="",
          answer="Hộ gia đình đăng ký đứng tên chủ hộ."):
    """A complete answered entry; line 1 Title, 2 Question, 3 Asker, 4 Locality."""
    return (f"Title: {title}\nQuestion: {question}\nAsker: {asker}\n"
            f"Locality: {locality}\nAsked: 02/05/2019\nField: Sở hữu trí tuệ\n"
            f"Answerer: Phòng Quản lý công nghệ\nDate: 10/05/2019\n{extra}\n"
            f"{answer}\n")


# name: (file text, line of the contact detail)
HOSTILE = {
    "title": (entry(title="Gọi 0365 123 456 hỏi về nhãn hiệu"), 1),
    "question": (entry(question="Xin gọi lại số O9l2.345.678 giúp tôi"), 2),
    "asker": (entry(asker="Nguyễn Văn H. - 84912345678"), 3),
    "locality": (entry(locality="Tam Đảo, nvh a còng gmail chấm com"), 4),
    "continued-question": (entry(question="Dòng một.\n    Dòng hai.\n"
                                 "    Thư: nvh [at] yahoo [dot] com"), 4),
    "split-over-lines": (entry(question="Số của tôi 0912\n    345 678"), 2),
    "summary": (entry(extra="Summary: Ông H. (０９１２３４５６７８) hỏi\n"), 9),
    "slug": (entry(extra="Slug: hoi-nhan-hieu-0912-345-678\n"), 9),
    "expert": (entry(extra="Expert: KS. Trần B, 0987 654 321\n"), 9),
    "answerer-other-number": (entry().replace(
        "Answerer: Phòng Quản lý công nghệ",
        "Answerer: Phòng Quản lý công nghệ (ĐT 0211 3862 499)"), 7),
    "answer-body": (entry(answer="Đoạn một.\n\nÔng H. (0912 345 678) đã được "
                          "hướng dẫn."), 12),
    "answer-paragraph-split": (entry(answer="Đã trả lời qua thư nguyenvanh\n"
                                     "@gmail.com của ông."), 10),
    "answer-mailto": (entry(answer="[Thư ông H.](mailto:nvh@gmail.com)"), 10),
    "answer-code-block": (entry(answer="```\nnvh@gmail.com\n```"), 11),
}
LEGITIMATE_FILES = {
    "department": entry(
        question="Theo Quyết định 15/2024/QĐ-UBND ngày 09/08/2019 và ISO 9001:2015?",
        answer="Theo Kế hoạch 32-KH/ĐU, phí 1.050.000 đồng (năm 2019). Liên hệ "
               f"{PORTAL_PHONE}, fax {PORTAL_FAX} hoặc {PORTAL_EMAIL}."),
}


def _files():
    texts = {name: text for name, (text, _) in HOSTILE.items()}
    texts.update(LEGITIMATE_FILES)
    # One title (so one URL) per entry: the checker refuses two on one URL.
    return {f"qa/{name}.md": text.replace("Title: ", f"Title: Mục {number}: ", 1)
            for number, (name, text) in enumerate(texts.items())}


corpus, checked, built = corpus_fixtures("qa-privacy", _files)


@pytest.mark.parametrize("name", HOSTILE)
def test_invoke_check_refuses_with_file_and_line(checked, name):
    status, printed = checked
    assert status == 1
    assert f"qa/{name}.md:{HOSTILE[name][1]}: [E-QA-CONTACT]" in printed


@pytest.mark.parametrize("name", HOSTILE)
def test_the_build_refuses_with_file_and_line(built, name):
    assert_build_refused(built, f"qa/{name}.md:{HOSTILE[name][1]}: [E-QA-CONTACT]")


def test_each_problem_is_reported_once(checked, built):
    assert checked[1].count("[E-QA-CONTACT]") == len(HOSTILE)
    assert built[0].count("[E-QA-CONTACT]") == len(HOSTILE)


@pytest.mark.parametrize("name", LEGITIMATE_FILES)
def test_legitimate_answers_pass_check_and_build(checked, built, name):
    assert f"qa/{name}.md" not in checked[1]
    assert f"qa/{name}.md" not in built[0]


def test_the_hook_checks_summary_too(tmp_path, monkeypatch):
    """`invoke check --staged` (the pre-commit hook) reports Summary:, which the
    build refused while the checker did not look at it."""
    import subprocess

    content = write_corpus(tmp_path, {"qa/a.md": entry(
        extra="Summary: Ông H. hỏi, nvh@gmail.com\n")})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "content"], check=True)
    monkeypatch.chdir(tmp_path)
    status, printed = run_check(content, "--staged")
    assert status == 1
    assert "qa/a.md:9: [E-QA-CONTACT] trường 'summary'" in printed
