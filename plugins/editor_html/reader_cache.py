"""What Pelican's reader cache leaves in memory once it is saved, let go.

Each generator's ``Readers`` keeps every file's ``(content, metadata)`` in a dict
for the whole build, to pickle it at the end of the generator's
``generate_context``. The dict holds nothing the contents do not hold too, but the
pickling adds something: CPython's pickler gets a string's bytes through
``PyUnicode_AsUTF8AndSize``, which keeps a UTF-8 copy inside the string object for
as long as it lives. A Vietnamese article's HTML is stored two bytes a character,
so each body (the very object the article holds) grows by about 60 % that nothing
reads: 6 KiB an article, 120 MiB at 20,000, in the build's process and so in every
page worker forked from it.

Once every generator has saved its cache (``all_generators_finalized``), each
content the cache held gets its body (``_content``) as a new string with the same
text, and the cache dict is emptied, so the strings that carry the UTF-8 copies
are freed. The text, and so every output byte, is the same; the cache file was
written before. (A later ``read_file`` fills the dict again as usual.)
"""


def _fresh(text):
    """A new ``str`` equal to ``text``, without the UTF-8 copy ``text`` may carry."""
    return text[:1] + text[1:]  # two new slices joined: a new object when len >= 2


def release_reader_caches(generators):
    """Give the contents fresh bodies and empty every saved reader cache."""
    for generator in generators:
        readers = getattr(generator, "readers", None)
        cache = getattr(readers, "_cache", None)
        if not isinstance(cache, dict) or not cache:
            continue
        # Entries are (file stamp, (content, metadata)) (FileStampDataCacher).
        bodies = {id(entry[1][0]) for entry in cache.values()
                  if isinstance(entry, tuple) and len(entry) == 2
                  and isinstance(entry[1], tuple) and entry[1]
                  and type(entry[1][0]) is str}
        # The cache keeps the old strings alive until every content is done, so an
        # id seen here is never a string made in this loop.
        for value in vars(generator).values():
            if not isinstance(value, list):
                continue
            for item in value:
                body = getattr(item, "_content", None)
                if type(body) is str and id(body) in bodies:
                    item._content = _fresh(body)
        readers._cache = {}
