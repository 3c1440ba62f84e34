"""Signed form tokens: when the form was handed out, for which form, and a nonce.

No cookie and no server-side session: the token is ``payload.signature`` where the
payload (base64url JSON) holds the form kind, the moment it was issued and a random
nonce, and the signature is HMAC-SHA256 with the service's secret. The service
refuses a token that is forged, for another form, too old, or younger than the
minimum time a person needs to fill the form in. The nonce makes a token good for
one submission: sending it again (a double click, a retried request) finds the
submission already stored instead of storing it twice.

The secret is a file in the data folder (created 0600 on first start); web servers
sharing one PostgreSQL database share the file too.
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

from .fields import Refused

MAX_AGE_SECONDS = 24 * 3600


def load_secret(path):
    """The secret in ``path``, made (32 random bytes, mode 0600) when missing."""
    path = Path(path)
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as out:
            out.write(secret)
            out.flush()
            os.fsync(out.fileno())
    if len(secret) < 32:
        raise ValueError(f"{path}: secret shorter than 32 bytes")
    return secret


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret, payload):
    return _b64(hmac.new(secret, payload.encode("ascii"), hashlib.sha256).digest())


def issue(secret, kind, now=None):
    """A fresh token for form ``kind``."""
    body = {"k": kind, "t": round(time.time() if now is None else now, 3),
            "n": secrets.token_hex(12)}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode("ascii"))
    return f"{payload}.{_sign(secret, payload)}"


def verify(secret, token, kind, min_seconds, now=None):
    """The token's nonce; Refused (Vietnamese) when it does not let the form in."""
    now = time.time() if now is None else now
    payload, _, signature = token.partition(".")
    if not payload or not hmac.compare_digest(_sign(secret, payload), signature):
        raise Refused("Mã xác thực của biểu mẫu không hợp lệ; vui lòng tải lại trang "
                      "và gửi lại.", 403)
    try:
        body = json.loads(_unb64(payload))
        issued, nonce, token_kind = float(body["t"]), str(body["n"]), body["k"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise Refused("Mã xác thực của biểu mẫu không hợp lệ.", 403) from None
    if token_kind != kind:
        raise Refused("Mã xác thực thuộc biểu mẫu khác; vui lòng tải lại trang.", 403)
    if now - issued > MAX_AGE_SECONDS:
        raise Refused("Biểu mẫu đã mở quá lâu (hơn 24 giờ); vui lòng tải lại trang "
                      "và gửi lại.", 403)
    if now - issued < min_seconds:
        raise TooFast(f"Bạn gửi quá nhanh (chưa đủ {min_seconds:g} giây sau khi mở "
                      "biểu mẫu); vui lòng kiểm tra lại nội dung rồi bấm gửi.")
    return nonce


class TooFast(Refused):
    """Sent sooner than a person could: the form is shown again to confirm."""

    def __init__(self, message):
        super().__init__(message, 429)
