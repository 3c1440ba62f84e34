"""The registry of rules other plugins extend (content types: content_types).

A *rule* is a function that looks at
one source file (``scope="file"``) or at all of them at once (``scope="corpus"``)
and yields :class:`source_errors.ContentError` findings.

Codes starting with ``W-`` are warnings (printed, never fail); every other code is an
error. A content type's fields are checked from its declaration (content_types);
a rule of its own is one decorator, e.g. in the plugin module::

    from content_check.registry import rule

    @rule("E-EVENT-PLACE", scope="file")
    def event_has_place(source, context): ...

Every code anything can report (a rule's, a build plugin's, the publishing gate's)
is described once, in Vietnamese, with :func:`describe` (the table is ``codes.py``):
the editors' handbook lists them from ``CODES`` (docs/bien-tap/ma-loi.md), and a
code without a description fails the documentation build.
"""

from dataclasses import dataclass

# Content types are declared by the plugin that owns them (content_types); the
# checker reads those declarations and repeats none of them.
from content_types import (  # noqa: F401
    COMMON_FIELDS,
    CONTENT_TYPES,
    ContentType,
    content_types,
    register_content_type,
)


@dataclass(frozen=True)
class Rule:
    codes: tuple  # every code the rule can emit (each described in codes.py)
    scope: str  # "file" or "corpus"
    function: object
    # False when a build plugin already enforces the same thing during `make html`,
    # so the build does not report one problem twice.
    in_build: bool = True
    # An editors' rule (a by-line, image limits): `invoke check`, the hook, and the
    # builds of `make html` and `make publish` (CHECK_EDITORIAL) apply it; the
    # preview (`make serve`) and a plain build_site do not.
    editorial: bool = False
    # A corpus rule that looks only at the Markdown files of some content types:
    # their names. The build's check keeps only those files for it and lets every
    # other file go once the file rules ran on it. None: every file.
    types: tuple | None = None

    @property
    def name(self):
        return self.function.__name__


RULES = []


def rule(*codes, scope="file", in_build=True, editorial=False, types=None):
    """Decorator: register a rule ``function(source(s), context) -> findings``.

    ``types`` (corpus rules): the names of the content types whose files the rule
    looks at; it is then given those files only.
    """
    if scope not in ("file", "corpus"):
        raise ValueError(f"unknown rule scope {scope!r}")

    def decorate(function):
        # Replace, not add, when a module is imported again (importlib.reload).
        key = (function.__module__, function.__qualname__)
        RULES[:] = [r for r in RULES
                    if (r.function.__module__, r.function.__qualname__) != key]
        RULES.append(Rule(tuple(codes), scope, function, in_build, editorial,
                          None if types is None else tuple(types)))
        return function

    return decorate


def is_warning(code):
    """Codes starting with W- are warnings; all others are errors."""
    return code.startswith("W-")



# Where a code is reported, for the handbook's grouping.
CHECKED = "check"  # `make check`, the pre-commit hook and every build
BUILD = "build"  # only while building (`make html`, `make serve`, `make publish`)
PUBLISH = "publish"  # the publishing gate of `make publish`, in the built site


@dataclass(frozen=True)
class CodeDescription:
    code: str
    meaning: str  # Vietnamese, one line: what is wrong
    fix: str  # Vietnamese, one line: what the editor (or whoever publishes) does
    where: str  # CHECKED, BUILD or PUBLISH


CODES = {}


def describe(code, meaning, fix, where=CHECKED):
    """Describe a code for the handbook; ``where`` says which step reports it."""
    if where not in (CHECKED, BUILD, PUBLISH):
        raise ValueError(f"unknown place {where!r} for {code}")
    CODES[code] = CodeDescription(code, meaning, fix, where)


def rule_codes():
    """Every code of a registered rule (import the rule modules first)."""
    return {code for registered in RULES for code in registered.codes}


# The descriptions of every code, as data (after describe() exists: codes.py uses it).
from . import codes  # noqa: E402,F401
