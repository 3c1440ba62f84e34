"""How the search index is cut into shards: by year, a big year by months.

Pagefind holds a whole index in memory while it builds it (about 0.3 MiB per
article: 5.7 GiB for 20,000), so the index is built as several bundles, one per
shard, each by its own Pagefind run; search.js merges them in the browser
(``mergeIndex``). A shard is a run of consecutive dates, so that

- the indexer's memory is bounded by the largest shard, not by the archive;
- an edit changes one shard's records, and only that shard is indexed again
  (the others are copied from the cache, see ``indexer``);
- "newest first" is the shards in order, each in its own date order: Pagefind
  sorts within one index only, and its merged results are ordered by score.

A year is one shard unless it holds more than ``max_pages`` items; then its
months are packed, in order, into runs of at most ``max_pages`` (a single month
larger than that stays one shard). Keys are the year ("2024") or the year and
first month of the run ("2024-07"); they name the shard's folder too.
"""

from dataclasses import dataclass, field
from itertools import groupby


@dataclass
class Shard:
    key: str
    entries: list = field(default_factory=list)  # (content, label), newest first


def _month_runs(year, entries, max_pages):
    """Split one year's entries (newest first) into runs of whole months."""
    months = [list(group) for _, group in groupby(entries, key=lambda e: e[0].date.month)]
    runs = []
    for month in reversed(months):  # oldest first, so a run's key is its first month
        if runs and len(runs[-1].entries) + len(month) <= max_pages:
            runs[-1].entries[:0] = month  # keep newest first inside the run
        else:
            runs.append(Shard(f"{year}-{month[0][0].date.month:02d}", list(month)))
    return list(reversed(runs))


def plan_shards(entries, max_pages):
    """The shards of ``entries`` ((content, label), newest first), newest first."""
    shards = []
    for year, group in groupby(entries, key=lambda entry: entry[0].date.year):
        year_entries = list(group)
        if len(year_entries) <= max_pages:
            shards.append(Shard(str(year), year_entries))
        else:
            shards.extend(_month_runs(year, year_entries, max_pages))
    return shards
