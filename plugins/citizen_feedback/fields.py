"""What each form may send, and the checks every value passes before it is stored.

Pure functions: a form's raw body (bytes, ``application/x-www-form-urlencoded``) in,
a :class:`Submission` or a :class:`Refused` (Vietnamese message, HTTP status) out.

- The body must be UTF-8 after percent-decoding (invalid bytes are refused, never
  replaced), each field sent at most once, no field the form does not have.
- Control characters are refused (single-line fields: all of them; text areas keep
  line breaks and tabs), and so are bidirectional overrides and non-characters,
  which make text read differently from what it holds. Line breaks become ``\\n``.
- Text is normalised to NFC (Vietnamese from several keyboards compares equal).
- Each field has a size limit, counted in characters after normalisation.

What is stored is the text as written: SQL goes through bound parameters, HTML is
escaped wherever it is shown, and CSV cells pass the formula guard, so ``<script>``,
``'; DROP TABLE`` or ``=HYPERLINK(...)`` are kept inert rather than refused.
"""

import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

QUESTION, COMMENT, RATING = "question", "comment", "rating"
KIND_PREFIX = {QUESTION: "HD", COMMENT: "GY", RATING: "DG"}
KIND_LABEL = {QUESTION: "Câu hỏi", COMMENT: "Góp ý dự thảo", RATING: "Đánh giá"}
# Service fields every form carries besides its own.
TOKEN, HONEYPOT, CONSENT = "the", "website", "dong_y"
CONSENT_VALUE = "co"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    limit: int
    required: bool = True
    multiline: bool = False


FORMS = {
    QUESTION: (
        Field("ho_ten", "Họ và tên", 100),
        Field("dia_phuong", "Địa phương", 100),
        Field("linh_vuc", "Lĩnh vực", 100),
        Field("cau_hoi", "Câu hỏi", 5000, multiline=True),
        Field("lien_he", "Thông tin liên hệ", 200, required=False),
    ),
    COMMENT: (
        Field("du_thao", "Dự thảo", 200),
        Field("ho_ten", "Họ tên hoặc tên tổ chức", 200),
        Field("y_kien", "Ý kiến góp ý", 10000, multiline=True),
        Field("lien_he", "Thông tin liên hệ", 200, required=False),
    ),
    RATING: (
        Field("diem", "Mức độ hài lòng", 1),
        Field("nhan_xet", "Nhận xét", 2000, required=False, multiline=True),
    ),
}
# Forms that take personal data ask for consent (Decree 13/2023/NĐ-CP, Article 11).
NEEDS_CONSENT = {QUESTION, COMMENT}
MIN_TEXT = {"cau_hoi": 10, "y_kien": 5}

_BIDI_AND_NONCHARACTERS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {
    0x200E, 0x200F, 0x061C, 0xFFFE, 0xFFFF}
_TEXT_AREA_CONTROLS = {"\n", "\t"}


class Refused(Exception):
    """Why a submission is not taken: Vietnamese, for the citizen; an HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Submission:
    kind: str
    values: dict = field(default_factory=dict)  # field name → clean text ("" if none)
    token: str = ""
    honeypot: str = ""
    consent: bool = False


def parse_body(body, kind):
    """The form's fields from a urlencoded ``body``; Refused when it is not one."""
    try:
        text = body.decode("ascii")  # percent-encoded: anything else is not a form
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                          encoding="utf-8", errors="strict", max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        raise Refused("Nội dung gửi không phải văn bản UTF-8 hợp lệ (có thể do "
                      "phần mềm gõ hoặc trình duyệt); vui lòng gõ lại và gửi lại.") \
            from None
    allowed = {f.name for f in FORMS[kind]} | {TOKEN, HONEYPOT, CONSENT}
    sent = {}
    for name, value in pairs:
        if name not in allowed:
            raise Refused("Biểu mẫu có trường không hợp lệ; vui lòng tải lại trang "
                          "và gửi lại.")
        if name in sent:
            raise Refused("Biểu mẫu gửi một trường nhiều lần; vui lòng tải lại trang "
                          "và gửi lại.")
        sent[name] = value
    return sent


def clean_text(value, spec):
    """``value`` NFC-normalised with line breaks as \\n; Refused if not acceptable."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for char in value:
        code = ord(char)
        category = unicodedata.category(char)
        if spec.multiline and char in _TEXT_AREA_CONTROLS:
            continue
        if category in ("Cc", "Cs") or code in _BIDI_AND_NONCHARACTERS:
            raise Refused(f"Ô “{spec.label}” có ký tự điều khiển không được phép "
                          f"(U+{code:04X}); vui lòng xóa ký tự đó và gửi lại.")
    value = unicodedata.normalize("NFC", value.strip())
    if len(value) > spec.limit:
        raise Refused(f"Ô “{spec.label}” dài quá giới hạn {_number(spec.limit)} ký tự "
                      f"(đang có {_number(len(value))}); vui lòng rút gọn.", 413)
    if spec.required and not value:
        raise Refused(f"Vui lòng điền ô “{spec.label}”.")
    if value and len(value) < MIN_TEXT.get(spec.name, 0):
        raise Refused(f"Ô “{spec.label}” quá ngắn; vui lòng viết rõ hơn.")
    return value


def _number(value):
    """10000 → '10.000' (Vietnamese digit grouping)."""
    return f"{value:,}".replace(",", ".")


def read_submission(body, kind):
    """The clean :class:`Submission` in ``body`` (bytes) for form ``kind``."""
    sent = parse_body(body, kind)
    submission = Submission(kind=kind, token=sent.get(TOKEN, "")[:1000],
                            honeypot=sent.get(HONEYPOT, ""),
                            consent=sent.get(CONSENT) == CONSENT_VALUE)
    for spec in FORMS[kind]:
        submission.values[spec.name] = clean_text(sent.get(spec.name, ""), spec)
    if kind == RATING and submission.values["diem"] not in {"1", "2", "3", "4", "5"}:
        raise Refused("Vui lòng chọn mức độ hài lòng từ 1 đến 5.")
    return submission


def check_consent(submission):
    if submission.kind in NEEDS_CONSENT and not submission.consent:
        raise Refused("Vui lòng đánh dấu ô đồng ý cho phép xử lý dữ liệu cá nhân "
                      "(Nghị định 13/2023/NĐ-CP) để gửi.")


def check_honeypot(submission):
    if submission.honeypot:
        raise Refused("Biểu mẫu có ô ẩn (dành để chặn máy gửi tự động) đã bị điền; "
                      "nếu bạn là người, vui lòng tải lại trang và gửi lại.")
