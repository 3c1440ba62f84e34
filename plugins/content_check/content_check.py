"""The content checker, run inside every build so `make html` obeys the same rules.

Adds no pages. Library modules (one per concern, see registry.py for how to add
rules): encoding (E-UTF8, E-NFC), metadata (fields, dates, categories), urls
(E-URL-COLLISION), links (missing images, PDFs, internal links), markup
(E-RAW-HTML), privacy (E-QA-CONTACT), images (size and pixels), controls
(E-CONTROL-CHAR), nesting (E-NESTING), templates (E-TEMPLATE). ``cli.py`` is the
command-line entry used by ``invoke check`` and the pre-commit hook; ``cache.py``
is what they remember of each file between runs (cache/check/), so that checking
a few named files does not parse the whole folder. The build never uses it.

Signals: ``initialized`` (defaults for the CHECK_* settings), ``readers_init``
(reading.py: a file that is not UTF-8, holds control characters, nests too deep or
names a template of another type is refused while Pelican reads it, before it can
crash a later step), ``all_generators_finalized`` (check the content folder;
every error is logged with source_errors.report, so the build fails and output/
stays as it was; warnings are counted in one warning line). Rules that another
plugin already enforces during the build (E-DATE in vn_dates, categories and
collisions in content_rules, E-QA-CONTACT in qa) or that reading.py enforces are
skipped there.
Settings: ``CHECK_MAX_IMAGE_BYTES``, ``CHECK_MAX_IMAGE_WIDTH``,
``CHECK_MAX_IMAGE_HEIGHT``, ``CHECK_MAX_NESTING``, ``CHECK_TEMPLATES``,
``CHECK_IN_BUILD`` (default True), ``CHECK_EDITORIAL`` (default False: the editors'
rules too, and each warning; set by `invoke build` and `invoke publish`, which run
the checker only here). Templates: none.
"""

import logging

from pelican import signals
from source_errors import report

from . import runner
from .reading import check_while_reading

logger = logging.getLogger(__name__)


def apply_defaults(pelican):
    """Set the CHECK_* defaults once."""
    for name, value in runner.DEFAULTS.items():
        pelican.settings.setdefault(name, value)
    pelican.settings.setdefault("CHECK_IN_BUILD", True)


def check_content(generators):
    """Run the checker's rules over the content folder being built."""
    if not generators:
        return
    settings = generators[0].settings
    if not settings.get("CHECK_IN_BUILD", True):
        return
    editorial = settings.get("CHECK_EDITORIAL", False)
    result = runner.run(settings, in_build=True, editorial=editorial)
    for problem in result.errors:
        report(problem)
    if editorial:
        # `make html` and `make publish` run the checker only here: say each one,
        # as `invoke check` does.
        for problem in result.warnings:
            logger.warning("%s", problem)
    elif result.warnings:
        # One line, not one per file: a large archive may lack many summaries.
        logger.warning("content_check: %d cảnh báo; chạy 'make check' để xem",
                       len(result.warnings))


def register():
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(check_while_reading)
    signals.all_generators_finalized.connect(check_content)
