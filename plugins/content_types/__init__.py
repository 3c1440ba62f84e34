"""Content types: each declared once, by the plugin that owns it.

A plugin that adds a kind of content (bulletins, Q&A, ...) calls
:func:`register_content_type` once at import time with a :class:`ContentType`;
Pelican's own articles and pages are declared the same way at the bottom of this
module (the datasette rule: built-ins use the extension point anyone would use).
Everyone else reads the declaration instead of repeating it: the content checker
(folders, fields, output path), search (section and label), feeds (section, label,
``FEEDS_<FEED>_RSS/ATOM``), ``invoke new-*`` (folder), the menu and legacy URLs.

Setting names are derived, never spelled: the URL settings come from the content
class's name the way Pelican derives them (``QAEntry`` → ``QAENTRY_URL``,
``QAENTRY_SAVE_AS``), and a type's section is the fixed start of its URL pattern
(``hoi-dap/{slug}/`` → ``hoi-dap/``). :func:`content_types` returns only the types of
the plugins a site loads, so a type registered by a test plugin never leaks into
another site.

Signals: none here (``generator.ContentTypeGenerator`` sends
``<name>_generator_finalized``). Settings read: ``PLUGINS`` and each type's
``<paths_setting>``, ``<CLASS>_URL``, ``<CLASS>_SAVE_AS`` and the settings it names
in ``index_outputs``/``output_folders``. Templates: none.
"""

from dataclasses import dataclass, field

# Fields Pelican understands for any content.
COMMON_FIELDS = frozenset({
    "title", "date", "modified", "slug", "status", "summary", "lang", "translation",
    "template", "save_as", "url", "author", "authors", "tags", "legacy-url",
    "legacy-id", "guid", "id",  # the feeds' entry id (content_check.metadata)
})


@dataclass(frozen=True)
class ContentType:
    """Everything the site needs to know about one kind of content."""

    name: str  # short name: checker's CHECK_TEMPLATES key, `invoke new-<name>`
    content_class: type  # a pelican.contents.Content subclass
    paths_setting: str  # setting listing its folders, e.g. "QA_PATHS"
    default_paths: tuple  # used when the setting is absent
    required: tuple = ("title", "date")
    optional: tuple = ()
    # True when citizens write its text: no field, slug or body may carry an e-mail
    # address or phone number (content_check/privacy.py, qa.contacts).
    private_data: bool = False
    # Setting holding the allowed values of a field: {"field": "QA_FIELDS"}.
    vocabularies: dict = field(default_factory=dict)
    context_key: str = ""  # the generator's list in the context, e.g. "qa_entries"
    # The context list its index page lists and counts, when that is not all of
    # context_key (documents: the issued ones; drafts have their own page). Every
    # count of the type the site shows is this list's length.
    listed_key: str = ""
    label: str = ""  # Vietnamese name: search filter, feed title ("Hỏi đáp")
    searchable: bool = False  # indexed by site_search, under `label`
    # FEEDS_<feed>_RSS / _ATOM give its feed files ("" = no feed of its own).
    feed: str = ""
    feed_description: str = ""
    # Settings naming the other files its plugin writes (its index pages), and the
    # settings whose fixed folder it writes into ("hoi-dap/linh-vuc/{slug}/…"): the
    # output guard reserves them, so no article, page or Legacy-URL can take them.
    index_outputs: tuple = ()  # e.g. ("QA_INDEX_SAVE_AS",)
    output_folders: tuple = ()  # e.g. ("QA_FIELD_SAVE_AS",)
    # changes_at(content, settings) → the aware datetimes at which the content's
    # built pages change by themselves (a comment period closing, a call's deadline
    # passing): `invoke next-change` and the scheduled rebuild read them.
    changes_at: object = None
    # What the Law on Access to Information (Luật Tiếp cận thông tin 2016, Điều 19)
    # calls this content, for the "Công khai thông tin" list; "" = not listed there.
    disclosure: str = ""

    @property
    def setting_prefix(self):
        """``QAENTRY`` for QAEntry: Pelican's prefix of the class's URL settings."""
        return self.content_class.__name__.upper()

    @property
    def url_setting(self):
        return f"{self.setting_prefix}_URL"

    @property
    def save_as_setting(self):
        return f"{self.setting_prefix}_SAVE_AS"

    @property
    def plugin(self):
        """The plugin that declares it (its top-level module); None for Pelican's."""
        top = self.content_class.__module__.split(".")[0]
        return None if top == "pelican" else top

    @property
    def known(self):
        return set(self.required) | set(self.optional) | COMMON_FIELDS

    def folders(self, settings):
        return list(settings.get(self.paths_setting) or self.default_paths)

    def section(self, settings):
        """URL prefix of its pages ("hoi-dap/"), "" when the URL has none."""
        pattern = settings.get(self.url_setting) or ""
        fixed = pattern.split("{", 1)[0]
        return fixed[: fixed.rfind("/") + 1]


CONTENT_TYPES = {}


def register_content_type(content_type):
    """Add or replace a content type (its plugin calls this at import time)."""
    CONTENT_TYPES[content_type.name] = content_type
    return content_type


def content_types(settings=None):
    """The declared types of the plugins ``settings`` loads (all without settings)."""
    if settings is None or settings.get("PLUGINS") is None:
        return list(CONTENT_TYPES.values())
    loaded = {getattr(p, "__name__", p) for p in settings["PLUGINS"]}
    loaded = {name.split(".")[0] for name in loaded}
    return [t for t in CONTENT_TYPES.values()
            if t.plugin is None or t.plugin in loaded]


def reserved_outputs(settings):
    """(file settings, folder settings) that the loaded types' plugins write."""
    types = content_types(settings)
    return ([name for t in types for name in t.index_outputs],
            [name for t in types for name in t.output_folders])


def search_sections(settings):
    """{URL prefix: label} of the searchable types, in declaration order."""
    return {t.section(settings): t.label for t in content_types(settings)
            if t.searchable and t.section(settings)}


def _declare_pelican_types():
    from pelican.contents import Article, Page

    register_content_type(ContentType(
        "article", Article, "ARTICLE_PATHS", ("news",),
        required=("title", "date", "category"),
        optional=("image", "illustration"),
        vocabularies={"category": "NEWS_CATEGORIES"},
        context_key="articles", label="Tin tức", searchable=True,
    ))
    register_content_type(ContentType(
        "page", Page, "PAGE_PATHS", ("pages",),
        required=("title",), optional=("image",), context_key="pages",
    ))


_declare_pelican_types()
