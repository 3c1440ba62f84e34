"""Compute each content's ``url`` and ``save_as`` once, when the context is final.

Pelican computes ``content.url`` and ``content.save_as`` again on every access: a copy
of the metadata, two ``abspath``/``relpath`` calls and a ``str.format`` with
Pelican's slow ``strftime`` for ``{date:%Y}``. Templates, feeds, the sitemap and
"Các tin khác" read them about 30 times per article (30,000 computations, 8 % of
a cold build's time at 1,000 articles).

At ``all_generators_finalized`` every generator's context is built: slug, date,
category, author, language and status are final (our content types set theirs in
``generate_context``), and no receiver of that signal or later changes them; only
the formatted fields (``summary``) are refreshed, and the pages are written. So
each content's two values are computed then and kept as its ``override_url`` and
``override_save_as``, which Pelican's own ``get_url_setting`` returns first (an
item that already has one, from its metadata, keeps it). This plugin is first in
``PLUGINS``, so its receiver runs before the others of that signal (blinker calls
receivers in connection order), which read those addresses: the output guard
(which sets ``override_save_as = ""`` on an item it refuses), the checker's
collision rule, the archives. A content whose URL setting names a formatted field
is not frozen (Pelican rewrites those fields after this signal).
Static files are never frozen: reading their ``url`` marks them as referenced.

``tests/test_frozen_urls.py`` builds the sample site and checks every kept value
against a fresh computation after the pages are written.

Signals: ``all_generators_finalized``. Settings: none.
"""

import string

from output_guard.output_guard import generator_contents
from pelican import signals
from pelican.contents import Static

KEYS = ("url", "save_as")


def names_formatted_field(item):
    """True when one of the item's URL settings uses a field Pelican rewrites later."""
    formatted = {field.lower() for field in item.settings["FORMATTED_FIELDS"]}
    klass = type(item).__name__.upper()
    for setting, pattern in item.settings.items():
        if not (setting.startswith(f"{klass}_") or setting.startswith("DRAFT_")):
            continue
        if not isinstance(pattern, str) or not setting.endswith(("_URL", "_SAVE_AS")):
            continue
        for _, field, _, _ in string.Formatter().parse(pattern):
            if field and field.split(".")[0].split("[")[0].lower() in formatted:
                return True
    return False


def freeze(generators):
    checked = {}
    for item in generator_contents(generators):
        if isinstance(item, Static):
            continue
        klass = type(item)
        if klass not in checked:
            checked[klass] = not names_formatted_field(item)
        if not checked[klass]:
            continue
        for key in KEYS:
            override = f"override_{key}"
            if override not in vars(item):
                setattr(item, override, getattr(item, key))


def register():
    signals.all_generators_finalized.connect(freeze)
