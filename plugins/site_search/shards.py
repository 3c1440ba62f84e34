"""How the search index is cut into shards: runs of consecutive months.

Pagefind holds a whole index in memory while it builds it (about 0.3 MiB per
article: 5.7 GiB for 20,000), so the index is built as several bundles, one per
shard, each by its own Pagefind run; search.js merges them in the browser
(``mergeIndex``). A shard is a run of consecutive months, so that

- the indexer's memory is bounded by the largest shard, not by the archive;
- an edit changes one shard's records, and only that shard is indexed again
  (the others are copied from the cache, see ``indexer``);
- "newest first" is the shards in order, each in its own date order: Pagefind
  sorts within one index only, and its merged results are ordered by score.

Months are packed from the oldest, in order, into runs of at most ``max_pages``
items (a single month larger than that stays one shard): as the archive grows at
its new end only the newest shard changes, and every shard is as large as the
memory bound allows, because each shard costs a reader a word-index chunk per
query word. Keys are the first month of the run ("2019-07"); they name the
shard's folder too.

Items of the *pinned* types (documents, procedures: what a citizen looks up by
number or name, whatever its date) are one shard of their own, first in the list
(key ``PINNED_KEY``): search.js searches it with the newest shards, so a
document is found by its number on the first try without fetching the archive.
"""

from dataclasses import dataclass, field
from itertools import groupby


PINNED_KEY = "tra-cuu"


@dataclass
class Shard:
    key: str
    entries: list = field(default_factory=list)  # (content, label), newest first
    pinned: bool = False


def plan_shards(entries, max_pages, pinned_labels=()):
    """The shards of ``entries`` ((content, label), newest first): the pinned
    shard (items whose label is in ``pinned_labels``) if any, then the others
    by date, newest first."""
    pinned = [entry for entry in entries if entry[1] in pinned_labels]
    dated = [entry for entry in entries if entry[1] not in pinned_labels]
    return ([Shard(PINNED_KEY, pinned, pinned=True)] if pinned else []) + _by_month(
        dated, max_pages)


def _by_month(entries, max_pages):
    def month(entry):
        return entry[0].date.year, entry[0].date.month

    months = [list(group) for _, group in groupby(entries, key=month)]
    shards = []
    for items in reversed(months):  # oldest first
        # No limit (None): one shard, one index, as unsharded Pagefind builds it.
        if shards and (max_pages is None
                       or len(shards[-1].entries) + len(items) <= max_pages):
            shards[-1].entries[:0] = items  # newer, so first: newest first inside
        else:
            year, number = month(items[0])
            shards.append(Shard(f"{year}-{number:02d}", list(items)))
    return list(reversed(shards))
