"""The two registries other plugins extend: content types and rules.

A *content type* says which folders hold it, which front-matter fields it needs and
knows, and which setting gives its output path. A *rule* is a function that looks at
one source file (``scope="file"``) or at all of them at once (``scope="corpus"``)
and yields :class:`source_errors.ContentError` findings.

Codes starting with ``W-`` are warnings (printed, never fail); every other code is an
error. Adding a check for a new content type is two calls, e.g. in a plugin module::

    from content_check.registry import ContentType, register_content_type, rule

    register_content_type(ContentType("event", paths_setting="EVENT_PATHS", ...))

    @rule("E-EVENT-PLACE", scope="file")
    def event_has_place(source, context): ...
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ContentType:
    """What the checker knows about one kind of content."""

    name: str
    paths_setting: str  # setting listing the folders, e.g. "ARTICLE_PATHS"
    default_paths: tuple  # used when the setting is absent
    save_as_setting: str = ""  # e.g. "ARTICLE_SAVE_AS"; "" = no URL check
    required: tuple = ("title", "date")
    optional: tuple = ()
    # True when citizens write its text: no field, slug or body may carry an e-mail
    # address or phone number (content_check/privacy.py, qa.contacts).
    private_data: bool = False
    # Setting holding the allowed values of a field: {"category": "NEWS_CATEGORIES"}.
    vocabularies: dict = field(default_factory=dict)

    @property
    def known(self):
        return set(self.required) | set(self.optional) | COMMON_FIELDS


# Fields Pelican understands for any content.
COMMON_FIELDS = {
    "title", "date", "modified", "slug", "status", "summary", "lang", "translation",
    "template", "save_as", "url", "author", "authors", "tags", "legacy-url",
    "legacy-id",
}

CONTENT_TYPES = {}


def register_content_type(content_type):
    """Add or replace a content type (plugins call this at import time)."""
    CONTENT_TYPES[content_type.name] = content_type
    return content_type


@dataclass(frozen=True)
class Rule:
    codes: tuple  # every code the rule can emit (documented in the README)
    scope: str  # "file" or "corpus"
    function: object
    # False when a build plugin already enforces the same thing during `make html`,
    # so the build does not report one problem twice.
    in_build: bool = True

    @property
    def name(self):
        return self.function.__name__


RULES = []


def rule(*codes, scope="file", in_build=True):
    """Decorator: register a rule ``function(source(s), context) -> findings``."""
    if scope not in ("file", "corpus"):
        raise ValueError(f"unknown rule scope {scope!r}")

    def decorate(function):
        # Replace, not add, when a module is imported again (importlib.reload).
        key = (function.__module__, function.__qualname__)
        RULES[:] = [r for r in RULES
                    if (r.function.__module__, r.function.__qualname__) != key]
        RULES.append(Rule(tuple(codes), scope, function, in_build))
        return function

    return decorate


def is_warning(code):
    """Codes starting with W- are warnings; all others are errors."""
    return code.startswith("W-")


register_content_type(ContentType(
    "article", "ARTICLE_PATHS", ("news",), "ARTICLE_SAVE_AS",
    required=("title", "date", "category"),
    optional=("image", "illustration"),
    vocabularies={"category": "NEWS_CATEGORIES"},
))
register_content_type(ContentType(
    "page", "PAGE_PATHS", ("pages",), "PAGE_SAVE_AS",
    required=("title",),
    optional=("image",),
))
# Bulletins and Q&A: the fields their plugins (plugins/bulletins, plugins/qa) read.
register_content_type(ContentType(
    "bulletin", "BULLETIN_PATHS", ("bulletins",), "BULLETIN_SAVE_AS",
    required=("number", "date", "cover", "pdf"),
    optional=("year", "contents"),
))
register_content_type(ContentType(
    "qa", "QA_PATHS", ("qa",), "QA_SAVE_AS",
    required=("title", "question", "asker", "locality", "asked", "field"),
    optional=("answerer", "expert"),
    private_data=True,
    vocabularies={"field": "QA_FIELDS"},
))
