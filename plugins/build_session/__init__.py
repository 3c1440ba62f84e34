"""What one build keeps for as long as it runs: the build session.

Pelican gives a plugin the settings (every signal's sender, generator, writer and
template context carries them) and no other object that lives exactly one run.
So what a plugin keeps for the run sits here, on one object under one settings
key, rather than as several objects among the settings:

- ``owners``: who writes each output file (``output_guard.owners``);
- ``page_memo``: pages taken from the last build (``output_guard.page_memo``),
  given by the build driver (``sitebuild``);
- ``page_filters``: functions (html, page context) -> html that every rendered
  page passes through before it is written, in order (``html_postprocess``);
- ``fragment_cache``: transformed HTML fragments (``html_postprocess``);
- ``sitemap_pages``: each HTML page written, with its lastmod (``sitemap``).

``sitebuild.build_site`` starts a fresh session for each build; a Pelican run
without it (a unit test) gets one on first use. A floor-level module: it imports
nothing of the project, and what it holds is typed by the plugins that put it.
"""

KEY = "BUILD_SESSION"


class BuildSession:
    """One build's runtime objects (see the module)."""

    def __init__(self, page_memo=None):
        self.owners = None
        self.page_memo = page_memo
        self.page_filters = []
        self.fragment_cache = None
        self.sitemap_pages = {}

    def __reduce__(self):
        # Pelican's reader cache pickles metadata whose categories and authors
        # hold the settings, this session among them: it is the run's, not data.
        return _no_session, ()


def _no_session():
    return None


def start(settings, page_memo=None):
    """A new session for a build about to run with ``settings``."""
    settings[KEY] = BuildSession(page_memo)
    return settings[KEY]


def session(settings):
    """The session of the build running with ``settings`` (or a template context,
    a copy of them), started on first use."""
    found = settings.get(KEY)
    if found is None:
        found = start(settings)
    return found
