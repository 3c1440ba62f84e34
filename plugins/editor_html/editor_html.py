"""Editor HTML made safe where it is made, and escaping for everything else.

Templates run with Jinja autoescape on (``JINJA_ENVIRONMENT`` in pelicanconf.py);
only sanitised content and summaries are marked ``|safe``.

Filters: ``plain_text`` (HTML to plain text, then autoescaped; replaces ``striptags``).
Signals: ``generator_init`` (filters).
Settings: none.
Templates: every template uses ``plain_text`` where it needs text from HTML.
"""

from pelican import signals

from .escaping import plain_text


def add_filters(generator):
    """Make ``plain_text`` available to every template."""
    generator.env.filters["plain_text"] = plain_text


def register():
    signals.generator_init.connect(add_filters)
