"""Citizens' voice: questions, comments on drafts for comment, satisfaction ratings.

The site stays static; the one part that receives data is a small service behind
nginx (service.py, run by ``invoke feedback-serve``) storing into SQLite or
PostgreSQL (store.py). Modules, one job each:

- fields.py: what each form may send and the checks on every value;
- tokens.py: signed form tokens (minimum time, one submission per token);
- ratelimit.py: submissions per client in the service;
- site_data.py: the Q&A fields and drafts' closing moments, read from the built site;
- store.py: the data layer (SQLAlchemy Core), contacts kept apart;
- service.py: the Starlette application; settings.py: the FEEDBACK_* settings;
- inbox.py, answer.py, export.py: the editors' commands (``invoke inbox ...``);
- nginx.py: the nginx ``location`` for the service (``invoke nginx-conf
  --feedback-upstream``);
- site.py: the Pelican generator writing the forms' pages and the data file.

As a Pelican plugin: ``initialized`` (FEEDBACK_* defaults), ``get_generators``.
Templates: feedback_rating.html, feedback_results.html, feedback_thanks.html,
feedback_notice.html, partials/feedback_question_form.html,
partials/feedback_comment_form.html.
"""

from pelican import signals


def _defaults(pelican):
    from .settings import apply_defaults

    apply_defaults(pelican.settings)


def _generators(pelican):
    from .site import FeedbackPagesGenerator

    return [FeedbackPagesGenerator]


def register():
    signals.initialized.connect(_defaults)
    signals.get_generators.connect(_generators)
