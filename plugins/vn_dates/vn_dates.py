"""Vietnamese dates: dd/mm/yyyy in front matter, dd/mm/yyyy on pages.

Signals: ``readers_init`` (swap in a Markdown reader that reads ``Date:`` and
``Modified:`` with :func:`parse_editor_date`), ``generator_init`` (add the Jinja
filters ``vn_date`` and ``vn_weekday_date``).
Settings: none. A date that cannot be read fails the build, naming file and line.
"""

from pelican import signals
from pelican.readers import MarkdownReader
from source_errors import ContentError, metadata_line

from .formatting import FILTERS
from .parsing import DateFormatError, parse_editor_date

DATE_FIELDS = ("date", "modified")


class VietnameseMarkdownReader(MarkdownReader):
    """Markdown reader whose dates mean what a Vietnamese editor meant."""

    def process_metadata(self, name, value):
        if name not in DATE_FIELDS:
            return super().process_metadata(name, value)
        try:
            return parse_editor_date(value)
        except DateFormatError as error:
            path = self._source_path
            raise ContentError(
                "E-DATE", path, metadata_line(path, name), str(error)
            ) from None


def use_vietnamese_reader(readers):
    """Read every Markdown extension with :class:`VietnameseMarkdownReader`."""
    for extension in VietnameseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = VietnameseMarkdownReader


def add_filters(generator):
    """Make the date filters available to every template."""
    generator.env.filters.update(FILTERS)


def register():
    signals.readers_init.connect(use_vietnamese_reader)
    signals.generator_init.connect(add_filters)
