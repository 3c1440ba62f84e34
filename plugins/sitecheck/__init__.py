from .sitecheck import (
    Problem,
    check_feeds,
    check_links,
    check_site,
    references_in_html,
)

__all__ = [
    "Problem",
    "check_feeds",
    "check_links",
    "check_site",
    "references_in_html",
]
