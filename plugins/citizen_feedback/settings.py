"""The FEEDBACK_* settings: their defaults, and the service's configuration.

The build reads them from pelicanconf.py (forms on the pages) and the service from
publishconf.py (``invoke feedback-serve``); on the server an environment variable of
the same name overrides each (the systemd unit sets the database URL and folders).
"""

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULTS = {
    "FEEDBACK_ENABLED": True,  # show the forms on the pages
    # Where the forms post to (nginx proxies this prefix to the service).
    "FEEDBACK_POST_PREFIX": "phan-hoi/gui/",
    # The service's data folder (SQLite database, form secret); never in output/
    # or a release: a publish would replace it.
    "FEEDBACK_DATA_DIR": "/var/lib/sokhcn-feedback",
    # "" = SQLite in FEEDBACK_DATA_DIR; "postgresql+psycopg://user@host/db" for
    # several web servers.
    "FEEDBACK_DATABASE_URL": "",
    # The live site, whose phan-hoi/bieu-mau.json says which drafts are open.
    "FEEDBACK_SITE_DIR": "/srv/sokhcn/current",
    "FEEDBACK_ALLOWED_ORIGINS": [],  # default: the SITEURL's origin
    "FEEDBACK_MIN_SECONDS": 3,  # between handing out a form and taking it back
    "FEEDBACK_RATE_PER_MINUTE": 6,  # submissions per client, refilled per minute
    "FEEDBACK_RATE_BURST": 10,  # ... of which this many at once
    "FEEDBACK_MAX_BODY": 64 * 1024,  # bytes; nginx refuses more first
    "FEEDBACK_CONTACT_RETENTION_DAYS": 365,  # 12 months, then feedback-purge
    # nginx in front: its X-Real-IP is the client (for the rate limit only).
    "FEEDBACK_TRUSTED_PROXIES": ["127.0.0.1", "::1"],
    # The monthly rating counts the build publishes (invoke inbox-ratings writes
    # it; relative to the project folder, the parent of content/: never inside
    # content/, where only pictures and documents may be).
    "FEEDBACK_RATINGS_FILE": "feedback/danh-gia.json",
    "FEEDBACK_QA_DRAFTS_PATH": "qa",  # where inbox answer writes, under content/
}

THANKS_PAGES = {
    "question": "phan-hoi/da-nhan-cau-hoi/",
    "comment": "phan-hoi/da-nhan-gop-y/",
    "rating": "phan-hoi/da-nhan-danh-gia/",
}
FORM_PATHS = {"question": "hoi-dap", "comment": "gop-y", "rating": "danh-gia"}


def apply_defaults(settings):
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)


def _from_env(name, default, environ):
    raw = environ.get(name)
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int | float) and not isinstance(default, bool):
        return type(default)(raw)
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


@dataclass
class ServiceConfig:
    data_dir: Path
    database_url: str
    site_dir: Path
    allowed_origins: tuple
    min_seconds: float = 3
    rate_per_minute: float = 6
    rate_burst: int = 10
    max_body: int = 64 * 1024
    contact_retention_days: int = 365
    trusted_proxies: tuple = ("127.0.0.1", "::1")
    post_prefix: str = "phan-hoi/gui/"

    @property
    def secret_path(self):
        return self.data_dir / "form-secret"


def _origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def service_config(settings, environ=None):
    """The service's :class:`ServiceConfig` from Pelican ``settings`` and the
    environment (which wins)."""
    environ = os.environ if environ is None else environ
    merged = {**DEFAULTS, **{k: v for k, v in settings.items() if k in DEFAULTS}}
    value = {name: _from_env(name, default, environ)
             for name, default in merged.items()}
    data_dir = Path(value["FEEDBACK_DATA_DIR"])
    url = value["FEEDBACK_DATABASE_URL"] or f"sqlite:///{data_dir / 'feedback.sqlite3'}"
    origins = value["FEEDBACK_ALLOWED_ORIGINS"] or [
        _origin(settings.get("SITEURL", ""))]
    return ServiceConfig(
        data_dir=data_dir, database_url=url, site_dir=Path(value["FEEDBACK_SITE_DIR"]),
        allowed_origins=tuple(o.rstrip("/") for o in origins if o),
        min_seconds=float(value["FEEDBACK_MIN_SECONDS"]),
        rate_per_minute=float(value["FEEDBACK_RATE_PER_MINUTE"]),
        rate_burst=int(value["FEEDBACK_RATE_BURST"]),
        max_body=int(value["FEEDBACK_MAX_BODY"]),
        contact_retention_days=int(value["FEEDBACK_CONTACT_RETENTION_DAYS"]),
        trusted_proxies=tuple(value["FEEDBACK_TRUSTED_PROXIES"]),
        post_prefix=value["FEEDBACK_POST_PREFIX"],
    )


def read_project_settings(path):
    """Pelican settings from ``path`` (publishconf.py on the server), with the
    FEEDBACK_* defaults; relative PATH resolved against the file's folder."""
    from pelican.settings import read_settings

    settings = read_settings(str(path))
    apply_defaults(settings)
    content = Path(settings["PATH"])
    if not content.is_absolute():
        settings["PATH"] = str(Path(path).resolve().parent / content)
    return settings


def ratings_file(settings):
    """The ratings file's path: FEEDBACK_RATINGS_FILE, relative to PATH's parent."""
    path = Path(settings["FEEDBACK_RATINGS_FILE"])
    return path if path.is_absolute() else Path(settings["PATH"]).parent / path
