from .compress import TEXT_EXTENSIONS, precompress
from .nginx import check_release, main_conf, render_site_conf, security_headers
from .releases import (
    DeployError,
    LockHeld,
    PublishResult,
    Target,
    current_release,
    list_releases,
    new_release_id,
    publish_release,
    rollback,
    target_lock,
)

__all__ = [
    "TEXT_EXTENSIONS",
    "check_release",
    "main_conf",
    "DeployError",
    "LockHeld",
    "PublishResult",
    "Target",
    "current_release",
    "list_releases",
    "new_release_id",
    "precompress",
    "publish_release",
    "render_site_conf",
    "rollback",
    "security_headers",
    "target_lock",
]
