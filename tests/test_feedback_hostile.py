"""Hostile form posts to the feedback service, on SQLite and on PostgreSQL.

Each case is refused with a Vietnamese message and nothing stored, or stored inert:
exactly as written (NFC), as text. The service runs in-process (Starlette's test
client); the log lines of all of it are captured and hold nothing a citizen sent.
"""

import logging
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from citizen_feedback.service import create_app
from citizen_feedback.settings import ServiceConfig
from citizen_feedback.tokens import issue
from feedback_helpers import form_fields, write_forms_data
from starlette.testclient import TestClient  # noqa: I001

ORIGIN = "https://sokhcn.example.vn"
FORM = "application/x-www-form-urlencoded"
VIETNAMESE = set("ạảãáàâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữđíìịỉĩóòọỏõúùụủũýỳỵỷỹ")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def service(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'feedback.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_cluster").new_database()
    now = datetime.now(UTC)
    write_forms_data(folder / "site", drafts=[
        ("du-thao-mo", now - timedelta(days=3), now + timedelta(days=10)),
        # Closed a second ago: its page, built earlier, may still show the form.
        ("du-thao-vua-dong", now - timedelta(days=30), now - timedelta(seconds=1)),
    ])
    config = ServiceConfig(data_dir=folder / "data", database_url=url,
                           site_dir=folder / "site", allowed_origins=(ORIGIN,),
                           min_seconds=0, rate_per_minute=6000, rate_burst=10000)
    app = create_app(config)
    with TestClient(app, base_url="https://sokhcn.example.vn") as client:
        yield SimpleNamespace(client=client, app=app, svc=app.state.service,
                              store=app.state.service.store)
    app.state.service.store.close()


def post(service, kind, fields, token=True, headers=None, body=None):
    fields = dict(fields)
    if token is True:
        answer = service.client.get(f"/phan-hoi/gui/the?loai={kind}")
        fields["the"] = answer.json()["the"]
    elif token:
        fields["the"] = token
    content = body if body is not None else urlencode(fields)
    return service.client.post(
        f"/phan-hoi/gui/{kind}", content=content,
        headers={"Content-Type": FORM, "Origin": ORIGIN, **(headers or {})},
        follow_redirects=False)


def with_(kind, **changes):
    fields = form_fields(kind, 7)
    fields.update(changes)
    return kind, fields


def sent(kind, token=True, headers=None, body=None, **changes):
    """A case's sender: form ``kind`` with ``changes``; ``token`` may be a function
    of the service (for a token it signs or forges)."""
    def send(service):
        value = token(service.svc) if callable(token) else token
        return post(service, *with_(kind, **changes), token=value, headers=headers,
                    body=body)
    return send


def bare(kind, body, headers):
    """A post without a token or an Origin of ours, as another site would send it."""
    return lambda s: s.client.post(f"/phan-hoi/gui/{kind}", content=body,
                                   headers=headers)


def old_token(kind):
    return lambda svc: issue(svc.secret, kind, now=time.time() - 2 * 24 * 3600)


RATING = urlencode(form_fields("danh-gia"))
BAD_UTF8 = "ho_ten=%C3%28&dia_phuong=A&linh_vuc=S&cau_hoi=xxxxxxxxxxxx&dong_y=co"
# (name, sender, "refused" | "confirm" | "inert")
CASES = [
    ("name-too-long", sent("hoi-dap", ho_ten="A" * 101), "refused"),
    ("question-too-long", sent("hoi-dap", cau_hoi="ư" * 5001), "refused"),
    ("contact-too-long", sent("hoi-dap", lien_he="0" * 201), "refused"),
    ("comment-too-long", sent("gop-y", y_kien="x" * 10001), "refused"),
    ("rating-remark-too-long", sent("danh-gia", nhan_xet="ý" * 2001), "refused"),
    ("nul-in-name", sent("hoi-dap", ho_ten="Nguyễn\x00A"), "refused"),
    ("escape-in-question", sent("hoi-dap", cau_hoi="Hỏi \x1b[31m đỏ nhé"), "refused"),
    ("bell-in-contact", sent("hoi-dap", lien_he="a\x07@b.vn"), "refused"),
    ("right-to-left-override", sent("gop-y", ho_ten="Công ty \u202etxt.exe"),
     "refused"),
    ("vertical-tab-in-text", sent("gop-y", y_kien="Ý kiến\x0bmột"), "refused"),
    ("line-break-in-name", sent("hoi-dap", ho_ten="A\nB"), "refused"),
    ("noncharacter", sent("danh-gia", nhan_xet="tốt \uffff"), "refused"),
    ("script-in-question",
     sent("hoi-dap", cau_hoi="<script>alert('xss')</script> Xin hỏi thủ tục"), "inert"),
    ("img-onerror-in-name", sent("hoi-dap", ho_ten='<img src=x onerror="alert(1)">'),
     "inert"),
    ("csv-formula-comment",
     sent("gop-y", y_kien='=HYPERLINK("http://evil.example","bấm")'), "inert"),
    ("csv-formula-name", sent("gop-y", ho_ten="+cmd|' /C calc'!A0"), "inert"),
    ("csv-at-formula-remark", sent("danh-gia", nhan_xet="@SUM(1+1)*cmd"), "inert"),
    ("sql-in-question",
     sent("hoi-dap", cau_hoi="'; DROP TABLE submissions; -- và câu hỏi"), "inert"),
    ("sql-in-name", sent("hoi-dap", ho_ten="x' OR '1'='1"), "inert"),
    ("sql-as-rating", sent("danh-gia", diem="1 OR 1=1"), "refused"),
    ("sql-as-draft", sent("gop-y", du_thao="x' OR '1'='1"), "refused"),
    ("decomposed-vietnamese",
     sent("hoi-dap", ho_ten="Nguye\u0302\u0303n Thi\u0323 Ba\u0300"), "inert"),
    ("forged-origin", sent("hoi-dap", headers={"Origin": "https://evil.example"}),
     "refused"),
    ("lookalike-origin", sent("danh-gia", headers={
        "Origin": "https://sokhcn.example.vn.evil.example"}), "refused"),
    ("null-origin", sent("danh-gia", headers={"Origin": "null"}), "refused"),
    ("foreign-referer-no-origin", bare("danh-gia", RATING, {
        "Content-Type": FORM, "Referer": "https://evil.example/form"}), "refused"),
    ("no-origin-no-referer", bare("danh-gia", RATING, {"Content-Type": FORM}),
     "refused"),
    ("missing-token", sent("hoi-dap", token=False), "confirm"),
    ("forged-token", sent("hoi-dap", token=lambda svc: issue(b"x" * 32, "question")),
     "refused"),
    ("token-of-other-form",
     sent("hoi-dap", token=lambda svc: issue(svc.secret, "rating")), "refused"),
    ("expired-token", sent("gop-y", token=old_token("comment")), "refused"),
    ("garbage-token", sent("danh-gia", token="a.b.c"), "refused"),
    ("honeypot-filled", sent("hoi-dap", website="http://spam"), "refused"),
    ("draft-closed-a-second-ago", sent("gop-y", du_thao="du-thao-vua-dong"),
     "refused"),
    ("unknown-draft", sent("gop-y", du_thao="khong-co"), "refused"),
    ("invalid-utf8-percent", lambda s: post(s, "hoi-dap", {}, body=BAD_UTF8),
     "refused"),
    ("raw-latin1-bytes", lambda s: post(s, "danh-gia", {},
                                        body=b"diem=5&nhan_xet=caf\xe9"), "refused"),
    ("ten-megabyte-body", lambda s: post(
        s, "gop-y", {}, body=b"y_kien=" + b"a" * (10 * 1024 * 1024)), "refused"),
    ("multipart-body", lambda s: s.client.post(
        "/phan-hoi/gui/danh-gia", files={"diem": (None, "5")},
        headers={"Origin": ORIGIN}), "refused"),
    ("unknown-field", sent("danh-gia", admin="1"), "refused"),
    ("duplicated-field", lambda s: post(s, "danh-gia", {}, body="diem=5&diem=1"),
     "refused"),
    ("no-consent", sent("hoi-dap", dong_y=""), "refused"),
    ("field-not-in-vocabulary", sent("hoi-dap", linh_vuc="Khác"), "refused"),
    ("rating-out-of-range", sent("danh-gia", diem="6"), "refused"),
    ("unknown-form", bare("xoa-het", "a=1", {"Content-Type": FORM, "Origin": ORIGIN}),
     "refused"),
]


def test_at_least_thirty_hostile_inputs():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name,send,expected", CASES, ids=[c[0] for c in CASES])
def test_hostile_input(service, caplog, name, send, expected):
    caplog.set_level(logging.DEBUG)
    before = set(service.store.all_codes())
    response = send(service)
    added = set(service.store.all_codes()) - before
    if expected == "inert":
        assert response.status_code == 303, response.text
        code = response.headers["location"].split("?ma=")[1]
        assert added == {code}
        stored = service.store.get(code)
        assert unicodedata.is_normalized("NFC", stored["text"])
        assert unicodedata.is_normalized("NFC", stored["name"])
    else:
        assert added == set(), f"{name}: stored although refused"
        assert 200 <= response.status_code < 500
        assert VIETNAMESE & set(response.text.lower()), response.text[:300]
        if expected == "confirm":
            assert response.status_code == 200 and "Xác nhận gửi" in response.text
        else:
            assert response.status_code >= 400, response.text[:300]
    # Nothing personal in any log line: no field value, no client address (the
    # test's own HTTP client logs its requests; those lines are not the service's).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "httpx")
    for secret in ("Người hỏi", "nguoi7@", "Doanh nghiệp", "Nhận xét 7", "testclient",
                   "nhãn hiệu", "điều 3"):
        assert secret not in logged


def test_inert_text_kept_exactly(service):
    text = "<script>alert('x')</script>'; DROP TABLE submissions; -- =1+1"
    response = post(service, *with_("hoi-dap", cau_hoi=text))
    code = response.headers["location"].split("?ma=")[1]
    assert service.store.get(code)["text"] == text
    decomposed = "Nguye\u0302\u0303n"
    response = post(service, *with_("hoi-dap", ho_ten=decomposed))
    code = response.headers["location"].split("?ma=")[1]
    assert service.store.get(code)["name"] == "Nguyễn"


def test_same_token_twice_is_one_submission(service):
    token = service.client.get("/phan-hoi/gui/the?loai=danh-gia").json()["the"]
    first = post(service, *with_("danh-gia"), token=token)
    second = post(service, *with_("danh-gia"), token=token)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]


def test_too_fast_asks_to_confirm_then_takes_it(service):
    service.svc.config.min_seconds = 0.5
    try:
        before = service.store.count()
        response = post(service, *with_("hoi-dap"))
        assert response.status_code == 200 and "quá nhanh" in response.text
        assert service.store.count() == before
        token = response.text.split('name="the" value="')[1].split('"')[0]
        time.sleep(0.6)
        confirmed = post(service, *with_("hoi-dap"), token=token)
        assert confirmed.status_code == 303
        location = confirmed.headers["location"]
        assert location.startswith("/phan-hoi/da-nhan-cau-hoi/?ma=HD-")
    finally:
        service.svc.config.min_seconds = 0


def test_rate_limit_per_client(tmp_path):
    write_forms_data(tmp_path / "site")
    config = ServiceConfig(data_dir=tmp_path / "data",
                           database_url=f"sqlite:///{tmp_path / 'f.sqlite3'}",
                           site_dir=tmp_path / "site", allowed_origins=(ORIGIN,),
                           min_seconds=0, rate_per_minute=1, rate_burst=3)
    app = create_app(config)
    with TestClient(app, base_url=ORIGIN) as client:
        s = SimpleNamespace(client=client)
        statuses = [post(s, *with_("danh-gia")).status_code for _ in range(5)]
        other = post(s, *with_("danh-gia"), headers={"X-Real-IP": "203.0.113.9"})
    assert statuses == [303, 303, 303, 429, 429]
    # The address nginx reports is its own client (the test client is no proxy, so
    # its header is not trusted and it is still limited).
    assert other.status_code == 429
    app.state.service.store.close()


def test_confirm_page_shows_what_was_sent_as_text(service):
    attack = '"><script>alert(1)</script>'
    response = post(service, *with_("hoi-dap", cau_hoi=attack + " câu hỏi"),
                    token=False)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert 'value="&#34;&gt;&lt;script&gt;' in response.text  # the hidden copy too


def test_health_and_a_form_address_opened_in_the_browser(service):
    assert service.client.get("/phan-hoi/gui/suc-khoe").text == "ok"
    opened = service.client.get("/phan-hoi/gui/hoi-dap")
    assert opened.status_code == 405 and "chỉ nhận nội dung gửi" in opened.text
