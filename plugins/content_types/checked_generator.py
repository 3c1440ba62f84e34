"""A generator for the content types whose fields the checker parses.

Documents, science tasks and calls read each file's front matter with the same
function the checker's rules run (``documents.fields.read_fields``,
``science_tasks.fields.read_task_fields``, ...), so a problem is reported once, by
the rule, with its line, and the generator only drops the file. This base class
holds what those generators share: a read error reported rather than raised,
:meth:`CheckedGenerator.checked_fields` (None when the rules find fault),
:meth:`CheckedGenerator.copy_files` (attachments beside the page, claimed with the
output guard) and :func:`default_summary`.

Signals: those of ``ContentTypeGenerator``. Settings: those of
``ContentTypeGenerator``, and the output guard's through ``owners.copy_file``.
Templates: none (the subclasses write their pages).
"""

from pathlib import Path

from markupsafe import Markup
from output_guard import owners
from source_errors import ContentError, report
from sources import load as load_source

from .generator import ContentTypeGenerator


class CheckedGenerator(ContentTypeGenerator):
    """Read a type's files, parse their fields with the checker's reader, copy files."""

    def read_source(self, path):
        try:
            return super().read_source(path)
        except ContentError as error:
            report(error)
            return None

    def checked_fields(self, content, reader):
        """``reader``'s fields of ``content``, or None when it found an error (a
        warning, W-*, does not drop the file)."""
        source = load_source(Path(content.source_path), self.path, self.content_type)
        fields, findings = reader(source, self.settings, self.path)
        if [f for f in findings if not f.code.startswith("W-")]:
            return None  # the type's file rule reports them in this build
        return fields

    def copy_files(self, content, files):
        """Copy PublishedFiles beside ``content``'s page, owned by its source."""
        owner = owners.Owner("File", content.source_path)
        for item in files:
            owners.copy_file(self.settings, item.url, item.source, owner,
                             output_path=self.output_path)


def default_summary(content, text):
    """Listings, feeds and search show ``text`` when the editor wrote no Summary:."""
    if "summary" not in content.metadata:
        content.metadata["summary"] = f"<p>{Markup.escape(text)}</p>"
        content._summary = content.metadata["summary"]
