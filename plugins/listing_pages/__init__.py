"""A listing's pages, cut from its oldest item, so that a new item moves no page.

Pelican numbers a listing's pages from the newest item: when one is added at the
top, every item moves one place and every page of the listing changes (at
20,000 articles, the 2,000 pages of "Tin tức" for each new article; the page
memo can keep none of them, and a publish sends them all again).

Here a listing of C items, newest first, P to a page, is cut into runs of P from
its oldest end (run 1 holds the P oldest), and written as

- the **first page**, at the listing's own address: the newest items, down to and
  including the newest whole run (P to 2P - 1 items; all of them when C < 2P);
- the **older pages**: each other run, run k at page number k + 1
  (``index{k+1}.html`` with Pelican's default PAGINATION_PATTERNS), holding the
  same items for ever, whatever is added on top.

No item is on two pages. A new item changes the first page; once every P items
the first page's oldest run becomes a page of its own, and the page after it gets
a new "newer" link. No page shows a figure that depends on the total (a "Trang
7/42" would change every page): an older page is labelled by the dates of what it
holds, and links to the newer and the older page.

Writers: ``output_guard``'s writer (every paginated template in
PAGINATED_TEMPLATES; PAGINATION_PATTERNS for the addresses). Templates see
``<key>_page`` (:class:`ListingPage`) for each paginated list; Pelican's
``<key>_paginator``, ``_previous_page`` and ``_next_page`` do not exist here.
"""

from pelican.paginator import Page
from vn_dates.formatting import vn_date


class ListingPage:
    """One page of a listing: its items, its address, and its neighbours'."""

    # What a page shows of this object (output_guard.page_memo): not the listing
    # it was cut from, so a page changes only when its own items or links do.
    memo_fields = ("number", "url", "save_as", "object_list", "newer_url",
                   "older_url")

    def __init__(self, name, url, object_list, number, settings):
        # Pelican's own page works out the address from PAGINATION_PATTERNS.
        address = Page(name, url, object_list, number, None, settings)
        self.number, self.object_list = number, object_list
        self.url, self.save_as = address.url, address.save_as
        self.newer_url = self.older_url = None

    @property
    def label(self):
        """"Từ 03/02/2024 đến 15/02/2024" (or "Ngày 03/02/2024") for an older
        page of dated items; "" for the first page, or for items without dates."""
        if self.newer_url is None:
            return ""
        dates = [getattr(item, "date", None) for item in self.object_list]
        if not dates or None in dates:
            return ""
        oldest, newest = vn_date(min(dates)), vn_date(max(dates))
        return f"Ngày {oldest}" if oldest == newest else f"Từ {oldest} đến {newest}"


def listing_pages(name, url, items, per_page, settings):
    """The pages of ``items`` (newest first), the first page first, then each
    older page, newer to older. ``per_page`` False or 0: one page (Pelican's
    DEFAULT_PAGINATION = False)."""
    items = list(items)
    count = len(items)
    per_page = per_page or max(count, 1)
    runs = count // per_page  # whole runs, from the oldest
    first = count - (runs - 1) * per_page if runs > 1 else count
    pages = [ListingPage(name, url, items[:first], 1, settings)]
    for run in range(runs - 1, 0, -1):  # the newest older page first
        end = count - (run - 1) * per_page
        pages.append(ListingPage(name, url, items[end - per_page:end], run + 1,
                                 settings))
    for newer, page in zip(pages, pages[1:]):
        newer.older_url, page.newer_url = page.url, newer.url
    return pages
