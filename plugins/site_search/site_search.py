"""Offline full-text search: a sharded Pagefind index built with the site, and its page.

What it adds:

- ``tim-kiem/index.html`` (template ``search.html``): the search page. Without
  JavaScript it says so and points to the archive and the categories.
- ``pagefind/``: the Pagefind bundles, written into the build's own output
  folder, so they are part of the staging build: when indexing fails the build
  fails and the published output stays as it was.

The index is cut into shards (``shards``): one for the pinned types (documents,
procedures: looked up by number or name whatever their date), then runs of
consecutive months, each its own Pagefind bundle built by its own Pagefind run
(``indexer``), so the indexer's memory is bounded by one shard and an edit
indexes one shard again. The first shard is the primary bundle, at ``pagefind/``
itself with Pagefind's runtime (pagefind.js, its worker and WebAssembly); every
other shard is a bundle without runtime at ``pagefind/<key>/``.
``pagefind/shards.json`` lists them (pages, months covered), with how search.js
groups them: the first search covers the pinned shard and the newest shards up
to ``SEARCH_FIRST_PAGES`` pages; older groups are merged (Pagefind's
``mergeIndex``) and searched only when the reader asks for older results, so
what a reader downloads grows with what they ask for. What a record holds is in
``records``; the design and its measurements are in docs/design/search.md.

Signals: ``initialized`` (defaults), ``get_generators`` (SearchGenerator).
Settings: ``SEARCH_URL``, ``SEARCH_SAVE_AS``, ``SEARCH_ARCHIVE_URL``,
``SEARCH_LANGUAGE``, ``SEARCH_SHARD_MAX_PAGES`` (the most items in one shard),
``SEARCH_FIRST_PAGES``, ``SEARCH_PINNED_TYPES``, ``SEARCH_INDEX_CHUNK_SIZE``.
Templates: ``search.html`` (context: ``search_types``, ``search_categories``,
``search_document_filters``, ``search_documents_label``),
``partials/search_box.html`` (the header box, included by base.html; its
script is added by portal.js on the box's first focus).
"""

import json
import logging
import shutil
import time
from pathlib import Path

from content_types import content_types, search_sections
from pelican import signals
from pelican.generators import Generator

from .indexer import (
    SearchIndexError,
    build_shard,
    pagefind_executable,
    pagefind_version,
    prune_cache,
)
from .records import (
    DOCUMENT_FILTERS,
    category_name,
    collect_entries,
    record_html,
    record_key,
)
from .shards import plan_shards

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_URL": "tim-kiem/",
    "SEARCH_SAVE_AS": "tim-kiem/index.html",
    # Where the no-JavaScript message sends readers instead.
    "SEARCH_ARCHIVE_URL": "luu-tru/",
    "SEARCH_LANGUAGE": "vi",
    # Pagefind needs about 0.3 MiB per page while it indexes, so the memory bound
    # alone would allow 2,000 pages a shard. But a reader's first query fetches a
    # word-index chunk per word from the newest shards, and a common word's chunk
    # grows with the pages of its shard: small shards keep the first results
    # cheap (bench/search_bytes.py). None gives one unsharded index.
    "SEARCH_SHARD_MAX_PAGES": 150,
    # The first search covers the pinned shard and the newest shards until they
    # hold this many pages; each "Xem kết quả cũ hơn" searches the next group,
    # twice the size of the one before (so the whole archive is a few clicks
    # away, and each click costs about what the results it adds are worth).
    "SEARCH_FIRST_PAGES": 150,
    # Types (labels) searched whatever their date: their own shard, searched
    # first, so a document is found by its number without the archive.
    "SEARCH_PINNED_TYPES": ["Văn bản", "Thủ tục hành chính"],
    # Word locations per chunk of the word index (indexer.CHUNK_SIZE_VARIABLE):
    # a query word costs its chunk, so smaller chunks cost a reader less, at the
    # price of more files and a longer chunk list in each shard's metadata.
    "SEARCH_INDEX_CHUNK_SIZE": 500,
}

# Folder of the bundles in the output: search.js loads <root>/pagefind/.
BUNDLE_DIR = "pagefind"
# The list of shards search.js merges (and the synthetic filter naming each).
MANIFEST = "shards.json"
SHARD_FILTER = "shard"
# Cached shard bundles, under CACHE_PATH.
CACHE_DIR = "search-shards"


def apply_defaults(pelican):
    """Fill in the SEARCH_* settings the configuration leaves out."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def shard_folder(position, shard):
    """The primary (newest) shard is the bundle root; the others have a folder."""
    return "" if position == 0 else f"{shard.key}/"


def shard_entry(position, shard, tag):
    """What search.js knows of a shard before loading it (pagefind/shards.json).

    ``tag``: the hash of the shard's bundle (its cache entry). Pagefind adds it
    to the address of the shard's pagefind-entry.json (``metaCacheTag``) instead
    of the time, so a browser may keep that file while the shard is unchanged.
    """
    dates = [item.date for item, _ in shard.entries]
    return {"key": shard.key, "path": shard_folder(position, shard), "tag": tag,
            "pages": len(shard.entries), "pinned": shard.pinned,
            "newest": max(dates).strftime("%m/%Y"),
            "oldest": min(dates).strftime("%m/%Y")}


def write_index(shards, bundle, cache, language, groups, chunk_size=None):
    """Build or copy every shard's bundle into ``bundle``; write the manifest.

    ``groups``: how search.js groups the shards (``first_pages``,
    ``pinned_types``), written into the manifest as they are.

    Shards are indexed one after another (not in parallel): Pagefind already
    uses both cores, and one run at a time is what bounds the memory.
    """
    shutil.rmtree(bundle, ignore_errors=True)
    executable = pagefind_executable()
    version = pagefind_version(executable)
    results, used = [], []
    for position, shard in enumerate(shards):
        keys = [(item.url, record_key(item, label, language))
                for item, label in shard.entries]

        def make_records(entries=shard.entries):
            return [(item.url, record_html(item, label, language))
                    for item, label in entries]

        result, entry = build_shard(
            shard.key, keys, make_records, bundle / shard_folder(position, shard), cache,
            executable=executable, version=version, language=language,
            primary=position == 0, chunk_size=chunk_size,
        )
        results.append(result)
        used.append(entry)
    prune_cache(cache, set(used))
    manifest = {
        "filter": SHARD_FILTER,
        **groups,
        "shards": [shard_entry(position, shard, tag)
                   for position, (shard, tag) in enumerate(zip(shards, used))],
    }
    (bundle / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return results


def log_results(results, seconds):
    built = [r for r in results if not r.cached]
    for result in built:
        logger.info(
            "Chỉ mục tìm kiếm, phần %s: %d trang trong %.1f s, bộ nhớ tối đa %d MiB",
            result.key, result.pages, result.seconds, result.peak_rss // 2**20,
        )
    logger.info(
        "Chỉ mục tìm kiếm: %d trang, %d phần (%d lập lại, %d lấy từ bộ đệm) trong %.1f s",
        sum(r.pages for r in results), len(results), len(built),
        len(results) - len(built), seconds,
    )


def document_filter_choices(context):
    """[(filter name, heading, [values])] of the documents' facets, for the search
    page's "Lọc văn bản" selects ([] without documents)."""
    return [(DOCUMENT_FILTERS[key][0], heading, [value.name for value in values])
            for key, heading, values in context.get("documents_facets") or []
            if key in DOCUMENT_FILTERS]


def documents_label(settings):
    """The documents' type label ("Văn bản"), whose own filters the page offers."""
    return next((t.label for t in content_types(settings) if t.name == "document"), "")


class SearchGenerator(Generator):
    """Writes the search page and the Pagefind index, after every context is built."""

    def generate_context(self):
        """Nothing to read: everything comes from the other generators' contexts."""

    def generate_output(self, writer):
        settings = self.settings
        entries = collect_entries(self.context, search_sections(settings))
        types = list(dict.fromkeys(label for _, label in entries))
        categories = sorted({category_name(item) for item, _ in entries} - {None})
        if settings["SEARCH_SAVE_AS"]:
            writer.write_file(
                settings["SEARCH_SAVE_AS"],
                self.get_template("search"),
                self.context,
                relative_urls=settings["RELATIVE_URLS"],
                url=settings["SEARCH_URL"],
                search_types=types,
                search_categories=categories,
                search_document_filters=document_filter_choices(self.context),
                search_documents_label=documents_label(settings),
            )

        if not entries:  # Pagefind refuses an empty site; there is nothing to find
            logger.warning("Chưa có bài nào để tìm: không tạo chỉ mục tìm kiếm")
            return
        shards = plan_shards(entries, settings["SEARCH_SHARD_MAX_PAGES"],
                             settings["SEARCH_PINNED_TYPES"])
        started = time.perf_counter()
        try:
            results = write_index(
                shards, Path(self.output_path) / BUNDLE_DIR,
                Path(settings["CACHE_PATH"]) / CACHE_DIR, settings["SEARCH_LANGUAGE"],
                {"first_pages": settings["SEARCH_FIRST_PAGES"],
                 "pinned_types": list(settings["SEARCH_PINNED_TYPES"])},
                settings["SEARCH_INDEX_CHUNK_SIZE"],
            )
        except SearchIndexError as error:
            logger.error(
                "[E-SEARCH-INDEX] không tạo được chỉ mục tìm kiếm (%d trang): %s",
                len(entries), error,
            )
            return
        log_results(results, time.perf_counter() - started)


def get_generators(pelican):
    return SearchGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
