"""The web service that takes the three forms (Starlette; run under uvicorn).

Routes, under ``FEEDBACK_POST_PREFIX`` (``/phan-hoi/gui/``), which nginx proxies:

- ``GET the?loai=hoi-dap|gop-y|danh-gia``: a fresh signed form token (JSON), which
  the pages' script puts into the form when the reader moves into it;
- ``POST hoi-dap``, ``POST gop-y``, ``POST danh-gia``: a plain HTML form post.
  Accepted: stored and committed, then ``303 See Other`` to the static thank-you
  page with the reference code (``?ma=HD-7K3M9Q2X``). A form sent without a token
  (JavaScript off) or sooner than ``min_seconds`` after its token is answered with a
  page to confirm it, which carries a fresh token: so the minimum time holds with or
  without JavaScript, and nothing is stored until the citizen confirms. Anything
  else refused is answered with a Vietnamese page saying why (and nothing stored);
- ``GET suc-khoe``: 200 when the database answers (for monitoring).

Checks, in order: media type, body size (read at most ``max_body`` bytes), the
``Origin`` (else ``Referer``) is one of the site's own, the client's rate, the
fields (fields.py), the honeypot, consent, the field vocabulary or the draft's
closing moment (site_data.py), the token (tokens.py). No cookie is set or read.
Nothing a citizen sent and no client address is logged: a line names the form, the
outcome and, for a stored submission, its reference code.
"""

import logging
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from .fields import (
    COMMENT,
    FORMS,
    QUESTION,
    Refused,
    check_consent,
    check_honeypot,
    read_submission,
)
from .ratelimit import RateLimiter
from .settings import FORM_PATHS, THANKS_PAGES
from .site_data import SiteData
from .store import Store
from .tokens import TooFast, issue, load_secret, verify

logger = logging.getLogger(__name__)

KIND_BY_PATH = {path: kind for kind, path in FORM_PATHS.items()}
TEMPLATES = Environment(
    loader=FileSystemLoader(str(Path(__file__).with_name("templates"))),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
NO_STORE = {"Cache-Control": "no-store"}


class FeedbackService:
    """The state the routes share: config, store, secret, site data, limiter."""

    def __init__(self, config, store=None):
        self.config = config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = store or Store(config.database_url)
        self.store.create_tables()
        self.secret = load_secret(config.secret_path)
        self.site = SiteData(config.site_dir)
        self.limiter = RateLimiter(config.rate_per_minute, config.rate_burst)

    # --- helpers ------------------------------------------------------------------
    def client(self, request):
        peer = request.client.host if request.client else ""
        if peer in self.config.trusted_proxies:
            return request.headers.get("x-real-ip", peer)
        return peer

    def same_site(self, request):
        origin = request.headers.get("origin")
        if origin is None:
            referer = request.headers.get("referer", "")
            parts = urlsplit(referer)
            origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        return origin.rstrip("/") in self.config.allowed_origins

    async def read_body(self, request):
        declared = request.headers.get("content-length")
        limit = self.config.max_body
        if declared and (not declared.isdigit() or int(declared) > limit):
            raise _too_large(self.config.max_body)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.config.max_body:
                raise _too_large(self.config.max_body)
        return bytes(body)

    # --- routes -------------------------------------------------------------------
    async def token(self, request):
        kind = KIND_BY_PATH.get(request.query_params.get("loai", ""))
        if kind is None:
            return JSONResponse({"loi": "Biểu mẫu không tồn tại."}, 404,
                                headers=NO_STORE)
        return JSONResponse({"the": issue(self.secret, kind)}, headers=NO_STORE)

    async def health(self, request):
        def ping():
            with self.store.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        await run_in_threadpool(ping)
        return PlainTextResponse("ok", headers=NO_STORE)

    async def submit(self, request):
        kind = KIND_BY_PATH[request.path_params["form"]]
        try:
            return await self._submit(request, kind)
        except TooFast as refusal:
            logger.info("form %s: confirm step (%s)", kind, refusal.status)
            return self.confirm_page(request, kind, refusal.submission,
                                     refusal.message)
        except Refused as refusal:
            logger.info("form %s: refused (%s)", kind, refusal.status)
            return message_page(refusal.message, refusal.status)

    async def _submit(self, request, kind):
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media != "application/x-www-form-urlencoded":
            raise Refused("Biểu mẫu phải được gửi từ trang của Cổng thông tin.", 415)
        body = await self.read_body(request)
        if not self.same_site(request):
            raise Refused("Biểu mẫu chỉ được gửi từ chính trang của Cổng thông tin "
                          "(nguồn gửi không hợp lệ).", 403)
        if not self.limiter.allow(self.client(request)):
            raise Refused("Bạn đã gửi quá nhiều lần trong thời gian ngắn; vui lòng "
                          "đợi vài phút rồi gửi lại.", 429)
        submission = read_submission(body, kind)
        check_honeypot(submission)
        check_consent(submission)
        if kind == QUESTION:
            self.site.check_field(submission.values["linh_vuc"])
        elif kind == COMMENT:
            self.site.check_draft_open(submission.values["du_thao"], datetime.now(UTC))
        if not submission.token:
            too_fast = TooFast("Vui lòng kiểm tra lại nội dung và bấm “Xác nhận gửi”.")
            too_fast.submission = submission
            raise too_fast
        try:
            nonce = verify(self.secret, submission.token, kind,
                           self.config.min_seconds)
        except TooFast as too_fast:
            too_fast.submission = submission
            raise
        code = await run_in_threadpool(self.store.add, submission, nonce)
        logger.info("form %s: stored %s", kind, code)
        location = f"/{THANKS_PAGES[kind]}?ma={code}"
        return Response(status_code=303, headers={"Location": location, **NO_STORE})

    def confirm_page(self, request, kind, submission, notice):
        page = TEMPLATES.get_template("confirm.html").render(
            notice=notice, action=request.url.path, kind=kind,
            fields=[(spec, submission.values.get(spec.name, ""))
                    for spec in FORMS[kind]],
            consent=submission.consent,
            token=issue(self.secret, kind),
            min_seconds=self.config.min_seconds,
            draft_title=(self.site.draft_title(submission.values["du_thao"])
                         if kind == COMMENT else ""),
        )
        return HTMLResponse(page, 200, headers=NO_STORE)


def _too_large(limit):
    return Refused(f"Nội dung gửi quá lớn (tối đa {limit // 1024} KB); vui lòng rút "
                   "gọn.", 413)


def message_page(message, status):
    page = TEMPLATES.get_template("message.html").render(message=message,
                                                         status=status)
    return HTMLResponse(page, status, headers=NO_STORE)


def create_app(config, store=None):
    """The Starlette application for ``config`` (a ServiceConfig)."""
    service = FeedbackService(config, store)
    prefix = "/" + config.post_prefix.strip("/")
    forms = "|".join(FORM_PATHS.values())
    app = Starlette(routes=[
        Route(f"{prefix}/the", service.token, methods=["GET"]),
        Route(f"{prefix}/suc-khoe", service.health, methods=["GET"]),
        Route(prefix + "/{form:str}", _only(service.submit, forms), methods=["POST"]),
        # Opening a form's address in the browser: say where the form is.
        Route(prefix + "/{form:str}", _not_a_page, methods=["GET", "HEAD"]),
    ])
    app.state.service = service
    return app


async def _not_a_page(request):
    return message_page("Địa chỉ này chỉ nhận nội dung gửi từ biểu mẫu trên trang "
                        "(Hỏi đáp, dự thảo lấy ý kiến, Đánh giá mức độ hài lòng).", 405)


def _only(endpoint, forms):
    allowed = set(forms.split("|"))

    async def guarded(request):
        if request.path_params["form"] not in allowed:
            return message_page("Không có biểu mẫu này.", 404)
        return await endpoint(request)

    return guarded


def run(config, host, port):
    """Serve until stopped (uvicorn, one process; run several for more)."""
    import uvicorn

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    started = time.monotonic()
    app = create_app(config)
    logger.info("feedback service ready in %.1f s on %s:%s", time.monotonic() - started,
                host, port)
    # No access log: it would hold every client's address. uvicorn's own loggers
    # keep only start-up and error lines.
    uvicorn.run(app, host=host, port=port, access_log=False, log_config=None,
                server_header=False, proxy_headers=False, timeout_keep_alive=5)
