from .sitecheck import (
    CleanPages,
    Problem,
    check_feeds,
    check_links,
    check_site,
    references_in_html,
)

__all__ = [
    "CleanPages",
    "Problem",
    "check_feeds",
    "check_links",
    "check_site",
    "references_in_html",
]
